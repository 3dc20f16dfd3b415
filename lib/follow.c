/*
 * follow.c - reading what a log gained since the last read (see
 * follow.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <limits.h>

#include "buf.h"
#include "crc32c.h"
#include "follow.h"
#include "sniff.h"
#include "tempfile.h"

#define FOLLOW_BUFSZ	(64u << 10)

struct lt_follow {
	char			*path;
	enum lt_format		 fmt0;		/* as asked, or by name */
	struct lt_reader_opts	 opts;
	int			 fd;		/* -1: not open */
	int			 checked;	/* the position was checked
						   against this file */
	struct lt_follow_pos	 pos;
	struct lt_lineproc	 lp;
	uint64_t		 limit;		/* the size at the last poll */
	uint64_t		 done;		/* the size read to the end */
	char			*buf;		/* bytes from pos.offset on */
	size_t			 cap;
	size_t			 start;		/* buf[start]: at pos.offset */
	size_t			 end;
};

void
lt_follow_pos_release(struct lt_follow_pos *pos)
{
	free(pos->columns);
	memset(pos, 0, sizeof(*pos));
}

/* Start the line processor at the position: its format, the columns in
 * force, its line count. */
static void
start_lines(struct lt_follow *f)
{
	const struct lt_follow_pos *p = &f->pos;

	lt_lineproc_release(&f->lp);
	lt_lineproc_init(&f->lp, f->path, p->fmt, 0, 0, &f->opts);
	if (p->fmt != LT_FORMAT_AUTO)
		lt_lineproc_columns(&f->lp, p->fmt, p->columns, p->columns ?
		    strlen(p->columns) : 0);
	f->lp.line = p->line;
	f->start = f->end = 0;
	f->done = p->offset;
}

struct lt_follow *
lt_follow_new(const char *path, enum lt_format fmt,
    const struct lt_reader_opts *opts, const struct lt_follow_pos *pos)
{
	struct lt_follow *f = lt_xcalloc(1, sizeof(*f));

	f->path = lt_xstrdup(path);
	f->fmt0 = fmt != LT_FORMAT_AUTO ? fmt : lt_format_from_name(path);
	if (opts != NULL)
		f->opts = *opts;
	f->fd = -1;
	if (pos != NULL) {
		f->pos = *pos;
		f->pos.columns = pos->columns ? lt_xstrdup(pos->columns) :
		    NULL;
	} else
		f->pos.fmt = f->fmt0;
	f->cap = FOLLOW_BUFSZ;
	f->buf = lt_xmalloc(f->cap);
	start_lines(f);
	return f;
}

void
lt_follow_free(struct lt_follow *f)
{
	if (f == NULL)
		return;
	if (f->fd >= 0)
		close(f->fd);
	lt_lineproc_release(&f->lp);
	lt_follow_pos_release(&f->pos);
	free(f->buf);
	free(f->path);
	free(f);
}

/* Back to the log's start, nothing read. */
static void
restart(struct lt_follow *f)
{
	uint64_t dev = f->pos.dev, ino = f->pos.ino;

	lt_follow_pos_release(&f->pos);
	f->pos.fmt = f->fmt0;
	f->pos.dev = dev;
	f->pos.ino = ino;
	start_lines(f);
}

/* The checksum of the bytes of fd just before off, in *crc.  Returns 0,
 * or -1 with errno set. */
static int
probe(int fd, uint64_t off, uint32_t *crc)
{
	char b[LT_FOLLOW_PROBE];
	size_t k = off < sizeof(b) ? (size_t)off : sizeof(b), got = 0;
	ssize_t n;

	while (got < k) {
		n = pread(fd, b + got, k - got, (off_t)(off - k + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;	/* shorter than it said */
			return -1;
		}
		got += (size_t)n;
	}
	*crc = lt_crc32c(0, b, k);
	return 0;
}

/* Open the file at the path, checked to be a log; 1 when there is none,
 * 0 when open, -1 with err. */
static int
open_log(struct lt_follow *f, struct lt_error *err)
{
	struct stat st;

	if ((f->fd = open(f->path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT)
			return 1;
		return lt_error_at(err, f->path, 0, "cannot open: %s",
		    strerror(errno));
	}
	if (fstat(f->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		lt_error_at(err, f->path, 0, "is a directory");
		goto fail;
	}
	if (lt_sniff_log(f->fd, f->path, 1, err) != 0)
		goto fail;
	f->checked = 0;
	return 0;
fail:
	close(f->fd);
	f->fd = -1;
	return -1;
}

int
lt_follow_poll(struct lt_follow *f, struct lt_error *err)
{
	struct stat st, at;
	uint32_t crc;
	int rc, same;

	if (f->fd >= 0 && (stat(f->path, &at) != 0 ||
	    fstat(f->fd, &st) != 0 || at.st_dev != st.st_dev ||
	    at.st_ino != st.st_ino)) {
		/* Deleted, or another file renamed over it. */
		close(f->fd);
		f->fd = -1;
	}
	if (f->fd < 0) {
		if ((rc = open_log(f, err)) != 0)
			return rc < 0 ? -1 : LT_FOLLOW_MISSING;
	}
	if (fstat(f->fd, &st) != 0)
		return lt_error_at(err, f->path, 0, "cannot stat: %s",
		    strerror(errno));
	same = (f->pos.ino == 0 && f->pos.offset == 0) ||
	    (f->pos.dev == (uint64_t)st.st_dev &&
	    f->pos.ino == (uint64_t)st.st_ino &&
	    (uint64_t)st.st_size >= f->pos.offset);
	if (same && f->pos.offset > 0 && (!f->checked ||
	    (uint64_t)st.st_size > f->limit)) {
		if (probe(f->fd, f->pos.offset, &crc) != 0)
			return lt_error_at(err, f->path, 0, "cannot read: %s",
			    strerror(errno));
		same = crc == f->pos.probe;
	}
	f->checked = 1;
	f->pos.dev = (uint64_t)st.st_dev;
	f->pos.ino = (uint64_t)st.st_ino;
	f->limit = (uint64_t)st.st_size;
	if (!same) {
		restart(f);
		return LT_FOLLOW_RESTART;
	}
	return f->limit > f->done ? LT_FOLLOW_GREW : LT_FOLLOW_SAME;
}

/* Read more of the file, up to the size seen at the poll, after what
 * the buffer holds.  Returns bytes read, 0 at the limit, -1 with err. */
static ssize_t
fill(struct lt_follow *f, struct lt_error *err)
{
	uint64_t at = f->pos.offset + (f->end - f->start);
	size_t want;
	ssize_t n;

	if (at >= f->limit || f->fd < 0)
		return 0;
	if (f->start > 0) {
		memmove(f->buf, f->buf + f->start, f->end - f->start);
		f->end -= f->start;
		f->start = 0;
	}
	if (f->end + 1 >= f->cap) {
		f->cap *= 2;
		f->buf = lt_xrealloc(f->buf, f->cap);
	}
	want = f->cap - 1 - f->end;
	if (want > f->limit - at)
		want = (size_t)(f->limit - at);
	do
		n = pread(f->fd, f->buf + f->end, want, (off_t)at);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return lt_error_at(err, f->path, 0, "cannot read: %s",
		    strerror(errno));
	if (n == 0)
		f->limit = at;		/* it shrank since the poll */
	f->end += (size_t)n;
	return n;
}

/* Keep the line that sets the CSV columns in force after it. */
static void
keep_columns(struct lt_follow *f, const char *line, size_t len)
{
	if (lt_csv_is_header(line, len) || (f->pos.columns == NULL &&
	    !lt_format_blank(line, len))) {
		free(f->pos.columns);
		f->pos.columns = lt_xstrndup(line, len);
	}
}

int
lt_follow_next(struct lt_follow *f, struct lt_event *ev,
    struct lt_error *err)
{
	char *line, *nl, *copy;
	size_t len;
	ssize_t n;
	int rc;

	for (;;) {
		nl = memchr(f->buf + f->start, '\n', f->end - f->start);
		if (nl == NULL) {
			if ((n = fill(f, err)) < 0)
				return -1;
			if (n > 0)
				continue;
			if (f->pos.offset > 0 && probe(f->fd, f->pos.offset,
			    &f->pos.probe) != 0)
				return lt_error_at(err, f->path, 0,
				    "cannot read: %s", strerror(errno));
			f->done = f->limit;
			return 0;
		}
		line = f->buf + f->start;
		len = (size_t)(nl - line);
		*nl = '\0';
		f->start += len + 1;
		f->pos.offset += len + 1;
		/* Decoding writes into the line: the columns are kept
		 * first, when the log may be CSV. */
		copy = NULL;
		if (f->lp.fmt != LT_FORMAT_JSONL && !lt_format_blank(line,
		    len) && (lt_csv_is_header(line, len) ||
		    f->pos.columns == NULL))
			copy = lt_xstrndup(line, len);
		rc = lt_lineproc_line(&f->lp, line, len, ev, err);
		f->pos.line = f->lp.line;
		f->pos.fmt = f->lp.fmt;
		if (copy != NULL && f->lp.fmt == LT_FORMAT_CSV)
			keep_columns(f, copy, len);
		free(copy);
		if (rc != 0)
			return rc;
	}
}

const struct lt_follow_pos *
lt_follow_position(const struct lt_follow *f)
{
	return &f->pos;
}

uint64_t
lt_follow_pending(const struct lt_follow *f)
{
	return f->limit > f->pos.offset ? f->limit - f->pos.offset : 0;
}

size_t
lt_follow_skipped(const struct lt_follow *f)
{
	return f->lp.skipped;
}

const char *
lt_follow_path(const struct lt_follow *f)
{
	return f->path;
}

/*
 * Positions kept between runs.
 */

/* The key of the positions file's format, and its version. */
#define POSITIONS_KEY	"lt_positions"

struct lt_positions {
	json_t			*logs;	/* absolute path: position */
	struct lt_follow_pos	 got;	/* the last lt_positions_get's */
};

/* path made absolute (its directory resolved, so that a log not yet made
 * has a name); caller frees. */
static char *
absolute(const char *path)
{
	char buf[PATH_MAX], *dir, *r;
	const char *base;
	struct lt_buf b;

	if ((r = realpath(path, NULL)) != NULL)
		return r;
	dir = lt_tempfile_dirname(path);
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	lt_buf_init(&b);
	if (realpath(dir, buf) != NULL)
		lt_buf_printf(&b, "%s/%s", strcmp(buf, "/") ? buf : "", base);
	else
		lt_buf_printf(&b, "%s", path);
	free(dir);
	return b.data;
}

struct lt_positions *
lt_positions_load(const char *path, struct lt_error *err)
{
	struct lt_positions *p = lt_xcalloc(1, sizeof(*p));
	json_error_t je;
	json_t *root;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		if (errno != ENOENT) {
			lt_error_at(err, path, 0, "cannot open: %s",
			    strerror(errno));
			free(p);
			return NULL;
		}
		p->logs = json_object();
		return p;
	}
	root = json_loadf(fp, 0, &je);
	fclose(fp);
	if (root == NULL || !json_is_object(json_object_get(root,
	    POSITIONS_KEY))) {
		lt_error_at(err, path, 0, "is not a state file of lt report "
		    "--since-last");
		json_decref(root);
		free(p);
		return NULL;
	}
	p->logs = json_incref(json_object_get(root, POSITIONS_KEY));
	json_decref(root);
	return p;
}

void
lt_positions_free(struct lt_positions *p)
{
	if (p == NULL)
		return;
	json_decref(p->logs);
	lt_follow_pos_release(&p->got);
	free(p);
}

/* The unsigned integer member key of o, or 0. */
static uint64_t
member_u64(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_integer(v) && json_integer_value(v) >= 0 ?
	    (uint64_t)json_integer_value(v) : 0;
}

const struct lt_follow_pos *
lt_positions_get(struct lt_positions *p, const char *log)
{
	const char *fmt, *cols;
	char *abs = absolute(log);
	json_t *o = json_object_get(p->logs, abs);

	free(abs);
	if (!json_is_object(o))
		return NULL;
	lt_follow_pos_release(&p->got);
	p->got.dev = member_u64(o, "dev");
	p->got.ino = member_u64(o, "ino");
	p->got.offset = member_u64(o, "offset");
	p->got.line = (long)member_u64(o, "line");
	p->got.probe = (uint32_t)member_u64(o, "probe");
	fmt = json_string_value(json_object_get(o, "format"));
	p->got.fmt = fmt ? lt_format_parse(fmt) : LT_FORMAT_AUTO;
	cols = json_string_value(json_object_get(o, "columns"));
	p->got.columns = cols ? lt_xstrdup(cols) : NULL;
	return &p->got;
}

void
lt_positions_set(struct lt_positions *p, const char *log,
    const struct lt_follow_pos *pos)
{
	char *abs = absolute(log);
	json_t *o = json_object();

	/* json_int_t holds 63 bits: device numbers and inodes fit. */
	json_object_set_new(o, "dev", json_integer((json_int_t)pos->dev));
	json_object_set_new(o, "ino", json_integer((json_int_t)pos->ino));
	json_object_set_new(o, "offset", json_integer(
	    (json_int_t)pos->offset));
	json_object_set_new(o, "line", json_integer(pos->line));
	json_object_set_new(o, "probe", json_integer(pos->probe));
	if (pos->fmt != LT_FORMAT_AUTO)
		json_object_set_new(o, "format", json_string(
		    lt_format_name(pos->fmt)));
	if (pos->columns != NULL)
		json_object_set_new(o, "columns", json_string(pos->columns));
	json_object_set_new(p->logs, abs, o);
	free(abs);
}

int
lt_positions_save(const struct lt_positions *p, const char *path,
    struct lt_error *err)
{
	struct lt_tempfile *t;
	json_t *root;
	FILE *fp;
	int rc;

	if ((t = lt_tempfile_beside(path, lt_tempfile_mode(path), err)) ==
	    NULL)
		return -1;
	root = json_object();
	json_object_set(root, POSITIONS_KEY, p->logs);
	fp = lt_tempfile_stream(t);
	rc = json_dumpf(root, fp, JSON_INDENT(1) | JSON_SORT_KEYS);
	json_decref(root);
	if (rc != 0 || fputc('\n', fp) == EOF) {
		lt_error_at(err, path, 0, "cannot write: %s",
		    strerror(errno));
		lt_tempfile_delete(t);
		return -1;
	}
	return lt_tempfile_commit(t, path, err);
}
