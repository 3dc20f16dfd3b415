/*
 * live.c - what growing logs say now (see live.h).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "follow.h"
#include "groups.h"
#include "live.h"
#include "taskinfo.h"

/* A state kept for a window or a smoothing other than the defaults. */
struct extra {
	int			 curve;		/* else a trend */
	char			*task;		/* the curve's */
	long			 window;
	char			*smooth;	/* the curve's, or NULL */
	struct lt_smoother	 sm;
	struct lt_trend_acc	*ta;
	struct lt_curve_acc	*ca;
	uint64_t		 used;		/* when asked for last */
};

/* A log's follower and where its last event stood in the merge. */
struct log {
	struct lt_follow	*f;
	struct lt_event		 head;		/* its next event */
	int			 have;		/* head holds one */
	int			 missing;
	long			 warned;	/* the last bad line warned */
};

/*
 * A task of one log, a run of lt compare: what lt_compare_run_push makes
 * of its scores, both best ones (a query may choose the direction), and
 * its last LT_LIVE_COMPARE_RING scores.
 */
struct run {
	size_t			 count;
	double			 max;
	double			 min;
	double			 mean;		/* as lt_compare_run_push's */
	double			*ring;		/* alloc slots, grown to RING */
	size_t			 alloc;
	size_t			 head;		/* the oldest, once full */
};

/* The runs of one log, and which tasks its events were of: the first
 * other than the first, and those at its end. */
struct runs {
	struct lt_tasktab	 tab;		/* in order of first event */
	struct run		*v;
	size_t			 cap;
	struct lt_taskinfos	*facts;		/* its own tasks file's */
	size_t			 events;
	long			 other;		/* -1: one task so far */
	size_t			 last;		/* the task of its last event */
	size_t			 lastrun;	/* events of it at the end */
};

struct lt_live {
	char			**paths;
	struct log		 *logs;
	size_t			  n;
	char			 *goals_path;
	struct lt_reader_opts	  ropts;	/* warnings through warn_once */
	struct lt_reader_opts	  user;		/* the caller's */
	uint64_t		  gen;
	uint64_t		  tick;
	int			  broken;	/* read again from the start */

	/* What the goals log was when last read. */
	int			  goals_seen;
	struct stat		  goals_st;
	struct lt_goals		 *goals;

	/* What the logs' tasks files said when the states started: each
	 * task's direction and score name (taskinfo.h). */
	struct lt_taskinfos	 *facts;
	struct stat		 *tasks_st;	/* each log's tasks file */

	/* The states. */
	struct lt_report_acc	 *report;
	struct lt_trend_acc	 *trend;
	struct lt_metrics_acc	 *metrics;
	struct lt_tasktab	  tasks;
	struct lt_curve_acc	**curves;	/* by task, default window */
	size_t			 *count;
	double			 *best;		/* in the task's direction */
	enum lt_stats_mode	 *dir;
	double			 *latest;
	size_t			  cap;
	struct runs		 *runs;		/* by log */
	struct extra		  extra[LT_LIVE_EXTRA_MAX];
	size_t			  nextra;

	/* The last event pushed, for the order of the merge. */
	double			  last_ts;
	size_t			  last_log;
	int			  pushed;
};

static int
extra_start(struct extra *x, const struct lt_taskinfos *facts,
    struct lt_error *err)
{
	struct lt_trend_opts to = { 0 };

	if (x->curve) {
		if (x->smooth != NULL && lt_smoother_init(&x->sm, x->smooth,
		    err) != 0)
			return -1;
		x->ca = lt_curve_acc_new(x->task, x->window, LT_X_TIME, NULL,
		    x->smooth ? &x->sm : NULL);
	} else {
		to.window = x->window;
		to.mode = -1;
		to.facts = facts;
		x->ta = lt_trend_acc_new(&to, LT_X_INDEX, NULL);
	}
	return 0;
}

static void
extra_stop(struct extra *x)
{
	lt_trend_acc_free(x->ta);
	lt_curve_acc_free(x->ca);
	x->ta = NULL;
	x->ca = NULL;
	if (x->curve && x->smooth != NULL)
		lt_smoother_release(&x->sm);
}

static void
extra_free(struct extra *x)
{
	extra_stop(x);
	free(x->task);
	free(x->smooth);
	memset(x, 0, sizeof(*x));
}

static void
runs_release(struct runs *rs)
{
	size_t i;

	for (i = 0; i < rs->tab.n; i++)
		free(rs->v[i].ring);
	free(rs->v);
	lt_tasktab_release(&rs->tab);
	lt_taskinfos_free(rs->facts);
	memset(rs, 0, sizeof(*rs));
	rs->other = -1;
}

/* Score ev of log rs into its run. */
static void
runs_push(struct runs *rs, const struct lt_event *ev)
{
	struct run *r;
	size_t i;
	int added;

	i = lt_tasktab_intern(&rs->tab, ev->task, ev->task_len, &added);
	if (added)
		rs->v = lt_xgrow(rs->v, &rs->cap, i, sizeof(*rs->v));
	if (i != 0 && rs->other < 0)
		rs->other = (long)i;
	rs->lastrun = rs->events > 0 && rs->last == i ? rs->lastrun + 1 : 1;
	rs->last = i;
	rs->events++;
	r = &rs->v[i];
	r->count++;
	if (r->count == 1 || ev->score > r->max)
		r->max = ev->score;
	if (r->count == 1 || ev->score < r->min)
		r->min = ev->score;
	r->mean += (ev->score - r->mean) / (double)r->count;
	if (r->count <= LT_LIVE_COMPARE_RING) {
		r->ring = lt_xgrow(r->ring, &r->alloc, r->count - 1,
		    sizeof(*r->ring));
		r->ring[r->count - 1] = ev->score;
	} else {
		r->ring[r->head] = ev->score;
		r->head = (r->head + 1) % LT_LIVE_COMPARE_RING;
	}
}

/* Forget every state: nothing pushed. */
static void
states_release(struct lt_live *l)
{
	size_t i;

	lt_report_acc_free(l->report);
	lt_trend_acc_free(l->trend);
	lt_metrics_acc_free(l->metrics);
	for (i = 0; i < l->tasks.n; i++)
		lt_curve_acc_free(l->curves[i]);
	free(l->curves);
	free(l->count);
	free(l->best);
	free(l->dir);
	free(l->latest);
	lt_tasktab_release(&l->tasks);
	for (i = 0; l->runs != NULL && i < l->n; i++)
		runs_release(&l->runs[i]);
	l->report = NULL;
	l->trend = NULL;
	l->metrics = NULL;
	l->curves = NULL;
	l->best = l->latest = NULL;
	l->dir = NULL;
	l->count = NULL;
	l->cap = 0;
	for (i = 0; i < l->nextra; i++)
		extra_stop(&l->extra[i]);
}

/* Each log's tasks file as it is now into st[0..n) (zeros: none). */
static void
tasks_stat(const struct lt_live *l, struct stat *st)
{
	char *path;
	size_t i;

	for (i = 0; i < l->n; i++) {
		path = lt_taskinfo_path(l->paths[i]);
		if (path == NULL || stat(path, &st[i]) != 0)
			memset(&st[i], 0, sizeof(st[i]));
		free(path);
	}
}

/* Whether a tasks file changed since the states started: a direction or
 * score name the states read events under may be another now. */
static int
tasks_changed(const struct lt_live *l)
{
	struct stat *now = lt_xcalloc(l->n + 1, sizeof(*now));
	const struct stat *a, *b;
	size_t i;
	int changed = 0;

	tasks_stat(l, now);
	for (i = 0; i < l->n && !changed; i++) {
		a = &now[i];
		b = &l->tasks_st[i];
		changed = a->st_dev != b->st_dev || a->st_ino != b->st_ino ||
		    a->st_size != b->st_size ||
		    a->st_mtim.tv_sec != b->st_mtim.tv_sec ||
		    a->st_mtim.tv_nsec != b->st_mtim.tv_nsec;
	}
	free(now);
	return changed;
}

/* Start every state afresh.  Returns 0, or -1 with err. */
static int
states_start(struct lt_live *l, struct lt_error *err)
{
	struct lt_trend_opts to = { 0 };
	size_t i;

	states_release(l);
	lt_taskinfos_free(l->facts);
	tasks_stat(l, l->tasks_st);
	if ((l->facts = lt_taskinfos_load((const char *const *)l->paths,
	    l->n, &l->ropts, err)) == NULL)
		return -1;
	/* lt compare reads each log under its own tasks file. */
	for (i = 0; i < l->n; i++)
		if ((l->runs[i].facts = lt_taskinfos_load((const char *const *)
		    &l->paths[i], 1, NULL, err)) == NULL)
			return -1;
	to.window = LT_LIVE_TREND_WINDOW;
	to.mode = -1;
	to.facts = l->facts;
	l->trend = lt_trend_acc_new(&to, LT_X_INDEX, NULL);
	l->metrics = lt_metrics_acc_new(l->n);
	lt_metrics_acc_facts(l->metrics, l->facts, -1);
	if ((l->report = lt_report_acc_new(0, err)) == NULL)
		return -1;
	lt_report_acc_facts(l->report, l->facts, -1);
	lt_report_acc_live(l->report);
	for (i = 0; i < l->nextra; i++)
		if (extra_start(&l->extra[i], l->facts, err) != 0)
			return -1;
	l->pushed = 0;
	return 0;
}

/* A bad line is warned of once, not again when the logs are read again
 * from their start (a log replaced is a new log, warned of anew). */
static void
warn_once(void *ctx, const struct lt_error *e)
{
	struct lt_live *l = ctx;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->paths[i], e->file) == 0) {
			if (e->line <= l->logs[i].warned)
				return;
			l->logs[i].warned = e->line;
			break;
		}
	if (l->user.warn != NULL)
		l->user.warn(l->user.ctx, e);
}

struct lt_live *
lt_live_new(const char *const *paths, size_t n, const char *goals,
    const struct lt_reader_opts *ropts)
{
	struct lt_live *l = lt_xcalloc(1, sizeof(*l));
	size_t i;

	l->n = n;
	l->paths = lt_xcalloc(n + 1, sizeof(*l->paths));
	l->logs = lt_xcalloc(n + 1, sizeof(*l->logs));
	l->tasks_st = lt_xcalloc(n + 1, sizeof(*l->tasks_st));
	l->runs = lt_xcalloc(n + 1, sizeof(*l->runs));
	for (i = 0; i < n; i++)
		l->runs[i].other = -1;
	l->user = *ropts;
	l->ropts = *ropts;
	l->ropts.warn = warn_once;
	l->ropts.ctx = l;
	for (i = 0; i < n; i++)
		l->paths[i] = lt_xstrdup(paths[i]);
	l->goals_path = goals ? lt_xstrdup(goals) : NULL;
	l->broken = 1;
	return l;
}

void
lt_live_free(struct lt_live *l)
{
	size_t i;

	if (l == NULL)
		return;
	states_release(l);
	for (i = 0; i < l->nextra; i++)
		extra_free(&l->extra[i]);
	for (i = 0; i < l->n; i++) {
		lt_follow_free(l->logs[i].f);
		free(l->paths[i]);
	}
	free(l->logs);
	free(l->paths);
	free(l->tasks_st);
	free(l->runs);
	lt_taskinfos_free(l->facts);
	free(l->goals_path);
	lt_goals_free(l->goals);
	free(l);
}

/* ev into every state. */
static void
push(struct lt_live *l, size_t log, const struct lt_event *ev)
{
	size_t i;
	int added;

	lt_report_acc_push(l->report, ev);
	lt_trend_acc_push(l->trend, ev);
	lt_metrics_acc_push(l->metrics, log, ev);
	runs_push(&l->runs[log], ev);
	if (l->goals != NULL)
		lt_goals_push(l->goals, ev);
	i = lt_tasktab_intern(&l->tasks, ev->task, ev->task_len, &added);
	if (added) {
		l->curves = lt_xgrow(l->curves, &l->cap, i,
		    sizeof(*l->curves));
		l->best = lt_xrealloc(l->best, l->cap * sizeof(*l->best));
		l->dir = lt_xrealloc(l->dir, l->cap * sizeof(*l->dir));
		l->dir[i] = lt_taskinfo_mode_for(l->facts, -1, NULL,
		    l->tasks.names[i]);
		l->count = lt_xrealloc(l->count, l->cap * sizeof(*l->count));
		l->count[i] = 0;
		l->latest = lt_xrealloc(l->latest, l->cap *
		    sizeof(*l->latest));
		l->curves[i] = lt_curve_acc_new(l->tasks.names[i],
		    LT_LIVE_CURVE_WINDOW, LT_X_TIME, NULL, NULL);
		l->best[i] = ev->score;
	}
	if (l->dir[i] == LT_STATS_MIN ? ev->score < l->best[i] :
	    ev->score > l->best[i])
		l->best[i] = ev->score;
	l->latest[i] = ev->score;
	l->count[i]++;
	lt_curve_acc_push(l->curves[i], ev);
	for (i = 0; i < l->nextra; i++) {
		if (l->extra[i].ta != NULL)
			lt_trend_acc_push(l->extra[i].ta, ev);
		if (l->extra[i].ca != NULL)
			lt_curve_acc_push(l->extra[i].ca, ev);
	}
	l->last_ts = ev->timestamp;
	l->last_log = log;
	l->pushed = 1;
}

/* The goals log, read again when it changed: 1 when it did (*linked
 * then says whether a goal, old or new, is linked to a task), 0 when
 * not, -1 with err. */
static int
goals_refresh(struct lt_live *l, int *linked, struct lt_error *err)
{
	struct lt_goals *g;
	struct stat st;
	int seen;

	*linked = 0;
	if (l->goals_path == NULL)
		return 0;
	if (stat(l->goals_path, &st) != 0) {
		if (errno != ENOENT)
			return lt_error_at(err, l->goals_path, 0,
			    "cannot stat: %s", strerror(errno));
		memset(&st, 0, sizeof(st));
		seen = 0;
	} else
		seen = 1;
	if (l->goals != NULL && seen == l->goals_seen &&
	    st.st_dev == l->goals_st.st_dev &&
	    st.st_ino == l->goals_st.st_ino &&
	    st.st_size == l->goals_st.st_size &&
	    st.st_mtim.tv_sec == l->goals_st.st_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == l->goals_st.st_mtim.tv_nsec)
		return 0;
	if ((g = lt_goals_load(l->goals_path, NULL, 0, NAN, &l->ropts,
	    err)) == NULL)
		return -1;
	*linked = lt_goals_linked(g) ||
	    (l->goals != NULL && lt_goals_linked(l->goals));
	lt_goals_free(l->goals);
	l->goals = g;
	l->goals_seen = seen;
	l->goals_st = st;
	return 1;
}

/* The next event of log i into its head. */
static int
advance(struct lt_live *l, size_t i, struct lt_error *err)
{
	struct log *g = &l->logs[i];
	int rc = lt_follow_next(g->f, &g->head, err);

	g->have = rc == 1;
	return rc < 0 ? -1 : 0;
}

/*
 * Push what the logs gained, merged by time as lt_events merges.  With
 * check, an event that sorts before the last one pushed stops the merge:
 * 1 (the logs are to be read again); else 0, or -1 with err.
 */
static int
merge(struct lt_live *l, int check, struct lt_error *err)
{
	struct log *best;
	size_t i, bi;

	for (i = 0; i < l->n; i++)
		if (!l->logs[i].missing && advance(l, i, err) != 0)
			return -1;
	for (;;) {
		best = NULL;
		bi = 0;
		for (i = 0; i < l->n; i++)
			if (l->logs[i].have && (best == NULL ||
			    l->logs[i].head.timestamp <
			    best->head.timestamp)) {
				best = &l->logs[i];
				bi = i;
			}
		if (best == NULL)
			return 0;
		if (check && l->n > 1 && l->pushed &&
		    (best->head.timestamp < l->last_ts ||
		    (best->head.timestamp == l->last_ts && bi < l->last_log)))
			return 1;
		push(l, bi, &best->head);
		if (advance(l, bi, err) != 0)
			return -1;
	}
}

/* Each log's count as lt metrics counts it: every line but a CSV
 * header on the first, a last line without its newline too. */
static void
count_lines(struct lt_live *l)
{
	const struct lt_follow_pos *p;
	unsigned long long lines;
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (l->logs[i].f == NULL)
			continue;
		p = lt_follow_position(l->logs[i].f);
		lines = (unsigned long long)p->line +
		    (lt_follow_pending(l->logs[i].f) > 0);
		if (p->fmt == LT_FORMAT_CSV && lines > 0)
			lines--;
		lt_metrics_acc_total(l->metrics, i, lines);
	}
}

/* Poll every log: 1 when one was replaced, else 0 (*changed set when one
 * appeared, vanished or grew), or -1 with err. */
static int
poll_logs(struct lt_live *l, int *changed, struct lt_error *err)
{
	struct log *g;
	size_t i;
	int st, replaced = 0;

	for (i = 0; i < l->n; i++) {
		g = &l->logs[i];
		if (g->f == NULL)
			g->f = lt_follow_new(l->paths[i], LT_FORMAT_AUTO,
			    &l->ropts, NULL);
		if ((st = lt_follow_poll(g->f, err)) < 0)
			return -1;
		if ((st == LT_FOLLOW_MISSING) != g->missing)
			*changed = 1;
		g->missing = st == LT_FOLLOW_MISSING;
		if (st == LT_FOLLOW_GREW)
			*changed = 1;
		if (st == LT_FOLLOW_RESTART || st == LT_FOLLOW_MISSING)
			g->warned = 0;
		if (st == LT_FOLLOW_RESTART)
			replaced = 1;
	}
	return replaced;
}

/*
 * The goals' estimated completion times anew, with no time as now:
 * lt_live_now makes those that have passed past, at the time of each
 * result.  The tasks files are the ones live holds (a change to one
 * starts live over).
 */
static void
estimate(struct lt_live *l)
{
	if (l->goals != NULL)
		lt_goals_estimate(l->goals, l->facts, NAN);
}

/* Every state afresh, every log read from its start. */
static int
reread(struct lt_live *l, struct lt_error *err)
{
	size_t i;
	int changed = 0;

	for (i = 0; i < l->n; i++) {
		lt_follow_free(l->logs[i].f);
		l->logs[i].f = NULL;
	}
	if (states_start(l, err) != 0)
		return -1;
	if (l->goals != NULL) {
		/* Linked goals take their values again. */
		lt_goals_free(l->goals);
		l->goals = NULL;
	}
	if (goals_refresh(l, &changed, err) < 0 ||
	    poll_logs(l, &changed, err) < 0 || merge(l, 0, err) != 0)
		return -1;
	estimate(l);
	return 0;
}

int
lt_live_refresh(struct lt_live *l, struct lt_error *err)
{
	int changed = 0, linked, rc;

	if (!l->broken) {
		if ((rc = goals_refresh(l, &linked, err)) < 0)
			goto fail;
		changed = rc;
		if (rc == 1 && linked)
			l->broken = 1;
	}
	if (!l->broken && tasks_changed(l))
		l->broken = 1;
	if (!l->broken) {
		if ((rc = poll_logs(l, &changed, err)) < 0)
			goto fail;
		if (rc == 1 || (rc = merge(l, 1, err)) == 1)
			l->broken = 1;
		else if (rc < 0)
			goto fail;
	}
	if (l->broken) {
		if (reread(l, err) != 0)
			goto fail;
		l->broken = 0;
		changed = 1;
	} else if (changed)
		estimate(l);
	count_lines(l);
	if (changed)
		l->gen++;
	return changed;
fail:
	l->broken = 1;
	l->gen++;
	return -1;
}

uint64_t
lt_live_generation(const struct lt_live *l)
{
	return l->gen;
}

const char *
lt_live_missing(const struct lt_live *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->logs[i].missing)
			return l->paths[i];
	return NULL;
}

const char *
lt_live_torn(const struct lt_live *l, long *line)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->logs[i].f != NULL &&
		    lt_follow_pending(l->logs[i].f) > 0) {
			*line = lt_follow_position(l->logs[i].f)->line + 1;
			return l->paths[i];
		}
	return NULL;
}

const struct lt_tasktab *
lt_live_tasks(const struct lt_live *l)
{
	return &l->tasks;
}

size_t
lt_live_count(const struct lt_live *l, size_t i)
{
	return l->count[i];
}

double
lt_live_best(const struct lt_live *l, size_t i)
{
	return l->best[i];
}

double
lt_live_latest(const struct lt_live *l, size_t i)
{
	return l->latest[i];
}

const struct lt_goals *
lt_live_goals(const struct lt_live *l)
{
	return l->goals;
}

void
lt_live_now(struct lt_live *l, double now)
{
	if (l->goals != NULL)
		lt_goals_expire(l->goals, now);
}

void
lt_live_metrics(const struct lt_live *l, struct lt_metrics *m)
{
	long active = l->goals ? (long)lt_goals_active_count(l->goals) : 0;

	if (l->metrics == NULL) {
		memset(m, 0, sizeof(*m));
		m->empty = true;
		return;
	}
	lt_metrics_acc_result(l->metrics, active, m);
}

struct lt_report *
lt_live_report(struct lt_live *l, double now, struct lt_error *err)
{
	if (l->report == NULL) {
		lt_error_set(err, "the logs have not been read");
		return NULL;
	}
	lt_live_now(l, now);
	return lt_report_acc_result(l->report, now, l->goals, err);
}

/* The state kept for a curve of task (else a trend) over window points,
 * smoothed as smooth says (NULL: not), made when new (the logs then
 * read again).  Returns it, or NULL with err. */
static struct extra *
extra_get(struct lt_live *l, int curve, const char *task, long window,
    const char *smooth, struct lt_error *err)
{
	struct lt_smoother sm;
	struct extra *x;
	size_t i;

	for (i = 0; i < l->nextra; i++) {
		x = &l->extra[i];
		if (x->curve == curve && x->window == window &&
		    (x->task == NULL) == (task == NULL) &&
		    (x->task == NULL || strcmp(x->task, task) == 0) &&
		    (x->smooth == NULL) == (smooth == NULL) &&
		    (x->smooth == NULL || strcmp(x->smooth, smooth) == 0)) {
			x->used = ++l->tick;
			return x;
		}
	}
	/* A bad smoothing is said before anything is read for it. */
	if (smooth != NULL) {
		if (lt_smoother_init(&sm, smooth, err) != 0)
			return NULL;
		lt_smoother_release(&sm);
	}
	if (l->nextra < LT_LIVE_EXTRA_MAX)
		x = &l->extra[l->nextra++];
	else {
		for (x = &l->extra[0], i = 1; i < l->nextra; i++)
			if (l->extra[i].used < x->used)
				x = &l->extra[i];
		extra_free(x);
	}
	x->curve = curve;
	x->window = window;
	x->task = task ? lt_xstrdup(task) : NULL;
	x->smooth = smooth ? lt_xstrdup(smooth) : NULL;
	x->used = ++l->tick;
	if (reread(l, err) != 0) {
		l->broken = 1;
		return NULL;
	}
	l->gen++;
	return x;
}

/* Whether task has events: 0, or -1 with err naming it. */
static int
known(const struct lt_live *l, const char *task, struct lt_error *err)
{
	if (lt_tasktab_find(&l->tasks, task, strlen(task)) < 0)
		return lt_error_set(err, "no events of task \"%s\"", task);
	return 0;
}

struct lt_trends *
lt_live_trend(struct lt_live *l, const char *task, long window,
    struct lt_error *err)
{
	const struct lt_trend_acc *a = l->trend;
	struct lt_trends *r, *one;
	struct extra *x;
	size_t i;
	int added;

	if (a == NULL) {
		lt_error_set(err, "the logs have not been read");
		return NULL;
	}
	if (task != NULL && known(l, task, err) != 0)
		return NULL;
	if (window != LT_LIVE_TREND_WINDOW) {
		if ((x = extra_get(l, 0, NULL, window, NULL, err)) == NULL)
			return NULL;
		a = x->ta;
	}
	if ((r = lt_trend_acc_result(a, err)) == NULL || task == NULL)
		return r;
	/* The named task alone, as lt trend TASK gives it. */
	one = lt_xcalloc(1, sizeof(*one));
	one->v = lt_xcalloc(1, sizeof(*one->v));
	one->single = true;
	for (i = 0; i < r->n; i++)
		if (strcmp(r->v[i].task, task) == 0) {
			one->v[0] = r->v[i];
			(void)lt_tasktab_intern(&one->names, task,
			    strlen(task), &added);
			one->v[0].task = one->names.names[0];
			one->n = 1;
		}
	lt_trends_free(r);
	return one;
}

struct lt_curve *
lt_live_curve(struct lt_live *l, const char *task, long window,
    const char *smooth, struct lt_error *err)
{
	struct lt_curve *c;
	struct extra *x;
	struct lt_sel sel;
	long i;

	if (l->report == NULL) {
		lt_error_set(err, "the logs have not been read");
		return NULL;
	}
	if (known(l, task, err) != 0)
		return NULL;
	if (window == LT_LIVE_CURVE_WINDOW && smooth == NULL) {
		i = lt_tasktab_find(&l->tasks, task, strlen(task));
		c = lt_curve_acc_result(l->curves[i], err);
	} else if ((x = extra_get(l, 1, task, window, smooth, err)) == NULL)
		return NULL;
	else
		c = lt_curve_acc_result(x->ca, err);
	if (c != NULL) {
		lt_sel_init(&sel);
		lt_curve_facts(c, l->facts, &sel, task);
	}
	return c;
}

/*
 * lt compare's runs, from what each log's runs keep: the groups made by
 * lt_groups_build, the runs' values given by live_run.
 */
struct cmpsrc {
	struct lt_live		*l;
	double			*last;		/* the last scores given */
	struct lt_groups_reader	*rd;		/* for what is not kept */
};

/* The last n scores of r, oldest first, into out. */
static void
run_last(const struct run *r, size_t n, double *out)
{
	size_t held = r->count < LT_LIVE_COMPARE_RING ? r->count :
	    LT_LIVE_COMPARE_RING;
	size_t i, k;

	for (i = 0; i < n; i++) {
		k = held - n + i;
		out[i] = r->count <= LT_LIVE_COMPARE_RING ? r->ring[k] :
		    r->ring[(r->head + k) % LT_LIVE_COMPARE_RING];
	}
}

/*
 * The values of run r: from the run kept, or, for what is not kept (more
 * last scores than the ring holds) and for the errors of a log of
 * several tasks where the run names none, read from the log as
 * lt_groups_new reads it (its end, or up to its second task).
 */
static int
live_run(void *ctx, struct lt_groups_run *r, const struct lt_groups_opts *o,
    struct lt_groups_values *v, struct lt_error *err)
{
	struct cmpsrc *cs = ctx;
	const struct runs *rs = NULL;
	const struct run *run;
	size_t i, n;
	long k;

	for (i = 0; i < cs->l->n && rs == NULL; i++)
		if (strcmp(cs->l->paths[i], r->log) == 0)
			rs = &cs->l->runs[i];
	if (rs == NULL)
		return lt_error_set(err, "\"%s\" is not a log followed",
		    r->log);
	if (r->task != NULL) {
		if ((k = lt_tasktab_find(&rs->tab, r->task,
		    strlen(r->task))) < 0)
			return lt_error_set(err, "task \"%s\" is not in \"%s\"",
			    r->task, r->log);
	} else if (rs->events == 0)
		goto read;
	else if (o->summary == LT_COMPARE_SUMMARY_LAST) {
		/* The task of the log's last event, alone among its last
		 * o->last events. */
		if (rs->lastrun < (o->last < rs->events ? o->last :
		    rs->events))
			goto read;
		k = (long)rs->last;
	} else {
		/* The task of its first event, its only one. */
		if (rs->other >= 0)
			goto read;
		k = 0;
	}
	run = &rs->v[k];
	n = o->last < run->count ? o->last : run->count;
	if (o->summary == LT_COMPARE_SUMMARY_LAST && n > LT_LIVE_COMPARE_RING)
		goto read;
	v->task = rs->tab.names[k];
	v->facts = rs->facts;
	v->count = run->count;
	v->best = lt_groups_dir(o, rs->facts, v->task) == LT_STATS_MIN ?
	    run->min : run->max;
	v->mean = run->mean;
	if (o->summary == LT_COMPARE_SUMMARY_LAST) {
		free(cs->last);
		cs->last = lt_xmalloc((n + 1) * sizeof(*cs->last));
		run_last(run, n, cs->last);
		v->last = cs->last;
		v->nlast = n;
	}
	return 0;
read:
	if (cs->rd == NULL)
		cs->rd = lt_groups_reader_new(o);
	return lt_groups_reader_values(cs->rd, r, o, v, err);
}

struct lt_groups *
lt_live_compare(struct lt_live *l, const struct lt_groups_spec *specs,
    size_t nspecs, const struct lt_groups_opts *o, struct lt_error *err)
{
	struct cmpsrc cs = { l, NULL, NULL };
	struct lt_groups_source src = { NULL, live_run, &cs };
	struct lt_groups *g;
	size_t i;

	if (l->report == NULL) {
		lt_error_set(err, "the logs have not been read");
		return NULL;
	}
	if (o->log != NULL) {
		for (i = 0; i < l->n && src.tasks == NULL; i++)
			if (strcmp(l->paths[i], o->log) == 0)
				src.tasks = &l->runs[i].tab;
		if (src.tasks == NULL) {
			lt_error_set(err, "\"%s\" is not a log followed",
			    o->log);
			return NULL;
		}
	}
	g = lt_groups_build(specs, nspecs, o, &src, err);
	free(cs.last);
	lt_groups_reader_free(cs.rd);
	return g;
}
