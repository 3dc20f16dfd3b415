/*
 * format.c - encoding and decoding events as CSV and JSONL lines.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <jansson.h>

#include "format.h"
#include "json.h"
#include "num.h"

const char lt_csv_header[] = "timestamp,task_type,performance_score,"
    "learning_rate,episode_count,convergence_metric,metadata\n";

enum lt_format
lt_format_from_name(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot == NULL || strchr(dot, '/') != NULL)
		return LT_FORMAT_AUTO;
	if (strcmp(dot, ".csv") == 0)
		return LT_FORMAT_CSV;
	if (strcmp(dot, ".jsonl") == 0 || strcmp(dot, ".ndjson") == 0)
		return LT_FORMAT_JSONL;
	return LT_FORMAT_AUTO;
}

enum lt_format
lt_format_parse(const char *name)
{
	if (strcmp(name, "csv") == 0)
		return LT_FORMAT_CSV;
	if (strcmp(name, "jsonl") == 0 || strcmp(name, "ndjson") == 0)
		return LT_FORMAT_JSONL;
	return LT_FORMAT_AUTO;
}

const char *
lt_format_name(enum lt_format f)
{
	static const char *const names[] = { "auto", "csv", "jsonl", "json" };

	return names[f];
}

size_t
lt_format_bom(const char *buf, size_t len)
{
	return len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

enum lt_format
lt_format_sniff(const char *buf, size_t len)
{
	size_t i;

	for (i = lt_format_bom(buf, len); i < len; i++) {
		if (isspace((unsigned char)buf[i]))
			continue;
		return buf[i] == '{' ? LT_FORMAT_JSONL : LT_FORMAT_CSV;
	}
	return LT_FORMAT_AUTO;
}

/*
 * Encoding: the one writer of events.  It runs once per event of every
 * batch, conversion and export, so it reserves room once and writes in
 * place.
 */

/* A CSV field at p, quoted by libcsv when it must be: a comma, a quote, a
 * line break, or leading or trailing blanks, which libcsv trims when
 * reading.  Needs 2 * len + 2 bytes; returns the end. */
static char *
put_csv_field(char *p, const char *s, size_t len)
{
	if (len > 0 && strcspn(s, ",\"\r\n") >= len && s[0] != ' ' &&
	    s[0] != '\t' && s[len - 1] != ' ' && s[len - 1] != '\t') {
		memcpy(p, s, len);
		return p + len;
	}
	return p + csv_write(p, 2 * len + 2, s, len);
}

static char *
put(char *p, const char *s, size_t len)
{
	memcpy(p, s, len);
	return p + len;
}

#define PUT(p, lit)	put((p), (lit), sizeof(lit) - 1)

void
lt_format_encode(enum lt_format f, const struct lt_event *ev,
    struct lt_buf *out)
{
	/* The class's object has reals as reals; the log, the shortest. */
	size_t (*num)(double, char *) = f == LT_FORMAT_JSON ?
	    lt_num_format_real : lt_num_format;
	char *p;

	/* The numbers, the keys, and the strings at their longest. */
	lt_buf_reserve(out, 6 * LT_NUM_BUFSZ + 160 + 2 * ev->task_len +
	    2 * ev->meta_len);
	p = out->data + out->len;
	if (f == LT_FORMAT_CSV) {
		p += num(ev->timestamp, p);
		*p++ = ',';
		p = put_csv_field(p, ev->task, ev->task_len);
		*p++ = ',';
		p += num(ev->score, p);
		*p++ = ',';
		p += num(ev->lr, p);
		*p++ = ',';
		p += lt_num_format_int(ev->episode, p);
		*p++ = ',';
		p += num(ev->conv, p);
		*p++ = ',';
		p = put_csv_field(p, ev->meta, ev->meta_len);
		*p++ = '\n';
		goto done;
	}
	p = PUT(p, "{\"timestamp\":");
	p += num(ev->timestamp, p);
	p = PUT(p, ",\"task_type\":");
	if (lt_json_plain(ev->task, ev->task_len)) {
		*p++ = '"';
		p = put(p, ev->task, ev->task_len);
		*p++ = '"';
	} else {
		/* Escapes: jansson's, written at the buffer's end. */
		out->len = (size_t)(p - out->data);
		lt_json_add_string(out, ev->task, ev->task_len);
		lt_buf_reserve(out, 5 * LT_NUM_BUFSZ + 120 + ev->meta_len);
		p = out->data + out->len;
	}
	p = PUT(p, ",\"performance_score\":");
	p += num(ev->score, p);
	p = PUT(p, ",\"learning_rate\":");
	p += num(ev->lr, p);
	p = PUT(p, ",\"episode_count\":");
	p += lt_num_format_int(ev->episode, p);
	p = PUT(p, ",\"convergence_metric\":");
	p += num(ev->conv, p);
	p = PUT(p, ",\"metadata\":");
	/* The decoders give the metadata's canonical text: spliced in. */
	p = put(p, ev->meta, ev->meta_len);
	*p++ = '}';
	if (f != LT_FORMAT_JSON)
		*p++ = '\n';
done:
	out->len = (size_t)(p - out->data);
	*p = '\0';
}

/*
 * Decoding.
 */

#define COL_EXTRA	(-1)	/* a column folded into metadata */
#define CSV_OPTIONS	(CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)
/* The most fields a line may have for the CSV fast path to split it. */
#define CSV_FAST_FIELDS	32

struct lt_decoder {
	enum lt_format		 fmt;
	int			 reference;	/* no fast path */
	struct csv_parser	 csv;

	/* CSV columns, from the header or the standard order. */
	int			 have_header;
	int			 ncols;
	int			*colmap;	/* enum lt_field or COL_EXTRA */
	int			 standard;	/* colmap: the standard order */
	char			**colnames;
	int			 header_line;	/* parsing a header now */

	/* The record being decoded. */
	int			 col;
	int			 seen[LT_F_COUNT];
	int			 failed;
	struct lt_error		 rec_err;
	json_t			*extras;	/* extra columns or keys */
	struct lt_event		 ev;
	struct lt_buf		 task;
	struct lt_buf		 meta;
	struct lt_buf		 norm;
	json_t			*root;		/* jansson's parse of a line */

	struct lt_buf		 split;		/* a CSV line's fields */
	size_t			 fieldoff[CSV_FAST_FIELDS];
	size_t			 fieldlen[CSV_FAST_FIELDS];
};

struct lt_decoder *
lt_decoder_new(enum lt_format f)
{
	struct lt_decoder *d = lt_xcalloc(1, sizeof(*d));

	d->fmt = f;
	if (f == LT_FORMAT_CSV && csv_init(&d->csv, CSV_OPTIONS) != 0) {
		free(d);
		return NULL;
	}
	lt_buf_init(&d->task);
	lt_buf_init(&d->meta);
	lt_buf_init(&d->norm);
	lt_buf_init(&d->split);
	return d;
}

static void
free_columns(struct lt_decoder *d)
{
	int i;

	for (i = 0; i < d->ncols; i++)
		free(d->colnames[i]);
	free(d->colnames);
	free(d->colmap);
	d->colnames = NULL;
	d->colmap = NULL;
	d->ncols = 0;
	d->standard = 0;
}

void
lt_decoder_free(struct lt_decoder *d)
{
	if (d == NULL)
		return;
	if (d->fmt == LT_FORMAT_CSV)
		csv_free(&d->csv);
	free_columns(d);
	json_decref(d->extras);
	json_decref(d->root);
	lt_buf_release(&d->task);
	lt_buf_release(&d->meta);
	lt_buf_release(&d->norm);
	lt_buf_release(&d->split);
	free(d);
}

void
lt_decoder_reference(struct lt_decoder *d)
{
	d->reference = 1;
}

int
lt_decoder_saw_header(const struct lt_decoder *d)
{
	return d->have_header;
}

int
lt_decoder_has_columns(const struct lt_decoder *d)
{
	return d->colmap != NULL;
}


static void
standard_columns(struct lt_decoder *d)
{
	int i;

	free_columns(d);
	d->ncols = LT_F_COUNT;
	d->colmap = lt_xcalloc(LT_F_COUNT, sizeof(int));
	d->colnames = lt_xcalloc(LT_F_COUNT, sizeof(char *));
	for (i = 0; i < LT_F_COUNT; i++) {
		d->colmap[i] = i;
		d->colnames[i] = lt_xstrdup(lt_field_names[i]);
	}
	d->standard = 1;
}

static void
rec_fail(struct lt_decoder *d, const char *fmt, const char *name,
    const char *val)
{
	if (d->failed)
		return;
	d->failed = 1;
	lt_error_set(&d->rec_err, fmt, name, val);
}

/* A failure naming the JSON value at fault, as the user wrote it (a real
 * in its shortest text). */
static void
rec_fail_json(struct lt_decoder *d, const char *fmt, const char *name,
    json_t *v)
{
	struct lt_buf text;

	lt_buf_init(&text);
	lt_json_dump(v, 0, &text);
	rec_fail(d, fmt, name, text.data);
	lt_buf_release(&text);
}

static void
set_extra(struct lt_decoder *d, const char *name, const char *s, size_t len)
{
	json_t *v;

	if (len == 0)
		return;		/* a blank cell: the source had no value */
	v = lt_meta_value(s, len);
	if (v == NULL) {
		rec_fail(d, "%s \"%.40s\" is not valid UTF-8", name, s);
		return;
	}
	if (d->extras == NULL)
		d->extras = json_object();
	json_object_set_new(d->extras, name, v);
}

static void
set_number(struct lt_decoder *d, int field, const char *s, size_t len)
{
	const char *name = lt_field_names[field];
	double v;

	if (len == 0) {
		rec_fail(d, "%s is missing%s", name, "");
		return;
	}
	if (field == LT_F_EPISODE) {
		if (lt_num_parse_int(s, len, &d->ev.episode) != 0)
			rec_fail(d, "%s \"%.40s\" is not an integer", name, s);
		return;
	}
	if (lt_num_parse(s, len, &v) != 0) {
		rec_fail(d, "%s \"%.40s\" is not a finite number", name, s);
		return;
	}
	if (field == LT_F_SCORE)
		d->ev.score = v;
	else if (field == LT_F_LR)
		d->ev.lr = v;
	else
		d->ev.conv = v;
}

/* Whether the header read so far names a column name[0..len). */
static int
column_named(const struct lt_decoder *d, const char *name, size_t len)
{
	int i;

	for (i = 0; i < d->ncols; i++)
		if (strlen(d->colnames[i]) == len &&
		    memcmp(d->colnames[i], name, len) == 0)
			return 1;
	return 0;
}

static void
csv_field(void *s, size_t len, void *data)
{
	struct lt_decoder *d = data;
	const char *str = s ? s : "";
	struct lt_error terr;
	int field;

	if (d->header_line) {
		d->colmap = lt_xrealloc(d->colmap, (size_t)(d->ncols + 1) *
		    sizeof(int));
		d->colnames = lt_xrealloc(d->colnames, (size_t)(d->ncols + 1) *
		    sizeof(char *));
		field = lt_field_lookup(str, len);
		if (field >= 0 && d->seen[field])
			rec_fail(d, "column %s appears twice in the header%s",
			    lt_field_names[field], "");
		if (field < 0 && column_named(d, str, len))
			rec_fail(d, "column \"%.40s\" appears twice in the "
			    "header%s", str, "");
		if (field >= 0)
			d->seen[field] = 1;
		d->colmap[d->ncols] = field >= 0 ? field : COL_EXTRA;
		d->colnames[d->ncols] = lt_xstrndup(str, len);
		d->ncols++;
		return;
	}
	if (d->col >= d->ncols) {
		d->col++;
		return;
	}
	field = d->colmap[d->col];
	if (field >= 0)
		d->seen[field] = 1;
	switch (field) {
	case LT_F_TIMESTAMP:
		if (len > 0 && lt_time_parse(str, len, &d->ev.timestamp,
		    &terr) != 0)
			rec_fail(d, "timestamp: %s%s", terr.msg, "");
		break;
	case LT_F_TASK:
		lt_buf_reset(&d->task);
		lt_buf_add(&d->task, str, len);
		break;
	case LT_F_META:
		lt_buf_reset(&d->meta);
		lt_buf_add(&d->meta, str, len);
		break;
	case COL_EXTRA:
		set_extra(d, d->colnames[d->col], str, len);
		break;
	default:
		set_number(d, field, str, len);
		break;
	}
	d->col++;
}

static void
csv_record(int c, void *data)
{
	(void)c;
	(void)data;
}

static void
reset_record(struct lt_decoder *d)
{
	memset(d->seen, 0, sizeof(d->seen));
	d->col = 0;
	d->failed = 0;
	json_decref(d->extras);
	d->extras = NULL;
	d->ev.timestamp = NAN;
	d->ev.episode = 0;
	lt_buf_reset(&d->task);
	lt_buf_reset(&d->meta);
	lt_buf_add(&d->meta, "{}", 2);
}

/* The first field of a CSV line, unquoted and trimmed, in *len. */
static const char *
first_field(const char *line, size_t len, size_t *flen)
{
	const char *comma = memchr(line, ',', len);
	size_t n = comma != NULL ? (size_t)(comma - line) : len;

	while (n > 0 && (line[0] == ' ' || line[0] == '"')) {
		line++;
		n--;
	}
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '"'))
		n--;
	*flen = n;
	return line;
}

/* Whether a first line is a header: its first field is not a time. */
static int
looks_like_header(const char *line, size_t len)
{
	size_t n;
	double t;

	line = first_field(line, len, &n);
	return lt_time_parse(line, n, &t, NULL) != 0;
}

int
lt_csv_is_header(const char *line, size_t len)
{
	size_t n;

	/* Most lines start with a timestamp: no field name does. */
	if (len > 0 && line[0] >= '0' && line[0] <= '9')
		return 0;
	line = first_field(line, len, &n);
	return lt_field_lookup(line, n) >= 0;
}

/* Fold extras (keys beyond the fields) into the metadata text, the
 * metadata's own keys first.  A key in both is an error: which value is
 * the writer's cannot be told.  Returns 0 or -1 with err. */
static int
merge_extras(struct lt_decoder *d, struct lt_error *err)
{
	json_error_t jerr;
	const char *key;
	json_t *meta, *v;

	meta = json_loadb(d->meta.data, d->meta.len, LT_JSON_DECODE, &jerr);
	if (meta == NULL)
		return lt_error_set(err, "metadata %.60s is not JSON: %s",
		    d->meta.data, jerr.text);
	if (!json_is_object(meta)) {
		json_decref(meta);
		return lt_error_set(err, "metadata %.60s is not a JSON object",
		    d->meta.data);
	}
	json_object_foreach(d->extras, key, v) {
		if (json_object_get(meta, key) != NULL) {
			lt_error_set(err, "%s \"%.40s\" is also a metadata key",
			    d->fmt == LT_FORMAT_CSV ? "column" : "key", key);
			json_decref(meta);
			return -1;
		}
	}
	json_object_update_missing(meta, d->extras);
	lt_buf_reset(&d->meta);
	lt_json_dump(meta, 0, &d->meta);
	json_decref(meta);
	return 0;
}

static int
finish(struct lt_decoder *d, struct lt_event *ev, struct lt_error *err)
{
	static const int required[] = { LT_F_TASK, LT_F_SCORE, LT_F_LR,
	    LT_F_EPISODE, LT_F_CONV };
	size_t i;
	int rc;

	if (d->failed) {
		*err = d->rec_err;
		return -1;
	}
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!d->seen[required[i]])
			return lt_error_set(err, "%s is missing",
			    lt_field_names[required[i]]);
	if (d->task.len == 0)
		return lt_error_set(err, "task_type is empty");
	/* A JSON string, which jansson checks; a CSV field is bytes. */
	if (!lt_utf8_valid(d->task.data, d->task.len))
		return lt_error_set(err, "task_type is not valid UTF-8");
	if (d->extras != NULL && merge_extras(d, err) != 0)
		return -1;
	rc = (d->reference ? lt_meta_normalize_ref : lt_meta_normalize)(
	    d->meta.data, d->meta.len, &d->norm, err);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		lt_buf_reset(&d->meta);
		lt_buf_add(&d->meta, d->norm.data, d->norm.len);
	}
	d->ev.task = d->task.data;
	d->ev.task_len = d->task.len;
	d->ev.meta = d->meta.data;
	d->ev.meta_len = d->meta.len;
	*ev = d->ev;
	return 1;
}

/* A header must name every field an event cannot do without. */
static void
check_header(struct lt_decoder *d)
{
	static const int required[] = { LT_F_TASK, LT_F_SCORE, LT_F_LR,
	    LT_F_EPISODE, LT_F_CONV };
	size_t i;

	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!d->seen[required[i]]) {
			rec_fail(d, "the header has no %s column%s",
			    lt_field_names[required[i]], "");
			return;
		}
}

/*
 * CSV: the fast path.  libcsv reads a line a byte at a time through
 * callbacks; the lines lt writes need less: fields cut at commas, none
 * with blanks at its ends (which libcsv trims), any quoted one quoted
 * from its first byte to a closing quote just before a comma or the
 * line's end, "" inside it standing for a quote.  Such a line is split
 * here into the fields libcsv would give, each ended by a NUL as
 * CSV_APPEND_NULL ends them, and they go to csv_field as libcsv's do;
 * any other line (a stray quote, a CR, a blank at a field's end, a quote
 * never closed, too many fields) goes to libcsv, which decides.
 */

static int
blank_byte(char c)
{
	return c == ' ' || c == '\t';
}

/* The bytes that end a plain field's run on the fast path: its comma, or
 * what sends the line to libcsv. */
static const unsigned char csv_stop[256] = {
	[','] = 1, ['"'] = 1, ['\r'] = 1
};

/* Split line into d->split, d->fieldoff and d->fieldlen: the line is
 * copied with a comma after it, which ends every scan, and its fields
 * are cut in place (a quoted one unquoted, so what is written never
 * passes what is read).  Returns the number of fields, or 0 when the
 * line is for libcsv. */
static int
split_csv(struct lt_decoder *d, const char *line, size_t len)
{
	char *buf, *end, *r, *w, *q;
	size_t n;
	int nf = 0;

	lt_buf_reset(&d->split);
	lt_buf_reserve(&d->split, len + 1);
	buf = d->split.data;
	memcpy(buf, line, len);
	end = buf + len;
	*end = ',';
	for (r = w = buf;; r++) {
		if (nf == CSV_FAST_FIELDS)
			return 0;
		d->fieldoff[nf] = (size_t)(w - buf);
		if (*r == '"' && r < end) {
			for (r++;; r++) {
				if ((q = memchr(r, '"', (size_t)(end - r))) ==
				    NULL)
					return 0;
				memmove(w, r, (size_t)(q - r));
				w += q - r;
				r = q + 1;
				if (r == end || *r != '"')
					break;
				*w++ = '"';		/* "" is a quote */
			}
			if (*r != ',')
				return 0;
		} else {
			for (q = r; !csv_stop[(unsigned char)*q]; q++)
				;
			if (*q != ',')
				return 0;
			n = (size_t)(q - r);
			if (n > 0 && (blank_byte(r[0]) ||
			    blank_byte(r[n - 1])))
				return 0;
			if (w != r)
				memmove(w, r, n);
			w += n;
			r = q;
		}
		d->fieldlen[nf] = (size_t)(w - buf) - d->fieldoff[nf];
		*w++ = '\0';
		nf++;
		if (r == end)
			return nf;
	}
}

/* Whether d's columns are the standard ones, in their order. */
static int
standard_order(const struct lt_decoder *d)
{
	int i;

	if (d->ncols != LT_F_COUNT)
		return 0;
	for (i = 0; i < LT_F_COUNT; i++)
		if (d->colmap[i] != i)
			return 0;
	return 1;
}

/*
 * A split line in the standard column order whose every field is as lt
 * writes it, read straight into *ev (its strings in d->split), as
 * csv_field and finish would read it.  Returns 1, or 0 to send the
 * fields through csv_field and finish, which say what is wrong or take
 * what is unusual (metadata to rewrite, a field that fails).
 */
static int
csv_standard(struct lt_decoder *d, int nf, struct lt_event *ev)
{
	const char *f[LT_F_COUNT];
	size_t n[LT_F_COUNT];
	struct lt_event e;
	int i;

	if (nf != LT_F_COUNT || !d->standard)
		return 0;
	for (i = 0; i < LT_F_COUNT; i++) {
		f[i] = d->split.data + d->fieldoff[i];
		n[i] = d->fieldlen[i];
	}
	e.timestamp = NAN;
	if ((n[LT_F_TIMESTAMP] > 0 && lt_time_parse(f[LT_F_TIMESTAMP],
	    n[LT_F_TIMESTAMP], &e.timestamp, NULL) != 0) ||
	    n[LT_F_TASK] == 0 || !lt_utf8_valid(f[LT_F_TASK], n[LT_F_TASK]) ||
	    n[LT_F_SCORE] == 0 || n[LT_F_LR] == 0 || n[LT_F_EPISODE] == 0 ||
	    n[LT_F_CONV] == 0 ||
	    lt_num_parse(f[LT_F_SCORE], n[LT_F_SCORE], &e.score) != 0 ||
	    lt_num_parse(f[LT_F_LR], n[LT_F_LR], &e.lr) != 0 ||
	    lt_num_parse_int(f[LT_F_EPISODE], n[LT_F_EPISODE],
	    &e.episode) != 0 ||
	    lt_num_parse(f[LT_F_CONV], n[LT_F_CONV], &e.conv) != 0 ||
	    lt_meta_normalize(f[LT_F_META], n[LT_F_META], NULL, NULL) != 0)
		return 0;
	e.task = f[LT_F_TASK];
	e.task_len = n[LT_F_TASK];
	e.meta = f[LT_F_META];
	e.meta_len = n[LT_F_META];
	*ev = e;
	return 1;
}

/*
 * CSV: the direct path, for the lines lt writes with no metadata, and
 * most lines are: the standard columns, a time and three reals (read as
 * lt_num_parse reads them), an episode of plain digits, a task of
 * printable ASCII with no quote and no blank at its ends, and metadata
 * {}.  Each byte is looked at once, the numbers read where they stand;
 * only the task is copied, to end it with a NUL.  The values are those
 * split_csv and csv_standard give (the same parser, the same rules).
 * Returns 1 with *ev filled, or 0 for them and libcsv to decide: any
 * other line, or anything unusual in one (a NUL byte among them); *ev
 * may be written either way.  (The fields are written in place: a local
 * event copied out would cost GCC's rep movs on every line.)
 */

/* Whether a task may hold c on the direct path: printable ASCII but the
 * quote and the comma. */
static int
task_byte(unsigned char c)
{
	return c >= ' ' && c <= '~' && c != '"' && c != ',';
}

/*
 * The first byte from p (before end) that task_byte refuses, or end;
 * eight bytes at a time where eight are there, on little-endian machines.
 * In each word, the high bit of a byte is set below when the byte is
 * under ' ', is a comma, a quote or DEL, or is not ASCII (the zero-byte
 * tests of Mycroft, as in "Bit Twiddling Hacks").  A borrow only moves
 * towards the bytes after the one that made it, so the lowest byte
 * marked is the first refused.
 */
static const char *
task_end(const char *p, const char *end)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = UINT64_C(0x0101010101010101), high = ones * 0x80;
	uint64_t x, c, q, del, stop;

	for (; end - p >= 8; p += 8) {
		memcpy(&x, p, sizeof(x));
		c = x ^ ones * ',';
		q = x ^ ones * '"';
		del = x ^ ones * 0x7f;
		stop = (((x - ones * ' ') & ~x) | ((c - ones) & ~c) |
		    ((q - ones) & ~q) | ((del - ones) & ~del) | x) & high;
		if (stop != 0)
			return p + (__builtin_ctzll(stop) >> 3);
	}
#endif
	while (p < end && task_byte((unsigned char)*p))
		p++;
	return p;
}

/*
 * A real at p, up to a comma: the byte after the comma, or NULL.  The
 * shapes most reals have, a digit, then the point and one to sixteen
 * digits, or an exponent, or both ("0.25", "0.000909174", "9.9999e-05",
 * "1e-05"), are read here, eight digits at a time: the same mantissa and
 * power of ten as lt_num_scan, so the same correctly rounded value (a
 * mantissa past 2^53 or a power past 10^22 is left to it).  Any other
 * shape goes through lt_num_scan, and what it cannot read exactly through
 * strtod.
 */
static const char *
direct_real(const char *p, const char *end, double *v)
{
	const char *q = p + 1;
	uint64_t m, eight;
	int exact, n = 0, k, e = 0, eneg = 0;

	if (end - p < 11 || (unsigned)(*p - '0') >= 10)
		goto scan;
	m = (uint64_t)(*p - '0');
	if (*q == '.') {
		if ((n = lt_num_eight(++q, &eight)) == 0)
			goto scan;
		m = m * lt_num_ipow10[n] + eight;
		q += n;
		if (n == 8 && end - q >= 9 &&
		    (k = lt_num_eight(q, &eight)) > 0) {
			m = m * lt_num_ipow10[k] + eight;
			q += k;
			n += k;
		}
	}
	if (*q == 'e' || *q == 'E') {
		if (++q < end && (*q == '-' || *q == '+'))
			eneg = *q++ == '-';
		for (k = 0; k < 3 && q < end && (unsigned)(*q - '0') < 10; k++)
			e = e * 10 + (*q++ - '0');
		if (k == 0)
			goto scan;
	}
	if (q == end || *q != ',' ||
	    !lt_num_clinger(m, (eneg ? -e : e) - n, v))
		goto scan;
	return q + 1;
scan:
	if ((q = lt_num_scan(p, end, v, &exact)) == NULL || q == end ||
	    *q != ',')
		return NULL;
	/* Past the exact path, strtod decides, as lt_num_parse does for
	 * the field split_csv would give: a real lt wrote at full
	 * precision (0.00011904761904761905) stays on the direct path. */
	if (!exact && lt_num_parse(p, (size_t)(q - p), v) != 0)
		return NULL;
	return q + 1;
}

static int
csv_direct(struct lt_decoder *d, const char *line, size_t len,
    struct lt_event *ev)
{
	const char *p = line, *end = line + len, *task, *digits;
	uint64_t whole = 0, frac;
	size_t n;
	int nf = 0;

	if (!d->standard)
		return 0;
	/* A time: Unix seconds (lt_time_parse's first reading), mostly
	 * digits and up to eight decimals (lt record writes microseconds),
	 * read here in one pass; any other shape through direct_real. */
	lt_num_digits(&p, end, &whole);
	n = (size_t)(p - line);
	if (end - p > 8 && *p == '.' && (nf = lt_num_eight(p + 1, &frac)) > 0) {
		whole = whole * lt_num_ipow10[nf] + frac;
		p += 1 + nf;
	}
	if (n > 0 && n + (size_t)nf <= 19 && p < end && *p == ',' &&
	    lt_num_clinger(whole, -nf, &ev->timestamp))
		p++;
	else if ((p = direct_real(line, end, &ev->timestamp)) == NULL)
		return 0;
	else
		nf = -1;	/* some other shape */
	if (!lt_time_valid(ev->timestamp))
		return 0;
	/* To microseconds, as lt_time_parse; whole seconds already are. */
	if (nf != 0)
		ev->timestamp = lt_time_round(ev->timestamp);
	task = p;
	p = task_end(p, end);
	n = (size_t)(p - task);
	if (p == end || *p != ',' || n == 0 || task[0] == ' ' ||
	    task[n - 1] == ' ')
		return 0;
	if ((p = direct_real(p + 1, end, &ev->score)) == NULL ||
	    (p = direct_real(p, end, &ev->lr)) == NULL)
		return 0;
	/* The episode: at most 15 plain digits, which lt_num_parse_int
	 * reads without a double. */
	digits = p;
	whole = 0;
	lt_num_digits(&p, end, &whole);
	if (p == digits || p - digits > 15 || p == end || *p != ',' ||
	    (p = direct_real(p + 1, end, &ev->conv)) == NULL ||
	    end - p != 2 || p[0] != '{' || p[1] != '}')
		return 0;
	ev->episode = (int64_t)whole;
	lt_buf_reset(&d->split);
	lt_buf_reserve(&d->split, n + 4);
	memcpy(d->split.data, task, n);
	memcpy(d->split.data + n, "\0{}", 4);
	ev->task = d->split.data;
	ev->task_len = n;
	ev->meta = d->split.data + n + 1;
	ev->meta_len = 2;
	return 1;
}

static int
decode_csv(struct lt_decoder *d, char *line, size_t len,
    struct lt_event *ev, struct lt_error *err)
{
	const char *why;
	size_t n;
	int i, nf;

	if (!d->have_header && d->colmap == NULL &&
	    !looks_like_header(line, len))
		standard_columns(d);
	else if (d->colmap == NULL || lt_csv_is_header(line, len)) {
		/* A header, first or again (two logs concatenated). */
		free_columns(d);
		memset(d->seen, 0, sizeof(d->seen));
		d->failed = 0;
		d->header_line = 1;
	}
	if (!d->header_line) {
		if (!d->reference && (nf = split_csv(d, line, len)) > 0) {
			if (csv_standard(d, nf, ev))
				return 1;
			reset_record(d);
			for (i = 0; i < nf; i++)
				csv_field(d->split.data + d->fieldoff[i],
				    d->fieldlen[i], d);
			goto fields;
		}
		reset_record(d);
	}
	n = csv_parse(&d->csv, line, len, csv_field, csv_record, d);
	if (n != len || csv_fini(&d->csv, csv_field, csv_record, d) != 0) {
		/* libcsv's own words only for what is not the line's
		 * fault (memory, a field past SIZE_MAX). */
		why = csv_error(&d->csv) == CSV_ENOMEM ||
		    csv_error(&d->csv) == CSV_ETOOBIG ?
		    csv_strerror(csv_error(&d->csv)) :
		    "a quote out of place or never closed";
		/* csv_fini leaves a field whose quote never closed open:
		 * the parser starts afresh, or the next line would be read
		 * as more of that field. */
		csv_free(&d->csv);
		(void)csv_init(&d->csv, CSV_OPTIONS);
		d->header_line = 0;
		if (d->colmap == NULL || d->ncols == 0)
			free_columns(d);
		return lt_error_set(err, "malformed CSV (%s)", why);
	}
	if (d->header_line) {
		d->header_line = 0;
		d->have_header = 1;
		if (!d->failed)
			check_header(d);
		if (d->failed) {
			*err = d->rec_err;
			free_columns(d);
			d->have_header = 0;
			return -1;
		}
		d->standard = standard_order(d);
		return 0;
	}
fields:
	if (d->col != d->ncols)
		return lt_error_set(err, "expected %d fields, found %d",
		    d->ncols, d->col);
	return finish(d, ev, err);
}

/*
 * JSONL: the fast path for the lines lt writes.
 */

static const char *
expect(const char *p, const char *end, const char *lit, size_t n)
{
	if ((size_t)(end - p) < n || memcmp(p, lit, n) != 0)
		return NULL;
	return p + n;
}

/* A JSON number up to the next ',' into *v, or an integer into *iv when
 * iv is given; NULL when the text is not such a number, or when jansson
 * must decide: an integer of more than 18 digits, which it refuses past
 * its json_int_t. */
static const char *
fast_number(const char *p, const char *end, double *v, int64_t *iv)
{
	const char *q = memchr(p, ',', (size_t)(end - p));
	int kind;

	if (q == NULL)
		return NULL;
	kind = lt_num_json_kind(p, (size_t)(q - p));
	if (kind == 1 && q - p > (*p == '-' ? 19 : 18))
		return NULL;
	if (iv != NULL)
		return kind == 1 && lt_num_parse_int(p, (size_t)(q - p), iv) ==
		    0 ? q : NULL;
	if (kind == 0 || lt_num_parse(p, (size_t)(q - p), v) != 0)
		return NULL;
	/* jansson reads -0 as the integer 0, which is +0 as a real. */
	if (kind == 1 && *v == 0)
		*v = 0;
	return q;
}

static int
fast_jsonl(struct lt_decoder *d, char *line, size_t len,
    struct lt_event *ev)
{
	const char *p = line, *end = line + len, *task, *task_end, *meta;
	const unsigned char *u;

	if ((p = expect(p, end, "{\"timestamp\":", 13)) == NULL ||
	    (p = fast_number(p, end, &ev->timestamp, NULL)) == NULL ||
	    !lt_time_valid(ev->timestamp) ||
	    (p = expect(p, end, ",\"task_type\":\"", 14)) == NULL)
		return 0;
	task = p;
	for (u = (const unsigned char *)p; u < (const unsigned char *)end &&
	    *u != '"'; u++)
		if (*u == '\\' || *u < 0x20)
			return 0;
	task_end = (const char *)u;
	if (task_end >= end || task_end == task)
		return 0;
	p = task_end + 1;
	if ((p = expect(p, end, ",\"performance_score\":", 21)) == NULL ||
	    (p = fast_number(p, end, &ev->score, NULL)) == NULL ||
	    (p = expect(p, end, ",\"learning_rate\":", 17)) == NULL ||
	    (p = fast_number(p, end, &ev->lr, NULL)) == NULL ||
	    (p = expect(p, end, ",\"episode_count\":", 17)) == NULL ||
	    (p = fast_number(p, end, NULL, &ev->episode)) == NULL ||
	    (p = expect(p, end, ",\"convergence_metric\":", 22)) == NULL ||
	    (p = fast_number(p, end, &ev->conv, NULL)) == NULL ||
	    (p = expect(p, end, ",\"metadata\":", 12)) == NULL)
		return 0;
	meta = p;
	if (end - meta < 3 || end[-1] != '}' || *meta != '{')
		return 0;
	if (!(end - meta == 3 && meta[1] == '}') &&
	    lt_meta_normalize(meta, (size_t)(end - 1 - meta), NULL, NULL) != 0)
		return 0;
	if (!lt_utf8_valid(task, (size_t)(task_end - task)))
		return 0;
	line[task_end - line] = '\0';
	line[len - 1] = '\0';
	/* Microseconds, as lt_time_parse gives CSV and --time. */
	ev->timestamp = lt_time_round(ev->timestamp);
	ev->task = task;
	ev->task_len = (size_t)(task_end - task);
	ev->meta = meta;
	ev->meta_len = (size_t)(end - 1 - meta);
	(void)d;
	return 1;
}

static int
json_field_number(struct lt_decoder *d, json_t *v, int field)
{
	char *text;
	double x;

	if (json_is_integer(v) && field == LT_F_EPISODE) {
		d->ev.episode = json_integer_value(v);
		if (d->ev.episode > LT_EPISODE_MAX ||
		    d->ev.episode < -LT_EPISODE_MAX) {
			rec_fail_json(d, "%s %.40s is outside [0, 2^53]",
			    lt_field_names[field], v);
			return -1;
		}
		return 0;
	}
	if (!json_is_number(v)) {
		text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		rec_fail(d, "%s %.40s is not a number", lt_field_names[field],
		    text ? text : "");
		free(text);
		return -1;
	}
	x = json_number_value(v);
	if (field == LT_F_EPISODE) {
		if (x != floor(x) || fabs(x) > (double)LT_EPISODE_MAX) {
			rec_fail_json(d, "%s %.40s is not an integer in "
			    "[0, 2^53]", lt_field_names[field], v);
			return -1;
		}
		d->ev.episode = (int64_t)x;
	} else if (field == LT_F_SCORE)
		d->ev.score = x;
	else if (field == LT_F_LR)
		d->ev.lr = x;
	else
		d->ev.conv = x;
	return 0;
}

static int
decode_jsonl_slow(struct lt_decoder *d, const char *line, size_t len,
    struct lt_event *ev, struct lt_error *err)
{
	json_error_t jerr;
	const char *key;
	json_t *v;
	int field;

	json_decref(d->root);
	d->root = json_loadb(line, len, LT_JSON_DECODE, &jerr);
	if (d->root == NULL)
		return lt_error_set(err, "not JSON: %s", jerr.text);
	if (!json_is_object(d->root))
		return lt_error_set(err, "not a JSON object");
	reset_record(d);
	json_object_foreach(d->root, key, v) {
		field = lt_field_lookup(key, strlen(key));
		if (field >= 0)
			d->seen[field] = 1;
		switch (field) {
		case LT_F_TIMESTAMP:
			if (json_is_number(v) &&
			    lt_time_valid(json_number_value(v)))
				d->ev.timestamp = lt_time_round(
				    json_number_value(v));
			else if (json_is_number(v))
				rec_fail_json(d, "%s %.40s is not a time from "
				    "1970 to the year 9999", key, v);
			else if (!json_is_string(v) ||
			    lt_time_parse(json_string_value(v),
			    json_string_length(v), &d->ev.timestamp, NULL) != 0)
				rec_fail_json(d, "%s %.40s is not a time", key,
				    v);
			break;
		case LT_F_TASK:
			if (!json_is_string(v)) {
				rec_fail_json(d, "%s %.40s is not a string",
				    key, v);
				break;
			}
			lt_buf_add(&d->task, json_string_value(v),
			    json_string_length(v));
			break;
		case LT_F_META:
			if (!json_is_object(v)) {
				rec_fail_json(d, "%s %.40s is not a JSON "
				    "object", key, v);
				break;
			}
			lt_buf_reset(&d->meta);
			lt_json_dump(v, 0, &d->meta);
			break;
		case -1:
			if (d->extras == NULL)
				d->extras = json_object();
			json_object_set(d->extras, key, v);
			break;
		default:
			json_field_number(d, v, field);
			break;
		}
	}
	return finish(d, ev, err);
}

int
lt_format_blank(const char *line, size_t len)
{
	size_t i;

	if (len > 0 && line[0] != ' ' && line[0] != '\t' && line[0] != '\r')
		return 0;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	return i == len;
}

int
lt_decoder_line(struct lt_decoder *d, char *line, size_t len,
    struct lt_event *ev, struct lt_error *err)
{
	/* A line that starts with a digit is not blank. */
	if (!(len > 0 && (unsigned)(line[0] - '0') < 10) &&
	    lt_format_blank(line, len))
		return 0;
	if (line[len - 1] == '\r')
		len--;
	/* Columns known and a first byte no header has: the direct path
	 * (a header, an empty time, a BOM go to decode_csv). */
	if (d->fmt == LT_FORMAT_CSV && !d->reference && d->colmap != NULL &&
	    (unsigned)(line[0] - '0') < 10 && csv_direct(d, line, len, ev))
		return 1;
	if (memchr(line, '\0', len) != NULL)
		return lt_error_set(err, "the line holds a NUL byte");
	if (d->fmt == LT_FORMAT_CSV)
		return decode_csv(d, line, len, ev, err);
	if (!d->reference && fast_jsonl(d, line, len, ev))
		return 1;
	return decode_jsonl_slow(d, line, len, ev, err);
}
