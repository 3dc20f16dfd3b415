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

/*
 * With tasks or a span of time the end of a log is not the end of the
 * selection: every selected event is read, the last LT_RECENT kept, into
 * *all (LT_RECENT entries) and *nall, and counted into *total.
 */
static int
scan_recent(struct lt_sel *sel, struct lt_tailev *all, size_t *nall,
    unsigned long long *total, struct lt_error *err)
{
	struct lt_tasktab seen = { 0 };
	struct lt_tailev ring[LT_RECENT];
	struct lt_scan sc;
	struct lt_event ev;
	size_t n = 0, i, k;
	int rc, added;

	if (lt_scan_open(&sc, sel, err) != 0)
		return -1;
	while ((rc = lt_scan_next(&sc, &ev, err)) == 1) {
		ring[n % LT_RECENT] = (struct lt_tailev){ n, ev.timestamp,
		    ev.score, ev.lr };
		n++;
		lt_tasktab_intern(&seen, ev.task, ev.task_len, &added);
	}
	lt_scan_close(&sc);
	if (rc == 0)
		rc = lt_sel_check_named(sel, &seen, err);
	lt_tasktab_release(&seen);
	if (rc != 0)
		return -1;
	k = n < LT_RECENT ? n : LT_RECENT;
	for (i = 0; i < k; i++)
		all[i] = ring[(n - k + i) % LT_RECENT];
	*nall = k;
	*total = n;
	return 0;
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
	if (sel->ntasks > 0 || !isnan(sel->since) || !isnan(sel->until)) {
		if (scan_recent(sel, all, &nall, &total, err) != 0) {
			free(all);
			return -1;
		}
	} else
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
