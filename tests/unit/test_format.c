/*
 * test_format.c - numbers, metadata, time and the two line formats.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "event.h"
#include "format.h"
#include "num.h"

/* Awkward doubles read back bit for bit, in the shortest text (what
 * Python's repr() prints for each, checked by hand). */
static void
test_num_round_trip(void **state)
{
	static const struct { double v; const char *text; } cases[] = {
		{ 0.1, "0.1" },
		{ 1e-300, "1e-300" },
		{ 5e-324, "5e-324" },
		{ 0.30000000000000004, "0.30000000000000004" },
		{ 1.7976931348623157e308, "1.7976931348623157e+308" },
		{ 1764064800.123456, "1764064800.123456" },
		{ 0.92483332578688859, "0.9248333257868886" },
		{ 4.0000003e-05, "4.0000003e-05" },
		{ -134061704.0, "-134061704" },
		{ 1e15, "1e+15" },
		{ 0.0, "0" },
	};
	char buf[LT_NUM_BUFSZ];
	double back;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		lt_num_format(cases[i].v, buf);
		assert_string_equal(buf, cases[i].text);
		assert_int_equal(lt_num_parse(buf, strlen(buf), &back), 0);
		assert_memory_equal(&back, &cases[i].v, sizeof(double));
	}
	lt_num_format_real(3.0, buf);
	assert_string_equal(buf, "3.0");
}

static void
test_num_parse_rejects(void **state)
{
	static const char *bad[] = { "", "-", "abc", "1.2.3", "inf", "nan",
	    "0x10", "1e", "1e400", " 1", "1 " };
	double v;
	int64_t i;
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
		assert_int_equal(lt_num_parse(bad[k], strlen(bad[k]), &v), -1);
	assert_int_equal(lt_num_parse_int("1.5", 3, &i), -1);
	assert_int_equal(lt_num_parse_int("9007199254740993", 16, &i), -1);
	assert_int_equal(lt_num_parse_int("100", 3, &i), 0);
	assert_int_equal(i, 100);
}

/* KEY=VALUE is typed as the text reads in JSON. */
static void
test_meta_typing(void **state)
{
	static const char *args[] = { "batch_size=32", "lr=1e-3",
	    "adam=true", "none=null", "name=resnet", "zip=007",
	    "layers:=[64,64]", "neg=-2" };
	struct lt_error err;
	json_t *obj = json_object();
	char *s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(args) / sizeof(args[0]); i++)
		assert_int_equal(lt_meta_add_arg(obj, args[i], &err), 0);
	s = json_dumps(obj, JSON_COMPACT);
	assert_string_equal(s, "{\"batch_size\":32,\"lr\":0.001,\"adam\":true,"
	    "\"none\":null,\"name\":\"resnet\",\"zip\":\"007\","
	    "\"layers\":[64,64],\"neg\":-2}");
	free(s);
	assert_int_equal(lt_meta_add_arg(obj, "task_type=x", &err), -1);
	assert_int_equal(lt_meta_add_arg(obj, "novalue", &err), -1);
	assert_int_equal(lt_meta_add_arg(obj, "bad:={", &err), -1);
	json_decref(obj);
}

static void
test_time_parse(void **state)
{
	struct lt_error err;
	double t;
	char buf[64];

	(void)state;
	/* date -u -d 2026-11-25T10:00:00Z +%s gives 1795600800 */
	assert_int_equal(lt_time_parse("2026-11-25T10:00:00Z", 20, &t, &err),
	    0);
	assert_true(t == 1795600800.0);
	assert_int_equal(lt_time_parse("2026-11-25T12:00:00+02:00", 25, &t,
	    &err), 0);
	assert_true(t == 1795600800.0);
	assert_int_equal(lt_time_parse("2026-11-25T10:00:00.25Z", 23, &t,
	    &err), 0);
	assert_true(t == 1795600800.25);
	assert_int_equal(lt_time_parse("1795600800.5", 12, &t, &err), 0);
	assert_true(t == 1795600800.5);
	assert_int_equal(lt_time_parse("2026-02-30", 10, &t, &err), -1);
	assert_int_equal(lt_time_parse("yesterday", 9, &t, &err), -1);
	lt_time_iso(1795600800.25, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-25T10:00:00.25Z");
}

/* Decode a line with a fresh decoder (copying it, since decoding may
 * write into the line; the event borrows from the copy, one of two so
 * that two events can be compared). */
static int
decode(enum lt_format f, const char *header, const char *line,
    struct lt_decoder **dp, struct lt_event *ev)
{
	struct lt_error err;
	static char copies[2][4096];
	static int which;
	char hdr[512], *copy = copies[which++ % 2];

	*dp = lt_decoder_new(f);
	if (header != NULL) {
		snprintf(hdr, sizeof(hdr), "%s", header);
		if (lt_decoder_line(*dp, hdr, strlen(hdr), ev, &err) != 0)
			return -1;
	}
	snprintf(copy, sizeof(copies[0]), "%s", line);
	return lt_decoder_line(*dp, copy, strlen(copy), ev, &err);
}

static void
assert_same_event(const struct lt_event *a, const struct lt_event *b)
{
	assert_memory_equal(&a->timestamp, &b->timestamp, sizeof(double));
	assert_string_equal(a->task, b->task);
	assert_memory_equal(&a->score, &b->score, sizeof(double));
	assert_memory_equal(&a->lr, &b->lr, sizeof(double));
	assert_int_equal(a->episode, b->episode);
	assert_memory_equal(&a->conv, &b->conv, sizeof(double));
	assert_string_equal(a->meta, b->meta);
}

/* The fast path and jansson give the same event for lines lt writes:
 * the same line with a space after the first colon takes jansson's. */
static void
test_jsonl_fast_equals_jansson(void **state)
{
	static const char *lines[] = {
		"{\"timestamp\":1795600800.25,\"task_type\":\"cls\","
		"\"performance_score\":0.85,\"learning_rate\":0.01,"
		"\"episode_count\":100,\"convergence_metric\":0.05,"
		"\"metadata\":{}}",
		"{\"timestamp\":1795600800,\"task_type\":\"caf\xc3\xa9 q\","
		"\"performance_score\":0.30000000000000004,"
		"\"learning_rate\":1e-300,\"episode_count\":0,"
		"\"convergence_metric\":5e-324,"
		"\"metadata\":{\"bs\":32,\"opt\":\"adam\",\"lr0\":0.1,"
		"\"ok\":true}}",
	};
	struct lt_decoder *d1, *d2;
	struct lt_event e1, e2;
	char slow[4096];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		assert_int_equal(decode(LT_FORMAT_JSONL, NULL, lines[i], &d1,
		    &e1), 1);
		snprintf(slow, sizeof(slow), "{ %s", lines[i] + 1);
		assert_int_equal(decode(LT_FORMAT_JSONL, NULL, slow, &d2, &e2),
		    1);
		assert_same_event(&e1, &e2);
		lt_decoder_free(d1);
		lt_decoder_free(d2);
	}
}

/* Encoding then decoding gives the event back, in both formats. */
static void
test_encode_decode(void **state)
{
	struct lt_event ev = {
		.timestamp = 1795600800.123456, .task = "a, \"b\"",
		.task_len = 6, .score = 0.1, .lr = 1e-300, .episode = 7,
		.conv = 0.30000000000000004,
		.meta = "{\"note\":\"x,\\\"y\\\"\\nz\",\"v\":[1,2.5]}",
	};
	enum lt_format fmts[] = { LT_FORMAT_CSV, LT_FORMAT_JSONL };
	struct lt_decoder *d;
	struct lt_event back;
	struct lt_buf b;
	size_t i;

	(void)state;
	ev.meta_len = strlen(ev.meta);
	for (i = 0; i < 2; i++) {
		lt_buf_init(&b);
		lt_format_encode(fmts[i], &ev, &b);
		assert_int_equal(strchr(b.data, '\n') - b.data, b.len - 1);
		b.data[--b.len] = '\0';
		assert_int_equal(decode(fmts[i], fmts[i] == LT_FORMAT_CSV ?
		    "timestamp,task_type,performance_score,learning_rate,"
		    "episode_count,convergence_metric,metadata" : NULL, b.data,
		    &d, &back), 1);
		assert_same_event(&ev, &back);
		lt_decoder_free(d);
		lt_buf_release(&b);
	}
}

/* CSV columns in any order; extra columns folded into metadata. */
static void
test_csv_columns(void **state)
{
	struct lt_decoder *d;
	struct lt_event ev;

	(void)state;
	assert_int_equal(decode(LT_FORMAT_CSV, "task_type,epoch_time,"
	    "performance_score,learning_rate,episode_count,"
	    "convergence_metric,timestamp",
	    "cls,12.5,0.5,0.01,3,0.2,2026-11-25T10:00:00Z", &d, &ev), 1);
	assert_string_equal(ev.task, "cls");
	assert_true(ev.timestamp == 1795600800.0);
	assert_string_equal(ev.meta, "{\"epoch_time\":12.5}");
	lt_decoder_free(d);
	assert_int_equal(decode(LT_FORMAT_CSV, NULL,
	    "1,cls,0.5,0.01,3,0.2", &d, &ev), -1);
	lt_decoder_free(d);
	assert_int_equal(decode(LT_FORMAT_CSV, NULL,
	    "1,\"cls,0.5,0.01,3,0.2,{}", &d, &ev), -1);
	lt_decoder_free(d);
}

/* A field quoted or not gives the same event, and the same errors. */
static void
test_csv_quoted_equals_bare(void **state)
{
	static const char *const pairs[][2] = {
		{ "1795600800.25,cls,0.5,0.01,3,0.2,{}",
		  "1795600800.25,\"cls\",0.5,0.01,3,0.2,{}" },
		{ "1795600800,a-b,1e-3,2.5e-05,0,0,{}",
		  "1795600800,a-b,1e-3,2.5e-05,0,0,\"{}\"" },
		{ "2026-11-25T10:00:00Z,t,0,1,9007199254740992,7,{}",
		  "\"2026-11-25T10:00:00Z\",t,0,1,9007199254740992,7,{}" },
	};
	static const char *const bad[][2] = {
		{ "1,cls,0.5,0.01,3,0.2", "1,\"cls\",0.5,0.01,3,0.2" },
		{ "1,cls,0.5,0.01,3,0.2,{},x",
		  "1,\"cls\",0.5,0.01,3,0.2,{},x" },
		{ "1,,0.5,0.01,3,0.2,{}", "1,\"\",0.5,0.01,3,0.2,{}" },
		{ "1,cls,abc,0.01,3,0.2,{}", "1,\"cls\",abc,0.01,3,0.2,{}" },
	};
	struct lt_decoder *d1, *d2;
	struct lt_event a, b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		assert_int_equal(decode(LT_FORMAT_CSV, lt_csv_header,
		    pairs[i][0], &d1, &a), 1);
		assert_int_equal(decode(LT_FORMAT_CSV, lt_csv_header,
		    pairs[i][1], &d2, &b), 1);
		assert_same_event(&a, &b);
		lt_decoder_free(d1);
		lt_decoder_free(d2);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(decode(LT_FORMAT_CSV, lt_csv_header,
		    bad[i][0], &d1, &a), -1);
		assert_int_equal(decode(LT_FORMAT_CSV, lt_csv_header,
		    bad[i][1], &d2, &b), -1);
		lt_decoder_free(d1);
		lt_decoder_free(d2);
	}
}

/* Every rule of the table, one violation each. */
static void
test_event_rules(void **state)
{
	struct lt_event good = {
		.timestamp = 1795600800, .task = "t", .task_len = 1,
		.score = 0.5, .lr = 0.1, .episode = 1, .conv = 0.1,
		.meta = "{}", .meta_len = 2,
	}, ev;
	struct lt_error err;
	char big[300];

	(void)state;
	assert_int_equal(lt_event_check(&good, 0, &err), 0);
	ev = good; ev.score = 1.5;
	assert_int_equal(lt_event_check(&ev, 0, &err), -1);
	assert_non_null(strstr(err.msg, "1.5"));
	assert_int_equal(lt_event_check(&ev, LT_LENIENT, &err), 0);
	ev = good; ev.score = NAN;
	assert_int_equal(lt_event_check(&ev, LT_LENIENT, &err), -1);
	ev = good; ev.lr = 0;
	assert_int_equal(lt_event_check(&ev, 0, &err), -1);
	assert_int_equal(lt_event_check(&ev, LT_LENIENT, &err), 0);
	ev = good; ev.episode = -1;
	assert_int_equal(lt_event_check(&ev, 0, &err), -1);
	ev = good; ev.conv = -0.5;
	assert_int_equal(lt_event_check(&ev, 0, &err), -1);
	ev = good; ev.task = ""; ev.task_len = 0;
	assert_int_equal(lt_event_check(&ev, 0, &err), -1);
	ev = good; ev.task = "a\tb"; ev.task_len = 3;
	assert_int_equal(lt_event_check(&ev, 0, &err), -1);
	ev = good; ev.task = "\xff"; ev.task_len = 1;
	assert_int_equal(lt_event_check(&ev, 0, &err), -1);
	memset(big, 'x', 257);
	big[257] = '\0';
	ev = good; ev.task = big; ev.task_len = 257;
	assert_int_equal(lt_event_check(&ev, 0, &err), -1);
	ev.task_len = 256;
	big[256] = '\0';
	assert_int_equal(lt_event_check(&ev, 0, &err), 0);
	ev = good; ev.meta = "{\"episode_count\":1}"; ev.meta_len = 19;
	assert_int_equal(lt_event_check(&ev, 0, &err), -1);
	ev = good; ev.meta = "[1]"; ev.meta_len = 3;
	assert_int_equal(lt_event_check(&ev, 0, &err), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_num_round_trip),
		cmocka_unit_test(test_num_parse_rejects),
		cmocka_unit_test(test_meta_typing),
		cmocka_unit_test(test_time_parse),
		cmocka_unit_test(test_jsonl_fast_equals_jansson),
		cmocka_unit_test(test_encode_decode),
		cmocka_unit_test(test_csv_columns),
		cmocka_unit_test(test_csv_quoted_equals_bare),
		cmocka_unit_test(test_event_rules),
	};

	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
