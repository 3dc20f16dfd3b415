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
#include "tail.h"

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

/*
 * The metrics as state that events are pushed into and whose result can
 * be taken at any time, the state going on.  Each log keeps its own last
 * LT_RECENT events and count, and the result merges them by time, ties
 * in order of logs, then of reading, as lt_analysis_metrics does (which
 * hands each log's end over with lt_metrics_acc_tail).
 */
struct lt_metrics_acc;

/* Start the state of nlogs logs.  Free with lt_metrics_acc_free. */
struct lt_metrics_acc *lt_metrics_acc_new(size_t nlogs);

/* Add an event of log number log (< nlogs): it counts, and is one of
 * that log's last events. */
void	lt_metrics_acc_push(struct lt_metrics_acc *a, size_t log,
	    const struct lt_event *ev);

/* Make log's count n: the events pushed are counted, but lt metrics
 * counts the lines of a log as lt_count_events does (blank and bad ones
 * too), and a reader that follows the log counts them so. */
void	lt_metrics_acc_total(struct lt_metrics_acc *a, size_t log,
	    unsigned long long n);

/* Make log's last events and count those of t (borrowed for the call). */
void	lt_metrics_acc_tail(struct lt_metrics_acc *a, size_t log,
	    const struct lt_tail *t);

/* Forget what log number log held (it was replaced: read anew). */
void	lt_metrics_acc_reset(struct lt_metrics_acc *a, size_t log);

/* The metrics of what the state holds into *m, active_goals the
 * caller's; a stays as it was. */
void	lt_metrics_acc_result(const struct lt_metrics_acc *a,
	    long active_goals, struct lt_metrics *m);

void	lt_metrics_acc_free(struct lt_metrics_acc *a);

/* "improving", "declining" or "stable": a static string. */
const char *lt_metrics_trend_name(enum lt_stats_direction d);

#endif
