/*
 * engine.c - lines out of descriptors, and lines into events under the
 * one policy every reader shares (see engine.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine.h"
#include "tempfile.h"

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
	int		 dropping;	/* the line at start is past the limit:
					   what follows it up to its newline
					   is dropped */
	uint64_t	 dropped;	/* bytes of that line dropped */
	const volatile sig_atomic_t *stop;	/* lt_lines_stop_on's */
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
lt_lines_stop_on(struct lt_lines *l, const volatile sig_atomic_t *stop)
{
	l->stop = stop;
}

void
lt_lines_free(struct lt_lines *l)
{
	if (l == NULL)
		return;
	free(l->buf);
	free(l);
}

/* Read more input into the buffer, keeping a spare byte for a NUL; the
 * buffer holds no newline after start.  A line that grows past
 * LT_LINE_MAX keeps its first LT_LINE_MAX + 1 bytes, and the rest up to
 * its newline is read and dropped.  Returns bytes read, 0 at the end, -1
 * on error. */
static ssize_t
fill(struct lt_lines *l)
{
	size_t at, skip;
	ssize_t n;
	char *nl;

	if (l->start > 0) {
		memmove(l->buf, l->buf + l->start, l->end - l->start);
		l->end -= l->start;
		l->start = 0;
	}
	if (!l->dropping && l->end > LT_LINE_MAX) {
		l->dropped = l->end - (LT_LINE_MAX + 1);
		l->end = LT_LINE_MAX + 1;
		l->dropping = 1;
	}
	if (l->end + 1 >= l->cap) {
		l->cap = l->cap > LT_LINE_MAX ? l->cap + LINES_BUFSZ :
		    l->cap * 2;
		l->buf = lt_xrealloc(l->buf, l->cap);
	}
	at = l->end;
	do
		n = read(l->fd, l->buf + at, l->cap - 1 - at);
	while (n < 0 && errno == EINTR && (l->stop == NULL || !*l->stop));
	if (n > 0 && l->dropping) {
		if ((nl = memchr(l->buf + at, '\n', (size_t)n)) == NULL) {
			l->dropped += (size_t)n;
			return n;
		}
		skip = (size_t)(nl - (l->buf + at));
		memmove(l->buf + at, nl, (size_t)n - skip);
		l->dropped += skip;
		l->dropping = 0;
		l->end += (size_t)n - skip;
	} else if (n > 0)
		l->end += (size_t)n;
	else if (n == 0)
		l->eof = 1;
	return n;
}

/* Hand out the n bytes at start as a line; skip more bytes of the input
 * (its newline, the part of it dropped). */
static void
take_line(struct lt_lines *l, char **line, size_t *len, size_t n,
    size_t skip)
{
	size_t bom = l->off == 0 ? lt_format_bom(l->buf + l->start, n) : 0;

	*line = l->buf + l->start + bom;
	*len = n - bom;
	l->start += n + skip;
	l->off += n + skip + l->dropped;
	l->dropped = 0;
}

int
lt_lines_next(struct lt_lines *l, char **line, size_t *len, int *complete)
{
	char *nl;

	for (;;) {
		nl = memchr(l->buf + l->start, '\n', l->end - l->start);
		if (nl != NULL) {
			take_line(l, line, len,
			    (size_t)(nl - (l->buf + l->start)), 1);
			*complete = 1;
			return 1;
		}
		if (l->eof) {
			if (l->start == l->end)
				return 0;
			l->buf[l->end] = '\0';
			take_line(l, line, len, l->end - l->start, 0);
			*complete = 0;
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
	lt_decoder_free(lp->jdec);
	lp->dec = lp->jdec = NULL;
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

/* The first field of a CSV line, as far as a comma, unquoted. */
static int
starts_with_time(const char *line, size_t len)
{
	const char *comma = memchr(line, ',', len);
	size_t n = comma != NULL ? (size_t)(comma - line) : len;
	double t;

	while (n > 0 && (line[0] == ' ' || line[0] == '"')) {
		line++;
		n--;
	}
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '"'))
		n--;
	return lt_time_parse(line, n, &t, NULL) == 0;
}

/* The decoder of a line under LT_LP_EACH: the JSONL one for an object,
 * the CSV one for a header or a row it can read (it has columns, or the
 * row starts with a time); NULL with err for anything else. */
static struct lt_decoder *
each_decoder(struct lt_lineproc *lp, const char *line, size_t len,
    struct lt_error *err)
{
	if (lt_format_sniff(line, len) == LT_FORMAT_JSONL) {
		if (lp->jdec == NULL)
			lp->jdec = lt_decoder_new(LT_FORMAT_JSONL);
		return lp->jdec;
	}
	if (lp->dec == NULL)
		lp->dec = lt_decoder_new(LT_FORMAT_CSV);
	if (lt_decoder_has_columns(lp->dec) || lt_csv_is_header(line, len) ||
	    starts_with_time(line, len))
		return lp->dec;
	lt_error_set(err, "neither a JSON object nor a CSV row (no CSV header "
	    "came before it)");
	return NULL;
}

/* -1 with err for a line no decoder may see, past LT_LINE_MAX, refused
 * before a decoder sees it so that it changes no decoder's columns; else
 * 0.  A line holding a NUL byte (text holds none) is refused by the
 * decoder itself, before it changes anything, and with each_decoder
 * here, before the line picks a decoder. */
static int
refuse(const char *line, size_t len, int nul, struct lt_error *err)
{
	if (len > LT_LINE_MAX)
		return lt_error_set(err, "the line is longer than %u MiB",
		    LT_LINE_MAX >> 20);
	if (nul && memchr(line, '\0', len) != NULL)
		return lt_error_set(err, "the line holds a NUL byte");
	return 0;
}

/* Decode one line as lt_lineproc_line does, without counting, warning
 * or numbering it: 1 with *ev, 0 for no event, -1 with err saying what is
 * wrong.  Inlined: it runs once per line of every log read. */
static inline int
decode(struct lt_lineproc *lp, char *line, size_t len, struct lt_event *ev,
    struct lt_error *err)
{
	struct lt_decoder *dec;
	int rc;

	if ((lp->rules & LT_LP_EACH) && (rc = refuse(line, len, 1, err)) != 0)
		return rc;
	if (lp->rules & LT_LP_EACH) {
		if (lt_format_blank(line, len))
			return 0;
		if ((dec = each_decoder(lp, line, len, err)) == NULL)
			return -1;
	} else {
		if (lp->dec == NULL) {
			if (lt_format_blank(line, len))
				return 0;
			lp->fmt = lt_format_sniff(line, len) ==
			    LT_FORMAT_JSONL ? LT_FORMAT_JSONL : LT_FORMAT_CSV;
			lp->dec = lt_decoder_new(lp->fmt);
		}
		dec = lp->dec;
		/* After the sniff: the first line tells the format, as it
		 * does to the scan (pscan.c), even when it is refused. */
		if ((rc = refuse(line, len, 0, err)) != 0)
			return rc;
	}
	if ((rc = lt_decoder_line(dec, line, len, ev, err)) != 1)
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

/*
 * Chunks.
 */

/* The event decoded into c->ev[c->nev] taken: its strings copied, to
 * be pointed to once the arena stops moving (lt_chunk_decode). */
static void
chunk_event(struct lt_chunk *c)
{
	const struct lt_event *ev = &c->ev[c->nev++];

	/* One copy where the metadata follows the task's NUL (as the CSV
	 * direct path leaves them). */
	if (ev->meta == ev->task + ev->task_len + 1)
		lt_buf_add(&c->strs, ev->task, ev->task_len + ev->meta_len + 2);
	else {
		lt_buf_add(&c->strs, ev->task, ev->task_len + 1);
		lt_buf_add(&c->strs, ev->meta, ev->meta_len + 1);
	}
}

static void
chunk_bad(struct lt_chunk *c, size_t rel, const struct lt_error *e)
{
	c->bad = lt_xgrow(c->bad, &c->badcap, c->nbad, sizeof(*c->bad));
	c->bad[c->nbad].evpos = c->nev;
	c->bad[c->nbad].rel = rel;
	c->bad[c->nbad].e = *e;
	c->nbad++;
}

/* The next line of c from c->pos, its length in *n. */
static char *
chunk_line(struct lt_chunk *c, size_t *n)
{
	char *p = c->data + c->pos, *nl;

	if ((nl = memchr(p, '\n', c->len - c->pos)) == NULL)
		nl = c->data + c->len;
	*n = (size_t)(nl - p);
	c->pos += *n + 1;
	return p;
}

/*
 * Before lp decodes line p[0..n) of c: a copy of it if it may set the
 * columns the next chunk starts under, else NULL.  A line sets them when
 * it is a header (taken or refused: a refused one leaves none), or when
 * the decoder had none and takes the standard order from it.  Decoding
 * writes into the line, hence the copy.
 */
static char *
columns_before(const struct lt_chunk *c, const struct lt_lineproc *lp,
    const char *p, size_t n)
{
	/* Most lines start with a digit, which no header does. */
	if (c->fmt != LT_FORMAT_CSV || (lp->dec != NULL &&
	    lt_decoder_has_columns(lp->dec) && ((n > 0 &&
	    (unsigned)(p[0] - '0') < 10) || !lt_csv_is_header(p, n))) ||
	    n > LT_LINE_MAX || memchr(p, '\0', n) != NULL)
		return NULL;
	return lt_xstrndup(p, n);
}

/* After: keep in c->last the line (from columns_before) if it did set
 * the columns, a copy of which re-decoded by a new decoder sets them
 * alike; free it otherwise. */
static void
columns_after(struct lt_chunk *c, const struct lt_lineproc *lp, char *line)
{
	if (line == NULL)
		return;
	if (lt_csv_is_header(line, strlen(line)) ||
	    (lp->dec != NULL && lt_decoder_has_columns(lp->dec))) {
		free(c->last);
		c->last = line;
	} else
		free(line);
}

void
lt_chunk_start(struct lt_chunk *c)
{
	c->nev = c->nbad = c->nlines = c->evi = c->badi = c->pos = 0;
	c->decoded = 0;
	lt_buf_reset(&c->strs);
	free(c->last);
	c->last = NULL;
}

void
lt_chunk_decode(struct lt_chunk *c, struct lt_lineproc *lp)
{
	struct lt_error e;
	size_t i, n, off;
	char *p, *cols;
	int rc;

	lt_chunk_start(c);
	lt_lineproc_columns(lp, c->fmt, c->under, c->under != NULL ?
	    strlen(c->under) : 0);
	for (; c->pos < c->len; c->nlines++) {
		p = chunk_line(c, &n);
		cols = columns_before(c, lp, p, n);
		/* Decoded in place, in the room for one more. */
		c->ev = lt_xgrow(c->ev, &c->evcap, c->nev, sizeof(*c->ev));
		rc = decode(lp, p, n, &c->ev[c->nev], &e);
		columns_after(c, lp, cols);
		if (rc == 1)
			chunk_event(c);
		else if (rc < 0) {
			chunk_bad(c, c->nlines, &e);
			if (lp->opts.flags & LT_READ_STRICT)
				break;
		}
	}
	for (i = 0, off = 0; i < c->nev; i++) {
		c->ev[i].task = c->strs.data + off;
		off += c->ev[i].task_len + 1;
		c->ev[i].meta = c->strs.data + off;
		off += c->ev[i].meta_len + 1;
	}
	c->decoded = 1;
}

int
lt_chunk_next_slow(struct lt_chunk *c, struct lt_lineproc *lp,
    struct lt_event *ev, struct lt_error *err)
{
	const struct lt_chunk_bad *b;
	size_t n;
	char *p, *cols;
	int rc;

	while (!c->decoded && c->pos < c->len) {
		p = chunk_line(c, &n);
		cols = columns_before(c, lp, p, n);
		rc = lt_lineproc_line(lp, p, n, ev, err);
		columns_after(c, lp, cols);
		if (rc != 0)
			return rc;
	}
	while (c->decoded) {
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
		break;
	}
	return 0;
}

void
lt_chunk_release(struct lt_chunk *c)
{
	free(c->data);
	free(c->under);
	free(c->ev);
	lt_buf_release(&c->strs);
	free(c->bad);
	free(c->last);
	memset(c, 0, sizeof(*c));
}

int
lt_jsonl_replay(const char *path, const char *what,
    const struct lt_reader_opts *ropts,
    int (*fn)(void *ctx, json_t *rec, struct lt_error *err),
    void *ctx, size_t *skipped, struct lt_error *err)
{
	struct lt_lines *lines;
	struct lt_error lerr;
	json_error_t jerr;
	json_t *rec;
	char *line;
	size_t len;
	long lineno = 0;
	int fd, rc, complete, status = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT)
			return 0;
		return lt_error_at(err, path, 0, "cannot open: %s",
		    strerror(errno));
	}
	lines = lt_lines_new(fd);
	while ((rc = lt_lines_next(lines, &line, &len, &complete)) == 1) {
		lineno++;
		if (len == 0)
			continue;
		lt_error_clear(&lerr);
		if ((rec = json_loadb(line, len, 0, &jerr)) == NULL)
			lt_error_set(&lerr, "bad JSON: %s", jerr.text);
		else if (!json_is_object(rec))
			lt_error_set(&lerr, "not a %s: not an object", what);
		else
			fn(ctx, rec, &lerr);
		json_decref(rec);
		if (lerr.msg[0] == '\0')
			continue;
		snprintf(lerr.file, sizeof(lerr.file), "%s", path);
		lerr.line = lineno;
		if (ropts != NULL && (ropts->flags & LT_READ_STRICT)) {
			*err = lerr;
			status = -1;
			break;
		}
		if (skipped != NULL)
			(*skipped)++;
		if (ropts != NULL && ropts->warn != NULL)
			ropts->warn(ropts->ctx, &lerr);
	}
	if (rc < 0)
		status = lt_error_at(err, path, 0, "cannot read: %s",
		    strerror(errno));
	lt_lines_free(lines);
	close(fd);
	return status;
}

/*
 * Logs read once (see lt_log_spool): path -> the descriptor of its spool,
 * for the process's life.
 */
static struct spool {
	char	*path;
	int	 fd;
} *spools;
static size_t nspools, spoolcap;

static const struct spool *
spool_find(const char *path)
{
	size_t i;

	for (i = 0; i < nspools; i++)
		if (strcmp(spools[i].path, path) == 0)
			return &spools[i];
	return NULL;
}

int
lt_log_spool(const char *path, const char *dir, struct lt_error *err)
{
	char buf[65536];
	struct stat st;
	ssize_t n;
	int in, out, e, std = strcmp(path, "-") == 0;

	if (spool_find(path) != NULL)
		return 0;
	if (std)
		in = STDIN_FILENO;
	else if (stat(path, &st) != 0 || S_ISREG(st.st_mode) ||
	    S_ISDIR(st.st_mode) || (in = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	if ((out = lt_tempfile_anon(dir, err)) < 0) {
		if (!std)
			close(in);
		return -1;
	}
	for (;;) {
		if ((n = read(in, buf, sizeof(buf))) < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (lt_write_all(out, buf, (size_t)n) != 0) {
			e = errno;
			if (!std)
				close(in);
			close(out);
			return lt_error_at(err, path, 0, "cannot copy it to %s: "
			    "%s", dir, strerror(e));
		}
	}
	e = errno;
	if (!std)
		close(in);
	if (n < 0) {
		close(out);
		return lt_error_at(err, path, 0, "cannot read: %s",
		    strerror(e));
	}
	spools = lt_xgrow(spools, &spoolcap, nspools, sizeof(*spools));
	spools[nspools].path = lt_xstrdup(path);
	spools[nspools++].fd = out;
	return 0;
}

int
lt_log_open(const char *path)
{
	const struct spool *s = spool_find(path);
	char self[64];
	int fd;

	if (s == NULL && strcmp(path, "-") == 0)
		return fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0);
	if (s == NULL)
		return open(path, O_RDONLY | O_CLOEXEC);
	/* A description of its own, so that two readers keep two offsets;
	 * where /proc is missing, a duplicate rewound. */
	snprintf(self, sizeof(self), "/proc/self/fd/%d", s->fd);
	if ((fd = open(self, O_RDONLY | O_CLOEXEC)) >= 0)
		return fd;
	if ((fd = fcntl(s->fd, F_DUPFD_CLOEXEC, 0)) >= 0)
		(void)lseek(fd, 0, SEEK_SET);
	return fd;
}
