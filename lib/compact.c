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

#include "buf.h"
#include "compact.h"
#include "engine.h"
#include "sniff.h"
#include "store.h"
#include "tempfile.h"

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
			    lt_decoder_saw_header(lp.dec))
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

/* Write the header and the tail to a temporary beside the log and swap
 * it in. */
static int
replace(int fd, const char *path, const struct stat *sb, uint64_t hdr,
    uint64_t cut, struct lt_error *err)
{
	struct lt_tempfile *t;
	int rc, to;

	if ((t = lt_tempfile_beside(path, sb->st_mode, err)) == NULL)
		return -1;
	to = t->fd;
	/* Root can give the file back to its owner; others keep theirs. */
	if (fchown(to, sb->st_uid, sb->st_gid) != 0 && errno != EPERM) {
		lt_error_at(err, path, 0, "cannot set the owner: %s",
		    strerror(errno));
		lt_tempfile_delete(t);
		return -1;
	}
	rc = lt_store_copy(fd, path, 0, (off_t)hdr, to, path, err);
	if (rc == 0)
		rc = lt_store_copy(fd, path, (off_t)cut, sb->st_size -
		    (off_t)cut, to, path, err);
	if (rc == 0)
		return lt_tempfile_commit(t, path, err);
	lt_tempfile_delete(t);
	return rc;
}

int
lt_compact(const char *path, uint64_t max, unsigned flags,
    struct lt_compact_stats *st, struct lt_error *err)
{
	struct stat sb;
	enum lt_format f;
	uint64_t hdr = 0, cut = 0;
	int fd = -1, rc;

	memset(st, 0, sizeof(*st));
	if (max == 0)
		return lt_error_set(err, "max-history 0 would empty the log");
	/* O_NONBLOCK: a FIFO is refused below, not waited on. */
	if (lt_store_lock_path(&fd, path, O_RDONLY | O_NONBLOCK,
	    flags & LT_COMPACT_DRY_RUN ?
	    LOCK_SH : LOCK_EX, &sb, err) != 0)
		return -1;
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		return lt_error_at(err, path, 0, "not a regular file");
	}
	if (lt_sniff_log(fd, path, 1, err) != 0) {
		close(fd);
		return -1;
	}
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
