/*
 * import.c - lt import: append, as events, the logs that training
 * frameworks write (lib/import.h), all or none, only what the log does
 * not hold yet; with --follow, again as they grow.
 */
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "cmd.h"
#include "import.h"
#include "num.h"
#include "taskinfo.h"
#include "taskinfo.h"
#include "watch.h"

/* How often --follow looks, and how long it lets a burst of writes
 * settle, in milliseconds. */
#define FOLLOW_INTERVAL	1000
#define FOLLOW_SETTLE	200

static int	cmd_import(int, char **);

struct args {
	int		 from;		/* enum lt_source */
	int		 columns;
	const char	*file;
	int		 fmt;		/* enum lt_format */
	const char	*task;
	struct lt_strv	 scores;
	const char	*conv, *lr, *episode, *time;
	double		 lr_value;	/* NaN when not given */
	int		 mode;		/* enum lt_stats_mode, or -1 */
	int		 follow, skip, nosync;
};

#define OFF(f)	offsetof(struct args, f)
#define FROM	"keras|lightning|hf|sb3|mlflow|tensorboard|yolo|detectron2|auto"

static lt_opt_parse_fn parse_from, parse_mode;

static const struct lt_opt opts[] = {
	{ .name = "from", .arg = "FORMAT", .choices = FROM,
	  .help = "the framework that wrote SOURCE: keras, lightning, hf, "
	  "sb3, mlflow, tensorboard, yolo, detectron2, or auto (the default) "
	  "to recognise it",
	  .kind = LT_OPT_PARSE, .off = OFF(from), .parse = parse_from },
	{ .name = "columns",
	  .help = "list each run's columns and their values; import nothing",
	  .kind = LT_OPT_FLAG, .off = OFF(columns), .excl = 3 },
	{ .name = "file", .letter = 'f', .arg = "FILE",
	  .help = "the log (default: $LT_FILE, else lt.jsonl)",
	  .kind = LT_OPT_STRING, .off = OFF(file), .flags = LT_OPTF_FILE },
	{ .name = "format", .arg = "csv|jsonl",
	  .help = "the format of a new log of another name",
	  .kind = LT_OPT_PARSE, .off = OFF(fmt), .parse = lt_parse_format },
	{ .name = "task", .letter = 't', .arg = "TASK",
	  .help = "task_type (default: RUN/COLUMN)",
	  .kind = LT_OPT_STRING, .off = OFF(task) },
	{ .name = "score", .letter = 's', .arg = "COL",
	  .help = "the column for performance_score (repeatable: a task "
	  "each)",
	  .kind = LT_OPT_LIST, .off = OFF(scores) },
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
	{ .name = "mode", .arg = "min|max",
	  .help = "the tasks' direction (default: by the score's name)",
	  .kind = LT_OPT_PARSE, .off = OFF(mode), .parse = parse_mode },
	{ .name = "follow",
	  .help = "keep importing as the sources grow, until interrupted",
	  .kind = LT_OPT_FLAG, .off = OFF(follow), .excl = 3 },
	{ .name = "skip-invalid",
	  .help = "import the good points, report the bad",
	  .kind = LT_OPT_FLAG, .off = OFF(skip) },
	{ .name = "no-sync", .help = "do not fdatasync the log",
	  .kind = LT_OPT_FLAG, .off = OFF(nosync) },
	{ .name = NULL }
};

static const struct lt_form forms[] = {
	{ .words = "[--from] [--file] [--format] [--task] [--score ...] "
	  "[--convergence] [--lr | --lr-value] [--episode] [--time] [--mode] "
	  "[--follow] [--skip-invalid] [--no-sync] SOURCE ..." },
	{ .words = "--columns [--from] SOURCE ..." },
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
	int k = lt_source_parse(arg);

	(void)o;
	if (k < 0)
		return lt_error_set(err, "--from \"%s\" is not keras, "
		    "lightning, hf, sb3, mlflow, tensorboard, yolo, "
		    "detectron2 or auto", arg);
	*(int *)field = k;
	return 0;
}

static int
parse_mode(const struct lt_opt *o, const char *arg, void *field,
    struct lt_error *err)
{
	enum lt_stats_mode mode;
	char msg[sizeof(err->msg)];

	(void)o;
	if (lt_taskinfo_dir_parse(arg, &mode, err) != 0) {
		memcpy(msg, err->msg, sizeof(msg));
		return lt_error_set(err, "--mode: %.480s", msg);
	}
	*(int *)field = (int)mode;
	return 0;
}

static volatile sig_atomic_t stopped;

static void
on_signal(int sig)
{
	(void)sig;
	stopped = 1;
}

static void
note(void *ctx, const struct lt_error *e)
{
	char msg[1024];

	(void)ctx;
	lt_error_format(e, msg, sizeof(msg));
	lt_warnx("%s", msg);
}

/* The runs' columns: how many values each has, where, and what the
 * mapping made of it. */
static int
print_columns(const struct lt_import *im, FILE *fp)
{
	static const char *const head[] = { "run", "column", "values",
	    "non-finite", "first", "last", "maps to" };
	static const char *const fields[LT_IF_COUNT] = {
	    "convergence_metric", "learning_rate", "episode_count",
	    "timestamp" };
	const struct lt_import_task *t;
	const struct lt_run *r;
	const struct lt_run_col *col;
	struct lt_table *tab;
	struct lt_out out;
	struct lt_buf use;
	size_t i, c, k;
	int f;

	lt_out_init(&out, fp, LT_STYLE_TEXT);
	tab = lt_table_new(&out, 7, head);
	lt_buf_init(&use);
	for (i = 0; i < lt_import_nruns(im); i++) {
		r = lt_import_run(im, i);
		for (c = 0; c < lt_run_ncols(r); c++) {
			col = &r->col[c];
			lt_buf_reset(&use);
			for (k = 0; k < lt_import_ntasks(im); k++) {
				t = lt_import_task(im, k);
				if (t->run != r)
					continue;
				if (t->score == c)
					lt_buf_printf(&use, "%sscore of %s",
					    use.len ? ", " : "", t->name);
				for (f = 0; f < LT_IF_COUNT; f++)
					if (t->col[f] == (long)c &&
					    strstr(use.data ? use.data : "",
					    fields[f]) == NULL)
						lt_buf_printf(&use, "%s%s",
						    use.len ? ", " : "",
						    fields[f]);
			}
			lt_table_str(tab, r->name);
			lt_table_str(tab, lt_run_col_name(r, (uint32_t)c));
			lt_table_int(tab, (long long)col->nvals);
			lt_table_int(tab, (long long)col->nbad);
			if (col->nvals > 0) {
				lt_table_int(tab, (long long)
				    r->rows[col->first_row].step);
				lt_table_int(tab, (long long)
				    r->rows[col->last_row].step);
			} else {
				lt_table_str(tab, "-");
				lt_table_str(tab, "-");
			}
			lt_table_str(tab, use.len ? use.data : "-");
		}
	}
	lt_buf_release(&use);
	return lt_table_print(tab);
}

/* Say what an import added, task by task. */
static void
summary(const struct lt_import *im, int quiet)
{
	const struct lt_import_task *t;
	size_t i;

	for (i = 0; i < lt_import_ntasks(im); i++) {
		t = lt_import_task(im, i);
		if (t->ndiff > 0)
			lt_warnx("%s: %zu point%s at steps the log holds "
			    "with other values were not imported (was the "
			    "source rewritten by another run? --task NAME "
			    "imports it as another task)", t->name, t->ndiff,
			    t->ndiff == 1 ? "" : "s");
		if (quiet && t->nnew == 0)
			continue;
		if (t->nold > 0)
			lt_warnx("%s: %zu new event%s, %zu already in the log",
			    t->name, t->nnew, t->nnew == 1 ? "" : "s",
			    t->nold);
		else
			lt_warnx("%s: %zu new event%s", t->name, t->nnew,
			    t->nnew == 1 ? "" : "s");
	}
}

/* What one import needs, and the command's own options. */
struct run_ctx {
	struct lt_import_opts	*o;
	char			**sources;
	int			 nsources;
	const char		*file;		/* -f */
	enum lt_format		 fmt;		/* --format */
	const char		*log;
	struct lt_batch		*batch;
	struct lt_seen		*seen;
	int			 nosync;
	int			 columns;
};

/*
 * One import of every source: read, map, stage what is new, commit.
 * Returns LT_OK, or LT_TROUBLE after a message.
 */
static int
import_once(struct run_ctx *c, int quiet)
{
	struct lt_reader_opts ro = lt_read_opts(0);
	struct lt_import *im = lt_import_new(c->o);
	struct lt_error err;
	const struct lt_run *bad;
	int i, status = LT_TROUBLE;
	off_t tsize;
	long n;

	for (i = 0; i < c->nsources; i++)
		if (lt_import_read(im, c->sources[i], &err) != 0)
			goto fail;
	if (lt_import_map(im, &err) != 0 && !c->columns) {
		lt_warn_error(&err);
		if ((bad = lt_import_failed(im)) != NULL) {
			lt_warnx("the columns of run \"%s\", and how many "
			    "values each has:", bad->name);
			fflush(stdout);
			print_columns(im, stderr);
		}
		goto out;
	}
	if (c->columns) {
		status = print_columns(im, stdout) == 0 ? LT_OK : LT_TROUBLE;
		goto out;
	}
	if ((n = lt_import_stage(im, c->seen, c->log, &ro, c->batch,
	    &err)) < 0)
		goto fail;
	/* The tasks file first, taken back if the events cannot follow:
	 * all or none. */
	tsize = lt_taskinfo_size(c->log);
	if (lt_import_mark(im, c->log, c->nosync, &err) != 0)
		goto fail;
	if (n > 0 && lt_batch_commit(c->batch, c->nosync, &err) != 0) {
		lt_warn_error(&err);
		if (lt_taskinfo_rollback(c->log, tsize, &err) != 0)
			lt_warn_error(&err);
		goto out;
	}
	lt_import_account(im);
	if (c->batch->store.repaired) {
		lt_warnx("warning: %s: its last line was torn; ended it",
		    c->batch->store.path);
		c->batch->store.repaired = 0;
	}
	summary(im, quiet);
	status = LT_OK;
	goto out;
fail:
	lt_warn_error(&err);
out:
	if (status != LT_OK && !quiet && !c->columns)
		lt_warnx("nothing imported");
	lt_import_free(im);
	return status;
}

/* --follow: import again whenever a source changes, until SIGINT or
 * SIGTERM.  The two are blocked but while waiting, so no import is cut
 * short and none that arrives is missed. */
static int
follow(struct run_ctx *c)
{
	struct sigaction sa;
	struct lt_watch *w;
	struct lt_error err;
	sigset_t block, old;
	int status;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if ((w = lt_watch_new((const char *const *)c->sources,
	    (size_t)c->nsources, &err)) == NULL) {
		lt_warn_error(&err);
		return LT_TROUBLE;
	}
	status = import_once(c, 0);
	/* Later notes would repeat the first import's. */
	c->o->note = NULL;
	while (status == LT_OK && !stopped &&
	    lt_watch_wait(w, FOLLOW_INTERVAL, FOLLOW_SETTLE, &old) &&
	    !stopped)
		/* A source caught half-written (a JSON file being
		 * rewritten) is read again at its next change. */
		import_once(c, 1);
	lt_watch_free(w);
	return status;
}

static int
cmd_import(int argc, char **argv)
{
	struct args a = { .from = LT_SRC_AUTO, .fmt = LT_FORMAT_AUTO,
	    .lr_value = NAN, .mode = -1 };
	struct lt_import_opts o = { .note = note };
	struct lt_batch batch;
	struct lt_error err;
	struct run_ctx c;
	int status;

	if ((status = lt_opts_parse(&lt_cmd_import, &argc, &argv, &a,
	    NULL)) != LT_PARSED)
		goto done;
	status = LT_TROUBLE;
	if (argc == 0) {
		lt_usage("missing SOURCE");
		goto done;
	}
	o.from = (enum lt_source)a.from;
	o.task = a.task;
	o.scores = a.scores.v;
	o.nscores = a.scores.n;
	o.col[LT_IF_CONV] = a.conv;
	o.col[LT_IF_LR] = a.lr;
	o.col[LT_IF_EPISODE] = a.episode;
	o.col[LT_IF_TIME] = a.time;
	o.has_lr_value = !isnan(a.lr_value);
	o.lr_value = o.has_lr_value ? a.lr_value : 0;
	o.has_mode = a.mode >= 0;
	o.mode = o.has_mode ? (enum lt_stats_mode)a.mode : LT_STATS_MAX;
	o.skip_invalid = a.skip;
	o.follow = a.follow;
	memset(&c, 0, sizeof(c));
	c.o = &o;
	c.sources = argv;
	c.nsources = argc;
	c.file = a.file;
	c.fmt = (enum lt_format)a.fmt;
	c.nosync = a.nosync;
	c.columns = a.columns;
	c.log = lt_log_path(c.file);
	if (c.columns) {
		status = import_once(&c, 0);
		goto done;
	}
	/* lib/import.c names a source's value that is an event field
	 * src.NAME, so its metadata needs no second check. */
	if (lt_batch_begin(&batch, c.log, c.fmt, LT_LENIENT | LT_META_CHECKED,
	    &err) != 0) {
		lt_warn_error(&err);
		goto done;
	}
	batch.tmpdir = lt_tmpdir();
	c.batch = &batch;
	c.seen = lt_seen_new();
	status = o.follow ? follow(&c) : import_once(&c, 0);
	lt_seen_free(c.seen);
	lt_batch_end(&batch);
done:
	lt_strv_release(&a.scores);
	return status;
}
