/*
 * forecast_task.h - a task's forecast from its points: the x the curves
 * of forecast.h are fitted on, and the episode and the time at which the
 * fitted curve reaches a target.
 *
 * x counts the progress of the run from its start (forecast.h):
 *
 *   episode  x = episode_count + 1, the episodes done, so that the first
 *            episode (0) is one done and the power law has its x > 0;
 *   time     x = seconds since the first point, plus the median interval
 *            between consecutive points: the run began about one
 *            interval before its first point was written, as episode + 1
 *            counts the first episode as done.
 *
 * x_origin is where on the axis x is 0 (-1 for episodes, the first time
 * less the median interval for time): x = value - x_origin.
 *
 * A crossing on one axis is carried to the other at the run's pace, the
 * least-squares slope of timestamp on episode_count over the points,
 * from the last point (the latest in time): time = t_last + (episode -
 * episode_last) * pace.  There is no pace, and so no crossing on the
 * other axis, when the episodes do not vary, the slope is not positive,
 * or the task's times only keep order (lt import of a source without
 * times); with such times there is no time at all, and --x time is
 * refused.
 *
 * The points are kept in memory, 24 bytes each, as the fit needs every
 * one of them (nothing is sampled); lt_forecast_fit holds about 64 bytes
 * a point more while it runs.
 */
#ifndef LT_FORECAST_TASK_H
#define LT_FORECAST_TASK_H

#include <stddef.h>

#include "error.h"
#include "forecast.h"
#include "scan.h"

/* The points of one series: time, episode and value. */
struct lt_fpoints {
	double	*ts, *ep, *y;
	size_t	 n, cap;
};

/* Start p empty; release with lt_fpoints_release. */
void	lt_fpoints_init(struct lt_fpoints *p);
void	lt_fpoints_add(struct lt_fpoints *p, double ts, double ep,
	    double y);
void	lt_fpoints_release(struct lt_fpoints *p);

/* What a task's forecast is asked. */
struct lt_forecast_task_opts {
	enum lt_xaxis		x;	/* LT_X_EPISODE or LT_X_TIME */
	enum lt_stats_mode	mode;
	enum lt_forecast_model	model;
	int			times_order;	/* times only keep order */
	double			at;	/* an episode or a Unix time, on x's
					   axis; NaN: none */
	double			target;	/* NaN: none */
};

/* Fill o with the defaults: episodes, max, auto, no --at or target. */
void	lt_forecast_task_opts_init(struct lt_forecast_task_opts *o);

/*
 * A task's forecast.  The strings are owned by it (lt_forecast_task_free)
 * and NULL where lt_forecast_points leaves them.  Times and episodes are
 * NaN where they are not known.
 */
struct lt_forecast_task {
	char			*task;
	char			*metric;	/* NULL: performance_score */
	char			*score_name;	/* the task's, for people */
	enum lt_xaxis		 x;
	double			 x_origin;
	int			 times_order;
	double			 first_ts, last_ts;	/* of the points */
	double			 first_ep, last_ep;	/* episodes of both */
	double			 pace;		/* seconds per episode */
	double			 anchor_ts, anchor_ep;	/* the latest point */
	struct lt_forecast	 fc;		/* on x (forecast.h) */
	char			 reason[256];	/* why no forecast, or "" */
	double			 at;		/* opts.at as given */
	double			 target_episode, target_time;
};

/*
 * Forecast the points p as o asks into r (its strings are left alone).
 * The arrays of p are used up (one of them becomes x): release p after.
 * Returns 0 with r->fc.status saying whether there is a forecast, or -1
 * with err when o->at lies at or before the start of the run (x <= 0),
 * x is time and the times only keep order, or the fit fails
 * (lt_forecast_fit).
 */
int	lt_forecast_points(struct lt_fpoints *p,
	    const struct lt_forecast_task_opts *o, struct lt_forecast_task *r,
	    struct lt_error *err);

/*
 * The forecast of the one task sel->tasks[0] in its metric (sel->metric),
 * x on o->x.  The direction is o->mode when mode_given, else the task's
 * (lib/taskinfo.h) for its score and max for any other metric; the
 * task's times decide o->times_order.  No point of the task is an error.
 * Returns the forecast (free with lt_forecast_task_free) or NULL with
 * err.
 */
struct lt_forecast_task *lt_analysis_forecast(struct lt_sel *sel,
	    const struct lt_forecast_task_opts *o, int mode_given,
	    struct lt_error *err);

void	lt_forecast_task_free(struct lt_forecast_task *r);

/* The time on the axis of the crossing x of r (x_origin and pace
 * applied), or NaN; likewise its episode. */
double	lt_forecast_task_time(const struct lt_forecast_task *r, double x);
double	lt_forecast_task_episode(const struct lt_forecast_task *r, double x);

#endif
