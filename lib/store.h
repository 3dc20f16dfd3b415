/*
 * store.h - appending to a log so that no line is ever lost or torn by
 * another writer.
 *
 * Every append happens under an exclusive flock(2) on the log, through a
 * descriptor opened with O_APPEND, in whole lines.  Once it holds the
 * lock, a writer makes sure its descriptor is still the file at the log's
 * path (lt compact replaces logs by rename) and reopens it if not.  Under
 * the lock, a new or empty CSV log gets its header, and a log whose last
 * line was torn (a writer killed mid-line) gets that line ended first, so
 * the damage stays one bad line.
 */
#ifndef LT_STORE_H
#define LT_STORE_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "error.h"
#include "format.h"

struct lt_store {
	char		*path;
	int		 fd;		/* -1 until the log is opened */
	enum lt_format	 fmt;
	int		 locked;
	int		 wrote;		/* appended since opened */
	int		 repaired;	/* ended a torn last line */
	off_t		 mark;		/* the log's size once locked and ready */
	off_t		 orig;		/* its size when locked, before that */
	int		 created;	/* this lock's open made the file */
};

/*
 * Take the flock(2) how (LOCK_SH or LOCK_EX) on the file at path, opened
 * on *fd with flags (and mode, when flags has O_CREAT) unless *fd is open
 * already, and make sure that the file locked is still the one at path:
 * lt compact replaces a log by rename, and a descriptor on the file it
 * replaced is no use to a writer or a reader that waited for the lock.
 * Reopens until it holds the lock on the file at path.  *st gets the
 * file's status.  Returns 0, or -1 with err (*fd then closed and -1).
 */
int	lt_store_lock_path(int *fd, const char *path, int flags, int how,
	    struct stat *st, struct lt_error *err);

/*
 * Prepare to append to the log at path, in format fmt (AUTO: from the
 * name, else from the content of an existing log).  Nothing is opened or
 * created yet.  Returns 0, or -1 with err when the format cannot be told.
 * Release with lt_store_close.
 */
int	lt_store_init(struct lt_store *s, const char *path, enum lt_format fmt,
	    struct lt_error *err);

/*
 * Open (creating it if need be) and lock the log, and make it ready for
 * whole lines: the CSV header written to an empty CSV log, a torn last
 * line ended.  Refuses a log whose content is in the other format than
 * s->fmt.  Returns 0, or -1 with err, the log untouched.
 */
int	lt_store_lock(struct lt_store *s, struct lt_error *err);

/* Append len bytes (whole lines) to the locked log.  Returns 0 or -1. */
int	lt_store_append(struct lt_store *s, const void *buf, size_t len,
	    struct lt_error *err);

/* Append the first len bytes of the file open at fd (whole lines) to the
 * locked log, with lt_store_copy.  Returns 0 or -1. */
int	lt_store_append_file(struct lt_store *s, int fd, off_t len,
	    struct lt_error *err);

/*
 * Copy bytes [off, off + len) of the file open at from to the end of the
 * file open at to (with O_APPEND or not; no one else may write to it
 * meanwhile): in the kernel with copy_file_range(2) where the two files
 * allow it, else through a buffer.  Returns 0, or -1 with err naming
 * fromname or toname.
 */
int	lt_store_copy(int from, const char *fromname, off_t off, off_t len,
	    int to, const char *toname, struct lt_error *err);

/* Cut the locked log back to its size when lt_store_lock found it (the
 * header it wrote and a torn line it ended taken back too), and remove
 * it if lt_store_lock created it, so that appends that failed half-way
 * leave every file as it was.  Returns 0 or -1 (errno set). */
int	lt_store_rollback(struct lt_store *s);

/*
 * End an append under the lock: when rc is 0, sync what was appended
 * (unless nosync); when rc is not 0 or the sync fails, roll back
 * (lt_store_rollback); then unlock.  Returns 0 when the appends are on
 * the disk (or nosync), else -1 with err (set here for a failed sync,
 * kept from the caller otherwise).
 */
int	lt_store_finish(struct lt_store *s, int rc, int nosync,
	    struct lt_error *err);

/* Release the lock (the descriptor stays open for the next append). */
void	lt_store_unlock(struct lt_store *s);

/* Flush what was appended to the disk with fdatasync(2). */
int	lt_store_sync(struct lt_store *s, struct lt_error *err);

/* Unlock and close; frees what lt_store_init allocated. */
void	lt_store_close(struct lt_store *s);

#endif
