/*
 * metrics.h - the class's real-time metrics (get_real_time_metrics),
 * answered from the ends of the logs.
 */
#ifndef LT_METRICS_H
#define LT_METRICS_H

#include <stdbool.h>

#include "error.h"
#include "scan.h"
#include "stats.h"

/* Each field under its JSON key's name.  Plain data. */
struct lt_metrics {
	bool			 empty;		/* no events: the class's {} */
	double			 current_performance;
	double			 current_learning_rate;
	double			 recent_avg_performance;
	/* Of the last ten scores in time order, p < 0.05 on three points
	 * or more; LT_STATS_FLAT is the class's "stable". */
	enum lt_stats_direction	 performance_trend;
	long			 active_goals_count;
	unsigned long long	 total_learning_events;
	double			 last_update;
};

/*
 * The class's get_real_time_metrics over the logs sel->paths, read from
 * their ends (see lt_tail_of), into *m.  With tasks or a span of time in
 * sel, over the events it selects, which are all read (a named task
 * without events is an error).  active_goals is the caller's.  Returns 0,
 * or -1 with err.
 */
int	lt_analysis_metrics(struct lt_sel *sel, long active_goals,
	    struct lt_metrics *m, struct lt_error *err);

/* "improving", "declining" or "stable": a static string. */
const char *lt_metrics_trend_name(enum lt_stats_direction d);

#endif
