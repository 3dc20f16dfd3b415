/*
 * trend.c - lt trend: the least-squares trend of each task over its last
 * events, or, with --check, whether it improves, declines, is flat or has
 * reached a plateau, in the exit status.
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

	fputs("usage: lt trend [TASK ...] [--window N] "
	    "[--x index|episode|time] [--metric FIELD]\n"
	    "                [-f FILE ...] [--since T] [--until T] [--strict] "
	    "[--json | --tsv | --csv]\n"
	    "       lt trend TASK --check improving|declining|flat|plateau "
	    "[--patience N]\n"
	    "                [--min-delta D | --rel-delta R] "
	    "[--mode max|min]\n\n"
	    "  -w, --window N        the last N points of each task (default "
	    "50; 0: all)\n"
	    "      --x AXIS          index (default), episode or time\n"
	    "      --metric FIELD    an event field or a metadata key\n"
	    "                        (default: performance_score)\n"
	    "      --check WHAT      exit 0 if the trend is WHAT, 1 if not\n"
	    "      --patience N      plateau: events without improvement "
	    "(default 10)\n"
	    "      --min-delta D     plateau: an improvement beats the best by "
	    "more than D\n"
	    "      --rel-delta R     plateau: ... beyond best * (1 + R)\n"
	    "      --mode MODE       max (default: higher is better) or min\n"
	    "  -t, --task TASK       a task to analyse (repeatable)\n"
	    "  -f, --file FILE       a log (repeatable; - is stdin)\n"
	    "      --since T, --until T   only events in this span of time\n"
	    "      --strict          a bad line is an error\n"
	    "      --json, --tsv, --csv   output style\n", fp);
	return status;
}

enum { O_CHECK = 0x200, O_PATIENCE, O_MINDELTA, O_RELDELTA, O_MODE };

static const struct option longopts[] = {
	{ "check",	required_argument,	NULL, O_CHECK },
	{ "csv",	no_argument,		NULL, LT_OPT_CSV },
	{ "file",	required_argument,	NULL, 'f' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "json",	no_argument,		NULL, LT_OPT_JSON },
	{ "metric",	required_argument,	NULL, LT_OPT_METRIC },
	{ "min-delta",	required_argument,	NULL, O_MINDELTA },
	{ "mode",	required_argument,	NULL, O_MODE },
	{ "patience",	required_argument,	NULL, O_PATIENCE },
	{ "rel-delta",	required_argument,	NULL, O_RELDELTA },
	{ "since",	required_argument,	NULL, LT_OPT_SINCE },
	{ "strict",	no_argument,		NULL, LT_OPT_STRICT },
	{ "task",	required_argument,	NULL, 't' },
	{ "tsv",	no_argument,		NULL, LT_OPT_TSV },
	{ "until",	required_argument,	NULL, LT_OPT_UNTIL },
	{ "window",	required_argument,	NULL, 'w' },
	{ "x",		required_argument,	NULL, LT_OPT_X },
	{ NULL,		0,			NULL, 0 }
};

static int
parse_delta(const char *opt, const char *text, double *out)
{
	if (lt_num_parse(text, strlen(text), out) != 0 || !isfinite(*out) ||
	    *out < 0)
		return lt_usage("%s \"%s\" is not a number >= 0", opt, text);
	return LT_OK;
}

/* Whether what --check asks holds for the task's trend. */
static int
holds(const char *check, const struct lt_trend_task *t)
{
	if (strcmp(check, "plateau") == 0)
		return t->plateau;
	return strcmp(lt_trend_direction(&t->trend), check) == 0;
}

int
cmd_trend(int argc, char **argv)
{
	struct lt_trend_opts to = { .window = 50, .mode = LT_STATS_MAX,
	    .patience = 10, .kind = LT_PLATEAU_ABS };
	struct lt_select s;
	struct lt_error err;
	struct lt_out o;
	const char *check = NULL;
	int ch, r, nfiles, status = LT_TROUBLE;
	int mindelta = 0, reldelta = 0;
	long n;
	struct lt_trends *res;

	lt_select_init(&s);
	nfiles = lt_select_nfiles(argc, argv);
	while ((ch = getopt_long(argc, argv, ":f:ht:w:", longopts,
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
		case 'w':
			if (lt_parse_count("--window", optarg, 1, &to.window))
				goto out;
			break;
		case O_CHECK:
			if (strcmp(optarg, "improving") != 0 &&
			    strcmp(optarg, "declining") != 0 &&
			    strcmp(optarg, "flat") != 0 &&
			    strcmp(optarg, "plateau") != 0) {
				lt_usage("--check \"%s\" is not improving, "
				    "declining, flat or plateau", optarg);
				goto out;
			}
			check = optarg;
			break;
		case O_PATIENCE:
			if (lt_parse_count("--patience", optarg, 0, &n))
				goto out;
			to.patience = (size_t)n;
			break;
		case O_MINDELTA:
			if (parse_delta("--min-delta", optarg, &to.delta))
				goto out;
			mindelta = 1;
			break;
		case O_RELDELTA:
			if (parse_delta("--rel-delta", optarg, &to.delta))
				goto out;
			to.kind = LT_PLATEAU_REL;
			reldelta = 1;
			break;
		case O_MODE:
			if (strcmp(optarg, "max") == 0)
				to.mode = LT_STATS_MAX;
			else if (strcmp(optarg, "min") == 0)
				to.mode = LT_STATS_MIN;
			else {
				lt_usage("--mode \"%s\" is not max or min",
				    optarg);
				goto out;
			}
			break;
		default:
			status = lt_bad_option(argv, ch);
			goto out;
		}
	}
	if (mindelta && reldelta) {
		lt_usage("--min-delta and --rel-delta exclude each other");
		goto out;
	}
	if (lt_select_finish(&s, nfiles, argc - optind, argv + optind, 1))
		goto out;
	if (check != NULL && s.ntasks != 1) {
		lt_usage("--check takes exactly one TASK");
		goto out;
	}
	to.plateau = check != NULL && strcmp(check, "plateau") == 0;
	res = lt_analysis_trend(&s.sel, &to, &err);
	lt_warn_skipped(s.sel.skipped);
	if (res == NULL) {
		lt_warn_error(&err);
		goto out;
	}
	lt_render_init(&o, stdout, lt_style_pick(s.json, s.tsv, s.csv, 0));
	if (check != NULL)
		status = holds(check, &res->v[0]) ? LT_OK : LT_FALSE;
	else
		status = o.ops->trend(&o, res) ? LT_TROUBLE : LT_OK;
	lt_trends_free(res);
out:
	lt_select_release(&s);
	return status;
}
