/*
 * report.c - lt report: the whole picture of a log for a person or a
 * cron mail, or the class's report as JSON.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "follow.h"
#include "goal.h"

static int	cmd_report(int, char **);

struct args {
	struct lt_select s;
	long		 last;
	const char	*state;
};

static const struct lt_opt opts[] = {
	{ .name = "last", .letter = 'n', .arg = "N",
	  .help = "the class's report over the last N events",
	  .kind = LT_OPT_COUNT, .off = offsetof(struct args, last),
	  .excl = 2 },
	{ .name = "since-last", .arg = "STATE",
	  .help = "only what was appended since the last report that\n"
	  "kept its place in STATE (nothing new: exit 1)",
	  .kind = LT_OPT_STRING, .off = offsetof(struct args, state),
	  .flags = LT_OPTF_FILE, .excl = 2 },
	{ .name = NULL }
};

static const struct lt_form forms[] = {
	{ .words = "@" },
	{ .words = NULL }
};

const struct lt_cmd lt_cmd_report = {
	.name = "report",
	.summary = "the whole picture of a log",
	.forms = forms,
	.opts = opts,
	.select = LT_SEL_READ | LT_SEL_GOALS | LT_SEL_JSON | LT_SEL_MARKDOWN |
	    LT_SEL_COLOR | LT_SEL_MODE,
	.run = cmd_report,
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

	f = lt_xcalloc(s->files.n + 1, sizeof(*f));
	for (i = 0; i < s->files.n; i++) {
		from = lt_positions_get(pos, s->files.v[i]);
		f[i] = lt_follow_new(s->files.v[i], LT_FORMAT_AUTO,
		    &s->sel.ropts, from);
		if ((st = lt_follow_poll(f[i], &err)) == LT_FOLLOW_MISSING)
			lt_warnx("%s: no such log", s->files.v[i]);
		else if (st < 0)
			lt_warn_error(&err);
		else if (st == LT_FOLLOW_RESTART)
			lt_warnx("%s was replaced or shortened since the last "
			    "report (lt compact?): reporting it from its "
			    "start", s->files.v[i]);
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
since_last(struct lt_select *s, const char *state, double now)
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
	for (i = 0; i < s->files.n; i++)
		if (strcmp(s->files.v[i], "-") == 0)
			return lt_usage("--since-last needs logs that are "
			    "files: standard input has no place to keep");
	if ((pos = lt_positions_load(state, &err)) == NULL) {
		lt_warn_error(&err);
		return LT_TROUBLE;
	}
	if ((f = follow_logs(s, pos)) == NULL)
		goto out;
	goals = lt_select_goals(s);
	if (goals == NULL || (facts = lt_taskinfos_load(s->sel.paths,
	    s->sel.npaths, &s->sel.ropts, &err)) == NULL)
		goto fail;
	res = lt_report_follow(f, s->files.n, &s->sel, now, goals, facts,
	    &count, &err);
	if (res == NULL)
		goto fail;
	for (i = 0; i < s->files.n; i++) {
		if (lt_follow_pending(f[i]) == 0)
			continue;
		line = lt_follow_position(f[i])->line + 1;
		lt_warnx("warning: %s:%ld: the last line has no newline yet; "
		    "it is left for the next report", s->files.v[i], line);
	}
	for (i = 0; i < s->files.n; i++)
		skipped += lt_follow_skipped(f[i]);
	lt_warn_skipped(skipped);
	if (count == 0)
		status = LT_FALSE;
	else {
		lt_select_out(s, &o);
		if (o.ops->report(&o, res) != 0 || fflush(stdout) != 0 ||
		    ferror(stdout)) {
			lt_warnx("cannot write the report; %s keeps its "
			    "place", state);
			goto fail;
		}
		status = LT_OK;
	}
	for (i = 0; i < s->files.n; i++)
		lt_positions_set(pos, s->files.v[i], lt_follow_position(f[i]));
	if (lt_positions_save(pos, state, &err) != 0) {
		lt_warn_error(&err);
		status = LT_TROUBLE;
	}
	goto out;
fail:
	if (err.msg[0] != '\0')
		lt_warn_error(&err);
out:
	for (i = 0; f != NULL && i < s->files.n; i++)
		lt_follow_free(f[i]);
	free(f);
	lt_report_free(res);
	lt_goals_free(goals);
	lt_taskinfos_free(facts);
	lt_positions_free(pos);
	return status;
}

static int
cmd_report(int argc, char **argv)
{
	struct args a = { .last = 0, .state = NULL };
	struct lt_error err;
	struct lt_out o;
	struct lt_report *res;
	struct lt_goals *goals = NULL;
	double now;
	int status;

	lt_select_init(&a.s);
	if ((status = lt_opts_parse(&lt_cmd_report, &argc, &argv, &a,
	    &a.s)) != LT_PARSED)
		goto out;
	status = LT_TROUBLE;
	if (lt_select_finish(&a.s, argc, argv, 0) || lt_output_now(&now) != 0)
		goto out;
	if (a.state != NULL) {
		status = since_last(&a.s, a.state, now);
		goto out;
	}
	if ((goals = lt_select_goals(&a.s)) == NULL)
		goto out;
	res = lt_analysis_report(&a.s.sel, a.last, now, goals, &err);
	lt_warn_skipped(a.s.sel.skipped);
	if (res == NULL) {
		lt_warn_error(&err);
		lt_select_suggest(&a.s);
		goto out;
	}
	lt_select_out(&a.s, &o);
	status = o.ops->report(&o, res) ? LT_TROUBLE : LT_OK;
	lt_report_free(res);
out:
	lt_goals_free(goals);
	lt_select_release(&a.s);
	return status;
}
