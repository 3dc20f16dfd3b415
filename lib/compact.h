/*
 * compact.h - keeping only the last N events of a log (the class's
 * max_history), without ever losing a line a writer was told it wrote.
 *
 * The whole job runs under the log's exclusive flock(2), the lock every
 * writer takes (store.h): the log is read twice, a stream each time (once
 * to count its events, once to find where the last N begin), and that
 * tail is copied byte for byte, after a CSV log's header line, into a
 * temporary file beside the log, which is fsync'ed and renamed over the
 * log before the directory is fsync'ed.  A writer that was waiting for
 * the lock finds the log replaced and reopens it (lt_store_lock), so its
 * line lands in the new log.
 *
 * Only events count toward N.  A line that holds no event (a bad or torn
 * line, a blank one) is copied byte for byte like any other when it comes
 * after the first kept event, and is dropped with the old events when it
 * comes before.
 */
#ifndef LT_COMPACT_H
#define LT_COMPACT_H

#include <stdint.h>

#include "error.h"

#define LT_COMPACT_DRY_RUN	0x1	/* count, change nothing */

struct lt_compact_stats {
	uint64_t	events;		/* events in the log */
	uint64_t	kept;		/* events kept */
	uint64_t	dropped;	/* events dropped */
	uint64_t	bad;		/* lines that do not decode */
	uint64_t	bad_dropped;	/* of those, dropped with the events */
	uint64_t	bytes_before;	/* the log's size */
	uint64_t	bytes_after;	/* the size it has (or would have) */
	int		replaced;	/* the log was rewritten */
};

/*
 * Keep the last max (> 0) events of the log at path, filling *st.  A log
 * with max events or fewer is left as it is.  With LT_COMPACT_DRY_RUN
 * only a shared lock is taken and *st says what would happen.  Returns
 * 0, or -1 with err (the log missing, unreadable or not a regular file,
 * its directory not writable, a write failing), the log untouched.
 */
int	lt_compact(const char *path, uint64_t max, unsigned flags,
	    struct lt_compact_stats *st, struct lt_error *err);

#endif
