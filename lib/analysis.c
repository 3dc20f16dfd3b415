/*
 * analysis.c - trend, curve, convergence, report and metrics over a
 * streaming reader, with the class's JSON.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis.h"
#include "buf.h"
#include "crc32c.h"
#include "format.h"
#include "json.h"
#include "pscan.h"

/* The class's window for a task's trend inside a report, and for the
 * recent averages. */
#define REPORT_TREND_WINDOW	50
#define RECENT			10

/*
 * Tasks, interned to small integers in order of first appearance.
 */
struct tasks {
	char		**names;
	size_t		  n;
	size_t		  cap;
	size_t		 *slots;	/* index + 1, 0 empty */
	size_t		  nslots;	/* a power of two */
};

static uint64_t
hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;

	while (len-- > 0)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static void
tasks_grow(struct tasks *t)
{
	size_t i, j, ns = t->nslots ? t->nslots * 2 : 64;
	size_t *slots = lt_xcalloc(ns, sizeof(size_t));

	for (i = 0; i < t->n; i++) {
		j = hash(t->names[i], strlen(t->names[i])) & (ns - 1);
		while (slots[j] != 0)
			j = (j + 1) & (ns - 1);
		slots[j] = i + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = ns;
}

/* The index of task s[0..len); *added says whether it is new. */
static size_t
tasks_intern(struct tasks *t, const char *s, size_t len, int *added)
{
	size_t j, k;

	*added = 0;
	if (t->nslots == 0)
		tasks_grow(t);
	j = hash(s, len) & (t->nslots - 1);
	while ((k = t->slots[j]) != 0) {
		if (strncmp(t->names[k - 1], s, len) == 0 &&
		    t->names[k - 1][len] == '\0')
			return k - 1;
		j = (j + 1) & (t->nslots - 1);
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->names = lt_xrealloc(t->names, t->cap * sizeof(char *));
	}
	t->names[t->n] = lt_xstrndup(s, len);
	t->slots[j] = ++t->n;
	*added = 1;
	if (t->n * 2 > t->nslots)
		tasks_grow(t);
	return t->n - 1;
}

static void
tasks_release(struct tasks *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->names[i]);
	free(t->names);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

/* Grow an array of n elements of size sz to hold index i. */
static void *
grow(void *p, size_t *cap, size_t i, size_t sz)
{
	size_t old = *cap;

	if (i < old)
		return p;
	while (*cap <= i)
		*cap = *cap ? *cap * 2 : 16;
	p = lt_xrealloc(p, *cap * sz);
	memset((char *)p + old * sz, 0, (*cap - old) * sz);
	return p;
}

/*
 * A ring of the last cap points; cap 0 keeps every point.
 */
struct pt {
	double	x;
	double	ts;
	double	y;
	double	s;		/* smoothed y, for curves */
};

struct ring {
	struct pt	*p;
	size_t		 cap;
	size_t		 alloc;
	size_t		 n;	/* points held */
	size_t		 head;	/* next slot, when full */
};

static void
ring_init(struct ring *r, size_t cap)
{
	memset(r, 0, sizeof(*r));
	r->cap = cap;
}

static void
ring_push(struct ring *r, const struct pt *p)
{
	if (r->cap == 0 || r->n < r->cap) {
		if (r->n == r->alloc) {
			r->alloc = r->alloc ? r->alloc * 2 : 16;
			if (r->cap != 0 && r->alloc > r->cap)
				r->alloc = r->cap;
			r->p = lt_xrealloc(r->p, r->alloc * sizeof(*p));
		}
		r->p[r->n++] = *p;
		return;
	}
	r->p[r->head] = *p;
	r->head = (r->head + 1) % r->cap;
}

/* The i-th oldest point held. */
static const struct pt *
ring_at(const struct ring *r, size_t i)
{
	if (r->cap == 0 || r->n < r->cap)
		return &r->p[i];
	return &r->p[(r->head + i) % r->cap];
}

static void
ring_release(struct ring *r)
{
	free(r->p);
	memset(r, 0, sizeof(*r));
}

/* The mean of y over the last k points of r. */
static double
ring_tail_mean(const struct ring *r, size_t k)
{
	double sum = 0;
	size_t i;

	if (k > r->n)
		k = r->n;
	if (k == 0)
		return 0;
	for (i = r->n - k; i < r->n; i++)
		sum += ring_at(r, i)->y;
	return sum / (double)k;
}

/*
 * Selection.
 */
void
lt_sel_init(struct lt_sel *sel)
{
	memset(sel, 0, sizeof(*sel));
	sel->since = NAN;
	sel->until = NAN;
	sel->x = LT_X_INDEX;
}

int
lt_xaxis_parse(const char *s, enum lt_xaxis *x, struct lt_error *err)
{
	if (strcmp(s, "index") == 0)
		*x = LT_X_INDEX;
	else if (strcmp(s, "episode") == 0)
		*x = LT_X_EPISODE;
	else if (strcmp(s, "time") == 0)
		*x = LT_X_TIME;
	else
		return lt_error_set(err, "--x \"%s\" is not index, episode or "
		    "time", s);
	return 0;
}

int
lt_metric_check(const char *metric, struct lt_error *err)
{
	int f = lt_field_lookup(metric, strlen(metric));

	if (*metric == '\0' || f == LT_F_TASK || f == LT_F_META)
		return lt_error_set(err, "--metric \"%s\" is not a number "
		    "field or a metadata key", metric);
	return 0;
}

struct scan {
	struct lt_events	*ev;
	struct lt_sel		*sel;
	int			 field;		/* -1: a metadata key */
	char			*quoted;	/* "key", to skip parsing */
};

static int
scan_open(struct scan *sc, struct lt_sel *sel, struct lt_error *err)
{
	const char *m = sel->metric ? sel->metric : "performance_score";
	size_t len = strlen(m);

	memset(sc, 0, sizeof(*sc));
	sc->sel = sel;
	sel->skipped = 0;
	sc->field = lt_field_lookup(m, len);
	if (sc->field == -1) {
		sc->quoted = lt_xmalloc(len + 3);
		sc->quoted[0] = '"';
		memcpy(sc->quoted + 1, m, len);
		memcpy(sc->quoted + 1 + len, "\"", 2);
	}
	sc->ev = lt_events_open(sel->paths, sel->npaths, &sel->ropts, err);
	if (sc->ev == NULL) {
		free(sc->quoted);
		return -1;
	}
	return 0;
}

static void
scan_close(struct scan *sc)
{
	if (sc->ev != NULL) {
		sc->sel->skipped = lt_events_skipped(sc->ev);
		lt_events_close(sc->ev);
	}
	sc->ev = NULL;
	free(sc->quoted);
	sc->quoted = NULL;
}

/* The metric of ev, or NaN when the event does not have it as a number. */
static double
metric_of(const struct scan *sc, const struct lt_event *ev)
{
	json_t *o, *v;
	double y = NAN;

	switch (sc->field) {
	case LT_F_TIMESTAMP:
		return ev->timestamp;
	case LT_F_SCORE:
		return ev->score;
	case LT_F_LR:
		return ev->lr;
	case LT_F_EPISODE:
		return (double)ev->episode;
	case LT_F_CONV:
		return ev->conv;
	default:
		break;
	}
	if (strstr(ev->meta, sc->quoted) == NULL)
		return NAN;
	if ((o = json_loadb(ev->meta, ev->meta_len, 0, NULL)) == NULL)
		return NAN;
	v = json_object_get(o, sc->sel->metric);
	if (json_is_number(v))
		y = json_number_value(v);
	json_decref(o);
	return y;
}

/* The next event of the selection.  Returns 1, 0 at the end, -1 with
 * err. */
static int
scan_next(struct scan *sc, struct lt_event *ev, struct lt_error *err)
{
	const struct lt_sel *s = sc->sel;
	size_t i;
	int rc;

	while ((rc = lt_events_next(sc->ev, ev, err)) == 1) {
		if (!isnan(s->since) && !(ev->timestamp >= s->since))
			continue;
		if (!isnan(s->until) && !(ev->timestamp <= s->until))
			continue;
		if (s->ntasks == 0)
			return 1;
		for (i = 0; i < s->ntasks; i++)
			if (strcmp(s->tasks[i], ev->task) == 0)
				return 1;
	}
	return rc;
}

/* Every task named in the selection has events (seen by tasks t). */
static int
check_named(const struct lt_sel *s, const struct tasks *t,
    struct lt_error *err)
{
	size_t i, j;

	for (i = 0; i < s->ntasks; i++) {
		for (j = 0; j < t->n; j++)
			if (strcmp(s->tasks[i], t->names[j]) == 0)
				break;
		if (j == t->n)
			return lt_error_set(err, "no events of task \"%s\"%s",
			    s->tasks[i], s->metric ? " with that metric" : "");
	}
	return 0;
}

static double
x_of(enum lt_xaxis x, const struct lt_event *ev, size_t index)
{
	switch (x) {
	case LT_X_EPISODE:
		return (double)ev->episode;
	case LT_X_TIME:
		return ev->timestamp;
	default:
		return (double)index;
	}
}

/*
 * Trend.
 */
json_t *
lt_trend_json(const struct lt_fit *fit, double recent_avg,
    enum lt_stats_mode mode)
{
	json_t *o = json_object();
	int enough = fit->n >= LT_STATS_MIN_N;

	json_object_set_new(o, "trend", lt_json_real(enough ? fit->slope : 0));
	json_object_set_new(o, "confidence",
	    lt_json_real(enough ? fit->r2 : 0));
	json_object_set_new(o, "recent_avg",
	    lt_json_real(enough ? recent_avg : 0));
	json_object_set_new(o, "improvement_rate",
	    lt_json_real(enough ? fit->slope * (double)fit->n : 0));
	json_object_set_new(o, "n", json_integer((json_int_t)fit->n));
	json_object_set_new(o, "intercept",
	    lt_json_real(enough ? fit->intercept : 0));
	json_object_set_new(o, "p_value",
	    lt_json_real(enough ? fit->p_value : 1));
	json_object_set_new(o, "stderr",
	    lt_json_real(enough ? fit->stderr_slope : 0));
	json_object_set_new(o, "direction", json_string(!enough ?
	    "insufficient_data" : lt_stats_direction_name(
	    lt_stats_direction_of(fit, mode, LT_STATS_ALPHA,
	    LT_STATS_MIN_N))));
	return o;
}

/* Per task: the window's points (or, for all points, a running fit and
 * the last ten), and the plateau detector. */
struct tstate {
	struct ring		pts;
	struct lt_fitacc	acc;
	size_t			count;
	struct lt_plateau	pl;
};

static void
tstate_init(struct tstate *ts, long window)
{
	/* The window, and at least the last ten for recent_avg. */
	ring_init(&ts->pts, window > RECENT ? (size_t)window : RECENT);
	lt_fitacc_init(&ts->acc);
	ts->count = 0;
}

static void
tstate_push(struct tstate *ts, long window, enum lt_xaxis x,
    const struct lt_event *ev, double y)
{
	struct pt p;

	p.x = x_of(x, ev, ts->count);
	p.ts = ev->timestamp;
	p.y = y;
	p.s = 0;
	ring_push(&ts->pts, &p);
	if (window == 0)
		lt_fitacc_push(&ts->acc, p.x, y, NULL);
	ts->count++;
}

/* The fit over the last window points (0: all), and the recent mean. */
static int
tstate_fit(const struct tstate *ts, long window, enum lt_xaxis x,
    struct lt_fit *fit, double *recent, struct lt_error *err)
{
	double *xs, *ys;
	size_t k, i, first;
	int rc;

	*recent = ring_tail_mean(&ts->pts, RECENT);
	if (window == 0) {
		lt_fitacc_result(&ts->acc, fit);
		return 0;
	}
	k = ts->pts.n < (size_t)window ? ts->pts.n : (size_t)window;
	first = ts->pts.n - k;
	xs = lt_xcalloc(k + 1, sizeof(double));
	ys = lt_xcalloc(k + 1, sizeof(double));
	for (i = 0; i < k; i++) {
		const struct pt *p = ring_at(&ts->pts, first + i);

		xs[i] = x == LT_X_INDEX ? (double)i : p->x;
		ys[i] = p->y;
	}
	rc = lt_stats_fit(xs, ys, k, fit, err);
	free(xs);
	free(ys);
	return rc;
}

json_t *
lt_analysis_trend(struct lt_sel *sel, const struct lt_trend_opts *o,
    struct lt_error *err)
{
	struct tasks tasks = { 0 };
	struct tstate *st = NULL;
	size_t cap = 0, i;
	struct lt_event ev;
	struct scan sc;
	struct lt_fit fit;
	json_t *res = NULL, *t;
	double y, recent;
	int added, rc;

	if (scan_open(&sc, sel, err) != 0)
		return NULL;
	while ((rc = scan_next(&sc, &ev, err)) == 1) {
		if (isnan(y = metric_of(&sc, &ev)))
			continue;
		i = tasks_intern(&tasks, ev.task, ev.task_len, &added);
		if (added) {
			st = grow(st, &cap, i, sizeof(*st));
			tstate_init(&st[i], o->window);
			if (o->plateau)
				lt_plateau_init(&st[i].pl, o->mode,
				    o->patience, o->kind, o->delta, NULL);
		}
		tstate_push(&st[i], o->window, sel->x, &ev, y);
		if (o->plateau)
			lt_plateau_push(&st[i].pl, y);
	}
	scan_close(&sc);
	if (rc == -1 || check_named(sel, &tasks, err) != 0)
		goto out;
	res = json_object();
	for (i = 0; i < tasks.n; i++) {
		if (tstate_fit(&st[i], o->window, sel->x, &fit, &recent,
		    err) != 0) {
			json_decref(res);
			res = NULL;
			goto out;
		}
		t = lt_trend_json(&fit, recent, o->mode);
		if (o->plateau)
			json_object_set_new(t, "plateau",
			    json_boolean(lt_plateau_holds(&st[i].pl)));
		json_object_set_new(res, tasks.names[i], t);
	}
out:
	for (i = 0; i < tasks.n; i++)
		ring_release(&st[i].pts);
	free(st);
	tasks_release(&tasks);
	return res;
}

/*
 * Curve.
 */
json_t *
lt_analysis_curve(struct lt_sel *sel, long window,
    struct lt_smoother *smooth, struct lt_error *err)
{
	struct ring r;
	struct lt_event ev;
	struct scan sc;
	struct pt p;
	json_t *res, *ts, *xs, *ys, *ss;
	size_t i, count = 0;
	int rc;

	if (scan_open(&sc, sel, err) != 0)
		return NULL;
	ring_init(&r, (size_t)window);
	while ((rc = scan_next(&sc, &ev, err)) == 1) {
		if (isnan(p.y = metric_of(&sc, &ev)))
			continue;
		p.ts = ev.timestamp;
		p.x = x_of(sel->x, &ev, count++);
		p.s = smooth ? lt_smoother_push(smooth, p.y) : 0;
		ring_push(&r, &p);
	}
	scan_close(&sc);
	if (rc == -1) {
		ring_release(&r);
		return NULL;
	}
	if (r.n == 0) {
		ring_release(&r);
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
		const struct pt *q = ring_at(&r, i);

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
	ring_release(&r);
	return res;
}

/*
 * Convergence.
 */
struct cstat {
	size_t	count;
	double	sum;
	double	last;
	int64_t	first_episode;
};

struct conv {
	double		 threshold;
	struct tasks	 tasks;		/* converged tasks only */
	struct cstat	*st;
	size_t		 cap;
	size_t		 total;
	double		 first;	/* first convergence's time */
	double		 end;		/* last event's time */
	struct {
		double	ts;
		size_t	task;
		double	metric;
	}		 recent[RECENT];
	size_t		 head;
};

static void
conv_init(struct conv *c, double threshold)
{
	memset(c, 0, sizeof(*c));
	c->threshold = threshold;
	c->end = NAN;
}

static void
conv_push(struct conv *c, const struct lt_event *ev)
{
	struct cstat *s;
	size_t i, k;
	int added;

	if (isnan(c->end) || ev->timestamp > c->end)
		c->end = ev->timestamp;
	if (!(ev->conv < c->threshold))
		return;
	i = tasks_intern(&c->tasks, ev->task, ev->task_len, &added);
	c->st = grow(c->st, &c->cap, i, sizeof(*c->st));
	s = &c->st[i];
	if (added)
		s->first_episode = ev->episode;
	s->count++;
	s->sum += ev->conv;
	s->last = ev->timestamp;
	if (c->total++ == 0)
		c->first = ev->timestamp;
	k = c->head++ % RECENT;
	c->recent[k].ts = ev->timestamp;
	c->recent[k].task = i;
	c->recent[k].metric = ev->conv;
}

static json_t *
conv_json(const struct conv *c)
{
	json_t *o = json_object(), *ts, *t, *rc, *e;
	double span = c->total ? (c->end - c->first) / 3600 : 0;
	size_t i, n, k;

	json_object_set_new(o, "total_convergences",
	    json_integer((json_int_t)c->total));
	json_object_set_new(o, "convergence_rate",
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
	n = c->head < RECENT ? c->head : RECENT;
	for (i = 0; i < n; i++) {
		k = (c->head - n + i) % RECENT;
		e = json_array();
		json_array_append_new(e, lt_json_real(c->recent[k].ts));
		json_array_append_new(e,
		    json_string(c->tasks.names[c->recent[k].task]));
		json_array_append_new(e, lt_json_real(c->recent[k].metric));
		json_array_append_new(rc, e);
	}
	return o;
}

static void
conv_release(struct conv *c)
{
	tasks_release(&c->tasks);
	free(c->st);
	c->st = NULL;
}

json_t *
lt_analysis_converge(struct lt_sel *sel, double threshold,
    struct lt_error *err)
{
	struct tasks seen = { 0 };
	struct lt_event ev;
	struct scan sc;
	struct conv c;
	json_t *res = NULL;
	int rc, added;

	if (scan_open(&sc, sel, err) != 0)
		return NULL;
	conv_init(&c, threshold);
	while ((rc = scan_next(&sc, &ev, err)) == 1) {
		conv_push(&c, &ev);
		if (sel->ntasks > 0)
			tasks_intern(&seen, ev.task, ev.task_len, &added);
	}
	scan_close(&sc);
	if (rc == 0 && check_named(sel, &seen, err) == 0)
		res = conv_json(&c);
	conv_release(&c);
	tasks_release(&seen);
	return res;
}

/*
 * Report.
 */
json_t *
lt_goal_summary_empty(void)
{
	json_t *o = json_object();

	json_object_set_new(o, "total_goals", json_integer(0));
	json_object_set_new(o, "completed_goals", json_integer(0));
	json_object_set_new(o, "active_goals", json_integer(0));
	json_object_set_new(o, "completion_rate", lt_json_real(0));
	json_object_set_new(o, "avg_completion_time", lt_json_real(0));
	json_object_set_new(o, "goals", json_array());
	return o;
}

/* Per task over the analysed events. */
struct rtask {
	size_t	count;
	double	sum;
	double	latest;
	size_t	order;		/* first appearance in the analysed part */
};

struct ev_lite {
	double	ts;
	double	score;
	double	lr;
	size_t	task;
};

json_t *
lt_analysis_report(struct lt_sel *sel, long last, double now,
    json_t *goal_summary, struct lt_error *err)
{
	struct tasks tasks = { 0 };
	struct tstate *st = NULL;
	struct rtask *rt = NULL;
	struct ev_lite *win = NULL;
	size_t *order = NULL, norder = 0, cap = 0, rcap = 0, i, k;
	size_t total = 0, nwin = 0, head = 0;
	struct lt_moments m = { 0 };
	struct lt_summary sum;
	struct lt_event ev;
	struct lt_fit fit;
	struct scan sc;
	struct conv c;
	double lrsum = 0, first = NAN, lastts = NAN, recent;
	json_t *res = NULL, *o, *ta, *t;
	int added, rc;

	if (lt_moments_init(&m, err) != 0) {
		json_decref(goal_summary);
		return NULL;
	}
	if (scan_open(&sc, sel, err) != 0) {
		lt_moments_release(&m);
		json_decref(goal_summary);
		return NULL;
	}
	conv_init(&c, 0.01);
	if (last > 0)
		win = lt_xcalloc((size_t)last, sizeof(*win));
	while ((rc = scan_next(&sc, &ev, err)) == 1) {
		i = tasks_intern(&tasks, ev.task, ev.task_len, &added);
		if (added) {
			st = grow(st, &cap, i, sizeof(*st));
			tstate_init(&st[i], REPORT_TREND_WINDOW);
		}
		tstate_push(&st[i], REPORT_TREND_WINDOW, LT_X_INDEX, &ev,
		    ev.score);
		conv_push(&c, &ev);
		total++;
		if (last > 0) {
			if (nwin < (size_t)last)
				k = nwin++;
			else
				k = head++ % (size_t)last;
			win[k].ts = ev.timestamp;
			win[k].score = ev.score;
			win[k].lr = ev.lr;
			win[k].task = i;
			continue;
		}
		rt = grow(rt, &rcap, i, sizeof(*rt));
		if (rt[i].count++ == 0)
			rt[i].order = norder++;
		rt[i].sum += ev.score;
		rt[i].latest = ev.score;
		lt_moments_push(&m, ev.score, NULL);
		lrsum += ev.lr;
		if (isnan(first))
			first = ev.timestamp;
		lastts = ev.timestamp;
	}
	scan_close(&sc);
	if (rc == -1 || check_named(sel, &tasks, err) != 0) {
		json_decref(goal_summary);
		goto out;
	}
	/* The window, oldest first, into the same accumulators. */
	for (i = 0; i < nwin; i++) {
		const struct ev_lite *e = &win[(head + i) % (size_t)last];

		rt = grow(rt, &rcap, e->task, sizeof(*rt));
		if (rt[e->task].count++ == 0)
			rt[e->task].order = norder++;
		rt[e->task].sum += e->score;
		rt[e->task].latest = e->score;
		lt_moments_push(&m, e->score, NULL);
		lrsum += e->lr;
		if (i == 0)
			first = e->ts;
		lastts = e->ts;
	}
	lt_moments_get(&m, &sum);

	res = json_object();
	json_object_set_new(res, "report_timestamp", lt_json_real(now));
	json_object_set_new(res, "total_learning_events",
	    json_integer((json_int_t)total));
	json_object_set_new(res, "recent_events_analyzed",
	    json_integer((json_int_t)sum.n));
	o = json_object();
	json_object_set_new(o, "average", lt_json_real(sum.mean));
	json_object_set_new(o, "std_deviation", lt_json_real(sum.sd));
	json_object_set_new(o, "min", lt_json_real(sum.min));
	json_object_set_new(o, "max", lt_json_real(sum.max));
	json_object_set_new(o, "median", lt_json_real(sum.median));
	json_object_set_new(res, "overall_performance", o);
	o = json_object();
	json_object_set_new(o, "average_learning_rate",
	    lt_json_real(sum.n ? lrsum / (double)sum.n : 0));
	json_object_set_new(o, "convergence_analysis", conv_json(&c));
	json_object_set_new(res, "learning_dynamics", o);
	ta = json_object();
	order = lt_xcalloc(norder + 1, sizeof(size_t));
	for (i = 0; i < tasks.n && i < rcap; i++)
		if (rt[i].count > 0)
			order[rt[i].order] = i;
	for (k = 0; k < norder; k++) {
		i = order[k];
		if (tstate_fit(&st[i], REPORT_TREND_WINDOW, LT_X_INDEX, &fit,
		    &recent, err) != 0) {
			json_decref(ta);
			json_decref(res);
			json_decref(goal_summary);
			res = NULL;
			goto out;
		}
		t = json_object();
		json_object_set_new(t, "event_count",
		    json_integer((json_int_t)rt[i].count));
		json_object_set_new(t, "avg_performance",
		    lt_json_real(rt[i].sum / (double)rt[i].count));
		json_object_set_new(t, "performance_trend",
		    lt_trend_json(&fit, recent, LT_STATS_MAX));
		json_object_set_new(t, "latest_score",
		    lt_json_real(rt[i].latest));
		json_object_set_new(ta, tasks.names[i], t);
	}
	json_object_set_new(res, "task_analysis", ta);
	json_object_set_new(res, "goal_summary", goal_summary);
	json_object_set_new(res, "time_span_hours",
	    lt_json_real(sum.n ? (lastts - first) / 3600 : 0));
out:
	for (i = 0; i < tasks.n; i++)
		ring_release(&st[i].pts);
	free(st);
	free(rt);
	free(win);
	free(order);
	conv_release(&c);
	tasks_release(&tasks);
	lt_moments_release(&m);
	return res;
}

/*
 * Metrics.
 */
#define COUNT_BLOCK	(128u << 10)	/* stays in L2 while counted */
#define TAIL_BLOCK	(64u << 10)

/* Bytes equal to '\n' in p[0..n), eight at a time: the classic has-zero
 * test, made exact by masking the high bit before the carry, leaves 0x80
 * in each matching byte; those are summed bytewise (at most 255 words, so
 * no byte overflows) and folded, so no popcount instruction is needed. */
static unsigned long long
count_nl(const unsigned char *p, size_t n)
{
	const uint64_t lo7 = 0x7f7f7f7f7f7f7f7fULL;
	const uint64_t nl = 0x0a0a0a0a0a0a0a0aULL;
	const uint64_t m16 = 0x00ff00ff00ff00ffULL;
	const uint64_t lanes = 0x0001000100010001ULL;
	unsigned long long c = 0;
	uint64_t w, t, acc;
	size_t i = 0, k;

	while (i + 8 <= n) {
		acc = 0;
		for (k = 0; k < 255 && i + 8 <= n; k++, i += 8) {
			memcpy(&w, p + i, 8);
			w ^= nl;
			t = ((w & lo7) + lo7) | w;
			acc += (~t & ~lo7) >> 7;
		}
		/* Bytes to 16-bit lanes (each at most 510), then summed. */
		acc = (acc & m16) + ((acc >> 8) & m16);
		c += (acc * lanes) >> 48;
	}
	for (; i < n; i++)
		c += p[i] == '\n';
	return c;
}

/* Newlines in bytes [from, to) of fd.  Returns 0 or -1 with err. */
static int
count_range(int fd, off_t from, off_t to, unsigned long long *nl,
    struct lt_error *err)
{
	unsigned char *buf = lt_xmalloc(COUNT_BLOCK);
	unsigned long long c = 0;
	size_t want;
	ssize_t n;

#ifdef POSIX_FADV_SEQUENTIAL
	(void)posix_fadvise(fd, from, to - from, POSIX_FADV_SEQUENTIAL);
#endif
	while (from < to) {
		want = to - from < COUNT_BLOCK ? (size_t)(to - from) :
		    COUNT_BLOCK;
		if ((n = pread(fd, buf, want, from)) <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			free(buf);
			return lt_error_set(err, "cannot read: %s", n < 0 ?
			    strerror(errno) : "the file shrank");
		}
		c += count_nl(buf, (size_t)n);
		from += n;
	}
	free(buf);
	*nl = c;
	return 0;
}

/*
 * The count cache.  Counting the lines of a large log costs a pass over
 * it; as logs only grow, the count up to an offset is kept in
 * $XDG_CACHE_HOME/lt/counts (else ~/.cache/lt/counts), one line a log:
 * device, inode, offset, newlines before it, and the CRC-32C of the up to
 * CACHE_PROBE bytes before it.  An entry serves only the same file (a log
 * replaced by lt compact has a new inode), no shorter than the offset,
 * whose bytes before the offset still have that CRC; then only the bytes
 * after it are counted.  The cache is an optimisation: every failure to
 * read or write it is ignored.
 */
#define CACHE_PROBE	4096
#define CACHE_ENTRIES	64

struct centry {
	uintmax_t		dev;
	uintmax_t		ino;
	intmax_t		off;
	unsigned long long	nl;
	unsigned long		crc;
};

static char *
cache_path(void)
{
	const char *base = getenv("XDG_CACHE_HOME"), *home;
	struct lt_buf b;

	lt_buf_init(&b);
	if (base != NULL && *base == '/')
		lt_buf_printf(&b, "%s/lt", base);
	else if ((home = getenv("HOME")) != NULL && *home == '/')
		lt_buf_printf(&b, "%s/.cache/lt", home);
	else
		return NULL;
	return b.data;
}

static uint32_t
probe_crc(int fd, off_t off)
{
	unsigned char buf[CACHE_PROBE];
	off_t from = off > CACHE_PROBE ? off - CACHE_PROBE : 0;
	ssize_t n = pread(fd, buf, (size_t)(off - from), from);

	if (n != off - from)
		return 0;
	return lt_crc32c(0, buf, (size_t)n);
}

/* Read the cache's entries into e[0..CACHE_ENTRIES); returns how many. */
static size_t
cache_read(const char *dir, struct centry *e)
{
	char path[4096];
	size_t n = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/counts", dir);
	if ((fp = fopen(path, "r")) == NULL)
		return 0;
	while (n < CACHE_ENTRIES && fscanf(fp, "%ju %ju %jd %llu %lx",
	    &e[n].dev, &e[n].ino, &e[n].off, &e[n].nl, &e[n].crc) == 5)
		n++;
	fclose(fp);
	return n;
}

static void
cache_write(const char *dir, const struct centry *e, size_t n)
{
	char path[4096], tmp[4096], *p;
	size_t i;
	FILE *fp;
	int fd;

	/* mkdir -p of the cache directory, quietly. */
	snprintf(tmp, sizeof(tmp), "%s", dir);
	for (p = tmp + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		(void)mkdir(tmp, 0700);
		*p = '/';
	}
	(void)mkdir(tmp, 0700);
	snprintf(path, sizeof(path), "%s/counts", dir);
	snprintf(tmp, sizeof(tmp), "%s/counts.XXXXXX", dir);
	if ((fd = mkstemp(tmp)) == -1)
		return;
	if ((fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(tmp);
		return;
	}
	for (i = 0; i < n; i++)
		fprintf(fp, "%ju %ju %jd %llu %lx\n", e[i].dev, e[i].ino,
		    e[i].off, e[i].nl, e[i].crc);
	if (fclose(fp) != 0 || rename(tmp, path) != 0)
		unlink(tmp);
}

int
lt_count_events(int fd, int csv, unsigned long long *count,
    struct lt_error *err)
{
	struct centry e[CACHE_ENTRIES + 1];
	unsigned long long nl = 0, more = 0;
	struct stat sb;
	size_t n = 0, i, hit = CACHE_ENTRIES + 1;
	off_t from = 0;
	char *dir = NULL, lastc = '\n';

	if (fstat(fd, &sb) != 0)
		return lt_error_set(err, "cannot stat: %s", strerror(errno));
	if (S_ISREG(sb.st_mode) && sb.st_size > CACHE_PROBE * 16 &&
	    (dir = cache_path()) != NULL) {
		n = cache_read(dir, e);
		for (i = 0; i < n; i++)
			if (e[i].dev == (uintmax_t)sb.st_dev &&
			    e[i].ino == (uintmax_t)sb.st_ino)
				break;
		if (i < n && e[i].off <= (intmax_t)sb.st_size &&
		    e[i].crc == probe_crc(fd, (off_t)e[i].off)) {
			from = (off_t)e[i].off;
			nl = e[i].nl;
		}
		hit = i;
	}
	if (count_range(fd, from, sb.st_size, &more, err) != 0) {
		free(dir);
		return -1;
	}
	nl += more;
	if (sb.st_size > 0 && pread(fd, &lastc, 1, sb.st_size - 1) != 1)
		lastc = '\n';
	if (dir != NULL && from != sb.st_size) {
		/* This log's entry first; the oldest entries fall off. */
		if (hit < n)
			memmove(&e[1], &e[0], hit * sizeof(e[0]));
		else
			memmove(&e[1], &e[0], n++ * sizeof(e[0]));
		if (n > CACHE_ENTRIES)
			n = CACHE_ENTRIES;
		e[0].dev = (uintmax_t)sb.st_dev;
		e[0].ino = (uintmax_t)sb.st_ino;
		e[0].off = (intmax_t)sb.st_size;
		e[0].nl = nl;
		e[0].crc = probe_crc(fd, sb.st_size);
		cache_write(dir, e, n);
	}
	free(dir);
	*count = nl + (lastc != '\n') - (csv && nl + (lastc != '\n') > 0);
	return 0;
}

/* The last events of one log, oldest first. */
struct tailev {
	size_t	seq;		/* order of reading, for ties in time */
	double	ts;
	double	score;
	double	lr;
};

struct tail {
	struct tailev	ev[RECENT];
	size_t		n;		/* events seen */
	unsigned long long total;
};

static void
tail_push(struct tail *t, const struct lt_event *ev)
{
	struct tailev *e = &t->ev[t->n++ % RECENT];

	e->seq = t->n - 1;
	e->ts = ev->timestamp;
	e->score = ev->score;
	e->lr = ev->lr;
}

/* Stream a log that cannot be read from its end. */
static int
tail_stream(const char *path, struct lt_sel *sel, struct tail *t,
    struct lt_error *err)
{
	struct lt_reader *r;
	struct lt_event ev;
	int rc;

	if ((r = lt_reader_open(&path, 1, &sel->ropts, err)) == NULL)
		return -1;
	while ((rc = lt_reader_next(r, &ev, err)) == 1) {
		tail_push(t, &ev);
		t->total++;
	}
	/* Bad lines count, as they do when a file's lines are counted. */
	t->total += lt_reader_skipped(r);
	sel->skipped += lt_reader_skipped(r);
	lt_reader_close(r);
	return rc;
}

/* Decode the complete lines of buf[0..len) (the file from off), keeping
 * the events in t; first_line is the file line of buf's first line. */
static int
tail_decode(const char *path, struct lt_decoder *d, char *buf, size_t len,
    long first_line, struct lt_sel *sel, struct tail *t,
    struct lt_error *err)
{
	struct lt_event ev;
	struct lt_error e;
	char *p = buf, *nl, *end = buf + len;
	long line = first_line;
	size_t l;
	int rc;

	for (; p < end; p = nl + 1, line++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		l = (size_t)(nl - p);
		*nl = '\0';
		lt_error_clear(&e);
		rc = lt_decoder_line(d, p, l, &ev, &e);
		if (rc == 1 && isnan(ev.timestamp)) {
			rc = -1;
			lt_error_set(&e, "timestamp is missing");
		}
		if (rc == 1) {
			tail_push(t, &ev);
			continue;
		}
		if (rc == 0)
			continue;
		if (sel->ropts.flags & LT_READ_STRICT) {
			lt_error_at(err, path, line, "%s", e.msg);
			return -1;
		}
		sel->skipped++;
		if (sel->ropts.warn != NULL) {
			struct lt_error w;

			lt_error_at(&w, path, line, "%s", e.msg);
			sel->ropts.warn(sel->ropts.ctx, &w);
		}
	}
	return 0;
}

/* Read the file from off to its end into *buf, and find where its first
 * whole line starts (*p).  Returns 0, 1 when no line starts there, -1. */
static int
tail_read(const char *path, int fd, off_t off, off_t size, char **buf,
    char **p, size_t *len, struct lt_error *err)
{
	*len = (size_t)(size - off);
	*buf = lt_xrealloc(*buf, *len + 1);
	if (pread(fd, *buf, *len, off) != (ssize_t)*len)
		return lt_error_at(err, path, 0, "cannot read: %s",
		    errno ? strerror(errno) : "file shrank");
	(*buf)[*len] = '\0';
	*p = *buf;
	if (off > 0) {
		/* The first line may be cut: start after it. */
		if ((*p = memchr(*buf, '\n', *len)) == NULL)
			return 1;
		(*p)++;
	}
	return 0;
}

/* The last events of the regular file on fd, read from its end: blocks
 * growing fourfold until they hold RECENT events, then decoded once more
 * with warnings, so that a bad line is reported once. */
static int
tail_file(const char *path, int fd, off_t size, struct lt_sel *sel,
    struct tail *t, struct lt_error *err)
{
	enum lt_format fmt = lt_format_from_name(path);
	struct lt_reader_opts quiet = { 0 };
	struct lt_reader_opts loud = sel->ropts;
	struct lt_decoder *d;
	char head[4096], *buf = NULL, *p, *hnl;
	size_t want = TAIL_BLOCK, len, skipped0 = sel->skipped;
	unsigned long long nl_total;	/* lines, the last perhaps torn */
	long first;
	off_t off;
	ssize_t n;
	int rc;

	if ((n = pread(fd, head, sizeof(head) - 1, 0)) < 0)
		return lt_error_at(err, path, 0, "cannot read: %s",
		    strerror(errno));
	head[n] = '\0';
	if (fmt == LT_FORMAT_AUTO)
		fmt = lt_format_sniff(head, (size_t)n);
	if (fmt == LT_FORMAT_AUTO)
		return 0;	/* empty, or only white space */
	if (lt_count_events(fd, 0, &nl_total, err) != 0)
		return -1;
	t->total = nl_total - (fmt == LT_FORMAT_CSV && nl_total > 0);
	d = lt_decoder_new(fmt);
	if (fmt == LT_FORMAT_CSV && (hnl = strchr(head, '\n')) != NULL) {
		struct lt_event ev;
		struct lt_error e;

		*hnl = '\0';
		lt_decoder_line(d, head, (size_t)(hnl - head), &ev, &e);
	}
	quiet.flags = 0;
	for (;;) {
		off = size > (off_t)want ? size - (off_t)want : 0;
		rc = tail_read(path, fd, off, size, &buf, &p, &len, err);
		if (rc == -1)
			break;
		if (rc == 0) {
			t->n = 0;
			sel->ropts = quiet;
			rc = tail_decode(path, d, p, len - (size_t)(p - buf),
			    0, sel, t, err);
			sel->ropts = loud;
			sel->skipped = skipped0;
			if (t->n >= RECENT || off == 0)
				break;
		}
		want *= 4;
	}
	if (rc == 0)
		rc = tail_read(path, fd, off, size, &buf, &p, &len, err);
	if (rc == 0) {
		/* Lines before p: the newlines of the file not after it. */
		first = (long)(nl_total - (len > 0 && buf[len - 1] != '\n') -
		    count_nl((unsigned char *)p, len - (size_t)(p - buf))) + 1;
		t->n = 0;
		rc = tail_decode(path, d, p, len - (size_t)(p - buf), first,
		    sel, t, err);
	}
	free(buf);
	lt_decoder_free(d);
	return rc;
}

static int
tail_of(const char *path, struct lt_sel *sel, struct tail *t,
    struct lt_error *err)
{
	struct stat sb;
	int fd, rc;

	memset(t, 0, sizeof(*t));
	if (strcmp(path, "-") == 0)
		return tail_stream(path, sel, t, err);
	if ((fd = open(path, O_RDONLY)) == -1)
		return lt_error_at(err, path, 0, "cannot open: %s",
		    strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return tail_stream(path, sel, t, err);
	}
	rc = tail_file(path, fd, sb.st_size, sel, t, err);
	close(fd);
	return rc;
}

static int
cmp_tailev(const void *a, const void *b)
{
	const struct tailev *x = a, *y = b;

	if (x->ts != y->ts)
		return (x->ts > y->ts) - (x->ts < y->ts);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

json_t *
lt_analysis_metrics(struct lt_sel *sel, long active_goals,
    struct lt_error *err)
{
	struct tailev *all = NULL;
	unsigned long long total = 0;
	size_t nall = 0, i, k, first;
	struct lt_fit fit;
	struct tail t;
	double xs[RECENT], ys[RECENT], sum = 0;
	json_t *o;

	sel->skipped = 0;
	all = lt_xcalloc(sel->npaths * RECENT + 1, sizeof(*all));
	for (i = 0; i < sel->npaths; i++) {
		if (tail_of(sel->paths[i], sel, &t, err) != 0) {
			free(all);
			return NULL;
		}
		total += t.total;
		k = t.n < RECENT ? t.n : RECENT;
		for (first = t.n - k; first < t.n; first++) {
			all[nall] = t.ev[first % RECENT];
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
	k = nall < RECENT ? nall : RECENT;
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
