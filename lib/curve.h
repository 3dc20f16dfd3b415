/*
 * curve.h - a task's learning curve (the class's get_learning_curve):
 * its last points, smoothed over every point.
 */
#ifndef LT_CURVE_H
#define LT_CURVE_H

#include <jansson.h>

#include "error.h"
#include "scan.h"
#include "stats.h"

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

#endif
