/*
 * report.c - lt report: the whole picture of a log for a person or a
 * cron mail, or the class's report as JSON.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "follow.h"
#include "goal.h"

static int
usage(int status)
{
	FILE *fp = status == LT_OK ? stdout : stderr;

	fputs("usage: lt report [--last N | --since-last STATE] [--since T] "
	    "[--until T]\n"
	    "                 [--task TASK ...] [-f FILE ...] [--goals FILE] "
	    "[--strict]\n"
	    "                 [--json | --markdown]\n\n"
	    "  -n, --last N          the class's report over the last N "
	    "events\n"
	    "      --since-last STATE   only what was appended since the last "
	    "report\n"
	    "                        that kept its place in STATE (none new: "
	    "exit 1)\n"
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

enum { O_SINCE_LAST = 0x200 };

static const struct option longopts[] = {
	{ "file",	required_argument,	NULL, 'f' },
	{ "goals",	required_argument,	NULL, LT_OPT_GOALS },
	{ "help",	no_argument,		NULL, 'h' },
	{ "json",	no_argument,		NULL, LT_OPT_JSON },
	{ "last",	required_argument,	NULL, 'n' },
	{ "markdown",	no_argument,		NULL, LT_OPT_MARKDOWN },
	{ "since",	required_argument,	NULL, LT_OPT_SINCE },
	{ "since-last",	required_argument,	NULL, O_SINCE_LAST },
	{ "strict",	no_argument,		NULL, LT_OPT_STRICT },
	{ "task",	required_argument,	NULL, 't' },
	{ "until",	required_argument,	NULL, LT_OPT_UNTIL },
	{ NULL,		0,			NULL, 0 }
};

/*
 * Followers of the logs of s from where the state file's positions left
 * them, polled; a log replaced since is said and read whole.  Returns
 * them (n of them; free each with lt_follow_free) or NULL after a
 * message.
 */
static struct lt_follow **
follow_logs(struct lt_select *s, struct lt_positions *pos)
{
	const struct lt_follow_pos *from;
	struct lt_follow **f;
	struct lt_error err;
	size_t i, j;
	int st;

	f = lt_xcalloc(s->npaths + 1, sizeof(*f));
	for (i = 0; i < s->npaths; i++) {
		from = lt_positions_get(pos, s->paths[i]);
		f[i] = lt_follow_new(s->paths[i], LT_FORMAT_AUTO,
		    &s->sel.ropts, from);
		if ((st = lt_follow_poll(f[i], &err)) == LT_FOLLOW_MISSING)
			lt_warnx("%s: no such log", s->paths[i]);
		else if (st < 0)
			lt_warn_error(&err);
		else if (st == LT_FOLLOW_RESTART)
			lt_warnx("%s was replaced or shortened since the last "
			    "report (lt compact?): reporting it from its "
			    "start", s->paths[i]);
		if (st < 0 || st == LT_FOLLOW_MISSING) {
			for (j = 0; j <= i; j++)
				lt_follow_free(f[j]);
			free(f);
			return NULL;
		}
	}
	return f;
}

/*
 * lt report --since-last STATE: the report of what the logs gained since
 * the positions STATE keeps; the positions moved on only once the report
 * is out whole (a broken pipe or a full disk leaves them as they were).
 */
static int
since_last(struct lt_select *s, const char *state, double now,
    enum lt_style style)
{
	struct lt_taskinfos *facts = NULL;
	struct lt_goals *goals = NULL;
	struct lt_positions *pos;
	struct lt_follow **f;
	struct lt_report *res = NULL;
	struct lt_error err;
	struct lt_out o;
	size_t i, count = 0, skipped = 0;
	long line;
	int status = LT_TROUBLE;

	lt_error_clear(&err);
	for (i = 0; i < s->npaths; i++)
		if (strcmp(s->paths[i], "-") == 0)
			return lt_usage("--since-last needs logs that are "
			    "files: standard input has no place to keep");
	if ((pos = lt_positions_load(state, &err)) == NULL) {
		lt_warn_error(&err);
		return LT_TROUBLE;
	}
	if ((f = follow_logs(s, pos)) == NULL)
		goto out;
	goals = lt_select_goals(s->goals, s->sel.paths, s->sel.npaths,
	    (s->sel.ropts.flags & LT_READ_STRICT) != 0);
	if (goals == NULL || lt_conv_order_facts(&s->sel, &facts, &err) < 0)
		goto fail;
	res = lt_report_follow(f, s->npaths, &s->sel, now, goals, facts,
	    &count, &err);
	if (res == NULL)
		goto fail;
	for (i = 0; i < s->npaths; i++) {
		if (lt_follow_pending(f[i]) == 0)
			continue;
		line = lt_follow_position(f[i])->line + 1;
		lt_warnx("warning: %s:%ld: the last line has no newline yet; "
		    "it is left for the next report", s->paths[i], line);
	}
	for (i = 0; i < s->npaths; i++)
		skipped += lt_follow_skipped(f[i]);
	lt_warn_skipped(skipped);
	if (count == 0)
		status = LT_FALSE;
	else {
		lt_render_init(&o, stdout, style);
		if (o.ops->report(&o, res) != 0 || fflush(stdout) != 0 ||
		    ferror(stdout)) {
			lt_warnx("cannot write the report; %s keeps its "
			    "place", state);
			goto fail;
		}
		status = LT_OK;
	}
	for (i = 0; i < s->npaths; i++)
		lt_positions_set(pos, s->paths[i], lt_follow_position(f[i]));
	if (lt_positions_save(pos, state, &err) != 0) {
		lt_warn_error(&err);
		status = LT_TROUBLE;
	}
	goto out;
fail:
	if (err.msg[0] != '\0')
		lt_warn_error(&err);
out:
	for (i = 0; f != NULL && i < s->npaths; i++)
		lt_follow_free(f[i]);
	free(f);
	lt_report_free(res);
	lt_goals_free(goals);
	lt_taskinfos_free(facts);
	lt_positions_free(pos);
	return status;
}

int
cmd_report(int argc, char **argv)
{
	struct lt_select s;
	struct lt_error err;
	struct lt_out o;
	int ch, r, nfiles, status = LT_TROUBLE;
	long last = 0;
	const char *state = NULL;
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
		case O_SINCE_LAST:
			state = optarg;
			break;
		default:
			status = lt_bad_option(argv, ch);
			goto out;
		}
	}
	if (lt_select_finish(&s, nfiles, argc - optind, argv + optind, 0) ||
	    lt_output_now(&now) != 0)
		goto out;
	if (state != NULL && last > 0) {
		lt_usage("--since-last and --last do not go together");
		goto out;
	}
	if (state != NULL) {
		status = since_last(&s, state, now, lt_style_pick(s.json, 0, 0,
		    s.markdown));
		goto out;
	}
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
