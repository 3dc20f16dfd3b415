/*
 * test_engine.c - the line processor's one policy (line numbers, blank
 * lines, a CSV header anywhere, the bad-line rule, strict or warned, the
 * torn last line), and chunks decoded apart then replayed in order.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"

/* What a read saw: events as "task@timestamp:score", warnings as
 * "line:message", one a line. */
struct seen {
	char	ev[4096];
	char	warn[4096];
};

static void
add_event(void *ctx, const struct lt_event *ev)
{
	struct seen *s = ctx;
	size_t n = strlen(s->ev);

	snprintf(s->ev + n, sizeof(s->ev) - n, "%s@%.17g:%.17g\n", ev->task,
	    ev->timestamp, ev->score);
}

static void
add_warning(void *ctx, const struct lt_error *e)
{
	struct seen *s = ctx;
	size_t n = strlen(s->warn);

	snprintf(s->warn + n, sizeof(s->warn) - n, "%s:%ld:%s\n", e->file,
	    e->line, e->msg);
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

#define HDR "timestamp,task_type,performance_score,learning_rate," \
	"episode_count,convergence_metric,metadata"
#define HDR2 "task_type,timestamp,convergence_metric,learning_rate," \
	"episode_count,performance_score,metadata"

/* Lines 1-11: a header; an event; two blank lines; an event without a
 * timestamp (line 5); a second header in another order (line 6), under
 * which the score is the 6th column; an event; a line of three fields
 * (line 8); a quoted field that never closes (line 9); an event; and a
 * torn last line without its newline (line 11). */
static const char csv_log[] =
    HDR "\n"
    "1,a,0.5,0.1,1,0.2,{}\n"
    "\n"
    "   \n"
    ",a,0.5,0.1,2,0.2,{}\n"
    HDR2 "\n"
    "b,7,0.9,0.1,3,0.25,{}\n"
    "8,b,0.3\n"
    "b,9,\"0.9,0.1,4,0.5,{}\n"
    "b,10,0.9,0.1,5,0.125,{}\n"
    "b,11,0.9,0.1,6";

static const char csv_events[] =
    "a@1:0.5\n"
    "b@7:0.25\n"
    "b@10:0.125\n";

static const char csv_warnings[] =
    "log.csv:5:timestamp is missing\n"
    "log.csv:8:expected 7 fields, found 3\n"
    "log.csv:9:malformed CSV (a quote out of place or never closed)\n"
    "log.csv:11:expected 7 fields, found 5\n";

static void
test_policy(void **state)
{
	struct lt_reader_opts opts = { .warn = add_warning };
	struct lt_lineproc lp;
	struct lt_error err;
	struct seen s;
	char *buf = strdup(csv_log);

	(void)state;
	memset(&s, 0, sizeof(s));
	opts.ctx = &s;
	lt_lineproc_init(&lp, "log.csv", LT_FORMAT_AUTO, 0, 0, &opts);
	assert_int_equal(each_line(&lp, buf, strlen(buf), add_event, &s,
	    &err), 0);
	assert_string_equal(s.ev, csv_events);
	assert_string_equal(s.warn, csv_warnings);
	assert_int_equal(lp.skipped, 4);
	assert_int_equal(lp.line, 11);
	assert_int_equal(lp.fmt, LT_FORMAT_CSV);
	lt_lineproc_release(&lp);
	free(buf);
}

/* Strict: the first bad line is the error, file and line named, and the
 * events before it were given. */
static void
test_strict(void **state)
{
	struct lt_reader_opts opts = { .flags = LT_READ_STRICT };
	struct lt_lineproc lp;
	struct lt_error err;
	struct seen s;
	char *buf = strdup(csv_log);

	(void)state;
	memset(&s, 0, sizeof(s));
	lt_lineproc_init(&lp, "log.csv", LT_FORMAT_CSV, 0, 0, &opts);
	assert_int_equal(each_line(&lp, buf, strlen(buf), add_event, &s,
	    &err), -1);
	assert_string_equal(err.file, "log.csv");
	assert_int_equal(err.line, 5);
	assert_string_equal(err.msg, "timestamp is missing");
	assert_string_equal(s.ev, "a@1:0.5\n");
	assert_int_equal(lp.skipped, 0);
	lt_lineproc_release(&lp);
	free(buf);
}

/* LT_LP_STAMP gives an event without a timestamp the time of reading;
 * LT_LP_CHECK applies the recording rules, lenient or not. */
static void
test_stamp_and_check(void **state)
{
	static const char jl[] = "{\"task_type\":\"t\",\"performance_score\":"
	    "1.5,\"learning_rate\":0.1,\"episode_count\":1,"
	    "\"convergence_metric\":0.1,\"metadata\":{}}";
	struct lt_reader_opts strict = { .flags = LT_READ_STRICT };
	struct lt_lineproc lp;
	struct lt_event ev;
	struct lt_error err;
	char line[sizeof(jl)];
	double before, after;

	(void)state;
	lt_lineproc_init(&lp, "-", LT_FORMAT_JSONL, 0, 0, &strict);
	memcpy(line, jl, sizeof(jl));
	assert_int_equal(lt_lineproc_line(&lp, line, strlen(line), &ev,
	    &err), -1);
	assert_string_equal(err.msg, "timestamp is missing");
	assert_string_equal(err.file, "(stdin)");
	lt_lineproc_release(&lp);

	lt_lineproc_init(&lp, "-", LT_FORMAT_JSONL, LT_LP_STAMP | LT_LP_CHECK,
	    0, &strict);
	memcpy(line, jl, sizeof(jl));
	assert_int_equal(lt_lineproc_line(&lp, line, strlen(line), &ev,
	    &err), -1);
	assert_non_null(strstr(err.msg, "performance_score 1.5 is outside"));
	lt_lineproc_release(&lp);

	lt_lineproc_init(&lp, "-", LT_FORMAT_JSONL, LT_LP_STAMP | LT_LP_CHECK,
	    LT_LENIENT, &strict);
	memcpy(line, jl, sizeof(jl));
	before = lt_time_now();
	assert_int_equal(lt_lineproc_line(&lp, line, strlen(line), &ev,
	    &err), 1);
	after = lt_time_now();
	assert_true(ev.timestamp >= before && ev.timestamp <= after);
	assert_true(ev.score == 1.5);
	lt_lineproc_release(&lp);
}

/* Without a known format, the first line that is not blank tells it. */
static void
test_auto_format(void **state)
{
	struct lt_lineproc lp;
	struct seen s;
	char jl[] = "\n \t\n{\"timestamp\":3,\"task_type\":\"j\","
	    "\"performance_score\":0.5,\"learning_rate\":0.1,"
	    "\"episode_count\":1,\"convergence_metric\":0.1,\"metadata\":{}}\n";
	char cl[] = "\n\r\n5,c,0.75,0.1,1,0.1,{}\n";

	(void)state;
	memset(&s, 0, sizeof(s));
	lt_lineproc_init(&lp, "x", LT_FORMAT_AUTO, 0, 0, NULL);
	assert_int_equal(each_line(&lp, jl, strlen(jl), add_event, &s,
	    NULL), 0);
	assert_int_equal(lp.fmt, LT_FORMAT_JSONL);
	lt_lineproc_release(&lp);
	lt_lineproc_init(&lp, "x", LT_FORMAT_AUTO, 0, 0, NULL);
	assert_int_equal(each_line(&lp, cl, strlen(cl), add_event, &s,
	    NULL), 0);
	assert_int_equal(lp.fmt, LT_FORMAT_CSV);
	assert_int_equal(lp.line, 3);
	assert_string_equal(s.ev, "j@3:0.5\nc@5:0.75\n");
	lt_lineproc_release(&lp);
}

/*
 * The log cut in two chunks at each line boundary: the first decoded
 * from the start, the second under the columns the first leaves in force
 * (its last), each on a worker's processor; both replayed in order under
 * one consumer's processor give the very events and warnings of the read
 * line by line.
 */
static void
test_chunks_replay(void **state)
{
	struct lt_reader_opts opts = { .warn = add_warning };
	struct lt_lineproc worker, consumer;
	struct lt_chunk c[2];
	struct lt_event ev;
	struct lt_error err;
	struct seen s;
	size_t cut, len = strlen(csv_log);
	int k, rc;

	(void)state;
	for (cut = 0; cut <= len; cut++) {
		if (cut > 0 && cut < len && csv_log[cut - 1] != '\n')
			continue;
		memset(&s, 0, sizeof(s));
		memset(c, 0, sizeof(c));
		opts.ctx = &s;
		lt_lineproc_init(&worker, "log.csv", LT_FORMAT_CSV, 0, 0, NULL);
		lt_lineproc_init(&consumer, "log.csv", LT_FORMAT_CSV, 0, 0,
		    &opts);
		for (k = 0; k < 2; k++) {
			c[k].len = k == 0 ? cut : len - cut;
			c[k].data = malloc(c[k].len + 1);
			memcpy(c[k].data, csv_log + (k ? cut : 0), c[k].len);
			c[k].fmt = LT_FORMAT_CSV;
		}
		lt_chunk_decode(&c[0], &worker);
		if (c[0].last != NULL)
			c[1].under = strdup(c[0].last);
		lt_chunk_decode(&c[1], &worker);
		for (k = 0; k < 2; k++) {
			while ((rc = lt_chunk_next(&c[k], &consumer, &ev,
			    &err)) == 1)
				add_event(&s, &ev);
			assert_int_equal(rc, 0);
		}
		assert_string_equal(s.ev, csv_events);
		assert_string_equal(s.warn, csv_warnings);
		assert_int_equal(consumer.line, 11);
		assert_int_equal(consumer.skipped, 4);
		lt_chunk_release(&c[0]);
		lt_chunk_release(&c[1]);
		lt_lineproc_release(&worker);
		lt_lineproc_release(&consumer);
	}
}

/* A chunk decoded under the wrong columns is right once decoded again
 * under the right ones: the data is kept as it was. */
static void
test_chunk_decoded_again(void **state)
{
	static const char text[] = "b,7,0.9,0.1,3,0.25,{}\n";
	struct lt_lineproc lp;
	struct lt_chunk c;
	struct lt_event ev;
	struct lt_error err;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.data = strdup(text);
	c.len = strlen(text);
	c.fmt = LT_FORMAT_CSV;
	c.under = strdup(HDR);
	lt_lineproc_init(&lp, "x.csv", LT_FORMAT_CSV, 0, 0, NULL);
	lt_chunk_decode(&c, &lp);
	assert_int_equal(c.nev, 0);
	assert_int_equal(c.nbad, 1);
	free(c.under);
	c.under = strdup(HDR2);
	lt_chunk_decode(&c, &lp);
	assert_int_equal(lt_chunk_next(&c, &lp, &ev, &err), 1);
	assert_string_equal(ev.task, "b");
	assert_true(ev.score == 0.25 && ev.conv == 0.9);
	assert_int_equal(lt_chunk_next(&c, &lp, &ev, &err), 0);
	assert_int_equal(lp.line, 1);
	lt_chunk_release(&c);
	lt_lineproc_release(&lp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy),
		cmocka_unit_test(test_strict),
		cmocka_unit_test(test_stamp_and_check),
		cmocka_unit_test(test_auto_format),
		cmocka_unit_test(test_chunks_replay),
		cmocka_unit_test(test_chunk_decoded_again),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
