/*
 * trend.h - the least-squares trend of each task over its last points
 * (the class's get_performance_trend), and the plateau detector of
 * lt trend --check.
 */
#ifndef LT_TREND_H
#define LT_TREND_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "error.h"
#include "ring.h"
#include "scan.h"
#include "stats.h"

/* The class's window for recent averages, and for a task's trend inside
 * a report. */
#define LT_RECENT		10
#define LT_REPORT_TREND_WINDOW	50

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

/* One task's series for a trend: the window's points (or, for all points,
 * a running fit and the last ten), and the plateau detector. */
struct lt_trend_state {
	struct lt_ring		pts;
	struct lt_fitacc	acc;
	size_t			count;
	struct lt_plateau	pl;
};

/* Start ts for a window of window points (0: all); release its ring with
 * lt_ring_release(&ts->pts). */
void	lt_trend_state_init(struct lt_trend_state *ts, long window);

/* Add ev's value y, at ev's x on axis x. */
void	lt_trend_state_push(struct lt_trend_state *ts, long window,
	    enum lt_xaxis x, const struct lt_event *ev, double y);

/* The fit over the last window points (0: all), and the mean of the last
 * LT_RECENT.  Returns 0, or -1 with err. */
int	lt_trend_state_fit(const struct lt_trend_state *ts, long window,
	    enum lt_xaxis x, struct lt_fit *fit, double *recent,
	    struct lt_error *err);

#endif
