/*
 * atomic.h - replacing a file all at once: write a temporary file beside
 * it, flush it to the disk, rename it over the file, flush the directory.
 *
 * Until the rename, the file under its own name is the old one (or
 * absent); after it, the whole new one.  A process ended by a signal in
 * between removes its temporary file; one killed outright leaves at worst
 * a temporary file named ".NAME.XXXXXX" beside it, never a truncated
 * NAME.  The temporary is in the same directory because
 * rename(2) is atomic only within one file system.
 */
#ifndef LT_ATOMIC_H
#define LT_ATOMIC_H

#include <stdio.h>
#include <sys/types.h>

#include "error.h"
#include "tempfile.h"

struct lt_atomic {
	char			*path;	/* the file to replace */
	struct lt_tempfile	*tmp;	/* the temporary beside it, or NULL */
	int			 fd;	/* the temporary's descriptor, or -1 */
};

/*
 * Create the temporary beside path (see tempfile.h: a signal that ends
 * the process removes it), with permissions mode.  Returns 0, or -1 with
 * err and errno set (the directory is not writable, path exists and is
 * not a regular file); nothing is left behind on failure.  Release with
 * lt_atomic_release whatever happens next.
 */
int	lt_atomic_open(struct lt_atomic *a, const char *path, mode_t mode,
	    struct lt_error *err);

/* The mode a new version of path gets: the existing file's, else 0666
 * less the umask, as a shell redirection gives. */
mode_t	lt_atomic_mode(const char *path);

/* A buffered stream on the temporary, owned by a: do not fclose it. */
FILE	*lt_atomic_stream(struct lt_atomic *a);

/*
 * Flush the stream (if any) and fsync the temporary, rename it over
 * path, and fsync the directory.  Returns 0, or -1 with err, the
 * temporary removed and path as it was.
 */
int	lt_atomic_commit(struct lt_atomic *a, struct lt_error *err);

/* Remove the temporary if it was not committed, and free a's memory. */
void	lt_atomic_release(struct lt_atomic *a);

/* The directory part of path ("." when it has none); caller frees. */
char	*lt_atomic_dirname(const char *path);

/* fsync(2) the directory dir, so that a rename in it is on the disk.
 * Returns 0, or -1 with err. */
int	lt_atomic_sync_dir(const char *dir, struct lt_error *err);

#endif
