/*
 * test_pscan.c - the scan, on one thread or several, gives what a line
 * processor gives line by line: the same events in the same order, the
 * same warnings with the same line numbers, the same strict error, on
 * logs whose chunk boundaries fall where they hurt (a second header
 * across one, a header ending on one, blank lines, a line longer than two
 * chunks, a torn last line), read from a file or a pipe.
 */
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "pscan.h"

#define HDR "timestamp,task_type,performance_score,learning_rate," \
	"episode_count,convergence_metric,metadata"
#define HDR2 "task_type,timestamp,convergence_metric,learning_rate," \
	"episode_count,performance_score,metadata"
#define C	((long)LT_PSCAN_CHUNK)

static char dir[] = "/tmp/lt-test-pscan.XXXXXX";
static char csv_path[128], jsonl_path[128], bare_path[128];
static struct lt_buf csv_text, jsonl_text, bare_text;

/* Append a line, its newline included, keeping count of the offset. */
static void
line(struct lt_buf *b, const char *fmt, ...)
{
	va_list ap;
	char tmp[4096];

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	lt_buf_adds(b, tmp);
	lt_buf_addc(b, '\n');
}

/* An event line under HDR (order 0) or HDR2 (1), padded by pad bytes of
 * metadata. */
static void
csv_event(struct lt_buf *b, int order, long i, int pad)
{
	char p[2048];

	memset(p, 'x', (size_t)pad);
	p[pad] = '\0';
	if (order == 0)
		line(b, "%ld,t%ld,%.3f,0.01,%ld,%.4f,"
		    "\"{\"\"p\"\":\"\"%s\"\"}\"", 1795600000 + i, i % 5,
		    (double)(i % 1000) / 1000, i, 1.0 / (double)(i + 1), p);
	else
		line(b, "t%ld,%ld,%.4f,0.01,%ld,%.3f,"
		    "\"{\"\"p\"\":\"\"%s\"\"}\"", i % 5, 1795600000 + i,
		    1.0 / (double)(i + 1), i, (double)(i % 1000) / 1000, p);
}

/* An event line as csv_event writes it, of exactly n bytes with its
 * newline. */
static void
csv_event_len(struct lt_buf *b, int order, long i, size_t n)
{
	size_t start = b->len, base;

	csv_event(b, order, i, 0);
	base = b->len - start;
	assert_true(n >= base && n - base < 2048);
	b->len = start;
	b->data[start] = '\0';
	csv_event(b, order, i, (int)(n - base));
	assert_int_equal(b->len - start, n);
}

/*
 * The CSV log: two blank lines, the header; events of every length, a bad
 * line now and then; HDR2 across the boundary at 2 C (so it starts chunk
 * 2); blank lines about 3 C; lt's header again ending exactly at 4 C (the
 * last line of chunk 3); then a torn last line, past 3 MiB in all.
 */
static void
make_csv(struct lt_buf *b)
{
	int order = 0, placed2 = 0, placed4 = 0, blanks = 0;
	long i;

	lt_buf_adds(b, "\n  \n" HDR "\n");
	for (i = 1; b->len < (size_t)(6 * C + 100000); i++) {
		if (!placed2 && (long)b->len + 600 > 2 * C) {
			csv_event_len(b, order, i, (size_t)(2 * C - 20 -
			    (long)b->len));
			line(b, "%s", HDR2);
			order = placed2 = 1;
			continue;
		}
		if (!placed4 && (long)b->len + 600 > 4 * C) {
			csv_event_len(b, order, i, (size_t)(4 * C -
			    (long)strlen(HDR) - 1 - (long)b->len));
			line(b, "%s", HDR);
			assert_int_equal(b->len, 4 * C);
			order = 0;
			placed4 = 1;
			continue;
		}
		if (!blanks && (long)b->len > 3 * C - 300) {
			lt_buf_adds(b, "\n\n \n");
			blanks = 1;
		}
		if (i % 997 == 0)
			line(b, "%ld,bad,0.5", i);
		else if (i % 1499 == 0)
			line(b, "%ld,t1,2x,0.01,%ld,0.5,{}", 1795600000 + i, i);
		else
			csv_event(b, order, i, (int)((i * 7) % 233));
	}
	assert_true(placed2 && placed4 && blanks);
	lt_buf_adds(b, "1795700000,t1,0.5");
}

/* A CSV log without a header, whose line across 2 C (the first of chunk
 * 2) is a foreign one that no decoder starting afresh would read as an
 * event line. */
static void
make_headerless(struct lt_buf *b)
{
	long i;
	int placed = 0;

	for (i = 1; b->len < (size_t)(5 * C); i++) {
		if (!placed && (long)b->len + 600 > 2 * C) {
			csv_event_len(b, 0, i, (size_t)(2 * C - 10 -
			    (long)b->len));
			line(b, "step,loss,acc");
			placed = 1;
			continue;
		}
		csv_event(b, 0, i, (int)((i * 11) % 199));
	}
}

/* The JSONL log: events, bad lines, a line of 1.5 MB of metadata (longer
 * than two chunks), blank lines, and a torn last line. */
static void
make_jsonl(struct lt_buf *b)
{
	long i;
	size_t k;

	for (i = 1; b->len < (size_t)(6 * C); i++) {
		if (i == 9000) {
			lt_buf_adds(b, "{\"timestamp\":1795600000,"
			    "\"task_type\":\"long\",\"performance_score\":0.5,"
			    "\"learning_rate\":0.1,\"episode_count\":1,"
			    "\"convergence_metric\":0.5,"
			    "\"metadata\":{\"p\":\"");
			for (k = 0; k < 1500000; k++)
				lt_buf_addc(b, 'z');
			lt_buf_adds(b, "\"}}\n");
		} else if (i % 1009 == 0)
			line(b, "{\"timestamp\":%ld,\"task_type\":", i);
		else if (i % 2003 == 0)
			line(b, " ");
		else
			line(b, "{\"timestamp\":%ld.25,\"task_type\":\"j%ld\","
			    "\"performance_score\":%.3f,"
			    "\"learning_rate\":0.001,\"episode_count\":%ld,"
			    "\"convergence_metric\":%.5f,"
			    "\"metadata\":{\"seed\":%ld}}", 1795600000 + i,
			    i % 3, (double)(i % 100) / 100, i, 1.0 / (double)i,
			    i % 7);
	}
	lt_buf_adds(b, "{\"timestamp\":1795700000,\"task_type\":\"j1\"");
}

static void
write_file(const char *path, const struct lt_buf *b)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fwrite(b->data, 1, b->len, fp), b->len);
	assert_int_equal(fclose(fp), 0);
}

/* What a read saw, as text: an event a line, then the warnings. */
struct seen {
	struct lt_buf	ev;
	struct lt_buf	warn;
};

static void
warned(void *ctx, const struct lt_error *e)
{
	struct seen *s = ctx;

	lt_buf_printf(&s->warn, "%s:%ld:%s\n", e->file, e->line, e->msg);
}

static void
seen_event(struct seen *s, const struct lt_event *ev)
{
	lt_buf_printf(&s->ev, "%.17g %s %.17g %.17g %lld %.17g %zu %s\n",
	    ev->timestamp, ev->task, ev->score, ev->lr, (long long)ev->episode,
	    ev->conv, ev->meta_len, ev->meta_len < 100 ? ev->meta : "");
}

static void
seen_init(struct seen *s)
{
	lt_buf_init(&s->ev);
	lt_buf_init(&s->warn);
	lt_buf_adds(&s->ev, "");
	lt_buf_adds(&s->warn, "");
}

static void
seen_release(struct seen *s)
{
	lt_buf_release(&s->ev);
	lt_buf_release(&s->warn);
}

static void
seen_cb(void *ctx, const struct lt_event *ev)
{
	seen_event(ctx, ev);
}

/* Each line of buf[0..len) (the last may lack its newline) through
 * lt_lineproc_line, each event to fn: the plainest reading there is. */
static int
each_line(struct lt_lineproc *lp, char *buf, size_t len,
    void (*fn)(void *, const struct lt_event *), void *ctx,
    struct lt_error *err)
{
	char *p = buf, *end = buf + len, *nl;
	struct lt_event ev;
	int rc;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((rc = lt_lineproc_line(lp, p, (size_t)(nl - p), &ev,
		    err)) < 0)
			return -1;
		if (rc == 1)
			fn(ctx, &ev);
	}
	return 0;
}

/* The line-by-line view of the log at path, whose text is text: one line
 * processor over it all.  Returns its status (0, or -1 strict). */
static int
by_lines(const char *path, const struct lt_buf *text, unsigned flags,
    struct seen *s, long *errline)
{
	struct lt_reader_opts o = { .flags = flags, .warn = warned, .ctx = s };
	struct lt_lineproc lp;
	struct lt_error err;
	char *copy = malloc(text->len + 1);
	int rc;

	memcpy(copy, text->data, text->len + 1);
	lt_lineproc_init(&lp, path, lt_format_from_name(path), 0, 0, &o);
	rc = each_line(&lp, copy, text->len, seen_cb, s, &err);
	if (rc < 0) {
		*errline = err.line;
		lt_buf_printf(&s->warn, "error %s:%ld:%s\n", err.file,
		    err.line, err.msg);
	}
	lt_buf_printf(&s->warn, "skipped %zu\n", lp.skipped);
	lt_lineproc_release(&lp);
	free(copy);
	return rc;
}

/* The scan's view of path, on o->threads threads (o->ctx is s), as
 * lt_events reads a log (which first refuses a file that does not start
 * like an lt log, as a headerless one) and lt record --batch its input. */
static int
by_scan(const char *path, const struct lt_reader_opts *o, struct seen *s,
    long *errline)
{
	struct lt_pscan *p;
	struct lt_event ev;
	struct lt_error err;
	int fd, rc;

	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	p = lt_pscan_fd(fd, path, lt_format_from_name(path), 0, 0, o);
	while ((rc = lt_pscan_next(p, &ev, &err)) == 1)
		seen_event(s, &ev);
	if (rc < 0) {
		*errline = err.line;
		lt_buf_printf(&s->warn, "error %s:%ld:%s\n", err.file,
		    err.line, err.msg);
	}
	lt_buf_printf(&s->warn, "skipped %zu\n", lt_pscan_skipped(p));
	lt_pscan_close(p);
	close(fd);
	return rc;
}

/* Line by line and the scan on 1 (the consumer decoding every chunk
 * itself), 2 and 8 threads agree, lenient and strict. */
static void
compare_file(const char *path, const struct lt_buf *text, size_t min_events,
    size_t min_warnings)
{
	static const unsigned threads[] = { 1, 2, 8 };
	struct lt_reader_opts o;
	struct seen want, got;
	long wline = 0, gline = 0;
	unsigned flags;
	size_t t, n;
	int wrc, grc;

	for (flags = 0; flags <= LT_READ_STRICT; flags += LT_READ_STRICT) {
		seen_init(&want);
		wrc = by_lines(path, text, flags, &want, &wline);
		if (flags == 0) {
			for (n = 0, t = 0; t < want.ev.len; t++)
				n += want.ev.data[t] == '\n';
			assert_true(n >= min_events);
			for (n = 0, t = 0; t < want.warn.len; t++)
				n += want.warn.data[t] == '\n';
			assert_true(n >= min_warnings);
		} else
			assert_int_equal(wrc, -1);
		for (t = 0; t < sizeof(threads) / sizeof(threads[0]); t++) {
			memset(&o, 0, sizeof(o));
			o.flags = flags;
			o.warn = warned;
			o.ctx = &got;
			o.threads = threads[t];
			seen_init(&got);
			grc = by_scan(path, &o, &got, &gline);
			assert_int_equal(grc, wrc);
			assert_int_equal(gline, wline);
			assert_string_equal(got.warn.data, want.warn.data);
			assert_int_equal(got.ev.len, want.ev.len);
			assert_memory_equal(got.ev.data, want.ev.data,
			    want.ev.len);
			seen_release(&got);
		}
		seen_release(&want);
	}
}

static void
test_csv_file(void **state)
{
	(void)state;
	/* About 15000 events, 17 bad lines and the torn one. */
	compare_file(csv_path, &csv_text, 14000, 17);
}

static void
test_headerless_file(void **state)
{
	(void)state;
	compare_file(bare_path, &bare_text, 15000, 1);
}

static void
test_jsonl_file(void **state)
{
	(void)state;
	/* About 7500 events, 7 bad lines and the torn one. */
	compare_file(jsonl_path, &jsonl_text, 7000, 7);
}

/* The scan reads a pipe as it reads the file. */
struct feed {
	int			 fd;
	const struct lt_buf	*text;
	size_t			 upto;		/* write this much, then */
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	int			 go_on;		/* the rest when set */
};

static void *
feeder(void *arg)
{
	struct feed *f = arg;
	size_t off = 0, n;
	ssize_t w;

	while (off < f->text->len) {
		if (off == f->upto) {
			pthread_mutex_lock(&f->mu);
			while (!f->go_on)
				pthread_cond_wait(&f->cv, &f->mu);
			pthread_mutex_unlock(&f->mu);
		}
		n = f->text->len - off;
		if (off < f->upto && n > f->upto - off)
			n = f->upto - off;
		if (n > 65536)
			n = 65536;
		if ((w = write(f->fd, f->text->data + off, n)) <= 0)
			break;
		off += (size_t)w;
	}
	close(f->fd);
	return NULL;
}

static void
test_pipe(void **state)
{
	struct lt_reader_opts o = { 0 };
	struct feed f = { .text = &csv_text, .go_on = 1 };
	struct seen want, got;
	struct lt_pscan *p;
	struct lt_event ev;
	struct lt_error err;
	pthread_t th;
	long line = 0;
	int fds[2], rc;

	(void)state;
	f.upto = csv_text.len;
	pthread_mutex_init(&f.mu, NULL);
	pthread_cond_init(&f.cv, NULL);
	seen_init(&want);
	by_lines(csv_path, &csv_text, 0, &want, &line);
	assert_int_equal(pipe(fds), 0);
	f.fd = fds[1];
	assert_int_equal(pthread_create(&th, NULL, feeder, &f), 0);
	o.warn = warned;
	seen_init(&got);
	o.ctx = &got;
	p = lt_pscan_fd(fds[0], csv_path, LT_FORMAT_AUTO, 0, 0, &o);
	while ((rc = lt_pscan_next(p, &ev, &err)) == 1)
		seen_event(&got, &ev);
	assert_int_equal(rc, 0);
	lt_buf_printf(&got.warn, "skipped %zu\n", lt_pscan_skipped(p));
	lt_pscan_close(p);
	pthread_join(th, NULL);
	close(fds[0]);
	assert_int_equal(got.ev.len, want.ev.len);
	assert_memory_equal(got.ev.data, want.ev.data, want.ev.len);
	assert_string_equal(got.warn.data, want.warn.data);
	seen_release(&want);
	seen_release(&got);
	pthread_mutex_destroy(&f.mu);
	pthread_cond_destroy(&f.cv);
}

/* A scan closed before its input ends returns at once: no thread waits
 * for input that has not come. */
static void
test_close_early(void **state)
{
	struct lt_reader_opts o = { .threads = 2 };
	struct feed f = { .text = &csv_text };
	struct lt_pscan *p;
	struct lt_event ev;
	struct lt_error err;
	pthread_t th;
	int fds[2], i;

	(void)state;
	f.upto = 5 * C / 2;
	pthread_mutex_init(&f.mu, NULL);
	pthread_cond_init(&f.cv, NULL);
	assert_int_equal(pipe(fds), 0);
	f.fd = fds[1];
	assert_int_equal(pthread_create(&th, NULL, feeder, &f), 0);
	p = lt_pscan_fd(fds[0], "(stdin)", LT_FORMAT_AUTO, 0, 0, &o);
	for (i = 0; i < 100; i++)
		assert_int_equal(lt_pscan_next(p, &ev, &err), 1);
	lt_pscan_close(p);
	close(fds[0]);
	pthread_mutex_lock(&f.mu);
	f.go_on = 1;
	pthread_cond_signal(&f.cv);
	pthread_mutex_unlock(&f.mu);
	pthread_join(th, NULL);
	pthread_mutex_destroy(&f.mu);
	pthread_cond_destroy(&f.cv);
}

static int
setup(void **state)
{
	(void)state;
	/* A feeder writing to a pipe closed early gets EPIPE. */
	signal(SIGPIPE, SIG_IGN);
	if (mkdtemp(dir) == NULL)
		return -1;
	lt_buf_init(&csv_text);
	lt_buf_init(&jsonl_text);
	make_csv(&csv_text);
	make_jsonl(&jsonl_text);
	snprintf(csv_path, sizeof(csv_path), "%s/log.csv", dir);
	snprintf(jsonl_path, sizeof(jsonl_path), "%s/log.jsonl", dir);
	write_file(csv_path, &csv_text);
	write_file(jsonl_path, &jsonl_text);
	lt_buf_init(&bare_text);
	make_headerless(&bare_text);
	snprintf(bare_path, sizeof(bare_path), "%s/bare.csv", dir);
	write_file(bare_path, &bare_text);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[200];

	(void)state;
	lt_buf_release(&csv_text);
	lt_buf_release(&jsonl_text);
	lt_buf_release(&bare_text);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_file),
		cmocka_unit_test(test_headerless_file),
		cmocka_unit_test(test_jsonl_file),
		cmocka_unit_test(test_pipe),
		cmocka_unit_test(test_close_early),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
