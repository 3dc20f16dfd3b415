/*
 * engine.c - lines out of descriptors, and lines into events under the
 * one policy every reader shares (see engine.h).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"

#define LINES_BUFSZ	(1 << 20)

/*
 * Lines.
 */

struct lt_lines {
	int		 fd;
	char		*buf;
	size_t		 cap;
	size_t		 start;		/* first byte not yet returned */
	size_t		 end;		/* bytes in buf */
	int		 eof;
	uint64_t	 off;		/* offset of buf[start] in the input */
};

struct lt_lines *
lt_lines_new(int fd)
{
	struct lt_lines *l = lt_xcalloc(1, sizeof(*l));

	l->fd = fd;
	l->cap = LINES_BUFSZ;
	l->buf = lt_xmalloc(l->cap);
	return l;
}

void
lt_lines_free(struct lt_lines *l)
{
	if (l == NULL)
		return;
	free(l->buf);
	free(l);
}

/* Read more input into the buffer, keeping a spare byte for a NUL.
 * Returns bytes read, 0 at the end, -1 on error. */
static ssize_t
fill(struct lt_lines *l)
{
	ssize_t n;

	if (l->start > 0) {
		memmove(l->buf, l->buf + l->start, l->end - l->start);
		l->end -= l->start;
		l->start = 0;
	}
	if (l->end + 1 >= l->cap) {
		l->cap *= 2;
		l->buf = lt_xrealloc(l->buf, l->cap);
	}
	do
		n = read(l->fd, l->buf + l->end, l->cap - 1 - l->end);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		l->end += (size_t)n;
	else if (n == 0)
		l->eof = 1;
	return n;
}

int
lt_lines_next(struct lt_lines *l, char **line, size_t *len, int *complete)
{
	char *nl;
	size_t n;

	for (;;) {
		nl = memchr(l->buf + l->start, '\n', l->end - l->start);
		if (nl != NULL) {
			*line = l->buf + l->start;
			n = (size_t)(nl - *line);
			*len = n;
			*complete = 1;
			l->start += n + 1;
			l->off += n + 1;
			return 1;
		}
		if (l->eof) {
			if (l->start == l->end)
				return 0;
			*line = l->buf + l->start;
			*len = l->end - l->start;
			*complete = 0;
			l->off += *len;
			l->start = l->end;
			l->buf[l->end] = '\0';
			return 1;
		}
		if (fill(l) < 0)
			return -1;
	}
}

int
lt_lines_ready(const struct lt_lines *l)
{
	return memchr(l->buf + l->start, '\n', l->end - l->start) != NULL;
}

uint64_t
lt_lines_offset(const struct lt_lines *l)
{
	return l->off;
}

/*
 * The line processor.
 */

void
lt_lineproc_init(struct lt_lineproc *lp, const char *name, enum lt_format fmt,
    unsigned rules, unsigned check, const struct lt_reader_opts *opts)
{
	memset(lp, 0, sizeof(*lp));
	lp->name = strcmp(name, "-") == 0 ? "(stdin)" : name;
	lp->fmt = fmt;
	lp->rules = rules;
	lp->check = check;
	if (opts != NULL)
		lp->opts = *opts;
	if (fmt != LT_FORMAT_AUTO)
		lp->dec = lt_decoder_new(fmt);
}

void
lt_lineproc_release(struct lt_lineproc *lp)
{
	lt_decoder_free(lp->dec);
	lp->dec = NULL;
}

void
lt_lineproc_columns(struct lt_lineproc *lp, enum lt_format fmt,
    const char *cols, size_t len)
{
	struct lt_event ev;
	struct lt_error e;
	char *copy;

	lt_decoder_free(lp->dec);
	lp->fmt = fmt;
	lp->dec = fmt != LT_FORMAT_AUTO ? lt_decoder_new(fmt) : NULL;
	if (lp->dec == NULL || cols == NULL)
		return;
	copy = lt_xstrndup(cols, len);		/* decoding writes */
	(void)lt_decoder_line(lp->dec, copy, len, &ev, &e);
	free(copy);
}

int
lt_lineproc_saw_header(const struct lt_lineproc *lp)
{
	return lp->dec != NULL && lt_decoder_saw_header(lp->dec);
}

/* The body of lt_lineproc_decode, inlined into lt_lineproc_line: it runs
 * once per line of every log read. */
static inline int
decode(struct lt_lineproc *lp, char *line, size_t len, struct lt_event *ev,
    struct lt_error *err)
{
	int rc;

	if (lp->dec == NULL) {
		if (lt_format_blank(line, len))
			return 0;
		lp->fmt = lt_format_sniff(line, len) == LT_FORMAT_JSONL ?
		    LT_FORMAT_JSONL : LT_FORMAT_CSV;
		lp->dec = lt_decoder_new(lp->fmt);
	}
	if ((rc = lt_decoder_line(lp->dec, line, len, ev, err)) != 1)
		return rc;
	if (isnan(ev->timestamp)) {
		if (!(lp->rules & LT_LP_STAMP))
			return lt_error_set(err, "timestamp is missing");
		ev->timestamp = lt_time_now();
	}
	/* The decoder checked the metadata. */
	if ((lp->rules & LT_LP_CHECK) &&
	    lt_event_check(ev, lp->check | LT_META_CHECKED, err) != 0)
		return -1;
	return 1;
}

int
lt_lineproc_decode(struct lt_lineproc *lp, char *line, size_t len,
    struct lt_event *ev, struct lt_error *err)
{
	return decode(lp, line, len, ev, err);
}

int
lt_lineproc_bad(struct lt_lineproc *lp, long line,
    const struct lt_error *why, struct lt_error *err)
{
	struct lt_error e = *why;

	e.line = line;
	snprintf(e.file, sizeof(e.file), "%s", lp->name);
	if (lp->opts.flags & LT_READ_STRICT) {
		if (err != NULL)
			*err = e;
		return -1;
	}
	lp->skipped++;
	if (lp->opts.warn != NULL)
		lp->opts.warn(lp->opts.ctx, &e);
	return 0;
}

int
lt_lineproc_line(struct lt_lineproc *lp, char *line, size_t len,
    struct lt_event *ev, struct lt_error *err)
{
	struct lt_error why;
	int rc;

	lp->line++;
	if ((rc = decode(lp, line, len, ev, &why)) >= 0)
		return rc;
	return lt_lineproc_bad(lp, lp->line, &why, err);
}

int
lt_lineproc_buf(struct lt_lineproc *lp, char *buf, size_t len,
    void (*fn)(void *ctx, const struct lt_event *ev), void *ctx,
    struct lt_error *err)
{
	char *p = buf, *end = buf + len, *nl;
	struct lt_event ev;
	int rc;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((rc = lt_lineproc_line(lp, p, (size_t)(nl - p), &ev,
		    err)) < 0)
			return -1;
		if (rc == 1)
			fn(ctx, &ev);
	}
	return 0;
}

/*
 * Chunks.
 */

static void
chunk_event(struct lt_chunk *c, const struct lt_event *ev)
{
	if (c->nev == c->evcap) {
		c->evcap = c->evcap ? c->evcap * 2 : 4096;
		c->ev = lt_xrealloc(c->ev, c->evcap * sizeof(*c->ev));
		c->soff = lt_xrealloc(c->soff, 2 * c->evcap * sizeof(size_t));
	}
	c->ev[c->nev] = *ev;
	c->soff[2 * c->nev] = c->strs.len;
	lt_buf_add(&c->strs, ev->task, ev->task_len + 1);
	c->soff[2 * c->nev + 1] = c->strs.len;
	lt_buf_add(&c->strs, ev->meta, ev->meta_len + 1);
	c->nev++;
}

static void
chunk_bad(struct lt_chunk *c, size_t rel, const struct lt_error *e)
{
	if (c->nbad == c->badcap) {
		c->badcap = c->badcap ? c->badcap * 2 : 8;
		c->bad = lt_xrealloc(c->bad, c->badcap * sizeof(*c->bad));
	}
	c->bad[c->nbad].evpos = c->nev;
	c->bad[c->nbad].rel = rel;
	c->bad[c->nbad].e = *e;
	c->nbad++;
}

void
lt_chunk_decode(struct lt_chunk *c, struct lt_lineproc *lp)
{
	char *p = c->data, *end = c->data + c->len, *nl;
	struct lt_event ev;
	struct lt_error e;
	size_t i, n;
	int rc;

	c->nev = c->nbad = c->nlines = c->evi = c->badi = 0;
	lt_buf_reset(&c->strs);
	free(c->last);
	c->last = NULL;
	lt_lineproc_columns(lp, c->fmt, c->under, c->under != NULL ?
	    strlen(c->under) : 0);
	for (; p < end; p = nl + 1, c->nlines++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		/* The line that sets the columns the next chunk starts under:
		 * a header, or the input's first line that is not blank. */
		if (c->fmt == LT_FORMAT_CSV && (lt_csv_is_header(p, n) ||
		    (c->under == NULL && c->last == NULL &&
		    !lt_format_blank(p, n)))) {
			free(c->last);
			c->last = lt_xstrndup(p, n);
		}
		rc = lt_lineproc_decode(lp, p, n, &ev, &e);
		if (rc == 1)
			chunk_event(c, &ev);
		else if (rc < 0) {
			chunk_bad(c, c->nlines, &e);
			if (lp->opts.flags & LT_READ_STRICT)
				break;
		}
	}
	for (i = 0; i < c->nev; i++) {
		c->ev[i].task = c->strs.data + c->soff[2 * i];
		c->ev[i].meta = c->strs.data + c->soff[2 * i + 1];
	}
}

int
lt_chunk_next(struct lt_chunk *c, struct lt_lineproc *lp,
    struct lt_event *ev, struct lt_error *err)
{
	const struct lt_chunk_bad *b;

	for (;;) {
		/* A bad line comes before the events decoded after it. */
		if (c->badi < c->nbad && c->bad[c->badi].evpos == c->evi) {
			b = &c->bad[c->badi++];
			if (lt_lineproc_bad(lp, lp->line + (long)b->rel + 1,
			    &b->e, err) != 0)
				return -1;
			continue;
		}
		if (c->evi < c->nev) {
			*ev = c->ev[c->evi++];
			return 1;
		}
		lp->line += (long)c->nlines;
		return 0;
	}
}

void
lt_chunk_release(struct lt_chunk *c)
{
	free(c->data);
	free(c->under);
	free(c->ev);
	free(c->soff);
	lt_buf_release(&c->strs);
	free(c->bad);
	free(c->last);
	memset(c, 0, sizeof(*c));
}
