/*
 * groups.c - the runs of lt compare read from logs (see groups.h).
 */
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "groups.h"
#include "pscan.h"
#include "scan.h"
#include "tail.h"
#include "taskinfo.h"
#include "tasktab.h"

void
lt_groups_opts_init(struct lt_groups_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->dir = LT_STATS_MAX;
	o->summary = LT_COMPARE_SUMMARY_LAST;
	o->last = LT_GROUPS_LAST;
	o->level = LT_COMPARE_LEVEL;
}

/*
 * Building the groups.
 */

static int
add_group(struct lt_groups *g, const char *name, struct lt_error *err)
{
	size_t i;

	if (name == NULL || *name == '\0')
		return lt_error_set(err, "a group needs a name");
	for (i = 0; i < g->n; i++)
		if (strcmp(g->v[i].name, name) == 0)
			return lt_error_set(err,
			    "group \"%s\" is given twice", name);
	g->v = lt_xrealloc(g->v, (g->n + 1) * sizeof(*g->v));
	memset(&g->v[g->n], 0, sizeof(g->v[g->n]));
	g->v[g->n++].name = lt_xstrdup(name);
	return 0;
}

/* Add the run (log, task) to the last group; task may be NULL. */
static struct lt_groups_run *
add_run(struct lt_groups *g, const char *log, const char *task)
{
	struct lt_groups_group *gr = &g->v[g->n - 1];
	struct lt_groups_run *r;

	gr->runs = lt_xrealloc(gr->runs, (gr->nruns + 1) *
	    sizeof(*gr->runs));
	r = &gr->runs[gr->nruns++];
	memset(r, 0, sizeof(*r));
	r->log = lt_xstrdup(log);
	r->task = task != NULL ? lt_xstrdup(task) : NULL;
	r->summary = NAN;
	return r;
}

static int
same_run(const struct lt_groups_run *a, const struct lt_groups_run *b)
{
	if (strcmp(a->log, b->log) != 0)
		return 0;
	if (a->task == NULL || b->task == NULL)
		return a->task == b->task;
	return strcmp(a->task, b->task) == 0;
}

/* "\"LOG\"", or "task \"TASK\" of \"LOG\"" once the task is known, into
 * buf. */
static const char *
run_name(const struct lt_groups_run *r, char *buf, size_t size)
{
	if (r->task == NULL)
		snprintf(buf, size, "\"%s\"", r->log);
	else
		snprintf(buf, size, "task \"%s\" of \"%s\"", r->task, r->log);
	return buf;
}

/* No run twice, at least two runs, and whether every group is one. */
static int
check_runs(struct lt_groups *g, int *single, struct lt_error *err)
{
	const struct lt_groups_run *a, *b;
	size_t i, j, k, l, total = 0;
	char name[600];

	*single = 1;
	for (i = 0; i < g->n; i++) {
		total += g->v[i].nruns;
		*single &= g->v[i].nruns == 1;
		for (j = 0; j < g->v[i].nruns; j++) {
			a = &g->v[i].runs[j];
			for (k = i; k < g->n; k++)
				for (l = k == i ? j + 1 : 0;
				    l < g->v[k].nruns; l++) {
					b = &g->v[k].runs[l];
					if (!same_run(a, b))
						continue;
					if (k == i)
						return lt_error_set(err,
						    "group \"%s\" has %s twice",
						    g->v[i].name, run_name(a,
						    name, sizeof(name)));
					return lt_error_set(err,
					    "%s is in groups \"%s\" and \"%s\"",
					    run_name(a, name, sizeof(name)),
					    g->v[i].name, g->v[k].name);
				}
		}
	}
	if (total < 2)
		return lt_error_set(err, "one run only (%s): %s",
		    run_name(&g->v[0].runs[0], name, sizeof(name)),
		    g->curves ? "a mean across runs needs two or more" :
		    "nothing to compare it with");
	return 0;
}

/* Whether s is an fnmatch(3) pattern rather than a name. */
static int
is_pattern(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/*
 * The facts of the runs: their directions and score names, which must
 * agree.
 */

enum lt_stats_mode
lt_groups_dir(const struct lt_groups_opts *o,
    const struct lt_taskinfos *facts, const char *task)
{
	if (o->dir_set)
		return o->dir;
	return lt_taskinfo_dir(facts ? lt_taskinfos_get(facts, task) : NULL);
}

/* Check that run r (facts of its log in facts) agrees with the first
 * run, whose direction and score name are g's once set (first). */
static int
agree(struct lt_groups *g, const struct lt_groups_run *r,
    const struct lt_taskinfos *facts, const struct lt_groups_opts *o,
    const struct lt_groups_run **first, struct lt_error *err)
{
	enum lt_stats_mode dir = lt_groups_dir(o, facts, r->task);
	const char *name;
	char a[600], b[600];

	name = lt_taskinfo_score_name(facts ? lt_taskinfos_get(facts,
	    r->task) : NULL);
	if (*first == NULL) {
		*first = r;
		g->dir = dir;
		g->score_name = lt_xstrdup(name);
		return 0;
	}
	if (strcmp(name, g->score_name) != 0)
		return lt_error_set(err, "runs of different scores: %s is "
		    "\"%s\", %s is \"%s\"", run_name(*first, a, sizeof(a)),
		    g->score_name, run_name(r, b, sizeof(b)), name);
	if (dir != g->dir)
		return lt_error_set(err, "runs of different directions: %s "
		    "is %s, %s is %s (--mode chooses one for all)",
		    run_name(*first, a, sizeof(a)),
		    lt_stats_mode_name(g->dir), run_name(r, b, sizeof(b)),
		    lt_stats_mode_name(dir));
	return 0;
}

/*
 * The groups and their runs, as the specs or the tasks of a log make
 * them, before any score is read into them.
 */

/* Add the tasks of tab that member matches to the last group. */
static int
add_member(struct lt_groups *g, const struct lt_tasktab *tab,
    const char *member, const struct lt_groups_opts *o,
    struct lt_error *err)
{
	struct lt_groups_group *gr = &g->v[g->n - 1];
	size_t i, j, matched = 0;
	int dup;

	for (i = 0; i < tab->n; i++) {
		if (is_pattern(member) ? fnmatch(member, tab->names[i], 0) !=
		    0 : strcmp(member, tab->names[i]) != 0)
			continue;
		matched++;
		/* Patterns that overlap in a group name a task once. */
		for (j = dup = 0; j < gr->nruns; j++)
			dup |= strcmp(gr->runs[j].task, tab->names[i]) == 0;
		if (!dup || !is_pattern(member))
			add_run(g, o->log, tab->names[i]);
	}
	if (matched > 0)
		return 0;
	if (is_pattern(member))
		return lt_error_set(err, "group \"%s\": no task of \"%s\" "
		    "matches \"%s\"", gr->name, o->log, member);
	return lt_error_set(err, "task \"%s\" is not in \"%s\"", member,
	    o->log);
}

/*
 * The groups of specs: their members logs (tasks NULL), or tasks of
 * o->log, whose tasks are tasks (with no spec, each its own group).
 * Checks the runs; *single says whether every group is one run.
 */
static int
make_groups(struct lt_groups *g, const struct lt_groups_spec *specs,
    size_t nspecs, const struct lt_groups_opts *o,
    const struct lt_tasktab *tasks, int *single, struct lt_error *err)
{
	size_t i, j;

	if (tasks != NULL && tasks->n == 0)
		return lt_error_set(err, "\"%s\" has no events", o->log);
	for (i = 0; i < nspecs; i++) {
		if (add_group(g, specs[i].name, err) != 0)
			return -1;
		if (specs[i].nmembers == 0)
			return lt_error_set(err, "group \"%s\" has no runs",
			    specs[i].name);
		for (j = 0; j < specs[i].nmembers; j++)
			if (tasks == NULL)
				add_run(g, specs[i].members[j], o->task);
			else if (add_member(g, tasks, specs[i].members[j], o,
			    err) != 0)
				return -1;
	}
	for (i = 0; nspecs == 0 && tasks != NULL && i < tasks->n; i++) {
		if (add_group(g, tasks->names[i], err) != 0)
			return -1;
		add_run(g, o->log, tasks->names[i]);
	}
	if (g->n == 0)
		return lt_error_set(err, "no run to compare");
	if (check_runs(g, single, err) != 0)
		return -1;
	if (*single && !o->curves && o->summary != LT_COMPARE_SUMMARY_LAST)
		return lt_error_set(err, "each group is one run, compared on "
		    "its last %zu scores: --summary %s is for groups of "
		    "several runs", o->last,
		    lt_compare_summary_name(o->summary));
	g->unit = *single ? LT_COMPARE_SCORES : LT_COMPARE_RUNS;
	return 0;
}

/*
 * The runs' summaries from what a source says of each: the one way run
 * values become groups, whether read from the logs here or kept as
 * they grow (live.h).
 */

/* Summarise run r from what src says of it, and check that it agrees
 * with the first run. */
static int
summarise(struct lt_groups *g, struct lt_groups_run *r, int single,
    const struct lt_groups_opts *o, const struct lt_groups_source *src,
    const struct lt_groups_run **first, struct lt_error *err)
{
	struct lt_groups_values v;
	double sum = 0;
	size_t i;

	memset(&v, 0, sizeof(v));
	if (src->values(src->ctx, r, o, &v, err) != 0)
		return -1;
	if (r->task == NULL)
		r->task = lt_xstrdup(v.task);
	if (v.count == 0 || (o->summary == LT_COMPARE_SUMMARY_LAST &&
	    v.nlast == 0))
		return lt_error_set(err, "the run has no score");
	switch (o->summary) {
	case LT_COMPARE_SUMMARY_BEST:
		r->summary = v.best;
		r->n = v.count;
		break;
	case LT_COMPARE_SUMMARY_MEAN:
		r->summary = v.mean;
		r->n = v.count;
		break;
	case LT_COMPARE_SUMMARY_LAST:
		/* Oldest first, as lt_ring_tail_mean adds them. */
		for (i = 0; i < v.nlast; i++)
			sum += v.last[i];
		r->summary = sum / (double)v.nlast;
		r->n = v.nlast;
		break;
	}
	if (single) {
		r->scores = lt_xmalloc(v.nlast * sizeof(*r->scores));
		memcpy(r->scores, v.last, v.nlast * sizeof(*r->scores));
		r->n = v.nlast;
	}
	return agree(g, r, v.facts, o, first, err);
}

static int
build(struct lt_groups *g, const struct lt_groups_spec *specs,
    size_t nspecs, const struct lt_groups_opts *o,
    const struct lt_groups_source *src, struct lt_error *err)
{
	const struct lt_groups_run *first = NULL;
	size_t i, j;
	int single;

	if (make_groups(g, specs, nspecs, o, src->tasks, &single, err) != 0)
		return -1;
	for (i = 0; i < g->n; i++)
		for (j = 0; j < g->v[i].nruns; j++)
			if (summarise(g, &g->v[i].runs[j], single, o, src,
			    &first, err) != 0)
				return -1;
	return 0;
}

/*
 * Reading a run's scores from its log.
 */

/* One run as a whole log is read: its scores summarised, or added to
 * its group's curve. */
struct reading {
	struct lt_groups_run	*run;
	enum lt_stats_mode	 dir;		/* for its best */
	const struct lt_groups_opts *o;
	const struct lt_taskinfos *facts;
	struct lt_compare_run	 acc;
	int			 started;
	struct lt_compare_curve	*curve;		/* or NULL */
	size_t			 index;		/* the run's in the curve */
};

/* Take ev, an event of the reading's run. */
static int
take(struct reading *rd, const struct lt_event *ev, struct lt_error *err)
{
	if (!rd->started) {
		rd->dir = lt_groups_dir(rd->o, rd->facts, ev->task);
		if (lt_compare_run_init(&rd->acc, rd->dir, rd->o->last,
		    err) != 0)
			return -1;
		rd->started = 1;
	}
	if (rd->curve != NULL)
		return lt_compare_curve_add(rd->curve, rd->index,
		    ev->episode, ev->score, err);
	return lt_compare_run_push(&rd->acc, ev->score, err);
}

/* Read the whole log of rd's run, its task's events, or with no task
 * the events of the task of its first event, which must be its only. */
static int
read_log(struct reading *rd, struct lt_groups_opts *o, struct lt_error *err)
{
	struct lt_groups_run *r = rd->run;
	const char *path = r->log;
	struct lt_events *ev;
	struct lt_event e;
	int rc;

	if ((ev = lt_events_open(&path, 1, &o->ropts, err)) == NULL)
		return -1;
	while ((rc = lt_events_next(ev, &e, err)) == 1) {
		if (r->task == NULL)
			r->task = lt_xstrdup(e.task);
		else if (strcmp(e.task, r->task) != 0) {
			if (o->task != NULL)
				continue;
			rc = lt_error_set(err, "\"%s\" holds tasks \"%s\" "
			    "and \"%s\": --task names the one to compare",
			    path, r->task, e.task);
			break;
		}
		if ((rc = take(rd, &e, err)) != 0)
			break;
	}
	o->skipped += lt_events_skipped(ev);
	lt_events_close(ev);
	if (rc == 0 && !rd->started)
		rc = o->task != NULL ? lt_error_set(err,
		    "task \"%s\" is not in \"%s\"", o->task, path) :
		    lt_error_set(err, "\"%s\" has no events", path);
	return rc;
}

/* The last scores of rd's run (of its task, or with none of the task
 * of the log's last event), read from its log's end. */
static int
read_tail(struct reading *rd, struct lt_groups_opts *o,
    struct lt_error *err)
{
	struct lt_groups_run *r = rd->run;
	struct lt_tail_scores ts;
	struct lt_event e;
	struct lt_sel sel;
	size_t i;
	int rc;

	lt_sel_init(&sel);
	sel.ropts = o->ropts;
	rc = lt_tail_scores(r->log, r->task, o->last, &sel, &ts, err);
	o->skipped += sel.skipped;
	if (rc == 0 && ts.task == NULL)
		rc = r->task != NULL ? lt_error_set(err,
		    "task \"%s\" is not in \"%s\"", r->task, r->log) :
		    lt_error_set(err, "\"%s\" has no events", r->log);
	if (rc == 0 && ts.other != NULL)
		rc = lt_error_set(err, "\"%s\" holds tasks \"%s\" and \"%s\" "
		    "among its last %zu events: --task names the one to "
		    "compare", r->log, ts.other, ts.task, o->last);
	if (rc == 0 && r->task == NULL)
		r->task = lt_xstrdup(ts.task);
	memset(&e, 0, sizeof(e));
	e.task = ts.task;
	for (i = 0; rc == 0 && i < ts.n; i++) {
		e.score = ts.v[i];
		rc = take(rd, &e, err);
	}
	lt_tail_scores_release(&ts);
	return rc;
}

/* The log's tasks, each with its scores summarised (runs that are
 * tasks of one log). */
struct tasks {
	struct lt_tasktab	 tab;
	struct reading		*rd;	/* tab.n of them */
	struct lt_groups_run	*runs;	/* what each reading fills */
};

static void
tasks_release(struct tasks *t)
{
	size_t i;

	for (i = 0; i < t->tab.n; i++) {
		lt_compare_run_release(&t->rd[i].acc);
		free(t->runs[i].log);
		free(t->runs[i].task);
	}
	free(t->rd);
	free(t->runs);
	lt_tasktab_release(&t->tab);
}

/* Read every task of the log with its scores (pass 1). */
static int
tasks_read(struct tasks *t, const struct lt_taskinfos *facts,
    struct lt_groups_opts *o, struct lt_error *err)
{
	const char *path = o->log;
	struct lt_events *ev;
	struct lt_event e;
	size_t i;
	int rc, added;

	if ((ev = lt_events_open(&path, 1, &o->ropts, err)) == NULL)
		return -1;
	while ((rc = lt_events_next(ev, &e, err)) == 1) {
		i = lt_tasktab_intern(&t->tab, e.task, e.task_len, &added);
		if (added) {
			t->rd = lt_xrealloc(t->rd, t->tab.n * sizeof(*t->rd));
			t->runs = lt_xrealloc(t->runs, t->tab.n *
			    sizeof(*t->runs));
			memset(&t->rd[i], 0, sizeof(t->rd[i]));
			memset(&t->runs[i], 0, sizeof(t->runs[i]));
			t->runs[i].log = lt_xstrdup(path);
			t->runs[i].task = lt_xstrdup(t->tab.names[i]);
			t->rd[i].o = o;
			t->rd[i].facts = facts;
		}
		if ((rc = take(&t->rd[i], &e, err)) != 0)
			break;
	}
	o->skipped += lt_events_skipped(ev);
	lt_events_close(ev);
	/* The runs may have moved as the arrays grew. */
	for (i = 0; i < t->tab.n; i++)
		t->rd[i].run = &t->runs[i];
	return rc;
}

/*
 * The logs as a source of run values (struct lt_groups_source): a log
 * of its own read when its run is summarised, the tasks of one log read
 * before the groups are made.
 */
struct lt_groups_reader {
	struct lt_groups_opts	*o;
	struct tasks		*t;	/* runs that are tasks, or NULL */
	struct lt_taskinfos	*facts;	/* of the log last read, or o->log's */
	struct lt_compare_run	 acc;	/* of the log last read */
	double			*last;	/* its last scores */
};

/* v from the scores of a reading: borrowed from fs until the next. */
static void
files_values(struct lt_groups_reader *fs, const struct lt_compare_run *acc,
    const char *task, struct lt_groups_values *v)
{
	free(fs->last);
	fs->last = lt_xmalloc((acc->last.n + 1) * sizeof(*fs->last));
	v->task = task;
	v->facts = fs->facts;
	v->count = acc->n;
	v->best = acc->best;
	v->mean = acc->mean;
	v->nlast = lt_compare_run_scores(acc, fs->last);
	v->last = fs->last;
}

int
lt_groups_reader_values(void *ctx, struct lt_groups_run *r,
    const struct lt_groups_opts *o, struct lt_groups_values *v,
    struct lt_error *err)
{
	struct lt_groups_reader *fs = ctx;
	struct reading rd;
	long i;
	int rc;

	(void)o;	/* fs->o, which the reading counts skipped lines in */
	if (fs->t != NULL) {
		i = lt_tasktab_find(&fs->t->tab, r->task, strlen(r->task));
		files_values(fs, &fs->t->rd[i].acc, r->task, v);
		return 0;
	}
	lt_taskinfos_free(fs->facts);
	if ((fs->facts = lt_taskinfos_load((const char *const *)&r->log, 1,
	    &fs->o->ropts, err)) == NULL)
		return -1;
	memset(&rd, 0, sizeof(rd));
	rd.run = r;
	rd.o = fs->o;
	rd.facts = fs->facts;
	if (fs->o->summary == LT_COMPARE_SUMMARY_LAST)
		rc = read_tail(&rd, fs->o, err);
	else
		rc = read_log(&rd, fs->o, err);
	lt_compare_run_release(&fs->acc);
	fs->acc = rd.acc;
	if (rc == 0)
		files_values(fs, &fs->acc, r->task, v);
	return rc;
}

static void
reader_release(struct lt_groups_reader *fs)
{
	lt_compare_run_release(&fs->acc);
	lt_taskinfos_free(fs->facts);
	free(fs->last);
}

struct lt_groups_reader *
lt_groups_reader_new(const struct lt_groups_opts *o)
{
	struct lt_groups_reader *fs = lt_xcalloc(1, sizeof(*fs));

	fs->o = lt_xmalloc(sizeof(*fs->o));
	*fs->o = *o;
	return fs;
}

void
lt_groups_reader_free(struct lt_groups_reader *fs)
{
	if (fs == NULL)
		return;
	reader_release(fs);
	free(fs->o);
	free(fs);
}

/*
 * Curves: each run's events into its group's curve, read from the logs.
 */

/* Runs that are logs: each read whole into its group's curve. */
static int
files_curves(struct lt_groups *g, struct lt_groups_opts *o,
    struct lt_error *err)
{
	const struct lt_groups_run *first = NULL;
	struct lt_compare_curve *curve = NULL;
	struct lt_taskinfos *facts;
	struct lt_groups_group *gr;
	struct lt_groups_run *r;
	struct reading rd;
	size_t i, j;
	int rc = 0;

	for (i = 0; i < g->n && rc == 0; i++) {
		gr = &g->v[i];
		if ((curve = lt_compare_curve_new(gr->nruns, err)) == NULL)
			return -1;
		for (j = 0; j < gr->nruns && rc == 0; j++) {
			r = &gr->runs[j];
			if ((facts = lt_taskinfos_load((const char *const *)
			    &r->log, 1, &o->ropts, err)) == NULL) {
				rc = -1;
				break;
			}
			memset(&rd, 0, sizeof(rd));
			rd.run = r;
			rd.o = o;
			rd.facts = facts;
			rd.curve = curve;
			rd.index = j;
			rc = read_log(&rd, o, err);
			if (rc == 0)
				rc = agree(g, r, facts, o, &first, err);
			lt_compare_run_release(&rd.acc);
			lt_taskinfos_free(facts);
		}
		if (rc == 0)
			rc = lt_compare_curve_points(curve, o->level,
			    gr->nruns, &gr->pts, &gr->npts, err);
		gr->repeats = lt_compare_curve_ignored(curve);
		lt_compare_curve_free(curve);
	}
	return rc;
}

/* Runs that are tasks of one log: pass 2, each event of a run into its
 * group's curve. */
static int
tasks_curves(struct lt_groups *g, struct lt_groups_opts *o,
    struct lt_error *err)
{
	struct lt_compare_curve **curves;
	struct lt_tasktab tab = { 0 };
	size_t *where = NULL;	/* task: group + 1, run */
	const char *path = o->log;
	struct lt_events *ev;
	struct lt_event e;
	size_t i, j, k;
	int rc = 0, added;

	curves = lt_xcalloc(g->n, sizeof(*curves));
	for (i = 0; i < g->n && rc == 0; i++)
		if ((curves[i] = lt_compare_curve_new(g->v[i].nruns,
		    err)) == NULL)
			rc = -1;
	for (i = 0; i < g->n && rc == 0; i++)
		for (j = 0; j < g->v[i].nruns; j++) {
			k = lt_tasktab_intern(&tab, g->v[i].runs[j].task,
			    strlen(g->v[i].runs[j].task), &added);
			where = lt_xrealloc(where, 2 * tab.n *
			    sizeof(*where));
			where[2 * k] = i + 1;
			where[2 * k + 1] = j;
		}
	if (rc == 0 && (ev = lt_events_open(&path, 1, &o->ropts,
	    err)) == NULL)
		rc = -1;
	else if (rc == 0) {
		while ((rc = lt_events_next(ev, &e, err)) == 1) {
			long t = lt_tasktab_find(&tab, e.task, e.task_len);

			if (t < 0)
				continue;
			if ((rc = lt_compare_curve_add(curves[where[2 * t] - 1],
			    where[2 * t + 1], e.episode, e.score, err)) != 0)
				break;
		}
		o->skipped += lt_events_skipped(ev);
		lt_events_close(ev);
	}
	for (i = 0; i < g->n; i++) {
		if (rc == 0 && curves[i] != NULL)
			rc = lt_compare_curve_points(curves[i], o->level,
			    g->v[i].nruns, &g->v[i].pts, &g->v[i].npts, err);
		if (curves[i] != NULL)
			g->v[i].repeats = lt_compare_curve_ignored(curves[i]);
		lt_compare_curve_free(curves[i]);
	}
	free(curves);
	free(where);
	lt_tasktab_release(&tab);
	return rc;
}

/* The groups of runs that are tasks of o->log. */
static int
task_groups(struct lt_groups *g, const struct lt_groups_spec *specs,
    size_t nspecs, struct lt_groups_opts *o, struct lt_groups_reader *fs,
    struct lt_error *err)
{
	const struct lt_groups_run *first = NULL;
	struct lt_groups_source src = { NULL, lt_groups_reader_values, fs };
	struct tasks t;
	size_t i, j;
	int single, rc;

	if (o->curves && strcmp(o->log, "-") == 0)
		return lt_error_set(err, "--curves reads a log of tasks "
		    "twice: standard input cannot be; write it to a file");
	if ((fs->facts = lt_taskinfos_load(&o->log, 1, &o->ropts,
	    err)) == NULL)
		return -1;
	memset(&t, 0, sizeof(t));
	if ((rc = tasks_read(&t, fs->facts, o, err)) != 0)
		goto done;
	fs->t = &t;
	src.tasks = &t.tab;
	if (!o->curves) {
		rc = build(g, specs, nspecs, o, &src, err);
		goto done;
	}
	if ((rc = make_groups(g, specs, nspecs, o, &t.tab, &single,
	    err)) != 0)
		goto done;
	for (i = 0; i < g->n && rc == 0; i++)
		for (j = 0; j < g->v[i].nruns && rc == 0; j++)
			rc = agree(g, &g->v[i].runs[j], fs->facts, o, &first,
			    err);
	if (rc == 0)
		rc = tasks_curves(g, o, err);
done:
	fs->t = NULL;
	tasks_release(&t);
	return rc;
}

/* A new g of o's options. */
static struct lt_groups *
groups_alloc(const struct lt_groups_opts *o)
{
	struct lt_groups *g = lt_xcalloc(1, sizeof(*g));

	g->summary = o->summary;
	g->last = o->last;
	g->curves = o->curves;
	g->level = o->level;
	return g;
}

struct lt_groups *
lt_groups_new(const struct lt_groups_spec *specs, size_t nspecs,
    struct lt_groups_opts *o, struct lt_error *err)
{
	struct lt_groups_reader fs = { o, NULL, NULL, { 0 }, NULL };
	const struct lt_groups_source src = { NULL, lt_groups_reader_values,
	    &fs };
	struct lt_groups *g;
	int rc, single;

	if (o->last == 0) {
		lt_error_set(err, "the last 0 scores summarise nothing");
		return NULL;
	}
	g = groups_alloc(o);
	if (o->log != NULL)
		rc = task_groups(g, specs, nspecs, o, &fs, err);
	else if (!o->curves)
		rc = build(g, specs, nspecs, o, &src, err);
	else if ((rc = make_groups(g, specs, nspecs, o, NULL, &single,
	    err)) == 0)
		rc = files_curves(g, o, err);
	reader_release(&fs);
	if (rc != 0) {
		lt_groups_free(g);
		return NULL;
	}
	return g;
}

struct lt_groups *
lt_groups_build(const struct lt_groups_spec *specs, size_t nspecs,
    const struct lt_groups_opts *o, const struct lt_groups_source *src,
    struct lt_error *err)
{
	struct lt_groups *g;

	if (o->last == 0) {
		lt_error_set(err, "the last 0 scores summarise nothing");
		return NULL;
	}
	if (o->curves) {
		lt_error_set(err, "curves are read from the logs themselves");
		return NULL;
	}
	g = groups_alloc(o);
	if (build(g, specs, nspecs, o, src, err) != 0) {
		lt_groups_free(g);
		return NULL;
	}
	return g;
}

int
lt_groups_compare(struct lt_groups *g, const struct lt_compare_opts *co,
    struct lt_error *err)
{
	struct lt_compare_input *in;
	struct lt_compare_opts opts = *co;
	double *x;
	size_t i, j, k, n = 0;

	for (i = 0; i < g->n; i++)
		n += g->v[i].nruns;
	in = lt_xcalloc(g->n, sizeof(*in));
	x = lt_xcalloc(n, sizeof(*x));
	for (i = k = 0; i < g->n; i++) {
		const struct lt_groups_group *gr = &g->v[i];

		in[i].name = gr->name;
		if (g->unit == LT_COMPARE_SCORES) {
			in[i].x = gr->runs[0].scores;
			in[i].n = gr->runs[0].n;
			continue;
		}
		in[i].x = x + k;
		in[i].n = gr->nruns;
		for (j = 0; j < gr->nruns; j++)
			x[k++] = gr->runs[j].summary;
	}
	opts.mode = g->dir;
	opts.unit = g->unit;
	lt_compare_free(g->cmp);
	g->cmp = lt_compare_new(in, g->n, &opts, err);
	free(in);
	free(x);
	return g->cmp == NULL ? -1 : 0;
}

void
lt_groups_free(struct lt_groups *g)
{
	size_t i, j;

	if (g == NULL)
		return;
	for (i = 0; i < g->n; i++) {
		for (j = 0; j < g->v[i].nruns; j++) {
			free(g->v[i].runs[j].log);
			free(g->v[i].runs[j].task);
			free(g->v[i].runs[j].scores);
		}
		free(g->v[i].runs);
		free(g->v[i].name);
		free(g->v[i].pts);
	}
	free(g->v);
	free(g->score_name);
	lt_compare_free(g->cmp);
	free(g);
}
