/*
 * trend.h - the least-squares trend of each task over its last points
 * (the class's get_performance_trend), and the plateau detector of
 * lt trend --check.
 */
#ifndef LT_TREND_H
#define LT_TREND_H

#include <stdbool.h>
#include <stddef.h>

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
 * A trend as the class reports it (SPEC.md's appendix), each field under
 * its JSON key's name: under LT_STATS_MIN_N points the class's zeros,
 * p_value 1 and no direction (enough false).
 */
struct lt_trend {
	double			 trend;		/* least-squares slope */
	double			 confidence;	/* r squared */
	double			 recent_avg;	/* mean of the last LT_RECENT */
	double			 improvement_rate; /* trend * n */
	size_t			 n;
	double			 intercept;
	double			 p_value;
	double			 stderr_slope;	/* JSON "stderr" */
	bool			 enough;	/* n >= LT_STATS_MIN_N */
	enum lt_stats_direction	 direction;	/* when enough */
};

/* Fill t from a fit and the mean of its last ten values, with the
 * direction mode calls better (flat when p >= 0.05). */
void	lt_trend_set(struct lt_trend *t, const struct lt_fit *fit,
	    double recent_avg, enum lt_stats_mode mode);

/* "improving", "declining", "flat", or "insufficient_data" when t has
 * too few points: a static string. */
const char *lt_trend_direction(const struct lt_trend *t);

/* One task's trend, and what the plateau detector says. */
struct lt_trend_task {
	const char	*task;		/* owned by the struct lt_trends */
	struct lt_trend	 trend;
	bool		 plateau;	/* when lt_trends.has_plateau */
};

struct lt_trends {
	struct lt_trend_task	*v;	/* in order of first appearance */
	size_t			 n;
	bool			 has_plateau;	/* the detector ran */
	bool			 single;	/* one task was named: its
						 * trend is the answer */
	struct lt_tasktab	 names;
};

/*
 * The trend of each selected task over its last window points (o->window;
 * 0: all), with the direction o->mode calls better; with o->plateau, the
 * detector's verdict too.  A task named in sel->tasks with no points is
 * an error.  Returns the trends (free with lt_trends_free) or NULL with
 * err.  It is lt_trend_acc_new, every selected event pushed, and
 * lt_trend_acc_result.
 */
struct lt_trends *lt_analysis_trend(struct lt_sel *sel,
	    const struct lt_trend_opts *o, struct lt_error *err);

void	lt_trends_free(struct lt_trends *r);

/*
 * The trends as state that events are pushed into, one at a time, and
 * whose result can be taken at any time, the state going on (lt serve and
 * lt watch push what a log gains).
 */
struct lt_trend_acc;

/* Start the state of o (copied) on axis x, following metric (copied;
 * NULL: performance_score).  Free with lt_trend_acc_free. */
struct lt_trend_acc *lt_trend_acc_new(const struct lt_trend_opts *o,
	    enum lt_xaxis x, const char *metric);

/* Add ev (borrowed for the call); an event without the metric adds
 * nothing. */
void	lt_trend_acc_push(struct lt_trend_acc *a, const struct lt_event *ev);

/* The tasks that have points so far, in order of first appearance;
 * borrowed until the next push or lt_trend_acc_free. */
const struct lt_tasktab *lt_trend_acc_tasks(const struct lt_trend_acc *a);

/* The trends of what was pushed so far; a stays as it was.  Returns them
 * (free with lt_trends_free; they own their task names) or NULL with
 * err. */
struct lt_trends *lt_trend_acc_result(const struct lt_trend_acc *a,
	    struct lt_error *err);

void	lt_trend_acc_free(struct lt_trend_acc *a);

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
