/*
 * converge.h - the class's convergence analysis: the events whose
 * convergence_metric is under a threshold, per task and in all.
 */
#ifndef LT_CONVERGE_H
#define LT_CONVERGE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "error.h"
#include "event.h"
#include "scan.h"
#include "taskinfo.h"
#include "tasktab.h"
#include "trend.h"

/*
 * The class's get_convergence_analysis over the selected events: those
 * with convergence_metric < threshold converge.  A task named in
 * sel->tasks without events is an error.  Returns the object or NULL with
 * err.
 */
json_t	*lt_analysis_converge(struct lt_sel *sel, double threshold,
	    struct lt_error *err);

/* The state of a convergence analysis, fed one event at a time (the
 * report feeds it too). */
struct lt_conv_task {
	size_t	count;
	double	sum;
	double	last;
	int64_t	first_episode;
};

struct lt_conv {
	double			 threshold;
	struct lt_tasktab	 tasks;		/* converged tasks only */
	struct lt_conv_task	*st;
	size_t			 cap;
	size_t			 total;
	double			 first;		/* first convergence's time */
	double			 end;		/* last event's time */
	struct {
		double	ts;
		size_t	task;
		double	metric;
	}			 recent[LT_RECENT];
	size_t			 head;
	int			 no_times;	/* times only keep order: no
						   rate per hour */
};

void	lt_conv_init(struct lt_conv *c, double threshold);

/*
 * Which tasks of sel's logs have times that only keep their order (an
 * import from a source without times), as their tasks files say: 1 with
 * *facts (free with lt_taskinfos_free) when some have, 0 when none has,
 * or -1 with err.  lt_conv_no_times then says whether one of the tasks
 * of t (those an analysis read) is such a task: its rates per hour and
 * time spans would be made up.
 */
int	lt_conv_order_facts(const struct lt_sel *sel,
	    struct lt_taskinfos **facts, struct lt_error *err);
int	lt_conv_no_times(const struct lt_taskinfos *facts,
	    const struct lt_tasktab *t);
void	lt_conv_push(struct lt_conv *c, const struct lt_event *ev);
/* The class's convergence object (a new reference). */
json_t	*lt_conv_json(const struct lt_conv *c);
void	lt_conv_release(struct lt_conv *c);

#endif
