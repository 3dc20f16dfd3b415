/*
 * import.c - lt import: append, as events, the logs that training
 * frameworks write (lib/import.h), all or none.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "batch.h"
#include "cmd.h"
#include "import.h"
#include "num.h"

static int
usage(int status)
{
	FILE *fp = status == LT_OK ? stdout : stderr;

	fputs("usage: lt import --from keras|lightning|hf|sb3|mlflow|"
	    "tensorboard|yolo|detectron2|auto\n"
	    "                 [-f FILE] [--format csv|jsonl] [--task TASK] "
	    "[--score COL]\n"
	    "                 [--convergence COL] [--lr COL | --lr-value X] "
	    "[--episode COL]\n"
	    "                 [--time COL] [--skip-invalid] [--no-sync] "
	    "SOURCE ...\n\n"
	    "      --from FORMAT        the framework that wrote SOURCE, or "
	    "auto\n"
	    "  -t, --task TASK          task_type (default: the run's name)\n"
	    "  -s, --score COL          column for performance_score\n"
	    "  -c, --convergence COL    column for convergence_metric\n"
	    "  -r, --lr COL             column for learning_rate\n"
	    "      --lr-value X         a constant learning_rate\n"
	    "  -e, --episode COL        column for episode_count (default: "
	    "the step)\n"
	    "      --time COL           column for timestamp\n"
	    "      --skip-invalid       import the good steps, report the "
	    "bad\n"
	    "  -f, --file FILE          the log (default: $LT_FILE, else "
	    "lt.jsonl)\n"
	    "      --format FMT         csv or jsonl, for a new log of "
	    "another name\n"
	    "      --no-sync            do not fdatasync the log\n", fp);
	return status;
}

static const struct option longopts[] = {
	{ "convergence",	required_argument,	NULL, 'c' },
	{ "episode",		required_argument,	NULL, 'e' },
	{ "file",		required_argument,	NULL, 'f' },
	{ "format",		required_argument,	NULL, 'F' },
	{ "from",		required_argument,	NULL, 'R' },
	{ "help",		no_argument,		NULL, 'h' },
	{ "lr",			required_argument,	NULL, 'r' },
	{ "lr-value",		required_argument,	NULL, 'V' },
	{ "no-sync",		no_argument,		NULL, 'N' },
	{ "score",		required_argument,	NULL, 's' },
	{ "skip-invalid",	no_argument,		NULL, 'I' },
	{ "task",		required_argument,	NULL, 't' },
	{ "time",		required_argument,	NULL, 'T' },
	{ NULL,			0,			NULL, 0 }
};

static void
note(void *ctx, const struct lt_error *e)
{
	char msg[1024];

	(void)ctx;
	lt_error_format(e, msg, sizeof(msg));
	lt_warnx("%s", msg);
}

int
cmd_import(int argc, char **argv)
{
	struct lt_import_opts o = { .note = note };
	struct lt_batch batch;
	struct lt_error err;
	enum lt_format fmt = LT_FORMAT_AUTO;
	const char *file = NULL;
	int ch, i, from = -1, nosync = 0;
	long n;

	while ((ch = getopt_long(argc, argv, ":c:e:f:hr:s:t:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			o.col[LT_IC_CONV] = optarg;
			break;
		case 'e':
			o.col[LT_IC_EPISODE] = optarg;
			break;
		case 'f':
			file = optarg;
			break;
		case 'F':
			if ((fmt = lt_format_parse(optarg)) == LT_FORMAT_AUTO)
				return lt_usage("--format \"%s\" is not csv or "
				    "jsonl", optarg);
			break;
		case 'h':
			return usage(LT_OK);
		case 'I':
			o.skip_invalid = 1;
			break;
		case 'N':
			nosync = 1;
			break;
		case 'r':
			o.col[LT_IC_LR] = optarg;
			break;
		case 'R':
			if ((from = lt_import_kind_parse(optarg)) < 0)
				return lt_usage("--from \"%s\" is not keras, "
				    "lightning, hf, sb3, mlflow, tensorboard, "
				    "yolo, detectron2 or auto", optarg);
			break;
		case 's':
			o.col[LT_IC_SCORE] = optarg;
			break;
		case 't':
			o.task = optarg;
			break;
		case 'T':
			o.col[LT_IC_TIME] = optarg;
			break;
		case 'V':
			if (lt_num_parse(optarg, strlen(optarg),
			    &o.lr_value) != 0 || o.lr_value < 0)
				return lt_usage("--lr-value \"%s\" is not a "
				    "finite number >= 0", optarg);
			o.has_lr_value = 1;
			break;
		default:
			return lt_bad_option(argv, ch);
		}
	}
	argc -= optind;
	argv += optind;
	if (from < 0)
		return lt_usage("missing --from (auto recognises the format)");
	if (argc == 0)
		return lt_usage("missing SOURCE");
	if (o.has_lr_value && o.col[LT_IC_LR] != NULL)
		return lt_usage("--lr and --lr-value exclude each other");
	o.from = from;
	/* lib/import.c names a source's value that is an event field
	 * src.NAME, so its metadata needs no second check. */
	if (lt_batch_begin(&batch, lt_log_path(file), fmt, LT_LENIENT |
	    LT_META_CHECKED, &err) != 0) {
		lt_warn_error(&err);
		return LT_TROUBLE;
	}
	batch.tmpdir = lt_tmpdir();
	for (i = 0; i < argc; i++) {
		if ((n = lt_import_source(argv[i], &o, &batch, &err)) < 0) {
			lt_warn_error(&err);
			lt_warnx("nothing imported");
			lt_batch_end(&batch);
			return LT_TROUBLE;
		}
	}
	if (batch.staged > 0 && lt_batch_commit(&batch, nosync, &err) != 0) {
		lt_warn_error(&err);
		lt_batch_end(&batch);
		return LT_TROUBLE;
	}
	if (batch.store.repaired)
		lt_warnx("warning: %s: its last line was torn; ended it",
		    batch.store.path);
	lt_batch_end(&batch);
	return LT_OK;
}
