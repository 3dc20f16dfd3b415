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
		/* 1e-300 to 4 decimals would be 0.0000: its digits */
		{ LT_STYLE_TEXT, "nan  inf  -inf    tiny  time\n"
		    "  -  inf  -inf  1e-300  -\n" },
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

/* Decimals while they show three significant digits (or as many as the
 * decimals asked, when fewer), the significant digits past that. */
static void
test_significant_digits(void **state)
{
	static const struct {
		double		 v;
		int		 digits;
		const char	*want;
	} cases[] = {
		{ 1e-9, 6, "1e-09" },		/* a learning rate */
		{ -3e-7, 6, "-3e-07" },
		{ 3.3954349259105424e-07, 6, "3.39543e-07" },
		{ 0.000424, 6, "0.000424" },	/* three digits: kept */
		{ 0.8523, 4, "0.8523" },
		{ 0.85, 4, "0.8500" },
		{ 0.0123, 4, "0.0123" },
		{ 0.00123, 4, "0.00123" },
		{ 0.008786085709162617, 3, "0.00879" },
		{ 0.05, 1, "0.05" },		/* a percentage */
		{ 87.5, 1, "87.5" },
		{ 0, 4, "0.0000" },
		{ 123456.789, 2, "123456.79" },
	};
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		lt_out_num(cases[i].v, cases[i].digits, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].want);
	}
}

/* A table of a long text column, a number, a time and a bar. */
static void
wide_table(const struct lt_out *o)
{
	static const char *const hdr[] = { "task", "score", "when",
	    "progress" };
	struct lt_table *t = lt_table_new(o, 4, hdr);

	lt_table_str(t, "segmentation-validation");
	lt_table_num(t, 0.5, 2);
	lt_table_time(t, T0);
	lt_table_fixed(t, "#####.....");
	lt_table_str(t, "cls");
	lt_table_num(t, 0.25, 2);
	lt_table_time(t, T0);
	lt_table_fixed(t, "##........");
	assert_int_equal(lt_table_print(t), 0);
}

/* As wide as it is: 23 + 2 + 5 + 2 + 19 + 2 + 10 = 63 columns. */
static void
test_fit_wide_enough(void **state)
{
	struct sink s;

	(void)state;
	sink_open(&s, LT_STYLE_TEXT);
	s.o.width = 63;
	wide_table(&s.o);
	sink_check(&s,
	    "task                     score  when                 progress\n"
	    "segmentation-validation   0.50  2026-11-25 10:00:00  #####.....\n"
	    "cls                       0.25  2026-11-25 10:00:00  ##........\n");
}

/* 50 columns: the task column narrows from 23 to 10, its long name cut
 * with a '~'; the number, the time and the bar are whole. */
static void
test_fit_narrows_text(void **state)
{
	struct sink s;

	(void)state;
	sink_open(&s, LT_STYLE_TEXT);
	s.o.width = 50;
	wide_table(&s.o);
	sink_check(&s,
	    "task        score  when                 progress\n"
	    "segmentat~   0.50  2026-11-25 10:00:00  #####.....\n"
	    "cls          0.25  2026-11-25 10:00:00  ##........\n");
}

/* 40 columns: even with the task column at its least (8) the four are
 * 48 wide, so the bar's column is left out, and said; the task column
 * then narrows only to what fits, 40 - (2 + 5 + 2 + 19) = 12. */
static void
test_fit_drops_columns(void **state)
{
	struct sink s;

	(void)state;
	sink_open(&s, LT_STYLE_TEXT);
	s.o.width = 40;
	wide_table(&s.o);
	sink_check(&s,
	    "task          score  when\n"
	    "segmentatio~   0.50  2026-11-25 10:00:00\n"
	    "cls            0.25  2026-11-25 10:00:00\n"
	    "(columns not shown: progress)\n");
	/* 10: all but the first left out, which narrows to 10; the line
	 * that says so wrapped to 10 too */
	sink_open(&s, LT_STYLE_TEXT);
	s.o.width = 10;
	wide_table(&s.o);
	sink_check(&s,
	    "task\n"
	    "segmentat~\n"
	    "cls\n"
	    "(columns\nnot shown:\nscore,\nwhen,\nprogress)\n");
}

/* Tables for pipes and Markdown are never fitted. */
static void
test_fit_text_only(void **state)
{
	struct sink s;

	(void)state;
	sink_open(&s, LT_STYLE_TSV);
	s.o.width = 10;
	wide_table(&s.o);
	sink_check(&s,
	    "task\tscore\twhen\tprogress\n"
	    "segmentation-validation\t0.5\t2026-11-25T10:00:00Z\t#####.....\n"
	    "cls\t0.25\t2026-11-25T10:00:00Z\t##........\n");
}

/* Colour: the SGR escapes around a toned cell's text, its padding
 * outside them, only in text and only with o->color. */
static void
test_tones(void **state)
{
	static const char *const hdr[] = { "task", "direction", "n" };
	static const enum lt_style styles[] = { LT_STYLE_TEXT,
	    LT_STYLE_MARKDOWN, LT_STYLE_TSV };
	static const char *const want[] = {
	    "task  direction  n\n"
	    "a     \033[32mimproving\033[0m  1\n"
	    "b     \033[31mdeclining\033[0m  2\n"
	    "c     \033[33mflat\033[0m       3\n",
	    "| task | direction | n |\n| --- | --- | ---: |\n"
	    "| a | improving | 1 |\n| b | declining | 2 |\n| c | flat | 3 |\n",
	    "task\tdirection\tn\na\timproving\t1\nb\tdeclining\t2\n"
	    "c\tflat\t3\n" };
	struct lt_table *t;
	struct sink s;
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		sink_open(&s, styles[i]);
		s.o.color = 1;
		t = lt_table_new(&s.o, 3, hdr);
		lt_table_str(t, "a");
		lt_table_str(t, "improving");
		lt_table_tone(t, LT_TONE_GOOD);
		lt_table_int(t, 1);
		lt_table_str(t, "b");
		lt_table_str(t, "declining");
		lt_table_tone(t, LT_TONE_BAD);
		lt_table_int(t, 2);
		lt_table_str(t, "c");
		lt_table_str(t, "flat");
		lt_table_tone(t, LT_TONE_WARN);
		lt_table_int(t, 3);
		lt_table_print(t);
		sink_check(&s, want[i]);
	}
	/* without o->color, plain */
	sink_open(&s, LT_STYLE_TEXT);
	t = lt_table_new(&s.o, 3, hdr);
	lt_table_str(t, "a");
	lt_table_str(t, "improving");
	lt_table_tone(t, LT_TONE_GOOD);
	lt_table_int(t, 1);
	lt_table_print(t);
	sink_check(&s, "task  direction  n\na     improving  1\n");
	sink_open(&s, LT_STYLE_TEXT);
	s.o.color = 1;
	assert_string_equal(lt_out_toned(&s.o, LT_TONE_BAD, "x", buf,
	    sizeof(buf)), "\033[31mx\033[0m");
	s.o.color = 0;
	assert_string_equal(lt_out_toned(&s.o, LT_TONE_BAD, "x", buf,
	    sizeof(buf)), "x");
	sink_check(&s, "");
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
		cmocka_unit_test(test_significant_digits),
		cmocka_unit_test(test_fit_wide_enough),
		cmocka_unit_test(test_fit_narrows_text),
		cmocka_unit_test(test_fit_drops_columns),
		cmocka_unit_test(test_fit_text_only),
		cmocka_unit_test(test_tones),
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
