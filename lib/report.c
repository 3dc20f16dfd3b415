/*
 * report.c - the class's learning report over the selected log, or over
 * its last N events.
 */
#include <math.h>
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
	size_t			 name;	/* in score_names */
	size_t			 group;
};

/* The analysed scores of one score name and direction. */
struct rgroup {
	size_t			 name;
	enum lt_stats_mode	 mode;
	size_t			 ntasks;
	struct lt_moments	 m;
};

struct ev_lite {
	double	ts;
	double	score;
	double	lr;
	int64_t	episode;
	size_t	task;
};

/* What one pass over the log gathers. */
struct pass {
	struct lt_trend_state	*st;	/* each task's trend, whole log */
	size_t			 cap;
	struct rtask		*rt;	/* each task, analysed part */
	size_t			 rcap;
	size_t			 norder;
	struct lt_moments	 m;	/* the analysed scores */
	double			 lrsum;
	double			 first, last;	/* analysed times */
	struct ev_lite		*win;	/* the last N, a ring */
	size_t			 nwin, head;
	struct lt_taskinfos	*facts;
	struct rinfo		*info;	/* each task of the log */
	size_t			 icap;
	struct rgroup		*grp;	/* each score name and direction */
	size_t			 ngrp, gcap;
};

/* How task i, just met, is read: its direction and score name, and the
 * group of both. */
static int
meet(struct pass *p, struct lt_report *r, const struct lt_sel *sel,
    size_t i, struct lt_error *err)
{
	const char *task = r->names.names[i], *name;
	struct rinfo *in;
	size_t g;
	int added;

	p->info = lt_xgrow(p->info, &p->icap, i, sizeof(*p->info));
	in = &p->info[i];
	in->mode = lt_taskinfo_mode(p->facts, sel, task);
	name = lt_taskinfo_score_name(lt_taskinfos_get(p->facts, task));
	in->name = lt_tasktab_intern(&r->score_names, name, strlen(name),
	    &added);
	for (g = 0; g < p->ngrp; g++)
		if (p->grp[g].name == in->name && p->grp[g].mode == in->mode)
			break;
	if (g == p->ngrp) {
		p->grp = lt_xgrow(p->grp, &p->gcap, g, sizeof(*p->grp));
		p->grp[g].name = in->name;
		p->grp[g].mode = in->mode;
		p->grp[g].ntasks = 0;
		if (lt_moments_init(&p->grp[g].m, err) != 0)
			return -1;
		p->ngrp++;
	}
	in->group = g;
	return 0;
}

/* Whether score is better than best in mode. */
static int
better(enum lt_stats_mode mode, double score, double best)
{
	return mode == LT_STATS_MIN ? score < best : score > best;
}

/* Count one analysed event into p. */
static void
analyse(struct pass *p, const struct ev_lite *e)
{
	size_t task = e->task;
	double score = e->score;
	struct rinfo *in = &p->info[task];
	struct rtask *t;

	p->rt = lt_xgrow(p->rt, &p->rcap, task, sizeof(*p->rt));
	t = &p->rt[task];
	if (t->count++ == 0) {
		t->order = p->norder++;
		p->grp[in->group].ntasks++;
	}
	if (t->count == 1 || better(in->mode, score, t->best)) {
		t->best = score;
		t->best_episode = e->episode;
		t->best_time = e->ts;
	}
	lt_moments_push(&p->grp[in->group].m, score, NULL);
	p->rt[task].sum += score;
	p->rt[task].latest = score;
	lt_moments_push(&p->m, score, NULL);
	p->lrsum += e->lr;
	if (isnan(p->first))
		p->first = e->ts;
	p->last = e->ts;
}

/* Read the selection into r and p: every event into the trends, the
 * convergences and the total; the analysed ones (all, or the last
 * `last`) into p.  Returns 0, or -1 with err. */
static int
read_log(struct lt_sel *sel, long last, struct lt_report *r, struct pass *p,
    struct lt_error *err)
{
	struct lt_event ev;
	struct lt_scan sc;
	struct ev_lite e;
	size_t i, k;
	int added, rc;

	if (lt_scan_open(&sc, sel, err) != 0)
		return -1;
	while ((rc = lt_scan_next(&sc, &ev, err)) == 1) {
		i = lt_tasktab_intern(&r->names, ev.task, ev.task_len, &added);
		if (added) {
			p->st = lt_xgrow(p->st, &p->cap, i, sizeof(*p->st));
			lt_trend_state_init(&p->st[i], LT_REPORT_TREND_WINDOW);
			if (meet(p, r, sel, i, err) != 0) {
				rc = -1;
				break;
			}
		}
		lt_trend_state_push(&p->st[i], LT_REPORT_TREND_WINDOW,
		    LT_X_INDEX, &ev, ev.score);
		lt_conv_push(&r->convergence_analysis, &ev);
		r->total_learning_events++;
		e.ts = ev.timestamp;
		e.score = ev.score;
		e.lr = ev.lr;
		e.episode = ev.episode;
		e.task = i;
		if (last == 0) {
			analyse(p, &e);
			continue;
		}
		if (p->nwin < (size_t)last)
			k = p->nwin++;
		else
			k = p->head++ % (size_t)last;
		p->win[k] = e;
	}
	lt_scan_close(&sc);
	if (rc == -1 || lt_sel_check_named(sel, &r->names, err) != 0)
		return -1;
	/* The window, oldest first. */
	for (i = 0; i < p->nwin; i++) {
		const struct ev_lite *e = &p->win[(p->head + i) %
		    (size_t)last];

		analyse(p, e);
	}
	return 0;
}

/* The tasks of r in order of first appearance in the analysed part, with
 * each one's trend over the whole log.  Returns 0, or -1 with err. */
static int
fill_tasks(struct lt_report *r, const struct pass *p,
    const struct lt_sel *sel, struct lt_error *err)
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
		if (lt_trend_state_fit(&p->st[i], LT_REPORT_TREND_WINDOW,
		    LT_X_INDEX, &fit, &recent, err) != 0)
			return -1;
		t = &r->tasks[p->rt[i].order];
		t->task = r->names.names[i];
		t->event_count = p->rt[i].count;
		t->avg_performance = p->rt[i].sum / (double)p->rt[i].count;
		lt_trend_set(&t->performance_trend, &fit, recent,
		    p->info[i].mode);
		t->latest_score = p->rt[i].latest;
		t->said = lt_taskinfo_said(p->facts, sel, t->task);
		t->mode = p->info[i].mode;
		t->score_name = r->score_names.names[p->info[i].name];
		t->best_score = p->rt[i].best;
		t->best_episode = p->rt[i].best_episode;
		t->best_time = p->rt[i].best_time;
	}
	return 0;
}

/* The groups of r when the analysed tasks hold more than one. */
static void
fill_groups(struct lt_report *r, struct pass *p)
{
	size_t g, n = 0;

	for (g = 0; g < p->ngrp; g++)
		n += p->grp[g].ntasks > 0;
	if (n < 2)
		return;
	r->groups = lt_xcalloc(n, sizeof(*r->groups));
	for (g = 0; g < p->ngrp; g++) {
		if (p->grp[g].ntasks == 0)
			continue;
		r->groups[r->ngroups].score_name =
		    r->score_names.names[p->grp[g].name];
		r->groups[r->ngroups].mode = p->grp[g].mode;
		r->groups[r->ngroups].ntasks = p->grp[g].ntasks;
		lt_moments_get(&p->grp[g].m,
		    &r->groups[r->ngroups].summary);
		r->ngroups++;
	}
}

struct lt_report *
lt_analysis_report(struct lt_sel *sel, long last, double now,
    const struct lt_goals *goals, struct lt_error *err)
{
	struct lt_report *r;
	struct lt_taskinfos *facts;
	struct pass p;
	size_t i;
	int rc;

	if ((facts = lt_taskinfos_load(sel->paths, sel->npaths, &sel->ropts,
	    err)) == NULL)
		return NULL;
	r = lt_xcalloc(1, sizeof(*r));
	memset(&p, 0, sizeof(p));
	p.facts = facts;
	p.first = p.last = NAN;
	lt_conv_init(&r->convergence_analysis, 0.01);
	if (last > 0)
		p.win = lt_xcalloc((size_t)last, sizeof(*p.win));
	rc = lt_moments_init(&p.m, err);
	if (rc == 0)
		rc = read_log(sel, last, r, &p, err);
	if (rc == 0)
		rc = fill_tasks(r, &p, sel, err);
	/* Times that only keep order give no rate and no span. */
	if (rc == 0) {
		fill_groups(r, &p);
		r->convergence_analysis.no_times = lt_conv_no_times(facts,
		    &r->names);
	}
	if (rc == 0) {
		r->report_timestamp = now;
		lt_moments_get(&p.m, &r->overall_performance);
		r->recent_events_analyzed = r->overall_performance.n;
		r->average_learning_rate = r->overall_performance.n ?
		    p.lrsum / (double)r->overall_performance.n : 0;
		lt_conv_finish(&r->convergence_analysis);
		lt_goals_summary(goals, &r->goal_summary);
		r->time_span_hours = r->convergence_analysis.no_times ? NAN :
		    r->overall_performance.n ? (p.last - p.first) / 3600 : 0;
	}
	for (i = 0; i < r->names.n && i < p.cap; i++)
		lt_ring_release(&p.st[i].pts);
	free(p.st);
	free(p.rt);
	free(p.win);
	free(p.info);
	for (i = 0; i < p.ngrp; i++)
		lt_moments_release(&p.grp[i].m);
	free(p.grp);
	lt_taskinfos_free(facts);
	lt_moments_release(&p.m);
	if (rc != 0) {
		lt_report_free(r);
		return NULL;
	}
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
	lt_tasktab_release(&r->names);
	lt_tasktab_release(&r->score_names);
	free(r);
}
