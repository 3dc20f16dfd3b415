/*
 * tail.c - the end of a log without reading all of it: its last events,
 * read backwards in growing blocks, and its number of events, by counting
 * newlines (with a cache of counts, as logs only grow).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "crc32c.h"
#include "format.h"
#include "pscan.h"
#include "tail.h"
#include "tasktab.h"
#include "tempfile.h"

#define COUNT_BLOCK	(128u << 10)	/* stays in L2 while counted */
#define TAIL_BLOCK	(64u << 10)
/* The largest block read from the end; a log whose last TAIL_MAX bytes
 * do not hold enough events is streamed instead, so that memory stays
 * bounded whatever the log's size. */
#define TAIL_MAX	(16u << 20)

/* Bytes equal to '\n' in p[0..n), eight at a time: the classic has-zero
 * test, made exact by masking the high bit before the carry, leaves 0x80
 * in each matching byte; those are summed bytewise (at most 255 words, so
 * no byte overflows) and folded, so no popcount instruction is needed. */
static unsigned long long
count_nl(const unsigned char *p, size_t n)
{
	const uint64_t lo7 = 0x7f7f7f7f7f7f7f7fULL;
	const uint64_t nl = 0x0a0a0a0a0a0a0a0aULL;
	const uint64_t m16 = 0x00ff00ff00ff00ffULL;
	const uint64_t lanes = 0x0001000100010001ULL;
	unsigned long long c = 0;
	uint64_t w, t, acc;
	size_t i = 0, k;

	while (i + 8 <= n) {
		acc = 0;
		for (k = 0; k < 255 && i + 8 <= n; k++, i += 8) {
			memcpy(&w, p + i, 8);
			w ^= nl;
			t = ((w & lo7) + lo7) | w;
			acc += (~t & ~lo7) >> 7;
		}
		/* Bytes to 16-bit lanes (each at most 510), then summed. */
		acc = (acc & m16) + ((acc >> 8) & m16);
		c += (acc * lanes) >> 48;
	}
	for (; i < n; i++)
		c += p[i] == '\n';
	return c;
}

/* Newlines in bytes [from, to) of fd.  Returns 0 or -1 with err. */
static int
count_range(int fd, off_t from, off_t to, unsigned long long *nl,
    struct lt_error *err)
{
	unsigned char *buf = lt_xmalloc(COUNT_BLOCK);
	unsigned long long c = 0;
	size_t want;
	ssize_t n;

#ifdef POSIX_FADV_SEQUENTIAL
	(void)posix_fadvise(fd, from, to - from, POSIX_FADV_SEQUENTIAL);
#endif
	while (from < to) {
		want = to - from < COUNT_BLOCK ? (size_t)(to - from) :
		    COUNT_BLOCK;
		if ((n = pread(fd, buf, want, from)) <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			free(buf);
			return lt_error_set(err, "cannot read: %s", n < 0 ?
			    strerror(errno) : "the file shrank");
		}
		c += count_nl(buf, (size_t)n);
		from += n;
	}
	free(buf);
	*nl = c;
	return 0;
}

/*
 * The count cache.  Counting the lines of a large log costs a pass over
 * it; as logs only grow, the count up to an offset is kept in the file
 * "counts" of the directory the caller names, one line a log:
 * device, inode, offset, newlines before it, and the CRC-32C of the up to
 * CACHE_PROBE bytes before it.  An entry serves only the same file (a log
 * replaced by lt compact has a new inode), no shorter than the offset,
 * whose bytes before the offset still have that CRC; then only the bytes
 * after it are counted.  The cache is an optimisation: every failure to
 * read or write it is ignored.
 */
#define CACHE_PROBE	4096
#define CACHE_ENTRIES	64

struct centry {
	uintmax_t		dev;
	uintmax_t		ino;
	intmax_t		off;
	unsigned long long	nl;
	unsigned long		crc;
};

static uint32_t
probe_crc(int fd, off_t off)
{
	unsigned char buf[CACHE_PROBE];
	off_t from = off > CACHE_PROBE ? off - CACHE_PROBE : 0;
	ssize_t n = pread(fd, buf, (size_t)(off - from), from);

	if (n != off - from)
		return 0;
	return lt_crc32c(0, buf, (size_t)n);
}

/* Read the cache's entries into e[0..CACHE_ENTRIES); returns how many. */
static size_t
cache_read(const char *dir, struct centry *e)
{
	struct lt_buf path;
	size_t n = 0;
	FILE *fp;

	lt_buf_init(&path);
	lt_buf_printf(&path, "%s/counts", dir);
	fp = fopen(path.data, "r");
	lt_buf_release(&path);
	if (fp == NULL)
		return 0;
	while (n < CACHE_ENTRIES && fscanf(fp, "%ju %ju %jd %llu %lx",
	    &e[n].dev, &e[n].ino, &e[n].off, &e[n].nl, &e[n].crc) == 5)
		n++;
	fclose(fp);
	return n;
}

static void
cache_write(const char *dir, const struct centry *e, size_t n)
{
	struct lt_tempfile *t;
	struct lt_buf path, tmpl;
	char *p;
	size_t i;
	FILE *fp;

	/* mkdir -p of the cache directory, quietly. */
	lt_buf_init(&path);
	lt_buf_adds(&path, dir);
	for (p = path.data + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		(void)mkdir(path.data, 0700);
		*p = '/';
	}
	(void)mkdir(path.data, 0700);
	lt_buf_adds(&path, "/counts");
	lt_buf_init(&tmpl);
	lt_buf_printf(&tmpl, "%s.XXXXXX", path.data);
	t = lt_tempfile_new(tmpl.data, 0600, NULL);
	lt_buf_release(&tmpl);
	if (t != NULL) {
		fp = lt_tempfile_stream(t);
		for (i = 0; i < n; i++)
			fprintf(fp, "%ju %ju %jd %llu %lx\n", e[i].dev,
			    e[i].ino, e[i].off, e[i].nl, e[i].crc);
		(void)lt_tempfile_rename(t, path.data, NULL);
	}
	lt_buf_release(&path);
}

int
lt_count_events(int fd, int csv, const char *dir, unsigned long long *count,
    struct lt_error *err)
{
	struct centry e[CACHE_ENTRIES + 1];
	unsigned long long nl = 0, more = 0;
	struct stat sb;
	size_t n = 0, i, hit = CACHE_ENTRIES + 1;
	off_t from = 0;
	char lastc = '\n';

	if (fstat(fd, &sb) != 0)
		return lt_error_set(err, "cannot stat: %s", strerror(errno));
	if (!S_ISREG(sb.st_mode) || sb.st_size <= CACHE_PROBE * 16)
		dir = NULL;
	if (dir != NULL) {
		n = cache_read(dir, e);
		for (i = 0; i < n; i++)
			if (e[i].dev == (uintmax_t)sb.st_dev &&
			    e[i].ino == (uintmax_t)sb.st_ino)
				break;
		if (i < n && e[i].off <= (intmax_t)sb.st_size &&
		    e[i].crc == probe_crc(fd, (off_t)e[i].off)) {
			from = (off_t)e[i].off;
			nl = e[i].nl;
		}
		hit = i;
	}
	if (count_range(fd, from, sb.st_size, &more, err) != 0)
		return -1;
	nl += more;
	if (sb.st_size > 0 && pread(fd, &lastc, 1, sb.st_size - 1) != 1)
		lastc = '\n';
	if (dir != NULL && from != sb.st_size) {
		/* This log's entry first; the oldest entries fall off. */
		if (hit < n)
			memmove(&e[1], &e[0], hit * sizeof(e[0]));
		else
			memmove(&e[1], &e[0], n++ * sizeof(e[0]));
		if (n > CACHE_ENTRIES)
			n = CACHE_ENTRIES;
		e[0].dev = (uintmax_t)sb.st_dev;
		e[0].ino = (uintmax_t)sb.st_ino;
		e[0].off = (intmax_t)sb.st_size;
		e[0].nl = nl;
		e[0].crc = probe_crc(fd, sb.st_size);
		cache_write(dir, e, n);
	}
	*count = nl + (lastc != '\n') - (csv && nl + (lastc != '\n') > 0);
	return 0;
}

/*
 * Where the events read from a log's end go: reset before each pass over
 * a block, push for each of its events in file order, and enough once
 * the events pushed since the reset suffice.
 */
struct sink {
	void	(*reset)(void *ctx);
	void	(*push)(void *ctx, const struct lt_event *ev);
	int	(*enough)(const void *ctx);
	void	 *ctx;
};

/* Stream a log that cannot be read from its end; *total gets its
 * events and bad lines. */
static int
tail_stream(const char *path, struct lt_sel *sel, const struct sink *k,
    unsigned long long *total, struct lt_error *err)
{
	struct lt_events *r;
	struct lt_event ev;
	int rc;

	if ((r = lt_events_open(&path, 1, &sel->ropts, err)) == NULL)
		return -1;
	k->reset(k->ctx);
	while ((rc = lt_events_next(r, &ev, err)) == 1) {
		k->push(k->ctx, &ev);
		(*total)++;
	}
	/* Bad lines count, as they do when a file's lines are counted. */
	*total += lt_events_skipped(r);
	sel->skipped += lt_events_skipped(r);
	lt_events_close(r);
	return rc;
}

/* Whether the events of decoded chunk c give k enough. */
static int
chunk_enough(const struct lt_chunk *c, const struct sink *k)
{
	size_t i;

	k->reset(k->ctx);
	for (i = 0; i < c->nev; i++)
		k->push(k->ctx, &c->ev[i]);
	return k->enough(k->ctx);
}

/* Read the file from off to its end into c, from its first whole line.
 * Returns 0, 1 when no line starts there, -1 with err. */
static int
tail_read(const char *path, int fd, off_t off, off_t size,
    struct lt_chunk *c, struct lt_error *err)
{
	size_t len = (size_t)(size - off), n;
	char *p;

	c->data = lt_xrealloc(c->data, len + 1);
	if ((n = (size_t)pread(fd, c->data, len, off)) != len)
		return lt_error_at(err, path, 0, "cannot read: %s",
		    n == (size_t)-1 ? strerror(errno) : "the file shrank");
	c->len = len;
	if (off == 0 && (n = lt_format_bom(c->data, len)) > 0) {
		c->len -= n;
		memmove(c->data, c->data + n, c->len);
	}
	if (off > 0) {
		/* The first line may be cut: start after it. */
		if ((p = memchr(c->data, '\n', len)) == NULL)
			return 1;
		c->len = len - (size_t)(p + 1 - c->data);
		memmove(c->data, p + 1, c->len);
	}
	return 0;
}

/* The last events of the regular file on fd, read from its end: blocks
 * growing fourfold until they give k enough, decoded as a chunk whose bad
 * lines wait, then replayed into k under sel's policy, so that a bad line
 * is reported once, with its number.  *total gets the file's events.
 * Returns 0, -1 with err, or 1 when the file is to be streamed: TAIL_MAX
 * bytes did not give k enough. */
static int
tail_file(const char *path, int fd, off_t size, struct lt_sel *sel,
    const struct sink *k, unsigned long long *total, struct lt_error *err)
{
	struct lt_lineproc quiet, loud;
	struct lt_chunk c;
	struct lt_event ev;
	char head[4096], *hnl;
	size_t want = TAIL_BLOCK, bom;
	unsigned long long nl_total = 0; /* lines, the last perhaps torn */
	off_t off;
	ssize_t n;
	int rc;

	memset(&c, 0, sizeof(c));
	if ((n = pread(fd, head, sizeof(head) - 1, 0)) < 0)
		return lt_error_at(err, path, 0, "cannot read: %s",
		    strerror(errno));
	head[n] = '\0';
	if ((c.fmt = lt_format_from_name(path)) == LT_FORMAT_AUTO)
		c.fmt = lt_format_sniff(head, (size_t)n);
	if (c.fmt == LT_FORMAT_AUTO)
		return 0;	/* empty, or only white space */
	if (lt_count_events(fd, 0, sel->ropts.count_cache, &nl_total,
	    err) != 0)
		return -1;
	*total = nl_total - (c.fmt == LT_FORMAT_CSV && nl_total > 0);
	/* The blocks start after the header: decoded under its columns. */
	bom = lt_format_bom(head, (size_t)n);
	if (c.fmt == LT_FORMAT_CSV && (hnl = strchr(head, '\n')) != NULL)
		c.under = lt_xstrndup(head + bom, (size_t)(hnl - head) - bom);
	lt_lineproc_init(&quiet, path, c.fmt, 0, 0, NULL);
	lt_lineproc_init(&loud, path, c.fmt, 0, 0, &sel->ropts);
	for (;;) {
		off = size > (off_t)want ? size - (off_t)want : 0;
		if ((rc = tail_read(path, fd, off, size, &c, err)) == -1)
			break;
		if (rc == 0) {
			lt_chunk_decode(&c, &quiet);
			if (chunk_enough(&c, k) || off == 0)
				break;
		}
		if ((want *= 4) > TAIL_MAX) {
			rc = 1;
			break;
		}
	}
	if (rc == 0) {
		/* Lines before the block: the file's newlines not in it. */
		loud.line = (long)(nl_total - (size > 0 && c.len > 0 &&
		    c.data[c.len - 1] != '\n') -
		    count_nl((unsigned char *)c.data, c.len));
		k->reset(k->ctx);
		while ((rc = lt_chunk_next(&c, &loud, &ev, err)) == 1)
			k->push(k->ctx, &ev);
		sel->skipped += loud.skipped;
	}
	lt_chunk_release(&c);
	lt_lineproc_release(&quiet);
	lt_lineproc_release(&loud);
	return rc;
}

/* The events of the log at path into k, from its end when it is a
 * regular file, else streamed. */
static int
tail_read_log(const char *path, struct lt_sel *sel, const struct sink *k,
    unsigned long long *total, struct lt_error *err)
{
	struct stat sb;
	int fd, rc;

	*total = 0;
	if (strcmp(path, "-") == 0)
		return tail_stream(path, sel, k, total, err);
	if ((fd = lt_log_open(path)) == -1)
		return lt_error_at(err, path, 0, "cannot open: %s",
		    strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return tail_stream(path, sel, k, total, err);
	}
	rc = tail_file(path, fd, sb.st_size, sel, k, total, err);
	close(fd);
	if (rc == 1) {
		*total = 0;
		return tail_stream(path, sel, k, total, err);
	}
	return rc;
}

/* The last LT_RECENT events, in struct lt_tail's ring. */
static void
recent_reset(void *ctx)
{
	((struct lt_tail *)ctx)->n = 0;
}

static void
recent_push(void *ctx, const struct lt_event *ev)
{
	struct lt_tail *t = ctx;
	struct lt_tailev *e = &t->ev[t->n++ % LT_RECENT];

	e->seq = t->n - 1;
	e->ts = ev->timestamp;
	e->score = ev->score;
	e->lr = ev->lr;
	e->mode = 0;
}

static int
recent_enough(const void *ctx)
{
	return ((const struct lt_tail *)ctx)->n >= LT_RECENT;
}

int
lt_tail_of(const char *path, struct lt_sel *sel, struct lt_tail *t,
    struct lt_error *err)
{
	struct sink k = { recent_reset, recent_push, recent_enough, t };

	memset(t, 0, sizeof(*t));
	return tail_read_log(path, sel, &k, &t->total, err);
}

/*
 * The last scores of a task: a ring of the last `want` scores pushed, and
 * with no task asked, the task of each, interned, to find the task of
 * the last event and any other among them.
 */
struct scores {
	const char		*task;		/* asked, or NULL */
	size_t			 want;
	double			*v;		/* want slots */
	size_t			*tk;		/* want slots, task NULL */
	size_t			 n;		/* pushed since the reset */
	struct lt_tasktab	 names;
};

static void
scores_reset(void *ctx)
{
	((struct scores *)ctx)->n = 0;
}

static void
scores_push(void *ctx, const struct lt_event *ev)
{
	struct scores *s = ctx;
	size_t slot = s->n % s->want;
	int added;

	if (s->task != NULL) {
		if (strcmp(ev->task, s->task) != 0)
			return;
	} else
		s->tk[slot] = lt_tasktab_intern(&s->names, ev->task,
		    ev->task_len, &added);
	s->v[slot] = ev->score;
	s->n++;
}

static int
scores_enough(const void *ctx)
{
	const struct scores *s = ctx;

	return s->n >= s->want;
}

int
lt_tail_scores(const char *path, const char *task, size_t want,
    struct lt_sel *sel, struct lt_tail_scores *out, struct lt_error *err)
{
	struct scores s = { task, want, NULL, NULL, 0, { 0 } };
	struct sink k = { scores_reset, scores_push, scores_enough, &s };
	unsigned long long total;
	size_t i, first, last, held;
	int rc;

	memset(out, 0, sizeof(*out));
	if (want == 0)
		return lt_error_set(err, "the last 0 scores are none");
	s.v = lt_xmalloc(want * sizeof(*s.v));
	if (task == NULL)
		s.tk = lt_xmalloc(want * sizeof(*s.tk));
	if ((rc = tail_read_log(path, sel, &k, &total, err)) == 0 &&
	    s.n > 0) {
		held = s.n < want ? s.n : want;
		first = s.n - held;
		last = (s.n - 1) % want;
		out->task = lt_xstrdup(task != NULL ? task :
		    s.names.names[s.tk[last]]);
		out->v = lt_xmalloc(held * sizeof(*out->v));
		for (i = 0; i < held; i++) {
			out->v[i] = s.v[(first + i) % want];
			if (task == NULL && out->other == NULL &&
			    s.tk[(first + i) % want] != s.tk[last])
				out->other = lt_xstrdup(s.names.names[
				    s.tk[(first + i) % want]]);
		}
		out->n = held;
	}
	free(s.v);
	free(s.tk);
	lt_tasktab_release(&s.names);
	return rc;
}

void
lt_tail_scores_release(struct lt_tail_scores *s)
{
	free(s->task);
	free(s->v);
	free(s->other);
	memset(s, 0, sizeof(*s));
}
