/*
 * test_plot.c - lib/plot.c: what the script carries for logs too large
 * to test through the command, against counts worked out by hand.
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

#include "plot.h"

/* The lines of datablock name in script, as a fresh NUL-separated copy;
 * *n is their count. */
static char *
block(const char *script, const char *name, size_t *n)
{
	char head[64];
	const char *s, *e;
	char *copy, *p;

	snprintf(head, sizeof(head), "%s << EOD\n", name);
	s = strstr(script, head);
	assert_non_null(s);
	s += strlen(head);
	e = strstr(s, "\nEOD\n");
	assert_non_null(e);
	copy = strndup(s, (size_t)(e - s) + 1);
	*n = 0;
	for (p = copy; *p != '\0'; p++)
		if (*p == '\n') {
			*p = '\0';
			(*n)++;
		}
	return copy;
}

static struct lt_event
event(double t, const char *task, double score, double lr)
{
	struct lt_event ev = { .timestamp = t, .task = task,
	    .task_len = strlen(task), .score = score, .lr = lr,
	    .meta = "{}", .meta_len = 2 };

	return ev;
}

static void
test_lookups(void **state)
{
	(void)state;
	assert_int_equal(lt_plot_term_for("a/b.png"), LT_TERM_PNG);
	assert_int_equal(lt_plot_term_for("x.SVG"), LT_TERM_SVG);
	assert_int_equal(lt_plot_term_for("x.pdf"), LT_TERM_PDF);
	assert_int_equal(lt_plot_term_for("x.gif"), -1);
	assert_int_equal(lt_plot_term_for("dir.png/x"), -1);
	assert_int_equal(lt_plot_term_for("png"), -1);
	assert_int_equal(lt_plot_panel_lookup("hist"), LT_PANEL_HIST);
	assert_int_equal(lt_plot_panel_lookup("goals"), LT_PANEL_GOALS);
	assert_int_equal(lt_plot_panel_lookup("all"), -1);
}

/* 10^6 events of one task: 1024 buckets of 512 hold 524288, too few, so
 * buckets are 1024 wide, ceil(10^6 / 1024) = 977 of them, two points
 * each (the sine puts minimum and maximum at different events).  The one
 * low event stays. */
static void
test_curve_bounded_with_spike(void **state)
{
	struct lt_plot_opts o = { .panel = LT_PANEL_CURVES,
	    .term = LT_TERM_PNG, .width = 800, .height = 600 };
	struct lt_error err;
	struct lt_plot *p;
	struct lt_buf out;
	size_t i, n;
	char *lines, *l;
	int spike = 0;

	(void)state;
	p = lt_plot_new(&o, &err);
	assert_non_null(p);
	for (i = 0; i < 1000000; i++) {
		struct lt_event ev = event(1e9 + (double)i, "t",
		    i == 777777 ? 0.0 : 0.5 + 0.25 * sin((double)i), 0.01);

		lt_plot_add(p, &ev);
	}
	lt_buf_init(&out);
	assert_int_equal(lt_plot_script(p, &out, &err), 0);
	lines = block(out.data, "$score1", &n);
	assert_int_equal(n, 2 * 977);
	for (l = lines, i = 0; i < n; i++, l += strlen(l) + 1)
		if (strcmp(l, "1000777777 0") == 0)
			spike = 1;
	assert_true(spike);
	free(lines);
	lt_buf_release(&out);
	lt_plot_free(p);
}

/* Past the exact scores, the fine bins: 300000 scores spread evenly over
 * [0, 1) give 10000 per bin of 1/30, give or take a fine bin's worth
 * (300000 / 4096 < 74) at each edge. */
static void
test_histogram_past_exact(void **state)
{
	struct lt_plot_opts o = { .panel = LT_PANEL_HIST,
	    .term = LT_TERM_PNG, .width = 800, .height = 600 };
	struct lt_error err;
	struct lt_plot *p;
	struct lt_buf out;
	size_t i, n;
	char *lines, *l;
	unsigned long long count, total = 0;
	double centre;

	(void)state;
	p = lt_plot_new(&o, &err);
	assert_non_null(p);
	/* Rising then falling range, so the fine bins grow both ways. */
	for (i = 0; i < 300000; i++) {
		double y = (double)((i * 7919) % 300000) / 300000;
		struct lt_event ev = event(1e9 + (double)i, "t", y, 0.01);

		lt_plot_add(p, &ev);
	}
	lt_buf_init(&out);
	assert_int_equal(lt_plot_script(p, &out, &err), 0);
	lines = block(out.data, "$hist", &n);
	assert_int_equal(n, 30);
	for (l = lines, i = 0; i < n; i++, l += strlen(l) + 1) {
		assert_int_equal(sscanf(l, "%lf %llu", &centre, &count), 2);
		assert_true(fabs(centre - (i + 0.5) * (299999.0 / 300000) /
		    30) < 1e-12);
		assert_true(count >= 10000 - 148 && count <= 10000 + 148);
		total += count;
	}
	assert_int_equal(total, 300000);
	/* The mean of k / 300000 for k < 300000: 299999 / 600000. */
	assert_non_null(strstr(out.data, "\nmean = 0.49999833333333"));
	free(lines);
	lt_buf_release(&out);
	lt_plot_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_curve_bounded_with_spike),
		cmocka_unit_test(test_histogram_past_exact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
