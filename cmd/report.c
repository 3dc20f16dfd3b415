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

int
cmd_report(int argc, char **argv)
{
	struct lt_select s;
	struct lt_error err;
	struct lt_out o;
	int ch, r, nfiles, status = LT_TROUBLE;
	long last = 0;
	struct lt_report *res;
	struct lt_goals *goals = NULL;
	double now;

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
	if (lt_select_finish(&s, nfiles, argc - optind, argv + optind, 0) ||
	    lt_output_now(&now) != 0)
		goto out;
	goals = lt_select_goals(s.goals, s.sel.paths, s.sel.npaths,
	    (s.sel.ropts.flags & LT_READ_STRICT) != 0);
	if (goals == NULL)
		goto out;
	res = lt_analysis_report(&s.sel, last, now, goals, &err);
	lt_warn_skipped(s.sel.skipped);
	if (res == NULL) {
		lt_warn_error(&err);
		goto out;
	}
	lt_render_init(&o, stdout, lt_style_pick(s.json, 0, 0, s.markdown));
	status = o.ops->report(&o, res) ? LT_TROUBLE : LT_OK;
	lt_report_free(res);
out:
	lt_goals_free(goals);
	lt_select_release(&s);
	return status;
}
