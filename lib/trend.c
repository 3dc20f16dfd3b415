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
	struct lt_pt p;

	p.x = lt_x_of(x, ev, ts->count);
	p.ts = ev->timestamp;
	p.y = y;
	p.s = 0;
	lt_ring_push(&ts->pts, &p);
	if (window == 0)
		lt_fitacc_push(&ts->acc, p.x, y, NULL);
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

struct lt_trends *
lt_analysis_trend(struct lt_sel *sel, const struct lt_trend_opts *o,
    struct lt_error *err)
{
	struct lt_trends *res;
	struct lt_taskinfos *facts;
	enum lt_stats_mode *mode = NULL;
	size_t mcap = 0;
	struct lt_trend_state *st = NULL;
	size_t cap = 0, i;
	struct lt_event ev;
	struct lt_scan sc;
	struct lt_fit fit;
	double y, recent;
	int added, rc;

	if ((facts = lt_taskinfos_load(sel->paths, sel->npaths, &sel->ropts,
	    err)) == NULL)
		return NULL;
	if (lt_scan_open(&sc, sel, err) != 0) {
		lt_taskinfos_free(facts);
		return NULL;
	}
	res = lt_xcalloc(1, sizeof(*res));
	while ((rc = lt_scan_next(&sc, &ev, err)) == 1) {
		if (isnan(y = lt_metric_of(&sc.metric, &ev)))
			continue;
		i = lt_tasktab_intern(&res->names, ev.task, ev.task_len,
		    &added);
		if (added) {
			st = lt_xgrow(st, &cap, i, sizeof(*st));
			lt_trend_state_init(&st[i], o->window);
			mode = lt_xgrow(mode, &mcap, i, sizeof(*mode));
			mode[i] = lt_taskinfo_mode(facts, sel,
			    res->names.names[i]);
			if (o->plateau)
				lt_plateau_init(&st[i].pl, mode[i],
				    o->patience, o->kind, o->delta, NULL);
		}
		lt_trend_state_push(&st[i], o->window, sel->x, &ev, y);
		if (o->plateau)
			lt_plateau_push(&st[i].pl, y);
	}
	lt_scan_close(&sc);
	if (rc == 0)
		rc = lt_sel_check_named(sel, &res->names, err);
	res->n = res->names.n;
	res->v = lt_xcalloc(res->n + 1, sizeof(*res->v));
	res->has_plateau = o->plateau;
	res->single = sel->ntasks == 1;
	for (i = 0; i < res->n; i++) {
		res->v[i].task = res->names.names[i];
		res->v[i].mode = mode[i];
		if (rc == 0 && (rc = lt_trend_state_fit(&st[i], o->window,
		    sel->x, &fit, &recent, err)) == 0)
			lt_trend_set(&res->v[i].trend, &fit, recent, mode[i]);
		res->v[i].plateau = o->plateau && lt_plateau_holds(&st[i].pl);
		lt_ring_release(&st[i].pts);
	}
	free(st);
	free(mode);
	lt_taskinfos_free(facts);
	if (rc != 0) {
		lt_trends_free(res);
		return NULL;
	}
	return res;
}
