/*
 * report.c - the class's learning report over the selected log, or over
 * its last N events.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "converge.h"
#include "json.h"
#include "report.h"
#include "trend.h"

json_t *
lt_goal_summary_empty(void)
{
	json_t *o = json_object();

	json_object_set_new(o, "total_goals", json_integer(0));
	json_object_set_new(o, "completed_goals", json_integer(0));
	json_object_set_new(o, "active_goals", json_integer(0));
	json_object_set_new(o, "completion_rate", lt_json_real(0));
	json_object_set_new(o, "avg_completion_time", lt_json_real(0));
	json_object_set_new(o, "goals", json_array());
	return o;
}

/* Per task over the analysed events. */
struct rtask {
	size_t	count;
	double	sum;
	double	latest;
	size_t	order;		/* first appearance in the analysed part */
};

struct ev_lite {
	double	ts;
	double	score;
	double	lr;
	size_t	task;
};

json_t *
lt_analysis_report(struct lt_sel *sel, long last, double now,
    json_t *goal_summary, struct lt_error *err)
{
	struct lt_tasktab tasks = { 0 };
	struct lt_trend_state *st = NULL;
	struct rtask *rt = NULL;
	struct ev_lite *win = NULL;
	size_t *order = NULL, norder = 0, cap = 0, rcap = 0, i, k;
	size_t total = 0, nwin = 0, head = 0;
	struct lt_moments m = { 0 };
	struct lt_summary sum;
	struct lt_event ev;
	struct lt_fit fit;
	struct lt_taskinfos *facts;
	struct lt_scan sc;
	struct lt_conv c;
	double lrsum = 0, first = NAN, lastts = NAN, recent;
	json_t *res = NULL, *o, *ta, *t;
	int added, rc;

	if (lt_moments_init(&m, err) != 0) {
		json_decref(goal_summary);
		return NULL;
	}
	if (lt_scan_open(&sc, sel, err) != 0) {
		lt_moments_release(&m);
		json_decref(goal_summary);
		return NULL;
	}
	lt_conv_init(&c, 0.01);
	if (last > 0)
		win = lt_xcalloc((size_t)last, sizeof(*win));
	while ((rc = lt_scan_next(&sc, &ev, err)) == 1) {
		i = lt_tasktab_intern(&tasks, ev.task, ev.task_len, &added);
		if (added) {
			st = lt_xgrow(st, &cap, i, sizeof(*st));
			lt_trend_state_init(&st[i], LT_REPORT_TREND_WINDOW);
		}
		lt_trend_state_push(&st[i], LT_REPORT_TREND_WINDOW,
		    LT_X_INDEX, &ev, ev.score);
		lt_conv_push(&c, &ev);
		total++;
		if (last > 0) {
			if (nwin < (size_t)last)
				k = nwin++;
			else
				k = head++ % (size_t)last;
			win[k].ts = ev.timestamp;
			win[k].score = ev.score;
			win[k].lr = ev.lr;
			win[k].task = i;
			continue;
		}
		rt = lt_xgrow(rt, &rcap, i, sizeof(*rt));
		if (rt[i].count++ == 0)
			rt[i].order = norder++;
		rt[i].sum += ev.score;
		rt[i].latest = ev.score;
		lt_moments_push(&m, ev.score, NULL);
		lrsum += ev.lr;
		if (isnan(first))
			first = ev.timestamp;
		lastts = ev.timestamp;
	}
	lt_scan_close(&sc);
	if (rc == -1 || lt_sel_check_named(sel, &tasks, err) != 0 ||
	    lt_conv_order_facts(sel, &facts, err) < 0) {
		json_decref(goal_summary);
		goto out;
	}
	c.no_times = lt_conv_no_times(facts, &tasks);
	lt_taskinfos_free(facts);
	/* The window, oldest first, into the same accumulators. */
	for (i = 0; i < nwin; i++) {
		const struct ev_lite *e = &win[(head + i) % (size_t)last];

		rt = lt_xgrow(rt, &rcap, e->task, sizeof(*rt));
		if (rt[e->task].count++ == 0)
			rt[e->task].order = norder++;
		rt[e->task].sum += e->score;
		rt[e->task].latest = e->score;
		lt_moments_push(&m, e->score, NULL);
		lrsum += e->lr;
		if (i == 0)
			first = e->ts;
		lastts = e->ts;
	}
	lt_moments_get(&m, &sum);

	res = json_object();
	json_object_set_new(res, "report_timestamp", lt_json_real(now));
	json_object_set_new(res, "total_learning_events",
	    json_integer((json_int_t)total));
	json_object_set_new(res, "recent_events_analyzed",
	    json_integer((json_int_t)sum.n));
	o = json_object();
	json_object_set_new(o, "average", lt_json_real(sum.mean));
	json_object_set_new(o, "std_deviation", lt_json_real(sum.sd));
	json_object_set_new(o, "min", lt_json_real(sum.min));
	json_object_set_new(o, "max", lt_json_real(sum.max));
	json_object_set_new(o, "median", lt_json_real(sum.median));
	json_object_set_new(res, "overall_performance", o);
	o = json_object();
	json_object_set_new(o, "average_learning_rate",
	    lt_json_real(sum.n ? lrsum / (double)sum.n : 0));
	json_object_set_new(o, "convergence_analysis", lt_conv_json(&c));
	json_object_set_new(res, "learning_dynamics", o);
	ta = json_object();
	order = lt_xcalloc(norder + 1, sizeof(size_t));
	for (i = 0; i < tasks.n && i < rcap; i++)
		if (rt[i].count > 0)
			order[rt[i].order] = i;
	for (k = 0; k < norder; k++) {
		i = order[k];
		if (lt_trend_state_fit(&st[i], LT_REPORT_TREND_WINDOW,
		    LT_X_INDEX, &fit, &recent, err) != 0) {
			json_decref(ta);
			json_decref(res);
			json_decref(goal_summary);
			res = NULL;
			goto out;
		}
		t = json_object();
		json_object_set_new(t, "event_count",
		    json_integer((json_int_t)rt[i].count));
		json_object_set_new(t, "avg_performance",
		    lt_json_real(rt[i].sum / (double)rt[i].count));
		json_object_set_new(t, "performance_trend",
		    lt_trend_json(&fit, recent, LT_STATS_MAX));
		json_object_set_new(t, "latest_score",
		    lt_json_real(rt[i].latest));
		json_object_set_new(ta, tasks.names[i], t);
	}
	json_object_set_new(res, "task_analysis", ta);
	json_object_set_new(res, "goal_summary", goal_summary);
	json_object_set_new(res, "time_span_hours", c.no_times ? json_null() :
	    lt_json_real(sum.n ? (lastts - first) / 3600 : 0));
out:
	for (i = 0; i < tasks.n; i++)
		lt_ring_release(&st[i].pts);
	free(st);
	free(rt);
	free(win);
	free(order);
	lt_conv_release(&c);
	lt_tasktab_release(&tasks);
	lt_moments_release(&m);
	return res;
}

