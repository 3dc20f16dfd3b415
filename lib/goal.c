/*
 * goal.c - the goals log: replay, progress, estimated completion, and
 * locked appends of goal operations.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "event.h"
#include "forecast_task.h"
#include "goal.h"
#include "sniff.h"
#include "json.h"
#include "pscan.h"
#include "scan.h"
#include "stats.h"
#include "store.h"
#include "taskinfo.h"

struct lt_goals {
	struct lt_goal	**v;		/* live goals, in order of creation */
	size_t		  n;
	size_t		  cap;
	size_t		  skipped;
	/* Once events are pushed: each linked goal's metric and values
	 * (for its forecast). */
	struct lt_metric *m;
	struct lt_fpoints *pts;
};

/*
 * Pure parts.
 */

int
lt_goal_id_valid(const char *id)
{
	size_t i;

	for (i = 0; id[i] != '\0'; i++) {
		if (i >= LT_GOAL_ID_MAX)
			return 0;
		if (!((id[i] >= 'A' && id[i] <= 'Z') ||
		    (id[i] >= 'a' && id[i] <= 'z') ||
		    (id[i] >= '0' && id[i] <= '9') ||
		    id[i] == '_' || id[i] == '.' || id[i] == '-'))
			return 0;
	}
	return i > 0;
}

static int
reached(enum lt_stats_mode dir, double target, double value)
{
	return dir == LT_STATS_MIN ? value <= target : value >= target;
}

double
lt_goal_percent(enum lt_stats_mode dir, double baseline, double target,
    double value)
{
	double p;

	if (isnan(value))
		return 0.0;
	if (reached(dir, target, value))
		return 100.0;
	if (isnan(baseline) || target == baseline)
		return 0.0;
	p = (value - baseline) / (target - baseline) * 100.0;
	if (!(p > 0.0))
		return 0.0;
	return p > 100.0 ? 100.0 : p;
}

double
lt_goal_eta(enum lt_stats_mode dir, double target, const double *t,
    const double *v, size_t n)
{
	struct lt_fit fit;
	double x[LT_GOAL_RECENT], t0, eta;
	size_t i;

	if (n < 2 || n > LT_GOAL_RECENT)
		return NAN;
	/* Times relative to the last one, so Unix seconds cost no digits. */
	t0 = t[n - 1];
	for (i = 0; i < n; i++)
		x[i] = t[i] - t0;
	if (lt_stats_fit(x, v, n, &fit, NULL) != 0 || fit.slope == 0.0)
		return NAN;
	if ((dir == LT_STATS_MAX) != (fit.slope > 0.0))
		return NAN;
	eta = t0 + (target - fit.intercept) / fit.slope;
	return isfinite(eta) ? lt_time_round(eta) : NAN;
}

char *
lt_goals_path(const char *goals_opt, const char *log_path)
{
	const char *base, *dot;
	struct lt_buf b;

	if (goals_opt != NULL)
		return lt_xstrdup(goals_opt);
	if (strcmp(log_path, "-") == 0)
		return lt_xstrdup("lt.goals.jsonl");
	base = strrchr(log_path, '/');
	base = base == NULL ? log_path : base + 1;
	dot = strrchr(base, '.');
	if (dot == NULL || dot == base)
		dot = base + strlen(base);
	lt_buf_init(&b);
	lt_buf_add(&b, log_path, (size_t)(dot - log_path));
	lt_buf_adds(&b, ".goals.jsonl");
	return b.data;
}

/*
 * Replay.
 */

static void
goal_free(struct lt_goal *goal)
{
	if (goal == NULL)
		return;
	free(goal->id);
	free(goal->description);
	free(goal->task);
	free(goal->metric);
	free(goal);
}

void
lt_goals_free(struct lt_goals *g)
{
	size_t i;

	if (g == NULL)
		return;
	for (i = 0; g->m != NULL && i < g->n; i++) {
		lt_metric_release(&g->m[i]);
		lt_fpoints_release(&g->pts[i]);
	}
	free(g->m);
	free(g->pts);
	for (i = 0; i < g->n; i++)
		goal_free(g->v[i]);
	free(g->v);
	free(g);
}

static size_t
find_index(const struct lt_goals *g, const char *id)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (strcmp(g->v[i]->id, id) == 0)
			return i;
	return (size_t)-1;
}

const struct lt_goal *
lt_goals_find(const struct lt_goals *g, const char *id)
{
	size_t i = find_index(g, id);

	return i == (size_t)-1 ? NULL : g->v[i];
}

size_t
lt_goals_count(const struct lt_goals *g)
{
	return g->n;
}

const struct lt_goal *
lt_goals_at(const struct lt_goals *g, size_t i)
{
	return i < g->n ? g->v[i] : NULL;
}

size_t
lt_goals_skipped(const struct lt_goals *g)
{
	return g->skipped;
}

size_t
lt_goals_active_count(const struct lt_goals *g)
{
	size_t i, n = 0;

	for (i = 0; i < g->n; i++)
		if (!g->v[i]->completed)
			n++;
	return n;
}

static void
goal_value(struct lt_goal *goal, double t, double value)
{
	size_t slot = goal->nvalues % LT_GOAL_RECENT;

	goal->recent_t[slot] = t;
	goal->recent_v[slot] = value;
	goal->nvalues++;
	if (isnan(goal->baseline))
		goal->baseline = value;
	goal->current = value;
	goal->current_time = t;
	goal->percentage = lt_goal_percent(goal->dir, goal->baseline,
	    goal->target, value);
	if (!goal->completed && reached(goal->dir, goal->target, value)) {
		goal->completed = 1;
		/* A linked goal may find its target met by events older than
		 * itself: it was complete the moment it was set. */
		goal->completion_time = t > goal->creation_time ? t :
		    goal->creation_time;
	}
}

const char *
lt_goal_eta_name(enum lt_goal_eta k)
{
	switch (k) {
	case LT_ETA_DONE:
		return "done";
	case LT_ETA_FORECAST:
		return "forecast";
	case LT_ETA_LINE:
		return "line";
	case LT_ETA_NOT_AT_RATE:
		return "not_at_this_rate";
	case LT_ETA_PAST:
		return "past";
	case LT_ETA_UNKNOWN:
		break;
	}
	return "unknown";
}

/* Set goal's estimate: eta (NaN: none), its kind and its note. */
static void
eta_set(struct lt_goal *goal, double eta, enum lt_goal_eta kind,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
eta_set(struct lt_goal *goal, double eta, enum lt_goal_eta kind,
    const char *fmt, ...)
{
	va_list ap;

	goal->eta = eta;
	goal->eta_found = eta;
	goal->eta_kind = kind;
	va_start(ap, fmt);
	vsnprintf(goal->eta_note, sizeof(goal->eta_note), fmt, ap);
	va_end(ap);
}

/* A time found for an active goal stands only when it is after now. */
static void
eta_future(struct lt_goal *goal, double eta, enum lt_goal_eta kind,
    double now, const char *how)
{
	eta_set(goal, eta, kind, "%s", how);
	goal->eta_found = eta;
	if (!isnan(now) && !(eta > now)) {
		goal->eta = NAN;
		goal->eta_kind = LT_ETA_PAST;
	}
}

/* The line through the goal's latest values. */
static void
estimate_line(struct lt_goal *goal, double now)
{
	double t[LT_GOAL_RECENT], v[LT_GOAL_RECENT], eta;
	size_t i, n, first;
	int distinct = 0;
	char how[64];

	n = goal->nvalues < LT_GOAL_RECENT ? goal->nvalues : LT_GOAL_RECENT;
	first = goal->nvalues - n;
	for (i = 0; i < n; i++) {
		t[i] = goal->recent_t[(first + i) % LT_GOAL_RECENT];
		v[i] = goal->recent_v[(first + i) % LT_GOAL_RECENT];
		distinct |= i > 0 && t[i] != t[0];
	}
	if (!distinct) {
		eta_set(goal, NAN, LT_ETA_UNKNOWN, "%s", goal->nvalues == 0 ?
		    "no value yet" : "fewer than two values at distinct "
		    "times");
		return;
	}
	eta = lt_goal_eta(goal->dir, goal->target, t, v, n);
	if (isnan(eta)) {
		eta_set(goal, NAN, LT_ETA_NOT_AT_RATE, "the line through the "
		    "last %zu values is flat or moves away from the target",
		    n);
		return;
	}
	snprintf(how, sizeof(how), "the line through the last %zu values",
	    n);
	eta_future(goal, eta, LT_ETA_LINE, now, how);
}

/* The forecast of a linked goal's values p against time (used up). */
static void
estimate_forecast(struct lt_goal *goal, struct lt_fpoints *p, int order,
    double now)
{
	struct lt_forecast_task_opts o;
	struct lt_forecast_task r;
	const struct lt_forecast *fc = &r.fc;
	struct lt_error err;
	char how[200];

	lt_forecast_task_opts_init(&o);
	o.x = LT_X_TIME;
	o.mode = goal->dir;
	o.target = goal->target;
	o.times_order = order;
	memset(&r, 0, sizeof(r));
	if (order) {
		eta_set(goal, NAN, LT_ETA_UNKNOWN, "no forecast: the times of "
		    "task \"%s\" only keep their order", goal->task);
		return;
	}
	if (lt_forecast_points(p, &o, &r, &err) != 0) {
		eta_set(goal, NAN, LT_ETA_UNKNOWN, "no forecast: %s", err.msg);
		return;
	}
	if (fc->status != LT_FORECAST_OK) {
		eta_set(goal, NAN, LT_ETA_UNKNOWN, "no forecast: %s",
		    r.reason);
		return;
	}
	snprintf(how, sizeof(how), "the forecast (%s curve, asymptote %.5g "
	    "[%.5g, %.5g])", lt_forecast_model_name(fc->model), fc->a,
	    fc->a_lo, fc->a_hi);
	switch (fc->reach) {
	case LT_REACH_AT:
	case LT_REACH_ALREADY:
		if (isnan(r.target_time))
			eta_set(goal, NAN, LT_ETA_UNKNOWN, "%s reaches the "
			    "target at a time too far to write", how);
		else
			eta_future(goal, r.target_time, LT_ETA_FORECAST, now,
			    how);
		break;
	case LT_REACH_UNSURE:
		eta_set(goal, NAN, LT_ETA_NOT_AT_RATE, "%s levels off short "
		    "of the target, though the interval takes it in", how);
		break;
	case LT_REACH_NEVER:
	case LT_REACH_NONE:
		eta_set(goal, NAN, LT_ETA_NOT_AT_RATE, "%s levels off short "
		    "of the target", how);
		break;
	}
}

/* The optional string member key of rec: 0 with *out (NULL for absent or
 * null), -1 when it is something else. */
static int
opt_string(json_t *rec, const char *key, const char **out)
{
	json_t *v = json_object_get(rec, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return -1;
	*out = json_string_value(v);
	return 0;
}

static int
replay_create(struct lt_goals *g, json_t *rec, const char *id, double t,
    struct lt_error *err)
{
	struct lt_goal *goal;
	const char *desc, *task, *metric, *dirname;
	json_t *target = json_object_get(rec, "target");
	json_t *base = json_object_get(rec, "baseline");
	enum lt_stats_mode dir = LT_STATS_MAX;
	size_t i;

	if (!json_is_number(target))
		return lt_error_set(err, "goal \"%s\": no number \"target\"",
		    id);
	if (base != NULL && !json_is_null(base) && !json_is_number(base))
		return lt_error_set(err, "goal \"%s\": \"baseline\" is not a "
		    "number", id);
	if (opt_string(rec, "description", &desc) != 0 ||
	    opt_string(rec, "task", &task) != 0 ||
	    opt_string(rec, "metric", &metric) != 0 ||
	    opt_string(rec, "direction", &dirname) != 0 ||
	    (dirname != NULL && lt_stats_mode_parse(dirname, &dir, NULL) != 0) ||
	    (task == NULL) != (metric == NULL))
		return lt_error_set(err, "goal \"%s\": a bad \"description\", "
		    "\"direction\", \"task\" or \"metric\"", id);
	goal = lt_xcalloc(1, sizeof(*goal));
	goal->id = lt_xstrdup(id);
	goal->description = lt_xstrdup(desc != NULL ? desc : "");
	goal->task = task != NULL ? lt_xstrdup(task) : NULL;
	goal->metric = metric != NULL ? lt_xstrdup(metric) : NULL;
	goal->dir = dir;
	goal->target = json_number_value(target);
	goal->baseline_given = json_is_number(base);
	goal->baseline = goal->baseline_given ? json_number_value(base) :
	    dir == LT_STATS_MAX ? 0.0 : NAN;
	goal->creation_time = t;
	goal->current = NAN;
	goal->current_time = NAN;
	goal->completion_time = NAN;
	goal->eta = goal->eta_found = NAN;
	goal->eta_kind = LT_ETA_UNKNOWN;
	if ((i = find_index(g, id)) != (size_t)-1) {
		goal_free(g->v[i]);
		g->v[i] = goal;
		return 0;
	}
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->v = lt_xrealloc(g->v, g->cap * sizeof(*g->v));
	}
	g->v[g->n++] = goal;
	return 0;
}

/* Apply one record of the goals log. */
static int
replay(struct lt_goals *g, json_t *rec, struct lt_error *err)
{
	json_t *jop = json_object_get(rec, "op");
	json_t *jid = json_object_get(rec, "goal_id");
	json_t *jt = json_object_get(rec, "time");
	json_t *jv;
	const char *op, *id;
	size_t i;
	double t;

	if (!json_is_string(jop) || !json_is_string(jid) ||
	    !json_is_number(jt))
		return lt_error_set(err, "not a goal record: it needs \"op\", "
		    "\"goal_id\" and \"time\"");
	op = json_string_value(jop);
	id = json_string_value(jid);
	t = json_number_value(jt);
	if (!lt_time_valid(t))
		return lt_error_set(err, "time %g is not a time from 1970 to "
		    "the year 9999", t);
	if (!lt_goal_id_valid(id))
		return lt_error_set(err, "goal ID \"%s\" is not 1 to %d of "
		    "[A-Za-z0-9_.-]", id, LT_GOAL_ID_MAX);
	if (strcmp(op, "create") == 0)
		return replay_create(g, rec, id, t, err);
	if ((i = find_index(g, id)) == (size_t)-1)
		return lt_error_set(err, "%s of goal \"%s\", which does not "
		    "exist", op, id);
	if (strcmp(op, "update") == 0) {
		jv = json_object_get(rec, "value");
		if (!json_is_number(jv))
			return lt_error_set(err, "update of goal \"%s\" has no "
			    "number \"value\"", id);
		if (g->v[i]->task != NULL)
			return lt_error_set(err, "update of goal \"%s\", which "
			    "follows the event log", id);
		goal_value(g->v[i], t, json_number_value(jv));
		return 0;
	}
	if (strcmp(op, "delete") == 0) {
		goal_free(g->v[i]);
		memmove(&g->v[i], &g->v[i + 1], (g->n - i - 1) *
		    sizeof(*g->v));
		g->n--;
		return 0;
	}
	return lt_error_set(err, "unknown op \"%s\"", op);
}

/* The replay of one record, for lt_jsonl_replay. */
static int
replay_record(void *ctx, json_t *rec, struct lt_error *err)
{
	return replay(ctx, rec, err);
}

static int
replay_file(struct lt_goals *g, const char *path,
    const struct lt_reader_opts *ropts, struct lt_error *err)
{
	return lt_jsonl_replay(path, "goal record", ropts, replay_record, g,
	    &g->skipped, err);
}

/*
 * Linked goals: metrics out of events.
 */

/* The number field named metric, or -1 when it names none. */
static int
number_field(const char *metric)
{
	int f = lt_field_lookup(metric, strlen(metric));

	return f == LT_F_SCORE || f == LT_F_LR || f == LT_F_EPISODE ||
	    f == LT_F_CONV ? f : -1;
}

/* Open the logs that exist (a goal set before its run has no log yet). */
static struct lt_events *
open_logs(const char *const *logs, size_t nlogs,
    const struct lt_reader_opts *ropts, struct lt_error *err, int *none)
{
	const char **present;
	struct lt_events *r;
	struct stat st;
	size_t i, n = 0;

	present = lt_xcalloc(nlogs + 1, sizeof(*present));
	for (i = 0; i < nlogs; i++)
		if (strcmp(logs[i], "-") == 0 || stat(logs[i], &st) == 0 ||
		    errno != ENOENT)
			present[n++] = logs[i];
	*none = n == 0;
	r = n == 0 ? NULL : lt_events_open(present, n, ropts, err);
	free(present);
	return r;
}

void
lt_goals_push(struct lt_goals *g, const struct lt_event *ev)
{
	struct lt_goal *goal;
	double value;
	size_t i;

	if (g->m == NULL) {
		g->m = lt_xcalloc(g->n + 1, sizeof(*g->m));
		g->pts = lt_xcalloc(g->n + 1, sizeof(*g->pts));
		for (i = 0; i < g->n; i++) {
			lt_fpoints_init(&g->pts[i]);
			if (g->v[i]->task != NULL)
				lt_metric_init(&g->m[i], g->v[i]->metric);
		}
	}
	for (i = 0; i < g->n; i++) {
		goal = g->v[i];
		if (goal->task != NULL && strcmp(goal->task, ev->task) == 0 &&
		    !isnan(value = lt_metric_of(&g->m[i], ev))) {
			goal_value(goal, ev->timestamp, value);
			lt_fpoints_add(&g->pts[i], ev->timestamp,
			    (double)ev->episode, value);
		}
	}
}

int
lt_goals_linked(const struct lt_goals *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (g->v[i]->task != NULL)
			return 1;
	return 0;
}

/* Read the values of linked goals from the logs into g. */
static int
follow_logs(struct lt_goals *g, const char *const *logs, size_t nlogs,
    double since, double until, const struct lt_reader_opts *ropts,
    struct lt_error *err)
{
	struct lt_events *r = NULL;
	struct lt_event ev;
	int rc = 0, none;

	if (lt_goals_linked(g) && nlogs > 0 &&
	    (r = open_logs(logs, nlogs, ropts, err, &none)) == NULL)
		rc = none ? 0 : -1;
	while (r != NULL && (rc = lt_events_next(r, &ev, err)) > 0) {
		if ((!isnan(since) && !(ev.timestamp >= since)) ||
		    (!isnan(until) && !(ev.timestamp <= until)))
			continue;
		lt_goals_push(g, &ev);
	}
	if (r != NULL) {
		g->skipped += lt_events_skipped(r);
		lt_events_close(r);
	}
	return rc;
}

void
lt_goals_estimate(struct lt_goals *g, const struct lt_taskinfos *facts,
    double now)
{
	const struct lt_taskinfo *f;
	struct lt_fpoints p;
	struct lt_goal *goal;
	size_t i, j;

	for (i = 0; i < g->n; i++) {
		goal = g->v[i];
		if (goal->completed) {
			eta_set(goal, NAN, LT_ETA_DONE, "completed");
			continue;
		}
		if (goal->task == NULL) {
			estimate_line(goal, now);
			continue;
		}
		f = facts != NULL ? lt_taskinfos_get(facts, goal->task) : NULL;
		/* The forecast uses its points up; g keeps its own for the
		 * events pushed later. */
		lt_fpoints_init(&p);
		for (j = 0; g->pts != NULL && j < g->pts[i].n; j++)
			lt_fpoints_add(&p, g->pts[i].ts[j], g->pts[i].ep[j],
			    g->pts[i].y[j]);
		estimate_forecast(goal, &p, f != NULL && f->times_order, now);
		lt_fpoints_release(&p);
	}
}

/* Whether a goal not completed follows a task: its estimate needs the
 * tasks files. */
static int
needs_facts(const struct lt_goals *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (!g->v[i]->completed && g->v[i]->task != NULL)
			return 1;
	return 0;
}

void
lt_goals_expire(struct lt_goals *g, double now)
{
	struct lt_goal *goal;
	size_t i;

	for (i = 0; i < g->n; i++) {
		goal = g->v[i];
		if ((goal->eta_kind == LT_ETA_FORECAST ||
		    goal->eta_kind == LT_ETA_LINE) && !isnan(now) &&
		    !(goal->eta > now)) {
			goal->eta = NAN;
			goal->eta_kind = LT_ETA_PAST;
		}
	}
}

struct lt_goals *
lt_goals_load(const char *path, const char *const *logs, size_t nlogs,
    double now, const struct lt_reader_opts *ropts, struct lt_error *err)
{
	return lt_goals_load_span(path, logs, nlogs, NAN, NAN, now, ropts,
	    err);
}

struct lt_goals *
lt_goals_load_span(const char *path, const char *const *logs, size_t nlogs,
    double since, double until, double now,
    const struct lt_reader_opts *ropts, struct lt_error *err)
{
	struct lt_goals *g = lt_xcalloc(1, sizeof(*g));
	struct lt_taskinfos *facts = NULL;

	if (lt_sniff_logs(logs, nlogs, err) != 0 ||
	    replay_file(g, path, ropts, err) != 0 ||
	    follow_logs(g, logs, nlogs, since, until, ropts, err) != 0 ||
	    (needs_facts(g) && (facts = lt_taskinfos_load(logs, nlogs, ropts,
	    err)) == NULL)) {
		lt_goals_free(g);
		return NULL;
	}
	lt_goals_estimate(g, facts, now);
	lt_taskinfos_free(facts);
	return g;
}

/*
 * Reading the state.
 */

struct lt_goal_list
lt_goals_list(const struct lt_goals *g)
{
	struct lt_goal_list l = { (const struct lt_goal *const *)g->v, g->n };

	return l;
}

void
lt_goals_summary(const struct lt_goals *g, struct lt_goal_summary *s)
{
	struct lt_goal_list none = { NULL, 0 };

	lt_goal_list_summary(g != NULL ? lt_goals_list(g) : none, s);
}

void
lt_goal_list_summary(struct lt_goal_list l, struct lt_goal_summary *s)
{
	double sum = 0.0;
	size_t i;

	memset(s, 0, sizeof(*s));
	s->goals = l;
	s->total_goals = l.n;
	for (i = 0; i < l.n; i++)
		if (l.v[i]->completed) {
			s->completed_goals++;
			sum += l.v[i]->completion_time -
			    l.v[i]->creation_time;
		}
	s->active_goals = l.n - s->completed_goals;
	s->completion_rate = l.n > 0 ?
	    (double)s->completed_goals / (double)l.n : 0.0;
	s->avg_completion_time = s->completed_goals > 0 ?
	    sum / (double)s->completed_goals : 0.0;
}

/*
 * Writing.
 */

typedef int check_fn(const struct lt_goals *, const void *,
    struct lt_error *);

/* Check against the goals log's state, without the lock (so that a bad
 * request leaves even a missing log uncreated), then again under it, and
 * append rec. */
static int
append_record(const char *path, json_t *rec, check_fn *check,
    const void *ctx, int nosync, struct lt_error *err)
{
	struct lt_reader_opts quiet = { 0 };
	struct lt_store s;
	struct lt_goals *g;
	struct lt_buf line;
	int rc;

	if ((g = lt_goals_load(path, NULL, 0, NAN, &quiet, err)) == NULL)
		return -1;
	rc = check(g, ctx, err);
	lt_goals_free(g);
	if (rc != 0)
		return -1;
	if (lt_store_init(&s, path, LT_FORMAT_JSONL, err) != 0)
		return -1;
	if (lt_store_lock(&s, err) != 0) {
		lt_store_close(&s);
		return -1;
	}
	rc = -1;
	if ((g = lt_goals_load(path, NULL, 0, NAN, &quiet, err)) != NULL) {
		rc = check(g, ctx, err);
		lt_goals_free(g);
	}
	if (rc == 0) {
		lt_buf_init(&line);
		lt_json_dump(rec, 0, &line);
		lt_buf_addc(&line, '\n');
		rc = lt_store_append(&s, line.data, line.len, err);
		lt_buf_release(&line);
	}
	/* A record whose write or sync failed is taken back. */
	rc = lt_store_finish(&s, rc, nosync, err);
	lt_store_close(&s);
	return rc;
}

static json_t *
opt_string_json(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
record_new(const char *op, double t, const char *id)
{
	json_t *rec = json_object();

	json_object_set_new(rec, "op", json_string(op));
	json_object_set_new(rec, "time", json_real(isnan(t) ?
	    lt_time_now() : t));
	json_object_set_new(rec, "goal_id", json_string(id));
	return rec;
}

struct add_ctx {
	const char	*id;
	int		 replace;
};

static int
check_add(const struct lt_goals *g, const void *ctx, struct lt_error *err)
{
	const struct add_ctx *a = ctx;

	if (!a->replace && lt_goals_find(g, a->id) != NULL)
		return lt_error_set(err, "goal \"%s\" exists already; "
		    "--replace replaces it", a->id);
	return 0;
}

static int
check_exists(const struct lt_goals *g, const void *ctx, struct lt_error *err)
{
	if (lt_goals_find(g, ctx) == NULL)
		return lt_error_set(err, "no goal \"%s\"", (const char *)ctx);
	return 0;
}

static int
check_update(const struct lt_goals *g, const void *ctx, struct lt_error *err)
{
	const struct lt_goal *goal = lt_goals_find(g, ctx);

	if (goal == NULL)
		return lt_error_set(err, "no goal \"%s\"", (const char *)ctx);
	if (goal->task != NULL)
		return lt_error_set(err, "goal \"%s\" follows the %s of task "
		    "\"%s\" in the event log; it takes no update", goal->id,
		    goal->metric, goal->task);
	return 0;
}

/* A linked goal's metric: a number field, or a metadata key that some
 * event of the task carries when the logs hold any event of the task. */
static int
check_metric(const char *task, const char *metric, const char *const *logs,
    size_t nlogs, struct lt_error *err)
{
	struct lt_reader_opts quiet = { 0 };
	struct lt_events *r;
	struct lt_metric m;
	struct lt_event ev;
	int rc = 0, none, seen = 0, found = 0;

	if (number_field(metric) >= 0)
		return 0;
	if (lt_field_lookup(metric, strlen(metric)) >= 0)
		return lt_error_set(err, "metric \"%s\" is not a number field",
		    metric);
	if (*metric == '\0')
		return lt_error_set(err, "the metric is empty");
	if (nlogs == 0)
		return 0;
	if ((r = open_logs(logs, nlogs, &quiet, err, &none)) == NULL)
		return none ? 0 : -1;
	lt_metric_init(&m, metric);
	while (!found && (rc = lt_events_next(r, &ev, err)) > 0) {
		if (strcmp(ev.task, task) != 0)
			continue;
		seen = 1;
		found = !isnan(lt_metric_of(&m, &ev));
	}
	lt_metric_release(&m);
	lt_events_close(r);
	if (!found && rc < 0)
		return -1;
	if (seen && !found)
		return lt_error_set(err, "no event of task \"%s\" has a number "
		    "\"%s\"", task, metric);
	return 0;
}

int
lt_goal_add(const char *path, const struct lt_goal_spec *spec, int replace,
    const char *const *logs, size_t nlogs, int nosync, struct lt_error *err)
{
	struct add_ctx ctx = { spec->id, replace };
	json_t *rec;
	double base;
	int rc;

	if (!lt_goal_id_valid(spec->id))
		return lt_error_set(err, "goal ID \"%s\" is not 1 to %d of "
		    "[A-Za-z0-9_.-]", spec->id, LT_GOAL_ID_MAX);
	if (!isfinite(spec->target) || (!isnan(spec->baseline) &&
	    !isfinite(spec->baseline)))
		return lt_error_set(err, "the target and baseline must be "
		    "finite numbers");
	base = isnan(spec->baseline) && spec->dir == LT_STATS_MAX ? 0.0 :
	    spec->baseline;
	if (!isnan(base) && spec->target == base)
		return lt_error_set(err, "target %g equals the baseline",
		    spec->target);
	if (!isnan(base) && (spec->dir == LT_STATS_MAX) !=
	    (spec->target > base))
		return lt_error_set(err, "target %g is not %s the baseline %g "
		    "of a %s goal", spec->target, spec->dir == LT_STATS_MAX ?
		    "above" : "below", base, lt_stats_mode_name(spec->dir));
	if (spec->description != NULL && !lt_utf8_valid(spec->description,
	    strlen(spec->description)))
		return lt_error_set(err, "the description is not valid UTF-8");
	if ((spec->task != NULL && !lt_utf8_valid(spec->task,
	    strlen(spec->task))) || (spec->metric != NULL &&
	    !lt_utf8_valid(spec->metric, strlen(spec->metric))))
		return lt_error_set(err, "the task or metric is not valid "
		    "UTF-8");
	if ((spec->task == NULL) != (spec->metric == NULL))
		return lt_error_set(err, "--task and --metric go together");
	if (spec->task != NULL && (*spec->task == '\0' ||
	    strlen(spec->task) > LT_TASK_MAX))
		return lt_error_set(err, "task \"%s\" is not 1 to %d bytes",
		    spec->task, LT_TASK_MAX);
	if (spec->task != NULL && check_metric(spec->task, spec->metric,
	    logs, nlogs, err) != 0)
		return -1;
	rec = record_new("create", spec->time, spec->id);
	json_object_set_new(rec, "target", json_real(spec->target));
	json_object_set_new(rec, "direction",
	    json_string(lt_stats_mode_name(spec->dir)));
	json_object_set_new(rec, "description", json_string(
	    spec->description != NULL ? spec->description : ""));
	json_object_set_new(rec, "baseline", lt_json_real(spec->baseline));
	json_object_set_new(rec, "task", opt_string_json(spec->task));
	json_object_set_new(rec, "metric", opt_string_json(spec->metric));
	rc = append_record(path, rec, check_add, &ctx, nosync, err);
	json_decref(rec);
	return rc;
}

int
lt_goal_update(const char *path, const char *id, double value, double t,
    int nosync, struct lt_error *err)
{
	json_t *rec;
	int rc;

	if (!isfinite(value))
		return lt_error_set(err, "the value must be a finite number");
	rec = record_new("update", t, id);
	json_object_set_new(rec, "value", json_real(value));
	rc = append_record(path, rec, check_update, id, nosync, err);
	json_decref(rec);
	return rc;
}

int
lt_goal_rm(const char *path, const char *id, double t, int nosync,
    struct lt_error *err)
{
	json_t *rec;
	int rc;

	rec = record_new("delete", t, id);
	rc = append_record(path, rec, check_exists, id, nosync, err);
	json_decref(rec);
	return rc;
}
