/*
 * record.c - lt record: append learning events to a log, one from the
 * command line, a batch from standard input (all or none), or a stream
 * (each line as it arrives).
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "buf.h"
#include "cmd.h"
#include "event.h"
#include "format.h"
#include "json.h"
#include "num.h"
#include "reader.h"

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
	json_error_t jerr;
	json_t *obj;
	static const char *const hdr[] = { "field", "value" };
	char num[LT_NUM_BUFSZ];

	lt_out_init(&out, stdout, o->json ? LT_STYLE_JSON : LT_STYLE_TEXT);
	if (o->json) {
		obj = json_object();
		json_object_set_new(obj, "timestamp", json_real(ev->timestamp));
		json_object_set_new(obj, "task_type", json_stringn(ev->task,
		    ev->task_len));
		json_object_set_new(obj, "performance_score",
		    json_real(ev->score));
		json_object_set_new(obj, "learning_rate", json_real(ev->lr));
		json_object_set_new(obj, "episode_count",
		    json_integer(ev->episode));
		json_object_set_new(obj, "convergence_metric",
		    json_real(ev->conv));
		json_object_set_new(obj, "metadata", json_loadb(ev->meta,
		    ev->meta_len, 0, &jerr));
		lt_out_json(&out, obj);
		json_decref(obj);
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
	if (lt_batch_begin(&batch, lt_log_path(o->file),
	    (enum lt_format)o->fmt, o->check, &err) != 0) {
		lt_warn_error(&err);
		goto out;
	}
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

/*
 * Decode and complete one input line (the batch checks it).  Returns 1 for an event,
 * 0 for a line without one, -1 with err for a bad line.
 */
static int
input_line(struct lt_decoder *dec, char *line, size_t len,
    struct lt_event *ev, struct lt_error *err)
{
	int rc;

	rc = lt_decoder_line(dec, line, len, ev, err);
	if (rc <= 0)
		return rc;
	if (isnan(ev->timestamp))
		ev->timestamp = lt_time_now();
	return 1;
}

/* The format of standard input, from its first line. */
static enum lt_format
input_format(char *line, size_t len)
{
	enum lt_format f = lt_format_sniff(line, len);

	return f == LT_FORMAT_AUTO ? LT_FORMAT_CSV : f;
}

/* --batch: decoded on two threads, staged in order, all or none. */
static int
record_batch(const struct opts *o)
{
	struct lt_batch batch;
	struct lt_error err;
	size_t bad = 0;
	int rc, status = LT_TROUBLE;

	if (lt_batch_begin(&batch, lt_log_path(o->file),
	    (enum lt_format)o->fmt, o->check, &err) != 0) {
		lt_warn_error(&err);
		return LT_TROUBLE;
	}
	rc = lt_batch_ingest(&batch, STDIN_FILENO, "(stdin)", o->skip ?
	    LT_INGEST_SKIP : 0, lt_warn_line, NULL, &bad, &err);
	if (rc != 0) {
		lt_warn_error(&err);
		if (rc == -1)
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

/* --stream, and --batch -v: a line at a time. */
static int
record_input(const struct opts *o)
{
	struct lt_decoder *dec = NULL;
	struct lt_lines *lines;
	struct lt_batch batch;
	struct lt_event ev;
	struct lt_error err;
	char *line;
	size_t len, bad = 0;
	long lineno = 0;
	int rc, complete, status = LT_TROUBLE;

	if (lt_batch_begin(&batch, lt_log_path(o->file),
	    (enum lt_format)o->fmt, o->check, &err) != 0) {
		lt_warn_error(&err);
		return LT_TROUBLE;
	}
	lines = lt_lines_new(STDIN_FILENO);
	for (;;) {
		if (o->stream && batch.staged > 0 && !lt_lines_ready(lines)) {
			/* Nothing more is waiting: put what came on disk. */
			if (commit(&batch, o) != 0)
				goto out;
		}
		rc = lt_lines_next(lines, &line, &len, &complete);
		if (rc < 0) {
			lt_warnx("cannot read standard input: %s",
			    strerror(errno));
			goto out;
		}
		if (rc == 0)
			break;
		lineno++;
		if (dec == NULL) {
			if (lt_format_sniff(line, len) == LT_FORMAT_AUTO)
				continue;
			dec = lt_decoder_new(input_format(line, len));
		}
		rc = input_line(dec, line, len, &ev, &err);
		if (rc == 0)
			continue;
		if (rc > 0 && (rc = lt_batch_add(&batch, &ev, &err)) == 0) {
			if (o->verbose)
				print_event(&ev, o);
			if (o->stream && lt_batch_full(&batch) &&
			    commit(&batch, o) != 0)
				goto out;
			continue;
		}
		if (rc == -2) {
			lt_warn_error(&err);
			goto out;
		}
		err.line = lineno;
		snprintf(err.file, sizeof(err.file), "(stdin)");
		if (o->batch && !o->skip) {
			lt_warn_error(&err);
			lt_warnx("nothing recorded");
			goto out;
		}
		lt_warn_line(NULL, &err);
		bad++;
	}
	if (batch.staged > 0 && commit(&batch, o) != 0)
		goto out;
	lt_warn_skipped(bad);
	status = LT_OK;
out:
	lt_lines_free(lines);
	lt_decoder_free(dec);
	lt_batch_end(&batch);
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
		return o.batch && !o.verbose ? record_batch(&o) :
		    record_input(&o);
	}
	return record_one(&o, argc, argv);
}
