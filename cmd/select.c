/*
 * select.c - the options the analysis commands share: which logs, which
 * tasks, which span of time, which metric, strictness.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "event.h"
#include "goal.h"

void
lt_select_init(struct lt_select *s)
{
	memset(s, 0, sizeof(*s));
	lt_sel_init(&s->sel);
	s->sel.ropts.warn = lt_warn_line;
}

static void
add(const char ***v, size_t *n, const char *arg)
{
	*v = lt_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = arg;
}

int
lt_select_option(struct lt_select *s, int ch, const char *arg)
{
	struct lt_error err;
	double t;

	switch (ch) {
	case 'f':
		add(&s->paths, &s->npaths, arg);
		return 1;
	case 't':
		add(&s->tasks, &s->ntasks, arg);
		return 1;
	case LT_OPT_SINCE:
	case LT_OPT_UNTIL:
		if (lt_time_parse(arg, strlen(arg), &t, &err) != 0) {
			lt_usage("--%s: %s", ch == LT_OPT_SINCE ? "since" :
			    "until", err.msg);
			return -1;
		}
		if (ch == LT_OPT_SINCE)
			s->sel.since = t;
		else
			s->sel.until = t;
		return 1;
	case LT_OPT_JSON:
		s->json = 1;
		return 1;
	case LT_OPT_TSV:
		s->tsv = 1;
		return 1;
	case LT_OPT_CSV:
		s->csv = 1;
		return 1;
	case LT_OPT_MARKDOWN:
		s->markdown = 1;
		return 1;
	case LT_OPT_GOALS:
		s->goals = arg;
		return 1;
	case LT_OPT_STRICT:
		s->sel.ropts.flags |= LT_READ_STRICT;
		return 1;
	case LT_OPT_METRIC:
		if (lt_metric_check(arg, &err) != 0) {
			lt_usage("%s", err.msg);
			return -1;
		}
		s->sel.metric = arg;
		return 1;
	case LT_OPT_X:
		if (lt_xaxis_parse(arg, &s->sel.x, &err) != 0) {
			lt_usage("%s", err.msg);
			return -1;
		}
		return 1;
	default:
		return 0;
	}
}

int
lt_select_finish(struct lt_select *s, int nfiles, int argc, char **argv,
    int tasks_ok)
{
	int i;

	for (i = argc - nfiles; i < argc; i++)
		add(&s->paths, &s->npaths, argv[i]);
	argc -= nfiles;
	if (argc > 0 && !tasks_ok)
		return lt_usage("unexpected argument \"%s\"", argv[0]);
	for (i = 0; i < argc; i++)
		add(&s->tasks, &s->ntasks, argv[i]);
	if (!isnan(s->sel.since) && !isnan(s->sel.until) &&
	    s->sel.since > s->sel.until)
		return lt_usage("--since is after --until");
	if (s->npaths == 0) {
		s->deflt = lt_log_path(NULL);
		add(&s->paths, &s->npaths, s->deflt);
	}
	s->sel.paths = s->paths;
	s->sel.npaths = s->npaths;
	s->sel.tasks = s->tasks;
	s->sel.ntasks = s->ntasks;
	return LT_OK;
}

int
lt_select_nfiles(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0)
			return argc - i - 1;
	return 0;
}

void
lt_select_release(struct lt_select *s)
{
	free(s->paths);
	free(s->tasks);
	s->paths = s->tasks = NULL;
}

struct lt_goals *
lt_select_goals(const char *goals_opt, const char *const *paths, size_t n,
    int strict)
{
	struct lt_reader_opts ro = { strict ? LT_READ_STRICT : 0,
	    lt_warn_line, NULL };
	const char **logs;
	struct lt_goals *g;
	struct lt_error err;
	char *path;
	size_t i, nlogs = 0;

	logs = lt_xcalloc(n + 1, sizeof(*logs));
	for (i = 0; i < n; i++)
		if (strcmp(paths[i], "-") != 0)
			logs[nlogs++] = paths[i];
	path = lt_goals_path(goals_opt, n > 0 ? paths[0] : lt_log_path(NULL));
	g = lt_goals_load(path, logs, nlogs, &ro, &err);
	free(path);
	free(logs);
	if (g == NULL)
		lt_warn_error(&err);
	return g;
}
