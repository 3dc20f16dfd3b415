/*
 * live.h - what growing logs say now, for lt serve and lt watch: the
 * followers of the logs (follow.h) and the states of the analyses
 * (analysis.h) and goals, fed only what the logs gained since the last
 * refresh, so that a refresh costs the same on a log of 10^7 events as
 * on one of 10^3.
 *
 * The numbers are those of the one-pass commands on the logs as they
 * are: the events are pushed in the order lt_events reads them (file
 * order; several logs merged by time, ties to the log named first).
 * Some changes cannot be added to what was pushed, and the logs are then
 * read again from their start, once: a log replaced (lt compact) or
 * shrunk; an event appended to one log that sorts before events already
 * taken from another; a goals log changed while a goal is linked to a
 * task; a log's tasks file changed (the directions and score names the
 * states read events under); and a trend window, curve window or
 * smoothing not asked for before (the states of the LT_LIVE_EXTRA_MAX
 * asked for last are kept).
 */
#ifndef LT_LIVE_H
#define LT_LIVE_H

#include <stddef.h>
#include <stdint.h>

#include "analysis.h"
#include "engine.h"
#include "error.h"
#include "goal.h"
#include "groups.h"
#include "tasktab.h"

/* The default windows: lt trend's and lt curve's. */
#define LT_LIVE_TREND_WINDOW	50
#define LT_LIVE_CURVE_WINDOW	100

/* The last scores kept of each task of each log, for lt compare's
 * summary last: 8 bytes a score, 8 KB a task of a log. */
#define LT_LIVE_COMPARE_RING	1024

/* States kept for windows and smoothings other than the defaults. */
#define LT_LIVE_EXTRA_MAX	16

struct lt_live;

/*
 * Follow the logs paths[0..n) (copied; none may be "-") with the goals
 * log goals (copied; NULL: none), lines judged under ropts (copied).
 * Nothing is read before lt_live_refresh.  Free with lt_live_free.
 */
struct lt_live	*lt_live_new(const char *const *paths, size_t n,
		    const char *goals, const struct lt_reader_opts *ropts);
void		 lt_live_free(struct lt_live *l);

/*
 * Read what the logs and the goals log gained.  Returns 1 when what the
 * results say changed (events, goals, a log that appeared, vanished or
 * was replaced), 0 when nothing did, or -1 with err (a log unreadable or
 * not an lt log, a bad line under LT_READ_STRICT, a bad goals log);
 * after an error the next refresh reads the logs from their start.
 */
int		 lt_live_refresh(struct lt_live *l, struct lt_error *err);

/* A number that changes whenever lt_live_refresh returned 1. */
uint64_t	 lt_live_generation(const struct lt_live *l);

/* The first log that does not exist, or NULL when all do: borrowed until
 * lt_live_free. */
const char	*lt_live_missing(const struct lt_live *l);

/* The first log whose last line has no newline yet (it is left until it
 * is finished), with *line its number; NULL when there is none.
 * Borrowed until lt_live_free. */
const char	*lt_live_torn(const struct lt_live *l, long *line);

/* The tasks with events, in order of first appearance; borrowed until
 * the next refresh. */
const struct lt_tasktab *lt_live_tasks(const struct lt_live *l);

/* The events, the best (in the task's direction) and the latest score
 * of task index i of lt_live_tasks. */
size_t		 lt_live_count(const struct lt_live *l, size_t i);
double		 lt_live_best(const struct lt_live *l, size_t i);
double		 lt_live_latest(const struct lt_live *l, size_t i);

/* The goals: borrowed until the next refresh; NULL when there is no
 * goals log.  Their estimated completion times are those of the last
 * lt_live_now (lt_live_report's now included). */
const struct lt_goals *lt_live_goals(const struct lt_live *l);

/* The time now, for the goals' estimated completion times: one at or
 * before now is none ("past"), as lt_goals_load says.  now only grows
 * between refreshes (NaN: no time). */
void		 lt_live_now(struct lt_live *l, double now);

/* lt metrics's numbers, into *m. */
void		 lt_live_metrics(const struct lt_live *l, struct lt_metrics *m);

/* lt report's, report_timestamp now.  Returns the report (free with
 * lt_report_free before the next refresh) or NULL with err. */
struct lt_report *lt_live_report(struct lt_live *l, double now,
		    struct lt_error *err);

/*
 * lt trend's over the last window points (0: all) of task (NULL: of
 * every task), x the index, or lt curve's of task over its last window
 * points, x the time,
 * smoothed as smooth says (NULL: not; see lt_smoother_init).  A window
 * or smoothing not asked for before reads the logs again.  A task
 * without events, or a bad smooth, is an error.  Returns the result
 * (free with lt_trends_free or lt_curve_free) or NULL with err.
 */
struct lt_trends *lt_live_trend(struct lt_live *l, const char *task,
		    long window, struct lt_error *err);
struct lt_curve	*lt_live_curve(struct lt_live *l, const char *task,
		    long window, const char *smooth, struct lt_error *err);

/*
 * lt compare's groups of the logs as they are now, as lt_groups_new
 * makes them of specs (members: logs followed) or with o->log (a log
 * followed) of its tasks, byte for byte the same, without reading the
 * logs: each task of each log keeps, as events are pushed, its count,
 * best in either direction, mean, and last LT_LIVE_COMPARE_RING scores,
 * under its own log's tasks file.  Only what is not kept is read, as
 * lt_groups_new reads it: more last scores than that (from the log's
 * end), and where a run names no task, a log with another (up to its
 * second task, or its end).  o->curves is an error.  Returns the groups
 * (free with lt_groups_free) or NULL with err.
 */
struct lt_groups *lt_live_compare(struct lt_live *l,
		    const struct lt_groups_spec *specs, size_t nspecs,
		    const struct lt_groups_opts *o, struct lt_error *err);

#endif
