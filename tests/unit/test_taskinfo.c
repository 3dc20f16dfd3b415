/*
 * test_taskinfo.c - lib/taskinfo.c: the tasks file's path, replay, merge
 * across logs, and appending only what changes.
 */
#include <math.h>
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

#include "taskinfo.h"

#define T0	1795600800.0

/* A fresh directory for one test's logs, its name in dir (64 bytes). */
static void
fresh_dir(char *dir)
{
	snprintf(dir, 64, "/tmp/test_taskinfo.XXXXXX");
	assert_non_null(mkdtemp(dir));
}

static void
write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* The whole of a small file, or "" when it does not exist. */
static char *
read_text(const char *path)
{
	static char buf[4096];
	FILE *fp = fopen(path, "r");
	size_t n;

	buf[0] = '\0';
	if (fp == NULL)
		return buf;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static void
count_warning(void *ctx, const struct lt_error *e)
{
	(void)e;
	(*(int *)ctx)++;
}

static void
test_path(void **state)
{
	char *p;

	(void)state;
	p = lt_taskinfo_path("runs/run.csv");
	assert_string_equal(p, "runs/run.tasks.jsonl");
	free(p);
	p = lt_taskinfo_path("a.b/log");
	assert_string_equal(p, "a.b/log.tasks.jsonl");
	free(p);
	p = lt_taskinfo_path(".hidden");
	assert_string_equal(p, ".hidden.tasks.jsonl");
	free(p);
	assert_null(lt_taskinfo_path("-"));
}

static void
test_replay(void **state)
{
	char dir[64], log[128], tf[128];
	const char *paths[1];
	struct lt_reader_opts ro = { 0 };
	struct lt_taskinfos *t;
	const struct lt_taskinfo *ti;
	struct lt_error err;
	int warned = 0;

	(void)state;
	fresh_dir(dir);
	snprintf(log, sizeof(log), "%s/run.csv", dir);
	snprintf(tf, sizeof(tf), "%s/run.tasks.jsonl", dir);
	paths[0] = log;
	/* No tasks file: no facts, the defaults. */
	t = lt_taskinfos_load(paths, 1, NULL, &err);
	assert_non_null(t);
	assert_int_equal(lt_taskinfos_count(t), 0);
	assert_null(lt_taskinfos_get(t, "val"));
	assert_int_equal(lt_taskinfo_dir(NULL), LT_STATS_MAX);
	assert_string_equal(lt_taskinfo_score_name(NULL), "performance_score");
	lt_taskinfos_free(t);

	/* A later line replaces a key; other keys stay; a bad line is
	 * warned and skipped; an unknown key is ignored. */
	write_text(tf,
	    "{\"time\":1,\"task\":\"val\",\"direction\":\"min\","
	    "\"score_name\":\"val_loss\"}\n"
	    "{\"time\":2,\"task\":\"train\",\"times\":\"order\","
	    "\"colour\":\"red\"}\n"
	    "{\"time\":3,\"task\":\"val\",\"direction\":\"sideways\"}\n"
	    "not json\n"
	    "{\"time\":4,\"task\":\"val\",\"score_name\":\"val_rmse\"}\n");
	ro.warn = count_warning;
	ro.ctx = &warned;
	t = lt_taskinfos_load(paths, 1, &ro, &err);
	assert_non_null(t);
	assert_int_equal(warned, 2);
	assert_int_equal(lt_taskinfos_count(t), 2);
	ti = lt_taskinfos_get(t, "val");
	assert_non_null(ti);
	assert_int_equal(lt_taskinfo_dir(ti), LT_STATS_MIN);
	assert_string_equal(lt_taskinfo_score_name(ti), "val_rmse");
	assert_false(ti->times_set);
	ti = lt_taskinfos_at(t, 1);
	assert_string_equal(ti->task, "train");
	assert_false(ti->dir_set);
	assert_true(ti->times_set && ti->times_order);
	lt_taskinfos_free(t);

	/* --strict: the first bad line is an error with file and line. */
	ro.flags = LT_READ_STRICT;
	assert_null(lt_taskinfos_load(paths, 1, &ro, &err));
	assert_int_equal(err.line, 3);
	assert_string_equal(err.file, tf);
	assert_non_null(strstr(err.msg, "sideways"));
	unlink(tf);
	rmdir(dir);
}

static void
test_merge(void **state)
{
	char dir[64], a[128], b[128], ta[128], tb[128];
	const char *paths[3];
	struct lt_taskinfos *t;
	const struct lt_taskinfo *ti;
	struct lt_error err;

	(void)state;
	fresh_dir(dir);
	snprintf(a, sizeof(a), "%s/a.csv", dir);
	snprintf(b, sizeof(b), "%s/b.jsonl", dir);
	snprintf(ta, sizeof(ta), "%s/a.tasks.jsonl", dir);
	snprintf(tb, sizeof(tb), "%s/b.tasks.jsonl", dir);
	paths[0] = a;
	paths[1] = "-";
	paths[2] = b;
	write_text(ta, "{\"task\":\"x\",\"direction\":\"min\"}\n"
	    "{\"task\":\"y\",\"times\":\"measured\"}\n");
	/* b agrees on x, adds its score name, says y has order times. */
	write_text(tb, "{\"task\":\"x\",\"direction\":\"min\","
	    "\"score_name\":\"loss\"}\n"
	    "{\"task\":\"y\",\"times\":\"order\"}\n");
	t = lt_taskinfos_load(paths, 3, NULL, &err);
	assert_non_null(t);
	ti = lt_taskinfos_get(t, "x");
	assert_int_equal(lt_taskinfo_dir(ti), LT_STATS_MIN);
	assert_string_equal(lt_taskinfo_score_name(ti), "loss");
	ti = lt_taskinfos_get(t, "y");
	assert_true(ti->times_order);
	lt_taskinfos_free(t);

	/* Disagreeing directions: an error naming both files. */
	write_text(tb, "{\"task\":\"x\",\"direction\":\"max\"}\n");
	assert_null(lt_taskinfos_load(paths, 3, NULL, &err));
	assert_non_null(strstr(err.msg, ta));
	assert_non_null(strstr(err.msg, tb));
	assert_non_null(strstr(err.msg, "\"x\""));
	/* Disagreeing score names too. */
	write_text(ta, "{\"task\":\"x\",\"score_name\":\"wer\"}\n");
	write_text(tb, "{\"task\":\"x\",\"score_name\":\"cer\"}\n");
	assert_null(lt_taskinfos_load(paths, 3, NULL, &err));
	assert_non_null(strstr(err.msg, "wer"));
	assert_non_null(strstr(err.msg, "cer"));
	unlink(ta);
	unlink(tb);
	rmdir(dir);
}

static void
test_set(void **state)
{
	char dir[64], log[128], tf[128];
	const char *paths[1];
	struct lt_taskinfo set[2];
	struct lt_taskinfos *t;
	struct lt_error err;
	size_t changed;

	(void)state;
	fresh_dir(dir);
	snprintf(log, sizeof(log), "%s/run.jsonl", dir);
	snprintf(tf, sizeof(tf), "%s/run.tasks.jsonl", dir);
	paths[0] = log;
	memset(set, 0, sizeof(set));
	set[0].task = "val";
	/* Nothing to say: no file is created. */
	assert_int_equal(lt_taskinfo_set(log, set, 1, T0, 1, &changed,
	    &err), 0);
	assert_int_equal(changed, 0);
	assert_int_equal(access(tf, F_OK), -1);

	set[0].dir_set = 1;
	set[0].dir = LT_STATS_MIN;
	set[0].score_name = "val_rmse";
	set[1].task = "train";
	set[1].times_set = 1;
	set[1].times_order = 1;
	assert_int_equal(lt_taskinfo_set(log, set, 2, T0, 1, &changed,
	    &err), 0);
	assert_int_equal(changed, 2);
	assert_string_equal(read_text(tf),
	    "{\"time\":1795600800.0,\"task\":\"val\",\"direction\":\"min\","
	    "\"score_name\":\"val_rmse\"}\n"
	    "{\"time\":1795600800.0,\"task\":\"train\",\"times\":\"order\"}\n");
	/* The same facts again: nothing appended. */
	assert_int_equal(lt_taskinfo_set(log, set, 2, T0 + 1, 1, &changed,
	    &err), 0);
	assert_int_equal(changed, 0);
	/* A new direction: one line with only what changed. */
	set[0].dir = LT_STATS_MAX;
	assert_int_equal(lt_taskinfo_set(log, set, 1, T0 + 2, 1, &changed,
	    &err), 0);
	assert_int_equal(changed, 1);
	assert_non_null(strstr(read_text(tf),
	    "{\"time\":1795600802.0,\"task\":\"val\",\"direction\":\"max\"}\n"));
	t = lt_taskinfos_load(paths, 1, NULL, &err);
	assert_non_null(t);
	assert_int_equal(lt_taskinfo_dir(lt_taskinfos_get(t, "val")),
	    LT_STATS_MAX);
	assert_string_equal(lt_taskinfo_score_name(lt_taskinfos_get(t, "val")),
	    "val_rmse");
	lt_taskinfos_free(t);

	/* A bad name is refused before anything is written. */
	set[0].score_name = "bad\nname";
	assert_int_equal(lt_taskinfo_set(log, set, 1, T0, 1, &changed, &err),
	    -1);
	assert_non_null(strstr(err.msg, "control character"));
	/* Standard input has no tasks file. */
	set[0].score_name = "ok";
	assert_int_equal(lt_taskinfo_set("-", set, 1, T0, 1, &changed, &err),
	    -1);
	unlink(tf);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_replay),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
