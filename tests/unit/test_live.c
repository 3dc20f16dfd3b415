/*
 * test_live.c - lib/live.c and lib/screen.c: what growing logs say now
 * equals what the one-pass analyses say of the logs as they are.
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

#include "groups.h"
#include "live.h"
#include "render_json.h"
#include "screen.h"

static char dir[64], a[128], b[128];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/lt-test-live-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(a, sizeof(a), "%s/a.jsonl", dir);
	snprintf(b, sizeof(b), "%s/b.jsonl", dir);
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

/* One event line of task into fp: episode i at time t, learning rate
 * 0.01. */
static void
put_event(FILE *fp, long t, const char *task, double score, int i,
    const char *conv)
{
	fprintf(fp, "{\"timestamp\":%ld,\"task_type\":\"%s\","
	    "\"performance_score\":%.17g,\"learning_rate\":0.01,"
	    "\"episode_count\":%d,\"convergence_metric\":%s,"
	    "\"metadata\":{}}\n", t, task, score, i, conv);
}

/* Append events first..last (score i/100, time t0 + i) of task. */
static void
append(const char *path, int first, int last, const char *task, long t0)
{
	FILE *fp = fopen(path, "a");
	int i;

	assert_non_null(fp);
	for (i = first; i <= last; i++)
		put_event(fp, t0 + i, task, i / 100.0, i,
		    i % 3 ? "0.5" : "0.001");
	assert_int_equal(fclose(fp), 0);
}

static char *
dump(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);

	json_decref(j);
	assert_non_null(s);
	return s;
}

/* The live report equals the one-pass report of paths. */
static void
same_report(struct lt_live *l, const char *const *paths, size_t n)
{
	struct lt_report *r;
	struct lt_error err;
	struct lt_sel sel;
	char *want, *got;

	lt_sel_init(&sel);
	sel.paths = paths;
	sel.npaths = n;
	r = lt_analysis_report(&sel, 0, 1, NULL, &err);
	assert_non_null(r);
	want = dump(lt_render_json_report(r));
	lt_report_free(r);
	r = lt_live_report(l, 1, &err);
	assert_non_null(r);
	got = dump(lt_render_json_report(r));
	lt_report_free(r);
	assert_string_equal(got, want);
	free(want);
	free(got);
}

static void
test_live_follows_one_log(void **state)
{
	const char *paths[] = { a };
	struct lt_reader_opts ro = { 0 };
	struct lt_error err;
	struct lt_live *l;
	uint64_t gen;
	char other[160];

	(void)state;
	append(a, 1, 40, "x", 1795600800);
	l = lt_live_new(paths, 1, NULL, &ro);
	assert_int_equal(lt_live_refresh(l, &err), 1);
	same_report(l, paths, 1);
	gen = lt_live_generation(l);
	assert_int_equal(lt_live_refresh(l, &err), 0);
	assert_true(lt_live_generation(l) == gen);
	append(a, 41, 45, "y", 1795600800);
	assert_int_equal(lt_live_refresh(l, &err), 1);
	same_report(l, paths, 1);
	assert_int_equal(lt_live_count(l, 1), 5);
	assert_true(lt_live_best(l, 0) == 0.40);
	/* Replaced, as lt compact does it. */
	snprintf(other, sizeof(other), "%s/.a.new", dir);
	append(other, 30, 45, "x", 1795600800);
	assert_int_equal(rename(other, a), 0);
	assert_int_equal(lt_live_refresh(l, &err), 1);
	same_report(l, paths, 1);
	lt_live_free(l);
}

/* An event appended to the second log that sorts before what the first
 * gave: read again, the numbers stay those of the merge. */
static void
test_live_merges_out_of_order(void **state)
{
	const char *paths[] = { a, b };
	struct lt_reader_opts ro = { 0 };
	struct lt_error err;
	struct lt_live *l;

	(void)state;
	unlink(a);
	append(a, 1, 20, "x", 1795600800);
	append(b, 1, 10, "z", 1795600805);
	l = lt_live_new(paths, 2, NULL, &ro);
	assert_int_equal(lt_live_refresh(l, &err), 1);
	same_report(l, paths, 2);
	append(b, 11, 12, "z", 1795600790);
	assert_int_equal(lt_live_refresh(l, &err), 1);
	same_report(l, paths, 2);
	append(a, 21, 30, "x", 1795600800);
	assert_int_equal(lt_live_refresh(l, &err), 1);
	same_report(l, paths, 2);
	lt_live_free(l);
}

/* Append events first..last of task to path, score (i * k mod 97) /
 * 100 * (0.5 + k / 40), time t0 + i: each k its own best. */
static void
append_k(const char *path, int first, int last, const char *task, long t0,
    int k)
{
	FILE *fp = fopen(path, "a");
	int i;

	assert_non_null(fp);
	for (i = first; i <= last; i++)
		put_event(fp, t0 + i, task, (i * k % 97) / 100.0 *
		    (0.5 + k / 40.0), i, "0.5");
	assert_int_equal(fclose(fp), 0);
}

/* The comparison's JSON of groups g (NULL: err's message). */
static char *
compare_json(struct lt_groups *g, const struct lt_error *err)
{
	struct lt_compare_opts co;
	struct lt_error e;
	char *s;

	if (g == NULL)
		return strdup(err->msg);
	lt_compare_opts_init(&co);
	co.resamples = 200;
	assert_int_equal(lt_groups_compare(g, &co, &e), 0);
	s = dump(lt_render_json_compare(g));
	lt_groups_free(g);
	return s;
}

/* lt_live_compare's groups equal lt_groups_new's, or its error. */
static void
same_compare(struct lt_live *l, const struct lt_groups_spec *specs,
    size_t n, const struct lt_groups_opts *o)
{
	struct lt_groups_opts fo = *o;
	struct lt_error err;
	char *want, *got;

	want = compare_json(lt_groups_new(specs, n, &fo, &err), &err);
	got = compare_json(lt_live_compare(l, specs, n, o, &err), &err);
	assert_string_equal(got, want);
	free(want);
	free(got);
}

/* Groups of several logs, each summary, last scores beyond what live
 * keeps, as the logs grow and one is replaced; the tasks of one log by
 * pattern; the errors. */
static void
test_live_compare(void **state)
{
	char p[4][160], tasks[180];
	const char *paths[4] = { p[0], p[1], p[2], p[3] };
	struct lt_groups_spec specs[2] = {
		{ "base", paths, 2 }, { "new", paths + 2, 2 } };
	const char *xs[] = { "x*" }, *ys[] = { "y?" }, *one[] = { a };
	struct lt_groups_spec tspecs[2] = { { "x", xs, 1 }, { "y", ys, 1 } };
	enum lt_compare_summary sum[] = { LT_COMPARE_SUMMARY_LAST,
	    LT_COMPARE_SUMMARY_BEST, LT_COMPARE_SUMMARY_MEAN };
	size_t last[] = { 1, 10, 1024, 1500 };
	struct lt_reader_opts ro = { 0 };
	struct lt_groups_opts o;
	struct lt_error err;
	struct lt_live *l;
	size_t i, j;
	FILE *fp;
	int k;

	(void)state;
	for (k = 0; k < 4; k++) {
		snprintf(p[k], sizeof(p[k]), "%s/seed%d.jsonl", dir, k);
		append_k(p[k], 1, 1200 + 100 * k, "acc", 1795600800, 3 + k);
	}
	l = lt_live_new(paths, 4, NULL, &ro);
	assert_int_equal(lt_live_refresh(l, &err), 1);
	for (k = 0; k < 3; k++) {
		for (i = 0; i < 3; i++)
			for (j = 0; j < 4; j++) {
				lt_groups_opts_init(&o);
				o.summary = sum[i];
				o.last = last[j];
				same_compare(l, specs, 2, &o);
				o.dir_set = 1;
				o.dir = LT_STATS_MIN;
				same_compare(l, specs, 2, &o);
			}
		if (k == 0) {
			/* Grown: seed2 by another task, at its end. */
			append_k(p[2], 1201, 1210, "acc", 1795600800, 7);
			append_k(p[2], 1211, 1215, "loss", 1795600800, 7);
		} else if (k == 1) {
			/* Replaced by a shorter log, as lt compact does. */
			snprintf(tasks, sizeof(tasks), "%s/.new", dir);
			append_k(tasks, 1, 30, "acc", 1795600800, 11);
			assert_int_equal(rename(tasks, p[0]), 0);
		}
		assert_int_equal(lt_live_refresh(l, &err), k < 2);
	}
	/* The task named: each log's acc. */
	lt_groups_opts_init(&o);
	o.task = "acc";
	same_compare(l, specs, 2, &o);
	o.task = "nope";
	same_compare(l, specs, 2, &o);
	/* A tasks file says seed3's acc is a loss: directions differ. */
	snprintf(tasks, sizeof(tasks), "%s/seed3.tasks.jsonl", dir);
	assert_non_null(fp = fopen(tasks, "w"));
	fputs("{\"time\":1795600000,\"task\":\"acc\","
	    "\"direction\":\"min\"}\n", fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(lt_live_refresh(l, &err), 1);
	lt_groups_opts_init(&o);
	o.task = "acc";
	same_compare(l, specs, 2, &o);
	o.dir_set = 1;
	same_compare(l, specs, 2, &o);
	lt_live_free(l);

	/* The tasks of one log, by pattern, and each its own group. */
	unlink(a);
	append_k(a, 1, 50, "x1", 1795600800, 3);
	append_k(a, 51, 90, "y1", 1795600800, 5);
	append_k(a, 91, 1300, "x2", 1795600800, 7);
	append_k(a, 1301, 1400, "y2", 1795600800, 11);
	l = lt_live_new(one, 1, NULL, &ro);
	assert_int_equal(lt_live_refresh(l, &err), 1);
	for (i = 0; i < 3; i++)
		for (j = 0; j < 4; j++) {
			lt_groups_opts_init(&o);
			o.log = a;
			o.summary = sum[i];
			o.last = last[j];
			same_compare(l, tspecs, 2, &o);
			same_compare(l, NULL, 0, &o);
		}
	lt_live_free(l);
}

/* The figure's script: the text terminal of the figure's size, or the
 * sixel one of as many cells, in pixels. */
static void
test_screen_plot_script(void **state)
{
	const char *paths[] = { a };
	struct lt_reader_opts ro = { 0 };
	struct lt_screen s = { 0 };
	struct lt_error err;
	struct lt_live *l;
	struct lt_buf out;

	(void)state;
	unlink(a);
	append(a, 1, 20, "x", 1795600800);
	l = lt_live_new(paths, 1, NULL, &ro);
	assert_int_equal(lt_live_refresh(l, &err), 1);
	s.width = 80;
	s.height = 24;
	s.title = "a";
	lt_screen_layout(&s, l);
	/* 24 rows: the header and the table's head, one task (a quarter
	 * of 21 is 5), no goals, the last row left empty. */
	assert_int_equal(s.task_rows, 1);
	assert_int_equal(s.plot_rows, 24 - 3 - 1);
	lt_buf_init(&out);
	assert_int_equal(lt_screen_plot_script(&s, l, &out, &err), 0);
	assert_non_null(strstr(out.data, "set terminal dumb size 80,19 "));
	assert_non_null(strstr(out.data, "title 'x'"));
	lt_buf_release(&out);
	s.sixel = 1;
	s.cell_w = 10;
	s.cell_h = 20;
	lt_buf_init(&out);
	assert_int_equal(lt_screen_plot_script(&s, l, &out, &err), 0);
	assert_non_null(strstr(out.data, "set terminal sixelgd size 800,380 "));
	lt_buf_release(&out);
	lt_live_free(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_live_follows_one_log),
		cmocka_unit_test(test_live_merges_out_of_order),
		cmocka_unit_test(test_live_compare),
		cmocka_unit_test(test_screen_plot_script),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
