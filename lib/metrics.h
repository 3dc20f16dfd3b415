/*
 * metrics.h - the class's real-time metrics (get_real_time_metrics),
 * answered from the ends of the logs.
 */
#ifndef LT_METRICS_H
#define LT_METRICS_H

#include <jansson.h>

#include "error.h"
#include "scan.h"

/*
 * The class's get_real_time_metrics over the logs sel->paths, read from
 * their ends (see lt_tail_of); an empty log gives {}.  active_goals is
 * the caller's.  Returns the object or NULL with err.
 */
json_t	*lt_analysis_metrics(struct lt_sel *sel, long active_goals,
	    struct lt_error *err);

#endif
