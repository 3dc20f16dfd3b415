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

/* What the analysed events (all, or the last N) give. */
struct pass {
	struct rtask		*rt;	/* each task, analysed part */
	size_t			 rcap;
	size_t			 norder;
	struct lt_moments	 m;	/* the analysed scores */
	double			 lrsum;
	double			 first, last;	/* analysed times */
};

struct lt_report_acc {
	long			 last;
	struct lt_tasktab	 names;
	struct lt_trend_state	*st;	/* each task's trend, whole log */
	size_t			 cap;
	struct lt_conv		 conv;
	size_t			 total;
	struct pass		 all;	/* last 0: every event, as pushed */
	struct ev_lite		*win;	/* last N: the last N, a ring, grown
					   to N only as the log holds that
					   many (--last 1e14 allocates
					   nothing up front) */
	size_t			 nwin, head, wcap;
};

static int
pass_init(struct pass *p, struct lt_error *err)
{
	memset(p, 0, sizeof(*p));
	p->first = p->last = NAN;
	return lt_moments_init(&p->m, err);
}

static void
pass_release(struct pass *p)
{
	free(p->rt);
	lt_moments_release(&p->m);
}

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

struct lt_report_acc *
lt_report_acc_new(long last, struct lt_error *err)
{
	struct lt_report_acc *a = lt_xcalloc(1, sizeof(*a));

	a->last = last;
	lt_conv_init(&a->conv, 0.01);
	if (pass_init(&a->all, err) != 0) {
		lt_report_acc_free(a);
		return NULL;
	}
	return a;
}

/* Every event goes into the trends, the convergences and the total; the
 * analysed ones (all, or the last `last`) into the pass. */
void
lt_report_acc_push(struct lt_report_acc *a, const struct lt_event *ev)
{
	size_t i, k;
	int added;

	i = lt_tasktab_intern(&a->names, ev->task, ev->task_len, &added);
	if (added) {
		a->st = lt_xgrow(a->st, &a->cap, i, sizeof(*a->st));
		lt_trend_state_init(&a->st[i], LT_REPORT_TREND_WINDOW);
	}
	lt_trend_state_push(&a->st[i], LT_REPORT_TREND_WINDOW, LT_X_INDEX,
	    ev, ev->score);
	lt_conv_push(&a->conv, ev);
	a->total++;
	if (a->last == 0) {
		analyse(&a->all, i, ev->timestamp, ev->score, ev->lr);
		return;
	}
	if (a->nwin < (size_t)a->last) {
		a->win = lt_xgrow(a->win, &a->wcap, a->nwin, sizeof(*a->win));
		k = a->nwin++;
	} else
		k = a->head++ % (size_t)a->last;
	a->win[k].ts = ev->timestamp;
	a->win[k].score = ev->score;
	a->win[k].lr = ev->lr;
	a->win[k].task = i;
}

const struct lt_tasktab *
lt_report_acc_tasks(const struct lt_report_acc *a)
{
	return &a->names;
}

/* The tasks of r in order of first appearance in the analysed part, with
 * each one's trend over the whole log.  Returns 0, or -1 with err. */
static int
fill_tasks(struct lt_report *r, const struct lt_report_acc *a,
    const struct pass *p, struct lt_error *err)
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
		if (lt_trend_state_fit(&a->st[i], LT_REPORT_TREND_WINDOW,
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
lt_report_acc_result(struct lt_report_acc *a, double now,
    const struct lt_goals *goals, const struct lt_taskinfos *facts,
    struct lt_error *err)
{
	struct lt_report *r = lt_xcalloc(1, sizeof(*r));
	struct pass win, *p = &a->all;
	size_t i;
	int added, rc = 0;

	for (i = 0; i < a->names.n; i++)
		(void)lt_tasktab_intern(&r->names, a->names.names[i],
		    strlen(a->names.names[i]), &added);
	lt_conv_copy(&r->convergence_analysis, &a->conv);
	r->total_learning_events = a->total;
	if (a->last > 0) {
		/* The window, oldest first. */
		p = &win;
		rc = pass_init(p, err);
		for (i = 0; rc == 0 && i < a->nwin; i++) {
			const struct ev_lite *e = &a->win[(a->head + i) %
			    (size_t)a->last];

			analyse(p, e->task, e->ts, e->score, e->lr);
		}
	}
	if (rc == 0)
		rc = fill_tasks(r, a, p, err);
	if (rc == 0) {
		/* Times that only keep order give no rate and no span. */
		r->convergence_analysis.no_times = lt_conv_no_times(facts,
		    &r->names);
		r->report_timestamp = now;
		lt_moments_get(&p->m, &r->overall_performance);
		r->recent_events_analyzed = r->overall_performance.n;
		r->average_learning_rate = r->overall_performance.n ?
		    p->lrsum / (double)r->overall_performance.n : 0;
		lt_conv_finish(&r->convergence_analysis);
		lt_goals_summary(goals, &r->goal_summary);
		r->time_span_hours = r->convergence_analysis.no_times ? NAN :
		    r->overall_performance.n ? (p->last - p->first) / 3600 : 0;
	}
	if (p == &win)
		pass_release(&win);
	if (rc != 0) {
		lt_report_free(r);
		return NULL;
	}
	return r;
}

void
lt_report_acc_free(struct lt_report_acc *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->names.n && i < a->cap; i++)
		lt_ring_release(&a->st[i].pts);
	free(a->st);
	lt_tasktab_release(&a->names);
	lt_conv_release(&a->conv);
	pass_release(&a->all);
	free(a->win);
	free(a);
}

struct lt_report *
lt_analysis_report(struct lt_sel *sel, long last, double now,
    const struct lt_goals *goals, struct lt_error *err)
{
	struct lt_taskinfos *facts = NULL;
	struct lt_report_acc *a;
	struct lt_report *r = NULL;
	struct lt_event ev;
	struct lt_scan sc;
	int rc;

	if ((a = lt_report_acc_new(last, err)) == NULL)
		return NULL;
	if (lt_scan_open(&sc, sel, err) != 0) {
		lt_report_acc_free(a);
		return NULL;
	}
	while ((rc = lt_scan_next(&sc, &ev, err)) == 1)
		lt_report_acc_push(a, &ev);
	lt_scan_close(&sc);
	if (rc == 0)
		rc = lt_sel_check_named(sel, lt_report_acc_tasks(a), err);
	if (rc == 0 && lt_conv_order_facts(sel, &facts, err) >= 0)
		r = lt_report_acc_result(a, now, goals, facts, err);
	lt_taskinfos_free(facts);
	lt_report_acc_free(a);
	return r;
}

struct lt_report *
lt_report_follow(struct lt_follow *const *f, size_t n,
    const struct lt_sel *sel, double now, const struct lt_goals *goals,
    const struct lt_taskinfos *facts, size_t *count, struct lt_error *err)
{
	struct lt_report_acc *a;
	struct lt_report *r = NULL;
	struct lt_event *head;
	size_t i, best;
	int *have, rc = 0;

	*count = 0;
	if ((a = lt_report_acc_new(0, err)) == NULL)
		return NULL;
	head = lt_xcalloc(n + 1, sizeof(*head));
	have = lt_xcalloc(n + 1, sizeof(*have));
	for (i = 0; rc >= 0 && i < n; i++)
		have[i] = (rc = lt_follow_next(f[i], &head[i], err)) == 1;
	while (rc >= 0) {
		for (best = n, i = 0; i < n; i++)
			if (have[i] && (best == n ||
			    head[i].timestamp < head[best].timestamp))
				best = i;
		if (best == n)
			break;
		if (lt_sel_keeps(sel, &head[best])) {
			lt_report_acc_push(a, &head[best]);
			(*count)++;
		}
		have[best] = (rc = lt_follow_next(f[best], &head[best],
		    err)) == 1;
	}
	if (rc >= 0)
		r = lt_report_acc_result(a, now, goals, facts, err);
	free(head);
	free(have);
	lt_report_acc_free(a);
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
