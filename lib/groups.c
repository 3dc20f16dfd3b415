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

/* The direction and score name of task in facts (NULL: defaults). */
static void
facts_of(const struct lt_taskinfos *facts, const char *task,
    enum lt_stats_mode *dir, const char **name)
{
	const struct lt_taskinfo *ti = facts ? lt_taskinfos_get(facts, task) :
	    NULL;

	*dir = lt_taskinfo_dir(ti);
	*name = lt_taskinfo_score_name(ti);
}

/* Check that run r (facts of its log in facts) agrees with the first
 * run, whose direction and score name are g's once set (first). */
static int
agree(struct lt_groups *g, const struct lt_groups_run *r,
    const struct lt_taskinfos *facts, const struct lt_groups_opts *o,
    const struct lt_groups_run **first, struct lt_error *err)
{
	enum lt_stats_mode dir;
	const char *name;
	char a[600], b[600];

	facts_of(facts, r->task, &dir, &name);
	if (o->dir_set)
		dir = o->dir;
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
		    lt_taskinfo_dir_name(g->dir), run_name(r, b, sizeof(b)),
		    lt_taskinfo_dir_name(dir));
	return 0;
}

/*
 * Reading a run's scores.
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
	const char *name;

	if (!rd->started) {
		facts_of(rd->facts, ev->task, &rd->dir, &name);
		if (rd->o->dir_set)
			rd->dir = rd->o->dir;
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

/* The summary (and with scores, the last scores) of a reading. */
static int
finish(struct reading *rd, int scores, struct lt_error *err)
{
	struct lt_groups_run *r = rd->run;

	if (rd->curve != NULL)
		return 0;
	if (lt_compare_run_summary(&rd->acc, rd->o->summary, &r->summary,
	    err) != 0)
		return -1;
	r->n = rd->o->summary == LT_COMPARE_SUMMARY_LAST ? rd->acc.last.n :
	    rd->acc.n;
	if (scores) {
		r->scores = lt_xmalloc(rd->acc.last.n * sizeof(*r->scores));
		r->n = lt_compare_run_scores(&rd->acc, r->scores);
	}
	return 0;
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

/* The last scores of rd's run, read from its log's end. */
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
	rc = lt_tail_scores(r->log, o->task, o->last, &sel, &ts, err);
	o->skipped += sel.skipped;
	if (rc == 0 && ts.task == NULL)
		rc = o->task != NULL ? lt_error_set(err,
		    "task \"%s\" is not in \"%s\"", o->task, r->log) :
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

/*
 * Runs that are logs.
 */

static int
files_groups(struct lt_groups *g, const struct lt_groups_spec *specs,
    size_t nspecs, struct lt_groups_opts *o, struct lt_error *err)
{
	struct lt_taskinfos **facts;
	const struct lt_groups_run *first = NULL;
	struct lt_compare_curve *curve = NULL;
	struct reading rd;
	struct lt_groups_run *r;
	struct lt_groups_group *gr;
	size_t i, j, k, nruns = 0;
	int single, rc = 0;

	for (i = 0; i < nspecs; i++) {
		if (add_group(g, specs[i].name, err) != 0)
			return -1;
		if (specs[i].nmembers == 0)
			return lt_error_set(err, "group \"%s\" has no runs",
			    specs[i].name);
		for (j = 0; j < specs[i].nmembers; j++)
			add_run(g, specs[i].members[j], o->task);
		nruns += specs[i].nmembers;
	}
	if (g->n == 0)
		return lt_error_set(err, "no run to compare");
	if (check_runs(g, &single, err) != 0)
		return -1;
	if (single && !o->curves && o->summary != LT_COMPARE_SUMMARY_LAST)
		return lt_error_set(err, "each group is one run, compared on "
		    "its last %zu scores: --summary %s is for groups of "
		    "several runs", o->last,
		    lt_compare_summary_name(o->summary));
	g->unit = single ? LT_COMPARE_SCORES : LT_COMPARE_RUNS;

	facts = lt_xcalloc(nruns, sizeof(*facts));
	for (i = k = 0; i < g->n && rc == 0; i++) {
		gr = &g->v[i];
		if (o->curves && (curve = lt_compare_curve_new(gr->nruns,
		    err)) == NULL) {
			rc = -1;
			break;
		}
		for (j = 0; j < gr->nruns && rc == 0; j++, k++) {
			r = &gr->runs[j];
			if ((facts[k] = lt_taskinfos_load((const char *const *)
			    &r->log, 1, &o->ropts, err)) == NULL) {
				rc = -1;
				break;
			}
			memset(&rd, 0, sizeof(rd));
			rd.run = r;
			rd.o = o;
			rd.facts = facts[k];
			rd.curve = curve;
			rd.index = j;
			if (!o->curves && o->summary ==
			    LT_COMPARE_SUMMARY_LAST)
				rc = read_tail(&rd, o, err);
			else
				rc = read_log(&rd, o, err);
			if (rc == 0)
				rc = finish(&rd, single, err);
			if (rc == 0)
				rc = agree(g, r, facts[k], o, &first, err);
			lt_compare_run_release(&rd.acc);
		}
		if (o->curves) {
			if (rc == 0)
				rc = lt_compare_curve_points(curve, o->level,
				    gr->nruns, &gr->pts, &gr->npts, err);
			gr->repeats = lt_compare_curve_ignored(curve);
			lt_compare_curve_free(curve);
			curve = NULL;
		}
	}
	for (i = 0; i < nruns; i++)
		lt_taskinfos_free(facts[i]);
	free(facts);
	return rc;
}

/*
 * Runs that are tasks of one log.
 */

/* The log's tasks, each with its scores summarised. */
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
		free(t->runs[i].scores);
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

/* Add the tasks that member matches to the last group. */
static int
add_member(struct lt_groups *g, const struct tasks *t, const char *member,
    const struct lt_groups_opts *o, struct lt_error *err)
{
	struct lt_groups_group *gr = &g->v[g->n - 1];
	size_t i, j, matched = 0;
	int dup;

	for (i = 0; i < t->tab.n; i++) {
		if (is_pattern(member) ? fnmatch(member, t->tab.names[i], 0) !=
		    0 : strcmp(member, t->tab.names[i]) != 0)
			continue;
		matched++;
		/* Patterns that overlap in a group name a task once. */
		for (j = dup = 0; j < gr->nruns; j++)
			dup |= strcmp(gr->runs[j].task, t->tab.names[i]) == 0;
		if (!dup || !is_pattern(member))
			add_run(g, o->log, t->tab.names[i]);
	}
	if (matched > 0)
		return 0;
	if (is_pattern(member))
		return lt_error_set(err, "group \"%s\": no task of \"%s\" "
		    "matches \"%s\"", gr->name, o->log, member);
	return lt_error_set(err, "task \"%s\" is not in \"%s\"", member,
	    o->log);
}

/* The run of task in t. */
static const struct lt_groups_run *
task_run(const struct tasks *t, const char *task)
{
	long i = lt_tasktab_find(&t->tab, task, strlen(task));

	return i < 0 ? NULL : &t->runs[i];
}

/* Pass 2 for curves: each event of a run into its group's curve. */
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

static int
task_groups(struct lt_groups *g, const struct lt_groups_spec *specs,
    size_t nspecs, struct lt_groups_opts *o, struct lt_error *err)
{
	const struct lt_groups_run *first = NULL, *src;
	struct lt_taskinfos *facts;
	struct lt_groups_run *r;
	struct tasks t;
	size_t i, j;
	int single, rc;

	if (o->curves && strcmp(o->log, "-") == 0)
		return lt_error_set(err, "--curves reads a log of tasks "
		    "twice: standard input cannot be; write it to a file");
	if ((facts = lt_taskinfos_load(&o->log, 1, &o->ropts, err)) == NULL)
		return -1;
	memset(&t, 0, sizeof(t));
	if ((rc = tasks_read(&t, facts, o, err)) != 0)
		goto done;
	if (t.tab.n == 0) {
		rc = lt_error_set(err, "\"%s\" has no events", o->log);
		goto done;
	}
	for (i = 0; i < nspecs && rc == 0; i++) {
		if ((rc = add_group(g, specs[i].name, err)) != 0)
			break;
		if (specs[i].nmembers == 0)
			rc = lt_error_set(err, "group \"%s\" has no runs",
			    specs[i].name);
		for (j = 0; j < specs[i].nmembers && rc == 0; j++)
			rc = add_member(g, &t, specs[i].members[j], o, err);
	}
	for (i = 0; nspecs == 0 && i < t.tab.n && rc == 0; i++)
		if ((rc = add_group(g, t.tab.names[i], err)) == 0)
			add_run(g, o->log, t.tab.names[i]);
	if (rc != 0 || (rc = check_runs(g, &single, err)) != 0)
		goto done;
	if (single && !o->curves && o->summary != LT_COMPARE_SUMMARY_LAST) {
		rc = lt_error_set(err, "each group is one run, compared on "
		    "its last %zu scores: --summary %s is for groups of "
		    "several runs", o->last,
		    lt_compare_summary_name(o->summary));
		goto done;
	}
	g->unit = single ? LT_COMPARE_SCORES : LT_COMPARE_RUNS;
	for (i = 0; i < g->n && rc == 0; i++)
		for (j = 0; j < g->v[i].nruns && rc == 0; j++) {
			r = &g->v[i].runs[j];
			src = task_run(&t, r->task);
			rc = agree(g, r, facts, o, &first, err);
			if (rc == 0 && !o->curves)
				rc = finish(&t.rd[src - t.runs], single, err);
			if (rc != 0)
				break;
			r->n = src->n;
			r->summary = src->summary;
			r->scores = src->scores;
			t.runs[src - t.runs].scores = NULL;
		}
	if (rc == 0 && o->curves)
		rc = tasks_curves(g, o, err);
done:
	tasks_release(&t);
	lt_taskinfos_free(facts);
	return rc;
}

struct lt_groups *
lt_groups_new(const struct lt_groups_spec *specs, size_t nspecs,
    struct lt_groups_opts *o, struct lt_error *err)
{
	struct lt_groups *g;
	int rc;

	if (o->last == 0) {
		lt_error_set(err, "the last 0 scores summarise nothing");
		return NULL;
	}
	g = lt_xcalloc(1, sizeof(*g));
	g->summary = o->summary;
	g->last = o->last;
	g->curves = o->curves;
	g->level = o->level;
	if (o->log != NULL)
		rc = task_groups(g, specs, nspecs, o, err);
	else
		rc = files_groups(g, specs, nspecs, o, err);
	if (rc != 0) {
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
