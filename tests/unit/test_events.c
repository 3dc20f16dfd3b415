/*
 * test_events.c - the events of logs: several merged by time, bad lines
 * skipped with their numbers or, strict, an error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pscan.h"

static char dir[] = "/tmp/lt-test-events.XXXXXX";

static const char *
write_file(const char *name, const char *text)
{
	static char path[4][256];
	static int k;
	char *p = path[k++ % 4];
	FILE *fp;

	snprintf(p, 256, "%s/%s", dir, name);
	fp = fopen(p, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return p;
}

static int warnings;
static long last_warn_line;

static void
count_warning(void *ctx, const struct lt_error *e)
{
	(void)ctx;
	warnings++;
	last_warn_line = e->line;
}

#define HDR "timestamp,task_type,performance_score,learning_rate," \
	"episode_count,convergence_metric,metadata\n"

/* Two logs read as one come out in time order, ties to the first. */
static void
test_merge_by_time(void **state)
{
	const char *paths[2];
	struct lt_events *r;
	struct lt_event ev;
	struct lt_error err;
	double want[] = { 1, 2, 3, 3, 4, 6 };
	const char *task[] = { "a", "b", "a", "b", "a", "b" };
	size_t i = 0;

	(void)state;
	paths[0] = write_file("a.csv", HDR "1,a,0.1,0.1,1,0.1,{}\n"
	    "3,a,0.3,0.1,3,0.1,{}\n4,a,0.4,0.1,4,0.1,{}\n");
	paths[1] = write_file("b.jsonl",
	    "{\"timestamp\":2,\"task_type\":\"b\",\"performance_score\":0.2,"
	    "\"learning_rate\":0.1,\"episode_count\":2,"
	    "\"convergence_metric\":0.1,\"metadata\":{}}\n"
	    "{\"timestamp\":3,\"task_type\":\"b\",\"performance_score\":0.3,"
	    "\"learning_rate\":0.1,\"episode_count\":3,"
	    "\"convergence_metric\":0.1,\"metadata\":{}}\n"
	    "{\"timestamp\":6,\"task_type\":\"b\",\"performance_score\":0.6,"
	    "\"learning_rate\":0.1,\"episode_count\":6,"
	    "\"convergence_metric\":0.1,\"metadata\":{}}\n");
	r = lt_events_open(paths, 2, NULL, &err);
	assert_non_null(r);
	while (lt_events_next(r, &ev, &err) == 1) {
		assert_true(i < 6);
		assert_true(ev.timestamp == want[i]);
		assert_string_equal(ev.task, task[i]);
		i++;
	}
	assert_int_equal(i, 6);
	lt_events_close(r);
}

/* Bad lines are skipped with a warning naming the line, and counted; in
 * strict mode the first is an error. */
static void
test_bad_lines(void **state)
{
	struct lt_reader_opts opts = { .warn = count_warning };
	const char *path;
	struct lt_events *r;
	struct lt_event ev;
	struct lt_error err;
	int n = 0;

	(void)state;
	path = write_file("bad.csv", HDR "1,a,0.1,0.1,1,0.1,{}\n"
	    "2,a,0.2,0.1\n"			/* torn */
	    "3,a,0.3,0.1,3,0.1,{}\n"
	    "4,a,abc,0.1,4,0.1,{}\n"		/* not a number */
	    "5,a,0.5,0.1,5,0.1,{\n");		/* broken metadata */
	warnings = 0;
	r = lt_events_open(&path, 1, &opts, &err);
	while (lt_events_next(r, &ev, &err) == 1)
		n++;
	assert_int_equal(n, 2);
	assert_int_equal(warnings, 3);
	assert_int_equal(last_warn_line, 6);
	assert_int_equal(lt_events_skipped(r), 3);
	lt_events_close(r);
	opts.flags = LT_READ_STRICT;
	r = lt_events_open(&path, 1, &opts, &err);
	assert_int_equal(lt_events_next(r, &ev, &err), 1);
	assert_int_equal(lt_events_next(r, &ev, &err), -1);
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.file, "bad.csv"));
	lt_events_close(r);
}

static void
test_missing_and_empty(void **state)
{
	struct lt_events *r;
	struct lt_event ev;
	struct lt_error err;
	const char *path;

	(void)state;
	path = "/nonexistent/x.csv";
	assert_null(lt_events_open(&path, 1, NULL, &err));
	assert_non_null(strstr(err.msg, "cannot open"));
	path = write_file("empty.log", "");
	r = lt_events_open(&path, 1, NULL, &err);
	assert_non_null(r);
	assert_int_equal(lt_events_next(r, &ev, &err), 0);
	lt_events_close(r);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge_by_time),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_missing_and_empty),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
