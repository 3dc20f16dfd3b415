/*
 * compare.c - lt compare: is one group of runs better than another, or is
 * it noise?  Or, with --curves, each group's mean curve across its runs.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "groups.h"
#include "num.h"
#include "taskinfo.h"

static int	cmd_compare(int, char **);

/* The values of the options; a choice holds its index in .arg, or -1
 * when not given. */
struct args {
	struct lt_select s;
	struct lt_strv	 groups;	/* each --group */
	long		 last;
	int		 summary;	/* enum lt_compare_summary */
	int		 mode;		/* enum lt_stats_mode, or -1 */
	double		 confidence;
	long		 bootstrap;
	long		 seed;
	int		 check;		/* enum lt_compare_check, or -1 */
	int		 quiet;
	int		 curves;
};

#define OFF(f)	offsetof(struct args, f)

static const struct lt_opt opts[] = {
	{ .name = "group", .arg = "NAME=RUN,...",
	  .help = "a group of runs, the first the baseline (repeatable): "
	  "logs or patterns, or with one -f LOG its tasks",
	  .kind = LT_OPT_LIST, .off = OFF(groups) },
	{ .name = "last", .arg = "N",
	  .help = "a run is the mean of its last N scores (default 10)",
	  .kind = LT_OPT_COUNT, .off = OFF(last), .flags = LT_OPTF_POSITIVE },
	{ .name = "summary", .arg = "last|best|mean",
	  .help = "a run's summary: the mean of its last N scores, its "
	  "best, or the mean of all its scores",
	  .kind = LT_OPT_CHOICE, .off = OFF(summary) },
	{ .name = "mode", .arg = "max|min",
	  .help = "higher or lower is better, for every run (default: each "
	  "task's direction)",
	  .kind = LT_OPT_CHOICE, .off = OFF(mode) },
	{ .name = "confidence", .arg = "PCT",
	  .help = "the level of the intervals, in (0, 100) (default 95)",
	  .kind = LT_OPT_NUMBER, .off = OFF(confidence),
	  .flags = LT_OPTF_POSITIVE },
	{ .name = "bootstrap", .arg = "N",
	  .help = "bootstrap resamples (default 10000; 0: none)",
	  .kind = LT_OPT_COUNT, .off = OFF(bootstrap) },
	{ .name = "seed", .arg = "S",
	  .help = "the bootstrap's seed (default 1)",
	  .kind = LT_OPT_COUNT, .off = OFF(seed) },
	{ .name = "check", .arg = "better|worse|different",
	  .help = "exit 0 if every group is that against the baseline, 1 "
	  "if not",
	  .kind = LT_OPT_CHOICE, .off = OFF(check) },
	{ .name = "quiet", .letter = 'q',
	  .help = "with --check: print nothing",
	  .kind = LT_OPT_FLAG, .off = OFF(quiet) },
	{ .name = "curves",
	  .help = "each group's mean curve and its band at each episode",
	  .kind = LT_OPT_FLAG, .off = OFF(curves) },
	{ .name = NULL }
};

static const struct lt_form forms[] = {
	{ .words = "[--group ...] @ [LOG ...]" },
	{ .words = NULL }
};

const struct lt_cmd lt_cmd_compare = {
	.name = "compare",
	.summary = "which run is better, or is it noise",
	.forms = forms,
	.opts = opts,
	.select = LT_SEL_FILES | LT_SEL_TASKS | LT_SEL_STRICT | LT_SEL_JSON |
	    LT_SEL_TABLE | LT_SEL_COLOR,
	.operands = LT_ARGS_FILE,
	.run = cmd_compare,
};

/* The options that do not go together.  Returns LT_OK, or LT_TROUBLE
 * after a usage message. */
static int
check_args(const struct args *a)
{
	if (a->s.tasks.n > 1)
		return lt_usage("--task names one task, the one of each log");
	if (!(a->confidence < 100))
		return lt_usage("--confidence %g is not a percentage in "
		    "(0, 100)", a->confidence);
	if (a->check >= 0 && a->curves)
		return lt_usage("--check answers of summaries, not of "
		    "--curves");
	if (a->quiet && a->check < 0)
		return lt_usage("--quiet goes with --check");
	return LT_OK;
}

/* The groups' and the comparison's options, from a. */
static void
set_opts(const struct args *a, struct lt_groups_opts *go,
    struct lt_compare_opts *co)
{
	go->last = (size_t)a->last;
	go->summary = (enum lt_compare_summary)a->summary;
	go->dir_set = a->mode >= 0;
	go->dir = a->mode >= 0 ? (enum lt_stats_mode)a->mode : LT_STATS_MAX;
	go->curves = a->curves;
	go->level = co->level = a->confidence;
	co->resamples = (size_t)a->bootstrap;
	co->seed = (unsigned long)a->seed;
	go->task = a->s.tasks.n > 0 ? a->s.tasks.v[0] : NULL;
	go->ropts = a->s.sel.ropts;
}

static int
cmd_compare(int argc, char **argv)
{
	struct args a = { .last = LT_GROUPS_LAST, .mode = -1,
	    .confidence = LT_COMPARE_LEVEL, .bootstrap = LT_COMPARE_RESAMPLES,
	    .seed = LT_COMPARE_SEED, .check = -1 };
	struct lt_groups_opts go;
	struct lt_compare_opts co;
	struct lt_groupargs ga;
	struct lt_groups *g = NULL;
	struct lt_error err;
	struct lt_out o;
	size_t i;
	int status, given;

	lt_groups_opts_init(&go);
	lt_compare_opts_init(&co);
	memset(&ga, 0, sizeof(ga));
	lt_select_init(&a.s);
	if ((status = lt_opts_parse(&lt_cmd_compare, &argc, &argv, &a,
	    &a.s)) != LT_PARSED)
		goto out;
	status = LT_TROUBLE;
	/* Operands are logs, with or without a "--". */
	a.s.nfiles = argc;
	given = a.s.files.n > 0 || argc > 0;
	if (lt_select_finish(&a.s, argc, argv, 0))
		goto out;
	if (check_args(&a) != LT_OK)
		goto out;
	for (i = 0; i < a.groups.n; i++)
		if (lt_groupargs_add(&ga, a.groups.v[i]) != LT_OK)
			goto out;
	set_opts(&a, &go, &co);
	if (lt_groupargs_finish(&ga, a.s.files.v, a.s.files.n, given, &go))
		goto out;

	g = lt_groups_new(ga.v, ga.n, &go, &err);
	lt_warn_skipped(go.skipped);
	if (g == NULL) {
		lt_warn_error(&err);
		goto out;
	}
	if (a.check >= 0 && g->n < 2) {
		lt_warnx("--check needs a group to compare with the baseline: "
		    "there is one group");
		goto out;
	}
	lt_select_out(&a.s, &o);
	if (a.curves) {
		status = o.ops->compare_curves(&o, g) ? LT_TROUBLE : LT_OK;
		goto out;
	}
	if (lt_groups_compare(g, &co, &err) != 0) {
		lt_warn_error(&err);
		goto out;
	}
	/* A check that does not hold says why, as lt goal check does. */
	if (a.check >= 0 && lt_compare_holds(g->cmp,
	    (enum lt_compare_check)a.check))
		status = LT_OK;
	else if (a.check >= 0 && a.quiet)
		status = LT_FALSE;
	else if (o.ops->compare(&o, g) != 0)
		status = LT_TROUBLE;
	else
		status = a.check >= 0 ? LT_FALSE : LT_OK;
out:
	lt_groups_free(g);
	lt_groupargs_release(&ga);
	lt_strv_release(&a.groups);
	lt_select_release(&a.s);
	return status;
}
