/*
 * tempfile.h - temporary files that never outlive the process, in the
 * manner of git's tempfile.c, and files replaced all at once through
 * them.
 *
 * A named temporary file made here is registered from its creation until
 * it is renamed into place or deleted.  Every file still registered is
 * removed when the process exits, and when SIGHUP, SIGINT, SIGPIPE or
 * SIGTERM ends it: the handler removes the files, then raises the signal
 * again under the disposition it had before, so the process still dies
 * of it (a shell sees 129, 130, 141 or 143).  A signal ignored when the
 * first file was registered (nohup, a background job's SIGINT) stays
 * ignored.  Only the process that made a file removes it, not a child
 * forked after.
 *
 * The handlers walk the registry from whichever thread the signal lands
 * on; the library's worker threads block these signals (see
 * lt_tempfile_block_signals), so they reach the thread that registers.
 */
#ifndef LT_TEMPFILE_H
#define LT_TEMPFILE_H

#include <signal.h>
#include <stdio.h>
#include <sys/types.h>

#include "error.h"

/* Callers read path and fd; the rest is the registry's. */
struct lt_tempfile {
	char			*path;	/* borrowed until renamed or deleted */
	int			 fd;	/* -1 once closed */
	FILE			*fp;	/* lt_tempfile_stream's */
	pid_t			 owner;	/* the process that removes it */
	struct lt_tempfile	*volatile next;	/* in the registry */
};

/*
 * Create a new file from tmpl, a path ending in "XXXXXX" (replaced by
 * random characters), open for reading and writing with O_CLOEXEC and
 * permissions mode, and register it.  Returns the file (rename it with
 * lt_tempfile_rename or remove it with lt_tempfile_delete), or NULL with
 * err naming the directory and errno set.
 */
struct lt_tempfile *lt_tempfile_new(const char *tmpl, mode_t mode,
	    struct lt_error *err);

/* A buffered stream on the file, made on the first call; owned by t (do
 * not fclose it). */
FILE	*lt_tempfile_stream(struct lt_tempfile *t);

/*
 * Flush the stream if any, fsync(2) the file when sync is set, and close
 * it; the file stays registered.  Returns 0, or -1 with err (errno set)
 * when a write or the sync fails.
 */
int	lt_tempfile_close(struct lt_tempfile *t, int sync,
	    struct lt_error *err);

/*
 * Close the file and rename it to path; from then on it is no longer
 * removed.  t is freed either way.  Returns 0, or -1 with err (errno set)
 * when the rename fails, the temporary file then removed.
 */
int	lt_tempfile_rename(struct lt_tempfile *t, const char *path,
	    struct lt_error *err);

/* Close and remove the file, and free t (NULL: nothing). */
void	lt_tempfile_delete(struct lt_tempfile *t);

/*
 * Replacing a file all at once: the temporary ".NAME.XXXXXX" beside path
 * (rename(2) is atomic within one file system only), with permissions
 * mode, then lt_tempfile_commit.  Until the rename, the file under its
 * own name is the old one (or absent); after it, the whole new one; a
 * process killed outright in between leaves at worst the temporary,
 * never a truncated NAME.  Returns the temporary, or NULL with err and
 * errno set (path is a directory, exists and is not a regular file, or
 * its directory is not writable).
 */
struct lt_tempfile *lt_tempfile_beside(const char *path, mode_t mode,
	    struct lt_error *err);

/* The mode a new version of path gets: the existing file's, else 0666
 * less the umask, as a shell redirection gives. */
mode_t	lt_tempfile_mode(const char *path);

/*
 * Flush the stream, fsync the file, rename it over path and fsync the
 * directory.  t is freed either way.  Returns 0, or -1 with err naming
 * path (errno set), the temporary removed and path as it was.
 */
int	lt_tempfile_commit(struct lt_tempfile *t, const char *path,
	    struct lt_error *err);

/* The directory part of path ("." when it has none); caller frees. */
char	*lt_tempfile_dirname(const char *path);

/*
 * An unnamed temporary file in dir, for data that must never be seen by
 * name: O_TMPFILE where the file system has it, else a file made and
 * unlinked at once, so that nothing remains to be removed.  Returns its
 * descriptor (O_CLOEXEC; the caller closes it), or -1 with err.
 */
int	lt_tempfile_anon(const char *dir, struct lt_error *err);

/*
 * Block, in the calling thread, the signals whose handler removes the
 * temporary files, saving the old mask in *old (restore it with
 * pthread_sigmask(SIG_SETMASK, old, NULL)).  A thread started in between
 * inherits the blocked mask, so the handler runs only on threads that
 * register files.
 */
void	lt_tempfile_block_signals(sigset_t *old);

#endif
