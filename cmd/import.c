/*
 * import.c - lt import: append, as events, the logs that training
 * frameworks write (lib/import.h), all or none.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "batch.h"
#include "cmd.h"
#include "import.h"
#include "num.h"

static int	cmd_import(int, char **);

struct args {
	int		 from;		/* lt_import_kind_parse's, or -1 */
	const char	*file;
	int		 fmt;		/* enum lt_format */
	const char	*task;
	const char	*score, *conv, *lr, *episode, *time;
	double		 lr_value;	/* NaN when not given */
	int		 skip, nosync;
};

#define OFF(f)	offsetof(struct args, f)
#define FROM	"keras|lightning|hf|sb3|mlflow|tensorboard|yolo|detectron2|auto"

static lt_opt_parse_fn parse_from;

static const struct lt_opt opts[] = {
	{ .name = "from", .arg = "FORMAT", .choices = FROM,
	  .help = "the framework that wrote SOURCE: keras, lightning, hf, "
	  "sb3, mlflow, tensorboard, yolo, detectron2, or auto to recognise "
	  "it",
	  .kind = LT_OPT_PARSE, .off = OFF(from), .parse = parse_from },
	{ .name = "file", .letter = 'f', .arg = "FILE",
	  .help = "the log (default: $LT_FILE, else lt.jsonl)",
	  .kind = LT_OPT_STRING, .off = OFF(file), .flags = LT_OPTF_FILE },
	{ .name = "format", .arg = "csv|jsonl",
	  .help = "the format of a new log of another name",
	  .kind = LT_OPT_PARSE, .off = OFF(fmt), .parse = lt_parse_format },
	{ .name = "task", .letter = 't', .arg = "TASK",
	  .help = "task_type (default: the run's name)",
	  .kind = LT_OPT_STRING, .off = OFF(task) },
	{ .name = "score", .letter = 's', .arg = "COL",
	  .help = "the column for performance_score",
	  .kind = LT_OPT_STRING, .off = OFF(score) },
	{ .name = "convergence", .letter = 'c', .arg = "COL",
	  .help = "the column for convergence_metric",
	  .kind = LT_OPT_STRING, .off = OFF(conv) },
	{ .name = "lr", .letter = 'r', .arg = "COL",
	  .help = "the column for learning_rate",
	  .kind = LT_OPT_STRING, .off = OFF(lr), .excl = 2 },
	{ .name = "lr-value", .arg = "X",
	  .help = "a constant learning_rate",
	  .kind = LT_OPT_NUMBER, .off = OFF(lr_value),
	  .flags = LT_OPTF_NONNEG, .excl = 2 },
	{ .name = "episode", .letter = 'e', .arg = "COL",
	  .help = "the column for episode_count (default: the step)",
	  .kind = LT_OPT_STRING, .off = OFF(episode) },
	{ .name = "time", .arg = "COL",
	  .help = "the column for timestamp",
	  .kind = LT_OPT_STRING, .off = OFF(time) },
	{ .name = "skip-invalid",
	  .help = "import the good steps, report the bad",
	  .kind = LT_OPT_FLAG, .off = OFF(skip) },
	{ .name = "no-sync", .help = "do not fdatasync the log",
	  .kind = LT_OPT_FLAG, .off = OFF(nosync) },
	{ .name = NULL }
};

static const struct lt_form forms[] = {
	{ .words = "--from [--file] [--format] [--task] [--score] "
	  "[--convergence] [--lr | --lr-value] [--episode] [--time] "
	  "[--skip-invalid] [--no-sync] SOURCE ..." },
	{ .words = NULL }
};

const struct lt_cmd lt_cmd_import = {
	.name = "import",
	.summary = "append the logs of training frameworks as events",
	.forms = forms,
	.opts = opts,
	.operands = LT_ARGS_FILE,
	.run = cmd_import,
};

static int
parse_from(const struct lt_opt *o, const char *arg, void *field,
    struct lt_error *err)
{
	int k = lt_import_kind_parse(arg);

	(void)o;
	if (k < 0)
		return lt_error_set(err, "--from \"%s\" is not keras, "
		    "lightning, hf, sb3, mlflow, tensorboard, yolo, "
		    "detectron2 or auto", arg);
	*(int *)field = k;
	return 0;
}

static void
note(void *ctx, const struct lt_error *e)
{
	char msg[1024];

	(void)ctx;
	lt_error_format(e, msg, sizeof(msg));
	lt_warnx("%s", msg);
}

static int
cmd_import(int argc, char **argv)
{
	struct args a = { .from = -1, .fmt = LT_FORMAT_AUTO,
	    .lr_value = NAN };
	struct lt_import_opts o = { .note = note };
	struct lt_batch batch;
	struct lt_error err;
	long n;
	int i, status;

	if ((status = lt_opts_parse(&lt_cmd_import, &argc, &argv, &a,
	    NULL)) != LT_PARSED)
		return status;
	o.task = a.task;
	o.col[LT_IC_SCORE] = a.score;
	o.col[LT_IC_CONV] = a.conv;
	o.col[LT_IC_LR] = a.lr;
	o.col[LT_IC_EPISODE] = a.episode;
	o.col[LT_IC_TIME] = a.time;
	o.skip_invalid = a.skip;
	if (!isnan(a.lr_value)) {
		o.lr_value = a.lr_value;
		o.has_lr_value = 1;
	}
	if (a.from < 0)
		return lt_usage("missing --from (auto recognises the format)");
	if (argc == 0)
		return lt_usage("missing SOURCE");
	o.from = a.from;
	/* lib/import.c names a source's value that is an event field
	 * src.NAME, so its metadata needs no second check. */
	if (lt_batch_begin(&batch, lt_log_path(a.file), (enum lt_format)a.fmt,
	    LT_LENIENT | LT_META_CHECKED, &err) != 0) {
		lt_warn_error(&err);
		return LT_TROUBLE;
	}
	for (i = 0; i < argc; i++) {
		if ((n = lt_import_source(argv[i], &o, &batch, &err)) < 0) {
			lt_warn_error(&err);
			lt_warnx("nothing imported");
			lt_batch_end(&batch);
			return LT_TROUBLE;
		}
	}
	if (batch.staged > 0 && lt_batch_commit(&batch, a.nosync, &err) != 0) {
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
