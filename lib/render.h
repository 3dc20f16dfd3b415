/*
 * render.h - one set of output functions per style, as OpenBSD bgpctl's
 * output table: the command picks the style once (lt_render_init) and
 * calls o->ops->trend(o, result), never asking which style is on.
 *
 * Each function writes one analysis result (see analysis.h and goal.h)
 * to o->fp and returns 0, or -1 on a write error.  Three sets:
 *
 *   text and Markdown: for people, through output.h's tables (rounded
 *	numbers, local times, progress bars, p-values beside verdicts);
 *   TSV and CSV: for pipes, full-precision numbers and ISO 8601 UTC times,
 *	nothing for eyes alone (a result that has no table of its own for
 *	pipes is written as for people, in TSV or CSV cells);
 *   JSON: the class's keys (SPEC.md's appendix), see render_json.h.
 *
 * Adding a result: a member here, a function in each of render_text.c,
 * render_pipe.c and render_json.c.  Adding a field to a result: the
 * struct, and the line of each style that shows it.
 */
#ifndef LT_RENDER_H
#define LT_RENDER_H

#include "converge.h"
#include "curve.h"
#include "forecast_task.h"
#include "goal.h"
#include "groups.h"
#include "metrics.h"
#include "output.h"
#include "report.h"
#include "trend.h"

struct lt_output_ops {
	int	(*trend)(const struct lt_out *, const struct lt_trends *);
	int	(*curve)(const struct lt_out *, const struct lt_curve *);
	int	(*converge)(const struct lt_out *, const struct lt_conv *);
	int	(*report)(const struct lt_out *, const struct lt_report *);
	int	(*metrics)(const struct lt_out *, const struct lt_metrics *);
	/* Goals: a list, one goal, the class's summary. */
	int	(*goals)(const struct lt_out *, const struct lt_goal_list *);
	int	(*goal)(const struct lt_out *, const struct lt_goal *);
	int	(*goal_summary)(const struct lt_out *,
		    const struct lt_goal_summary *);
	/* lt compare: the groups compared (g->cmp set), or their curves. */
	int	(*compare)(const struct lt_out *, const struct lt_groups *);
	int	(*compare_curves)(const struct lt_out *,
		    const struct lt_groups *);
	int	(*forecast)(const struct lt_out *,
		    const struct lt_forecast_task *);
};

/* lt_out_init, with o->ops the functions of style. */
void	lt_render_init(struct lt_out *o, FILE *fp, enum lt_style style);

/* The sets, for lt_render_init. */
extern const struct lt_output_ops lt_render_text;	/* text, Markdown */
extern const struct lt_output_ops lt_render_pipe;	/* TSV, CSV */
extern const struct lt_output_ops lt_render_json;

#endif
