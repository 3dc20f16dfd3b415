/*
 * curve.c - lt curve: a task's last points as columns for gnuplot, awk or
 * a spreadsheet, with a smoothed column computed over every point.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"

static int
usage(int status)
{
	FILE *fp = status == LT_OK ? stdout : stderr;

	fputs("usage: lt curve TASK [--window N] [--smooth ema:ALPHA|sma:N|"
	    "median:N]\n"
	    "                [--x index|episode|time] [--metric FIELD] "
	    "[-f FILE ...]\n"
	    "                [--since T] [--until T] [--strict] [--json | "
	    "--tsv | --csv]\n\n"
	    "  -w, --window N        the last N points (default 100; 0: all)\n"
	    "  -s, --smooth SPEC     add a smoothed column: ema:ALPHA (or a "
	    "bare ALPHA),\n"
	    "                        sma:N or median:N\n"
	    "      --x AXIS          first column: time (default), index or "
	    "episode\n"
	    "      --metric FIELD    an event field or a metadata key\n"
	    "                        (default: performance_score)\n"
	    "  -f, --file FILE       a log (repeatable; - is stdin)\n"
	    "      --since T, --until T   only events in this span of time\n"
	    "      --strict          a bad line is an error\n"
	    "      --json, --tsv, --csv   output style\n", fp);
	return status;
}

static const struct option longopts[] = {
	{ "csv",	no_argument,		NULL, LT_OPT_CSV },
	{ "file",	required_argument,	NULL, 'f' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "json",	no_argument,		NULL, LT_OPT_JSON },
	{ "metric",	required_argument,	NULL, LT_OPT_METRIC },
	{ "since",	required_argument,	NULL, LT_OPT_SINCE },
	{ "smooth",	required_argument,	NULL, 's' },
	{ "strict",	no_argument,		NULL, LT_OPT_STRICT },
	{ "tsv",	no_argument,		NULL, LT_OPT_TSV },
	{ "until",	required_argument,	NULL, LT_OPT_UNTIL },
	{ "window",	required_argument,	NULL, 'w' },
	{ "x",		required_argument,	NULL, LT_OPT_X },
	{ NULL,		0,			NULL, 0 }
};

int
cmd_curve(int argc, char **argv)
{
	struct lt_smoother sm, *smp = NULL;
	struct lt_select s;
	struct lt_error err;
	struct lt_out o;
	const char *smooth = NULL;
	int ch, r, nfiles, status = LT_TROUBLE;
	long window = 100;
	struct lt_curve *res;

	lt_select_init(&s);
	s.sel.x = LT_X_TIME;
	nfiles = lt_select_nfiles(argc, argv);
	while ((ch = getopt_long(argc, argv, ":f:hs:w:", longopts,
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
		case 's':
			smooth = optarg;
			break;
		case 'w':
			if (lt_parse_count("--window", optarg, 1, &window))
				goto out;
			break;
		default:
			status = lt_bad_option(argv, ch);
			goto out;
		}
	}
	if (lt_select_finish(&s, nfiles, argc - optind, argv + optind, 1))
		goto out;
	if (s.ntasks != 1) {
		lt_usage("curve takes exactly one TASK");
		goto out;
	}
	if (smooth != NULL) {
		if (lt_smoother_init(&sm, smooth, &err) != 0) {
			lt_usage("--smooth: %s", err.msg);
			goto out;
		}
		smp = &sm;
	}
	res = lt_analysis_curve(&s.sel, window, smp, &err);
	lt_warn_skipped(s.sel.skipped);
	if (res == NULL) {
		lt_warn_error(&err);
		goto out;
	}
	lt_render_init(&o, stdout, lt_style_pick(s.json, s.tsv, s.csv, 0));
	status = o.ops->curve(&o, res) ? LT_TROUBLE : LT_OK;
	lt_curve_free(res);
out:
	if (smp)
		lt_smoother_release(smp);
	lt_select_release(&s);
	return status;
}
