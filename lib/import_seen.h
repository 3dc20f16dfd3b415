/*
 * import_seen.h - what a log already holds of the tasks an import
 * appends to, so that importing a source again appends only what is new.
 *
 * An event's key is its task, its episode_count (its timestamp, to the
 * microsecond, for a source keyed by time) and its occurrence: the n-th
 * event of a task with a key in the log is the n-th point of that key
 * in the import (a run appended to its file repeats its steps).
 */
#ifndef LT_IMPORT_SEEN_H
#define LT_IMPORT_SEEN_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "engine.h"

struct lt_seen;

/* An empty set; free with lt_seen_free. */
struct lt_seen	*lt_seen_new(void);
void		 lt_seen_free(struct lt_seen *s);

/* The key of an event of a source keyed by time. */
int64_t		 lt_seen_time_key(double t);

/*
 * Read from the log at path the keys of the tasks names[0..n) that s has
 * not read yet (by_time[i]: task i is keyed by time).  A log that does
 * not exist holds nothing.  Bad lines are warned of through ro as a
 * reader warns.  Returns 0, or -1 with err.
 */
int	lt_seen_load(struct lt_seen *s, const char *path,
	    const char *const *names, const int *by_time, size_t n,
	    const struct lt_reader_opts *ro, struct lt_error *err);

/* Whether the occ-th event (from 0) of task with key is in the log;
 * *score gets its performance_score. */
int	lt_seen_has(const struct lt_seen *s, const char *task, int64_t key,
	    size_t occ, double *score);

/* Record an event appended: the next occurrence of its key. */
void	lt_seen_add(struct lt_seen *s, const char *task, int64_t key,
	    double score, double time);

/* The latest timestamp of task's events in the log, or -infinity. */
double	lt_seen_latest(const struct lt_seen *s, const char *task);

#endif
