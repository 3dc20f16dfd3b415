/*
 * curve.h - a task's learning curve (the class's get_learning_curve):
 * its last points, smoothed over every point.
 */
#ifndef LT_CURVE_H
#define LT_CURVE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "ring.h"
#include "scan.h"
#include "stats.h"

struct lt_curve {
	struct lt_pt	*pts;		/* oldest first: ts, x, y, s */
	size_t		 n;
	enum lt_xaxis	 x;		/* what pts[].x holds */
	char		*metric;	/* what y is; NULL: performance_score */
	bool		 smoothed;	/* pts[].s holds the smoothed y */
	char		 method[64];	/* the smoother, as "ema:0.6" */
};

/*
 * The last window points (0: all) of the one task in sel->tasks[0].  The
 * smoother (started by the caller, borrowed; NULL: none) sees every point
 * of the task, in order, before the window is cut.  No point is an
 * error.  Returns the curve (free with lt_curve_free) or NULL with err.
 */
struct lt_curve *lt_analysis_curve(struct lt_sel *sel, long window,
	    struct lt_smoother *smooth, struct lt_error *err);

void	lt_curve_free(struct lt_curve *c);

/*
 * The curve as state that events are pushed into, one at a time, and
 * whose result can be taken at any time, the state going on:
 * lt_analysis_curve is lt_curve_acc_new, every selected event pushed, and
 * lt_curve_acc_result.
 */
struct lt_curve_acc;

/* Start the state of the last window points (0: all) of task (copied;
 * NULL: every event pushed is the task's), on axis x, of metric (copied;
 * NULL: performance_score), smoothed by smooth (borrowed until
 * lt_curve_acc_free; NULL: none).  Free with lt_curve_acc_free. */
struct lt_curve_acc *lt_curve_acc_new(const char *task, long window,
	    enum lt_xaxis x, const char *metric, struct lt_smoother *smooth);

/* Add ev (borrowed for the call): a point when it is the task's and
 * carries the metric. */
void	lt_curve_acc_push(struct lt_curve_acc *a, const struct lt_event *ev);

/* Points pushed so far (before the window is cut). */
size_t	lt_curve_acc_count(const struct lt_curve_acc *a);

/* The curve of what was pushed so far; a stays as it was.  No point is
 * an error naming the task.  Returns it (free with lt_curve_free) or NULL
 * with err. */
struct lt_curve *lt_curve_acc_result(const struct lt_curve_acc *a,
	    struct lt_error *err);

void	lt_curve_acc_free(struct lt_curve_acc *a);

#endif
