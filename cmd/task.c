/*
 * task.c - lt task: the tasks of the logs with their direction, score
 * name, events and span (list), and a direction or score name changed
 * after the fact (set), in the tasks file beside the log.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "taskinfo.h"

static int	cmd_task(int, char **);

struct args {
	struct lt_select s;
	int		 mode;		/* enum lt_stats_mode, or -1 */
	const char	*score_name;
	int		 nosync;
};

#define OFF(f)	offsetof(struct args, f)

static const struct lt_opt opts[] = {
	{ .name = "mode", .arg = "max|min",
	  .help = "the task's direction: higher is better (max) or\n"
	  "lower (min)",
	  .kind = LT_OPT_CHOICE, .off = OFF(mode) },
	{ .name = "score-name", .arg = "NAME",
	  .help = "what the task's score is (val_loss, wer, reward)",
	  .kind = LT_OPT_STRING, .off = OFF(score_name) },
	{ .name = "no-sync", .help = "do not fdatasync the tasks file",
	  .kind = LT_OPT_FLAG, .off = OFF(nosync) },
	{ .name = NULL }
};

static const struct lt_form forms[] = {
	{ .sub = "list", .min = 0, .max = -1, .words = "[TASK ...] @" },
	{ .sub = "set", .min = 1, .max = 1, .words = "TASK [--mode] "
	  "[--score-name] [--file] [--no-sync]" },
	{ .words = NULL }
};

const struct lt_cmd lt_cmd_task = {
	.name = "task",
	.summary = "list tasks with their direction; change it",
	.forms = forms,
	.opts = opts,
	.select = LT_SEL_FILES | LT_SEL_TASKS | LT_SEL_TIME | LT_SEL_STRICT |
	    LT_SEL_JSON | LT_SEL_TABLE,
	.operands = LT_ARGS_TASK,
	.run = cmd_task,
};

static int
list(struct args *a)
{
	struct lt_task_list *l;
	struct lt_error err;
	struct lt_out o;
	int status;

	l = lt_analysis_tasks(&a->s.sel, &err);
	lt_warn_skipped(a->s.sel.skipped);
	if (l == NULL) {
		lt_warn_error(&err);
		lt_select_suggest(&a->s);
		return LT_TROUBLE;
	}
	lt_select_out(&a->s, &o);
	status = o.ops->tasks(&o, l) != 0 ? LT_TROUBLE : LT_OK;
	lt_task_list_free(l);
	return status;
}

/* Set what --mode and --score-name say of task, which the log must know
 * (by its events or its tasks file): a mistyped name would otherwise
 * start a task of its own. */
static int
set(struct args *a, const char *task)
{
	const char *log = a->s.files.v[0];
	struct lt_taskinfo ti = { 0 };
	struct lt_task_list *l;
	struct lt_error err;
	size_t changed;
	char *path;

	if (a->mode < 0 && a->score_name == NULL)
		return lt_usage("set needs --mode or --score-name");
	if (a->s.files.n != 1)
		return lt_usage("set writes the tasks file of one log");
	if ((l = lt_analysis_tasks(&a->s.sel, &err)) == NULL) {
		lt_warn_error(&err);
		lt_select_suggest(&a->s);
		return LT_TROUBLE;
	}
	lt_task_list_free(l);
	ti.task = task;
	ti.dir_set = a->mode >= 0;
	ti.dir = a->mode >= 0 ? (enum lt_stats_mode)a->mode : LT_STATS_MAX;
	ti.score_name = a->score_name;
	if (lt_taskinfo_set(log, &ti, 1, NAN, a->nosync, &changed,
	    &err) != 0) {
		lt_warn_error(&err);
		return LT_TROUBLE;
	}
	if (changed > 0) {
		path = lt_taskinfo_path(log);
		lt_warnx("task \"%s\" now has %s%s%s%s%s%s (%s)", task,
		    ti.dir_set ? "direction " : "",
		    ti.dir_set ? lt_stats_mode_name(ti.dir) : "",
		    ti.dir_set && ti.score_name ? " and " : "",
		    ti.score_name ? "score name \"" : "",
		    ti.score_name ? ti.score_name : "",
		    ti.score_name ? "\"" : "", path);
		free(path);
	}
	return LT_OK;
}

static int
cmd_task(int argc, char **argv)
{
	struct args a = { .mode = -1 };
	const char *sub;
	int status;

	lt_select_init(&a.s);
	if ((status = lt_opts_parse(&lt_cmd_task, &argc, &argv, &a,
	    &a.s)) != LT_PARSED)
		goto out;
	sub = argv[0];
	status = LT_TROUBLE;
	if (lt_select_finish(&a.s, argc - 1, argv + 1, 1))
		goto out;
	if (strcmp(sub, "set") == 0)
		status = set(&a, argv[1]);
	else
		status = list(&a);
out:
	lt_select_release(&a.s);
	return status;
}
