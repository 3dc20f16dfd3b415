/*
 * converge.h - the class's convergence analysis: the events whose
 * convergence_metric is under a threshold, per task and in all.
 */
#ifndef LT_CONVERGE_H
#define LT_CONVERGE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "event.h"
#include "scan.h"
#include "taskinfo.h"
#include "tasktab.h"
#include "trend.h"

/* The convergences of one task. */
struct lt_conv_task {
	const char	*task;		/* owned by the struct lt_conv */
	size_t		 count;
	double		 avg_convergence_metric;
	double		 last_convergence;	/* its time */
	int64_t		 first_convergence_episode;
	double		 sum;
};

/* One of the recent convergences. */
struct lt_conv_event {
	double		 ts;
	const char	*task;		/* owned by the struct lt_conv */
	double		 metric;
};

/*
 * The class's get_convergence_analysis, fed one event at a time (the
 * report feeds it too).  Start with lt_conv_init, push every event, then
 * lt_conv_finish fills the result fields; release with lt_conv_release.
 * lt_conv_finish may be called at any time and again: pushing goes on
 * after it, and the next lt_conv_finish fills the result anew.
 */
struct lt_conv {
	/* The result, after lt_conv_finish: */
	size_t			 total_convergences;
	double			 convergence_rate;	/* per hour, from the
							 * first convergence
							 * to the last event */
	struct lt_conv_task	*tasks;		/* first convergence order */
	size_t			 ntasks;
	struct lt_conv_event	 recent[LT_RECENT];	/* oldest first */
	size_t			 nrecent;
	/* The accumulator's own: */
	double			 threshold;
	struct lt_tasktab	 names;
	size_t			 cap;
	double			 first;		/* first convergence's time */
	double			 end;		/* last event's time */
	struct {
		double	ts;
		size_t	task;
		double	metric;
	}			 ring[LT_RECENT];	/* the last ten */
	size_t			 head;		/* convergences seen */
	int			 no_times;	/* times only keep order:
						   the rate is NaN */
};

void	lt_conv_init(struct lt_conv *c, double threshold);
void	lt_conv_push(struct lt_conv *c, const struct lt_event *ev);

/* lt_conv_push for a caller that numbers the tasks itself: *ix is the
 * event's task's index in c, SIZE_MAX until c has met it (then set), so
 * that the task's name is looked up once, not at every event. */
void	lt_conv_push_at(struct lt_conv *c, const struct lt_event *ev,
	    size_t *ix);
void	lt_conv_finish(struct lt_conv *c);

/* Make dst (not started) a copy of src, state and result, that owns what
 * it holds: release both. */
void	lt_conv_copy(struct lt_conv *dst, const struct lt_conv *src);

/*
 * Whether one of the tasks of t (those an analysis read) has times that
 * only keep their order (an import from a source without times), as
 * facts, the logs' tasks files (NULL: none), say: its rates per hour and
 * time spans would be made up.
 */
int	lt_conv_no_times(const struct lt_taskinfos *facts,
	    const struct lt_tasktab *t);
void	lt_conv_release(struct lt_conv *c);

/*
 * The convergence analysis of the selected events: those with
 * convergence_metric < threshold converge.  A task named in sel->tasks
 * without events is an error.  Returns it, finished (free with
 * lt_conv_free), or NULL with err.
 */
struct lt_conv *lt_analysis_converge(struct lt_sel *sel, double threshold,
	    struct lt_error *err);

void	lt_conv_free(struct lt_conv *c);

#endif
