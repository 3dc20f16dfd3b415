/*
 * report.h - the class's learning report (generate_learning_report).
 */
#ifndef LT_REPORT_H
#define LT_REPORT_H

#include <jansson.h>

#include "error.h"
#include "scan.h"

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

#endif
