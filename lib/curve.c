/*
 * curve.c - a task's last points, smoothed over every point.
 */
#include <math.h>
#include <stdlib.h>

#include "buf.h"
#include "curve.h"
#include "taskinfo.h"

struct lt_curve *
lt_analysis_curve(struct lt_sel *sel, long window,
    struct lt_smoother *smooth, struct lt_error *err)
{
	struct lt_curve *c;
	struct lt_ring r;
	struct lt_event ev;
	struct lt_scan sc;
	struct lt_pt p;
	struct lt_taskinfos *facts;
	const char *task = sel->ntasks ? sel->tasks[0] : "";
	size_t i, count = 0;
	int rc;

	if ((facts = lt_taskinfos_load(sel->paths, sel->npaths, &sel->ropts,
	    err)) == NULL)
		return NULL;
	if (lt_scan_open(&sc, sel, err) != 0) {
		lt_taskinfos_free(facts);
		return NULL;
	}
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
	if (rc == 0 && r.n == 0)
		rc = lt_error_set(err, "no events of task \"%s\"%s",
		    sel->ntasks ? sel->tasks[0] : "", sel->metric ?
		    " with that metric" : "");
	if (rc != 0) {
		lt_ring_release(&r);
		lt_taskinfos_free(facts);
		return NULL;
	}
	c = lt_xcalloc(1, sizeof(*c));
	c->n = r.n;
	c->pts = lt_xcalloc(r.n, sizeof(*c->pts));
	for (i = 0; i < r.n; i++)
		c->pts[i] = *lt_ring_at(&r, i);
	lt_ring_release(&r);
	c->x = sel->x;
	c->metric = sel->metric ? lt_xstrdup(sel->metric) : NULL;
	c->smoothed = smooth != NULL;
	if (smooth)
		lt_smoother_describe(smooth, c->method, sizeof(c->method));
	c->said = lt_taskinfo_said(facts, sel, task);
	c->mode = lt_taskinfo_mode(facts, sel, task);
	c->score_name = lt_xstrdup(lt_taskinfo_score_name(
	    lt_taskinfos_get(facts, task)));
	lt_taskinfos_free(facts);
	for (i = 1; i < c->n; i++)
		if (c->mode == LT_STATS_MIN ? c->pts[i].y < c->pts[c->best].y :
		    c->pts[i].y > c->pts[c->best].y)
			c->best = i;
	return c;
}

void
lt_curve_free(struct lt_curve *c)
{
	if (c == NULL)
		return;
	free(c->pts);
	free(c->metric);
	free(c->score_name);
	free(c);
}
