/*
 * compare.c - lt compare: is one group of runs better than another, or is
 * it noise?  Or, with --curves, each group's mean curve across its runs.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "groups.h"
#include "num.h"
#include "taskinfo.h"

static int
usage(int status)
{
	FILE *fp = status == LT_OK ? stdout : stderr;

	fputs("usage: lt compare -f LOG -f LOG ... | --group NAME=LOG,... ... "
	    "[--task TASK]\n"
	    "                  [--last N] [--summary last|best|mean] "
	    "[--mode max|min]\n"
	    "                  [--confidence PCT] [--bootstrap N] [--seed S]\n"
	    "                  [--check better|worse|different [-q]] "
	    "[--curves] [--strict]\n"
	    "                  [--json | --tsv | --csv]\n"
	    "       lt compare [-f LOG] [--group NAME=TASK,... ...] [options]\n"
	    "\n"
	    "  -f, --file LOG          a run (repeatable; - is stdin); given "
	    "once, its tasks\n"
	    "                          are the runs\n"
	    "      --group NAME=RUNS   a group of runs, the first the "
	    "baseline (repeatable):\n"
	    "                          logs or globs, or with -f LOG its tasks "
	    "or patterns\n"
	    "  -t, --task TASK         the task of each log (default: the one "
	    "it holds)\n"
	    "      --last N            a run is the mean of its last N scores "
	    "(default 10)\n"
	    "      --summary WHAT      last (default), best, or mean of all "
	    "scores\n"
	    "      --mode MODE         max (higher is better) or min, for "
	    "every run\n"
	    "                          (default: each task's direction)\n"
	    "      --confidence PCT    the level of the intervals (default "
	    "95)\n"
	    "      --bootstrap N       resamples of the bootstrap (default "
	    "10000; 0: none)\n"
	    "      --seed S            the bootstrap's seed (default 1)\n"
	    "      --check WHAT        exit 0 if every group is WHAT than the "
	    "baseline,\n"
	    "                          1 if not\n"
	    "  -q, --quiet             with --check, print nothing\n"
	    "      --curves            the mean curve of each group at each "
	    "episode\n"
	    "      --strict            a bad line is an error\n"
	    "      --json, --tsv, --csv   output style\n", fp);
	return status;
}

enum {
	O_GROUP = 0x200, O_LAST, O_SUMMARY, O_MODE, O_CONFIDENCE,
	O_BOOTSTRAP, O_SEED, O_CHECK, O_CURVES
};

static const struct option longopts[] = {
	{ "bootstrap",	required_argument,	NULL, O_BOOTSTRAP },
	{ "check",	required_argument,	NULL, O_CHECK },
	{ "confidence",	required_argument,	NULL, O_CONFIDENCE },
	{ "csv",	no_argument,		NULL, LT_OPT_CSV },
	{ "curves",	no_argument,		NULL, O_CURVES },
	{ "file",	required_argument,	NULL, 'f' },
	{ "group",	required_argument,	NULL, O_GROUP },
	{ "help",	no_argument,		NULL, 'h' },
	{ "json",	no_argument,		NULL, LT_OPT_JSON },
	{ "last",	required_argument,	NULL, O_LAST },
	{ "mode",	required_argument,	NULL, O_MODE },
	{ "quiet",	no_argument,		NULL, 'q' },
	{ "seed",	required_argument,	NULL, O_SEED },
	{ "strict",	no_argument,		NULL, LT_OPT_STRICT },
	{ "summary",	required_argument,	NULL, O_SUMMARY },
	{ "task",	required_argument,	NULL, 't' },
	{ "tsv",	no_argument,		NULL, LT_OPT_TSV },
	{ NULL,		0,			NULL, 0 }
};

static int
parse_number(const char *opt, const char *text, double *out)
{
	if (lt_num_parse(text, strlen(text), out) != 0 || !isfinite(*out))
		return lt_usage("%s \"%s\" is not a number", opt, text);
	return LT_OK;
}

int
cmd_compare(int argc, char **argv)
{
	struct lt_groups_opts go;
	struct lt_compare_opts co;
	struct lt_select s;
	struct lt_groupargs ga;
	struct lt_groups *g = NULL;
	struct lt_error err;
	struct lt_out o;
	enum lt_compare_check check = LT_COMPARE_CHECK_BETTER;
	int ch, r, nfiles, status = LT_TROUBLE, checking = 0, quiet = 0;
	long n;

	lt_groups_opts_init(&go);
	lt_compare_opts_init(&co);
	memset(&ga, 0, sizeof(ga));
	lt_select_init(&s);
	nfiles = lt_select_nfiles(argc, argv);
	while ((ch = getopt_long(argc, argv, ":f:hqt:", longopts,
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
		case 'q':
			quiet = 1;
			break;
		case O_BOOTSTRAP:
			if (lt_parse_count("--bootstrap", optarg, 1, &n))
				goto out;
			co.resamples = (size_t)n;
			break;
		case O_CHECK:
			if (lt_compare_check_parse(optarg, &check, &err)) {
				lt_usage("--%s", err.msg);
				goto out;
			}
			checking = 1;
			break;
		case O_CONFIDENCE:
			if (parse_number("--confidence", optarg, &co.level))
				goto out;
			go.level = co.level;
			break;
		case O_CURVES:
			go.curves = 1;
			break;
		case O_GROUP:
			if (lt_groupargs_add(&ga, optarg))
				goto out;
			break;
		case O_LAST:
			if (lt_parse_count("--last", optarg, 0, &n))
				goto out;
			go.last = (size_t)n;
			break;
		case O_MODE:
			if (lt_taskinfo_dir_parse(optarg, &go.dir, &err)) {
				lt_usage("--mode: %s", err.msg);
				goto out;
			}
			go.dir_set = 1;
			break;
		case O_SEED:
			if (lt_parse_count("--seed", optarg, 1, &n))
				goto out;
			co.seed = (unsigned long)n;
			break;
		case O_SUMMARY:
			if (lt_compare_summary_parse(optarg, &go.summary,
			    &err)) {
				lt_usage("--%s", err.msg);
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
	if (s.ntasks > 1) {
		lt_usage("--task names one task, the one of each log");
		goto out;
	}
	if (go.last == 0) {
		lt_usage("--last 0 summarises nothing: N is 1 or more");
		goto out;
	}
	if (!(go.level > 0 && go.level < 100)) {
		lt_usage("--confidence %g is not a percentage in (0, 100)",
		    go.level);
		goto out;
	}
	if (checking && go.curves) {
		lt_usage("--check answers of summaries, not of --curves");
		goto out;
	}
	if (quiet && !checking) {
		lt_usage("-q is for --check");
		goto out;
	}
	go.task = s.ntasks > 0 ? s.tasks[0] : NULL;
	go.ropts = s.sel.ropts;
	if (lt_groupargs_finish(&ga, s.paths, s.npaths, s.deflt == NULL, &go))
		goto out;

	g = lt_groups_new(ga.v, ga.n, &go, &err);
	lt_warn_skipped(go.skipped);
	if (g == NULL) {
		lt_warn_error(&err);
		goto out;
	}
	if (checking && g->n < 2) {
		lt_warnx("--check needs a group to compare with the baseline: "
		    "there is one group");
		goto out;
	}
	lt_render_init(&o, stdout, lt_style_pick(s.json, s.tsv, s.csv, 0));
	if (go.curves) {
		status = o.ops->compare_curves(&o, g) ? LT_TROUBLE : LT_OK;
		goto out;
	}
	if (lt_groups_compare(g, &co, &err) != 0) {
		lt_warn_error(&err);
		goto out;
	}
	if (!quiet && o.ops->compare(&o, g) != 0)
		goto out;
	status = !checking || lt_compare_holds(g->cmp, check) ? LT_OK :
	    LT_FALSE;
out:
	lt_groups_free(g);
	lt_groupargs_release(&ga);
	lt_select_release(&s);
	return status;
}
