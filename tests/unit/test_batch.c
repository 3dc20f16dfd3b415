/*
 * test_batch.c - lt record --batch's ingest: all or none, or the bad
 * lines reported by number and the good ones appended in input order; a
 * missing timestamp given the time of reading; a stage larger than memory
 * spilled to a file and committed whole.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "batch.h"

static char dir[] = "/tmp/lt-test-batch.XXXXXX";
static char in_path[160], log_path[160];

/* Write the input: n JSONL events of episodes 1..n, scores 0.5, those on
 * the lines in bad[] with a score of 7; returns a descriptor on it. */
static int
input(long n, const long *bad, size_t nbad)
{
	FILE *fp = fopen(in_path, "w");
	size_t k;
	long i;
	int fd;

	assert_non_null(fp);
	for (i = 1; i <= n; i++) {
		for (k = 0; k < nbad && bad[k] != i; k++)
			;
		fprintf(fp, "{\"timestamp\":%ld,\"task_type\":\"t\","
		    "\"performance_score\":%s,\"learning_rate\":0.01,"
		    "\"episode_count\":%ld,\"convergence_metric\":0.5,"
		    "\"metadata\":{\"pad\":\"%0*d\"}}\n", 1795600000 + i,
		    k < nbad ? "7" : "0.5", i, (int)(i % 64) + 40, 0);
	}
	assert_int_equal(fclose(fp), 0);
	fd = open(in_path, O_RDONLY);
	assert_true(fd >= 0);
	return fd;
}

struct seen {
	long	last_episode;
	long	events;
	int	in_order;
	long	warned[8];
	size_t	nwarned;
};

static void
each(void *ctx, const struct lt_event *ev)
{
	struct seen *s = ctx;

	if (ev->episode <= s->last_episode)
		s->in_order = 0;
	s->last_episode = ev->episode;
	s->events++;
}

static void
warned(void *ctx, const struct lt_error *e)
{
	struct seen *s = ctx;

	assert_string_equal(e->file, "(stdin)");
	if (s->nwarned < 8)
		s->warned[s->nwarned++] = e->line;
}

/* Lines in the log at path. */
static long
lines_of(const char *path)
{
	FILE *fp = fopen(path, "r");
	long n = 0;
	int c;

	if (fp == NULL)
		return -1;
	while ((c = getc(fp)) != EOF)
		n += c == '\n';
	fclose(fp);
	return n;
}

/* Strict: the first bad line, far past the first chunk, is the error;
 * the batch is abandoned and no log is made. */
static void
test_all_or_none(void **state)
{
	static const long bad[] = { 30001, 40000 };
	struct lt_reader_opts o = { .flags = LT_READ_STRICT };
	struct lt_batch b;
	struct lt_error err;
	size_t nbad = 0;
	int fd;

	(void)state;
	fd = input(50000, bad, 2);
	assert_int_equal(lt_batch_begin(&b, log_path, LT_FORMAT_AUTO, 0, &err),
	    0);
	assert_int_equal(lt_batch_ingest(&b, fd, "(stdin)", &o, NULL, NULL,
	    &nbad, &err), -1);
	assert_string_equal(err.file, "(stdin)");
	assert_int_equal(err.line, 30001);
	assert_non_null(strstr(err.msg, "performance_score 7 is outside"));
	lt_batch_end(&b);
	close(fd);
	assert_int_equal(access(log_path, F_OK), -1);
}

/* Not strict: each bad line is warned with its number and counted; the
 * good events are staged and passed to each in input order, and the
 * commit appends them all. */
static void
test_skip_in_order(void **state)
{
	static const long bad[] = { 3, 20000, 49999 };
	struct lt_reader_opts o = { .warn = warned };
	struct seen s = { .in_order = 1 };
	struct lt_batch b;
	struct lt_error err;
	size_t nbad = 0;
	int fd;

	(void)state;
	o.ctx = &s;
	fd = input(50000, bad, 3);
	assert_int_equal(lt_batch_begin(&b, log_path, LT_FORMAT_AUTO, 0, &err),
	    0);
	assert_int_equal(lt_batch_ingest(&b, fd, "(stdin)", &o, each, &s,
	    &nbad, &err), 0);
	assert_int_equal(nbad, 3);
	assert_int_equal(s.nwarned, 3);
	assert_int_equal(s.warned[0], 3);
	assert_int_equal(s.warned[1], 20000);
	assert_int_equal(s.warned[2], 49999);
	assert_int_equal(s.events, 49997);
	assert_true(s.in_order);
	assert_int_equal(b.staged, 49997);
	/* 49997 events of about 130 bytes: past memory, spilled to a file. */
	assert_non_null(b.tmp);
	assert_int_equal(lt_batch_commit(&b, 1, &err), 0);
	assert_int_equal(b.committed, 49997);
	lt_batch_end(&b);
	close(fd);
	/* The CSV log: its header and the events. */
	assert_int_equal(lines_of(log_path), 1 + 49997);
	unlink(log_path);
}

/* An event without a timestamp gets the time it was read. */
static void
test_missing_timestamp_gets_now(void **state)
{
	struct lt_batch b;
	struct lt_error err;
	struct seen s = { .in_order = 1 };
	char buf[512];
	double before, t;
	size_t nbad = 0;
	FILE *fp;
	int fd;

	(void)state;
	fp = fopen(in_path, "w");
	fputs("task_type,performance_score,learning_rate,episode_count,"
	    "convergence_metric\nt,0.5,0.01,1,0.5\n", fp);
	fclose(fp);
	fd = open(in_path, O_RDONLY);
	assert_int_equal(lt_batch_begin(&b, log_path, LT_FORMAT_AUTO, 0, &err),
	    0);
	before = lt_time_now();
	assert_int_equal(lt_batch_ingest(&b, fd, "(stdin)", NULL, each, &s,
	    &nbad, &err), 0);
	assert_int_equal(s.events, 1);
	assert_int_equal(lt_batch_commit(&b, 1, &err), 0);
	lt_batch_end(&b);
	close(fd);
	fp = fopen(log_path, "r");
	assert_non_null(fgets(buf, sizeof(buf), fp));
	assert_non_null(fgets(buf, sizeof(buf), fp));
	fclose(fp);
	t = strtod(buf, NULL);
	assert_true(t >= before && t <= lt_time_now());
	unlink(log_path);
}

/* lt_batch_add applies the recording rules; a refused event stages
 * nothing. */
static void
test_add_checks(void **state)
{
	struct lt_event ev = { .timestamp = 1, .task = "t", .task_len = 1,
	    .score = 1.5, .lr = 0.1, .episode = 1, .conv = 0.5, .meta = "{}",
	    .meta_len = 2 };
	struct lt_batch b;
	struct lt_error err;

	(void)state;
	assert_int_equal(lt_batch_begin(&b, log_path, LT_FORMAT_AUTO, 0, &err),
	    0);
	assert_int_equal(lt_batch_add(&b, &ev, &err), -1);
	assert_non_null(strstr(err.msg, "outside [0, 1]"));
	assert_int_equal(b.staged, 0);
	lt_batch_end(&b);
	assert_int_equal(lt_batch_begin(&b, log_path, LT_FORMAT_AUTO,
	    LT_LENIENT, &err), 0);
	assert_int_equal(lt_batch_add(&b, &ev, &err), 0);
	assert_int_equal(b.staged, 1);
	lt_batch_end(&b);
	assert_int_equal(access(log_path, F_OK), -1);
}

static int
setup(void **state)
{
	(void)state;
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(in_path, sizeof(in_path), "%s/in.jsonl", dir);
	snprintf(log_path, sizeof(log_path), "%s/log.csv", dir);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[200];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_or_none),
		cmocka_unit_test(test_skip_in_order),
		cmocka_unit_test(test_missing_timestamp_gets_now),
		cmocka_unit_test(test_add_checks),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
