/*
 * analysis.h - what a log says about learning: trend, curve, convergence,
 * report and real-time metrics, as the Python class computed them.
 *
 * Every analysis is one streaming pass over lt_reader_next: memory grows
 * with the number of tasks and the windows asked for, never with the
 * number of events.  Results are jansson objects with the class's key
 * names (SPEC.md's appendix), so that a command prints them with
 * lt_out_json or renders them as a table; the caller owns each result and
 * frees it with json_decref.  Nothing here prints.
 */
#ifndef LT_ANALYSIS_H
#define LT_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "error.h"
#include "reader.h"
#include "stats.h"

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
	struct lt_reader_opts	 ropts;		/* strictness, warnings */
	size_t			 skipped;	/* out: bad lines skipped */
};

/* Parse "index", "episode" or "time"; returns 0, or -1 with err. */
int	lt_xaxis_parse(const char *s, enum lt_xaxis *x, struct lt_error *err);

/* Check that metric is an event field with a number (performance_score,
 * learning_rate, episode_count, convergence_metric, timestamp) or could
 * be a metadata key (not empty, not task_type or metadata).  Returns 0,
 * or -1 with err naming it. */
int	lt_metric_check(const char *metric, struct lt_error *err);

/* Start sel with defaults: no paths, all tasks, no bounds, the score, the
 * index on x, warnings off. */
void	lt_sel_init(struct lt_sel *sel);

/*
 * Trend.
 */

/* What lt trend --check asks besides the trend: a plateau detector run
 * over every selected point of each task, in order (Keras keeps the best
 * of the whole run, so the window does not cut it). */
struct lt_trend_opts {
	long			 window;	/* points; 0: all */
	bool			 plateau;	/* run the detector */
	enum lt_stats_mode	 mode;
	size_t			 patience;
	enum lt_plateau_delta	 kind;
	double			 delta;
};

/*
 * The trend of each selected task over its last window points: an object
 * keyed by task (first appearance order), each with trend, confidence,
 * recent_avg, improvement_rate, n, intercept, p_value, stderr, direction
 * (improving or declining the way o->mode calls better, flat when p >=
 * 0.05);
 * with o->plateau also "plateau" (a boolean).  Under LT_STATS_MIN_N
 * points the class's zeros, p_value 1 and direction "insufficient_data".
 * A task named in sel->tasks with no points is an error.  Returns the
 * object (caller decrefs) or NULL with err.
 */
json_t	*lt_analysis_trend(struct lt_sel *sel, const struct lt_trend_opts *o,
	    struct lt_error *err);

/* The trend object of a fit and the mean of the last ten values, as
 * lt_analysis_trend writes it, with the direction mode calls better (a
 * new reference). */
json_t	*lt_trend_json(const struct lt_fit *fit, double recent_avg,
	    enum lt_stats_mode mode);

/*
 * Curve.
 */

/*
 * The last window points (0: all) of the one task in sel->tasks[0]:
 * {"timestamps": [...], "scores": [...]}, with "x" when sel->x is not
 * time and "smoothed" when smooth is not NULL.  The smoother (started by
 * the caller, borrowed) sees every point of the task, in order, before the
 * window is cut.  No point is an error.  Returns the object or NULL with
 * err.
 */
json_t	*lt_analysis_curve(struct lt_sel *sel, long window,
	    struct lt_smoother *smooth, struct lt_error *err);

/*
 * Convergence.
 */

/* The class's get_convergence_analysis over the selected events: those
 * with convergence_metric < threshold converge.  A task named in
 * sel->tasks without events is an error.  Returns the object or NULL with
 * err. */
json_t	*lt_analysis_converge(struct lt_sel *sel, double threshold,
	    struct lt_error *err);

/*
 * Report.
 */

/*
 * The class's generate_learning_report.  last 0: over the whole selected
 * log; last N: overall_performance, task_analysis's counts, averages and
 * latest scores, average_learning_rate and time_span_hours over the last
 * N events, the rest over the whole log.  goal_summary is stolen (the
 * report holds it); now is report_timestamp.  An empty log is a report of
 * zero events.  Returns the object or NULL with err (goal_summary then
 * freed).
 */
json_t	*lt_analysis_report(struct lt_sel *sel, long last, double now,
	    json_t *goal_summary, struct lt_error *err);

/* The goal summary of a log without goals, as the appendix gives it. */
json_t	*lt_goal_summary_empty(void);

/*
 * Metrics.
 */

/*
 * The class's get_real_time_metrics over the logs paths[0..n), read from
 * their ends: the last events of each regular file are found by reading
 * backwards in blocks, total_learning_events counts the newlines without
 * parsing (see lt_count_events); standard input is streamed.  An empty log
 * gives {}.  active_goals is the caller's.  Returns the object or NULL
 * with err.
 */
json_t	*lt_analysis_metrics(struct lt_sel *sel, long active_goals,
	    struct lt_error *err);

/*
 * The events in the regular file open on fd, of format fmt, by counting
 * lines: every newline ends a line, a last line without one counts too,
 * and a CSV file's first line (its header) does not.  Blank and bad lines
 * are counted as events: telling them apart would mean parsing.  Returns
 * 0 with *count, or -1 with err on a read error.
 */
int	lt_count_events(int fd, int csv, unsigned long long *count,
	    struct lt_error *err);

#endif
