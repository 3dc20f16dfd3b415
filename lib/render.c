/*
 * render.c - the output table: which set of functions writes each style.
 */
#include "render.h"

static const struct lt_output_ops *const by_style[] = {
	[LT_STYLE_TEXT] = &lt_render_text,
	[LT_STYLE_TSV] = &lt_render_pipe,
	[LT_STYLE_CSV] = &lt_render_pipe,
	[LT_STYLE_MARKDOWN] = &lt_render_text,
	[LT_STYLE_JSON] = &lt_render_json,
};

void
lt_render_init(struct lt_out *o, FILE *fp, enum lt_style style)
{
	lt_out_init(o, fp, style);
	o->ops = by_style[style];
}
