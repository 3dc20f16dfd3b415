/*
 * compact.c - the last N events of a log, swapped in under its lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "buf.h"
#include "compact.h"
#include "engine.h"
#include "store.h"

#define COPY_BUFSZ	(1 << 20)

/* Open and lock the log (lt_store_lock_path), a regular file. */
static int
lock_log(const char *path, int how, struct stat *st, struct lt_error *err)
{
	int fd = -1;

	if (lt_store_lock_path(&fd, path, O_RDONLY, how, st, err) != 0)
		return -1;
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return lt_error_at(err, path, 0, "not a regular file");
	}
	return fd;
}

/* The log's format: from its name, else from its first bytes. */
static enum lt_format
log_format(const char *path, int fd)
{
	enum lt_format f = lt_format_from_name(path);
	char buf[64];
	ssize_t n;

	if (f != LT_FORMAT_AUTO)
		return f;
	n = pread(fd, buf, sizeof(buf), 0);
	f = n > 0 ? lt_format_sniff(buf, (size_t)n) : LT_FORMAT_AUTO;
	return f == LT_FORMAT_AUTO ? LT_FORMAT_CSV : f;
}

/*
 * Read the log from its start.  With skip == UINT64_MAX count its events
 * and bad lines into st and find the CSV header's end (*hdr, 0 if none);
 * otherwise stop at the start of event number skip (0-based) and put its
 * offset in *cut, counting the bad lines passed into st->bad_dropped.
 */
static int
scan(int fd, const char *path, enum lt_format f, uint64_t size,
    uint64_t skip, struct lt_compact_stats *st, uint64_t *hdr,
    uint64_t *cut, struct lt_error *err)
{
	struct lt_lineproc lp;
	struct lt_lines *lines;
	struct lt_event ev;
	char *line;
	size_t len;
	uint64_t start, seen = 0;
	int rc, complete, status = 0;

	if (lseek(fd, 0, SEEK_SET) != 0)
		return lt_error_at(err, path, 0, "cannot seek: %s",
		    strerror(errno));
	lines = lt_lines_new(fd);
	lt_lineproc_init(&lp, path, f, 0, 0, NULL);
	while ((start = lt_lines_offset(lines)) < size) {
		rc = lt_lines_next(lines, &line, &len, &complete);
		if (rc < 0)
			status = lt_error_at(err, path, lp.line + 1,
			    "cannot read: %s", strerror(errno));
		if (rc <= 0)
			break;
		rc = lt_lineproc_line(&lp, line, len, &ev, NULL);
		if (skip == UINT64_MAX) {
			if (lp.line == 1 && hdr != NULL &&
			    lt_lineproc_saw_header(&lp))
				*hdr = lt_lines_offset(lines);
			st->events += rc == 1;
			continue;
		}
		if (rc == 1 && seen++ == skip) {
			*cut = start;
			break;
		}
	}
	if (skip == UINT64_MAX)
		st->bad = lp.skipped;
	else
		st->bad_dropped = lp.skipped;
	lt_lines_free(lines);
	lt_lineproc_release(&lp);
	return status;
}

static int
copy_range(int from, int to, uint64_t start, uint64_t end, char *buf,
    const char *path, struct lt_error *err)
{
	const char *p;
	ssize_t n, w;
	size_t want;

	while (start < end) {
		want = end - start < COPY_BUFSZ ? (size_t)(end - start) :
		    COPY_BUFSZ;
		n = pread(from, buf, want, (off_t)start);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return lt_error_at(err, path, 0, "cannot read: %s",
			    n == 0 ? "the log shrank" : strerror(errno));
		start += (uint64_t)n;
		for (p = buf; n > 0; p += w, n -= w) {
			w = write(to, p, (size_t)n);
			if (w < 0 && errno == EINTR)
				w = 0;
			else if (w < 0)
				return lt_error_at(err, path, 0, "cannot write "
				    "the compacted log: %s", strerror(errno));
		}
	}
	return 0;
}

/* Write the header and the tail to a temporary beside the log and swap
 * it in. */
static int
replace(int fd, const char *path, const struct stat *sb, uint64_t hdr,
    uint64_t cut, struct lt_error *err)
{
	struct lt_atomic a;
	char *buf;
	int rc;

	if (lt_atomic_open(&a, path, sb->st_mode, err) != 0)
		return -1;
	/* Root can give the file back to its owner; others keep theirs. */
	if (fchown(a.fd, sb->st_uid, sb->st_gid) != 0 && errno != EPERM) {
		lt_error_at(err, path, 0, "cannot set the owner: %s",
		    strerror(errno));
		lt_atomic_release(&a);
		return -1;
	}
	buf = lt_xmalloc(COPY_BUFSZ);
	rc = copy_range(fd, a.fd, 0, hdr, buf, path, err);
	if (rc == 0)
		rc = copy_range(fd, a.fd, cut, (uint64_t)sb->st_size, buf,
		    path, err);
	free(buf);
	if (rc == 0)
		rc = lt_atomic_commit(&a, err);
	lt_atomic_release(&a);
	return rc;
}

int
lt_compact(const char *path, uint64_t max, unsigned flags,
    struct lt_compact_stats *st, struct lt_error *err)
{
	struct stat sb;
	enum lt_format f;
	uint64_t hdr = 0, cut = 0;
	int fd, rc;

	memset(st, 0, sizeof(*st));
	if (max == 0)
		return lt_error_set(err, "max-history 0 would empty the log");
	fd = lock_log(path, flags & LT_COMPACT_DRY_RUN ? LOCK_SH : LOCK_EX,
	    &sb, err);
	if (fd < 0)
		return -1;
	st->bytes_before = st->bytes_after = (uint64_t)sb.st_size;
	f = log_format(path, fd);
	rc = scan(fd, path, f, st->bytes_before, UINT64_MAX, st,
	    f == LT_FORMAT_CSV ? &hdr : NULL, NULL, err);
	if (rc != 0 || st->events <= max) {
		st->kept = st->events;
		close(fd);
		return rc;
	}
	st->kept = max;
	st->dropped = st->events - max;
	rc = scan(fd, path, f, st->bytes_before, st->dropped, st, NULL, &cut,
	    err);
	if (rc == 0) {
		st->bytes_after = hdr + st->bytes_before - cut;
		if (!(flags & LT_COMPACT_DRY_RUN)) {
			rc = replace(fd, path, &sb, hdr, cut, err);
			st->replaced = rc == 0;
		}
	}
	/* Closing releases the lock: only now may waiting writers go on. */
	close(fd);
	return rc;
}
