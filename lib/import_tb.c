/*
 * import_tb.c - TensorBoard event files, through lib/tfevents.h: the
 * scalars of each step merged into one row, the step's time its latest
 * wall time.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "import.h"
#include "tfevents.h"

struct tb_ctx {
	struct lt_import_run		*run;
	const struct lt_import_opts	*o;
};

static int
on_scalar(void *ctx, const struct lt_tf_scalar *s)
{
	struct tb_ctx *c = ctx;
	struct lt_import_row *row;

	row = lt_import_row(c->run, s->step, 0);
	if (isnan(row->time) || s->wall_time > row->time)
		row->time = s->wall_time;
	/* JSON has no NaN: a NaN (detectron2's bbox/APm) is not a value. */
	if (isfinite(s->value))
		lt_import_set(c->run, row, s->tag, json_real(s->value));
	return 0;
}

static void
on_warn(void *ctx, const char *path, long long offset, const char *msg)
{
	struct tb_ctx *c = ctx;
	struct lt_error e;

	(void)offset;	/* msg names it */
	lt_error_at(&e, path, 0, "%s", msg);
	if (c->o->note != NULL)
		c->o->note(c->o->ctx, &e);
}

int
lt_import_tb(struct lt_import_run *r, const char *path,
    const struct lt_import_opts *o, struct lt_error *err)
{
	struct tb_ctx c = { r, o };
	FILE *fp;
	int ch;

	r->key = NULL;
	if ((fp = fopen(path, "rb")) != NULL) {
		ch = fgetc(fp);
		fclose(fp);
		if (ch == EOF)
			return lt_error_at(err, path, 0, "empty file");
	}
	return lt_tfevents_read(path, o->skip_invalid ? LT_TFEVENTS_SKIP_BAD :
	    0, on_scalar, on_warn, &c, err) == 0 ? 0 : -1;
}
