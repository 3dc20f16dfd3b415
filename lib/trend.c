/*
 * trend.c - the least-squares trend of each task over its last points,
 * and the plateau detector of lt trend --check.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "trend.h"

json_t *
lt_trend_json(const struct lt_fit *fit, double recent_avg,
    enum lt_stats_mode mode)
{
	json_t *o = json_object();
	int enough = fit->n >= LT_STATS_MIN_N;

	json_object_set_new(o, "trend", lt_json_real(enough ? fit->slope : 0));
	json_object_set_new(o, "confidence",
	    lt_json_real(enough ? fit->r2 : 0));
	json_object_set_new(o, "recent_avg",
	    lt_json_real(enough ? recent_avg : 0));
	json_object_set_new(o, "improvement_rate",
	    lt_json_real(enough ? fit->slope * (double)fit->n : 0));
	json_object_set_new(o, "n", json_integer((json_int_t)fit->n));
	json_object_set_new(o, "intercept",
	    lt_json_real(enough ? fit->intercept : 0));
	json_object_set_new(o, "p_value",
	    lt_json_real(enough ? fit->p_value : 1));
	json_object_set_new(o, "stderr",
	    lt_json_real(enough ? fit->stderr_slope : 0));
	json_object_set_new(o, "direction", json_string(!enough ?
	    "insufficient_data" : lt_stats_direction_name(
	    lt_stats_direction_of(fit, mode, LT_STATS_ALPHA,
	    LT_STATS_MIN_N))));
	return o;
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

json_t *
lt_analysis_trend(struct lt_sel *sel, const struct lt_trend_opts *o,
    struct lt_error *err)
{
	struct lt_tasktab tasks = { 0 };
	struct lt_trend_state *st = NULL;
	size_t cap = 0, i;
	struct lt_event ev;
	struct lt_scan sc;
	struct lt_fit fit;
	json_t *res = NULL, *t;
	double y, recent;
	int added, rc;

	if (lt_scan_open(&sc, sel, err) != 0)
		return NULL;
	while ((rc = lt_scan_next(&sc, &ev, err)) == 1) {
		if (isnan(y = lt_metric_of(&sc.metric, &ev)))
			continue;
		i = lt_tasktab_intern(&tasks, ev.task, ev.task_len, &added);
		if (added) {
			st = lt_xgrow(st, &cap, i, sizeof(*st));
			lt_trend_state_init(&st[i], o->window);
			if (o->plateau)
				lt_plateau_init(&st[i].pl, o->mode,
				    o->patience, o->kind, o->delta, NULL);
		}
		lt_trend_state_push(&st[i], o->window, sel->x, &ev, y);
		if (o->plateau)
			lt_plateau_push(&st[i].pl, y);
	}
	lt_scan_close(&sc);
	if (rc == -1 || lt_sel_check_named(sel, &tasks, err) != 0)
		goto out;
	res = json_object();
	for (i = 0; i < tasks.n; i++) {
		if (lt_trend_state_fit(&st[i], o->window, sel->x, &fit, &recent,
		    err) != 0) {
			json_decref(res);
			res = NULL;
			goto out;
		}
		t = lt_trend_json(&fit, recent, o->mode);
		if (o->plateau)
			json_object_set_new(t, "plateau",
			    json_boolean(lt_plateau_holds(&st[i].pl)));
		json_object_set_new(res, tasks.names[i], t);
	}
out:
	for (i = 0; i < tasks.n; i++)
		lt_ring_release(&st[i].pts);
	free(st);
	lt_tasktab_release(&tasks);
	return res;
}

