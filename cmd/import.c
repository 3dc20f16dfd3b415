/*
 * import.c - lt import: append, as events, the logs that training
 * frameworks write (lib/import.h), all or none, only what the log does
 * not hold yet; with --follow, again as they grow.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "cmd.h"
#include "import.h"
#include "num.h"
#include "taskinfo.h"
#include "watch.h"

/* How often --follow looks, and how long it lets a burst of writes
 * settle, in milliseconds. */
#define FOLLOW_INTERVAL	1000
#define FOLLOW_SETTLE	200

static int
usage(int status)
{
	FILE *fp = status == LT_OK ? stdout : stderr;

	fputs("usage: lt import [--from FORMAT] [-f FILE] [--format csv|jsonl] "
	    "[-t TASK]\n"
	    "                 [-s COL ...] [-c COL] [-r COL | --lr-value X] "
	    "[-e COL]\n"
	    "                 [--time COL] [--mode min|max] [--follow] "
	    "[--skip-invalid]\n"
	    "                 [--no-sync] SOURCE ...\n"
	    "       lt import --columns [--from FORMAT] SOURCE ...\n\n"
	    "      --from FORMAT        keras, lightning, hf, sb3, mlflow, "
	    "tensorboard,\n"
	    "                           yolo, detectron2 or auto (the "
	    "default)\n"
	    "      --columns            list each run's columns and their "
	    "values; import nothing\n"
	    "  -t, --task TASK          task_type (default: RUN/COLUMN)\n"
	    "  -s, --score COL          column for performance_score "
	    "(repeatable: a task each)\n"
	    "  -c, --convergence COL    column for convergence_metric\n"
	    "  -r, --lr COL             column for learning_rate\n"
	    "      --lr-value X         a constant learning_rate\n"
	    "  -e, --episode COL        column for episode_count (default: "
	    "the step)\n"
	    "      --time COL           column for timestamp\n"
	    "      --mode min|max       the tasks' direction (default: by "
	    "the score's name)\n"
	    "      --follow             keep importing as the sources grow, "
	    "until interrupted\n"
	    "      --skip-invalid       import the good points, report the "
	    "bad\n"
	    "  -f, --file FILE          the log (default: $LT_FILE, else "
	    "lt.jsonl)\n"
	    "      --format FMT         csv or jsonl, for a new log of "
	    "another name\n"
	    "      --no-sync            do not fdatasync the log\n", fp);
	return status;
}

static const struct option longopts[] = {
	{ "columns",		no_argument,		NULL, 'C' },
	{ "convergence",	required_argument,	NULL, 'c' },
	{ "episode",		required_argument,	NULL, 'e' },
	{ "file",		required_argument,	NULL, 'f' },
	{ "follow",		no_argument,		NULL, 'W' },
	{ "format",		required_argument,	NULL, 'F' },
	{ "from",		required_argument,	NULL, 'R' },
	{ "help",		no_argument,		NULL, 'h' },
	{ "lr",			required_argument,	NULL, 'r' },
	{ "lr-value",		required_argument,	NULL, 'V' },
	{ "mode",		required_argument,	NULL, 'M' },
	{ "no-sync",		no_argument,		NULL, 'N' },
	{ "score",		required_argument,	NULL, 's' },
	{ "skip-invalid",	no_argument,		NULL, 'I' },
	{ "task",		required_argument,	NULL, 't' },
	{ "time",		required_argument,	NULL, 'T' },
	{ NULL,			0,			NULL, 0 }
};

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
	if (n > 0 && lt_batch_commit(c->batch, c->nosync, &err) != 0)
		goto fail;
	if (lt_import_mark(im, c->log, c->nosync, &err) != 0)
		goto fail;
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

/*
 * Parse the options into o, c, and the scores array (argc long).
 * Returns -1 when the command is to go on, else its exit status.
 */
static int
options(int argc, char **argv, struct lt_import_opts *o, struct run_ctx *c,
    const char **scores)
{
	struct lt_error err;
	int ch, k;

	while ((ch = getopt_long(argc, argv, ":c:e:f:hr:s:t:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->col[LT_IF_CONV] = optarg;
			break;
		case 'C':
			c->columns = 1;
			break;
		case 'e':
			o->col[LT_IF_EPISODE] = optarg;
			break;
		case 'f':
			c->file = optarg;
			break;
		case 'F':
			if ((c->fmt = lt_format_parse(optarg)) ==
			    LT_FORMAT_AUTO)
				return lt_usage("--format \"%s\" is not csv or "
				    "jsonl", optarg);
			break;
		case 'h':
			return usage(LT_OK);
		case 'I':
			o->skip_invalid = 1;
			break;
		case 'M':
			if (lt_taskinfo_dir_parse(optarg, &o->mode, &err) != 0)
				return lt_usage("--mode: %s", err.msg);
			o->has_mode = 1;
			break;
		case 'N':
			c->nosync = 1;
			break;
		case 'r':
			o->col[LT_IF_LR] = optarg;
			break;
		case 'R':
			if ((k = lt_source_parse(optarg)) < 0)
				return lt_usage("--from \"%s\" is not keras, "
				    "lightning, hf, sb3, mlflow, tensorboard, "
				    "yolo, detectron2 or auto", optarg);
			o->from = k;
			break;
		case 's':
			scores[o->nscores++] = optarg;
			break;
		case 't':
			o->task = optarg;
			break;
		case 'T':
			o->col[LT_IF_TIME] = optarg;
			break;
		case 'V':
			if (lt_num_parse(optarg, strlen(optarg),
			    &o->lr_value) != 0 || o->lr_value < 0)
				return lt_usage("--lr-value \"%s\" is not a "
				    "finite number >= 0", optarg);
			o->has_lr_value = 1;
			break;
		case 'W':
			o->follow = 1;
			break;
		default:
			return lt_bad_option(argv, ch);
		}
	}
	if (optind == argc)
		return lt_usage("missing SOURCE");
	if (o->has_lr_value && o->col[LT_IF_LR] != NULL)
		return lt_usage("--lr and --lr-value exclude each other");
	if (c->columns && o->follow)
		return lt_usage("--columns and --follow exclude each other");
	return -1;
}

int
cmd_import(int argc, char **argv)
{
	struct lt_import_opts o = { .note = note };
	const char **scores = lt_xcalloc((size_t)argc + 1, sizeof(*scores));
	struct lt_batch batch;
	struct lt_error err;
	struct run_ctx c;
	int status;

	memset(&c, 0, sizeof(c));
	if ((status = options(argc, argv, &o, &c, scores)) >= 0) {
		free(scores);
		return status;
	}
	o.scores = scores;
	c.o = &o;
	c.sources = argv + optind;
	c.nsources = argc - optind;
	c.log = lt_log_path(c.file);
	if (c.columns) {
		status = import_once(&c, 0);
		free(scores);
		return lt_finish_stdout(status);
	}
	/* lib/import.c names a source's value that is an event field
	 * src.NAME, so its metadata needs no second check. */
	if (lt_batch_begin(&batch, c.log, c.fmt, LT_LENIENT | LT_META_CHECKED,
	    &err) != 0) {
		lt_warn_error(&err);
		free(scores);
		return LT_TROUBLE;
	}
	batch.tmpdir = lt_tmpdir();
	c.batch = &batch;
	c.seen = lt_seen_new();
	status = o.follow ? follow(&c) : import_once(&c, 0);
	lt_seen_free(c.seen);
	lt_batch_end(&batch);
	free(scores);
	return status;
}
