/*
 * watch.h - waiting for files and directories to change, for lt import
 * --follow and lt watch: inotify(7) where the kernel has it, and in any case a look
 * at every file's size and modification time at each interval, which
 * also covers file systems that inotify does not see (NFS).
 */
#ifndef LT_WATCH_H
#define LT_WATCH_H

#include <signal.h>
#include <stddef.h>

#include "error.h"

struct lt_watch;

/* Watch paths[0..n) (files, or directories with what is below them; the
 * strings are copied).  Returns the watch (free with lt_watch_free), or
 * NULL with err when a path cannot be looked at. */
struct lt_watch	*lt_watch_new(const char *const *paths, size_t n,
		    struct lt_error *err);
void		 lt_watch_free(struct lt_watch *w);

/*
 * Wait until something under the paths changed since the last return
 * (or since lt_watch_new), looking at least every interval_ms, and a
 * little longer, until the writes stop for settle_ms, so that one
 * import sees a burst of writes.  While it waits, the signal mask is
 * mask (as ppoll(2) sets it, atomically: a caller that blocks the
 * signals that should stop it, and unblocks them only here, cannot miss
 * one).  Returns 1 when something changed, or 0 when a signal
 * interrupted the wait.
 */
int		 lt_watch_wait(struct lt_watch *w, int interval_ms,
		    int settle_ms, const sigset_t *mask);

/* lt_watch_wait, returning 2 as soon as fd (-1: none) is readable: a
 * terminal's keys, for lt watch. */
int		 lt_watch_wait_fd(struct lt_watch *w, int interval_ms,
		    int settle_ms, const sigset_t *mask, int fd);

#endif
