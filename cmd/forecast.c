/*
 * forecast.c - lt forecast: where a task's curve is heading: saturating
 * curves fitted to its points, the asymptote with its interval, the
 * score at an episode or a time, and when a target is reached.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "event.h"
#include "num.h"

static int	cmd_forecast(int, char **);

/* The values of the options; "exp|power|auto" indexes enum
 * lt_forecast_model, "max|min" enum lt_stats_mode. */
struct args {
	struct lt_select s;
	const char	*at;		/* read once --x is known */
	double		 target;	/* NaN when not given */
	int		 model;
	int		 mode;		/* -1 when not given */
};

#define OFF(f)	offsetof(struct args, f)

static const struct lt_opt opts[] = {
	{ .name = "at", .arg = "N",
	  .help = "the score at episode N (--x time: at time N)",
	  .kind = LT_OPT_STRING, .off = OFF(at), .excl = 2 },
	{ .name = "target", .arg = "X",
	  .help = "when the fitted curve reaches X",
	  .kind = LT_OPT_NUMBER, .off = OFF(target), .excl = 2 },
	{ .name = "model", .arg = "exp|power|auto",
	  .help = "the curve fitted (default auto: both, the lower AIC)",
	  .kind = LT_OPT_CHOICE, .off = OFF(model) },
	{ .name = "mode", .arg = "max|min",
	  .help = "higher is better (max) or lower (default: the task's)",
	  .kind = LT_OPT_CHOICE, .off = OFF(mode) },
	{ .name = NULL }
};

static const struct lt_form forms[] = {
	{ .words = "TASK [--x] [--at | --target] [--model] @" },
	{ .words = NULL }
};

const struct lt_cmd lt_cmd_forecast = {
	.name = "forecast",
	.summary = "where a task's curve is heading, and when it reaches "
	    "a target",
	.forms = forms,
	.opts = opts,
	.select = LT_SEL_READ | LT_SEL_SERIES | LT_SEL_JSON | LT_SEL_TABLE,
	.operands = LT_ARGS_TASK,
	.run = cmd_forecast,
};

/* --at as the axis reads it: an episode >= 0, or a time. */
static int
parse_at(const char *text, enum lt_xaxis x, double *at)
{
	struct lt_error err;

	if (x == LT_X_TIME) {
		if (lt_time_parse(text, strlen(text), at, &err) != 0)
			return lt_usage("--at: %s", err.msg);
		return LT_OK;
	}
	if (lt_num_parse(text, strlen(text), at) != 0 || !isfinite(*at) ||
	    *at < 0)
		return lt_usage("--at \"%s\" is not an episode, a number >= 0",
		    text);
	return LT_OK;
}

static int
cmd_forecast(int argc, char **argv)
{
	struct args a = { .target = NAN, .model = LT_FORECAST_AUTO,
	    .mode = -1 };
	struct lt_forecast_task_opts fo;
	struct lt_forecast_task *res;
	struct lt_error err;
	struct lt_out o;
	int status;

	lt_select_init(&a.s);
	a.s.sel.x = LT_X_EPISODE;
	if ((status = lt_opts_parse(&lt_cmd_forecast, &argc, &argv, &a,
	    &a.s)) != LT_PARSED)
		goto out;
	status = LT_TROUBLE;
	if (lt_select_finish(&a.s, argc, argv, 1))
		goto out;
	if (a.s.tasks.n != 1) {
		lt_usage("forecast takes exactly one TASK");
		goto out;
	}
	if (a.s.sel.x == LT_X_INDEX) {
		lt_usage("--x index is not a measure of progress; episode or "
		    "time");
		goto out;
	}
	lt_forecast_task_opts_init(&fo);
	fo.x = a.s.sel.x;
	fo.model = (enum lt_forecast_model)a.model;
	if (a.mode >= 0)
		fo.mode = (enum lt_stats_mode)a.mode;
	fo.target = a.target;
	if (a.at != NULL && parse_at(a.at, fo.x, &fo.at) != LT_OK)
		goto out;
	res = lt_analysis_forecast(&a.s.sel, &fo, a.mode >= 0, &err);
	lt_warn_skipped(a.s.sel.skipped);
	if (res == NULL) {
		lt_warn_error(&err);
		lt_select_suggest(&a.s);
		goto out;
	}
	lt_select_out(&a.s, &o);
	if (o.ops->forecast(&o, res) != 0)
		status = LT_TROUBLE;
	else
		status = res->fc.status == LT_FORECAST_OK ? LT_OK : LT_FALSE;
	lt_forecast_task_free(res);
out:
	lt_select_release(&a.s);
	return status;
}
