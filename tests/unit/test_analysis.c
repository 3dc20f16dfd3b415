/*
 * test_analysis.c - lib/analysis.c on logs written by the test, against
 * numbers worked out by hand beside each case.
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
#include <fcntl.h>

#include <cmocka.h>

#include "analysis.h"
#include "json.h"
#include "render_json.h"

static char path[64];

/* Write text to a new temporary file named with suffix; path holds its
 * name.  Returns the descriptor, open for reading. */
static int
write_log(const char *suffix, const char *text)
{
	int fd;

	snprintf(path, sizeof(path), "/tmp/lt-test-analysis-XXXXXX%s", suffix);
	fd = mkstemps(path, (int)strlen(suffix));
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)),
	    (ssize_t)strlen(text));
	return fd;
}

static char *
events(size_t n, const char *task, double (*score)(size_t))
{
	char *buf = calloc(n + 1, 200), *p = buf;
	size_t i;

	for (i = 0; i < n; i++)
		p += sprintf(p, "{\"timestamp\":%zu,\"task_type\":\"%s\","
		    "\"performance_score\":%.17g,\"learning_rate\":0.01,"
		    "\"episode_count\":%zu,\"convergence_metric\":0.5,"
		    "\"metadata\":{}}\n", 1795600800 + i, task, score(i), i);
	return buf;
}

static double
tenth(size_t i)
{
	return 0.5 + (double)i * 0.05;
}

static double
wobble(size_t i)
{
	return (i % 3) * 0.25 + (double)i / 1000;
}

/* Lines are counted: a torn last line too, a CSV header not. */
static void
test_count_events(void **state)
{
	unsigned long long c;
	int fd;

	(void)state;
	fd = write_log(".jsonl", "a\nb\nc");
	assert_int_equal(lt_count_events(fd, 0, NULL, &c, NULL), 0);
	assert_int_equal(c, 3);
	assert_int_equal(lt_count_events(fd, 1, NULL, &c, NULL), 0);
	assert_int_equal(c, 2);
	close(fd);
	unlink(path);
	fd = write_log(".jsonl", "");
	assert_int_equal(lt_count_events(fd, 1, NULL, &c, NULL), 0);
	assert_int_equal(c, 0);
	close(fd);
	unlink(path);
}

/* Past the 255 words the bytewise sums are folded after: a newline every
 * 7th byte of 100000 bytes is 14285 of them (7, 14, ..., 99995), plus a
 * last line without one. */
static void
test_count_events_long(void **state)
{
	char *text = malloc(100001);
	unsigned long long c;
	size_t i;
	int fd;

	(void)state;
	for (i = 0; i < 100000; i++)
		text[i] = (i + 1) % 7 == 0 ? '\n' : (char)('a' + i % 26);
	text[100000] = '\0';
	fd = write_log(".jsonl", text);
	assert_int_equal(lt_count_events(fd, 0, NULL, &c, NULL), 0);
	assert_int_equal(c, 14285 + 1);
	close(fd);
	unlink(path);
	free(text);
}

static char cachedir[] = "/tmp/lt-test-cache-XXXXXX";

/*
 * With a cache directory, the count of a large log is kept, and a log
 * that grew is counted from where the kept count stops: 7000 lines of 10
 * bytes (past the 64 KiB under which nothing is kept), then 3 more.  The
 * kept count is then made 5 instead of 7003, and the next count, after 1
 * more line, is 5 + 1: the cache was read, the old lines not counted.
 */
static void
test_count_cache(void **state)
{
	char *text = malloc(70001), dir[128], counts[160], line[256];
	unsigned long long c, nl;
	uintmax_t dev, ino;
	intmax_t off;
	unsigned long crc;
	FILE *fp;
	size_t i;
	int fd;

	(void)state;
	for (i = 0; i < 70000; i++)
		text[i] = i % 10 == 9 ? '\n' : '7';
	text[70000] = '\0';
	fd = write_log(".jsonl", text);
	snprintf(dir, sizeof(dir), "%s/lt", cachedir);
	snprintf(counts, sizeof(counts), "%s/counts", dir);
	assert_int_equal(lt_count_events(fd, 0, dir, &c, NULL), 0);
	assert_int_equal(c, 7000);
	assert_int_equal(write(fd, "a\nb\nc\n", 6), 6);
	assert_int_equal(lt_count_events(fd, 0, dir, &c, NULL), 0);
	assert_int_equal(c, 7003);
	fp = fopen(counts, "r");
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof(line), fp));
	fclose(fp);
	assert_int_equal(sscanf(line, "%ju %ju %jd %llu %lx", &dev, &ino, &off,
	    &nl, &crc), 5);
	assert_int_equal(off, 70006);
	assert_int_equal(nl, 7003);
	fp = fopen(counts, "w");
	assert_non_null(fp);
	fprintf(fp, "%ju %ju %jd %llu %lx\n", dev, ino, off, 5ULL, crc);
	fclose(fp);
	assert_int_equal(write(fd, "d\n", 2), 2);
	assert_int_equal(lt_count_events(fd, 0, dir, &c, NULL), 0);
	assert_int_equal(c, 6);
	close(fd);
	unlink(path);
	free(text);
}

/* One extractor for every metric: the number fields, a metadata key
 * whose value is a number, and NaN for all else (a string value, "acc"
 * which is only a value, so the text search finds it and the parse says
 * no, a key absent, the task, the metadata). */
static void
test_metric_of(void **state)
{
	const char *meta = "{\"loss\":0.25,\"name\":\"acc\",\"steps\":300}";
	struct lt_event ev = { 1795600800.5, "cls", 3, 0.75, 0.01, 42, 0.125,
	    meta, 0 };
	static const struct {
		const char	*name;
		double		 want;	/* NaN: none */
	} cases[] = {
		{ "timestamp", 1795600800.5 },
		{ "performance_score", 0.75 },
		{ "learning_rate", 0.01 },
		{ "episode_count", 42 },
		{ "convergence_metric", 0.125 },
		{ "loss", 0.25 },
		{ "steps", 300 },
		{ "name", NAN },
		{ "acc", NAN },
		{ "missing", NAN },
		{ "task_type", NAN },
		{ "metadata", NAN },
	};
	struct lt_metric m;
	double got;
	size_t i;

	(void)state;
	ev.meta_len = strlen(meta);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		lt_metric_init(&m, cases[i].name);
		got = lt_metric_of(&m, &ev);
		if (isnan(cases[i].want))
			assert_true(isnan(got));
		else
			assert_true(got == cases[i].want);
		lt_metric_release(&m);
	}
}

/* The class's ten points 0.5..0.95: slope 0.05, r2 1, recent mean 0.725,
 * improvement 0.5; the streaming fit (window 0) agrees. */
static void
test_trend_ten_points(void **state)
{
	struct lt_trend_opts o = { .window = 50 };
	struct lt_error err;
	struct lt_sel sel;
	const char *paths[1];
	char *text = events(10, "cls", tenth);
	struct lt_trends *res;
	const struct lt_trend *t;
	int fd;

	(void)state;
	fd = write_log(".jsonl", text);
	close(fd);
	paths[0] = path;
	lt_sel_init(&sel);
	sel.paths = paths;
	sel.npaths = 1;
	for (o.window = 0; o.window <= 50; o.window += 50) {
		res = lt_analysis_trend(&sel, &o, &err);
		assert_non_null(res);
		assert_int_equal(res->n, 1);
		assert_string_equal(res->v[0].task, "cls");
		t = &res->v[0].trend;
		assert_int_equal(t->n, 10);
		assert_true(fabs(t->trend - 0.05) < 1e-12);
		assert_true(fabs(t->confidence - 1) < 1e-12);
		assert_true(fabs(t->recent_avg - 0.725) < 1e-12);
		assert_true(fabs(t->improvement_rate - 0.5) < 1e-12);
		assert_true(t->enough);
		assert_string_equal(lt_trend_direction(t), "improving");
		lt_trends_free(res);
	}
	unlink(path);
	free(text);
}

/* The window cut by a ring and the whole stream give the same fit when
 * the window holds every point. */
static void
test_trend_ring_equals_stream(void **state)
{
	struct lt_trend_opts o = { .window = 0 };
	struct lt_error err;
	struct lt_sel sel;
	const char *paths[1];
	char *text = events(300, "w", wobble);
	struct lt_trends *a, *b;
	const struct lt_trend *ta, *tb;
	double x[5], y[5];
	size_t i;
	int fd;

	(void)state;
	fd = write_log(".jsonl", text);
	close(fd);
	paths[0] = path;
	lt_sel_init(&sel);
	sel.paths = paths;
	sel.npaths = 1;
	a = lt_analysis_trend(&sel, &o, &err);
	o.window = 300;
	b = lt_analysis_trend(&sel, &o, &err);
	assert_non_null(a);
	assert_non_null(b);
	ta = &a->v[0].trend;
	tb = &b->v[0].trend;
	x[0] = ta->trend, y[0] = tb->trend;
	x[1] = ta->intercept, y[1] = tb->intercept;
	x[2] = ta->confidence, y[2] = tb->confidence;
	x[3] = ta->p_value, y[3] = tb->p_value;
	x[4] = ta->stderr_slope, y[4] = tb->stderr_slope;
	for (i = 0; i < 5; i++)
		assert_true(fabs(x[i] - y[i]) <= 1e-9 * fmax(fabs(x[i]),
		    fabs(y[i])));
	lt_trends_free(a);
	lt_trends_free(b);
	unlink(path);
	free(text);
}

/* A tail of bad lines longer than the first block read from the end makes
 * the reader go further back for its ten events. */
static void
test_metrics_reads_back_far_enough(void **state)
{
	struct lt_error err;
	struct lt_sel sel;
	const char *paths[1];
	char *text = events(20, "m", tenth), *big;
	size_t i, len = strlen(text);
	struct lt_metrics m;
	int fd;

	(void)state;
	big = malloc(len + 2000 * 100 + 1);
	memcpy(big, text, len);
	for (i = 0; i < 2000; i++) {
		memset(big + len, 'x', 99);
		big[len + 99] = '\n';
		len += 100;
	}
	big[len] = '\0';
	fd = write_log(".jsonl", big);
	close(fd);
	paths[0] = path;
	lt_sel_init(&sel);
	sel.paths = paths;
	sel.npaths = 1;
	assert_int_equal(lt_analysis_metrics(&sel, 0, &m, &err), 0);
	assert_false(m.empty);
	/* 20 events and 2000 foreign lines, each a line */
	assert_int_equal(m.total_learning_events, 2020);
	/* 0.5 + 19 * 0.05 */
	assert_true(fabs(m.current_performance - 1.45) < 1e-12);
	/* the mean of 0.5 + i * 0.05 for i = 10..19 */
	assert_true(fabs(m.recent_avg_performance - 1.225) < 1e-12);
	assert_int_equal(sel.skipped, 2000);
	unlink(path);
	free(big);
	free(text);
}


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

/* The JSON text of j, which is released. */
static char *
dump(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(17));

	json_decref(j);
	assert_non_null(s);
	return s;
}

/* The analyses' results of the states ta, ra and ca compared with the
 * one-pass analyses of the log at path; the curve's last point is
 * last_y.  Taking a result leaves a state as it was: each is taken
 * twice. */
static void
same_as_one_pass(struct lt_trend_acc *ta, struct lt_report_acc *ra,
    struct lt_curve_acc *ca, const char *log, double last_y)
{
	const char *paths[1] = { log };
	struct lt_trend_opts to = { .window = 50 };
	struct lt_report *r;
	struct lt_trends *t;
	struct lt_curve *c;
	struct lt_error err;
	struct lt_sel sel;
	char *want, *got;
	int k;

	lt_sel_init(&sel);
	sel.paths = paths;
	sel.npaths = 1;
	for (k = 0; k < 2; k++) {
		t = lt_analysis_trend(&sel, &to, &err);
		want = dump(lt_render_json_trends(t));
		lt_trends_free(t);
		t = lt_trend_acc_result(ta, &err);
		got = dump(lt_render_json_trends(t));
		lt_trends_free(t);
		assert_string_equal(got, want);
		free(got);
		free(want);

		r = lt_analysis_report(&sel, 0, 1, NULL, &err);
		want = dump(lt_render_json_report(r));
		lt_report_free(r);
		r = lt_report_acc_result(ra, 1, NULL, &err);
		got = dump(lt_render_json_report(r));
		lt_report_free(r);
		assert_string_equal(got, want);
		free(got);
		free(want);
	}
	c = lt_curve_acc_result(ca, &err);
	assert_non_null(c);
	assert_int_equal(c->n, 20);
	assert_true(c->pts[19].y == last_y);
	lt_curve_free(c);
}

/* Every analysis's result taken half way through its events, the state
 * going on, is the one-pass analysis of the log up to there; and taken
 * at the end, that of the whole log.  Two tasks, interleaved, with
 * convergences (metric 0.005 every fourth event). */
static void
test_acc_midway_is_one_pass(void **state)
{
	struct lt_trend_opts to = { .window = 50 };
	struct lt_trend_acc *ta;
	struct lt_report_acc *ra;
	struct lt_curve_acc *ca;
	struct lt_event ev;
	struct lt_error err;
	struct lt_lineproc lp;
	char *text, *p, *line, half[64];
	size_t i, n = 120;

	(void)state;
	text = calloc(n + 1, 200);
	for (p = text, i = 0; i < n; i++)
		p += sprintf(p, "{\"timestamp\":%zu,\"task_type\":\"%s\","
		    "\"performance_score\":%.17g,\"learning_rate\":0.01,"
		    "\"episode_count\":%zu,\"convergence_metric\":%s,"
		    "\"metadata\":{}}\n", 1795600800 + i, i % 2 ? "b" : "a",
		    wobble(i), i, i % 4 ? "0.5" : "0.005");
	/* The first half as a log of its own. */
	for (p = text, i = 0; i < n / 2; i++)
		p = strchr(p, '\n') + 1;
	line = strndup(text, (size_t)(p - text));
	close(write_log(".jsonl", line));
	free(line);
	snprintf(half, sizeof(half), "%s", path);
	close(write_log(".jsonl", text));

	ta = lt_trend_acc_new(&to, LT_X_INDEX, NULL);
	ra = lt_report_acc_new(0, &err);
	ca = lt_curve_acc_new("a", 20, LT_X_INDEX, NULL, NULL);
	lt_lineproc_init(&lp, path, LT_FORMAT_JSONL, 0, 0, NULL);
	for (p = text, i = 0; i < n; i++) {
		line = p;
		p = strchr(p, '\n');
		*p++ = '\0';
		assert_int_equal(lt_lineproc_line(&lp, line, strlen(line),
		    &ev, &err), 1);
		lt_trend_acc_push(ta, &ev);
		lt_report_acc_push(ra, &ev);
		lt_curve_acc_push(ca, &ev);
		/* Task a is every other event: the last of its points
		 * kept is the last even index. */
		if (i == n / 2 - 1)
			same_as_one_pass(ta, ra, ca, half, wobble(i - 1));
	}
	same_as_one_pass(ta, ra, ca, path, wobble(n - 2));
	lt_lineproc_release(&lp);
	lt_trend_acc_free(ta);
	lt_report_acc_free(ra);
	lt_curve_acc_free(ca);
	unlink(path);
	unlink(half);
	free(text);
}

int
main(void)
{
	int rc;

	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count_events),
		cmocka_unit_test(test_count_events_long),
		cmocka_unit_test(test_count_cache),
		cmocka_unit_test(test_metric_of),
		cmocka_unit_test(test_trend_ten_points),
		cmocka_unit_test(test_trend_ring_equals_stream),
		cmocka_unit_test(test_metrics_reads_back_far_enough),
		cmocka_unit_test(test_acc_midway_is_one_pass),
	};

	if (mkdtemp(cachedir) == NULL)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	remove_cache();
	return rc;
}
