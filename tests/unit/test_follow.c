/*
 * test_follow.c - lib/follow.c: what a log gained since the last read,
 * on files the test writes, replaces and truncates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

#include <cmocka.h>

#include "follow.h"

static char dir[64];
static char path[128];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/lt-test-follow-XXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static void
append(const char *p, const char *text)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_APPEND, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)),
	    (ssize_t)strlen(text));
	close(fd);
}

static const char *
json_event(double ts, const char *task, double score)
{
	static char b[256];

	snprintf(b, sizeof(b), "{\"timestamp\":%.17g,\"task_type\":\"%s\","
	    "\"performance_score\":%.17g,\"learning_rate\":0.01,"
	    "\"episode_count\":1,\"convergence_metric\":0.5,\"metadata\":{}}"
	    "\n", ts, task, score);
	return b;
}

/* The scores of the events read until the end, into s; their number. */
static size_t
drain(struct lt_follow *f, double *s, size_t max)
{
	struct lt_event ev;
	struct lt_error err;
	size_t n = 0;
	int rc;

	while ((rc = lt_follow_next(f, &ev, &err)) == 1) {
		assert_true(n < max);
		s[n++] = ev.score;
	}
	assert_int_equal(rc, 0);
	return n;
}

/* Only what was appended is read; a torn last line waits until it is
 * finished, and then is read whole. */
static void
test_follow_reads_what_was_appended(void **state)
{
	struct lt_follow *f;
	struct lt_error err;
	const char *e;
	double s[8];

	(void)state;
	snprintf(path, sizeof(path), "%s/run.jsonl", dir);
	f = lt_follow_new(path, LT_FORMAT_AUTO, NULL, NULL);
	assert_int_equal(lt_follow_poll(f, &err), LT_FOLLOW_MISSING);
	append(path, json_event(1, "a", 0.1));
	append(path, json_event(2, "a", 0.2));
	assert_int_equal(lt_follow_poll(f, &err), LT_FOLLOW_GREW);
	assert_int_equal(drain(f, s, 8), 2);
	assert_true(s[0] == 0.1 && s[1] == 0.2);
	assert_int_equal(lt_follow_poll(f, &err), LT_FOLLOW_SAME);
	assert_int_equal(drain(f, s, 8), 0);
	/* Half a line, then the rest. */
	e = json_event(3, "a", 0.3);
	append(path, "{\"timestamp\":3,");
	assert_int_equal(lt_follow_poll(f, &err), LT_FOLLOW_GREW);
	assert_int_equal(drain(f, s, 8), 0);
	assert_int_equal(lt_follow_pending(f), strlen("{\"timestamp\":3,"));
	append(path, e + strlen("{\"timestamp\":3,"));
	assert_int_equal(lt_follow_poll(f, &err), LT_FOLLOW_GREW);
	assert_int_equal(drain(f, s, 8), 1);
	assert_true(s[0] == 0.3);
	assert_int_equal(lt_follow_pending(f), 0);
	assert_int_equal(lt_follow_position(f)->line, 3);
	lt_follow_free(f);
}

/* A position saved by one follower is where another goes on, the CSV
 * columns of the header in force (here in another order than the
 * standard one) and the line numbers carried over. */
static void
test_follow_goes_on_from_a_saved_position(void **state)
{
	struct lt_follow_pos pos;
	struct lt_follow *f;
	struct lt_error err;
	double s[8];

	(void)state;
	snprintf(path, sizeof(path), "%s/run.csv", dir);
	append(path, "task_type,timestamp,performance_score,learning_rate,"
	    "episode_count,convergence_metric,metadata\n"
	    "a,1,0.25,0.01,1,0.5,{}\n");
	f = lt_follow_new(path, LT_FORMAT_AUTO, NULL, NULL);
	assert_int_equal(lt_follow_poll(f, &err), LT_FOLLOW_GREW);
	assert_int_equal(drain(f, s, 8), 1);
	assert_true(s[0] == 0.25);
	pos = *lt_follow_position(f);
	pos.columns = strdup(pos.columns);
	lt_follow_free(f);
	assert_int_equal(pos.line, 2);
	assert_int_equal(strncmp(pos.columns, "task_type,", 10), 0);

	append(path, "b,2,0.75,0.01,2,0.5,{}\n");
	f = lt_follow_new(path, LT_FORMAT_AUTO, NULL, &pos);
	assert_int_equal(lt_follow_poll(f, &err), LT_FOLLOW_GREW);
	assert_int_equal(drain(f, s, 8), 1);
	assert_true(s[0] == 0.75);
	assert_int_equal(lt_follow_position(f)->line, 3);
	lt_follow_free(f);
	lt_follow_pos_release(&pos);
}

/* A log renamed over (lt compact), truncated, or rewritten before the
 * position is read again from its start. */
static void
test_follow_restarts_on_a_replaced_log(void **state)
{
	struct lt_follow *f;
	struct lt_error err;
	char other[160];
	double s[8];

	(void)state;
	snprintf(path, sizeof(path), "%s/r.jsonl", dir);
	snprintf(other, sizeof(other), "%s/.r.new", dir);
	append(path, json_event(1, "a", 0.1));
	append(path, json_event(2, "a", 0.2));
	f = lt_follow_new(path, LT_FORMAT_AUTO, NULL, NULL);
	assert_int_equal(lt_follow_poll(f, &err), LT_FOLLOW_GREW);
	assert_int_equal(drain(f, s, 8), 2);

	/* Renamed over: the last event kept. */
	append(other, json_event(2, "a", 0.2));
	assert_int_equal(rename(other, path), 0);
	assert_int_equal(lt_follow_poll(f, &err), LT_FOLLOW_RESTART);
	assert_int_equal(drain(f, s, 8), 1);
	assert_true(s[0] == 0.2);

	/* Truncated. */
	assert_int_equal(truncate(path, 0), 0);
	assert_int_equal(lt_follow_poll(f, &err), LT_FOLLOW_RESTART);
	assert_int_equal(drain(f, s, 8), 0);

	/* Same inode, grown, other bytes before the position. */
	append(path, json_event(5, "a", 0.5));
	assert_int_equal(lt_follow_poll(f, &err), LT_FOLLOW_GREW);
	assert_int_equal(drain(f, s, 8), 1);
	assert_int_equal(truncate(path, 0), 0);
	append(path, json_event(6, "a", 0.6));
	append(path, json_event(7, "a", 0.7));
	assert_int_equal(lt_follow_poll(f, &err), LT_FOLLOW_RESTART);
	assert_int_equal(drain(f, s, 8), 2);
	assert_true(s[0] == 0.6 && s[1] == 0.7);

	/* Deleted. */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(lt_follow_poll(f, &err), LT_FOLLOW_MISSING);
	lt_follow_free(f);
}

/* A file that is not an lt log is refused by name. */
static void
test_follow_refuses_a_foreign_file(void **state)
{
	struct lt_follow *f;
	struct lt_error err;

	(void)state;
	snprintf(path, sizeof(path), "%s/training.log", dir);
	append(path, "epoch,accuracy,loss,val_accuracy,val_loss\n"
	    "0,0.5,1.2,0.4,1.3\n");
	f = lt_follow_new(path, LT_FORMAT_AUTO, NULL, NULL);
	assert_int_equal(lt_follow_poll(f, &err), -1);
	assert_non_null(strstr(err.msg, "lt import"));
	lt_follow_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_follow_reads_what_was_appended),
		cmocka_unit_test(test_follow_goes_on_from_a_saved_position),
		cmocka_unit_test(test_follow_restarts_on_a_replaced_log),
		cmocka_unit_test(test_follow_refuses_a_foreign_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
