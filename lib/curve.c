/*
 * curve.c - a task's last points, smoothed over every point.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "curve.h"
#include "taskinfo.h"

struct lt_curve_acc {
	char			*task;
	enum lt_xaxis		 x;
	struct lt_metric	 metric;
	char			*metric_opt;	/* as given, or NULL */
	struct lt_smoother	*smooth;
	struct lt_ring		 r;
	size_t			 count;
};

struct lt_curve_acc *
lt_curve_acc_new(const char *task, long window, enum lt_xaxis x,
    const char *metric, struct lt_smoother *smooth)
{
	struct lt_curve_acc *a = lt_xcalloc(1, sizeof(*a));

	a->task = task ? lt_xstrdup(task) : NULL;
	a->x = x;
	lt_metric_init(&a->metric, metric ? metric : "performance_score");
	a->metric_opt = metric ? lt_xstrdup(metric) : NULL;
	a->smooth = smooth;
	lt_ring_init(&a->r, (size_t)window);
	return a;
}

void
lt_curve_acc_push(struct lt_curve_acc *a, const struct lt_event *ev)
{
	struct lt_pt p;

	if (a->task != NULL && strcmp(a->task, ev->task) != 0)
		return;
	if (isnan(p.y = lt_metric_of(&a->metric, ev)))
		return;
	p.ts = ev->timestamp;
	p.x = lt_x_of(a->x, ev, a->count++);
	p.s = a->smooth ? lt_smoother_push(a->smooth, p.y) : 0;
	lt_ring_push(&a->r, &p);
}

size_t
lt_curve_acc_count(const struct lt_curve_acc *a)
{
	return a->count;
}

struct lt_curve *
lt_curve_acc_result(const struct lt_curve_acc *a, struct lt_error *err)
{
	struct lt_curve *c;
	size_t i;

	if (a->r.n == 0) {
		lt_error_set(err, "no events of task \"%s\"%s",
		    a->task ? a->task : "", a->metric_opt ?
		    " with that metric" : "");
		return NULL;
	}
	c = lt_xcalloc(1, sizeof(*c));
	c->n = a->r.n;
	c->pts = lt_xcalloc(a->r.n, sizeof(*c->pts));
	for (i = 0; i < a->r.n; i++)
		c->pts[i] = *lt_ring_at(&a->r, i);
	c->x = a->x;
	c->metric = a->metric_opt ? lt_xstrdup(a->metric_opt) : NULL;
	c->smoothed = a->smooth != NULL;
	if (a->smooth)
		lt_smoother_describe(a->smooth, c->method, sizeof(c->method));
	return c;
}

void
lt_curve_acc_free(struct lt_curve_acc *a)
{
	if (a == NULL)
		return;
	free(a->task);
	lt_metric_release(&a->metric);
	free(a->metric_opt);
	lt_ring_release(&a->r);
	free(a);
}

void
lt_curve_facts(struct lt_curve *c, const struct lt_taskinfos *facts,
    const struct lt_sel *sel, const char *task)
{
	size_t i;

	c->said = lt_taskinfo_said(facts, sel, task);
	c->mode = lt_taskinfo_mode(facts, sel, task);
	free(c->score_name);
	c->score_name = lt_xstrdup(lt_taskinfo_score_name(
	    lt_taskinfos_get(facts, task)));
	c->best = 0;
	for (i = 1; i < c->n; i++)
		if (c->mode == LT_STATS_MIN ? c->pts[i].y < c->pts[c->best].y :
		    c->pts[i].y > c->pts[c->best].y)
			c->best = i;
}

struct lt_curve *
lt_analysis_curve(struct lt_sel *sel, long window,
    struct lt_smoother *smooth, struct lt_error *err)
{
	const char *task = sel->ntasks ? sel->tasks[0] : "";
	struct lt_taskinfos *facts;
	struct lt_curve_acc *a;
	struct lt_curve *c = NULL;
	struct lt_event ev;
	struct lt_scan sc;
	int rc;

	if ((facts = lt_taskinfos_scan(sel, &sc, err)) == NULL)
		return NULL;
	/* The scan selects the task: the error names sel->tasks[0]. */
	a = lt_curve_acc_new(NULL, window, sel->x, sel->metric, smooth);
	while ((rc = lt_scan_next(&sc, &ev, err)) == 1)
		lt_curve_acc_push(a, &ev);
	lt_scan_close(&sc);
	if (rc == 0 && lt_curve_acc_count(a) == 0)
		lt_error_set(err, "no events of task \"%s\"%s", task,
		    sel->metric ? " with that metric" : "");
	else if (rc == 0)
		c = lt_curve_acc_result(a, err);
	lt_curve_acc_free(a);
	if (c != NULL)
		lt_curve_facts(c, facts, sel, task);
	lt_taskinfos_free(facts);
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
