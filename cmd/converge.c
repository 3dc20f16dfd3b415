/*
 * converge.c - lt converge: which events converged (convergence_metric
 * under a threshold), how often, by task.
 */
#include <stddef.h>
#include <stdio.h>

#include "cmd.h"

static int	cmd_converge(int, char **);

struct args {
	struct lt_select s;
	double		 threshold;
};

static const struct lt_opt opts[] = {
	{ .name = "threshold", .arg = "T",
	  .help = "convergence_metric < T converges (default 0.01)",
	  .kind = LT_OPT_NUMBER, .off = offsetof(struct args, threshold) },
	{ .name = NULL }
};

static const struct lt_form forms[] = {
	{ .words = "[TASK ...] @" },
	{ .words = NULL }
};

const struct lt_cmd lt_cmd_converge = {
	.name = "converge",
	.summary = "convergences by task",
	.forms = forms,
	.opts = opts,
	.select = LT_SEL_READ | LT_SEL_JSON | LT_SEL_TABLE,
	.operands = LT_ARGS_TASK,
	.run = cmd_converge,
};

static int
cmd_converge(int argc, char **argv)
{
	struct args a = { .threshold = 0.01 };
	struct lt_error err;
	struct lt_out o;
	struct lt_conv *res;
	int status;

	lt_select_init(&a.s);
	if ((status = lt_opts_parse(&lt_cmd_converge, &argc, &argv, &a,
	    &a.s)) != LT_PARSED)
		goto out;
	status = LT_TROUBLE;
	if (lt_select_finish(&a.s, argc, argv, 1))
		goto out;
	res = lt_analysis_converge(&a.s.sel, a.threshold, &err);
	lt_warn_skipped(a.s.sel.skipped);
	if (res == NULL) {
		lt_warn_error(&err);
		lt_select_suggest(&a.s);
		goto out;
	}
	lt_select_out(&a.s, &o);
	status = o.ops->converge(&o, res) ? LT_TROUBLE : LT_OK;
	lt_conv_free(res);
out:
	lt_select_release(&a.s);
	return status;
}
