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

/* The last scores of one task of a log. */
struct lt_tail_scores {
	char	*task;		/* the task, or NULL: the log has no event */
	double	*v;		/* its last scores, oldest first */
	size_t	 n;		/* min(want, the task's events) */
	char	*other;		/* no task asked: another task among the
				 * last want events, or NULL */
};

/*
 * The last want >= 1 scores of task in the log at path into *out, read
 * as lt_tail_of reads (from the end of a regular file, in blocks that
 * grow until want of the task's events are in one, so that a rare task
 * costs more reading than a frequent one).  With task NULL, the task is
 * that of the log's last event, and out->other names another task met
 * among the log's last want events (so that a log interleaving tasks is
 * not taken for one run).  Bad lines are warned through sel->ropts and
 * counted in sel->skipped.  Returns 0 (out->task NULL when the log has no
 * event of the task), or -1 with err; the caller releases *out with
 * lt_tail_scores_release in either case.
 */
int	lt_tail_scores(const char *path, const char *task, size_t want,
	    struct lt_sel *sel, struct lt_tail_scores *out,
	    struct lt_error *err);

void	lt_tail_scores_release(struct lt_tail_scores *s);

#endif
