/*
 * report.c - the class's learning report over the selected log, or over
 * its last N events.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "report.h"
#include "taskinfo.h"

/* Per task over the analysed events. */
struct rtask {
	size_t	count;
	double	sum;
	double	latest;
	size_t	order;		/* first appearance in the analysed part */
	double	best;
	int64_t	best_episode;
	double	best_time;
};

/* Per task of the log: how it is read. */
struct rinfo {
	enum lt_stats_mode	 mode;
	size_t			 name;	/* in the score names */
	size_t			 group;
	int			 said;	/* lt_taskinfo_said */
	int			 order;	/* its times only keep their order */
	size_t			 conv;	/* in the convergences' tasks */
};

/* The analysed scores of one score name and direction.  While a pass
 * has met one group, that group's scores are the pass's: its moments are
 * started, as a copy of the pass's, only when a second group appears. */
struct rgroup {
	size_t			 ntasks;
	int			 started;
	struct lt_moments	 m;
};

struct ev_lite {
	double	ts;
	double	score;
	double	lr;
	int64_t	episode;
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
	struct rgroup		*grp;	/* of each group of the acc's */
	size_t			 gcap;
	size_t			 ngrp;	/* groups met: 0, 1 or more */
	size_t			 sole;	/* the one met, while ngrp is 1 */
	const char		*dir;	/* lt_report_acc_keep's */
	int			 live;	/* lt_report_acc_live's */
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
	/* How tasks are read (lt_report_acc_facts). */
	const struct lt_taskinfos *facts;
	int			 mode;
	struct rinfo		*info;	/* each task of names */
	size_t			 icap;
	struct lt_tasktab	 score_names;
	struct {
		size_t			name;
		enum lt_stats_mode	mode;
	}			*groups;	/* score name and direction */
	size_t			 ngroups, grcap;
	const char		*dir;	/* lt_report_acc_keep's */
};

static int
pass_init(struct pass *p, const char *dir, struct lt_error *err)
{
	memset(p, 0, sizeof(*p));
	p->first = p->last = NAN;
	p->dir = dir;
	return lt_moments_init(&p->m, dir, err);
}

static void
pass_release(struct pass *p)
{
	size_t g;

	for (g = 0; g < p->gcap; g++)
		if (p->grp[g].started)
			lt_moments_release(&p->grp[g].m);
	free(p->grp);
	free(p->rt);
	lt_moments_release(&p->m);
}

/* Whether score is better than best in mode. */
static int
better(enum lt_stats_mode mode, double score, double best)
{
	return mode == LT_STATS_MIN ? score < best : score > best;
}

/* Start g's moments empty, or holding what from holds. */
static void
start_group(const struct pass *p, struct rgroup *g,
    const struct lt_moments *from)
{
	(void)lt_moments_init(&g->m, p->dir, NULL);
	if (p->live)
		lt_moments_live(&g->m);
	if (from != NULL)
		(void)lt_moments_copy(&g->m, from, NULL);
	g->started = 1;
}

/* Count one analysed event into p, in its task's direction (in). */
static void
analyse(struct pass *p, const struct rinfo *in, const struct ev_lite *e)
{
	size_t task = e->task;
	double score = e->score, ts = e->ts, lr = e->lr;
	struct rgroup *g;
	struct rtask *t;

	p->rt = lt_xgrow(p->rt, &p->rcap, task, sizeof(*p->rt));
	p->grp = lt_xgrow(p->grp, &p->gcap, in->group, sizeof(*p->grp));
	t = &p->rt[task];
	g = &p->grp[in->group];
	if (t->count++ == 0) {
		t->order = p->norder++;
		g->ntasks++;
	}
	if (t->count == 1 || better(in->mode, score, t->best)) {
		t->best = score;
		t->best_episode = e->episode;
		t->best_time = ts;
	}
	if (p->ngrp == 0) {
		p->ngrp = 1;
		p->sole = in->group;
	} else if (p->ngrp == 1 && in->group != p->sole) {
		p->ngrp = 2;
		start_group(p, &p->grp[p->sole], &p->m);
	}
	if (p->ngrp > 1) {
		if (!g->started)
			start_group(p, g, NULL);
		lt_moments_push(&g->m, score, NULL);
	}
	p->rt[task].sum += score;
	p->rt[task].latest = score;
	lt_moments_push(&p->m, score, NULL);
	p->lrsum += lr;
	if (isnan(p->first))
		p->first = ts;
	p->last = ts;
}

void
lt_report_acc_facts(struct lt_report_acc *a,
    const struct lt_taskinfos *facts, int mode)
{
	a->facts = facts;
	a->mode = mode;
}

/* How task i, just met, is read: its direction and score name, and the
 * group of both. */
static void
meet(struct lt_report_acc *a, size_t i)
{
	const char *task = a->names.names[i], *name;
	const struct lt_taskinfo *f;
	struct rinfo *in;
	size_t g;
	int added;

	a->info = lt_xgrow(a->info, &a->icap, i, sizeof(*a->info));
	in = &a->info[i];
	f = a->facts == NULL ? NULL : lt_taskinfos_get(a->facts, task);
	in->mode = lt_taskinfo_mode_for(a->facts, a->mode, NULL, task);
	in->said = a->mode >= 0 || (f != NULL && (f->dir_set ||
	    f->score_name != NULL));
	in->order = f != NULL && f->times_order;
	in->conv = SIZE_MAX;
	name = lt_taskinfo_score_name(f);
	in->name = lt_tasktab_intern(&a->score_names, name, strlen(name),
	    &added);
	for (g = 0; g < a->ngroups; g++)
		if (a->groups[g].name == in->name &&
		    a->groups[g].mode == in->mode)
			break;
	if (g == a->ngroups) {
		a->groups = lt_xgrow(a->groups, &a->grcap, g,
		    sizeof(*a->groups));
		a->groups[g].name = in->name;
		a->groups[g].mode = in->mode;
		a->ngroups++;
	}
	in->group = g;
}

struct lt_report_acc *
lt_report_acc_new(long last, struct lt_error *err)
{
	struct lt_report_acc *a = lt_xcalloc(1, sizeof(*a));

	a->last = last;
	a->mode = -1;
	lt_conv_init(&a->conv, 0.01);
	if (pass_init(&a->all, NULL, err) != 0) {
		lt_report_acc_free(a);
		return NULL;
	}
	return a;
}

void
lt_report_acc_keep(struct lt_report_acc *a, const char *dir)
{
	a->dir = dir;
	a->all.dir = dir;
	a->all.m.dir = dir;
}

void
lt_report_acc_live(struct lt_report_acc *a)
{
	a->all.live = 1;
	lt_moments_live(&a->all.m);
}

/* Every event goes into the trends, the convergences and the total; the
 * analysed ones (all, or the last `last`) into the pass. */
void
lt_report_acc_push(struct lt_report_acc *a, const struct lt_event *ev)
{
	struct ev_lite e;
	size_t i, k;
	int added;

	i = lt_tasktab_intern(&a->names, ev->task, ev->task_len, &added);
	if (added) {
		a->st = lt_xgrow(a->st, &a->cap, i, sizeof(*a->st));
		lt_trend_state_init(&a->st[i], LT_REPORT_TREND_WINDOW);
		meet(a, i);
	}
	lt_trend_state_push(&a->st[i], LT_REPORT_TREND_WINDOW, LT_X_INDEX,
	    ev, ev->score);
	lt_conv_push_at(&a->conv, ev, &a->info[i].conv);
	a->total++;
	e.ts = ev->timestamp;
	e.score = ev->score;
	e.lr = ev->lr;
	e.episode = ev->episode;
	e.task = i;
	if (a->last == 0) {
		analyse(&a->all, &a->info[i], &e);
		return;
	}
	if (a->nwin < (size_t)a->last) {
		a->win = lt_xgrow(a->win, &a->wcap, a->nwin, sizeof(*a->win));
		k = a->nwin++;
	} else
		k = a->head++ % (size_t)a->last;
	a->win[k] = e;
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
		    a->info[i].mode);
		t->latest_score = p->rt[i].latest;
		t->said = a->info[i].said;
		t->mode = a->info[i].mode;
		t->score_name = r->score_names.names[a->info[i].name];
		t->best_score = p->rt[i].best;
		t->best_episode = p->rt[i].best_episode;
		/* Times that only keep order (an import of a log that had
		 * none) say nothing of when: no time, as no span. */
		t->best_time = a->info[i].order ? NAN : p->rt[i].best_time;
	}
	return 0;
}

/* The groups of r when the analysed tasks hold more than one. */
static void
fill_groups(struct lt_report *r, const struct lt_report_acc *a,
    struct pass *p)
{
	size_t g, n = 0;

	for (g = 0; g < a->ngroups && g < p->gcap; g++)
		n += p->grp[g].ntasks > 0;
	if (n < 2)
		return;
	r->groups = lt_xcalloc(n, sizeof(*r->groups));
	for (g = 0; g < a->ngroups && g < p->gcap; g++) {
		if (p->grp[g].ntasks == 0 || !p->grp[g].started)
			continue;
		r->groups[r->ngroups].score_name =
		    r->score_names.names[a->groups[g].name];
		r->groups[r->ngroups].mode = a->groups[g].mode;
		r->groups[r->ngroups].ntasks = p->grp[g].ntasks;
		lt_moments_get(&p->grp[g].m,
		    &r->groups[r->ngroups].summary);
		r->ngroups++;
	}
}

struct lt_report *
lt_report_acc_result(struct lt_report_acc *a, double now,
    const struct lt_goals *goals, struct lt_error *err)
{
	struct lt_report *r = lt_xcalloc(1, sizeof(*r));
	struct pass win, *p = &a->all;
	size_t i;
	int added, rc = 0;

	for (i = 0; i < a->names.n; i++)
		(void)lt_tasktab_intern(&r->names, a->names.names[i],
		    strlen(a->names.names[i]), &added);
	for (i = 0; i < a->score_names.n; i++)
		(void)lt_tasktab_intern(&r->score_names,
		    a->score_names.names[i], strlen(a->score_names.names[i]),
		    &added);
	lt_conv_copy(&r->convergence_analysis, &a->conv);
	r->total_learning_events = a->total;
	if (a->last > 0) {
		/* The window, oldest first. */
		p = &win;
		rc = pass_init(p, a->dir, err);
		for (i = 0; rc == 0 && i < a->nwin; i++) {
			const struct ev_lite *e = &a->win[(a->head + i) %
			    (size_t)a->last];

			analyse(p, &a->info[e->task], e);
		}
	}
	if (rc == 0)
		rc = fill_tasks(r, a, p, err);
	if (rc == 0) {
		fill_groups(r, a, p);
		/* Times that only keep order give no rate and no span. */
		r->convergence_analysis.no_times = lt_conv_no_times(a->facts,
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
	free(a->info);
	free(a->groups);
	lt_tasktab_release(&a->score_names);
	free(a);
}

struct lt_report *
lt_analysis_report(struct lt_sel *sel, long last, double now,
    const struct lt_goals *goals, struct lt_error *err)
{
	struct lt_taskinfos *facts;
	struct lt_report_acc *a;
	struct lt_report *r = NULL;
	struct lt_event ev;
	struct lt_scan sc;
	int rc;

	if ((facts = lt_taskinfos_load(sel->paths, sel->npaths, &sel->ropts,
	    err)) == NULL)
		return NULL;
	if ((a = lt_report_acc_new(last, err)) == NULL) {
		lt_taskinfos_free(facts);
		return NULL;
	}
	lt_report_acc_facts(a, facts, sel->mode);
	lt_report_acc_keep(a, sel->ropts.tmpdir);
	if (lt_scan_open(&sc, sel, err) != 0) {
		lt_report_acc_free(a);
		lt_taskinfos_free(facts);
		return NULL;
	}
	while ((rc = lt_scan_next(&sc, &ev, err)) == 1)
		lt_report_acc_push(a, &ev);
	lt_scan_close(&sc);
	if (rc == 0)
		rc = lt_sel_check_named(sel, lt_report_acc_tasks(a), err);
	if (rc == 0)
		r = lt_report_acc_result(a, now, goals, err);
	lt_report_acc_free(a);
	lt_taskinfos_free(facts);
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
	lt_report_acc_facts(a, facts, sel->mode);
	lt_report_acc_keep(a, sel->ropts.tmpdir);
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
		r = lt_report_acc_result(a, now, goals, err);
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
	free(r->groups);
	lt_tasktab_release(&r->score_names);
	lt_tasktab_release(&r->names);
	free(r);
}
