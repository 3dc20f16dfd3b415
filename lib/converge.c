/*
 * converge.c - the class's convergence analysis: events whose
 * convergence_metric is under a threshold.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "converge.h"
#include "json.h"

void
lt_conv_init(struct lt_conv *c, double threshold)
{
	memset(c, 0, sizeof(*c));
	c->threshold = threshold;
	c->end = NAN;
}

void
lt_conv_push(struct lt_conv *c, const struct lt_event *ev)
{
	struct lt_conv_task *s;
	size_t i, k;
	int added;

	if (isnan(c->end) || ev->timestamp > c->end)
		c->end = ev->timestamp;
	if (!(ev->conv < c->threshold))
		return;
	i = lt_tasktab_intern(&c->tasks, ev->task, ev->task_len, &added);
	c->st = lt_xgrow(c->st, &c->cap, i, sizeof(*c->st));
	s = &c->st[i];
	if (added)
		s->first_episode = ev->episode;
	s->count++;
	s->sum += ev->conv;
	s->last = ev->timestamp;
	if (c->total++ == 0)
		c->first = ev->timestamp;
	k = c->head++ % LT_RECENT;
	c->recent[k].ts = ev->timestamp;
	c->recent[k].task = i;
	c->recent[k].metric = ev->conv;
}

json_t *
lt_conv_json(const struct lt_conv *c)
{
	json_t *o = json_object(), *ts, *t, *rc, *e;
	double span = c->total ? (c->end - c->first) / 3600 : 0;
	size_t i, n, k;

	json_object_set_new(o, "total_convergences",
	    json_integer((json_int_t)c->total));
	json_object_set_new(o, "convergence_rate", c->no_times ? json_null() :
	    lt_json_real(span > 0 ? (double)c->total / span : 0));
	json_object_set_new(o, "task_statistics", ts = json_object());
	for (i = 0; i < c->tasks.n; i++) {
		t = json_object();
		json_object_set_new(t, "count",
		    json_integer((json_int_t)c->st[i].count));
		json_object_set_new(t, "avg_convergence_metric",
		    lt_json_real(c->st[i].sum / (double)c->st[i].count));
		json_object_set_new(t, "last_convergence",
		    lt_json_real(c->st[i].last));
		json_object_set_new(t, "first_convergence_episode",
		    json_integer((json_int_t)c->st[i].first_episode));
		json_object_set_new(ts, c->tasks.names[i], t);
	}
	json_object_set_new(o, "recent_convergences", rc = json_array());
	n = c->head < LT_RECENT ? c->head : LT_RECENT;
	for (i = 0; i < n; i++) {
		k = (c->head - n + i) % LT_RECENT;
		e = json_array();
		json_array_append_new(e, lt_json_real(c->recent[k].ts));
		json_array_append_new(e,
		    json_string(c->tasks.names[c->recent[k].task]));
		json_array_append_new(e, lt_json_real(c->recent[k].metric));
		json_array_append_new(rc, e);
	}
	return o;
}

void
lt_conv_release(struct lt_conv *c)
{
	lt_tasktab_release(&c->tasks);
	free(c->st);
	c->st = NULL;
}

int
lt_conv_order_facts(const struct lt_sel *sel, struct lt_taskinfos **facts,
    struct lt_error *err)
{
	size_t i;

	if ((*facts = lt_taskinfos_load(sel->paths, sel->npaths, &sel->ropts,
	    err)) == NULL)
		return -1;
	for (i = 0; i < lt_taskinfos_count(*facts); i++)
		if (lt_taskinfos_at(*facts, i)->times_order)
			return 1;
	lt_taskinfos_free(*facts);
	*facts = NULL;
	return 0;
}

int
lt_conv_no_times(const struct lt_taskinfos *facts, const struct lt_tasktab *t)
{
	const struct lt_taskinfo *f;
	size_t i;

	for (i = 0; facts != NULL && i < t->n; i++)
		if ((f = lt_taskinfos_get(facts, t->names[i])) != NULL &&
		    f->times_order)
			return 1;
	return 0;
}

json_t *
lt_analysis_converge(struct lt_sel *sel, double threshold,
    struct lt_error *err)
{
	struct lt_tasktab seen = { 0 };
	struct lt_taskinfos *facts;
	struct lt_event ev;
	struct lt_scan sc;
	struct lt_conv c;
	json_t *res = NULL;
	int rc, added, order;

	if ((order = lt_conv_order_facts(sel, &facts, err)) < 0)
		return NULL;
	if (lt_scan_open(&sc, sel, err) != 0) {
		lt_taskinfos_free(facts);
		return NULL;
	}
	lt_conv_init(&c, threshold);
	while ((rc = lt_scan_next(&sc, &ev, err)) == 1) {
		lt_conv_push(&c, &ev);
		if (sel->ntasks > 0 || order)
			lt_tasktab_intern(&seen, ev.task, ev.task_len, &added);
	}
	lt_scan_close(&sc);
	c.no_times = lt_conv_no_times(facts, &seen);
	if (rc == 0 && lt_sel_check_named(sel, &seen, err) == 0)
		res = lt_conv_json(&c);
	lt_conv_release(&c);
	lt_tasktab_release(&seen);
	lt_taskinfos_free(facts);
	return res;
}

