/*
 * forecast_task.c - a task's points, put on the forecast's x, fitted, and
 * the crossing of a target carried to episodes and times.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_fit.h>
#include <gsl/gsl_statistics_double.h>

#include "buf.h"
#include "event.h"
#include "forecast_task.h"
#include "taskinfo.h"

void
lt_fpoints_init(struct lt_fpoints *p)
{
	memset(p, 0, sizeof(*p));
}

void
lt_fpoints_add(struct lt_fpoints *p, double ts, double ep, double y)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 256;
		p->ts = lt_xrealloc(p->ts, p->cap * sizeof(*p->ts));
		p->ep = lt_xrealloc(p->ep, p->cap * sizeof(*p->ep));
		p->y = lt_xrealloc(p->y, p->cap * sizeof(*p->y));
	}
	p->ts[p->n] = ts;
	p->ep[p->n] = ep;
	p->y[p->n] = y;
	p->n++;
}

void
lt_fpoints_release(struct lt_fpoints *p)
{
	free(p->ts);
	free(p->ep);
	free(p->y);
	lt_fpoints_init(p);
}

void
lt_forecast_task_opts_init(struct lt_forecast_task_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->x = LT_X_EPISODE;
	o->mode = LT_STATS_MAX;
	o->model = LT_FORECAST_AUTO;
	o->at = NAN;
	o->target = NAN;
}

/* The median of the positive intervals between consecutive times t[0..n)
 * (in the order read), or 1 when no interval is positive. */
static double
median_interval(const double *t, size_t n)
{
	double *d, m = 1;
	size_t i, k = 0;

	if (n < 2)
		return m;
	d = lt_xcalloc(n - 1, sizeof(*d));
	for (i = 1; i < n; i++)
		if (t[i] > t[i - 1])
			d[k++] = t[i] - t[i - 1];
	if (k > 0)
		m = gsl_stats_median(d, 1, k);
	free(d);
	return m;
}

/* The run's pace into r: the least-squares slope of time on episode when
 * it is positive, and the latest point, from which crossings are carried
 * from one axis to the other. */
static void
pace(const struct lt_fpoints *p, struct lt_forecast_task *r)
{
	double c0, c1, cov00, cov01, cov11, ss;
	size_t i, last = 0;

	r->first_ts = r->last_ts = p->ts[0];
	r->first_ep = r->last_ep = p->ep[0];
	for (i = 1; i < p->n; i++) {
		r->first_ts = fmin(r->first_ts, p->ts[i]);
		r->first_ep = fmin(r->first_ep, p->ep[i]);
		r->last_ep = fmax(r->last_ep, p->ep[i]);
		if (p->ts[i] >= p->ts[last])
			last = i;
	}
	r->last_ts = p->ts[last];
	r->anchor_ts = p->ts[last];
	r->anchor_ep = p->ep[last];
	r->pace = NAN;
	if (r->times_order || !(r->last_ep > r->first_ep))
		return;
	gsl_fit_linear(p->ep, 1, p->ts, 1, p->n, &c0, &c1, &cov00, &cov01,
	    &cov11, &ss);
	if (c1 > 0 && isfinite(c1))
		r->pace = c1;
}

double
lt_forecast_task_time(const struct lt_forecast_task *r, double x)
{
	if (!isfinite(x) || r->times_order)
		return NAN;
	if (r->x == LT_X_TIME)
		return lt_time_round(x + r->x_origin);
	if (isnan(r->pace))
		return NAN;
	return lt_time_round(r->anchor_ts + (x + r->x_origin -
	    r->anchor_ep) * r->pace);
}

double
lt_forecast_task_episode(const struct lt_forecast_task *r, double x)
{
	if (!isfinite(x))
		return NAN;
	if (r->x == LT_X_EPISODE)
		return x + r->x_origin;
	if (isnan(r->pace))
		return NAN;
	return r->anchor_ep + (x + r->x_origin - r->anchor_ts) / r->pace;
}

int
lt_forecast_points(struct lt_fpoints *p,
    const struct lt_forecast_task_opts *o, struct lt_forecast_task *r,
    struct lt_error *err)
{
	struct lt_forecast_opts fo;
	double *x;
	size_t i;

	r->x = o->x;
	r->times_order = o->times_order;
	r->at = o->at;
	r->target_episode = r->target_time = NAN;
	r->first_ts = r->last_ts = r->first_ep = r->last_ep = NAN;
	r->anchor_ts = r->anchor_ep = r->pace = NAN;
	r->reason[0] = '\0';
	if (o->x == LT_X_TIME && o->times_order)
		return lt_error_set(err, "the times of these points only keep "
		    "their order (a source without times): forecast them "
		    "against episodes");
	if (p->n > 0)
		pace(p, r);
	if (o->x == LT_X_TIME) {
		r->x_origin = p->n > 0 ? r->first_ts - median_interval(p->ts,
		    p->n) : NAN;
		x = p->ts;
	} else {
		r->x_origin = -1;
		x = p->ep;
	}
	for (i = 0; i < p->n; i++)
		x[i] -= r->x_origin;

	lt_forecast_opts_init(&fo);
	fo.mode = o->mode;
	fo.model = o->model;
	fo.target = o->target;
	/* Without points there is no origin, and no forecast either. */
	if (!isnan(o->at) && p->n > 0) {
		fo.at = o->at - r->x_origin;
		if (!(fo.at > 0))
			return lt_error_set(err, "--at %.17g lies at or before "
			    "the start of the run", o->at);
	}
	if (lt_forecast_fit(x, p->y, p->n, &fo, &r->fc, err) != 0)
		return -1;
	lt_forecast_explain(&r->fc, r->reason, sizeof(r->reason));
	/* Episodes that do not move (never set, or one per evaluation of
	 * the same step) may still have times that do. */
	if (r->fc.status == LT_FORECAST_TOO_FEW && o->x == LT_X_EPISODE &&
	    r->fc.n >= LT_FORECAST_MIN_POINTS && !o->times_order)
		snprintf(r->reason + strlen(r->reason), sizeof(r->reason) -
		    strlen(r->reason), " (their episodes); --x time fits "
		    "them against time");
	if (r->fc.reach == LT_REACH_AT || r->fc.reach == LT_REACH_ALREADY) {
		r->target_episode = lt_forecast_task_episode(r,
		    r->fc.target_x);
		r->target_time = lt_forecast_task_time(r, r->fc.target_x);
	}
	return 0;
}

/* The task's direction, score name and times, from the tasks files. */
static int
task_facts(struct lt_sel *sel, const char *task, int *dir_set,
    enum lt_stats_mode *dir, char **score_name, int *order,
    struct lt_error *err)
{
	struct lt_taskinfos *facts;
	const struct lt_taskinfo *f;

	if ((facts = lt_taskinfos_load(sel->paths, sel->npaths, &sel->ropts,
	    err)) == NULL)
		return -1;
	f = lt_taskinfos_get(facts, task);
	*dir_set = f != NULL && f->dir_set;
	*dir = lt_taskinfo_dir(f);
	*score_name = lt_xstrdup(lt_taskinfo_score_name(f));
	*order = f != NULL && f->times_order;
	lt_taskinfos_free(facts);
	return 0;
}

struct lt_forecast_task *
lt_analysis_forecast(struct lt_sel *sel,
    const struct lt_forecast_task_opts *o, int mode_given,
    struct lt_error *err)
{
	struct lt_forecast_task_opts to = *o;
	struct lt_forecast_task *r;
	struct lt_fpoints p;
	struct lt_event ev;
	struct lt_scan sc;
	enum lt_stats_mode dir;
	double y;
	int rc, dir_set, is_score;

	r = lt_xcalloc(1, sizeof(*r));
	r->task = lt_xstrdup(sel->tasks[0]);
	r->metric = sel->metric ? lt_xstrdup(sel->metric) : NULL;
	if (task_facts(sel, r->task, &dir_set, &dir, &r->score_name,
	    &to.times_order, err) != 0) {
		lt_forecast_task_free(r);
		return NULL;
	}
	is_score = sel->metric == NULL ||
	    strcmp(sel->metric, "performance_score") == 0;
	if (!mode_given)
		to.mode = is_score ? dir : LT_STATS_MAX;
	if (to.x == LT_X_TIME && to.times_order) {
		lt_error_set(err, "task \"%s\" has times that only keep their "
		    "order (imported from a source without times): use --x "
		    "episode", r->task);
		lt_forecast_task_free(r);
		return NULL;
	}

	lt_fpoints_init(&p);
	if (lt_scan_open(&sc, sel, err) != 0) {
		lt_forecast_task_free(r);
		return NULL;
	}
	while ((rc = lt_scan_next(&sc, &ev, err)) == 1)
		if (!isnan(y = lt_metric_of(&sc.metric, &ev)))
			lt_fpoints_add(&p, ev.timestamp, (double)ev.episode,
			    y);
	lt_scan_close(&sc);
	if (rc == 0 && p.n == 0)
		rc = lt_error_set(err, "no events of task \"%s\"%s", r->task,
		    sel->metric ? " with that metric" : "");
	if (rc == 0)
		rc = lt_forecast_points(&p, &to, r, err);
	lt_fpoints_release(&p);
	if (rc != 0) {
		lt_forecast_task_free(r);
		return NULL;
	}
	return r;
}

void
lt_forecast_task_free(struct lt_forecast_task *r)
{
	if (r == NULL)
		return;
	free(r->task);
	free(r->metric);
	free(r->score_name);
	free(r);
}
