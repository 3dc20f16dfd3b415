/*
 * pscan.c - ordered parallel decoding of one log (see pscan.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "format.h"
#include "pscan.h"

#define CHUNK		(512u << 10)	/* bytes a chunk starts with */
#define WORKERS		2
#define SLOTS		4		/* chunks decoded or in decoding */
#define HEAD_MAX	(64u << 10)	/* a CSV header longer is not read */

enum slot_state { S_FREE, S_BUSY, S_READY };

struct bad {
	size_t		evpos;		/* events of the chunk before it */
	size_t		rel;		/* its line in the chunk, from 0 */
	struct lt_error	e;
};

struct slot {
	enum slot_state	 state;
	size_t		 index;		/* chunk number */
	struct lt_event	*ev;
	size_t		*toff;		/* task and metadata offsets in strs */
	size_t		*moff;
	size_t		 nev;
	size_t		 evcap;
	struct lt_buf	 strs;
	struct bad	*bad;
	size_t		 nbad;
	size_t		 badcap;
	size_t		 nlines;
	int		 ioerr;		/* errno of a failed read, or 0 */
	char		*raw;		/* the chunk's bytes */
	size_t		 rawcap;
	char		*hdr;		/* its last CSV header line, or NULL */
};

struct lt_pscan {
	char			*name;
	int			 fd;
	off_t			 size;
	enum lt_format		 fmt;
	char			*header;	/* a CSV file's first line */
	size_t			 headlen;
	struct lt_reader_opts	 opts;
	size_t			 nchunks;

	pthread_mutex_t		 mu;
	pthread_cond_t		 ready;		/* a slot became S_READY */
	pthread_cond_t		 freed;		/* a slot became S_FREE */
	struct slot		 slot[SLOTS];
	size_t			 next;		/* next chunk to hand out */
	int			 stop;
	pthread_t		 th[WORKERS];
	size_t			 nth;

	/* The consumer's place. */
	struct slot		*cur;		/* chunk being read, or NULL */
	size_t			 want;		/* its number */
	size_t			 evi;		/* next event in cur */
	size_t			 badi;		/* next bad line in cur */
	long			 base;		/* lines before cur */
	size_t			 skipped;
	/* A header met again with other columns (logs concatenated): the
	 * chunks after it are decoded anew by the consumer. */
	char			*inforce;	/* NULL: the first header */
	struct lt_decoder	*cdec;
};

/* Set d to the columns of header line h (the decoder writes: a copy). */
static void
set_columns(struct lt_decoder *d, const char *h)
{
	struct lt_event ev;
	struct lt_error e;
	char *copy;

	if (h == NULL)
		return;
	copy = lt_xstrdup(h);
	(void)lt_decoder_line(d, copy, strlen(copy), &ev, &e);
	free(copy);
}

static int
pread_all(int fd, char *buf, size_t n, off_t off)
{
	ssize_t k;

	while (n > 0) {
		if ((k = pread(fd, buf, n, off)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (k == 0)
			break;
		buf += k;
		n -= (size_t)k;
		off += k;
	}
	return n == 0 ? 0 : (errno = EIO, -1);
}

/* Read chunk s->index's lines into s->raw: the chunk is the bytes from a
 * to b, each line that spans a boundary going to the chunk it ends in
 * (the first newline at or after b - 1 ends it).  Its lines are
 * s->raw[*from, *to). */
static int
read_chunk(struct lt_pscan *p, struct slot *s, size_t *from, size_t *to)
{
	off_t a = (off_t)s->index * CHUNK, b = a + CHUNK;
	off_t lo = a > 0 ? a - 1 : 0;
	size_t len, tail;
	char *nl;

	if (b > p->size)
		b = p->size;
	len = (size_t)(b - lo);
	tail = (size_t)(b - 1 - lo);
	for (;;) {
		if (len + 1 > s->rawcap) {
			s->rawcap = len + CHUNK / 4;
			s->raw = lt_xrealloc(s->raw, s->rawcap);
		}
		if (pread_all(p->fd, s->raw, len, lo) != 0)
			return -1;
		nl = memchr(s->raw + tail, '\n', len - tail);
		if (nl != NULL || lo + (off_t)len >= p->size)
			break;
		/* A line longer than what is read: read on. */
		len += 64 * 1024;
		if (lo + (off_t)len > p->size)
			len = (size_t)(p->size - lo);
	}
	*to = nl != NULL ? (size_t)(nl - s->raw) + 1 : len;
	*from = 0;
	if (a > 0) {
		nl = memchr(s->raw, '\n', *to);
		*from = nl != NULL ? (size_t)(nl - s->raw) + 1 : *to;
	}
	return 0;
}

static void
add_bad(struct slot *s, size_t rel, const struct lt_error *e)
{
	if (s->nbad == s->badcap) {
		s->badcap = s->badcap ? s->badcap * 2 : 8;
		s->bad = lt_xrealloc(s->bad, s->badcap * sizeof(*s->bad));
	}
	s->bad[s->nbad].evpos = s->nev;
	s->bad[s->nbad].rel = rel;
	s->bad[s->nbad].e = *e;
	s->nbad++;
}

static void
add_event(struct slot *s, const struct lt_event *ev)
{
	if (s->nev == s->evcap) {
		s->evcap = s->evcap ? s->evcap * 2 : 4096;
		s->ev = lt_xrealloc(s->ev, s->evcap * sizeof(*s->ev));
		s->toff = lt_xrealloc(s->toff, s->evcap * sizeof(size_t));
		s->moff = lt_xrealloc(s->moff, s->evcap * sizeof(size_t));
	}
	s->ev[s->nev] = *ev;
	s->toff[s->nev] = s->strs.len;
	lt_buf_add(&s->strs, ev->task, ev->task_len + 1);
	s->moff[s->nev] = s->strs.len;
	lt_buf_add(&s->strs, ev->meta, ev->meta_len + 1);
	s->nev++;
}

static void
decode_chunk(struct lt_pscan *p, struct lt_decoder *d, struct slot *s)
{
	struct lt_event ev;
	struct lt_error e;
	size_t from, to, i;
	char *line, *nl, *end;
	int rc;

	s->nev = s->nbad = s->nlines = 0;
	s->ioerr = 0;
	free(s->hdr);
	s->hdr = NULL;
	lt_buf_reset(&s->strs);
	if (read_chunk(p, s, &from, &to) != 0) {
		s->ioerr = errno ? errno : EIO;
		return;
	}
	end = s->raw + to;
	for (line = s->raw + from; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		*nl = '\0';
		if (p->fmt == LT_FORMAT_CSV && (s->index > 0 || line > s->raw) &&
		    lt_csv_is_header(line, (size_t)(nl - line))) {
			free(s->hdr);
			s->hdr = lt_xstrdup(line);
		}
		lt_error_clear(&e);
		rc = lt_decoder_line(d, line, (size_t)(nl - line), &ev, &e);
		if (rc == 1 && isnan(ev.timestamp)) {
			rc = -1;
			lt_error_set(&e, "timestamp is missing");
		}
		if (rc == 1)
			add_event(s, &ev);
		else if (rc == -1)
			add_bad(s, s->nlines, &e);
		s->nlines++;
	}
	for (i = 0; i < s->nev; i++) {
		s->ev[i].task = s->strs.data + s->toff[i];
		s->ev[i].meta = s->strs.data + s->moff[i];
	}
}

static void *
worker(void *arg)
{
	struct lt_pscan *p = arg;
	struct lt_decoder *d = lt_decoder_new(p->fmt);
	struct slot *s;
	struct lt_event ev;
	struct lt_error e;
	char *h;
	size_t i;

	if (p->header != NULL) {
		h = lt_xstrndup(p->header, p->headlen);
		lt_decoder_line(d, h, p->headlen, &ev, &e);
		free(h);
	}
	pthread_mutex_lock(&p->mu);
	for (;;) {
		s = NULL;
		while (!p->stop && p->next < p->nchunks) {
			for (i = 0; i < SLOTS; i++)
				if (p->slot[i].state == S_FREE)
					break;
			if (i < SLOTS) {
				s = &p->slot[i];
				break;
			}
			pthread_cond_wait(&p->freed, &p->mu);
		}
		if (s == NULL)
			break;
		s->state = S_BUSY;
		s->index = p->next++;
		pthread_mutex_unlock(&p->mu);
		/* Each chunk starts under the file's first header; the
		 * consumer decodes anew the chunks after another one. */
		if (p->header != NULL)
			set_columns(d, p->header);
		decode_chunk(p, d, s);
		pthread_mutex_lock(&p->mu);
		s->state = S_READY;
		pthread_cond_broadcast(&p->ready);
	}
	pthread_mutex_unlock(&p->mu);
	lt_decoder_free(d);
	return NULL;
}

struct lt_pscan *
lt_pscan_open(const char *path, const struct lt_reader_opts *opts,
    struct lt_error *err)
{
	struct lt_pscan *p;
	struct stat st;
	char head[HEAD_MAX];
	ssize_t n;
	char *nl;
	int fd;
	size_t i;

	lt_error_clear(err);
	if (strcmp(path, "-") == 0 || (fd = open(path, O_RDONLY |
	    O_CLOEXEC)) < 0)
		return NULL;	/* lt_reader_open says what is wrong */
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < (off_t)LT_PSCAN_MIN) {
		close(fd);
		return NULL;
	}
	if ((n = pread(fd, head, sizeof(head), 0)) <= 0) {
		close(fd);
		return NULL;
	}
	p = lt_xcalloc(1, sizeof(*p));
	p->name = lt_xstrdup(path);
	p->fd = fd;
	p->size = st.st_size;
	p->fmt = lt_format_from_name(path);
	if (p->fmt == LT_FORMAT_AUTO)
		p->fmt = lt_format_sniff(head, (size_t)n);
	if (p->fmt == LT_FORMAT_AUTO) {
		/* Blank through its first 64 KiB: the plain reader decides. */
		free(p->name);
		free(p);
		close(fd);
		return NULL;
	}
	if (p->fmt == LT_FORMAT_CSV) {
		if ((nl = memchr(head, '\n', (size_t)n)) == NULL) {
			/* A header this long: the plain reader copes. */
			free(p->name);
			free(p);
			close(fd);
			return NULL;
		}
		p->headlen = (size_t)(nl - head);
		p->header = lt_xstrndup(head, p->headlen);
	}
	if (opts != NULL)
		p->opts = *opts;
	/* The file as it is now: lines appended while it is read are left
	 * for the next run, as a reader started now would not see them
	 * either had it been started a moment earlier. */
	p->nchunks = (size_t)((p->size + CHUNK - 1) / CHUNK);
	for (i = 0; i < SLOTS; i++)
		lt_buf_init(&p->slot[i].strs);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->ready, NULL);
	pthread_cond_init(&p->freed, NULL);
	for (i = 0; i < WORKERS; i++)
		if (pthread_create(&p->th[p->nth], NULL, worker, p) == 0)
			p->nth++;
	if (p->nth == 0) {
		lt_pscan_close(p);
		lt_error_set(err, "cannot start a thread");
		return NULL;
	}
	return p;
}

/* Wait for chunk p->want to be decoded; NULL past the last. */
static struct slot *
take(struct lt_pscan *p)
{
	struct slot *s = NULL;
	size_t i;

	if (p->want >= p->nchunks)
		return NULL;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		for (i = 0; i < SLOTS; i++)
			if (p->slot[i].state == S_READY &&
			    p->slot[i].index == p->want)
				s = &p->slot[i];
		if (s != NULL)
			break;
		pthread_cond_wait(&p->ready, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return s;
}

static void
give_back(struct lt_pscan *p, struct slot *s)
{
	pthread_mutex_lock(&p->mu);
	s->state = S_FREE;
	pthread_cond_broadcast(&p->freed);
	pthread_mutex_unlock(&p->mu);
}

int
lt_pscan_next(struct lt_pscan *p, struct lt_event *ev, struct lt_error *err)
{
	struct slot *s;
	struct bad *b;

	for (;;) {
		if (p->cur == NULL) {
			if ((p->cur = take(p)) == NULL)
				return 0;
			p->evi = p->badi = 0;
			if (p->inforce != NULL) {
				if (p->cdec == NULL)
					p->cdec = lt_decoder_new(p->fmt);
				set_columns(p->cdec, p->inforce);
				decode_chunk(p, p->cdec, p->cur);
			}
			if (p->cur->hdr != NULL) {
				free(p->inforce);
				p->inforce = p->header != NULL &&
				    strcmp(p->cur->hdr, p->header) == 0 ? NULL :
				    lt_xstrdup(p->cur->hdr);
			}
			if (p->cur->ioerr != 0)
				return lt_error_at(err, p->name, p->base + 1,
				    "cannot read: %s", strerror(p->cur->ioerr));
		}
		s = p->cur;
		/* A bad line comes before the events decoded after it. */
		if (p->badi < s->nbad && s->bad[p->badi].evpos == p->evi) {
			b = &s->bad[p->badi++];
			b->e.line = p->base + (long)b->rel + 1;
			snprintf(b->e.file, sizeof(b->e.file), "%s", p->name);
			if (p->opts.flags & LT_READ_STRICT) {
				*err = b->e;
				return -1;
			}
			p->skipped++;
			if (p->opts.warn != NULL)
				p->opts.warn(p->opts.ctx, &b->e);
			continue;
		}
		if (p->evi < s->nev) {
			*ev = s->ev[p->evi++];
			return 1;
		}
		p->base += (long)s->nlines;
		p->want++;
		p->cur = NULL;
		give_back(p, s);
	}
}

size_t
lt_pscan_skipped(const struct lt_pscan *p)
{
	return p->skipped;
}

void
lt_pscan_close(struct lt_pscan *p)
{
	size_t i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->freed);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->nth; i++)
		pthread_join(p->th[i], NULL);
	for (i = 0; i < SLOTS; i++) {
		free(p->slot[i].ev);
		free(p->slot[i].toff);
		free(p->slot[i].moff);
		free(p->slot[i].bad);
		free(p->slot[i].raw);
		free(p->slot[i].hdr);
		lt_buf_release(&p->slot[i].strs);
	}
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->ready);
	pthread_cond_destroy(&p->freed);
	free(p->header);
	free(p->inforce);
	lt_decoder_free(p->cdec);
	free(p->name);
	close(p->fd);
	free(p);
}

struct lt_events {
	struct lt_reader	*r;
	struct lt_pscan		*ps;
};

struct lt_events *
lt_events_open(const char *const *paths, size_t n,
    const struct lt_reader_opts *opts, struct lt_error *err)
{
	struct lt_events *e = lt_xcalloc(1, sizeof(*e));

	lt_error_clear(err);
	if (n == 1 && (opts == NULL || opts->threads != 1)) {
		e->ps = lt_pscan_open(paths[0], opts, err);
		if (e->ps != NULL)
			return e;
		if (err != NULL && err->msg[0] != '\0') {
			free(e);
			return NULL;
		}
	}
	if ((e->r = lt_reader_open(paths, n, opts, err)) == NULL) {
		free(e);
		return NULL;
	}
	return e;
}

int
lt_events_next(struct lt_events *e, struct lt_event *ev, struct lt_error *err)
{
	return e->ps != NULL ? lt_pscan_next(e->ps, ev, err) :
	    lt_reader_next(e->r, ev, err);
}

size_t
lt_events_skipped(const struct lt_events *e)
{
	return e->ps != NULL ? lt_pscan_skipped(e->ps) :
	    lt_reader_skipped(e->r);
}

void
lt_events_close(struct lt_events *e)
{
	if (e == NULL)
		return;
	lt_pscan_close(e->ps);
	lt_reader_close(e->r);
	free(e);
}
