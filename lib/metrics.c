/*
 * metrics.c - the class's real-time metrics, from the ends of the logs.
 */
#include <stdlib.h>

#include "json.h"
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

json_t *
lt_analysis_metrics(struct lt_sel *sel, long active_goals,
    struct lt_error *err)
{
	struct lt_tailev *all = NULL;
	unsigned long long total = 0;
	size_t nall = 0, i, k, first;
	struct lt_fit fit;
	struct lt_tail t;
	double xs[LT_RECENT], ys[LT_RECENT], sum = 0;
	json_t *o;

	sel->skipped = 0;
	all = lt_xcalloc(sel->npaths * LT_RECENT + 1, sizeof(*all));
	for (i = 0; i < sel->npaths; i++) {
		if (lt_tail_of(sel->paths[i], sel, &t, err) != 0) {
			free(all);
			return NULL;
		}
		total += t.total;
		k = t.n < LT_RECENT ? t.n : LT_RECENT;
		for (first = t.n - k; first < t.n; first++) {
			all[nall] = t.ev[first % LT_RECENT];
			all[nall].seq = nall;
			nall++;
		}
	}
	o = json_object();
	if (nall == 0) {
		free(all);
		return o;
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
	json_object_set_new(o, "current_performance",
	    lt_json_real(all[nall - 1].score));
	json_object_set_new(o, "current_learning_rate",
	    lt_json_real(all[nall - 1].lr));
	json_object_set_new(o, "recent_avg_performance",
	    lt_json_real(sum / (double)k));
	switch (lt_stats_direction_of(&fit, LT_STATS_MAX, LT_STATS_ALPHA,
	    3)) {
	case LT_STATS_IMPROVING:
		json_object_set_new(o, "performance_trend",
		    json_string("improving"));
		break;
	case LT_STATS_DECLINING:
		json_object_set_new(o, "performance_trend",
		    json_string("declining"));
		break;
	default:
		json_object_set_new(o, "performance_trend",
		    json_string("stable"));
		break;
	}
	json_object_set_new(o, "active_goals_count",
	    json_integer(active_goals));
	json_object_set_new(o, "total_learning_events",
	    json_integer((json_int_t)total));
	json_object_set_new(o, "last_update", lt_json_real(all[nall - 1].ts));
	free(all);
	return o;
}
