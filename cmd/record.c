/*
 * record.c - lt record: append learning events to a log, one from the
 * command line, a batch from standard input (all or none), or a stream
 * (each line as it arrives).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
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

static int
usage(int status)
{
	FILE *fp = status == LT_OK ? stdout : stderr;

	fputs("usage: lt record [-f FILE] [--format csv|jsonl] -t TASK -s SCORE "
	    "-r LR -e EPISODE\n"
	    "                 -c CONV [--time T] [--lenient] [--no-sync] [-v "
	    "[--json]]\n"
	    "                 [KEY=VALUE | KEY:=JSON ...]\n"
	    "       lt record --batch [--skip-invalid] [OPTIONS] < EVENTS\n"
	    "       lt record --stream [OPTIONS] < EVENTS\n\n"
	    "  -t, --task TASK          task_type\n"
	    "  -s, --score SCORE        performance_score, in [0, 1]\n"
	    "  -r, --lr LR              learning_rate, > 0\n"
	    "  -e, --episode N          episode_count, an integer >= 0\n"
	    "  -c, --convergence CONV   convergence_metric, >= 0\n"
	    "      --time T             Unix seconds or ISO 8601 (default: "
	    "now)\n"
	    "      --batch              append CSV or JSONL events from stdin, "
	    "all or none\n"
	    "      --stream             append each line of stdin as it "
	    "arrives\n"
	    "      --skip-invalid       with --batch: append the good lines, "
	    "report the bad\n"
	    "      --lenient            any finite score; a learning rate of "
	    "0\n"
	    "  -f, --file FILE          the log (default: $LT_FILE, else "
	    "lt.jsonl)\n"
	    "      --format FMT         csv or jsonl, for a new log of "
	    "another name\n"
	    "      --no-sync            do not fdatasync the log\n"
	    "  -v, --verbose            print the event as stored (--json: "
	    "as JSON)\n", fp);
	return status;
}

static const struct option longopts[] = {
	{ "batch",		no_argument,		NULL, 'B' },
	{ "convergence",	required_argument,	NULL, 'c' },
	{ "episode",		required_argument,	NULL, 'e' },
	{ "file",		required_argument,	NULL, 'f' },
	{ "format",		required_argument,	NULL, 'F' },
	{ "help",		no_argument,		NULL, 'h' },
	{ "json",		no_argument,		NULL, 'j' },
	{ "lenient",		no_argument,		NULL, 'L' },
	{ "lr",			required_argument,	NULL, 'r' },
	{ "no-sync",		no_argument,		NULL, 'N' },
	{ "score",		required_argument,	NULL, 's' },
	{ "skip-invalid",	no_argument,		NULL, 'I' },
	{ "stream",		no_argument,		NULL, 'S' },
	{ "task",		required_argument,	NULL, 't' },
	{ "time",		required_argument,	NULL, 'T' },
	{ "verbose",		no_argument,		NULL, 'v' },
	{ NULL,			0,			NULL, 0 }
};

struct opts {
	const char	*file;
	enum lt_format	 fmt;
	unsigned	 check;		/* lt_event_check flags */
	int		 batch, stream, skip, nosync, verbose, json;
};

/* Start a batch on the log; 0, or -1 after the message. */
static int
begin(struct lt_batch *b, const struct opts *o)
{
	struct lt_error err;

	if (lt_batch_begin(b, lt_log_path(o->file), o->fmt, o->check,
	    &err) != 0) {
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
record_one(const struct opts *o, char *const *given, int nargs, char **args)
{
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

	if (begin(&batch, o) != 0)
		return LT_TROUBLE;
	lines = lt_lines_new(STDIN_FILENO);
	lt_lineproc_init(&lp, "(stdin)", LT_FORMAT_AUTO,
	    LT_LP_STAMP | LT_LP_EACH, 0, &ro);
	for (;;) {
		if (batch.staged > 0 && !lt_lines_ready(lines) &&
		    commit(&batch, o) != 0)
			goto out;
		if ((rc = lt_lines_next(lines, &line, &len, &complete)) < 0) {
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
	return status;
}

int
cmd_record(int argc, char **argv)
{
	struct opts o = { 0 };
	char *given[6] = { NULL };
	int ch;

	while ((ch = getopt_long(argc, argv, ":c:e:f:hr:s:t:v", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'B':
			o.batch = 1;
			break;
		case 'c':
			given[4] = optarg;
			break;
		case 'e':
			given[3] = optarg;
			break;
		case 'f':
			o.file = optarg;
			break;
		case 'F':
			if ((o.fmt = lt_format_parse(optarg)) == LT_FORMAT_AUTO)
				return lt_usage("--format \"%s\" is not csv or "
				    "jsonl", optarg);
			break;
		case 'h':
			return usage(LT_OK);
		case 'I':
			o.skip = 1;
			break;
		case 'j':
			o.json = 1;
			break;
		case 'L':
			o.check |= LT_LENIENT;
			break;
		case 'N':
			o.nosync = 1;
			break;
		case 'r':
			given[2] = optarg;
			break;
		case 's':
			given[1] = optarg;
			break;
		case 'S':
			o.stream = 1;
			break;
		case 't':
			given[0] = optarg;
			break;
		case 'T':
			given[5] = optarg;
			break;
		case 'v':
			o.verbose = 1;
			break;
		default:
			return lt_bad_option(argv, ch);
		}
	}
	argc -= optind;
	argv += optind;
	if (o.batch && o.stream)
		return lt_usage("--batch and --stream exclude each other");
	if (o.skip && !o.batch)
		return lt_usage("--skip-invalid goes with --batch");
	if (o.batch || o.stream) {
		if (argc > 0 || given[0] || given[1] || given[2] || given[3] ||
		    given[4] || given[5])
			return lt_usage("--%s reads events from standard input; "
			    "\"%s\" is not taken with it", o.batch ? "batch" :
			    "stream", argc > 0 ? argv[0] : "an event option");
		return o.batch ? record_batch(&o) : record_stream(&o);
	}
	return record_one(&o, given, argc, argv);
}
