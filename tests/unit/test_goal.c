/*
 * test_goal.c - lib/goal.c: replay of the goals log, progress, estimated
 * completion, and the goals log's path.
 *
 * Expected numbers are worked out by hand beside each test.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "goal.h"

#define T0	1795600800.0

/* A goals log (or event log) holding text, in a fresh temporary file
 * whose name goes into path (at least 64 bytes). */
static void
write_file(char *path, const char *suffix, const char *text)
{
	FILE *fp;
	int fd;

	snprintf(path, 64, "/tmp/test_goal.XXXXXX%s", suffix);
	fd = mkstemps(path, (int)strlen(suffix));
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void
count_warning(void *ctx, const struct lt_error *e)
{
	(void)e;
	(*(int *)ctx)++;
}

static void
test_percent(void **state)
{
	(void)state;
	/* max, baseline 0: value / target, the class's */
	assert_true(lt_goal_percent(LT_GOAL_MAX, 0, 1.0, 0.7) == 0.7 * 100);
	assert_true(lt_goal_percent(LT_GOAL_MAX, 0, 1.0, 1.5) == 100.0);
	assert_true(lt_goal_percent(LT_GOAL_MAX, 0, 1.0, -0.5) == 0.0);
	assert_true(lt_goal_percent(LT_GOAL_MAX, 0, 1.0, NAN) == 0.0);
	/* min from 0.5 to 0.01: 0.255 is (0.255-0.5)/(0.01-0.5) = 1/2 */
	assert_true(lt_goal_percent(LT_GOAL_MIN, 0.5, 0.01, 0.255) == 50.0);
	assert_true(lt_goal_percent(LT_GOAL_MIN, 0.5, 0.01, 0.005) == 100.0);
	assert_true(lt_goal_percent(LT_GOAL_MIN, 0.5, 0.01, 0.9) == 0.0);
	/* a baseline at the target: all or nothing */
	assert_true(lt_goal_percent(LT_GOAL_MIN, 0.01, 0.01, 0.02) == 0.0);
	assert_true(lt_goal_percent(LT_GOAL_MIN, 0.01, 0.01, 0.01) == 100.0);
}

static void
test_eta(void **state)
{
	/* y = 2 + 0.5 (t - T0): reaches 10 at T0 + 16 */
	double t[] = { T0, T0 + 2, T0 + 4, T0 + 6 };
	double v[] = { 2, 3, 4, 5 };
	double down[] = { 5, 4, 3, 2 };
	double same[] = { T0, T0, T0, T0 };

	(void)state;
	assert_true(lt_goal_eta(LT_GOAL_MAX, 10, t, v, 4) == T0 + 16);
	/* falling toward 0: from 5 at T0, 0.5 a second, reaches it at T0+10 */
	assert_true(lt_goal_eta(LT_GOAL_MIN, 0, t, down, 4) == T0 + 10);
	/* moving away from the target */
	assert_true(isnan(lt_goal_eta(LT_GOAL_MAX, 10, t, down, 4)));
	assert_true(isnan(lt_goal_eta(LT_GOAL_MIN, 0, t, v, 4)));
	/* too few points, or no spread in time */
	assert_true(isnan(lt_goal_eta(LT_GOAL_MAX, 10, t, v, 1)));
	assert_true(isnan(lt_goal_eta(LT_GOAL_MAX, 10, same, v, 4)));
}

static void
test_ids(void **state)
{
	char id[LT_GOAL_ID_MAX + 2];

	(void)state;
	assert_true(lt_goal_id_valid("acc_v2.final-1"));
	assert_false(lt_goal_id_valid(""));
	assert_false(lt_goal_id_valid("a b"));
	assert_false(lt_goal_id_valid("a/b"));
	assert_false(lt_goal_id_valid("\xc3\xa9t\xc3\xa9"));
	memset(id, 'x', LT_GOAL_ID_MAX);
	id[LT_GOAL_ID_MAX] = '\0';
	assert_true(lt_goal_id_valid(id));
	id[LT_GOAL_ID_MAX] = 'x';
	id[LT_GOAL_ID_MAX + 1] = '\0';
	assert_false(lt_goal_id_valid(id));
}

static void
test_path(void **state)
{
	char *p;

	(void)state;
	p = lt_goals_path(NULL, "runs/exp1.csv");
	assert_string_equal(p, "runs/exp1.goals.jsonl");
	free(p);
	p = lt_goals_path(NULL, "lt.jsonl");
	assert_string_equal(p, "lt.goals.jsonl");
	free(p);
	p = lt_goals_path(NULL, "my.dir/log");
	assert_string_equal(p, "my.dir/log.goals.jsonl");
	free(p);
	p = lt_goals_path(NULL, "-");
	assert_string_equal(p, "lt.goals.jsonl");
	free(p);
	/* The library leaves $LT_GOALS to the commands. */
	setenv("LT_GOALS", "env.jsonl", 1);
	p = lt_goals_path(NULL, "lt.jsonl");
	assert_string_equal(p, "lt.goals.jsonl");
	free(p);
	p = lt_goals_path("opt.jsonl", "lt.jsonl");
	assert_string_equal(p, "opt.jsonl");
	free(p);
	unsetenv("LT_GOALS");
}

static void
test_replay(void **state)
{
	struct lt_reader_opts ro = { .warn = count_warning };
	struct lt_goals *g;
	struct lt_error err;
	const struct lt_goal *a, *b;
	char path[64];
	int warnings = 0;

	(void)state;
	ro.ctx = &warnings;
	write_file(path, ".jsonl",
	    "{\"op\":\"create\",\"time\":100,\"goal_id\":\"a\",\"target\":1}\n"
	    "{\"op\":\"create\",\"time\":100,\"goal_id\":\"b\",\"target\":1}\n"
	    "{\"op\":\"update\",\"time\":150,\"goal_id\":\"a\",\"value\":0.7}\n"
	    "{\"op\":\"update\",\"time\":200,\"goal_id\":\"a\",\"value\":1}\n"
	    "{\"op\":\"update\",\"time\":250,\"goal_id\":\"a\",\"value\":0.5}\n"
	    "{\"op\":\"update\",\"time\":1,\"goal_id\":\"zz\",\"value\":1}\n"
	    "{\"op\":\"delete\",\"time\":300,\"goal_id\":\"b\"}\n"
	    "{\"op\":\"create\",\"time\":400,\"goal_id\":\"b\",\"target\":0.1,"
	    "\"direction\":\"min\"}\n"
	    "{\"op\":\"update\",\"time\":410,\"goal_id\":\"b\",\"value\":0.3}\n"
	    "{\"op\":\"upd");
	g = lt_goals_load(path, NULL, 0, NAN, &ro, &err);
	assert_non_null(g);
	/* the update of zz and the torn last line */
	assert_int_equal(warnings, 2);
	assert_int_equal(lt_goals_skipped(g), 2);
	assert_int_equal(lt_goals_count(g), 2);
	a = lt_goals_at(g, 0);
	b = lt_goals_at(g, 1);
	assert_string_equal(a->id, "a");
	/* completed at 200, sticky after the fall to 0.5 */
	assert_true(a->completed);
	assert_true(a->completion_time == 200);
	assert_true(a->current == 0.5);
	assert_true(a->percentage == 50);
	assert_true(isnan(a->eta));
	/* b was re-created as a min goal: baseline its first value */
	assert_string_equal(b->id, "b");
	assert_true(b->dir == LT_GOAL_MIN);
	assert_true(b->baseline == 0.3);
	assert_true(b->percentage == 0);
	assert_int_equal(b->nvalues, 1);
	assert_int_equal(lt_goals_active_count(g), 1);
	assert_null(lt_goals_find(g, "zz"));
	lt_goals_free(g);

	ro.flags = LT_READ_STRICT;
	assert_null(lt_goals_load(path, NULL, 0, NAN, &ro, &err));
	assert_string_equal(err.file, path);
	assert_int_equal(err.line, 6);
	unlink(path);
}

static void
test_eta_recent(void **state)
{
	struct lt_goals *g;
	struct lt_error err;
	char path[64], line[128];
	char *text;
	size_t len = 0;
	int i;

	(void)state;
	/* 30 values: a flat 0.1 for 10, then 0.1 + 0.01 k for k = 1..20 at
	 * T0 + 10 k.  Only the last 20 are fitted: a line of 0.001 a second
	 * through 0.3 at T0 + 200, so 0.5 comes at T0 + 400. */
	text = calloc(1, 8192);
	assert_non_null(text);
	len += (size_t)sprintf(text + len, "{\"op\":\"create\",\"time\":%.0f,"
	    "\"goal_id\":\"g\",\"target\":0.5}\n", T0);
	for (i = -9; i <= 20; i++) {
		snprintf(line, sizeof(line), "{\"op\":\"update\",\"time\":%.0f,"
		    "\"goal_id\":\"g\",\"value\":%.2f}\n", T0 + 10 * i,
		    i <= 0 ? 0.1 : 0.1 + 0.01 * i);
		len += (size_t)sprintf(text + len, "%s", line);
	}
	write_file(path, ".jsonl", text);
	free(text);
	g = lt_goals_load(path, NULL, 0, NAN, NULL, &err);
	assert_non_null(g);
	assert_int_equal(lt_goals_at(g, 0)->nvalues, 30);
	assert_true(lt_goals_at(g, 0)->eta == T0 + 400);
	lt_goals_free(g);
	unlink(path);
}

static void
test_linked(void **state)
{
	struct lt_goals *g;
	struct lt_error err;
	const struct lt_goal *a, *r;
	char gpath[64], epath[64];
	const char *logs[1];

	(void)state;
	write_file(epath, ".jsonl",
	    "{\"timestamp\":50,\"task_type\":\"cls\",\"performance_score\":0.4,"
	    "\"learning_rate\":0.1,\"episode_count\":1,"
	    "\"convergence_metric\":0.5,\"metadata\":{\"reward\":3}}\n"
	    "{\"timestamp\":150,\"task_type\":\"cls\","
	    "\"performance_score\":0.9,"
	    "\"learning_rate\":0.1,\"episode_count\":2,"
	    "\"convergence_metric\":0.5,\"metadata\":{}}\n"
	    "{\"timestamp\":250,\"task_type\":\"rl\",\"performance_score\":0.1,"
	    "\"learning_rate\":0.1,\"episode_count\":3,"
	    "\"convergence_metric\":0.5,\"metadata\":{\"reward\":8}}\n");
	write_file(gpath, ".jsonl",
	    "{\"op\":\"create\",\"time\":100,\"goal_id\":\"a\",\"target\":0.8,"
	    "\"task\":\"cls\",\"metric\":\"performance_score\"}\n"
	    "{\"op\":\"create\",\"time\":100,\"goal_id\":\"r\",\"target\":10,"
	    "\"task\":\"rl\",\"metric\":\"reward\"}\n");
	logs[0] = epath;
	g = lt_goals_load(gpath, logs, 1, NAN, NULL, &err);
	assert_non_null(g);
	a = lt_goals_find(g, "a");
	r = lt_goals_find(g, "r");
	/* 0.9 at 150 reached 0.8 */
	assert_true(a->completed);
	assert_true(a->completion_time == 150);
	assert_true(a->current == 0.9);
	assert_int_equal(a->nvalues, 2);
	/* only rl's reward counts: 8 of 10 */
	assert_false(r->completed);
	assert_true(r->current == 8);
	assert_true(r->percentage == 80);
	lt_goals_free(g);
	unlink(epath);
	unlink(gpath);
}

static void
test_write(void **state)
{
	struct lt_goal_spec spec = { .id = "acc", .target = 1.0,
	    .baseline = NAN, .time = T0 };
	struct lt_goals *g;
	struct lt_error err;
	char path[64];

	(void)state;
	write_file(path, ".jsonl", "");
	assert_int_equal(lt_goal_add(path, &spec, 0, NULL, 0, 1, &err), 0);
	assert_int_equal(lt_goal_add(path, &spec, 0, NULL, 0, 1, &err), -1);
	assert_string_equal(err.msg, "goal \"acc\" exists already; --replace "
	    "replaces it");
	assert_int_equal(lt_goal_update(path, "acc", 0.7, T0 + 1, 1, &err), 0);
	assert_int_equal(lt_goal_update(path, "x", 0.7, T0 + 1, 1, &err), -1);
	assert_int_equal(lt_goal_update(path, "acc", NAN, T0 + 1, 1, &err),
	    -1);
	spec.id = "bad id";
	assert_int_equal(lt_goal_add(path, &spec, 0, NULL, 0, 1, &err), -1);
	spec.id = "b";
	spec.baseline = 1.0;
	assert_int_equal(lt_goal_add(path, &spec, 0, NULL, 0, 1, &err), -1);
	g = lt_goals_load(path, NULL, 0, NAN, NULL, &err);
	assert_non_null(g);
	assert_int_equal(lt_goals_count(g), 1);
	assert_true(lt_goals_at(g, 0)->percentage == 70);
	lt_goals_free(g);
	assert_int_equal(lt_goal_rm(path, "acc", T0 + 2, 1, &err), 0);
	assert_int_equal(lt_goal_rm(path, "acc", T0 + 2, 1, &err), -1);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_eta),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_replay),
		cmocka_unit_test(test_eta_recent),
		cmocka_unit_test(test_linked),
		cmocka_unit_test(test_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
