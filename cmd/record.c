/*
 * record.c - lt record: append learning events to a log, one from the
 * command line, a batch from standard input (all or none), or a stream
 * (each line as it arrives).
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "buf.h"
#include "cmd.h"
#include "engine.h"
#include "event.h"
#include "format.h"
#include "json.h"
#include "num.h"

static int	cmd_record(int, char **);

struct opts {
	const char	*file;
	int		 fmt;		/* enum lt_format */
	unsigned	 check;		/* lt_event_check flags */
	int		 lenient;
	int		 batch, stream, skip, nosync, verbose, json;
	/* An event's fields, in the order record_one reads them. */
	const char	*task, *score, *lr, *episode, *conv, *time;
};

#define OFF(f)	offsetof(struct opts, f)

static const struct lt_opt opts[] = {
	{ .name = "file", .letter = 'f', .arg = "FILE",
	  .help = "the log (default: $LT_FILE, else lt.jsonl)",
	  .kind = LT_OPT_STRING, .off = OFF(file), .flags = LT_OPTF_FILE },
	{ .name = "format", .arg = "csv|jsonl",
	  .help = "the format of a new log of another name",
	  .kind = LT_OPT_PARSE, .off = OFF(fmt), .parse = lt_parse_format },
	{ .name = "task", .letter = 't', .arg = "TASK",
	  .help = "task_type", .kind = LT_OPT_STRING, .off = OFF(task),
	  .flags = LT_OPTF_TASK },
	{ .name = "score", .letter = 's', .arg = "SCORE",
	  .help = "performance_score, in [0, 1]",
	  .kind = LT_OPT_STRING, .off = OFF(score) },
	{ .name = "lr", .letter = 'r', .arg = "LR",
	  .help = "learning_rate, > 0",
	  .kind = LT_OPT_STRING, .off = OFF(lr) },
	{ .name = "episode", .letter = 'e', .arg = "EPISODE",
	  .help = "episode_count, an integer >= 0",
	  .kind = LT_OPT_STRING, .off = OFF(episode) },
	{ .name = "convergence", .letter = 'c', .arg = "CONV",
	  .help = "convergence_metric, >= 0",
	  .kind = LT_OPT_STRING, .off = OFF(conv) },
	{ .name = "time", .arg = "T",
	  .help = "Unix seconds or ISO 8601 (default: now)",
	  .kind = LT_OPT_STRING, .off = OFF(time) },
	{ .name = "lenient",
	  .help = "any finite score; a learning rate of 0",
	  .kind = LT_OPT_FLAG, .off = OFF(lenient) },
	{ .name = "no-sync", .help = "do not fdatasync the log",
	  .kind = LT_OPT_FLAG, .off = OFF(nosync) },
	{ .name = "verbose", .letter = 'v',
	  .help = "print each event as stored",
	  .kind = LT_OPT_FLAG, .off = OFF(verbose) },
	{ .name = "json", .help = "with -v: as JSON",
	  .kind = LT_OPT_FLAG, .off = OFF(json) },
	{ .name = "batch",
	  .help = "append CSV or JSONL events from stdin, all or none",
	  .kind = LT_OPT_FLAG, .off = OFF(batch), .excl = 2 },
	{ .name = "skip-invalid",
	  .help = "with --batch: append the good lines, report the bad",
	  .kind = LT_OPT_FLAG, .off = OFF(skip) },
	{ .name = "stream",
	  .help = "append each line of stdin as it arrives",
	  .kind = LT_OPT_FLAG, .off = OFF(stream), .excl = 2 },
	{ .name = NULL }
};

#define COMMON	"[--file] [--format] [--lenient] [--no-sync] [-v [--json]]"

static const struct lt_form forms[] = {
	{ .words = "[--file] [--format] --task --score --lr --episode "
	  "--convergence [--time] [--lenient] [--no-sync] [-v [--json]] "
	  "[KEY=VALUE | KEY:=JSON ...]" },
	{ .words = "--batch [--skip-invalid] " COMMON " < EVENTS" },
	{ .words = "--stream " COMMON " < EVENTS" },
	{ .words = NULL }
};

const struct lt_cmd lt_cmd_record = {
	.name = "record",
	.summary = "append learning events to a log",
	.forms = forms,
	.opts = opts,
	.run = cmd_record,
};

/* Start a batch on the log; 0, or -1 after the message. */
static int
begin(struct lt_batch *b, const struct opts *o)
{
	struct lt_error err;

	if (lt_batch_begin(b, lt_log_path(o->file), (enum lt_format)o->fmt,
	    o->check, &err) != 0) {
		lt_warn_error(&err);
		return -1;
	}
	b->tmpdir = lt_tmpdir();
	return 0;
}

/* Commit what is staged, and say so if the log's torn tail was mended. */
static int
commit(struct lt_batch *b, const struct opts *o)
{
	struct lt_error err;
	int rc;

	if ((rc = lt_batch_commit(b, o->nosync, &err)) != 0)
		lt_warn_error(&err);
	if (b->store.repaired) {
		lt_warnx("warning: %s: its last line was torn; ended it",
		    b->store.path);
		b->store.repaired = 0;
	}
	return rc;
}

static void
print_event(const struct lt_event *ev, const struct opts *o)
{
	struct lt_out out;
	struct lt_table *t;
	struct lt_buf b;
	json_t *obj;
	static const char *const hdr[] = { "field", "value" };
	char num[LT_NUM_BUFSZ];

	lt_out_init(&out, stdout, o->json ? LT_STYLE_JSON : LT_STYLE_TEXT);
	if (o->json) {
		/* The event's one writer; indented on a terminal. */
		lt_buf_init(&b);
		lt_format_encode(LT_FORMAT_JSON, ev, &b);
		if (out.tty && (obj = json_loadb(b.data, b.len, 0,
		    NULL)) != NULL) {
			lt_out_json(&out, obj);
			json_decref(obj);
		} else
			printf("%s\n", b.data);
		lt_buf_release(&b);
		return;
	}
	t = lt_table_new(&out, 2, hdr);
	/* As stored: every digit, not rounded for display. */
	lt_table_str(t, "timestamp");
	lt_table_time(t, ev->timestamp);
	lt_table_str(t, "task_type");
	lt_table_str(t, ev->task);
	lt_table_str(t, "performance_score");
	lt_table_str(t, (lt_num_format(ev->score, num), num));
	lt_table_str(t, "learning_rate");
	lt_table_str(t, (lt_num_format(ev->lr, num), num));
	lt_table_str(t, "episode_count");
	lt_table_str(t, (lt_num_format_int(ev->episode, num), num));
	lt_table_str(t, "convergence_metric");
	lt_table_str(t, (lt_num_format(ev->conv, num), num));
	lt_table_str(t, "metadata");
	lt_table_str(t, ev->meta);
	lt_table_print(t);
}

static int
number_arg(const char *field, const char *text, double *out)
{
	if (lt_num_parse(text, strlen(text), out) != 0) {
		lt_usage("%s \"%s\" is not a finite number", field, text);
		return -1;
	}
	return 0;
}

/* One event from the command line. */
static int
record_one(const struct opts *o, int nargs, char **args)
{
	const char *const given[] = { o->task, o->score, o->lr, o->episode,
	    o->conv, o->time };
	static const char *const names[] = { "--task", "--score", "--lr",
	    "--episode", "--convergence" };
	struct lt_event ev = { .timestamp = NAN };
	struct lt_batch batch;
	struct lt_error err;
	struct lt_buf meta;
	json_t *obj;
	int i, rc = LT_TROUBLE;

	for (i = 0; i < 5; i++)
		if (given[i] == NULL)
			return lt_usage("missing %s", names[i]);
	ev.task = given[0];
	ev.task_len = strlen(given[0]);
	if (number_arg("performance_score", given[1], &ev.score) != 0 ||
	    number_arg("learning_rate", given[2], &ev.lr) != 0 ||
	    number_arg("convergence_metric", given[4], &ev.conv) != 0)
		return LT_TROUBLE;
	if (lt_num_parse_int(given[3], strlen(given[3]), &ev.episode) != 0)
		return lt_usage("episode_count \"%s\" is not an integer in "
		    "[0, 2^53]", given[3]);
	if (given[5] != NULL) {
		if (lt_time_parse(given[5], strlen(given[5]), &ev.timestamp,
		    &err) != 0) {
			lt_warn_error(&err);
			return LT_TROUBLE;
		}
	} else
		ev.timestamp = lt_time_now();
	obj = json_object();
	for (i = 0; i < nargs; i++) {
		if (lt_meta_add_arg(obj, args[i], &err) != 0) {
			json_decref(obj);
			lt_warn_error(&err);
			return LT_TROUBLE;
		}
	}
	lt_buf_init(&meta);
	lt_json_dump(obj, 0, &meta);
	json_decref(obj);
	ev.meta = meta.data;
	ev.meta_len = meta.len;
	if (lt_event_check(&ev, o->check, &err) != 0) {
		lt_warn_error(&err);
		goto out;
	}
	if (begin(&batch, o) != 0)
		goto out;
	if (lt_batch_add(&batch, &ev, &err) != 0)
		lt_warn_error(&err);
	else if (commit(&batch, o) == 0) {
		rc = LT_OK;
		if (o->verbose)
			print_event(&ev, o);
	}
	lt_batch_end(&batch);
out:
	lt_buf_release(&meta);
	return rc;
}

/* Print an event as it is staged (-v with --batch). */
static void
print_staged(void *ctx, const struct lt_event *ev)
{
	print_event(ev, ctx);
}

/* --batch: decoded on $LT_THREADS threads, staged in order, all or none
 * unless --skip-invalid. */
static int
record_batch(struct opts *o)
{
	struct lt_reader_opts ro = lt_read_opts(!o->skip);
	struct lt_batch batch;
	struct lt_error err;
	size_t bad = 0;
	int status = LT_TROUBLE;

	if (begin(&batch, o) != 0)
		return LT_TROUBLE;
	if (lt_batch_ingest(&batch, STDIN_FILENO, "(stdin)", &ro,
	    o->verbose ? print_staged : NULL, o, &bad, &err) != 0) {
		lt_warn_error(&err);
		lt_warnx("nothing recorded");
		goto out;
	}
	if (batch.staged > 0 && commit(&batch, o) != 0)
		goto out;
	lt_warn_skipped(bad);
	status = LT_OK;
out:
	lt_batch_end(&batch);
	return status;
}

/* --stream: a line at a time, what came appended as soon as no further
 * line is waiting; a bad line is reported and skipped. */
/* The signal that ends record --stream, or 0. */
static volatile sig_atomic_t stream_sig;

static void
on_stream_signal(int sig)
{
	stream_sig = sig;
}

/*
 * record --stream: SIGHUP, SIGINT and SIGTERM stop the reading (not the
 * process): the whole lines read by then are staged and committed, and
 * the signal is raised again under its default action, so the shell sees
 * 129, 130 or 143.
 */
static int
record_stream(const struct opts *o)
{
	struct lt_reader_opts ro = lt_read_opts(0);
	struct lt_lineproc lp;
	struct lt_lines *lines;
	struct lt_batch batch;
	struct lt_event ev;
	struct lt_error err;
	char *line;
	size_t len;
	int rc, complete, status = LT_TROUBLE;

	struct sigaction sa;
	static const int sigs[] = { SIGHUP, SIGINT, SIGTERM };
	size_t i;

	if (begin(&batch, o) != 0)
		return LT_TROUBLE;
	/* No SA_RESTART: the signal cuts the read short. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stream_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	lines = lt_lines_new(STDIN_FILENO);
	lt_lines_stop_on(lines, &stream_sig);
	lt_lineproc_init(&lp, "(stdin)", LT_FORMAT_AUTO,
	    LT_LP_STAMP | LT_LP_EACH, 0, &ro);
	for (;;) {
		if (batch.staged > 0 && !lt_lines_ready(lines) &&
		    commit(&batch, o) != 0)
			goto out;
		/* Stopped: the lines buffered yet, then no more. */
		if (stream_sig != 0 && !lt_lines_ready(lines))
			break;
		if ((rc = lt_lines_next(lines, &line, &len, &complete)) < 0) {
			if (errno == EINTR && stream_sig != 0)
				break;
			lt_warnx("cannot read standard input: %s",
			    strerror(errno));
			goto out;
		}
		if (rc == 0)
			break;
		if (lt_lineproc_line(&lp, line, len, &ev, &err) != 1)
			continue;
		if ((rc = lt_batch_add(&batch, &ev, &err)) == -2) {
			lt_warn_error(&err);
			goto out;
		}
		if (rc == -1) {
			(void)lt_lineproc_bad(&lp, lp.line, &err, NULL);
			continue;
		}
		if (o->verbose)
			print_event(&ev, o);
		if (lt_batch_full(&batch) && commit(&batch, o) != 0)
			goto out;
	}
	if (batch.staged > 0 && commit(&batch, o) != 0)
		goto out;
	lt_warn_skipped(lp.skipped);
	status = LT_OK;
out:
	lt_lineproc_release(&lp);
	lt_lines_free(lines);
	lt_batch_end(&batch);
	if (stream_sig != 0) {
		fflush(stdout);
		signal(stream_sig, SIG_DFL);
		raise(stream_sig);
		status = 128 + stream_sig;
	}
	return status;
}

static int
cmd_record(int argc, char **argv)
{
	struct opts o = { .fmt = LT_FORMAT_AUTO };
	int status;

	if ((status = lt_opts_parse(&lt_cmd_record, &argc, &argv, &o,
	    NULL)) != LT_PARSED)
		return status;
	if (o.lenient)
		o.check |= LT_LENIENT;
	if (o.skip && !o.batch)
		return lt_usage("--skip-invalid goes with --batch");
	if (o.json && !o.verbose)
		return lt_usage("--json goes with -v");
	if (o.batch || o.stream) {
		if (argc > 0 || o.task || o.score || o.lr || o.episode ||
		    o.conv || o.time)
			return lt_usage("--%s reads events from standard input; "
			    "\"%s\" is not taken with it", o.batch ? "batch" :
			    "stream", argc > 0 ? argv[0] : "an event option");
		return o.batch ? record_batch(&o) : record_stream(&o);
	}
	return record_one(&o, argc, argv);
}
