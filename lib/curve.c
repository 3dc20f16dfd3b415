/*
 * curve.c - a task's last points, smoothed over every point.
 */
#include <math.h>

#include "curve.h"
#include "json.h"
#include "ring.h"

json_t *
lt_analysis_curve(struct lt_sel *sel, long window,
    struct lt_smoother *smooth, struct lt_error *err)
{
	struct lt_ring r;
	struct lt_event ev;
	struct lt_scan sc;
	struct lt_pt p;
	json_t *res, *ts, *xs, *ys, *ss;
	size_t i, count = 0;
	int rc;

	if (lt_scan_open(&sc, sel, err) != 0)
		return NULL;
	lt_ring_init(&r, (size_t)window);
	while ((rc = lt_scan_next(&sc, &ev, err)) == 1) {
		if (isnan(p.y = lt_metric_of(&sc.metric, &ev)))
			continue;
		p.ts = ev.timestamp;
		p.x = lt_x_of(sel->x, &ev, count++);
		p.s = smooth ? lt_smoother_push(smooth, p.y) : 0;
		lt_ring_push(&r, &p);
	}
	lt_scan_close(&sc);
	if (rc == -1) {
		lt_ring_release(&r);
		return NULL;
	}
	if (r.n == 0) {
		lt_ring_release(&r);
		lt_error_set(err, "no events of task \"%s\"%s",
		    sel->ntasks ? sel->tasks[0] : "", sel->metric ?
		    " with that metric" : "");
		return NULL;
	}
	res = json_object();
	json_object_set_new(res, "timestamps", ts = json_array());
	json_object_set_new(res, "scores", ys = json_array());
	xs = sel->x == LT_X_TIME ? NULL : json_array();
	ss = smooth ? json_array() : NULL;
	for (i = 0; i < r.n; i++) {
		const struct lt_pt *q = lt_ring_at(&r, i);

		json_array_append_new(ts, lt_json_real(q->ts));
		json_array_append_new(ys, lt_json_real(q->y));
		if (xs)
			json_array_append_new(xs, lt_json_real(q->x));
		if (ss)
			json_array_append_new(ss, lt_json_real(q->s));
	}
	if (ss)
		json_object_set_new(res, "smoothed", ss);
	if (xs)
		json_object_set_new(res, "x", xs);
	lt_ring_release(&r);
	return res;
}

