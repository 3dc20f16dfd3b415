/*
 * batch.c - staged, all-or-nothing appends.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"
#include "batch.h"
#include "tempfile.h"

int
lt_batch_begin(struct lt_batch *b, const char *path, enum lt_format fmt,
    unsigned check, struct lt_error *err)
{
	memset(b, 0, sizeof(*b));
	b->check = check;
	lt_buf_init(&b->mem);
	if (lt_store_init(&b->store, path, fmt, err) != 0) {
		b->store.fd = -1;
		b->store.path = NULL;
		return -1;
	}
	return 0;
}

/* The stage's file: unnamed, in the log's directory where it can be
 * (so that the commit copies within one file system), else in b->tmpdir. */
static FILE *
stage_file(const struct lt_batch *b, struct lt_error *err)
{
	char *dir = lt_atomic_dirname(b->store.path);
	FILE *fp;
	int fd;

	fd = lt_tempfile_anon(dir, err);
	free(dir);
	if (fd < 0 && (fd = lt_tempfile_anon(b->tmpdir != NULL ? b->tmpdir :
	    P_tmpdir, err)) < 0)
		return NULL;
	if ((fp = fdopen(fd, "w+")) == NULL)
		abort();	/* only out of memory makes fdopen fail here */
	return fp;
}

static int
spill(struct lt_batch *b, struct lt_error *err)
{
	if (b->tmp == NULL && (b->tmp = stage_file(b, err)) == NULL)
		return -1;
	if (fwrite(b->mem.data, 1, b->mem.len, b->tmp) != b->mem.len)
		return lt_error_set(err, "cannot write a temporary file: %s",
		    strerror(errno));
	lt_buf_reset(&b->mem);
	return 0;
}

int
lt_batch_add(struct lt_batch *b, const struct lt_event *ev,
    struct lt_error *err)
{
	if (lt_event_check(ev, b->check, err) != 0)
		return -1;
	lt_format_encode(b->store.fmt, ev, &b->mem);
	b->staged++;
	if (b->mem.len >= LT_BATCH_MEM && spill(b, err) != 0)
		return -2;
	return 0;
}

int
lt_batch_full(const struct lt_batch *b)
{
	return b->mem.len >= LT_BATCH_MEM / 2;
}

static int
append_staged(struct lt_batch *b, struct lt_error *err)
{
	off_t len;

	if (b->tmp != NULL) {
		if (fflush(b->tmp) != 0 || (len = ftello(b->tmp)) < 0)
			return lt_error_set(err, "cannot write a temporary "
			    "file: %s", strerror(errno));
		if (lt_store_append_file(&b->store, fileno(b->tmp), len,
		    err) != 0)
			return -1;
	}
	if (b->mem.len > 0)
		return lt_store_append(&b->store, b->mem.data, b->mem.len,
		    err);
	return 0;
}

int
lt_batch_commit(struct lt_batch *b, int nosync, struct lt_error *err)
{
	int rc;

	if (lt_store_lock(&b->store, err) != 0)
		return -1;
	rc = append_staged(b, err);
	/* All or none: a write that failed half-way (a full disk, a file
	 * size limit) takes back what it wrote. */
	if (rc != 0)
		(void)lt_store_rollback(&b->store);
	lt_store_unlock(&b->store);
	if (rc == 0 && !nosync)
		rc = lt_store_sync(&b->store, err);
	if (b->tmp != NULL) {
		fclose(b->tmp);
		b->tmp = NULL;
	}
	lt_buf_reset(&b->mem);
	if (rc == 0)
		b->committed += b->staged;
	b->staged = 0;
	return rc;
}

void
lt_batch_end(struct lt_batch *b)
{
	if (b->tmp != NULL)
		fclose(b->tmp);
	b->tmp = NULL;
	lt_buf_release(&b->mem);
	if (b->store.path != NULL)
		lt_store_close(&b->store);
	b->store.path = NULL;
}

/*
 * Ingest on two threads.
 */

#define CHUNK	(1u << 20)

struct bad_line {
	size_t		 idx;		/* line index in its chunk */
	struct lt_error	 err;
};

struct chunk {
	char		*data;
	size_t		 len, cap;
	size_t		 nlines;
	struct lt_buf	 out;		/* the chunk's events, encoded */
	size_t		 nevents;
	struct bad_line	*bad;
	size_t		 nbad, capbad;
	int		 stop;		/* stopped at its first bad line */
	/* What the thread decoding it needs. */
	struct lt_decoder *dec;
	enum lt_format	 fmt;
	unsigned	 check;
	int		 skip;
};

static void
chunk_bad(struct chunk *c, size_t idx, const struct lt_error *e)
{
	if (c->nbad == c->capbad) {
		c->capbad = c->capbad ? c->capbad * 2 : 8;
		c->bad = lt_xrealloc(c->bad, c->capbad * sizeof(*c->bad));
	}
	c->bad[c->nbad].idx = idx;
	c->bad[c->nbad].err = *e;
	c->nbad++;
}

/* Decode, check and encode the lines of one chunk. */
static void *
chunk_run(void *arg)
{
	struct chunk *c = arg;
	char *p = c->data, *end = c->data + c->len, *nl;
	struct lt_event ev;
	struct lt_error e;
	size_t len;
	int rc;

	c->nlines = c->nevents = c->nbad = 0;
	c->stop = 0;
	lt_buf_reset(&c->out);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		rc = lt_decoder_line(c->dec, p, len, &ev, &e);
		if (rc == 1) {
			if (isnan(ev.timestamp))
				ev.timestamp = lt_time_now();
			if (lt_event_check(&ev, c->check | LT_META_CHECKED,
			    &e) != 0)
				rc = -1;
		}
		if (rc == 1) {
			lt_format_encode(c->fmt, &ev, &c->out);
			c->nevents++;
		} else if (rc < 0) {
			chunk_bad(c, c->nlines, &e);
			if (!c->skip) {
				c->stop = 1;
				c->nlines++;
				return NULL;
			}
		}
		c->nlines++;
		p += len + 1;
	}
	return NULL;
}

/* Read from fd into c until it holds at least want bytes (growing it to
 * that) or the input ends.  Returns 0, or -1 on a read error. */
static int
fill_chunk(struct chunk *c, int fd, size_t want, int *eof)
{
	ssize_t n;

	if (c->cap < want) {
		c->cap = want;
		c->data = lt_xrealloc(c->data, c->cap);
	}
	while (!*eof && c->len < want) {
		n = read(fd, c->data + c->len, c->cap - c->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			*eof = 1;
		c->len += (size_t)n;
	}
	return 0;
}

/* Read the next chunk: whole lines, from the carry-over of the last read
 * and fd; the bytes after its last newline are carried over.  Returns 1,
 * 0 at the end of the input, -1 on a read error. */
static int
chunk_read(struct chunk *c, int fd, struct lt_buf *carry, int *eof)
{
	size_t want = CHUNK, keep;
	char *nl;

	if (c->cap < carry->len + CHUNK) {
		c->cap = carry->len + CHUNK;
		c->data = lt_xrealloc(c->data, c->cap);
	}
	memcpy(c->data, carry->data ? carry->data : "", carry->len);
	c->len = carry->len;
	lt_buf_reset(carry);
	for (;;) {
		if (fill_chunk(c, fd, want, eof) != 0)
			return -1;
		if (*eof)
			return c->len > 0;
		if ((nl = memrchr(c->data, '\n', c->len)) != NULL)
			break;
		want *= 2;	/* a line longer than a chunk: read on */
	}
	keep = (size_t)(c->data + c->len - (nl + 1));
	lt_buf_add(carry, nl + 1, keep);
	c->len -= keep;
	return 1;
}

/* Stage a chunk's events and report its bad lines, numbered from base.
 * Returns 0, -1 for a bad line that stops the ingest, -2. */
static int
chunk_take(struct lt_batch *b, struct chunk *c, size_t base,
    const char *name, void (*warn)(void *, const struct lt_error *),
    void *ctx, size_t *bad, struct lt_error *err)
{
	struct lt_error e;
	size_t i;

	for (i = 0; i < c->nbad; i++) {
		e = c->bad[i].err;
		e.line = (long)(base + c->bad[i].idx + 1);
		snprintf(e.file, sizeof(e.file), "%s", name);
		if (c->stop) {
			*err = e;
			return -1;
		}
		if (warn != NULL)
			warn(ctx, &e);
		(*bad)++;
	}
	lt_buf_add(&b->mem, c->out.data ? c->out.data : "", c->out.len);
	b->staged += c->nevents;
	if (b->mem.len >= LT_BATCH_MEM && spill(b, err) != 0)
		return -2;
	return 0;
}

/* The first line of c that is not blank, in *line and *len; 0 if none. */
static int
first_line(const struct chunk *c, const char **line, size_t *len)
{
	const char *p = c->data, *end = c->data + c->len, *nl;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
	    *p == '\n'))
		p++;
	if (p == end)
		return 0;
	nl = memchr(p, '\n', (size_t)(end - p));
	*line = p;
	*len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
	return 1;
}

/* The last CSV header line of c, in *line and *len; 0 if none. */
static int
last_header(const struct chunk *c, const char **line, size_t *len)
{
	const char *p = c->data, *end = c->data + c->len, *nl;
	size_t n;
	int found = 0;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 0 && !(*p >= '0' && *p <= '9') &&
		    lt_csv_is_header(p, n)) {
			*line = p;
			*len = n;
			found = 1;
		}
		p += n + 1;
	}
	return found;
}

/* Show a decoder a line for its columns only (a copy: decoding writes). */
static void
feed(struct lt_decoder *d, const char *line, size_t len)
{
	char *copy = lt_xstrndup(line, len);
	struct lt_event ev;
	struct lt_error e;

	(void)lt_decoder_line(d, copy, len, &ev, &e);
	free(copy);
}

int
lt_batch_ingest(struct lt_batch *b, int fd, const char *name,
    unsigned flags, void (*warn)(void *ctx, const struct lt_error *e),
    void *ctx, size_t *bad, struct lt_error *err)
{
	struct chunk c[2];
	struct lt_buf carry;
	enum lt_format in = LT_FORMAT_AUTO;
	pthread_t worker;
	size_t base = 0, i, hlen;
	int eof = 0, rc = 0, k, have[2], threaded;
	const char *p;

	memset(c, 0, sizeof(c));
	lt_buf_init(&carry);
	for (;;) {
		for (k = 0; k < 2; k++) {
			have[k] = chunk_read(&c[k], fd, &carry, &eof);
			if (have[k] < 0) {
				rc = -2;
				lt_error_set(err, "cannot read %s: %s", name,
				    strerror(errno));
				goto out;
			}
		}
		if (!have[0])
			break;
		if (in == LT_FORMAT_AUTO) {
			/* The format, from the first byte that is not blank. */
			in = lt_format_sniff(c[0].data, c[0].len);
			if (in == LT_FORMAT_AUTO && have[1])
				in = lt_format_sniff(c[1].data, c[1].len);
			if (in == LT_FORMAT_AUTO) {
				/* All blank so far: count its lines, go on. */
				for (k = 0; k < 2 && have[k]; k++)
					for (i = 0; i < c[k].len; i++)
						base += c[k].data[i] == '\n';
				continue;
			}
			for (k = 0; k < 2; k++) {
				c[k].dec = lt_decoder_new(in);
				c[k].fmt = b->store.fmt;
				c[k].check = b->check;
				c[k].skip = (flags & LT_INGEST_SKIP) != 0;
			}
			/* The first line that is not blank sets the columns
			 * (a header, or the standard order): the decoder of
			 * the other chunk is shown it. */
			k = lt_format_sniff(c[0].data, c[0].len) ==
			    LT_FORMAT_AUTO ? 1 : 0;
			if (in == LT_FORMAT_CSV && first_line(&c[k], &p, &hlen))
				feed(c[1 - k].dec, p, hlen);
		}
		/* A header again (logs concatenated) in the first chunk
		 * holds for the second too. */
		if (in == LT_FORMAT_CSV && have[1] && last_header(&c[0], &p,
		    &hlen))
			feed(c[1].dec, p, hlen);
		threaded = have[1] && pthread_create(&worker, NULL, chunk_run,
		    &c[1]) == 0;
		chunk_run(&c[0]);
		if (have[1] && !threaded)
			chunk_run(&c[1]);
		if (threaded)
			pthread_join(worker, NULL);
		/* And one in the second holds for the next pair. */
		if (in == LT_FORMAT_CSV && have[1] && last_header(&c[1], &p,
		    &hlen))
			feed(c[0].dec, p, hlen);
		rc = chunk_take(b, &c[0], base, name, warn, ctx, bad, err);
		base += c[0].nlines;
		if (rc == 0 && have[1]) {
			rc = chunk_take(b, &c[1], base, name, warn, ctx, bad,
			    err);
			base += c[1].nlines;
		}
		if (rc != 0)
			break;
	}
out:
	for (k = 0; k < 2; k++) {
		free(c[k].data);
		lt_buf_release(&c[k].out);
		free(c[k].bad);
		lt_decoder_free(c[k].dec);
	}
	lt_buf_release(&carry);
	return rc;
}
