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

static int
render(const struct lt_out *o, json_t *res)
{
	static const char *const hdr[] = { "task", "count",
	    "avg_convergence_metric", "first_episode", "last_convergence" };
	struct lt_table *tb;
	const char *task;
	json_t *t, *rc;
	size_t i;

	if (o->style == LT_STYLE_TEXT) {
		printf("total_convergences  %lld\n", (long long)
		    json_integer_value(json_object_get(res,
		    "total_convergences")));
		/* null: the times were made to keep order (lt import). */
		if (json_is_null(json_object_get(res, "convergence_rate")))
			printf("convergence_rate    none: a source of these "
			    "events had no times\n\n");
		else
			printf("convergence_rate    %.4f per hour\n\n",
			    json_real_value(json_object_get(res,
			    "convergence_rate")));
	}
	tb = lt_table_new(o, 5, hdr);
	json_object_foreach(json_object_get(res, "task_statistics"), task, t) {
		lt_table_str(tb, task);
		lt_table_int(tb, json_integer_value(json_object_get(t,
		    "count")));
		lt_table_num(tb, json_real_value(json_object_get(t,
		    "avg_convergence_metric")), 6);
		lt_table_int(tb, json_integer_value(json_object_get(t,
		    "first_convergence_episode")));
		lt_table_time(tb, json_real_value(json_object_get(t,
		    "last_convergence")));
	}
	if (lt_table_print(tb) != 0 || o->style != LT_STYLE_TEXT)
		return ferror(stdout) ? -1 : 0;
	rc = json_object_get(res, "recent_convergences");
	if (json_array_size(rc) == 0)
		return 0;
	{
		static const char *const h2[] = { "time", "task",
		    "convergence_metric" };

		printf("\nrecent convergences\n");
		tb = lt_table_new(o, 3, h2);
		for (i = 0; i < json_array_size(rc); i++) {
			t = json_array_get(rc, i);
			lt_table_time(tb, json_real_value(json_array_get(t,
			    0)));
			lt_table_str(tb, json_string_value(json_array_get(t,
			    1)));
			lt_table_num(tb, json_real_value(json_array_get(t,
			    2)), 6);
		}
		return lt_table_print(tb);
	}
}

int
cmd_converge(int argc, char **argv)
{
	struct lt_select s;
	struct lt_error err;
	struct lt_out o;
	int ch, r, nfiles, status = LT_TROUBLE;
	double threshold = 0.01;
	json_t *res;

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
	lt_out_init(&o, stdout, lt_style_pick(s.json, s.tsv, s.csv, 0));
	r = s.json ? lt_out_json(&o, res) : render(&o, res);
	status = r ? LT_TROUBLE : LT_OK;
	json_decref(res);
out:
	lt_select_release(&s);
	return status;
}
