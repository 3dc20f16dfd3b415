/*
 * curve.c - lt curve: a task's last points as columns for gnuplot, awk or
 * a spreadsheet, with a smoothed column computed over every point.
 */
#include <stddef.h>
#include <stdio.h>

#include "cmd.h"

static int	cmd_curve(int, char **);

struct args {
	struct lt_select s;
	long		 window;
	const char	*smooth;
};

#define OFF(f)	offsetof(struct args, f)

static const struct lt_opt opts[] = {
	{ .name = "window", .letter = 'w', .arg = "N",
	  .help = "the last N points (default 100; 0: all)",
	  .kind = LT_OPT_COUNT, .off = OFF(window) },
	{ .name = "smooth", .letter = 's', .arg = "SPEC",
	  .help = "add a smoothed column: ema:ALPHA (or a bare ALPHA),\n"
	  "sma:N or median:N",
	  .kind = LT_OPT_STRING, .off = OFF(smooth) },
	{ .name = NULL }
};

static const struct lt_form forms[] = {
	{ .words = "TASK @" },
	{ .words = NULL }
};

const struct lt_cmd lt_cmd_curve = {
	.name = "curve",
	.summary = "a task's learning curve, smoothed",
	.forms = forms,
	.opts = opts,
	.select = LT_SEL_READ | LT_SEL_SERIES | LT_SEL_JSON | LT_SEL_TABLE |
	    LT_SEL_MODE,
	.operands = LT_ARGS_TASK,
	.run = cmd_curve,
};

static int
cmd_curve(int argc, char **argv)
{
	struct args a = { .window = 100 };
	struct lt_smoother sm, *smp = NULL;
	struct lt_error err;
	struct lt_out o;
	struct lt_curve *res;
	int status;

	lt_select_init(&a.s);
	a.s.sel.x = LT_X_TIME;
	if ((status = lt_opts_parse(&lt_cmd_curve, &argc, &argv, &a,
	    &a.s)) != LT_PARSED)
		goto out;
	status = LT_TROUBLE;
	if (lt_select_finish(&a.s, argc, argv, 1))
		goto out;
	if (a.s.tasks.n != 1) {
		lt_usage("curve takes exactly one TASK");
		goto out;
	}
	if (a.smooth != NULL) {
		if (lt_smoother_init(&sm, a.smooth, &err) != 0) {
			lt_usage("--smooth: %s", err.msg);
			goto out;
		}
		smp = &sm;
	}
	res = lt_analysis_curve(&a.s.sel, a.window, smp, &err);
	lt_warn_skipped(a.s.sel.skipped);
	if (res == NULL) {
		lt_warn_error(&err);
		lt_select_suggest(&a.s);
		goto out;
	}
	lt_select_out(&a.s, &o);
	status = o.ops->curve(&o, res) ? LT_TROUBLE : LT_OK;
	lt_curve_free(res);
out:
	if (smp)
		lt_smoother_release(smp);
	lt_select_release(&a.s);
	return status;
}
