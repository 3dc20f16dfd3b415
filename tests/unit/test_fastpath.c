/*
 * test_fastpath.c - the decoders' fast paths (the CSV and JSONL lines lt
 * writes) against libcsv and jansson: two decoders, one with its fast
 * paths and one without (lt_decoder_reference), read the same lines in the
 * same order and must give the same result for each: the same event, bit
 * for bit, or the same error, or both no event.
 *
 * The lines: every file of the fixtures (LT_FIXTURES, default
 * ../shared/fixtures) and of testdata/, read as CSV and as JSONL; and a
 * million generated lines of events as lt writes them (tasks with commas,
 * quotes, blanks, tabs, control bytes and UTF-8, short and long; metadata
 * with keys), many of them then damaged (a comma, a quote, a blank, a
 * tab, a CR, DEL or another control byte put in, a byte cut
 * out, the line cut short, a field wrapped in quotes, blanks around a
 * field), records whose quoted field holds a newline (read as the two
 * lines a newline makes of them), and headers in other column orders.
 * Run from the repository root.
 */
#include <ftw.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format.h"
#include "rng.h"

/* Two decoders of one format: fast paths on, and off. */
struct pair {
	struct lt_decoder	*fast;
	struct lt_decoder	*slow;
	size_t			 lines;
	size_t			 events;
	size_t			 errors;
};

static void
pair_init(struct pair *p, enum lt_format f)
{
	memset(p, 0, sizeof(*p));
	p->fast = lt_decoder_new(f);
	p->slow = lt_decoder_new(f);
	assert_non_null(p->fast);
	assert_non_null(p->slow);
	lt_decoder_reference(p->slow);
}

static void
pair_release(struct pair *p)
{
	lt_decoder_free(p->fast);
	lt_decoder_free(p->slow);
}

/* Both decoders read line[0..len) (each its own copy: JSONL decoding
 * writes into the line); fail, showing the line, unless they agree. */
static void
pair_line(struct pair *p, const char *line, size_t len)
{
	struct lt_event a, b;
	struct lt_error ea, eb;
	char *ca = malloc(len + 1), *cb = malloc(len + 1);
	int ra, rb;

	assert_non_null(ca);
	assert_non_null(cb);
	memcpy(ca, line, len);
	memcpy(cb, line, len);
	ca[len] = cb[len] = '\0';
	lt_error_clear(&ea);
	lt_error_clear(&eb);
	ra = lt_decoder_line(p->fast, ca, len, &a, &ea);
	rb = lt_decoder_line(p->slow, cb, len, &b, &eb);
	if (ra != rb || (ra < 0 && strcmp(ea.msg, eb.msg) != 0) ||
	    (ra == 1 && (memcmp(&a.timestamp, &b.timestamp, sizeof(double)) ||
	    a.task_len != b.task_len || memcmp(a.task, b.task, a.task_len) ||
	    memcmp(&a.score, &b.score, sizeof(double)) ||
	    memcmp(&a.lr, &b.lr, sizeof(double)) ||
	    a.episode != b.episode ||
	    memcmp(&a.conv, &b.conv, sizeof(double)) ||
	    a.meta_len != b.meta_len || memcmp(a.meta, b.meta, a.meta_len))))
		fail_msg("the fast path and the slow one differ on line "
		    "\"%.*s\": %d \"%s\" against %d \"%s\"", (int)len, line,
		    ra, ra < 0 ? ea.msg : ra == 1 ? a.task : "",
		    rb, rb < 0 ? eb.msg : rb == 1 ? b.task : "");
	p->lines++;
	if (ra == 1)
		p->events++;
	else if (ra < 0)
		p->errors++;
	free(ca);
	free(cb);
}

/* Each line of buf[0..len), the last one possibly without its newline. */
static void
pair_text(struct pair *p, const char *buf, size_t len)
{
	const char *q, *end = buf + len;

	for (; buf < end; buf = q + 1) {
		if ((q = memchr(buf, '\n', (size_t)(end - buf))) == NULL)
			q = end;
		pair_line(p, buf, (size_t)(q - buf));
	}
}

/*
 * Every file of a tree, as CSV and as JSONL.
 */

static struct pair tree_csv, tree_jsonl;
static size_t tree_files;

static int
tree_file(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	struct pair *pairs[2] = { &tree_csv, &tree_jsonl };
	FILE *fp;
	char *buf;
	size_t n, i;

	(void)ftw;
	if (type != FTW_F || st->st_size > (16 << 20))
		return 0;
	assert_non_null(fp = fopen(path, "rb"));
	assert_non_null(buf = malloc((size_t)st->st_size + 1));
	n = fread(buf, 1, (size_t)st->st_size, fp);
	fclose(fp);
	for (i = 0; i < 2; i++) {
		/* Each file starts afresh, as a reader of it would. */
		pair_release(pairs[i]);
		pair_init(pairs[i], i == 0 ? LT_FORMAT_CSV : LT_FORMAT_JSONL);
		pair_text(pairs[i], buf, n);
	}
	free(buf);
	tree_files++;
	return 0;
}

static void
test_fixtures(void **state)
{
	const char *d = getenv("LT_FIXTURES");

	(void)state;
	pair_init(&tree_csv, LT_FORMAT_CSV);
	pair_init(&tree_jsonl, LT_FORMAT_JSONL);
	assert_int_equal(nftw(d != NULL && d[0] != '\0' ? d :
	    "../shared/fixtures", tree_file, 16, FTW_PHYS), 0);
	assert_int_equal(nftw("testdata", tree_file, 16, FTW_PHYS), 0);
	/* The fixtures are many files, most of them foreign CSV. */
	assert_true(tree_files > 100);
	pair_release(&tree_csv);
	pair_release(&tree_jsonl);
}

/*
 * Generated lines.
 */

static size_t
pick(size_t n)
{
	return (size_t)(rng() % n);
}

static const char *const tasks[] = {
	"task_0", "cls", "a,b", "say \"hi\"", " padded ", "tab\tin",
	"\xc3\xbcn\xc3\xaf" "code", "x", "det,\"q\",z", "1,2",
	/* past the eight bytes the direct path reads at once */
	"a_long_task_name_of_30_bytes__", "long_task\x7fname",
	"ctl_at_nine\x01x", "tilde~and blank", "eight_by", "seven_b",
	"nine_byte", "quote_in_the_\"ninth\"", "comma_after_8,x"
};

static const char *const metas[] = {
	"{}", "{\"seed\":3}", "{\"note\":\"a, b\",\"k\":[1,2]}",
	"{\"q\":\"\\\"\"}", "{\"s\":\" x \"}", "{\"a\":1,\"a\":2}",
	"{\"z\":-0,\"n\":-0.0}"
};

static const char *const headers[] = {
	"timestamp,task_type,performance_score,learning_rate,"
	    "episode_count,convergence_metric,metadata",
	"task_type,timestamp,convergence_metric,learning_rate,"
	    "episode_count,performance_score,metadata",
	"timestamp,task_type,performance_score,learning_rate,"
	    "episode_count,convergence_metric,metadata,extra",
	"task_type,performance_score,learning_rate,episode_count,"
	    "convergence_metric"
};

/* An event as lt records them, into out (CSV or JSONL, newline cut). */
static void
gen_event(enum lt_format f, struct lt_buf *out)
{
	struct lt_event ev;
	const char *t = tasks[pick(sizeof(tasks) / sizeof(tasks[0]))];
	const char *m = metas[pick(sizeof(metas) / sizeof(metas[0]))];

	ev.timestamp = 1764064800 + (double)pick(1000000000) / 1e6;
	ev.task = t;
	ev.task_len = strlen(t);
	ev.score = (double)pick(1000001) / 1e6;
	ev.lr = pick(4) == 0 ? 0.01 : (double)(pick(100000) + 1) / 1e7;
	ev.episode = (int64_t)pick(1000000);
	ev.conv = pick(3) == 0 ? 0 : 1 / (double)(pick(1000) + 1);
	ev.meta = m;
	ev.meta_len = strlen(m);
	lt_buf_reset(out);
	lt_format_encode(f, &ev, out);
	out->data[--out->len] = '\0';
}

/* Texts a number field may hold, read alike by lt_num_scan where it
 * stands and by lt_num_parse: at the edges of the exact path (19 digits,
 * 2^53, 10^+-22), past them, signs, zeros, no digits, a bare exponent;
 * times before 1970 and past 9999. */
static const char *const numbers[] = {
	"+1", "-0", "007", ".5", "5.", "-.5", "1e22", "1e23", "1E-22",
	"1e-23", "9007199254740992", "9007199254740993", "0.1e1",
	"1234567890123456789", "12345678901234567890", "1e", "1e+", "-",
	"+", "", "1.5e400", "4.9e-324", "0.30000000000000004", "2.5E+3",
	"0", "-1", "253402300799", "253402300800", "1e10", "1764064800.5",
	"999999999999999", "1000000000000000", "00000000000000000001",
	"1_0", "0x10", "1 ", "inf", "nan",
	/* 17 digits, a mantissa past 2^53: (double)m / 1e16 rounds twice
	 * and misses the value strtod gives */
	"5.0612508891207596", "0.9999999999999999"
};

/* Field k of the line in b (cut at commas, quoted or not) replaced by a
 * text of numbers[]. */
static void
replace_field(struct lt_buf *b, struct lt_buf *t)
{
	const char *p = b->data, *end = b->data + b->len, *q;
	size_t k = pick(7);
	const char *num = numbers[pick(sizeof(numbers) / sizeof(numbers[0]))];

	for (; k > 0 && (q = memchr(p, ',', (size_t)(end - p))) != NULL; k--)
		p = q + 1;
	if ((q = memchr(p, ',', (size_t)(end - p))) == NULL)
		q = end;
	lt_buf_add(t, b->data, (size_t)(p - b->data));
	lt_buf_adds(t, num);
	lt_buf_add(t, q, (size_t)(end - q));
}

/* Damage the line in b, or leave it as it is. */
static void
damage(struct lt_buf *b)
{
	static const char bytes[] = ",\" \t\r\\{}x0.-e\xff\x7f\x01~";
	struct lt_buf t;
	size_t at = b->len > 0 ? pick(b->len + 1) : 0, n;
	char *comma;

	lt_buf_init(&t);
	switch (pick(16)) {
	case 6:		/* a field a number of numbers[] */
	case 7:
		replace_field(b, &t);
		break;
	case 0:		/* a byte put in */
		lt_buf_add(&t, b->data, at);
		lt_buf_addc(&t, bytes[pick(sizeof(bytes) - 1)]);
		lt_buf_add(&t, b->data + at, b->len - at);
		break;
	case 1:		/* a byte cut out */
		if (at == b->len)
			at = 0;
		lt_buf_add(&t, b->data, at);
		if (at < b->len)
			lt_buf_add(&t, b->data + at + 1, b->len - at - 1);
		break;
	case 5:		/* a long integer put in */
		lt_buf_add(&t, b->data, at);
		lt_buf_adds(&t, pick(2) ? "12345678901234567890" :
		    "-9223372036854775808");
		lt_buf_add(&t, b->data + at, b->len - at);
		break;
	case 2:		/* cut short */
		lt_buf_add(&t, b->data, at);
		break;
	case 3:		/* the field after a comma wrapped in quotes */
		if ((comma = memchr(b->data + at, ',', b->len - at)) == NULL) {
			lt_buf_add(&t, b->data, b->len);
			break;
		}
		n = (size_t)(comma - b->data) + 1;
		lt_buf_add(&t, b->data, n);
		lt_buf_addc(&t, '"');
		comma = memchr(b->data + n, ',', b->len - n);
		if (comma == NULL)
			comma = b->data + b->len;
		lt_buf_add(&t, b->data + n, (size_t)(comma - b->data) - n);
		lt_buf_addc(&t, '"');
		lt_buf_add(&t, comma, (size_t)(b->data + b->len - comma));
		break;
	case 4:		/* blanks around a comma */
		if ((comma = memchr(b->data + at, ',', b->len - at)) == NULL) {
			lt_buf_add(&t, b->data, b->len);
			break;
		}
		n = (size_t)(comma - b->data);
		lt_buf_add(&t, b->data, n);
		lt_buf_add(&t, pick(2) ? " , " : "\t,", pick(2) ? 3 : 2);
		lt_buf_add(&t, comma + 1, b->len - n - 1);
		break;
	default:	/* as lt wrote it */
		lt_buf_add(&t, b->data, b->len);
		break;
	}
	lt_buf_reset(b);
	lt_buf_add(b, t.data, t.len);
	lt_buf_release(&t);
}

#define GEN_LINES	1000000

static void
test_generated(void **state)
{
	struct pair csv, jsonl;
	struct lt_buf b;
	size_t i;
	char *nl;

	(void)state;
	pair_init(&csv, LT_FORMAT_CSV);
	pair_init(&jsonl, LT_FORMAT_JSONL);
	lt_buf_init(&b);
	while (csv.lines < GEN_LINES) {
		switch (pick(200)) {
		case 0:		/* a header, maybe another order, for a few
				   lines; then the standard one */
			i = pick(sizeof(headers) / sizeof(headers[0]));
			pair_line(&csv, headers[i], strlen(headers[i]));
			for (i = pick(4); i > 0; i--) {
				gen_event(LT_FORMAT_CSV, &b);
				pair_line(&csv, b.data, b.len);
			}
			pair_line(&csv, headers[0], strlen(headers[0]));
			continue;
		case 1:		/* a quoted field holding a newline */
			lt_buf_reset(&b);
			lt_buf_adds(&b, "1764064800,\"two\nlines\",0.5,0.01,"
			    "1,0.1,{}");
			nl = strchr(b.data, '\n');
			pair_line(&csv, b.data, (size_t)(nl - b.data));
			pair_line(&csv, nl + 1, b.len - (size_t)(nl + 1 -
			    b.data));
			continue;
		default:
			break;
		}
		gen_event(LT_FORMAT_CSV, &b);
		damage(&b);
		pair_line(&csv, b.data, b.len);
		if (csv.lines % 10 == 0) {
			gen_event(LT_FORMAT_JSONL, &b);
			damage(&b);
			pair_line(&jsonl, b.data, b.len);
		}
	}
	/* The mix holds events and bad lines, in both formats. */
	print_message("csv: %zu lines, %zu events, %zu errors; jsonl: %zu "
	    "lines, %zu events, %zu errors\n", csv.lines, csv.events,
	    csv.errors, jsonl.lines, jsonl.events, jsonl.errors);
	assert_true(csv.events > GEN_LINES / 2);
	assert_true(csv.errors > GEN_LINES / 20);
	assert_true(jsonl.events > GEN_LINES / 40);
	assert_true(jsonl.errors > GEN_LINES / 400);
	lt_buf_release(&b);
	pair_release(&csv);
	pair_release(&jsonl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_generated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
