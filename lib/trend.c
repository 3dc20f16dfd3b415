/*
 * trend.c - the least-squares trend of each task over its last points,
 * and the plateau detector of lt trend --check.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "taskinfo.h"
#include "trend.h"

void
lt_trend_set(struct lt_trend *t, const struct lt_fit *fit, double recent_avg,
    enum lt_stats_mode mode)
{
	bool enough = fit->n >= LT_STATS_MIN_N;

	t->n = fit->n;
	t->enough = enough;
	t->trend = enough ? fit->slope : 0;
	t->confidence = enough ? fit->r2 : 0;
	t->recent_avg = enough ? recent_avg : 0;
	/* Positive when the task gets better: the class's slope * n, of
	 * the negated scores for a min task. */
	t->improvement_rate = enough ? (mode == LT_STATS_MIN ? -fit->slope :
	    fit->slope) * (double)fit->n : 0;
	t->intercept = enough ? fit->intercept : 0;
	t->p_value = enough ? fit->p_value : 1;
	t->stderr_slope = enough ? fit->stderr_slope : 0;
	t->direction = lt_stats_direction_of(fit, mode, LT_STATS_ALPHA,
	    LT_STATS_MIN_N);
}

const char *
lt_trend_direction(const struct lt_trend *t)
{
	return t->enough ? lt_stats_direction_name(t->direction) :
	    "insufficient_data";
}

void
lt_trend_state_init(struct lt_trend_state *ts, long window)
{
	/* The window, and at least the last ten for recent_avg. */
	lt_ring_init(&ts->pts, window > LT_RECENT ? (size_t)window :
	    LT_RECENT);
	lt_fitacc_init(&ts->acc);
	ts->count = 0;
}

void
lt_trend_state_push(struct lt_trend_state *ts, long window,
    enum lt_xaxis x, const struct lt_event *ev, double y)
{
	struct lt_pt *p = lt_ring_add(&ts->pts);

	p->x = lt_x_of(x, ev, ts->count);
	p->ts = ev->timestamp;
	p->y = y;
	p->s = 0;
	if (window == 0)
		lt_fitacc_push(&ts->acc, p->x, y, NULL);
	ts->count++;
}

int
lt_trend_state_fit(const struct lt_trend_state *ts, long window,
    enum lt_xaxis x, struct lt_fit *fit, double *recent, struct lt_error *err)
{
	double *xs, *ys;
	size_t k, i, first;
	int rc;

	*recent = lt_ring_tail_mean(&ts->pts, LT_RECENT);
	if (window == 0) {
		lt_fitacc_result(&ts->acc, fit);
		return 0;
	}
	k = ts->pts.n < (size_t)window ? ts->pts.n : (size_t)window;
	first = ts->pts.n - k;
	xs = lt_xcalloc(k + 1, sizeof(double));
	ys = lt_xcalloc(k + 1, sizeof(double));
	for (i = 0; i < k; i++) {
		const struct lt_pt *p = lt_ring_at(&ts->pts, first + i);

		xs[i] = x == LT_X_INDEX ? (double)i : p->x;
		ys[i] = p->y;
	}
	rc = lt_stats_fit(xs, ys, k, fit, err);
	free(xs);
	free(ys);
	return rc;
}

void
lt_trends_free(struct lt_trends *r)
{
	if (r == NULL)
		return;
	free(r->v);
	lt_tasktab_release(&r->names);
	free(r);
}

struct lt_trend_acc {
	struct lt_trend_opts	 o;
	enum lt_xaxis		 x;
	struct lt_metric	 metric;
	struct lt_trend_state	*st;
	size_t			 cap;
	enum lt_stats_mode	*mode;		/* each task's direction */
	size_t			 mcap;
	struct lt_tasktab	 names;
};

struct lt_trend_acc *
lt_trend_acc_new(const struct lt_trend_opts *o, enum lt_xaxis x,
    const char *metric)
{
	struct lt_trend_acc *a = lt_xcalloc(1, sizeof(*a));

	a->o = *o;
	a->x = x;
	lt_metric_init(&a->metric, metric ? metric : "performance_score");
	return a;
}

void
lt_trend_acc_push(struct lt_trend_acc *a, const struct lt_event *ev)
{
	const struct lt_trend_opts *o = &a->o;
	struct lt_trend_state *st;
	double y;
	size_t i;
	int added;

	if (isnan(y = lt_metric_of(&a->metric, ev)))
		return;
	i = lt_tasktab_intern(&a->names, ev->task, ev->task_len, &added);
	if (added) {
		a->st = lt_xgrow(a->st, &a->cap, i, sizeof(*a->st));
		lt_trend_state_init(&a->st[i], o->window);
		a->mode = lt_xgrow(a->mode, &a->mcap, i, sizeof(*a->mode));
		a->mode[i] = lt_taskinfo_mode_for(o->facts, o->mode,
		    a->metric.name, a->names.names[i]);
		if (o->plateau)
			lt_plateau_init(&a->st[i].pl, a->mode[i], o->patience,
			    o->kind, o->delta, NULL);
	}
	st = &a->st[i];
	lt_trend_state_push(st, o->window, a->x, ev, y);
	if (o->plateau)
		lt_plateau_push(&st->pl, y);
}

const struct lt_tasktab *
lt_trend_acc_tasks(const struct lt_trend_acc *a)
{
	return &a->names;
}

struct lt_trends *
lt_trend_acc_result(const struct lt_trend_acc *a, struct lt_error *err)
{
	const struct lt_trend_opts *o = &a->o;
	struct lt_trends *res;
	struct lt_fit fit;
	double recent;
	size_t i;
	int added, rc = 0;

	res = lt_xcalloc(1, sizeof(*res));
	res->n = a->names.n;
	res->v = lt_xcalloc(res->n + 1, sizeof(*res->v));
	res->has_plateau = o->plateau;
	for (i = 0; i < res->n; i++) {
		(void)lt_tasktab_intern(&res->names, a->names.names[i],
		    strlen(a->names.names[i]), &added);
		res->v[i].task = res->names.names[i];
		res->v[i].mode = a->mode[i];
		if (rc == 0 && (rc = lt_trend_state_fit(&a->st[i], o->window,
		    a->x, &fit, &recent, err)) == 0)
			lt_trend_set(&res->v[i].trend, &fit, recent,
			    a->mode[i]);
		res->v[i].plateau = o->plateau &&
		    lt_plateau_holds(&a->st[i].pl);
	}
	if (rc != 0) {
		lt_trends_free(res);
		return NULL;
	}
	return res;
}

void
lt_trend_acc_free(struct lt_trend_acc *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->names.n; i++)
		lt_ring_release(&a->st[i].pts);
	free(a->st);
	free(a->mode);
	lt_tasktab_release(&a->names);
	lt_metric_release(&a->metric);
	free(a);
}

struct lt_trends *
lt_analysis_trend(struct lt_sel *sel, const struct lt_trend_opts *o,
    struct lt_error *err)
{
	struct lt_trend_opts to = *o;
	struct lt_taskinfos *facts;
	struct lt_trend_acc *a;
	struct lt_trends *res = NULL;
	struct lt_event ev;
	struct lt_scan sc;
	int rc;

	if ((facts = lt_taskinfos_scan(sel, &sc, err)) == NULL)
		return NULL;
	to.mode = sel->mode;
	to.facts = facts;
	a = lt_trend_acc_new(&to, sel->x, sel->metric);
	while ((rc = lt_scan_next(&sc, &ev, err)) == 1)
		lt_trend_acc_push(a, &ev);
	lt_scan_close(&sc);
	if (rc == 0)
		rc = lt_sel_check_named(sel, lt_trend_acc_tasks(a), err);
	if (rc == 0 && (res = lt_trend_acc_result(a, err)) != NULL)
		res->single = sel->ntasks == 1;
	lt_trend_acc_free(a);
	lt_taskinfos_free(facts);
	return res;
}
