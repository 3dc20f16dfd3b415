/*
 * trend.c - lt trend: the least-squares trend of each task over its last
 * events, or, with --check, whether it improves, declines, is flat or has
 * reached a plateau, in the exit status.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "num.h"

static int	cmd_trend(int, char **);

/* The values of the options. */
struct args {
	struct lt_select s;
	long		 window;
	int		 check;		/* CHECKS's index, or -1 */
	long		 patience;
	double		 min_delta, rel_delta;	/* NaN when not given */
	int		 quiet;
};

#define CHECKS	"improving|declining|flat|plateau"
#define OFF(f)	offsetof(struct args, f)

static const struct lt_opt opts[] = {
	{ .name = "window", .letter = 'w', .arg = "N",
	  .help = "the last N points of each task (default 50; 0: all)",
	  .kind = LT_OPT_COUNT, .off = OFF(window) },
	{ .name = "check", .arg = CHECKS,
	  .help = "exit 0 if the one TASK's trend is that, 1 if not",
	  .kind = LT_OPT_CHOICE, .off = OFF(check) },
	{ .name = "patience", .arg = "N",
	  .help = "plateau: points without improvement (default 10)",
	  .kind = LT_OPT_COUNT, .off = OFF(patience),
	  .flags = LT_OPTF_POSITIVE },
	{ .name = "min-delta", .arg = "D",
	  .help = "plateau: an improvement beats the best by more than D",
	  .kind = LT_OPT_NUMBER, .off = OFF(min_delta),
	  .flags = LT_OPTF_NONNEG, .excl = 2 },
	{ .name = "rel-delta", .arg = "R",
	  .help = "plateau: ... passes best * (1 + R) (min: 1 - R)",
	  .kind = LT_OPT_NUMBER, .off = OFF(rel_delta),
	  .flags = LT_OPTF_NONNEG, .excl = 2 },
	{ .name = "quiet", .letter = 'q',
	  .help = "with --check: print nothing, answer in the exit status",
	  .kind = LT_OPT_FLAG, .off = OFF(quiet) },
	{ .name = NULL }
};

static const struct lt_form forms[] = {
	{ .words = "[TASK ...] @" },
	{ .words = "TASK --check [--patience] [--min-delta | --rel-delta] "
	  "[--mode] [--quiet]" },
	{ .words = NULL }
};

const struct lt_cmd lt_cmd_trend = {
	.name = "trend",
	.summary = "is learning improving, by task",
	.forms = forms,
	.opts = opts,
	.select = LT_SEL_READ | LT_SEL_SERIES | LT_SEL_JSON | LT_SEL_TABLE |
	    LT_SEL_COLOR | LT_SEL_MODE,
	.operands = LT_ARGS_TASK,
	.run = cmd_trend,
};

/* Whether what --check asks (CHECKS's index) holds for the task. */
static int
holds(int check, const struct lt_trend_task *t)
{
	static const char *const dirs[] = { "improving", "declining",
	    "flat" };

	if (check == 3)
		return t->plateau;
	return strcmp(lt_trend_direction(&t->trend), dirs[check]) == 0;
}

static int
cmd_trend(int argc, char **argv)
{
	struct args a = { .window = 50, .check = -1, .patience = 10,
	    .min_delta = NAN, .rel_delta = NAN };
	struct lt_trend_opts to = { .kind = LT_PLATEAU_ABS };
	struct lt_error err;
	struct lt_out o;
	struct lt_trends *res;
	int status;

	lt_select_init(&a.s);
	if ((status = lt_opts_parse(&lt_cmd_trend, &argc, &argv, &a,
	    &a.s)) != LT_PARSED)
		goto out;
	status = LT_TROUBLE;
	if (lt_select_finish(&a.s, argc, argv, 1))
		goto out;
	if (a.check >= 0 && a.s.tasks.n != 1) {
		lt_usage("--check takes exactly one TASK");
		goto out;
	}
	if (a.quiet && a.check < 0) {
		lt_usage("--quiet goes with --check");
		goto out;
	}
	to.window = a.window;
	to.patience = (size_t)a.patience;
	to.plateau = a.check == 3;
	if (!isnan(a.rel_delta)) {
		to.kind = LT_PLATEAU_REL;
		to.delta = a.rel_delta;
	} else if (!isnan(a.min_delta))
		to.delta = a.min_delta;
	res = lt_analysis_trend(&a.s.sel, &to, &err);
	lt_warn_skipped(a.s.sel.skipped);
	if (res == NULL) {
		lt_warn_error(&err);
		lt_select_suggest(&a.s);
		goto out;
	}
	lt_select_out(&a.s, &o);
	/* A check that does not hold says why, as lt goal check does. */
	if (a.check >= 0 && holds(a.check, &res->v[0]))
		status = LT_OK;
	else if (a.check >= 0 && a.quiet)
		status = LT_FALSE;
	else if (o.ops->trend(&o, res) != 0)
		status = LT_TROUBLE;
	else
		status = a.check >= 0 ? LT_FALSE : LT_OK;
	lt_trends_free(res);
out:
	lt_select_release(&a.s);
	return status;
}
