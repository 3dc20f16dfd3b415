/*
 * tfevents.c - TFRecord framing, CRC checks and Event decoding.
 *
 * A record is read whole into one buffer that grows to the largest
 * record and is reused, so the memory held is bounded by the largest
 * record's.  Records are decoded by protobuf-c (lib/tfevents.proto),
 * except the shape nearly every scalar record has (an Event of a wall
 * time, a step and a summary of tagged simple_values, nothing else),
 * which a fast path decodes without allocating: the generic decoder costs
 * about 350 ns a record, most of a 100 MB file's import.  Whatever the
 * fast path does not recognise, to the last byte, goes to protobuf-c,
 * and tests/unit/test_tfevents.c checks that both give the same scalars
 * for every record of every fixture.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <protobuf-c/protobuf-c.h>

#include "crc32c.h"
#include "error.h"
#include "tfevents.h"
#include "tfevents.pb-c.h"

/* TensorFlow's DataType values (types.proto) that lt reads. */
enum {
	DT_FLOAT = 1,
	DT_DOUBLE = 2,
	DT_INT32 = 3,
	DT_INT64 = 9
};

#define HEADER_SIZE	12		/* length, then its masked CRC */
#define FOOTER_SIZE	4		/* the data's masked CRC */
#define CHUNK		(256 * 1024)	/* read at once */
#define FAST_MAX	16		/* values a record the fast path takes */

/*
 * The largest record accepted.  Protocol buffers cannot exceed 2 GiB, so
 * a longer length is corruption that happened to pass its CRC; refusing
 * it also bounds what a pipe (whose size is unknown) can make us allocate.
 */
#define RECORD_MAX	((uint64_t)INT32_MAX)

struct reader {
	const char	*path;
	unsigned	 flags;
	int		 fd;
	long long	 size;	/* of a regular file, or -1 */
	long long	 off;	/* of the current record */
	unsigned char	*buf;	/* what was read: */
	size_t		 start;	/* the current record's first byte, */
	size_t		 end;	/* and the end of what was read */
	size_t		 cap;
	int		 eof;
	char		*tags;	/* the fast path's tags, NUL-terminated */
	size_t		 tagcap;
	int		 result;	/* of lt_tfevents_read */
	int		(*scalar)(void *, const struct lt_tf_scalar *);
	void		(*warn)(void *, const char *, long long, int,
		    const char *);
	void		*ctx;
	struct lt_error	*err;
};

/* What to do after a bad record when skipping. */
enum resume {
	RESUME_NEXT,		/* the length was good: the next record */
	RESUME_NONE		/* the rest of the file is lost */
};

static uint32_t
load_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint64_t
load_le64(const unsigned char *p)
{
	return (uint64_t)load_le32(p) | (uint64_t)load_le32(p + 4) << 32;
}

static int
crc_ok(const unsigned char *data, size_t len, const unsigned char *crc)
{
	return lt_crc32c_mask(lt_crc32c(0, data, len)) == load_le32(crc);
}

/*
 * Stop reading with result rc (0 at the end, -1 on error, or what the
 * scalar callback returned); returns 0 so that next_record can end with
 * "return finish(r, rc);".
 */
static int
finish(struct reader *r, int rc)
{
	r->result = rc;
	return 0;
}

/*
 * Report a bad record at r->off and return whether to read on, as
 * next_record does.  Without LT_TFEVENTS_SKIP_BAD, fills r->err and
 * stops with -1; with it, warns and reads on with the next record
 * (RESUME_NEXT) or stops with 0 (RESUME_NONE).
 */
static int
bad_record(struct reader *r, enum resume resume, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
bad_record(struct reader *r, enum resume resume, const char *fmt, ...)
{
	char msg[256], full[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if ((r->flags & LT_TFEVENTS_SKIP_BAD) == 0)
		return finish(r, lt_error_at(r->err, r->path, 0,
		    "record at byte %lld: %s", r->off, msg));
	if (r->warn != NULL) {
		snprintf(full, sizeof(full), "record at byte %lld: %s, %s",
		    r->off, msg, resume == RESUME_NEXT ? "record skipped" :
		    "rest of file skipped");
		r->warn(r->ctx, r->path, r->off, 0, full);
	}
	return resume == RESUME_NEXT ? 1 : finish(r, 0);
}

static int
read_error(struct reader *r)
{
	return lt_error_at(r->err, r->path, 0, "record at byte %lld: %s",
	    r->off, strerror(errno));
}

/*
 * The file ends got bytes into a record of want: the writer has not
 * finished it (it is still writing, or it was killed).  What came
 * before is good: warn and stop there.
 */
static int
cut_short(struct reader *r, size_t got, size_t want)
{
	char msg[256];

	if (r->warn != NULL) {
		snprintf(msg, sizeof(msg), "record at byte %lld: the file "
		    "ends %zu bytes into a record of %zu (still being "
		    "written?); read up to it", r->off, got, want);
		r->warn(r->ctx, r->path, r->off, 1, msg);
	}
	return finish(r, 0);
}

static float
float_of_bits(uint32_t u)
{
	float f;

	memcpy(&f, &u, sizeof(f));
	return f;
}

static double
double_of_bits(uint64_t u)
{
	double d;

	memcpy(&d, &u, sizeof(d));
	return d;
}

/*
 * Store in *out the value of t if it holds exactly one number of a
 * dtype lt reads, and return 1; else return 0.  A shape of no
 * dimensions, or of dimensions all of size 1, holds one element; its
 * value is in the typed field (float_val, ...) or, little-endian, in
 * tensor_content.
 */
static int
tensor_scalar(const LtTf__TensorProto *t, double *out)
{
	const ProtobufCBinaryData *c = &t->tensor_content;
	size_t i;

	if (t->tensor_shape != NULL) {
		if (t->tensor_shape->unknown_rank)
			return 0;
		for (i = 0; i < t->tensor_shape->n_dim; i++)
			if (t->tensor_shape->dim[i]->size != 1)
				return 0;
	}
	switch (t->dtype) {
	case DT_FLOAT:
		if (t->n_float_val > 0)
			*out = t->float_val[0];
		else if (c->len == 4)
			*out = float_of_bits(load_le32(c->data));
		else
			return 0;
		return 1;
	case DT_DOUBLE:
		if (t->n_double_val > 0)
			*out = t->double_val[0];
		else if (c->len == 8)
			*out = double_of_bits(load_le64(c->data));
		else
			return 0;
		return 1;
	case DT_INT32:
		if (t->n_int_val > 0)
			*out = t->int_val[0];
		else if (c->len == 4)
			*out = (int32_t)load_le32(c->data);
		else
			return 0;
		return 1;
	case DT_INT64:
		if (t->n_int64_val > 0)
			*out = (double)t->int64_val[0];
		else if (c->len == 8)
			*out = (double)(int64_t)load_le64(c->data);
		else
			return 0;
		return 1;
	default:
		return 0;
	}
}

/* Store in *out the scalar v carries and return 1, or return 0. */
static int
value_scalar(const LtTf__SummaryValue *v, double *out)
{
	const char *plugin = NULL;

	if (v->has_simple_value) {
		*out = v->simple_value;
		return 1;
	}
	if (v->tensor == NULL)
		return 0;
	/* TF2 names the plugin; a tensor of another plugin (text, pr_curves,
	 * hparams) is not a scalar series even when it has one element. */
	if (v->metadata != NULL && v->metadata->plugin_data != NULL)
		plugin = v->metadata->plugin_data->plugin_name;
	if (plugin != NULL && plugin[0] != '\0' &&
	    strcmp(plugin, "scalars") != 0)
		return 0;
	return tensor_scalar(v->tensor, out);
}

/* Call the scalar callback for each scalar of ev; return its first
 * nonzero result, or 0. */
static int
emit_event(struct reader *r, const LtTf__Event *ev)
{
	const LtTf__SummaryValue *v;
	struct lt_tf_scalar s;
	size_t i;
	int rc;

	if (ev->summary == NULL)
		return 0;
	s.wall_time = ev->wall_time;
	s.step = ev->step;
	s.offset = r->off;
	for (i = 0; i < ev->summary->n_value; i++) {
		v = ev->summary->value[i];
		if (!value_scalar(v, &s.value))
			continue;
		s.tag = v->tag != NULL ? v->tag : "";
		s.tag_len = strlen(s.tag);
		if ((rc = r->scalar(r->ctx, &s)) != 0)
			return rc;
	}
	return 0;
}

/*
 * The fast path: the protobuf wire format of the common record.
 */

/* Read a varint at *p (below end) into *v; returns 0, or -1 when it is
 * cut short or longer than ten bytes. */
static int
varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	uint64_t x = 0;
	int shift;

	for (shift = 0; shift < 70 && *p < end; shift += 7) {
		x |= (uint64_t)(**p & 0x7f) << shift;
		if ((*(*p)++ & 0x80) == 0) {
			*v = x;
			return 0;
		}
	}
	return -1;
}

/* Read a length-delimited field's length at *p and make sure it fits
 * before end; *q gets where its bytes start. */
static int
delimited(const unsigned char **p, const unsigned char *end,
    const unsigned char **q, size_t *n)
{
	uint64_t len;

	if (varint(p, end, &len) != 0 || len > (uint64_t)(end - *p))
		return -1;
	*q = *p;
	*n = (size_t)len;
	*p += len;
	return 0;
}

struct fast_value {
	const unsigned char	*tag;
	size_t			 len;
	double			 value;
	int			 has_value;
};

/* Decode a Summary.Value of only a tag and a simple_value (each at most
 * once).  Returns 0, or -1 for anything else. */
static int
fast_value(const unsigned char *p, const unsigned char *end,
    struct fast_value *v)
{
	uint64_t key;
	int has_tag = 0;

	memset(v, 0, sizeof(*v));
	while (p < end) {
		if (varint(&p, end, &key) != 0)
			return -1;
		if (key == (1 << 3 | 2) && !has_tag) {
			if (delimited(&p, end, &v->tag, &v->len) != 0)
				return -1;
			has_tag = 1;
		} else if (key == (2 << 3 | 5) && !v->has_value &&
		    end - p >= 4) {
			v->value = float_of_bits(load_le32(p));
			v->has_value = 1;
			p += 4;
		} else
			return -1;
	}
	return 0;
}

/* The values of a Summary q[0..qend) into v[*nv..FAST_MAX), the bytes
 * their tags take, with NULs, added to *need.  Returns 0, or -1 when the
 * summary is not of that simple form. */
static int
fast_summary(const unsigned char *q, const unsigned char *qend,
    struct fast_value *v, size_t *nv, size_t *need)
{
	const unsigned char *vb;
	uint64_t key;
	size_t vn;

	for (; q < qend; ++*nv) {
		if (*nv == FAST_MAX || varint(&q, qend, &key) != 0 ||
		    key != (1 << 3 | 2) || delimited(&q, qend, &vb, &vn) != 0 ||
		    fast_value(vb, vb + vn, &v[*nv]) != 0 ||
		    /* protobuf-c's tag ends at a NUL */
		    (v[*nv].len > 0 &&
		    memchr(v[*nv].tag, '\0', v[*nv].len) != NULL))
			return -1;
		*need += v[*nv].len + 1;
	}
	return 0;
}

/*
 * Decode the record data[0..len) if it is an Event of at most a wall
 * time, a step, a file_version and a summary of at most FAST_MAX values
 * of a tag and a simple_value, each field given once, and call the
 * scalar callback for its values.  Returns 1 when it did (r->result set
 * if the callback stopped), 0 to leave the record to protobuf-c; nothing
 * is reported before the whole record has been decoded.
 */
static int
fast_record(struct reader *r, const unsigned char *data, size_t len)
{
	const unsigned char *p = data, *end = data + len, *q;
	struct fast_value v[FAST_MAX];
	struct lt_tf_scalar s;
	uint64_t key, step = 0;
	size_t n, nv = 0, i, need = 0, off;
	unsigned seen = 0, field;
	int rc;

	s.wall_time = 0;
	while (p < end) {
		if (varint(&p, end, &key) != 0 || (key >> 3) > 5)
			return 0;
		field = 1u << (key >> 3);
		if (seen & field)
			return 0;
		seen |= field;
		switch (key) {
		case 1 << 3 | 1:		/* wall_time */
			if (end - p < 8)
				return 0;
			s.wall_time = double_of_bits(load_le64(p));
			p += 8;
			break;
		case 2 << 3 | 0:		/* step */
			if (varint(&p, end, &step) != 0)
				return 0;
			break;
		case 3 << 3 | 2:		/* file_version */
			if (delimited(&p, end, &q, &n) != 0)
				return 0;
			break;
		case 5 << 3 | 2:		/* summary */
			if (delimited(&p, end, &q, &n) != 0 ||
			    fast_summary(q, q + n, v, &nv, &need) != 0)
				return 0;
			break;
		default:
			return 0;
		}
	}
	if (need > r->tagcap) {
		char *t = realloc(r->tags, need);

		if (t == NULL)
			return 0;
		r->tags = t;
		r->tagcap = need;
	}
	s.step = (int64_t)step;
	s.offset = r->off;
	for (i = 0, off = 0; i < nv; i++) {
		if (!v[i].has_value)
			continue;
		if (v[i].len > 0)
			memcpy(r->tags + off, v[i].tag, v[i].len);
		r->tags[off + v[i].len] = '\0';
		s.tag = r->tags + off;
		s.tag_len = v[i].len;
		s.value = v[i].value;
		off += v[i].len + 1;
		if ((rc = r->scalar(r->ctx, &s)) != 0) {
			r->result = rc;
			break;
		}
	}
	return 1;
}

/*
 * Return whether a record of n bytes at r->off can be whole: always for
 * a pipe, else if the file is long enough.  The size is taken again
 * before saying no, since a writer may be appending to the file as it is
 * read.  Checking first spares allocating a buffer for a length that a
 * truncated file cannot hold.
 */
static int
fits(struct reader *r, size_t n)
{
	struct stat st;

	if (r->size < 0 || (long long)n <= r->size - r->off)
		return 1;
	if (fstat(r->fd, &st) == 0)
		r->size = st.st_size;
	return (long long)n <= r->size - r->off;
}

/*
 * Make r->buf hold at least n bytes from the current record on, reading
 * a chunk at a time.  Returns 1, 0 when the file ends first (what there
 * is stays in the buffer), or -1 with r->err.
 */
static int
ensure(struct reader *r, size_t n)
{
	unsigned char *p;
	size_t cap;
	ssize_t got;

	if (r->end - r->start >= n)
		return 1;
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (n + CHUNK > r->cap) {
		cap = r->cap > 0 ? r->cap : CHUNK;
		while (cap < n + CHUNK)
			cap = cap > SIZE_MAX / 2 ? n + CHUNK : cap * 2;
		if ((p = realloc(r->buf, cap)) == NULL)
			return lt_error_at(r->err, r->path, 0, "record at "
			    "byte %lld: out of memory for %zu bytes", r->off,
			    n);
		r->buf = p;
		r->cap = cap;
	}
	while (r->end < n && !r->eof) {
		got = read(r->fd, r->buf + r->end, r->cap - r->end);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return read_error(r);
		if (got == 0)
			r->eof = 1;
		r->end += (size_t)got;
	}
	return r->end >= n;
}

/*
 * Read, check and report the record at r->off.  Returns 1 to read on,
 * or 0 with r->result set.
 */
static int
next_record(struct reader *r)
{
	const unsigned char *hdr, *data;
	LtTf__Event *ev;
	uint64_t len;
	size_t want;
	int rc;

	if ((rc = ensure(r, HEADER_SIZE)) <= 0) {
		if (rc < 0)
			return finish(r, -1);
		if (r->end == r->start)
			return finish(r, 0);
		return cut_short(r, r->end - r->start, HEADER_SIZE);
	}
	hdr = r->buf + r->start;
	if (!crc_ok(hdr, 8, hdr + 8))
		return bad_record(r, RESUME_NONE, "length crc mismatch");
	len = load_le64(hdr);
	if (len > RECORD_MAX)
		return bad_record(r, RESUME_NONE, "length %llu is too large",
		    (unsigned long long)len);
	want = HEADER_SIZE + (size_t)len + FOOTER_SIZE;
	if (!fits(r, want))
		return cut_short(r, (size_t)(r->size - r->off), want);
	if ((rc = ensure(r, want)) <= 0)
		return rc < 0 ? finish(r, -1) : cut_short(r, r->end - r->start,
		    want);
	data = r->buf + r->start + HEADER_SIZE;
	rc = 1;
	if (!crc_ok(data, len, data + len))
		rc = bad_record(r, RESUME_NEXT, "data crc mismatch");
	else if ((r->flags & LT_TFEVENTS_PROTOBUF) == 0 &&
	    fast_record(r, data, len))
		rc = r->result == 0;
	else if ((ev = (LtTf__Event *)protobuf_c_message_unpack(
	    &lt_tf__event__descriptor, NULL, len, data)) == NULL)
		rc = bad_record(r, RESUME_NEXT, "not an Event protobuf");
	else {
		if ((r->result = emit_event(r, ev)) != 0)
			rc = 0;
		protobuf_c_message_free_unpacked(&ev->base, NULL);
	}
	r->start += want;
	r->off += want;
	return rc;
}

int
lt_tfevents_read(const char *path, unsigned flags,
    int (*scalar)(void *ctx, const struct lt_tf_scalar *s),
    void (*warn)(void *ctx, const char *path, long long offset,
    int cut, const char *msg), void *ctx, struct lt_error *err)
{
	struct reader r;
	struct stat st;

	lt_error_clear(err);
	memset(&r, 0, sizeof(r));
	r.path = path;
	r.flags = flags;
	r.scalar = scalar;
	r.warn = warn;
	r.ctx = ctx;
	r.err = err;
	r.size = -1;
	if ((r.fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return lt_error_at(err, path, 0, "%s", strerror(errno));
	if (fstat(r.fd, &st) == 0 && S_ISREG(st.st_mode))
		r.size = st.st_size;
	while (next_record(&r))
		continue;
	free(r.buf);
	free(r.tags);
	close(r.fd);
	return r.result;
}

int
lt_tfevents_sniff(const unsigned char *buf, size_t len)
{
	return len >= HEADER_SIZE && crc_ok(buf, 8, buf + 8);
}
