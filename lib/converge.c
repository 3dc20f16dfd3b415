/*
 * converge.c - the class's convergence analysis: events whose
 * convergence_metric is under a threshold.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "converge.h"

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
	size_t ix = SIZE_MAX;

	lt_conv_push_at(c, ev, &ix);
}

void
lt_conv_push_at(struct lt_conv *c, const struct lt_event *ev, size_t *ix)
{
	struct lt_conv_task *s;
	size_t i, k;
	int added = 0;

	if (isnan(c->end) || ev->timestamp > c->end)
		c->end = ev->timestamp;
	if (!(ev->conv < c->threshold))
		return;
	if ((i = *ix) == SIZE_MAX)
		i = *ix = lt_tasktab_intern(&c->names, ev->task, ev->task_len,
		    &added);
	c->tasks = lt_xgrow(c->tasks, &c->cap, i, sizeof(*c->tasks));
	s = &c->tasks[i];
	if (added)
		s->first_convergence_episode = ev->episode;
	s->count++;
	s->sum += ev->conv;
	s->last_convergence = ev->timestamp;
	if (c->total_convergences++ == 0)
		c->first = ev->timestamp;
	k = c->head++ % LT_RECENT;
	c->ring[k].ts = ev->timestamp;
	c->ring[k].task = i;
	c->ring[k].metric = ev->conv;
}

void
lt_conv_finish(struct lt_conv *c)
{
	double span = c->total_convergences ? (c->end - c->first) / 3600 : 0;
	size_t i, k, n;

	c->convergence_rate = c->no_times ? NAN : span > 0 ?
	    (double)c->total_convergences / span : 0;
	c->ntasks = c->names.n;
	for (i = 0; i < c->ntasks; i++) {
		c->tasks[i].task = c->names.names[i];
		c->tasks[i].avg_convergence_metric = c->tasks[i].sum /
		    (double)c->tasks[i].count;
	}
	n = c->head < LT_RECENT ? c->head : LT_RECENT;
	for (i = 0; i < n; i++) {
		k = (c->head - n + i) % LT_RECENT;
		c->recent[i].ts = c->ring[k].ts;
		c->recent[i].task = c->names.names[c->ring[k].task];
		c->recent[i].metric = c->ring[k].metric;
	}
	c->nrecent = n;
}

void
lt_conv_copy(struct lt_conv *dst, const struct lt_conv *src)
{
	size_t i;
	int added;

	*dst = *src;
	memset(&dst->names, 0, sizeof(dst->names));
	for (i = 0; i < src->names.n; i++)
		(void)lt_tasktab_intern(&dst->names, src->names.names[i],
		    strlen(src->names.names[i]), &added);
	dst->cap = src->names.n;
	dst->tasks = lt_xcalloc(dst->cap + 1, sizeof(*dst->tasks));
	if (src->names.n > 0)
		memcpy(dst->tasks, src->tasks, src->names.n *
		    sizeof(*dst->tasks));
	/* The result's names are the copy's own. */
	for (i = 0; i < dst->ntasks; i++)
		dst->tasks[i].task = dst->names.names[i];
	for (i = 0; i < dst->nrecent; i++)
		dst->recent[i].task = dst->names.names[lt_tasktab_find(
		    &dst->names, src->recent[i].task,
		    strlen(src->recent[i].task))];
}

void
lt_conv_release(struct lt_conv *c)
{
	lt_tasktab_release(&c->names);
	free(c->tasks);
	c->tasks = NULL;
	c->ntasks = c->nrecent = 0;
}

void
lt_conv_free(struct lt_conv *c)
{
	if (c == NULL)
		return;
	lt_conv_release(c);
	free(c);
}

/* Which tasks of sel's logs have times that only keep their order: 1
 * with *facts, the tasks files (free with lt_taskinfos_free), when some
 * have, 0 when none has, or -1 with err. */
static int
order_facts(const struct lt_sel *sel, struct lt_taskinfos **facts,
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

struct lt_conv *
lt_analysis_converge(struct lt_sel *sel, double threshold,
    struct lt_error *err)
{
	struct lt_tasktab seen = { 0 };
	struct lt_taskinfos *facts;
	struct lt_event ev;
	struct lt_scan sc;
	struct lt_conv *c;
	int rc, added, order;

	if ((order = order_facts(sel, &facts, err)) < 0)
		return NULL;
	if (lt_scan_open(&sc, sel, err) != 0) {
		lt_taskinfos_free(facts);
		return NULL;
	}
	c = lt_xmalloc(sizeof(*c));
	lt_conv_init(c, threshold);
	while ((rc = lt_scan_next(&sc, &ev, err)) == 1) {
		lt_conv_push(c, &ev);
		if (sel->ntasks > 0 || order)
			lt_tasktab_intern(&seen, ev.task, ev.task_len, &added);
	}
	lt_scan_close(&sc);
	if (rc == 0)
		rc = lt_sel_check_named(sel, &seen, err);
	c->no_times = lt_conv_no_times(facts, &seen);
	lt_taskinfos_free(facts);
	lt_tasktab_release(&seen);
	if (rc != 0) {
		lt_conv_free(c);
		return NULL;
	}
	lt_conv_finish(c);
	return c;
}
