/*
 * test_tail.c - lib/tail.c's last scores of a task (lt_tail_scores) on
 * logs written by the test, each expected number worked out beside it.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmocka.h>

#include "tail.h"

static char path[64];

/* Write text[0..len) to a new temporary log named with suffix; path holds
 * its name. */
static void
write_log(const char *suffix, const char *text, size_t len)
{
	int fd;

	snprintf(path, sizeof(path), "/tmp/lt-test-tail-XXXXXX%s", suffix);
	fd = mkstemps(path, (int)strlen(suffix));
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
}

/* One JSONL event of task with score at second i. */
static int
event(char *p, size_t i, const char *task, double score)
{
	return sprintf(p, "{\"timestamp\":%zu,\"task_type\":\"%s\","
	    "\"performance_score\":%.17g,\"learning_rate\":0.01,"
	    "\"episode_count\":%zu,\"convergence_metric\":0.5,"
	    "\"metadata\":{}}\n", 1795600800 + i, task, score, i);
}

/* The last scores of task (NULL: the log's own) in path, want of them. */
static void
scores(const char *task, size_t want, struct lt_tail_scores *out,
    size_t *skipped)
{
	const char *paths[1] = { path };
	struct lt_error err;
	struct lt_sel sel;

	lt_sel_init(&sel);
	sel.paths = paths;
	sel.npaths = 1;
	if (lt_tail_scores(path, task, want, &sel, out, &err) != 0)
		fail_msg("lt_tail_scores: %s", err.msg);
	if (skipped != NULL)
		*skipped = sel.skipped;
}

/*
 * 3000 events alternating a (score i / 10000 at event i, i even) and b
 * (1 - i / 10000, i odd), 200 kB: the last 10 of a are events 2980, 2982,
 * ..., 2998; those of b 2981 ... 2999.  Asked for no task, the log's last
 * event is b's and a is met among the last 10 events.
 */
static void
test_interleaved_tasks(void **state)
{
	char *text = malloc(3000 * 200), *p = text;
	struct lt_tail_scores s;
	size_t i;

	(void)state;
	for (i = 0; i < 3000; i++)
		p += event(p, i, i % 2 ? "b" : "a", i % 2 ? 1 - i / 1e4 :
		    i / 1e4);
	write_log(".jsonl", text, (size_t)(p - text));

	scores("a", 10, &s, NULL);
	assert_string_equal(s.task, "a");
	assert_int_equal(s.n, 10);
	assert_null(s.other);
	for (i = 0; i < 10; i++)
		assert_true(s.v[i] == (2980 + 2 * i) / 1e4);
	lt_tail_scores_release(&s);

	scores("b", 3, &s, NULL);
	assert_int_equal(s.n, 3);
	assert_true(s.v[0] == 1 - 2995 / 1e4 && s.v[2] == 1 - 2999 / 1e4);
	lt_tail_scores_release(&s);

	scores(NULL, 10, &s, NULL);
	assert_string_equal(s.task, "b");
	assert_string_equal(s.other, "a");
	lt_tail_scores_release(&s);

	/* One event is the last one alone: no other task among it. */
	scores(NULL, 1, &s, NULL);
	assert_string_equal(s.task, "b");
	assert_null(s.other);
	assert_int_equal(s.n, 1);
	assert_true(s.v[0] == 1 - 2999 / 1e4);
	lt_tail_scores_release(&s);
	unlink(path);
	free(text);
}

/*
 * A task seen only in the first 5 of 20005 events (1.4 MB), far past the
 * first block read from the end: the blocks grow until they hold it, and
 * its 5 scores 0.1 ... 0.5 come back when 10 are asked.  A task the log
 * does not hold gives no task, after the whole log is read.  A CSV log's
 * header is not an event, and a log of one task asked for none is that
 * task, every score of it when fewer than asked.
 */
static void
test_rare_and_missing(void **state)
{
	char *text = malloc(20005 * 200), *p = text;
	struct lt_tail_scores s;
	size_t i;

	(void)state;
	for (i = 0; i < 5; i++)
		p += event(p, i, "rare", (double)(i + 1) / 10);
	for (; i < 20005; i++)
		p += event(p, i, "common", 0.5);
	write_log(".jsonl", text, (size_t)(p - text));
	scores("rare", 10, &s, NULL);
	assert_int_equal(s.n, 5);
	for (i = 0; i < 5; i++)
		assert_true(s.v[i] == (double)(i + 1) / 10);
	lt_tail_scores_release(&s);
	scores("none", 10, &s, NULL);
	assert_null(s.task);
	assert_int_equal(s.n, 0);
	lt_tail_scores_release(&s);
	unlink(path);

	p = text;
	p += sprintf(p, "timestamp,task_type,performance_score,learning_rate,"
	    "episode_count,convergence_metric,metadata\n");
	for (i = 0; i < 4; i++)
		p += sprintf(p, "%zu,seed,0.%zu,0.01,%zu,0,{}\n",
		    1795600800 + i, i + 6, i);
	write_log(".csv", text, (size_t)(p - text));
	scores(NULL, 10, &s, NULL);
	assert_string_equal(s.task, "seed");
	assert_null(s.other);
	assert_int_equal(s.n, 4);
	assert_true(s.v[0] == 0.6 && s.v[3] == 0.9);
	lt_tail_scores_release(&s);
	unlink(path);
	free(text);
}

/*
 * A bad line among the events read is skipped and counted once (not once
 * per block decoded); want 0 is refused.
 */
static void
test_bad_line_counted_once(void **state)
{
	char *text = malloc(4000 * 200), *p = text;
	struct lt_tail_scores s;
	struct lt_error err;
	struct lt_sel sel;
	size_t i, skipped;

	(void)state;
	for (i = 0; i < 4000; i++) {
		p += event(p, i, i < 10 ? "early" : "late", 0.25);
		if (i == 5)
			p += sprintf(p, "{\"broken\n");
	}
	write_log(".jsonl", text, (size_t)(p - text));
	scores("early", 10, &s, &skipped);
	assert_int_equal(s.n, 10);
	assert_int_equal(skipped, 1);
	lt_tail_scores_release(&s);
	lt_sel_init(&sel);
	assert_int_equal(lt_tail_scores(path, "early", 0, &sel, &s, &err), -1);
	assert_string_equal(err.msg, "the last 0 scores are none");
	lt_tail_scores_release(&s);
	unlink(path);
	free(text);
}

/*
 * A task whose events are not in the last 16 MB of a 40 MB log (one event,
 * then 40000 events of another task, 1000 bytes each): the log is streamed
 * rather than read from its end into one block of 40 MB, so the peak
 * resident memory grows by the largest block (16 MB) and its decoded
 * events (about as much), 32 MB, less than the log itself; read whole it
 * grew by 82 MB.
 */
static void
test_far_task_streamed(void **state)
{
	char pad[901], first[400];
	struct lt_tail_scores s;
	struct rusage before, after;
	size_t i, skipped, n = 40000;
	FILE *fp;

	(void)state;
	/* Written a line at a time, so that the test itself stays small. */
	write_log(".jsonl", first, (size_t)event(first, 0, "first", 0.75));
	memset(pad, 'x', sizeof(pad) - 1);
	pad[sizeof(pad) - 1] = '\0';
	assert_non_null(fp = fopen(path, "a"));
	for (i = 1; i <= n; i++)
		assert_true(fprintf(fp, "{\"timestamp\":%zu,\"task_type\":"
		    "\"other\",\"performance_score\":0.5,\"learning_rate\":"
		    "0.01,\"episode_count\":%zu,\"convergence_metric\":0.5,"
		    "\"metadata\":{\"pad\":\"%s\"}}\n", 1795600800 + i, i,
		    pad) > 0);
	assert_int_equal(fclose(fp), 0);
	getrusage(RUSAGE_SELF, &before);
	scores("first", 10, &s, &skipped);
	getrusage(RUSAGE_SELF, &after);
	assert_int_equal(s.n, 1);
	assert_true(s.v[0] == 0.75);
	assert_int_equal(skipped, 0);
	lt_tail_scores_release(&s);
	unlink(path);
#ifndef __SANITIZE_ADDRESS__
	/* AddressSanitizer keeps freed blocks aside and shadows memory: the
	 * peak says nothing of lt's own there (200 MB with the bound, 400
	 * without). */
	assert_true(after.ru_maxrss - before.ru_maxrss < 40 * 1024);
#endif
}

static char cachedir[] = "/tmp/lt-test-cache-XXXXXX";

/* The count cache goes to a directory of the test's own, removed after. */
static void
remove_cache(void)
{
	char p[128];

	snprintf(p, sizeof(p), "%s/lt/counts", cachedir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/lt", cachedir);
	rmdir(p);
	rmdir(cachedir);
}

int
main(void)
{
	int rc;

	const struct CMUnitTest tests[] = {
		/* First: it measures the peak memory. */
		cmocka_unit_test(test_far_task_streamed),
		cmocka_unit_test(test_interleaved_tasks),
		cmocka_unit_test(test_rare_and_missing),
		cmocka_unit_test(test_bad_line_counted_once),
	};

	if (mkdtemp(cachedir) == NULL)
		return 1;
	setenv("XDG_CACHE_HOME", cachedir, 1);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	remove_cache();
	return rc;
}
