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
	/* Beyond the class, shown when said (lt_taskinfo_said): */
	bool		 said;
	enum lt_stats_mode mode;	/* the task's direction, or --mode */
	char		*score_name;	/* the task's */
	size_t		 best;		/* index of the best y in mode (the
					 * first of equals) */
};

/*
 * The last window points (0: all) of the one task in sel->tasks[0], with
 * its direction and score name (lib/taskinfo.h) and its best point.  The
 * smoother (started by the caller, borrowed; NULL: none) sees every point
 * of the task, in order, before the window is cut.  No point is an
 * error.  Returns the curve (free with lt_curve_free) or NULL with err.
 */
struct lt_curve *lt_analysis_curve(struct lt_sel *sel, long window,
	    struct lt_smoother *smooth, struct lt_error *err);

void	lt_curve_free(struct lt_curve *c);

#endif
