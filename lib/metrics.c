/*
 * metrics.c - the class's real-time metrics, from the ends of the logs.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "metrics.h"
#include "tail.h"

static int
cmp_tailev(const void *a, const void *b)
{
	const struct lt_tailev *x = a, *y = b;

	if (x->ts != y->ts)
		return (x->ts > y->ts) - (x->ts < y->ts);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

const char *
lt_metrics_trend_name(enum lt_stats_direction d)
{
	return d == LT_STATS_FLAT ? "stable" : lt_stats_direction_name(d);
}

struct lt_metrics_acc {
	struct lt_tail	*logs;
	size_t		 nlogs;
};

struct lt_metrics_acc *
lt_metrics_acc_new(size_t nlogs)
{
	struct lt_metrics_acc *a = lt_xcalloc(1, sizeof(*a));

	a->nlogs = nlogs;
	a->logs = lt_xcalloc(nlogs + 1, sizeof(*a->logs));
	return a;
}

void
lt_metrics_acc_push(struct lt_metrics_acc *a, size_t log,
    const struct lt_event *ev)
{
	struct lt_tail *t = &a->logs[log];
	struct lt_tailev *e = &t->ev[t->n % LT_RECENT];

	e->seq = t->n++;
	e->ts = ev->timestamp;
	e->score = ev->score;
	e->lr = ev->lr;
	t->total++;
}

void
lt_metrics_acc_total(struct lt_metrics_acc *a, size_t log,
    unsigned long long n)
{
	a->logs[log].total = n;
}

void
lt_metrics_acc_tail(struct lt_metrics_acc *a, size_t log,
    const struct lt_tail *t)
{
	a->logs[log] = *t;
}

void
lt_metrics_acc_reset(struct lt_metrics_acc *a, size_t log)
{
	memset(&a->logs[log], 0, sizeof(a->logs[log]));
}

void
lt_metrics_acc_result(const struct lt_metrics_acc *a, long active_goals,
    struct lt_metrics *m)
{
	struct lt_tailev *all = NULL;
	unsigned long long total = 0;
	size_t nall = 0, i, k, first;
	const struct lt_tail *t;
	struct lt_fit fit;
	double xs[LT_RECENT], ys[LT_RECENT], sum = 0;

	memset(m, 0, sizeof(*m));
	all = lt_xcalloc(a->nlogs * LT_RECENT + 1, sizeof(*all));
	for (i = 0; i < a->nlogs; i++) {
		t = &a->logs[i];
		total += t->total;
		k = t->n < LT_RECENT ? t->n : LT_RECENT;
		for (first = t->n - k; first < t->n; first++) {
			all[nall] = t->ev[first % LT_RECENT];
			all[nall].seq = nall;
			nall++;
		}
	}
	m->empty = nall == 0;
	if (m->empty) {
		free(all);
		return;
	}
	qsort(all, nall, sizeof(*all), cmp_tailev);
	k = nall < LT_RECENT ? nall : LT_RECENT;
	first = nall - k;
	for (i = 0; i < k; i++) {
		xs[i] = (double)i;
		ys[i] = all[first + i].score;
		sum += ys[i];
	}
	lt_stats_fit(xs, ys, k, &fit, NULL);
	m->current_performance = all[nall - 1].score;
	m->current_learning_rate = all[nall - 1].lr;
	m->recent_avg_performance = sum / (double)k;
	m->performance_trend = lt_stats_direction_of(&fit, LT_STATS_MAX,
	    LT_STATS_ALPHA, 3);
	m->active_goals_count = active_goals;
	m->total_learning_events = total;
	m->last_update = all[nall - 1].ts;
	free(all);
}

void
lt_metrics_acc_free(struct lt_metrics_acc *a)
{
	if (a == NULL)
		return;
	free(a->logs);
	free(a);
}

/*
 * With tasks or a span of time the end of a log is not the end of the
 * selection: every selected event is read, in order across the logs, and
 * pushed as if of one log into a (made for one), which keeps the last
 * LT_RECENT and counts them all.
 */
static int
scan_recent(struct lt_sel *sel, struct lt_metrics_acc *a,
    struct lt_error *err)
{
	struct lt_tasktab seen = { 0 };
	struct lt_scan sc;
	struct lt_event ev;
	int rc, added;

	if (lt_scan_open(&sc, sel, err) != 0)
		return -1;
	while ((rc = lt_scan_next(&sc, &ev, err)) == 1) {
		lt_metrics_acc_push(a, 0, &ev);
		lt_tasktab_intern(&seen, ev.task, ev.task_len, &added);
	}
	lt_scan_close(&sc);
	if (rc == 0)
		rc = lt_sel_check_named(sel, &seen, err);
	lt_tasktab_release(&seen);
	return rc != 0 ? -1 : 0;
}

int
lt_analysis_metrics(struct lt_sel *sel, long active_goals,
    struct lt_metrics *m, struct lt_error *err)
{
	struct lt_metrics_acc *a;
	struct lt_tail t;
	size_t i;
	int selected;

	memset(m, 0, sizeof(*m));
	sel->skipped = 0;
	selected = sel->ntasks > 0 || !isnan(sel->since) || !isnan(sel->until);
	a = lt_metrics_acc_new(selected ? 1 : sel->npaths);
	if (selected) {
		if (scan_recent(sel, a, err) != 0) {
			lt_metrics_acc_free(a);
			return -1;
		}
	} else
		for (i = 0; i < sel->npaths; i++) {
			if (lt_tail_of(sel->paths[i], sel, &t, err) != 0) {
				lt_metrics_acc_free(a);
				return -1;
			}
			lt_metrics_acc_tail(a, i, &t);
		}
	lt_metrics_acc_result(a, active_goals, m);
	lt_metrics_acc_free(a);
	return 0;
}
