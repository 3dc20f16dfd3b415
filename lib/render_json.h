/*
 * render_json.h - the class's JSON of each analysis result, with its key
 * names and order (SPEC.md's appendix): the one place a result becomes
 * JSON, for --json (lt_render_json in render.h) and for lt export's
 * document.
 *
 * Each returns a new reference (caller decrefs); reals are written by
 * json.h's lt_json_dump, shortest round-trip.
 */
#ifndef LT_RENDER_JSON_H
#define LT_RENDER_JSON_H

#include <jansson.h>

#include "converge.h"
#include "curve.h"
#include "forecast_task.h"
#include "goal.h"
#include "groups.h"
#include "metrics.h"
#include "report.h"
#include "trend.h"

/* trend, confidence, recent_avg, improvement_rate, n, intercept,
 * p_value, stderr, direction. */
json_t	*lt_render_json_trend(const struct lt_trend *t);

/* An object keyed by task (each with "plateau" when the detector ran),
 * or, when one task was named, its object alone. */
json_t	*lt_render_json_trends(const struct lt_trends *r);

/* timestamps, scores; smoothed when smoothed; x unless x is the time. */
json_t	*lt_render_json_curve(const struct lt_curve *c);

/* total_convergences, convergence_rate, task_statistics,
 * recent_convergences. */
json_t	*lt_render_json_conv(const struct lt_conv *c);

json_t	*lt_render_json_report(const struct lt_report *r);

/* The class's keys, or {} for a log without events. */
json_t	*lt_render_json_metrics(const struct lt_metrics *m);

/* The class's GoalProgress keys, then direction, baseline, task,
 * metric and estimate. */
json_t	*lt_render_json_goal(const struct lt_goal *g);

/* An array of goals. */
json_t	*lt_render_json_goals(const struct lt_goal_list *l);

/* total_goals, completed_goals, active_goals, completion_rate,
 * avg_completion_time, goals. */
json_t	*lt_render_json_goal_summary(const struct lt_goal_summary *s);

/* lt compare (lt-compare(1) lists the keys): score_name, direction, unit,
 * summary, last, confidence, bootstrap, seed, groups (each: name, runs,
 * n, mean, sd, min, max, median, iqm, mean_ci, iqm_ci, verdict,
 * verdict_text, diff, diff_ci, t, df, p_welch, u, p_mwu, poi, poi_ci).
 * g->cmp must be set. */
json_t	*lt_render_json_compare(const struct lt_groups *g);

/* lt compare --curves: score_name, direction, confidence, groups (each:
 * name, runs, repeats, and the columns episode, n, mean, sd, lo, hi). */
json_t	*lt_render_json_compare_curves(const struct lt_groups *g);

/* task, metric, direction, x, x_origin, n, status, reason, model,
 * asymptote, asymptote_interval, confidence_level, parameters,
 * standard_errors, residual_sd, dof, models, line, prediction, target
 * (man/lt-forecast.1). */
json_t	*lt_render_json_forecast(const struct lt_forecast_task *r);

#endif
