/*
 * report.h - the class's learning report (generate_learning_report).
 */
#ifndef LT_REPORT_H
#define LT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "converge.h"
#include "error.h"
#include "follow.h"
#include "goal.h"
#include "scan.h"
#include "stats.h"
#include "trend.h"

/* One task of the report, each field under its JSON key's name. */
struct lt_report_task {
	const char	*task;		/* owned by the struct lt_report */
	size_t		 event_count;
	double		 avg_performance;
	struct lt_trend	 performance_trend;	/* in mode's direction */
	double		 latest_score;
	/* Beyond the class, shown when said (lt_taskinfo_said): */
	bool		 said;
	enum lt_stats_mode mode;
	const char	*score_name;	/* owned by the struct lt_report */
	double		 best_score;	/* of the analysed part, in mode */
	int64_t		 best_episode;	/* its first event's */
	double		 best_time;
};

/* The analysed scores of the tasks of one score name and direction. */
struct lt_report_group {
	const char		*score_name;	/* owned by the report */
	enum lt_stats_mode	 mode;
	size_t			 ntasks;
	struct lt_summary	 summary;
};

/* The report, each field under its JSON key's name. */
struct lt_report {
	double			 report_timestamp;
	size_t			 total_learning_events;
	size_t			 recent_events_analyzed;
	struct lt_summary	 overall_performance;	/* of the scores */
	/* When the analysed tasks hold more than one score name or
	 * direction, overall_performance pools them as the class did, and
	 * groups has the summary of each (first appearance); else NULL. */
	struct lt_report_group	*groups;
	size_t			 ngroups;
	double			 average_learning_rate;
	struct lt_conv		 convergence_analysis;
	struct lt_report_task	*tasks;		/* first appearance in the
						 * analysed part */
	size_t			 ntasks;
	struct lt_goal_summary	 goal_summary;	/* borrowed, see below */
	double			 time_span_hours;
	struct lt_tasktab	 names;
	struct lt_tasktab	 score_names;	/* of tasks and groups */
};

/*
 * The class's generate_learning_report, each task read in its direction
 * (lib/taskinfo.h: --mode, else the logs' tasks files; logs that
 * disagree are an error).  last 0: over the whole selected
 * log; last N: overall_performance, task_analysis's counts, averages and
 * latest scores, average_learning_rate and time_span_hours over the last
 * N events, the rest over the whole log.  goals (NULL: none) give the
 * goal summary, borrowed from them: free the report before the goals.
 * now is report_timestamp.  An empty log is a report of zero events.
 * Returns the report (free with lt_report_free) or NULL with err.
 */
struct lt_report *lt_analysis_report(struct lt_sel *sel, long last,
	    double now, const struct lt_goals *goals, struct lt_error *err);

void	lt_report_free(struct lt_report *r);

/*
 * The report as state that events are pushed into, one at a time, and
 * whose result can be taken at any time, the state going on:
 * lt_analysis_report is lt_report_acc_new, every selected event pushed,
 * and lt_report_acc_result.
 */
struct lt_report_acc;

/* Start the state of a report over the last `last` events (0: all; see
 * lt_analysis_report).  Returns it (free with lt_report_acc_free) or NULL
 * with err. */
struct lt_report_acc *lt_report_acc_new(long last, struct lt_error *err);

/* Keep the scores beyond LT_MOMENTS_MEM (stats.h: the exact median
 * needs them all) in unnamed temporary files in dir, borrowed while a
 * lives, so that memory stays bounded whatever the log's length; call it
 * before the first push.  Without it they stay in memory. */
void	lt_report_acc_keep(struct lt_report_acc *a, const char *dir);

/* A report whose result is taken again and again as events come (a
 * server's): the medians kept so that each result costs O(1) for them,
 * each push O(log n), all in memory (stats.h); before the first push. */
void	lt_report_acc_live(struct lt_report_acc *a);

/* Read each task pushed from now on as mode says (an enum lt_stats_mode
 * for every task, or -1: its own, as facts say; facts borrowed while a
 * lives; NULL: none).  Without it every task is max with the default
 * score name, as the class read them. */
void	lt_report_acc_facts(struct lt_report_acc *a,
	    const struct lt_taskinfos *facts, int mode);

/* Add ev (borrowed for the call). */
void	lt_report_acc_push(struct lt_report_acc *a, const struct lt_event *ev);

/* The tasks seen so far, in order of first appearance; borrowed until the
 * next push or lt_report_acc_free. */
const struct lt_tasktab *lt_report_acc_tasks(const struct lt_report_acc *a);

/*
 * The report of what was pushed so far, as lt_analysis_report gives it;
 * a goes on as it was (it is not const: the medians keep what they
 * found).  The tasks files given to lt_report_acc_facts also say which
 * tasks' times only keep their order (no rate, no span).  Returns the
 * report (free with lt_report_free, before goals) or NULL with err.
 */
struct lt_report *lt_report_acc_result(struct lt_report_acc *a, double now,
	    const struct lt_goals *goals, struct lt_error *err);

void	lt_report_acc_free(struct lt_report_acc *a);

/*
 * The report of the events the followers f[0..n) read after their last
 * poll (follow.h), merged by time as lt_events merges several logs (ties
 * to the first), those in sel's selection (its tasks and times; its
 * paths are not read) analysed, each task read as facts, the logs' tasks
 * files, say (lt_report_acc_facts); *count says how many.  For lt report
 * --since-last.  Returns the report (free with lt_report_free, before
 * goals) or NULL with err.
 */
struct lt_report *lt_report_follow(struct lt_follow *const *f, size_t n,
	    const struct lt_sel *sel, double now, const struct lt_goals *goals,
	    const struct lt_taskinfos *facts, size_t *count,
	    struct lt_error *err);

#endif
