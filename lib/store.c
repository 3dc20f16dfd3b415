/*
 * store.c - locked, whole-line appends to a log.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "sniff.h"
#include "store.h"

#define COPY_BUFSZ	(1u << 20)

/* The format an existing log's first bytes show, or AUTO if it is empty
 * or missing. */
static enum lt_format
content_format(int fd)
{
	char buf[64];
	ssize_t n;

	n = pread(fd, buf, sizeof(buf), 0);
	if (n <= 0)
		return LT_FORMAT_AUTO;
	return lt_format_sniff(buf, (size_t)n);
}

int
lt_store_init(struct lt_store *s, const char *path, enum lt_format fmt,
    struct lt_error *err)
{
	int fd;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	if (fmt == LT_FORMAT_AUTO)
		fmt = lt_format_from_name(path);
	if (fmt == LT_FORMAT_AUTO) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			fmt = content_format(fd);
			close(fd);
		}
	}
	if (fmt == LT_FORMAT_AUTO)
		return lt_error_at(err, path, 0, "cannot tell the format of a "
		    "new log from its name; name it .csv or .jsonl, or give "
		    "--format csv|jsonl");
	s->path = lt_xstrdup(path);
	s->fmt = fmt;
	return 0;
}

int
lt_store_lock_path(int *fd, const char *path, int flags, int how,
    struct stat *st, struct lt_error *err)
{
	struct stat pst;

	for (;;) {
		if (*fd < 0 && (*fd = open(path, flags | O_CLOEXEC, 0666)) < 0)
			return lt_error_at(err, path, 0, "cannot open%s: %s",
			    flags & O_APPEND ? " for appending" : "",
			    strerror(errno));
		while (flock(*fd, how) != 0) {
			if (errno != EINTR) {
				lt_error_at(err, path, 0, "cannot lock: %s",
				    strerror(errno));
				goto fail;
			}
		}
		if (fstat(*fd, st) != 0) {
			lt_error_at(err, path, 0, "cannot stat: %s",
			    strerror(errno));
			goto fail;
		}
		if (stat(path, &pst) == 0 && pst.st_dev == st->st_dev &&
		    pst.st_ino == st->st_ino)
			return 0;
		close(*fd);
		*fd = -1;
	}
fail:
	close(*fd);
	*fd = -1;
	return -1;
}

/* Whether the CSV log at fd starts with lt's header: appending lt's
 * columns under another header would give every value a wrong name. */
static int
has_header(const char *head, size_t len)
{
	size_t n = strlen(lt_csv_header), bom = lt_format_bom(head, len);

	head += bom;
	len -= bom;
	return len >= n && memcmp(head, lt_csv_header, n - 1) == 0 &&
	    (head[n - 1] == '\n' || head[n - 1] == '\r');
}

int
lt_store_lock(struct lt_store *s, struct lt_error *err)
{
	struct stat fst;
	enum lt_format have;
	char last, head[128];
	ssize_t n;
	int absent;

	/* Whether this writer makes the file: a failed first append then
	 * removes it.  Another may make it in between; the size under the
	 * lock tells (it is 0 only if no one wrote to it yet). */
	absent = s->fd < 0 && access(s->path, F_OK) != 0 && errno == ENOENT;
	if (lt_store_lock_path(&s->fd, s->path, O_RDWR | O_APPEND | O_CREAT,
	    LOCK_EX, &fst, err) != 0)
		return -1;
	s->locked = 1;
	s->orig = fst.st_size;
	s->created = absent && fst.st_size == 0;
	s->mark = -1;
	if (!S_ISREG(fst.st_mode)) {
		lt_store_unlock(s);
		return lt_error_at(err, s->path, 0, "not a regular file");
	}
	/* One read of the log's start tells its format and its header. */
	n = fst.st_size > 0 ? pread(s->fd, head, sizeof(head), 0) : 0;
	if (n < 0)
		n = 0;
	if (n > 0 && lt_sniff_log(s->fd, s->path, 0, err) != 0) {
		lt_store_unlock(s);
		return -1;
	}
	have = lt_format_sniff(head, (size_t)n);
	if (have != LT_FORMAT_AUTO && have != s->fmt) {
		lt_store_unlock(s);
		return lt_error_at(err, s->path, 0, "holds %s, not %s; give "
		    "--format %s or another file", have == LT_FORMAT_CSV ?
		    "CSV" : "JSONL", s->fmt == LT_FORMAT_CSV ? "CSV" : "JSONL",
		    lt_format_name(have));
	}
	/* A CSV log with content (even blank lines) must start with the
	 * header: the header goes only into an empty one. */
	if (s->fmt == LT_FORMAT_CSV && fst.st_size > 0 &&
	    !has_header(head, (size_t)n)) {
		lt_store_unlock(s);
		return lt_error_at(err, s->path, 0, "does not start with lt's "
		    "CSV header, so its columns may not be lt's; append to "
		    "another file (lt record --batch reads this one)");
	}
	if (fst.st_size > 0 && pread(s->fd, &last, 1, fst.st_size - 1) == 1 &&
	    last != '\n') {
		if (lt_write_all(s->fd, "\n", 1) != 0)
			goto fail;
		s->repaired = 1;
		s->wrote = 1;
	}
	if (s->fmt == LT_FORMAT_CSV && fst.st_size == 0) {
		if (lt_write_all(s->fd, lt_csv_header, strlen(lt_csv_header)) != 0)
			goto fail;
		s->wrote = 1;
	}
	s->mark = lseek(s->fd, 0, SEEK_END);
	return 0;
fail:
	lt_error_at(err, s->path, 0, "cannot write: %s", strerror(errno));
	(void)lt_store_rollback(s);
	lt_store_unlock(s);
	return -1;
}

int
lt_store_append(struct lt_store *s, const void *buf, size_t len,
    struct lt_error *err)
{
	if (lt_write_all(s->fd, buf, len) != 0)
		return lt_error_at(err, s->path, 0, "cannot write: %s",
		    strerror(errno));
	s->wrote = 1;
	return 0;
}

int
lt_store_copy(int from, const char *fromname, off_t off, off_t len, int to,
    const char *toname, struct lt_error *err)
{
	off_t end = off + len, out;
	struct stat st;
	ssize_t n = 0, w;
	char *buf, *p;
	int fl;

	if (fstat(to, &st) != 0)
		return lt_error_at(err, toname, 0, "cannot stat: %s",
		    strerror(errno));
	out = st.st_size;
	/* copy_file_range refuses a destination opened with O_APPEND: the
	 * flag is lifted, and the copy goes to the end by offset. */
	if ((fl = fcntl(to, F_GETFL)) >= 0 &&
	    fcntl(to, F_SETFL, fl & ~O_APPEND) == 0) {
		while (off < end && (n = copy_file_range(from, &off, to, &out,
		    (size_t)(end - off), 0)) > 0)
			;
		(void)fcntl(to, F_SETFL, fl);
	}
	/* The rest through a buffer. */
	buf = lt_xmalloc(COPY_BUFSZ);
	while (off < end) {
		n = pread(from, buf, end - off < COPY_BUFSZ ?
		    (size_t)(end - off) : COPY_BUFSZ, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			lt_error_at(err, fromname, 0, "cannot read: %s",
			    n == 0 ? "the file shrank" : strerror(errno));
			break;
		}
		off += n;
		for (p = buf; n > 0; p += w, n -= w, out += w) {
			w = pwrite(to, p, (size_t)n, out);
			if (w < 0 && errno == EINTR)
				w = 0;
			else if (w < 0)
				break;
		}
		if (n > 0) {
			lt_error_at(err, toname, 0, "cannot write: %s",
			    strerror(errno));
			/* Read, not written: not done. */
			off = -1;
			break;
		}
	}
	free(buf);
	return off == end ? 0 : -1;
}

int
lt_store_append_file(struct lt_store *s, int fd, off_t len,
    struct lt_error *err)
{
	s->wrote = 1;
	return lt_store_copy(fd, "(temporary file)", 0, len, s->fd, s->path,
	    err);
}

int
lt_store_rollback(struct lt_store *s)
{
	int rc;

	if (s->fd < 0 || !s->locked)
		return -1;
	rc = ftruncate(s->fd, s->orig);
	/* Removed under the lock: a writer waiting for it finds the path
	 * gone or another file, and opens anew (lt_store_lock_path). */
	if (s->created && unlink(s->path) != 0)
		rc = -1;
	s->created = 0;
	return rc;
}

int
lt_store_finish(struct lt_store *s, int rc, int nosync, struct lt_error *err)
{
	if (rc == 0 && !nosync)
		rc = lt_store_sync(s, err);
	if (rc != 0)
		(void)lt_store_rollback(s);
	lt_store_unlock(s);
	return rc;
}

void
lt_store_unlock(struct lt_store *s)
{
	if (s->fd >= 0 && s->locked)
		flock(s->fd, LOCK_UN);
	s->locked = 0;
}

int
lt_store_sync(struct lt_store *s, struct lt_error *err)
{
	if (s->fd >= 0 && s->wrote && fdatasync(s->fd) != 0)
		return lt_error_at(err, s->path, 0, "cannot sync: %s",
		    strerror(errno));
	return 0;
}

void
lt_store_close(struct lt_store *s)
{
	lt_store_unlock(s);
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	free(s->path);
	s->path = NULL;
}
