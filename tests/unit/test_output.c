/*
 * test_output.c - lib/output.c's tables in each style (alignment,
 * numbers, times, CSV quoting), headings, and the output table of
 * lib/render.c on small results built by hand.
 *
 * Every expected text is written out in full beside its test.  Times are
 * local in UTC (TZ is set to UTC before the tests run).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "json.h"
#include "output.h"
#include "render.h"
#include "render_json.h"

#define T0	1795600800.0	/* 2026-11-25T10:00:00Z */

/* A stream into memory, and the output it collects. */
struct sink {
	FILE	*fp;
	char	*buf;
	size_t	 len;
	struct lt_out o;
};

static void
sink_open(struct sink *s, enum lt_style style)
{
	s->buf = NULL;
	s->len = 0;
	s->fp = open_memstream(&s->buf, &s->len);
	assert_non_null(s->fp);
	lt_render_init(&s->o, s->fp, style);
}

/* Close the stream and compare what it got with want. */
static void
sink_check(struct sink *s, const char *want)
{
	assert_int_equal(fclose(s->fp), 0);
	assert_string_equal(s->buf, want);
	free(s->buf);
}

/* The same small table in any style: a text column, an integer, a number
 * shown with 3 decimals to people, a time. */
static void
small_table(const struct lt_out *o)
{
	static const char *const hdr[] = { "task", "n", "score", "when" };
	struct lt_table *t = lt_table_new(o, 4, hdr);

	lt_table_str(t, "cls");
	lt_table_int(t, 12);
	lt_table_num(t, 0.1, 3);
	lt_table_time(t, T0);
	lt_table_str(t, "detection");
	lt_table_int(t, 7);
	lt_table_num(t, 0.87654321, 3);
	lt_table_time(t, T0 + 0.25);
	assert_int_equal(lt_table_print(t), 0);
}

/* Text: columns two spaces apart, as wide as their widest cell, numbers
 * to the right, text and times to the left (the last column unpadded);
 * numbers rounded, local times to the second. */
static void
test_text_aligns(void **state)
{
	struct sink s;

	(void)state;
	sink_open(&s, LT_STYLE_TEXT);
	small_table(&s.o);
	sink_check(&s,
	    "task        n  score  when\n"
	    "cls        12  0.100  2026-11-25 10:00:00\n"
	    "detection   7  0.877  2026-11-25 10:00:00\n");
}

/* A column that mixes text into numbers aligns left; with no rows, no
 * column is taken for numbers; a character of several bytes is one
 * column wide. */
static void
test_text_mixed_and_empty(void **state)
{
	static const char *const hdr[] = { "k", "v" };
	struct lt_table *t;
	struct sink s;

	(void)state;
	sink_open(&s, LT_STYLE_TEXT);
	t = lt_table_new(&s.o, 2, hdr);
	lt_table_str(t, "épreuve");
	lt_table_num(t, 1.5, 1);
	lt_table_str(t, "x");
	lt_table_str(t, "n/a");
	lt_table_print(t);
	t = lt_table_new(&s.o, 2, hdr);
	lt_table_print(t);
	sink_check(&s,
	    "k        v\n"
	    "épreuve  1.5\n"
	    "x        n/a\n"
	    "k  v\n");
}

/* TSV: every digit of the number, ISO 8601 UTC times with their
 * fraction, a tab or line break inside a cell turned into a space. */
static void
test_tsv(void **state)
{
	static const char *const hdr[] = { "a\tb", "c" };
	struct lt_table *t;
	struct sink s;

	(void)state;
	sink_open(&s, LT_STYLE_TSV);
	small_table(&s.o);
	t = lt_table_new(&s.o, 2, hdr);
	lt_table_str(t, "two\nlines");
	lt_table_str(t, "cr\rhere");
	lt_table_print(t);
	sink_check(&s,
	    "task\tn\tscore\twhen\n"
	    "cls\t12\t0.1\t2026-11-25T10:00:00Z\n"
	    "detection\t7\t0.87654321\t2026-11-25T10:00:00.25Z\n"
	    "a b\tc\n"
	    "two lines\tcr here\n");
}

/* CSV: a cell as it is unless it must be quoted (a comma, a quote, a
 * line break, a blank at either end); libcsv quotes it, doubling quotes.
 * An empty cell stays empty. */
static void
test_csv_quoting(void **state)
{
	static const char *const hdr[] = { "plain", "comma", "quote",
	    "newline", "lead", "trail", "empty" };
	struct lt_table *t;
	struct sink s;

	(void)state;
	sink_open(&s, LT_STYLE_CSV);
	t = lt_table_new(&s.o, 7, hdr);
	lt_table_str(t, "det-v2 ok");
	lt_table_str(t, "det,v2");
	lt_table_str(t, "say \"hi\"");
	lt_table_str(t, "a\nb");
	lt_table_str(t, " x");
	lt_table_str(t, "x\t");
	lt_table_str(t, "");
	lt_table_print(t);
	sink_check(&s,
	    "plain,comma,quote,newline,lead,trail,empty\n"
	    "det-v2 ok,\"det,v2\",\"say \"\"hi\"\"\",\"a\nb\",\" x\","
	    "\"x\t\",\n");
}

/* CSV numbers and times as TSV's. */
static void
test_csv(void **state)
{
	struct sink s;

	(void)state;
	sink_open(&s, LT_STYLE_CSV);
	small_table(&s.o);
	sink_check(&s,
	    "task,n,score,when\n"
	    "cls,12,0.1,2026-11-25T10:00:00Z\n"
	    "detection,7,0.87654321,2026-11-25T10:00:00.25Z\n");
}

/* Markdown: a pipe table whose columns of numbers align right, rounded
 * numbers and local times as for people. */
static void
test_markdown(void **state)
{
	struct sink s;

	(void)state;
	sink_open(&s, LT_STYLE_MARKDOWN);
	small_table(&s.o);
	sink_check(&s,
	    "| task | n | score | when |\n"
	    "| --- | ---: | ---: | --- |\n"
	    "| cls | 12 | 0.100 | 2026-11-25 10:00:00 |\n"
	    "| detection | 7 | 0.877 | 2026-11-25 10:00:00 |\n");
}

/* Numbers that are not finite, and missing times, in each kind of
 * style; the shortest text that reads back for pipes. */
static void
test_numbers_and_times(void **state)
{
	static const char *const hdr[] = { "nan", "inf", "-inf", "tiny",
	    "time" };
	static const struct {
		enum lt_style	 style;
		const char	*want;
	} cases[] = {
		{ LT_STYLE_TSV, "nan\tinf\t-inf\ttiny\ttime\n"
		    "-\tinf\t-inf\t1e-300\t\n" },
		{ LT_STYLE_TEXT, "nan  inf  -inf    tiny  time\n"
		    "  -  inf  -inf  0.0000  -\n" },
	};
	struct lt_table *t;
	struct sink s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sink_open(&s, cases[i].style);
		t = lt_table_new(&s.o, 5, hdr);
		lt_table_num(t, NAN, 2);
		lt_table_num(t, INFINITY, 2);
		lt_table_num(t, -INFINITY, 2);
		lt_table_num(t, 1e-300, 4);
		lt_table_time(t, NAN);
		lt_table_print(t);
		sink_check(&s, cases[i].want);
	}
}

static void
test_headings(void **state)
{
	struct sink s;

	(void)state;
	sink_open(&s, LT_STYLE_TEXT);
	lt_out_heading(&s.o, 1, "Learning report");
	lt_out_heading(&s.o, 2, "Tasks");
	sink_check(&s, "Learning report\n\nTasks\n");
	sink_open(&s, LT_STYLE_MARKDOWN);
	lt_out_heading(&s.o, 1, "Learning report");
	lt_out_heading(&s.o, 2, "Tasks");
	sink_check(&s, "# Learning report\n\n## Tasks\n\n");
}

/* One task's trend, by hand: ten points, slope 0.05, p < 0.001. */
static struct lt_trends *
one_trend(int enough)
{
	static struct lt_trend_task v;
	static struct lt_trends r;

	memset(&v, 0, sizeof(v));
	memset(&r, 0, sizeof(r));
	v.task = "cls,a";
	v.trend.n = enough ? 10 : 4;
	v.trend.enough = enough;
	v.trend.trend = enough ? 0.05 : 0;
	v.trend.confidence = enough ? 1 : 0;
	v.trend.recent_avg = enough ? 0.725 : 0;
	v.trend.improvement_rate = enough ? 0.5 : 0;
	v.trend.intercept = enough ? 0.5 : 0;
	v.trend.p_value = enough ? 1e-12 : 1;
	v.trend.direction = LT_STATS_IMPROVING;
	r.v = &v;
	r.n = 1;
	return &r;
}

/* The output table: text gives the verdict with its p-value, pipes the
 * verdict alone (TSV and CSV share the functions, not the quoting), JSON
 * the class's keys, keyed by task unless one task was named. */
static void
test_render_trend(void **state)
{
	struct lt_trends *r = one_trend(1);
	struct sink s;

	(void)state;
	sink_open(&s, LT_STYLE_TEXT);
	assert_int_equal(s.o.ops->trend(&s.o, r), 0);
	sink_check(&s,
	    "task    n     trend  confidence  recent_avg  improvement_rate  "
	    "direction\n"
	    "cls,a  10  0.050000       1.000      0.7250            0.5000  "
	    "improving (p < 0.001)\n");
	sink_open(&s, LT_STYLE_CSV);
	assert_ptr_equal(s.o.ops, &lt_render_pipe);
	s.o.ops->trend(&s.o, r);
	sink_check(&s,
	    "task,n,trend,confidence,recent_avg,improvement_rate,direction\n"
	    "\"cls,a\",10,0.05,1,0.725,0.5,improving\n");
	sink_open(&s, LT_STYLE_JSON);
	s.o.ops->trend(&s.o, r);
	sink_check(&s, "{\"cls,a\":{\"trend\":0.05,\"confidence\":1.0,"
	    "\"recent_avg\":0.725,\"improvement_rate\":0.5,\"n\":10,"
	    "\"intercept\":0.5,\"p_value\":1e-12,\"stderr\":0.0,"
	    "\"direction\":\"improving\"}}\n");
	r = one_trend(0);
	r->single = true;
	sink_open(&s, LT_STYLE_JSON);
	s.o.ops->trend(&s.o, r);
	sink_check(&s, "{\"trend\":0.0,\"confidence\":0.0,\"recent_avg\":0.0,"
	    "\"improvement_rate\":0.0,\"n\":4,\"intercept\":0.0,"
	    "\"p_value\":1.0,\"stderr\":0.0,"
	    "\"direction\":\"insufficient_data\"}\n");
}

/* The summary of no goals, as the appendix gives it, in JSON and in
 * text (no list after the counts). */
static void
test_render_goal_summary_empty(void **state)
{
	struct lt_goal_summary sum;
	struct sink s;
	json_t *v;
	char *text;

	(void)state;
	lt_goals_summary(NULL, &sum);
	v = lt_render_json_goal_summary(&sum);
	text = json_dumps(v, JSON_COMPACT);
	assert_string_equal(text, "{\"total_goals\":0,\"completed_goals\":0,"
	    "\"active_goals\":0,\"completion_rate\":0.0,"
	    "\"avg_completion_time\":0.0,\"goals\":[]}");
	free(text);
	json_decref(v);
	sink_open(&s, LT_STYLE_TEXT);
	s.o.ops->goal_summary(&s.o, &sum);
	sink_check(&s,
	    "field                value\n"
	    "total goals          0\n"
	    "completed            0\n"
	    "active               0\n"
	    "completion rate      0.0%\n"
	    "avg completion time  0s\n");
}

/* The metrics of an empty log: {} and "no events". */
static void
test_render_metrics_empty(void **state)
{
	struct lt_metrics m = { .empty = true };
	struct sink s;

	(void)state;
	sink_open(&s, LT_STYLE_JSON);
	s.o.ops->metrics(&s.o, &m);
	sink_check(&s, "{}\n");
	sink_open(&s, LT_STYLE_TEXT);
	s.o.ops->metrics(&s.o, &m);
	sink_check(&s, "no events\n");
}

/* A write error is reported: a table printed to a full stream. */
static void
test_write_error(void **state)
{
	struct lt_out o;
	FILE *fp = fopen("/dev/full", "w");

	(void)state;
	assert_non_null(fp);
	setvbuf(fp, NULL, _IONBF, 0);
	lt_render_init(&o, fp, LT_STYLE_TSV);
	assert_int_equal(o.ops->trend(&o, one_trend(1)), -1);
	fclose(fp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_aligns),
		cmocka_unit_test(test_text_mixed_and_empty),
		cmocka_unit_test(test_tsv),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_numbers_and_times),
		cmocka_unit_test(test_headings),
		cmocka_unit_test(test_render_trend),
		cmocka_unit_test(test_render_goal_summary_empty),
		cmocka_unit_test(test_render_metrics_empty),
		cmocka_unit_test(test_write_error),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
