/*
 * report.c - lt report: the whole picture of a log for a person or a
 * cron mail, or the class's report as JSON.
 */
#include <stddef.h>
#include <stdio.h>

#include "cmd.h"
#include "goal.h"

static int	cmd_report(int, char **);

struct args {
	struct lt_select s;
	long		 last;
};

static const struct lt_opt opts[] = {
	{ .name = "last", .letter = 'n', .arg = "N",
	  .help = "the class's report over the last N events",
	  .kind = LT_OPT_COUNT, .off = offsetof(struct args, last) },
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
	    LT_SEL_COLOR,
	.run = cmd_report,
};

static int
cmd_report(int argc, char **argv)
{
	struct args a = { .last = 0 };
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
