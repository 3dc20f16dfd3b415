/*
 * tail.h - the end of a log without reading all of it: its last events
 * and its number of events.
 */
#ifndef LT_TAIL_H
#define LT_TAIL_H

#include <stddef.h>

#include "error.h"
#include "scan.h"
#include "trend.h"

/*
 * The events in the file open on fd, by counting lines: every newline
 * ends a line, a last line without one counts too, and with csv set the
 * first line (its header) does not.  Blank and bad lines are counted as
 * events: telling them apart would mean parsing.  With cachedir non-NULL
 * the counts of large regular files are kept in cachedir/counts (see
 * tail.c; made if missing), so that a log that only grew is counted from
 * where it was last.  Returns 0 with *count, or -1 with err on a read
 * error.
 */
int	lt_count_events(int fd, int csv, const char *cachedir,
	    unsigned long long *count, struct lt_error *err);

/* The last events of one log, oldest first. */
struct lt_tailev {
	size_t	seq;		/* order of reading, for ties in time */
	double	ts;
	double	score;
	double	lr;
};

struct lt_tail {
	struct lt_tailev	ev[LT_RECENT];
	size_t		n;		/* events seen */
	unsigned long long total;
};


/*
 * The last LT_RECENT events of the log at path into *t, and its number of
 * events: a regular file is read from its end in growing blocks, anything
 * else (standard input, a pipe) streamed.  Bad lines are warned through
 * sel->ropts and counted in sel->skipped; the count cache is
 * sel->ropts.count_cache.  Returns 0, or -1 with err.
 */
int	lt_tail_of(const char *path, struct lt_sel *sel, struct lt_tail *t,
	    struct lt_error *err);

#endif
