/*
 * pscan.c - ordered parallel decoding of one input (see pscan.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "pscan.h"
#include "sniff.h"
#include "tempfile.h"

/*
 * A slot goes FREE -> READ (a chunk was read into it) -> BUSY (a worker,
 * or the consumer, decodes it) -> READY -> FREE (the consumer is done
 * with it).  One thread at a time reads, the one holding `reading`, in
 * the input's order.  The consumer reads a pipe; a file, which never
 * makes a read wait, is read by an idle worker as well, so that the
 * consumer, whose work on each event the others wait for, copies no
 * input when workers are free to.  Only the consumer frees slots, and
 * closing never waits for more input than a read in progress.
 */
enum slot_state { S_FREE, S_READ, S_BUSY, S_READY };

struct slot {
	enum slot_state	 state;
	size_t		 index;		/* chunk number */
	int		 ioerr;		/* errno of a failed read, or 0 */
	struct lt_chunk	 c;
};

struct lt_pscan {
	char			*name;
	int			 fd;
	int			 regular;	/* a file: reads never wait */
	size_t			 chunk;		/* bytes read at a time */
	off_t			 left;		/* bytes to read; -1: all */
	struct lt_lineproc	 lp;		/* the consumer's */

	/* The input, read in order by the consumer. */
	struct lt_buf		 carry;		/* a line begun, not ended */
	int			 eof;
	size_t			 nread;		/* chunks read */
	int			 done;		/* nread is all there are */
	enum lt_format		 fmt;		/* AUTO until a line tells */
	char			*first;		/* a CSV input's first line */

	pthread_mutex_t		 mu;
	pthread_cond_t		 work;		/* a slot became READ */
	pthread_cond_t		 ready;		/* a slot became READY */
	struct slot		 slot[LT_THREADS_MAX + 2];
	size_t			 nslots;
	pthread_t		 th[LT_THREADS_MAX];
	size_t			 nth;		/* workers running */
	size_t			 want_th;	/* workers to start */
	int			 stop;
	int			 reading;	/* a thread is reading */

	/* The consumer's place. */
	struct slot		*cur;
	size_t			 want;		/* the next chunk's number */
	char			*inforce;	/* the next one's columns */
	int			 cont;		/* p->lp's decoder is where the
						   last chunk left it */
};

/*
 * Reading, by the consumer.
 */

/* Room for n bytes in c, and the NUL lt_chunk_decode puts after them. */
static void
reserve(struct lt_chunk *c, size_t n)
{
	if (c->cap < n + 1) {
		c->cap = n + 1;
		c->data = lt_xrealloc(c->data, c->cap);
	}
}

/* Whether a read of the input would not wait. */
static int
ready(const struct lt_pscan *p)
{
	struct pollfd pfd = { .fd = p->fd, .events = POLLIN };

	return p->regular || poll(&pfd, 1, 0) > 0;
}

/* One read of the input into c, up to want bytes in all.  Returns 0, or
 * -1 on a read error (errno set). */
static int
read_once(struct lt_pscan *p, struct lt_chunk *c, size_t want)
{
	size_t ask = want - c->len;
	ssize_t n;

	if (p->left >= 0 && (off_t)ask > p->left)
		ask = (size_t)p->left;
	if ((n = ask == 0 ? 0 : read(p->fd, c->data + c->len, ask)) < 0)
		return errno == EINTR ? 0 : -1;
	if (n == 0)
		p->eof = 1;
	c->len += (size_t)n;
	if (p->left >= 0)
		p->left -= n;
	return 0;
}

/*
 * The line filling c (no newline in it) has grown past LT_LINE_MAX: keep
 * its first LT_LINE_MAX + 1 bytes, which the engine refuses as too long,
 * read on and drop the rest of it, and end it with its newline, the input
 * after that following in c.  *nl is then that newline.  Returns 0, or -1
 * on a read error (errno set).
 */
static int
drop_line(struct lt_pscan *p, struct lt_chunk *c, char **nl)
{
	size_t keep = LT_LINE_MAX + 1, n;
	char *q;

	c->len = keep;
	reserve(c, keep + p->chunk);
	for (;;) {
		if (read_once(p, c, c->cap - 1) != 0)
			return -1;
		n = c->len - keep;
		if ((q = memchr(c->data + keep, '\n', n)) != NULL) {
			n -= (size_t)(q - (c->data + keep));
			memmove(c->data + keep, q, n);
			c->len = keep + n;
			*nl = memrchr(c->data + keep, '\n', n);
			return 0;
		}
		c->len = keep;
		if (p->eof)
			return 0;
	}
}

/* The first line of buf[0..len) that is not blank, its length in *n; NULL
 * if none. */
static const char *
first_line(const char *buf, size_t len, size_t *n)
{
	const char *p = buf, *end = buf + len, *nl;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (!lt_format_blank(p, (size_t)(nl - p))) {
			*n = (size_t)(nl - p);
			return p;
		}
	}
	return NULL;
}

/* Learn the input's format, and a CSV input's first line, from the first
 * line of c that is not blank, if the input had none before. */
static void
learn_format(struct lt_pscan *p, const struct lt_chunk *c)
{
	const char *g;
	size_t n;

	if (p->first != NULL || p->fmt == LT_FORMAT_JSONL ||
	    (g = first_line(c->data, c->len, &n)) == NULL)
		return;
	if (p->fmt == LT_FORMAT_AUTO)
		p->fmt = lt_format_sniff(g, n) == LT_FORMAT_JSONL ?
		    LT_FORMAT_JSONL : LT_FORMAT_CSV;
	if (p->fmt == LT_FORMAT_CSV)
		p->first = lt_xstrndup(g, n);
}

/*
 * Read the next chunk into s: the carry-over, then up to LT_PSCAN_CHUNK
 * bytes more, cut after the last newline (a line longer than that reads
 * on to its end, so it is read once whatever its length); the rest is
 * carried over.  Input not there yet is waited for only when the chunk is
 * needed now and holds no whole line: a pipe's lines are taken as they
 * come.  Returns 1, 0 at the end of the input, 2 when no whole line came
 * (the slot stays free), or -1 with s->ioerr.
 */
static int
read_chunk(struct lt_pscan *p, struct slot *s, int needed)
{
	struct lt_chunk *c = &s->c;
	size_t want = p->carry.len + p->chunk, from, keep, bom;
	char *nl = NULL, *at;

	s->ioerr = 0;
	reserve(c, want);
	memcpy(c->data, p->carry.data != NULL ? p->carry.data : "",
	    p->carry.len);
	c->len = p->carry.len;
	lt_buf_reset(&p->carry);
	while (!p->eof) {
		if (c->len >= want) {
			if (nl != NULL)
				break;
			want *= 2;
			reserve(c, want);
		}
		if ((nl != NULL || !needed) && !ready(p))
			break;
		from = c->len;
		if (read_once(p, c, want) != 0)
			goto fail;
		if ((at = memrchr(c->data + from, '\n', c->len - from)) != NULL)
			nl = at;
		else if (nl == NULL && c->len > LT_LINE_MAX &&
		    drop_line(p, c, &nl) != 0)
			goto fail;
	}
	if (!p->eof) {
		keep = nl != NULL ? c->len - (size_t)(nl + 1 - c->data) :
		    c->len;
		lt_buf_add(&p->carry, c->data + c->len - keep, keep);
		c->len -= keep;
	}
	if (c->len == 0)
		return p->eof ? 0 : 2;
	if (p->nread == 0 && (bom = lt_format_bom(c->data, c->len)) > 0) {
		memmove(c->data, c->data + bom, c->len - bom);
		c->len -= bom;
	}
	/* Decoded under the input's first line, the likely columns: the
	 * consumer decodes it anew if a header came in between. */
	free(c->under);
	c->under = p->first != NULL ? lt_xstrdup(p->first) : NULL;
	learn_format(p, c);
	c->fmt = p->fmt;
	return 1;
fail:
	s->ioerr = errno != 0 ? errno : EIO;
	return -1;
}

/*
 * Read the next chunk into a free slot, if no other thread is reading and
 * a slot is free; p->mu is held on entry and on return, and let go during
 * the read.  needed: the consumer waits for that chunk (read_chunk).
 * Returns 1 when a read was made (the others woken), 0 when none could be.
 */
static int
read_free(struct lt_pscan *p, int needed)
{
	struct slot *s;
	size_t i;
	int rc;

	if (p->reading || p->done)
		return 0;
	for (s = NULL, i = 0; i < p->nslots; i++)
		if (p->slot[i].state == S_FREE)
			s = &p->slot[i];
	if (s == NULL)
		return 0;
	p->reading = 1;
	pthread_mutex_unlock(&p->mu);
	rc = read_chunk(p, s, needed);
	pthread_mutex_lock(&p->mu);
	p->reading = 0;
	if (rc != 0 && rc != 2) {
		s->index = p->nread++;
		s->state = rc > 0 ? S_READ : S_READY;
	}
	p->done = rc <= 0;
	pthread_cond_broadcast(&p->work);
	pthread_cond_broadcast(&p->ready);
	return rc != 2;
}

/*
 * Decoding, by the workers.
 */

static void *
worker(void *arg)
{
	struct lt_pscan *p = arg;
	struct lt_reader_opts quiet = p->lp.opts;
	struct lt_lineproc lp;
	struct slot *s;
	size_t i;

	/* Bad lines are kept for the consumer, who warns. */
	quiet.warn = NULL;
	lt_lineproc_init(&lp, p->name, LT_FORMAT_AUTO, p->lp.rules,
	    p->lp.check, &quiet);
	pthread_mutex_lock(&p->mu);
	for (;;) {
		for (s = NULL, i = 0; i < p->nslots; i++)
			if (p->slot[i].state == S_READ && (s == NULL ||
			    p->slot[i].index < s->index))
				s = &p->slot[i];
		if (p->stop)
			break;
		if (s == NULL && p->regular && read_free(p, 0))
			continue;
		if (s == NULL) {
			pthread_cond_wait(&p->work, &p->mu);
			continue;
		}
		s->state = S_BUSY;
		pthread_mutex_unlock(&p->mu);
		lt_chunk_decode(&s->c, &lp);
		pthread_mutex_lock(&p->mu);
		s->state = S_READY;
		pthread_cond_broadcast(&p->ready);
	}
	pthread_mutex_unlock(&p->mu);
	lt_lineproc_release(&lp);
	return NULL;
}

/* Start the workers, the signals of tempfile.h blocked in them. */
static void
start_workers(struct lt_pscan *p)
{
	sigset_t old;

	lt_tempfile_block_signals(&old);
	while (p->nth < p->want_th &&
	    pthread_create(&p->th[p->nth], NULL, worker, p) == 0)
		p->nth++;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	p->want_th = p->nth;
}

/*
 * The consumer.
 */

/* Read chunks into the free slots, unless another thread is reading;
 * start the workers once there is more than one chunk.  Only the chunk
 * the consumer waits for waits for input. */
static void
fill(struct lt_pscan *p)
{
	pthread_mutex_lock(&p->mu);
	while (read_free(p, p->nread == p->want))
		;
	pthread_mutex_unlock(&p->mu);
	if (p->nth < p->want_th && p->nread > 1)
		start_workers(p);
}

/* The chunk numbered p->want: decoded by a worker, or still to decode
 * (no worker took it, or there are none), which the consumer then does
 * line by line.  NULL past the last. */
static struct slot *
take(struct lt_pscan *p)
{
	struct slot *s;
	size_t i;

	/* With workers, a file's free slots are theirs to fill. */
	if (p->nth == 0 || !p->regular)
		fill(p);
	pthread_mutex_lock(&p->mu);
	for (;;) {
		for (s = NULL, i = 0; i < p->nslots; i++)
			if (p->slot[i].state != S_FREE &&
			    p->slot[i].index == p->want)
				s = &p->slot[i];
		if (s == NULL && p->done)
			break;
		if (s == NULL && p->reading) {
			/* Being read: woken when it is. */
			pthread_cond_wait(&p->ready, &p->mu);
			continue;
		}
		if (s == NULL) {
			/* Not read yet: a slot is free by now. */
			pthread_mutex_unlock(&p->mu);
			fill(p);
			pthread_mutex_lock(&p->mu);
			continue;
		}
		if (s->state == S_READY)
			break;
		if (s->state == S_READ) {
			s->state = S_BUSY;
			lt_chunk_start(&s->c);
			break;
		}
		pthread_cond_wait(&p->ready, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return s;
}

static int
same(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Make the next chunk current.  Returns 1, 0 past the last, -1 with err
 * on a read error. */
static int
next_chunk(struct lt_pscan *p, struct lt_error *err)
{
	struct slot *s;

	if ((s = take(p)) == NULL)
		return 0;
	if (s->ioerr != 0)
		return lt_error_at(err, p->lp.name, p->lp.line + 1,
		    "cannot read: %s", strerror(s->ioerr));
	p->cur = s;
	if (!s->c.decoded) {
		/* The consumer's decoder goes on from the last chunk if it
		 * decoded that one too, else starts under the columns a
		 * header met before set. */
		if (!p->cont)
			lt_lineproc_columns(&p->lp, s->c.fmt, p->inforce,
			    p->inforce != NULL ? strlen(p->inforce) : 0);
		p->cont = 1;
		return 1;
	}
	p->cont = 0;
	if (!same(s->c.under, p->inforce)) {
		free(s->c.under);
		s->c.under = p->inforce != NULL ? lt_xstrdup(p->inforce) :
		    NULL;
		lt_chunk_decode(&s->c, &p->lp);
	}
	return 1;
}

int
lt_pscan_next(struct lt_pscan *p, struct lt_event *ev, struct lt_error *err)
{
	struct slot *s;
	int rc;

	for (;;) {
		if (p->cur == NULL && (rc = next_chunk(p, err)) <= 0)
			return rc;
		s = p->cur;
		if ((rc = lt_chunk_next(&s->c, &p->lp, ev, err)) != 0)
			return rc;
		/* The columns the chunk leaves hold for the next. */
		if (s->c.last != NULL) {
			free(p->inforce);
			p->inforce = lt_xstrdup(s->c.last);
		}
		p->want++;
		p->cur = NULL;
		pthread_mutex_lock(&p->mu);
		s->state = S_FREE;
		if (p->nth > 0 && p->regular)	/* a worker may read into it */
			pthread_cond_signal(&p->work);
		pthread_mutex_unlock(&p->mu);
	}
}

size_t
lt_pscan_skipped(const struct lt_pscan *p)
{
	return p->lp.skipped;
}

struct lt_pscan *
lt_pscan_fd(int fd, const char *name, enum lt_format fmt, unsigned rules,
    unsigned check, const struct lt_reader_opts *opts)
{
	struct lt_pscan *p = lt_xcalloc(1, sizeof(*p));
	unsigned threads = opts != NULL ? opts->threads : 0;
	struct stat st;
	off_t pos;

	p->name = lt_xstrdup(name);
	p->fd = fd;
	p->regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	/* A file as it is now: lines appended while it is read are left for
	 * the next run, as a reader started a moment earlier would. */
	p->left = p->regular && (pos = lseek(fd, 0, SEEK_CUR)) >= 0 ?
	    st.st_size - pos : -1;
	p->fmt = fmt;
	p->chunk = opts != NULL && opts->chunk > 0 ? opts->chunk :
	    LT_PSCAN_CHUNK;
	lt_lineproc_init(&p->lp, p->name, fmt, rules, check, opts);
	lt_buf_init(&p->carry);
	p->want_th = threads == 0 ? 2 : threads > LT_THREADS_MAX ?
	    LT_THREADS_MAX : threads == 1 ? 0 : threads;
	p->nslots = p->want_th + 2;
	p->cont = 1;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->ready, NULL);
	return p;
}

void
lt_pscan_close(struct lt_pscan *p)
{
	size_t i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->nth; i++)
		pthread_join(p->th[i], NULL);
	for (i = 0; i < p->nslots; i++)
		lt_chunk_release(&p->slot[i].c);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->ready);
	lt_lineproc_release(&p->lp);
	lt_buf_release(&p->carry);
	free(p->first);
	free(p->inforce);
	free(p->name);
	free(p);
}

/*
 * Events of several logs, merged by time.
 */

struct source {
	int		 fd;
	struct lt_pscan	*ps;
	struct lt_event	 cur;
	int		 have;		/* cur holds an event */
};

struct lt_events {
	struct source	*src;
	size_t		 n;
	int		 started;
	size_t		 last;		/* source of the last event */
};

/* Open path ("-": standard input) as a source: decoded on opts->threads
 * threads when it is the only log and a regular file of LT_PSCAN_MIN
 * bytes or more, else by the calling thread alone. */
static int
source_open(struct source *s, const char *path, int alone,
    const struct lt_reader_opts *opts, struct lt_error *err)
{
	struct lt_reader_opts o = { 0 };
	struct stat st;
	int in = strcmp(path, "-") == 0;

	if ((s->fd = lt_log_open(path)) < 0)
		return lt_error_at(err, path, 0, "cannot open: %s",
		    strerror(errno));
	if (fstat(s->fd, &st) != 0)
		st.st_mode = 0;
	if (S_ISDIR(st.st_mode))
		return lt_error_at(err, path, 0, "is a directory");
	if (lt_sniff_log(s->fd, path, 1, err) != 0)
		return -1;
	if (opts != NULL)
		o = *opts;
	if (!alone || !S_ISREG(st.st_mode) || st.st_size < (off_t)LT_PSCAN_MIN)
		o.threads = 1;
	s->ps = lt_pscan_fd(s->fd, path, in ? LT_FORMAT_AUTO :
	    lt_format_from_name(path), 0, 0, &o);
	return 0;
}

struct lt_events *
lt_events_open(const char *const *paths, size_t n,
    const struct lt_reader_opts *opts, struct lt_error *err)
{
	struct lt_events *e = lt_xcalloc(1, sizeof(*e));
	size_t i;

	e->src = lt_xcalloc(n ? n : 1, sizeof(*e->src));
	for (i = 0; i < n; i++) {
		e->n = i + 1;
		if (source_open(&e->src[i], paths[i], n == 1, opts, err) != 0) {
			lt_events_close(e);
			return NULL;
		}
	}
	return e;
}

static int
advance(struct source *s, struct lt_error *err)
{
	int rc = lt_pscan_next(s->ps, &s->cur, err);

	s->have = rc == 1;
	return rc;
}

int
lt_events_next(struct lt_events *e, struct lt_event *ev, struct lt_error *err)
{
	struct source *best = NULL;
	size_t i;

	if (e->n == 1)		/* nothing to merge */
		return lt_pscan_next(e->src[0].ps, ev, err);
	if (!e->started) {
		e->started = 1;
		for (i = 0; i < e->n; i++)
			if (advance(&e->src[i], err) < 0)
				return -1;
	} else if (e->n > 0 && advance(&e->src[e->last], err) < 0)
		return -1;
	for (i = 0; i < e->n; i++) {
		if (!e->src[i].have)
			continue;
		if (best == NULL || e->src[i].cur.timestamp <
		    best->cur.timestamp) {
			best = &e->src[i];
			e->last = i;
		}
	}
	if (best == NULL)
		return 0;
	*ev = best->cur;
	return 1;
}

size_t
lt_events_skipped(const struct lt_events *e)
{
	size_t i, n = 0;

	for (i = 0; i < e->n; i++)
		if (e->src[i].ps != NULL)
			n += lt_pscan_skipped(e->src[i].ps);
	return n;
}

void
lt_events_close(struct lt_events *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->n; i++) {
		lt_pscan_close(e->src[i].ps);
		if (e->src[i].fd >= 0)
			close(e->src[i].fd);
	}
	free(e->src);
	free(e);
}
