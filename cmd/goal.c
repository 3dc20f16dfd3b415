/*
 * goal.c - lt goal: add, update and remove goals in the goals log, and
 * show their progress, their summary, and whether they are reached.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "event.h"
#include "goal.h"
#include "num.h"
#include "sniff.h"

static int	cmd_goal(int, char **);

struct args {
	struct lt_select s;
	double		 target, baseline;	/* NaN when not given */
	const char	*desc;
	int		 dir;		/* enum lt_goal_dir */
	const char	*metric;
	int		 replace;
	const char	*time;
	int		 active, completed;
	int		 nosync;
	int		 quiet;
};

#define OFF(f)	offsetof(struct args, f)

static const struct lt_opt opts[] = {
	{ .name = "target", .arg = "X", .help = "the value to reach",
	  .kind = LT_OPT_NUMBER, .off = OFF(target) },
	{ .name = "desc", .arg = "TEXT", .help = "what the goal is",
	  .kind = LT_OPT_STRING, .off = OFF(desc) },
	{ .name = "direction", .arg = "max|min",
	  .help = "rise to the target (max, the default) or fall to it",
	  .kind = LT_OPT_CHOICE, .off = OFF(dir) },
	{ .name = "baseline", .arg = "B",
	  .help = "where progress starts (default: 0 for max,\n"
	  "the first value for min)",
	  .kind = LT_OPT_NUMBER, .off = OFF(baseline) },
	{ .name = "metric", .arg = "FIELD",
	  .help = "with --task: follow FIELD (an event field or a\n"
	  "metadata key) of the task's latest event in the log",
	  .kind = LT_OPT_STRING, .off = OFF(metric) },
	{ .name = "replace", .help = "replace a goal of the same ID",
	  .kind = LT_OPT_FLAG, .off = OFF(replace) },
	{ .name = "time", .arg = "T",
	  .help = "when, Unix seconds or ISO 8601 (default: now)",
	  .kind = LT_OPT_STRING, .off = OFF(time) },
	{ .name = "active", .help = "only the goals not completed",
	  .kind = LT_OPT_FLAG, .off = OFF(active), .excl = 2 },
	{ .name = "completed", .help = "only the completed goals",
	  .kind = LT_OPT_FLAG, .off = OFF(completed), .excl = 2 },
	{ .name = "no-sync", .help = "do not fdatasync the goals log",
	  .kind = LT_OPT_FLAG, .off = OFF(nosync) },
	{ .name = "quiet", .letter = 'q',
	  .help = "print nothing; answer in the exit status",
	  .kind = LT_OPT_FLAG, .off = OFF(quiet) },
	{ .name = NULL }
};

/* What a command writing the goals log takes besides its own. */
#define WRITE	"[--file ...] [--goals] [--no-sync]"

static const struct lt_form forms[] = {
	{ .sub = "add", .min = 1, .max = 1, .words = "ID --target [--desc] "
	  "[--direction] [--baseline] [--task --metric] [--replace] [--time] "
	  WRITE },
	{ .sub = "update", .min = 2, .max = 2, .words = "ID VALUE [--time] "
	  WRITE },
	{ .sub = "list", .min = 0, .max = 0,
	  .words = "[--active | --completed] @" },
	{ .sub = "show", .min = 1, .max = 1, .words = "ID [--file ...] "
	  "[--goals] [--since] [--until] [--strict] [--json] [--color]" },
	{ .sub = "summary", .min = 0, .max = 0, .words = "@" },
	{ .sub = "check", .min = 0, .max = -1,
	  .words = "[--quiet] @ [ID ...]" },
	{ .sub = "rm", .min = 1, .max = 1, .words = "ID [--time] " WRITE },
	{ .words = NULL }
};

const struct lt_cmd lt_cmd_goal = {
	.name = "goal",
	.summary = "set goals and follow their progress",
	.forms = forms,
	.opts = opts,
	.select = LT_SEL_READ | LT_SEL_GOALS | LT_SEL_JSON | LT_SEL_TABLE |
	    LT_SEL_COLOR,
	.operands = LT_ARGS_GOAL,
	.run = cmd_goal,
};

/* The goals log of the selection. */
static char *
goals_path(const struct args *a)
{
	return lt_goals_file(a->s.goals, a->s.files.v[0]);
}

/* The goals, linked ones following the selection's logs in its span. */
static struct lt_goals *
load(const struct args *a, const char *path)
{
	struct lt_goals *g;
	struct lt_error err;
	double now;

	if (lt_output_now(&now) != 0)
		return NULL;
	if ((g = lt_goals_load_span(path, a->s.files.v, a->s.files.n,
	    a->s.sel.since, a->s.sel.until, now, &a->s.sel.ropts,
	    &err)) == NULL)
		lt_warn_error(&err);
	else
		lt_warn_skipped(lt_goals_skipped(g));
	return g;
}

/* Whether goal is among names[0..n), or n is 0. */
static int
named(const struct lt_goal *goal, int n, char **names)
{
	int j;

	for (j = 0; j < n; j++)
		if (strcmp(names[j], goal->id) == 0)
			return 1;
	return n == 0;
}

/* Whether goal follows one of the selected tasks, or none is selected. */
static int
of_tasks(const struct lt_goal *goal, const struct lt_select *s)
{
	size_t i;

	for (i = 0; i < s->tasks.n; i++)
		if (goal->task != NULL && strcmp(goal->task, s->tasks.v[i]) == 0)
			return 1;
	return s->tasks.n == 0;
}

/*
 * Every task of the selection is followed by some goal: a mistyped task
 * would otherwise give no goals, which check takes for all completed.
 * Says which is not, and the nearest that is; returns 0 or -1.
 */
static int
tasks_followed(const struct lt_goals *g, const struct lt_select *s)
{
	struct lt_goal_list all = lt_goals_list(g);
	const char **tasks = lt_xcalloc(all.n + 1, sizeof(*tasks));
	char hint[256];
	size_t i, j, n = 0;
	int rc = 0;

	for (i = 0; i < all.n; i++)
		if (all.v[i]->task != NULL)
			tasks[n++] = all.v[i]->task;
	for (j = 0; j < s->tasks.n && rc == 0; j++) {
		for (i = 0; i < n; i++)
			if (strcmp(tasks[i], s->tasks.v[j]) == 0)
				break;
		if (i < n)
			continue;
		lt_suggest(s->tasks.v[j], tasks, n, "\"", hint, sizeof(hint));
		lt_warnx("no goal follows task \"%s\"%s", s->tasks.v[j], hint);
		rc = -1;
	}
	free(tasks);
	return rc;
}

/* The goals of the selection's tasks named in names[0..n) (n 0: all),
 * and of which: 0 all, 'a' active, 'c' completed.  Free l.v. */
static struct lt_goal_list
pick(const struct lt_goals *g, const struct lt_select *s, int which, int n,
    char **names)
{
	struct lt_goal_list all = lt_goals_list(g), l = { NULL, 0 };
	const struct lt_goal **v = lt_xcalloc(all.n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < all.n; i++)
		if (!(which == 'a' && all.v[i]->completed) &&
		    !(which == 'c' && !all.v[i]->completed) &&
		    named(all.v[i], n, names) && of_tasks(all.v[i], s))
			v[l.n++] = all.v[i];
	l.v = v;
	return l;
}

static int
list(const struct lt_out *out, const struct lt_goals *g,
    const struct args *a)
{
	struct lt_goal_list l = pick(g, &a->s, a->active ? 'a' :
	    a->completed ? 'c' : 0, 0, NULL);
	int rc = out->ops->goals(out, &l);

	free((void *)l.v);
	return rc == 0 ? LT_OK : LT_TROUBLE;
}

static int
summary(const struct lt_out *out, const struct lt_goals *g,
    const struct args *a)
{
	struct lt_goal_list l = pick(g, &a->s, 0, 0, NULL);
	struct lt_goal_summary sum;
	int rc;

	lt_goal_list_summary(l, &sum);
	rc = out->ops->goal_summary(out, &sum);
	free((void *)l.v);
	return rc == 0 ? LT_OK : LT_TROUBLE;
}

/* Exit 0 when every named goal (default: all of the selection) is
 * completed, else list the open ones (unless quiet) and exit 1. */
static int
check(const struct lt_out *out, const struct lt_goals *g,
    const struct args *a, int argc, char **argv)
{
	struct lt_goal_list l;
	int j, rc = LT_OK;

	for (j = 0; j < argc; j++)
		if (lt_goals_find(g, argv[j]) == NULL) {
			lt_warnx("no goal \"%s\"", argv[j]);
			return LT_TROUBLE;
		}
	l = pick(g, &a->s, 'a', argc, argv);
	if (l.n > 0 && !a->quiet)
		rc = out->ops->goals(out, &l) == 0 ? LT_FALSE : LT_TROUBLE;
	else if (l.n > 0)
		rc = LT_FALSE;
	free((void *)l.v);
	return rc;
}

/*
 * A goals log that does not exist holds no goals; but `check` needs one,
 * and so does every reading subcommand when the log is missing too (the
 * name given was wrong).
 */
static int
goals_exist(const char *sub, const char *path, const struct args *a)
{
	struct stat st;
	size_t i;

	if (stat(path, &st) == 0)
		return 0;
	if (a->s.goals != NULL || strcmp(sub, "check") == 0) {
		lt_warnx("%s: cannot open the goals log: %s", path,
		    strerror(errno));
		return -1;
	}
	for (i = 0; i < a->s.files.n; i++)
		if (strcmp(a->s.files.v[i], "-") == 0 ||
		    stat(a->s.files.v[i], &st) == 0)
			return 0;
	lt_warnx("%s: cannot open the goals log, nor the log %s: %s", path,
	    a->s.files.v[0], strerror(errno));
	return -1;
}

/* list, show, summary, check. */
static int
report(const char *sub, const struct args *a, const char *path, int argc,
    char **argv)
{
	const struct lt_goal *goal;
	struct lt_goals *g;
	struct lt_out out;
	int rc;

	if (goals_exist(sub, path, a) != 0 || (g = load(a, path)) == NULL)
		return LT_TROUBLE;
	if (tasks_followed(g, &a->s) != 0) {
		lt_goals_free(g);
		return LT_TROUBLE;
	}
	lt_select_out(&a->s, &out);
	if (strcmp(sub, "list") == 0)
		rc = list(&out, g, a);
	else if (strcmp(sub, "summary") == 0)
		rc = summary(&out, g, a);
	else if (strcmp(sub, "check") == 0)
		rc = check(&out, g, a, argc, argv);
	else if ((goal = lt_goals_find(g, argv[0])) == NULL) {
		lt_warnx("no goal \"%s\"", argv[0]);
		rc = LT_TROUBLE;
	} else if (lt_output_now(&out.now) != 0)
		rc = LT_TROUBLE;
	else
		rc = out.ops->goal(&out, goal) ? LT_TROUBLE : LT_OK;
	lt_goals_free(g);
	return rc;
}

/* add, update, rm. */
static int
write_goal(const char *sub, const struct args *a, const char *path,
    char **argv)
{
	struct lt_goal_spec spec = { .id = argv[0], .description = a->desc,
	    .dir = (enum lt_goal_dir)a->dir, .target = a->target,
	    .baseline = a->baseline, .metric = a->metric, .time = NAN };
	struct lt_error err;
	double value;
	int rc;

	if (a->time != NULL && lt_time_parse(a->time, strlen(a->time),
	    &spec.time, &err) != 0) {
		lt_warn_error(&err);
		return LT_TROUBLE;
	}
	if (strcmp(sub, "add") == 0) {
		if (isnan(a->target))
			return lt_usage("add needs --target");
		if (a->s.tasks.n > 1)
			return lt_usage("add follows one --task");
		spec.task = a->s.tasks.n > 0 ? a->s.tasks.v[0] : NULL;
		rc = lt_goal_add(path, &spec, a->replace, a->s.files.v,
		    a->s.files.n, a->nosync, &err);
	} else if (strcmp(sub, "update") == 0) {
		if (lt_num_parse(argv[1], strlen(argv[1]), &value) != 0)
			return lt_usage("value \"%s\" is not a finite number",
			    argv[1]);
		rc = lt_goal_update(path, argv[0], value, spec.time,
		    a->nosync, &err);
	} else
		rc = lt_goal_rm(path, argv[0], spec.time, a->nosync, &err);
	if (rc != 0) {
		lt_warn_error(&err);
		return LT_TROUBLE;
	}
	return LT_OK;
}

static int
cmd_goal(int argc, char **argv)
{
	struct args a = { .target = NAN, .baseline = NAN,
	    .dir = LT_GOAL_MAX };
	struct lt_error err;
	const char *sub;
	char *path = NULL;
	int status;

	lt_select_init(&a.s);
	if ((status = lt_opts_parse(&lt_cmd_goal, &argc, &argv, &a,
	    &a.s)) != LT_PARSED)
		goto out;
	sub = argv[0];
	status = LT_TROUBLE;
	/* The operands are goals, never logs, even after a "--". */
	a.s.nfiles = 0;
	if (lt_select_finish(&a.s, 0, NULL, 0))
		goto out;
	/* Goals beside a file that is not an lt log would follow nothing. */
	if (lt_sniff_logs(a.s.files.v, a.s.files.n, &err) != 0) {
		lt_warn_error(&err);
		goto out;
	}
	path = goals_path(&a);
	if (strcmp(sub, "add") == 0 || strcmp(sub, "update") == 0 ||
	    strcmp(sub, "rm") == 0)
		status = write_goal(sub, &a, path, argv + 1);
	else
		status = report(sub, &a, path, argc - 1, argv + 1);
out:
	free(path);
	lt_select_release(&a.s);
	return status;
}
