/*
 * forecast.c - lt forecast: where a task's curve is heading: saturating
 * curves fitted to its points, the asymptote with its interval, the
 * score at an episode or a time, and when a target is reached.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "event.h"
#include "num.h"
#include "taskinfo.h"

static int
usage(int status)
{
	FILE *fp = status == LT_OK ? stdout : stderr;

	fputs("usage: lt forecast TASK [--x episode|time] [--at N | --target X]"
	    "\n"
	    "                [--model exp|power|auto] [--mode max|min] "
	    "[--metric FIELD]\n"
	    "                [-f FILE ...] [--since T] [--until T] [--strict] "
	    "[--json | --tsv | --csv]\n\n"
	    "      --x AXIS          episode (default: episode_count + 1) or "
	    "time\n"
	    "      --at N            the score predicted at episode N (--x "
	    "time: at time N)\n"
	    "      --target X        when the fitted curve reaches X\n"
	    "      --model MODEL     exp, power or auto (default: the lower "
	    "AIC)\n"
	    "      --mode MODE       max (higher is better) or min (default: "
	    "the task's)\n"
	    "      --metric FIELD    an event field or a metadata key\n"
	    "                        (default: performance_score)\n"
	    "  -f, --file FILE       a log (repeatable; - is stdin)\n"
	    "      --since T, --until T   only events in this span of time\n"
	    "      --strict          a bad line is an error\n"
	    "      --json, --tsv, --csv   output style\n", fp);
	return status;
}

enum { O_AT = 0x200, O_TARGET, O_MODEL, O_MODE };

static const struct option longopts[] = {
	{ "at",		required_argument,	NULL, O_AT },
	{ "csv",	no_argument,		NULL, LT_OPT_CSV },
	{ "file",	required_argument,	NULL, 'f' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "json",	no_argument,		NULL, LT_OPT_JSON },
	{ "metric",	required_argument,	NULL, LT_OPT_METRIC },
	{ "mode",	required_argument,	NULL, O_MODE },
	{ "model",	required_argument,	NULL, O_MODEL },
	{ "since",	required_argument,	NULL, LT_OPT_SINCE },
	{ "strict",	no_argument,		NULL, LT_OPT_STRICT },
	{ "target",	required_argument,	NULL, O_TARGET },
	{ "tsv",	no_argument,		NULL, LT_OPT_TSV },
	{ "until",	required_argument,	NULL, LT_OPT_UNTIL },
	{ "x",		required_argument,	NULL, LT_OPT_X },
	{ NULL,		0,			NULL, 0 }
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

int
cmd_forecast(int argc, char **argv)
{
	struct lt_forecast_task_opts fo;
	struct lt_forecast_task *res;
	struct lt_select s;
	struct lt_error err;
	struct lt_out o;
	const char *at = NULL, *target = NULL;
	int ch, r, nfiles, mode_given = 0, status = LT_TROUBLE;

	lt_forecast_task_opts_init(&fo);
	lt_select_init(&s);
	s.sel.x = LT_X_EPISODE;
	nfiles = lt_select_nfiles(argc, argv);
	while ((ch = getopt_long(argc, argv, ":f:h", longopts,
	    NULL)) != -1) {
		if ((r = lt_select_option(&s, ch, optarg)) != 0) {
			if (r < 0)
				goto out;
			continue;
		}
		switch (ch) {
		case 'h':
			status = usage(LT_OK);
			goto out;
		case O_AT:
			at = optarg;
			break;
		case O_MODE:
			if (lt_taskinfo_dir_parse(optarg, &fo.mode, &err) != 0) {
				lt_usage("--mode \"%s\" is not max or min",
				    optarg);
				goto out;
			}
			mode_given = 1;
			break;
		case O_MODEL:
			if (lt_forecast_model_parse(optarg, &fo.model) != 0) {
				lt_usage("--model \"%s\" is not exp, power or "
				    "auto", optarg);
				goto out;
			}
			break;
		case O_TARGET:
			target = optarg;
			if (lt_num_parse(optarg, strlen(optarg),
			    &fo.target) != 0 || !isfinite(fo.target)) {
				lt_usage("--target \"%s\" is not a finite "
				    "number", optarg);
				goto out;
			}
			break;
		default:
			status = lt_bad_option(argv, ch);
			goto out;
		}
	}
	if (lt_select_finish(&s, nfiles, argc - optind, argv + optind, 1))
		goto out;
	if (s.ntasks != 1) {
		lt_usage("forecast takes exactly one TASK");
		goto out;
	}
	if (s.sel.x == LT_X_INDEX) {
		lt_usage("--x index is not a measure of progress; episode or "
		    "time");
		goto out;
	}
	if (at != NULL && target != NULL) {
		lt_usage("--at and --target exclude each other");
		goto out;
	}
	if (at != NULL && parse_at(at, s.sel.x, &fo.at) != LT_OK)
		goto out;
	fo.x = s.sel.x;
	res = lt_analysis_forecast(&s.sel, &fo, mode_given, &err);
	lt_warn_skipped(s.sel.skipped);
	if (res == NULL) {
		lt_warn_error(&err);
		goto out;
	}
	lt_render_init(&o, stdout, lt_style_pick(s.json, s.tsv, s.csv, 0));
	if (o.ops->forecast(&o, res) != 0)
		status = LT_TROUBLE;
	else
		status = res->fc.status == LT_FORECAST_OK ? LT_OK : LT_FALSE;
	lt_forecast_task_free(res);
out:
	lt_select_release(&s);
	return status;
}
