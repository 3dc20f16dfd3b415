/*
 * scan.h - the selected events of logs, and the metric an analysis
 * follows: the one loop every analysis reads events through.
 *
 * A selection names the logs, the tasks, a span of time and the metric;
 * a scan hands out the events of the selection in file order (several
 * logs merged by time), through lt_events, so a big log is decoded on two
 * threads, and reads the metric of each with lt_metric_of(&sc.metric).
 */
#ifndef LT_SCAN_H
#define LT_SCAN_H

#include <stddef.h>

#include "error.h"
#include "event.h"
#include "engine.h"
#include "tasktab.h"

/* What a trend or a curve puts on its x axis. */
enum lt_xaxis {
	LT_X_INDEX,		/* 0, 1, ... within the window, as the class */
	LT_X_EPISODE,		/* episode_count */
	LT_X_TIME		/* timestamp, Unix seconds */
};

/*
 * Which part of which logs an analysis reads.  All pointers are borrowed
 * for the call.  since and until are NaN when not given; both bounds are
 * inclusive.  An event of a task not in tasks[0..ntasks) (when ntasks > 0)
 * or outside the bounds is not part of the log.
 */
struct lt_sel {
	const char *const	*paths;		/* "-" is standard input */
	size_t			 npaths;
	const char *const	*tasks;
	size_t			 ntasks;
	double			 since;
	double			 until;
	const char		*metric;	/* NULL: performance_score */
	enum lt_xaxis		 x;
	int			 mode;		/* enum lt_stats_mode for
						 * every task (--mode), or
						 * -1: each task's own */
	struct lt_reader_opts	 ropts;		/* strictness, warnings */
	size_t			 skipped;	/* out: bad lines skipped */
};

/* Start sel with defaults: no paths, all tasks, no bounds, the score, the
 * index on x, each task's own direction, warnings off. */
void	lt_sel_init(struct lt_sel *sel);

/* Parse "index", "episode" or "time"; returns 0, or -1 with err. */
int	lt_xaxis_parse(const char *s, enum lt_xaxis *x, struct lt_error *err);

/* Check that metric is an event field with a number (performance_score,
 * learning_rate, episode_count, convergence_metric, timestamp) or could
 * be a metadata key (not empty, not task_type or metadata).  Returns 0,
 * or -1 with err naming it. */
int	lt_metric_check(const char *metric, struct lt_error *err);

/* Whether ev is part of the log s selects: in its span of time, of one
 * of its tasks (any when it names none). */
int	lt_sel_keeps(const struct lt_sel *s, const struct lt_event *ev);

/* Every task named in s has events (as seen by the table t): 0, or -1
 * with err naming the first that has none. */
int	lt_sel_check_named(const struct lt_sel *s, const struct lt_tasktab *t,
	    struct lt_error *err);

/* The x of ev, the index-th point of its series, on axis x. */
double	lt_x_of(enum lt_xaxis x, const struct lt_event *ev, size_t index);

/*
 * A metric of events: a field of the event (timestamp, performance_score,
 * learning_rate, episode_count, convergence_metric) or a metadata key,
 * resolved once by name.  The one way lt reads "the value an analysis or
 * a linked goal follows" out of an event.
 */
struct lt_metric {
	char	*name;
	int	 field;		/* LT_F_*, or -1: a metadata key */
	char	*quoted;	/* "name" as JSON text, to skip the parse */
};

/* Resolve name (copied) for lt_metric_of; release with
 * lt_metric_release. */
void	lt_metric_init(struct lt_metric *m, const char *name);

/* The metric of ev, or NaN when ev does not carry it as a number (a
 * metadata key absent or not a number; task_type and metadata are never
 * numbers). */
double	lt_metric_of(const struct lt_metric *m, const struct lt_event *ev);

void	lt_metric_release(struct lt_metric *m);

struct lt_scan {
	struct lt_events	*ev;
	struct lt_sel		*sel;
	struct lt_metric	 metric;	/* the selection's */
};

/* Open the selection's logs; sel is borrowed until lt_scan_close, which
 * sets sel->skipped.  Returns 0, or -1 with err. */
int	lt_scan_open(struct lt_scan *sc, struct lt_sel *sel,
	    struct lt_error *err);

/* The next event of the selection in *ev (borrowed until the next call).
 * Returns 1, 0 at the end, -1 with err. */
int	lt_scan_next(struct lt_scan *sc, struct lt_event *ev,
	    struct lt_error *err);

void	lt_scan_close(struct lt_scan *sc);

#endif
