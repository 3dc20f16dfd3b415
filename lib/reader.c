/*
 * reader.c - lines and events out of log files, merged by time.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "reader.h"
#include "sniff.h"

#define LINES_BUFSZ	(1 << 20)

struct lt_lines {
	int		 fd;
	char		*buf;
	size_t		 cap;
	size_t		 start;		/* first byte not yet returned */
	size_t		 end;		/* bytes in buf */
	int		 eof;
	uint64_t	 off;		/* offset of buf[start] in the input */
	int64_t		 limit;		/* no line starting here or later */
};

struct lt_lines *
lt_lines_new(int fd)
{
	struct lt_lines *l = lt_xcalloc(1, sizeof(*l));

	l->fd = fd;
	l->cap = LINES_BUFSZ;
	l->buf = lt_xmalloc(l->cap);
	l->limit = -1;
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

/* Read more input into the buffer.  Returns bytes read, 0 at the end,
 * -1 on error. */
static ssize_t
fill(struct lt_lines *l)
{
	ssize_t n;

	if (l->start > 0) {
		memmove(l->buf, l->buf + l->start, l->end - l->start);
		l->end -= l->start;
		l->start = 0;
	}
	if (l->end == l->cap) {
		l->cap *= 2;
		l->buf = lt_xrealloc(l->buf, l->cap);
	}
	do
		n = read(l->fd, l->buf + l->end, l->cap - l->end);
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
		if (l->limit >= 0 && l->off >= (uint64_t)l->limit)
			return 0;
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
			/* A spare byte for the caller's NUL. */
			if (l->end == l->cap)
				return 1;
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

/* Make sure some input is buffered (unless there is none) and show it. */
static int
peek(struct lt_lines *l, const char **p, size_t *n)
{
	while (l->end - l->start < 64 && !l->eof)
		if (fill(l) < 0)
			return -1;
	*p = l->buf + l->start;
	*n = l->end - l->start;
	return 0;
}

/*
 * Events.
 */

struct source {
	char			*name;
	int			 fd;
	struct lt_lines		*lines;
	struct lt_decoder	*dec;
	enum lt_format		 fmt;
	long			 lineno;
	struct lt_event		 cur;
	int			 have;		/* cur holds an event */
	int			 done;
};

struct lt_reader {
	struct source		*src;
	size_t			 n;
	struct lt_reader_opts	 opts;
	size_t			 skipped;
	int			 started;
	size_t			 last;		/* source of the last event */
};

static int
source_open(struct source *s, const char *path, struct lt_error *err)
{
	struct stat st;

	s->name = lt_xstrdup(strcmp(path, "-") == 0 ? "(stdin)" : path);
	if (strcmp(path, "-") == 0)
		s->fd = STDIN_FILENO;
	else if ((s->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return lt_error_at(err, path, 0, "cannot open: %s",
		    strerror(errno));
	if (fstat(s->fd, &st) == 0 && S_ISDIR(st.st_mode))
		return lt_error_at(err, path, 0, "is a directory");
	if (lt_sniff_log(s->fd, path, 1, err) != 0)
		return -1;
	s->lines = lt_lines_new(s->fd);
	s->fmt = strcmp(path, "-") == 0 ? LT_FORMAT_AUTO :
	    lt_format_from_name(path);
	return 0;
}

/* Decide the format from the content if the name did not, and make the
 * decoder.  A file with no content has no events. */
static int
source_start(struct source *s, struct lt_error *err)
{
	const char *p;
	size_t n;

	if (s->fmt == LT_FORMAT_AUTO) {
		if (peek(s->lines, &p, &n) != 0)
			return lt_error_at(err, s->name, 0, "cannot read: %s",
			    strerror(errno));
		s->fmt = lt_format_sniff(p, n);
		if (s->fmt == LT_FORMAT_AUTO) {
			s->done = 1;
			return 0;
		}
	}
	s->dec = lt_decoder_new(s->fmt);
	return 0;
}

static void
source_close(struct source *s)
{
	lt_lines_free(s->lines);
	lt_decoder_free(s->dec);
	if (s->fd > STDIN_FILENO)
		close(s->fd);
	free(s->name);
}

/* Move s to its next good event.  Returns 1, 0 at its end, -1 on error. */
static int
source_advance(struct lt_reader *r, struct source *s, struct lt_error *err)
{
	struct lt_error lerr;
	char *line;
	size_t len;
	int rc, complete;

	s->have = 0;
	while (!s->done) {
		rc = lt_lines_next(s->lines, &line, &len, &complete);
		if (rc < 0)
			return lt_error_at(err, s->name, s->lineno + 1,
			    "cannot read: %s", strerror(errno));
		if (rc == 0) {
			s->done = 1;
			break;
		}
		s->lineno++;
		rc = lt_decoder_line(s->dec, line, len, &s->cur, &lerr);
		if (rc == 1 && isnan(s->cur.timestamp)) {
			rc = -1;
			lt_error_set(&lerr, "timestamp is missing");
		}
		if (rc == 1) {
			s->have = 1;
			return 1;
		}
		if (rc == 0)
			continue;
		lerr.line = s->lineno;
		snprintf(lerr.file, sizeof(lerr.file), "%s", s->name);
		if (r->opts.flags & LT_READ_STRICT) {
			*err = lerr;
			return -1;
		}
		r->skipped++;
		if (r->opts.warn != NULL)
			r->opts.warn(r->opts.ctx, &lerr);
	}
	return 0;
}

static struct lt_reader *
reader_new(size_t n, const struct lt_reader_opts *opts)
{
	struct lt_reader *r = lt_xcalloc(1, sizeof(*r));
	size_t i;

	r->src = lt_xcalloc(n ? n : 1, sizeof(*r->src));
	r->n = n;
	for (i = 0; i < n; i++)
		r->src[i].fd = -1;
	if (opts != NULL)
		r->opts = *opts;
	return r;
}

struct lt_reader *
lt_reader_open(const char *const *paths, size_t n,
    const struct lt_reader_opts *opts, struct lt_error *err)
{
	struct lt_reader *r = reader_new(n, opts);
	size_t i;

	for (i = 0; i < n; i++) {
		if (source_open(&r->src[i], paths[i], err) != 0 ||
		    source_start(&r->src[i], err) != 0) {
			r->n = i + 1;
			lt_reader_close(r);
			return NULL;
		}
	}
	return r;
}

struct lt_reader *
lt_reader_open_range(const char *path, off_t start, off_t end,
    const struct lt_reader_opts *opts, struct lt_error *err)
{
	struct lt_reader *r = reader_new(1, opts);
	struct source *s = &r->src[0];
	char *line, c;
	size_t len;
	int complete;

	if (source_open(s, path, err) != 0 || source_start(s, err) != 0)
		goto fail;
	if (s->done)
		return r;
	if (s->fmt == LT_FORMAT_CSV && start > 0) {
		/* Learn the columns from the header at the file's start. */
		if (lt_lines_next(s->lines, &line, &len, &complete) > 0)
			lt_decoder_line(s->dec, line, len, &s->cur, err);
	}
	if (start > 0) {
		/* Start at the first line that begins at or after start. */
		if (pread(s->fd, &c, 1, start - 1) == 1 && c != '\n') {
			while (pread(s->fd, &c, 1, start) == 1 && c != '\n')
				start++;
			start++;
		}
		if (lseek(s->fd, start, SEEK_SET) < 0) {
			lt_error_at(err, path, 0, "cannot seek: %s",
			    strerror(errno));
			goto fail;
		}
		lt_lines_free(s->lines);
		s->lines = lt_lines_new(s->fd);
		s->lines->off = (uint64_t)start;
		s->lineno = -1;		/* unknown: lines count from here */
	}
	s->lines->limit = end;
	return r;
fail:
	lt_reader_close(r);
	return NULL;
}

int
lt_reader_next(struct lt_reader *r, struct lt_event *ev,
    struct lt_error *err)
{
	struct source *best = NULL;
	size_t i;

	if (!r->started) {
		r->started = 1;
		for (i = 0; i < r->n; i++)
			if (source_advance(r, &r->src[i], err) < 0)
				return -1;
	} else if (r->n > 0 && source_advance(r, &r->src[r->last], err) < 0)
		return -1;
	for (i = 0; i < r->n; i++) {
		if (!r->src[i].have)
			continue;
		if (best == NULL || r->src[i].cur.timestamp <
		    best->cur.timestamp) {
			best = &r->src[i];
			r->last = i;
		}
	}
	if (best == NULL)
		return 0;
	*ev = best->cur;
	return 1;
}

size_t
lt_reader_skipped(const struct lt_reader *r)
{
	return r->skipped;
}

void
lt_reader_close(struct lt_reader *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		source_close(&r->src[i]);
	free(r->src);
	free(r);
}
