/*
 * report.c - the class's learning report over the selected log, or over
 * its last N events.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "report.h"

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

/* What one pass over the log gathers. */
struct pass {
	struct lt_trend_state	*st;	/* each task's trend, whole log */
	size_t			 cap;
	struct rtask		*rt;	/* each task, analysed part */
	size_t			 rcap;
	size_t			 norder;
	struct lt_moments	 m;	/* the analysed scores */
	double			 lrsum;
	double			 first, last;	/* analysed times */
	struct ev_lite		*win;	/* the last N, a ring, grown to N
					   only as the log holds that many */
	size_t			 nwin, head, wcap;
};

/* Count one analysed event into p. */
static void
analyse(struct pass *p, size_t task, double ts, double score, double lr)
{
	p->rt = lt_xgrow(p->rt, &p->rcap, task, sizeof(*p->rt));
	if (p->rt[task].count++ == 0)
		p->rt[task].order = p->norder++;
	p->rt[task].sum += score;
	p->rt[task].latest = score;
	lt_moments_push(&p->m, score, NULL);
	p->lrsum += lr;
	if (isnan(p->first))
		p->first = ts;
	p->last = ts;
}

/* Read the selection into r and p: every event into the trends, the
 * convergences and the total; the analysed ones (all, or the last
 * `last`) into p.  Returns 0, or -1 with err. */
static int
read_log(struct lt_sel *sel, long last, struct lt_report *r, struct pass *p,
    struct lt_error *err)
{
	struct lt_event ev;
	struct lt_scan sc;
	size_t i, k;
	int added, rc;

	if (lt_scan_open(&sc, sel, err) != 0)
		return -1;
	while ((rc = lt_scan_next(&sc, &ev, err)) == 1) {
		i = lt_tasktab_intern(&r->names, ev.task, ev.task_len, &added);
		if (added) {
			p->st = lt_xgrow(p->st, &p->cap, i, sizeof(*p->st));
			lt_trend_state_init(&p->st[i], LT_REPORT_TREND_WINDOW);
		}
		lt_trend_state_push(&p->st[i], LT_REPORT_TREND_WINDOW,
		    LT_X_INDEX, &ev, ev.score);
		lt_conv_push(&r->convergence_analysis, &ev);
		r->total_learning_events++;
		if (last == 0) {
			analyse(p, i, ev.timestamp, ev.score, ev.lr);
			continue;
		}
		if (p->nwin < (size_t)last) {
			p->win = lt_xgrow(p->win, &p->wcap, p->nwin,
			    sizeof(*p->win));
			k = p->nwin++;
		} else
			k = p->head++ % (size_t)last;
		p->win[k].ts = ev.timestamp;
		p->win[k].score = ev.score;
		p->win[k].lr = ev.lr;
		p->win[k].task = i;
	}
	lt_scan_close(&sc);
	if (rc == -1 || lt_sel_check_named(sel, &r->names, err) != 0)
		return -1;
	/* The window, oldest first. */
	for (i = 0; i < p->nwin; i++) {
		const struct ev_lite *e = &p->win[(p->head + i) %
		    (size_t)last];

		analyse(p, e->task, e->ts, e->score, e->lr);
	}
	return 0;
}

/* The tasks of r in order of first appearance in the analysed part, with
 * each one's trend over the whole log.  Returns 0, or -1 with err. */
static int
fill_tasks(struct lt_report *r, const struct pass *p, struct lt_error *err)
{
	struct lt_report_task *t;
	struct lt_fit fit;
	double recent;
	size_t i;

	r->ntasks = p->norder;
	r->tasks = lt_xcalloc(p->norder + 1, sizeof(*r->tasks));
	for (i = 0; i < r->names.n && i < p->rcap; i++) {
		if (p->rt[i].count == 0)
			continue;
		if (lt_trend_state_fit(&p->st[i], LT_REPORT_TREND_WINDOW,
		    LT_X_INDEX, &fit, &recent, err) != 0)
			return -1;
		t = &r->tasks[p->rt[i].order];
		t->task = r->names.names[i];
		t->event_count = p->rt[i].count;
		t->avg_performance = p->rt[i].sum / (double)p->rt[i].count;
		lt_trend_set(&t->performance_trend, &fit, recent,
		    LT_STATS_MAX);
		t->latest_score = p->rt[i].latest;
	}
	return 0;
}

struct lt_report *
lt_analysis_report(struct lt_sel *sel, long last, double now,
    const struct lt_goals *goals, struct lt_error *err)
{
	struct lt_report *r = lt_xcalloc(1, sizeof(*r));
	struct lt_taskinfos *facts;
	struct pass p;
	size_t i;
	int rc;

	memset(&p, 0, sizeof(p));
	p.first = p.last = NAN;
	lt_conv_init(&r->convergence_analysis, 0.01);
	rc = lt_moments_init(&p.m, err);
	if (rc == 0)
		rc = read_log(sel, last, r, &p, err);
	if (rc == 0)
		rc = fill_tasks(r, &p, err);
	/* Times that only keep order give no rate and no span. */
	if (rc == 0 && (rc = lt_conv_order_facts(sel, &facts, err)) >= 0) {
		r->convergence_analysis.no_times = lt_conv_no_times(facts,
		    &r->names);
		lt_taskinfos_free(facts);
		rc = 0;
	}
	if (rc == 0) {
		r->report_timestamp = now;
		lt_moments_get(&p.m, &r->overall_performance);
		r->recent_events_analyzed = r->overall_performance.n;
		r->average_learning_rate = r->overall_performance.n ?
		    p.lrsum / (double)r->overall_performance.n : 0;
		lt_conv_finish(&r->convergence_analysis);
		lt_goals_summary(goals, &r->goal_summary);
		r->time_span_hours = r->convergence_analysis.no_times ? NAN :
		    r->overall_performance.n ? (p.last - p.first) / 3600 : 0;
	}
	for (i = 0; i < r->names.n && i < p.cap; i++)
		lt_ring_release(&p.st[i].pts);
	free(p.st);
	free(p.rt);
	free(p.win);
	lt_moments_release(&p.m);
	if (rc != 0) {
		lt_report_free(r);
		return NULL;
	}
	return r;
}

void
lt_report_free(struct lt_report *r)
{
	if (r == NULL)
		return;
	lt_conv_release(&r->convergence_analysis);
	free(r->tasks);
	lt_tasktab_release(&r->names);
	free(r);
}
