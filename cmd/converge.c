/*
 * converge.c - lt converge: which events converged (convergence_metric
 * under a threshold), how often, by task.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "num.h"

static int
usage(int status)
{
	FILE *fp = status == LT_OK ? stdout : stderr;

	fputs("usage: lt converge [--threshold T] [-t TASK ...] [-f FILE ...] "
	    "[--since T] [--until T]\n"
	    "                   [--strict] [--json | --tsv | --csv]\n\n"
	    "      --threshold T     convergence_metric < T converges (default "
	    "0.01)\n"
	    "  -t, --task TASK       a task to analyse (repeatable)\n"
	    "  -f, --file FILE       a log (repeatable; - is stdin)\n"
	    "      --since T, --until T   only events in this span of time\n"
	    "      --strict          a bad line is an error\n"
	    "      --json, --tsv, --csv   output style\n", fp);
	return status;
}

enum { O_THRESHOLD = 0x200 };

static const struct option longopts[] = {
	{ "csv",	no_argument,		NULL, LT_OPT_CSV },
	{ "file",	required_argument,	NULL, 'f' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "json",	no_argument,		NULL, LT_OPT_JSON },
	{ "since",	required_argument,	NULL, LT_OPT_SINCE },
	{ "strict",	no_argument,		NULL, LT_OPT_STRICT },
	{ "task",	required_argument,	NULL, 't' },
	{ "threshold",	required_argument,	NULL, O_THRESHOLD },
	{ "tsv",	no_argument,		NULL, LT_OPT_TSV },
	{ "until",	required_argument,	NULL, LT_OPT_UNTIL },
	{ NULL,		0,			NULL, 0 }
};

int
cmd_converge(int argc, char **argv)
{
	struct lt_select s;
	struct lt_error err;
	struct lt_out o;
	int ch, r, nfiles, status = LT_TROUBLE;
	double threshold = 0.01;
	struct lt_conv *res;

	lt_select_init(&s);
	nfiles = lt_select_nfiles(argc, argv);
	while ((ch = getopt_long(argc, argv, ":f:ht:", longopts,
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
		case O_THRESHOLD:
			if (lt_num_parse(optarg, strlen(optarg),
			    &threshold) != 0 || !isfinite(threshold)) {
				lt_usage("--threshold \"%s\" is not a number",
				    optarg);
				goto out;
			}
			break;
		default:
			status = lt_bad_option(argv, ch);
			goto out;
		}
	}
	if (lt_select_finish(&s, nfiles, argc - optind, argv + optind, 0))
		goto out;
	res = lt_analysis_converge(&s.sel, threshold, &err);
	lt_warn_skipped(s.sel.skipped);
	if (res == NULL) {
		lt_warn_error(&err);
		goto out;
	}
	lt_render_init(&o, stdout, lt_style_pick(s.json, s.tsv, s.csv, 0));
	status = o.ops->converge(&o, res) ? LT_TROUBLE : LT_OK;
	lt_conv_free(res);
out:
	lt_select_release(&s);
	return status;
}
