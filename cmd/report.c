/*
 * report.c - lt report: the whole picture of a log for a person or a
 * cron mail, or the class's report as JSON.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "goal.h"

static int
usage(int status)
{
	FILE *fp = status == LT_OK ? stdout : stderr;

	fputs("usage: lt report [--last N] [--since T] [--until T] "
	    "[--task TASK ...] [-f FILE ...]\n"
	    "                 [--goals FILE] [--strict] [--json | --markdown]\n\n"
	    "  -n, --last N          the class's report over the last N "
	    "events\n"
	    "  -t, --task TASK       a task to report on (repeatable)\n"
	    "  -f, --file FILE       a log (repeatable; - is stdin)\n"
	    "      --since T, --until T   only events in this span of time\n"
	    "      --goals FILE      the goals log (default: $LT_GOALS, else "
	    "NAME.goals.jsonl)\n"
	    "      --strict          a bad line is an error\n"
	    "      --json            the class's JSON\n"
	    "      --markdown        Markdown, for a mail or a wiki\n", fp);
	return status;
}

static const struct option longopts[] = {
	{ "file",	required_argument,	NULL, 'f' },
	{ "goals",	required_argument,	NULL, LT_OPT_GOALS },
	{ "help",	no_argument,		NULL, 'h' },
	{ "json",	no_argument,		NULL, LT_OPT_JSON },
	{ "last",	required_argument,	NULL, 'n' },
	{ "markdown",	no_argument,		NULL, LT_OPT_MARKDOWN },
	{ "since",	required_argument,	NULL, LT_OPT_SINCE },
	{ "strict",	no_argument,		NULL, LT_OPT_STRICT },
	{ "task",	required_argument,	NULL, 't' },
	{ "until",	required_argument,	NULL, LT_OPT_UNTIL },
	{ NULL,		0,			NULL, 0 }
};

static double
num(json_t *o, const char *k)
{
	return json_number_value(json_object_get(o, k));
}

static void
heading(const struct lt_out *o, const char *s)
{
	if (o->style == LT_STYLE_MARKDOWN)
		printf("\n## %s\n\n", s);
	else
		printf("\n%s\n", s);
}

/* Each goal with its progress as a bar. */
static int
render_goals(const struct lt_out *o, json_t *goals)
{
	static const char *const gh[] = { "goal", "current", "target", "%",
	    "progress", "status" };
	struct lt_table *tb;
	char bar[LT_BAR_WIDTH + 1];
	json_t *g;
	size_t i;

	printf("\n");
	tb = lt_table_new(o, 6, gh);
	json_array_foreach(goals, i, g) {
		lt_table_str(tb, json_string_value(json_object_get(g,
		    "goal_id")));
		lt_table_num(tb, num(g, "current_performance"), 4);
		lt_table_num(tb, num(g, "target_performance"), 4);
		lt_table_num(tb, num(g, "completion_percentage"), 1);
		lt_table_str(tb, lt_out_bar(num(g, "completion_percentage"),
		    bar));
		lt_table_str(tb, json_is_true(json_object_get(g,
		    "is_completed")) ? "completed" : "active");
	}
	return lt_table_print(tb);
}

static int
render(const struct lt_out *o, json_t *r)
{
	static const char *const kv[] = { "measure", "value" };
	static const char *const th[] = { "task", "events", "avg_performance",
	    "latest_score", "trend", "confidence", "direction" };
	json_t *op = json_object_get(r, "overall_performance");
	json_t *ld = json_object_get(r, "learning_dynamics");
	json_t *ca = json_object_get(ld, "convergence_analysis");
	json_t *gs = json_object_get(r, "goal_summary");
	struct lt_table *tb;
	const char *task, *dir;
	json_t *t, *tr;
	char b[64], p[32], span[48];

	if (o->style == LT_STYLE_MARKDOWN)
		printf("# Learning report\n");
	else
		printf("Learning report\n");
	lt_out_localtime(num(r, "report_timestamp"), b, sizeof(b));
	if (json_is_null(json_object_get(r, "time_span_hours")))
		snprintf(span, sizeof(span), "none: a source of these events had no times");
	else
		lt_out_duration(num(r, "time_span_hours") * 3600, span,
		    sizeof(span));
	heading(o, "Overview");
	tb = lt_table_new(o, 2, kv);
	lt_table_str(tb, "generated");
	lt_table_str(tb, b);
	lt_table_str(tb, "total events");
	lt_table_int(tb, json_integer_value(json_object_get(r,
	    "total_learning_events")));
	lt_table_str(tb, "events analysed");
	lt_table_int(tb, json_integer_value(json_object_get(r,
	    "recent_events_analyzed")));
	lt_table_str(tb, "time span");
	lt_table_str(tb, span);
	if (lt_table_print(tb) != 0)
		return -1;

	heading(o, "Overall performance");
	tb = lt_table_new(o, 2, kv);
	lt_table_str(tb, "average");
	lt_table_num(tb, num(op, "average"), 4);
	lt_table_str(tb, "std deviation");
	lt_table_num(tb, num(op, "std_deviation"), 4);
	lt_table_str(tb, "min");
	lt_table_num(tb, num(op, "min"), 4);
	lt_table_str(tb, "max");
	lt_table_num(tb, num(op, "max"), 4);
	lt_table_str(tb, "median (P2 estimate)");
	lt_table_num(tb, num(op, "median"), 4);
	if (lt_table_print(tb) != 0)
		return -1;

	heading(o, "Learning dynamics");
	tb = lt_table_new(o, 2, kv);
	lt_table_str(tb, "average learning rate");
	lt_table_num(tb, num(ld, "average_learning_rate"), 6);
	lt_table_str(tb, "convergences (< 0.01)");
	lt_table_int(tb, json_integer_value(json_object_get(ca,
	    "total_convergences")));
	lt_table_str(tb, "convergences per hour");
	if (json_is_null(json_object_get(ca, "convergence_rate")))
		lt_table_str(tb, "none: a source of these events had no times");
	else
		lt_table_num(tb, num(ca, "convergence_rate"), 4);
	if (lt_table_print(tb) != 0)
		return -1;

	heading(o, "Tasks");
	tb = lt_table_new(o, 7, th);
	json_object_foreach(json_object_get(r, "task_analysis"), task, t) {
		tr = json_object_get(t, "performance_trend");
		lt_table_str(tb, task);
		lt_table_int(tb, json_integer_value(json_object_get(t,
		    "event_count")));
		lt_table_num(tb, num(t, "avg_performance"), 4);
		lt_table_num(tb, num(t, "latest_score"), 4);
		lt_table_num(tb, num(tr, "trend"), 6);
		lt_table_num(tb, num(tr, "confidence"), 3);
		dir = json_string_value(json_object_get(tr, "direction"));
		if (strcmp(dir, "insufficient_data") == 0)
			snprintf(b, sizeof(b), "%s", dir);
		else {
			lt_stats_format_p(num(tr, "p_value"), p, sizeof(p));
			snprintf(b, sizeof(b), "%s (%s)", dir, p);
		}
		lt_table_str(tb, b);
	}
	if (lt_table_print(tb) != 0)
		return -1;

	heading(o, "Goals");
	tb = lt_table_new(o, 2, kv);
	lt_table_str(tb, "total");
	lt_table_int(tb, json_integer_value(json_object_get(gs,
	    "total_goals")));
	lt_table_str(tb, "completed");
	lt_table_int(tb, json_integer_value(json_object_get(gs,
	    "completed_goals")));
	lt_table_str(tb, "active");
	lt_table_int(tb, json_integer_value(json_object_get(gs,
	    "active_goals")));
	if (lt_table_print(tb) != 0)
		return -1;
	return json_array_size(json_object_get(gs, "goals")) == 0 ? 0 :
	    render_goals(o, json_object_get(gs, "goals"));
}

int
cmd_report(int argc, char **argv)
{
	struct lt_select s;
	struct lt_error err;
	struct lt_out o;
	int ch, r, nfiles, status = LT_TROUBLE;
	long last = 0;
	json_t *res;
	struct lt_goals *goals = NULL;

	lt_select_init(&s);
	nfiles = lt_select_nfiles(argc, argv);
	while ((ch = getopt_long(argc, argv, ":f:hn:t:", longopts,
	    NULL)) != -1) {
		if (ch != LT_OPT_METRIC && ch != LT_OPT_X &&
		    (r = lt_select_option(&s, ch, optarg)) != 0) {
			if (r < 0)
				goto out;
			continue;
		}
		switch (ch) {
		case 'h':
			status = usage(LT_OK);
			goto out;
		case 'n':
			if (lt_parse_count("--last", optarg, 0, &last))
				goto out;
			break;
		default:
			status = lt_bad_option(argv, ch);
			goto out;
		}
	}
	if (lt_select_finish(&s, nfiles, argc - optind, argv + optind, 0))
		goto out;
	goals = lt_select_goals(s.goals, s.sel.paths, s.sel.npaths,
	    (s.sel.ropts.flags & LT_READ_STRICT) != 0);
	if (goals == NULL)
		goto out;
	res = lt_analysis_report(&s.sel, last, lt_time_now(),
	    lt_goals_summary_json(goals), &err);
	lt_warn_skipped(s.sel.skipped);
	if (res == NULL) {
		lt_warn_error(&err);
		goto out;
	}
	lt_out_init(&o, stdout, lt_style_pick(s.json, 0, 0, s.markdown));
	r = s.json ? lt_out_json(&o, res) : render(&o, res);
	status = r ? LT_TROUBLE : LT_OK;
	json_decref(res);
out:
	lt_goals_free(goals);
	lt_select_release(&s);
	return status;
}
