/*
 * metrics.c - the class's real-time metrics, from the ends of the logs.
 */
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

int
lt_analysis_metrics(struct lt_sel *sel, long active_goals,
    struct lt_metrics *m, struct lt_error *err)
{
	struct lt_tailev *all = NULL;
	unsigned long long total = 0;
	size_t nall = 0, i, k, first;
	struct lt_fit fit;
	struct lt_tail t;
	double xs[LT_RECENT], ys[LT_RECENT], sum = 0;

	memset(m, 0, sizeof(*m));
	sel->skipped = 0;
	all = lt_xcalloc(sel->npaths * LT_RECENT + 1, sizeof(*all));
	for (i = 0; i < sel->npaths; i++) {
		if (lt_tail_of(sel->paths[i], sel, &t, err) != 0) {
			free(all);
			return -1;
		}
		total += t.total;
		k = t.n < LT_RECENT ? t.n : LT_RECENT;
		for (first = t.n - k; first < t.n; first++) {
			all[nall] = t.ev[first % LT_RECENT];
			all[nall].seq = nall;
			nall++;
		}
	}
	m->empty = nall == 0;
	if (m->empty) {
		free(all);
		return 0;
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
	return 0;
}
