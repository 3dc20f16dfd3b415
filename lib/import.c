/*
 * import.c - the sources of an import, the runs in them, and the staging
 * of what the log does not hold yet.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import.h"
#include "import_csv.h"
#include "import_json.h"
#include "import_mlflow.h"
#include "import_tb.h"
#include "json.h"
#include "taskinfo.h"
#include "yamljson.h"

/* Directories deeper than this are not walked (a loop of links). */
#define DEPTH_MAX	8

struct src_run {
	struct lt_run	 run;
	enum lt_source	 kind;
};

struct lt_import {
	const struct lt_import_opts	*o;
	struct src_run			*runs;
	size_t				 nruns, cap;
	struct lt_import_task		*tasks;
	size_t				 ntasks;
	long				 failed;	/* run, or -1 */
};

static void
note(const struct lt_import_opts *o, const struct lt_error *e)
{
	if (o->note != NULL)
		o->note(o->ctx, e);
}

struct lt_import *
lt_import_new(const struct lt_import_opts *o)
{
	struct lt_import *im = lt_xcalloc(1, sizeof(*im));

	im->o = o;
	im->failed = -1;
	return im;
}

void
lt_import_free(struct lt_import *im)
{
	size_t i;

	if (im == NULL)
		return;
	for (i = 0; i < im->ntasks; i++)
		lt_import_task_release(&im->tasks[i]);
	for (i = 0; i < im->nruns; i++)
		lt_run_release(&im->runs[i].run);
	free(im->tasks);
	free(im->runs);
	free(im);
}

size_t
lt_import_nruns(const struct lt_import *im)
{
	return im->nruns;
}

const struct lt_run *
lt_import_run(const struct lt_import *im, size_t i)
{
	return &im->runs[i].run;
}

enum lt_source
lt_import_kind(const struct lt_import *im, size_t i)
{
	return im->runs[i].kind;
}

size_t
lt_import_ntasks(const struct lt_import *im)
{
	return im->ntasks;
}

const struct lt_import_task *
lt_import_task(const struct lt_import *im, size_t i)
{
	return &im->tasks[i];
}

const struct lt_run *
lt_import_failed(const struct lt_import *im)
{
	return im->failed < 0 ? NULL : &im->runs[im->failed].run;
}

/*
 * Sources: files, directories, formats.
 */

/* A list of paths with their formats, in the order walked (sorted). */
struct paths {
	char		**v;
	enum lt_source	 *kind;
	size_t		  n, cap;
};

static void
paths_add(struct paths *p, const char *path, enum lt_source kind)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->v = lt_xrealloc(p->v, p->cap * sizeof(*p->v));
		p->kind = lt_xrealloc(p->kind, p->cap * sizeof(*p->kind));
	}
	p->v[p->n] = lt_xstrdup(path);
	p->kind[p->n++] = kind;
}

static void
paths_free(struct paths *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	free(p->kind);
}

static const char *
last_part(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

static char *
dir_of(const char *path)
{
	char *d = lt_xstrdup(path), *s = strrchr(d, '/');

	if (s == NULL) {
		free(d);
		return lt_xstrdup(".");
	}
	*s = s == d ? '/' : '\0';
	if (s == d)
		s[1] = '\0';
	return d;
}

/* The format of the file at path, from its name and first bytes:
 * LT_SRC_AUTO when it is none, and then err->msg is set if the file
 * could not be read. */
static enum lt_source
sniff_file(const char *path, struct lt_error *err)
{
	unsigned char buf[16384];
	ssize_t n;
	int fd;

	lt_error_clear(err);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		lt_error_at(err, path, 0, "cannot open: %s", strerror(errno));
		return LT_SRC_AUTO;
	}
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0) {
		lt_error_at(err, path, 0, "cannot read: %s", strerror(errno));
		return LT_SRC_AUTO;
	}
	return lt_sniff(path, buf, (size_t)n);
}

/* Whether a file not named as a format names it may be one: its
 * content is looked at when --from is auto. */
static int
worth_sniffing(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot != NULL && (strcmp(dot, ".csv") == 0 ||
	    strcmp(dot, ".json") == 0 || strcmp(dot, ".log") == 0);
}

/*
 * Walk dir (sorted, hidden entries skipped) collecting the runs of
 * format k (AUTO: of any format).  MLflow runs are directories; the
 * others are files.
 */
static int
walk(const char *dir, enum lt_source k, int depth, struct paths *out,
    struct lt_error *err)
{
	struct dirent **ents;
	struct lt_error e;
	struct stat st;
	char path[4096];
	enum lt_source j;
	int n, i, len, rc = 0;

	if (depth > DEPTH_MAX)
		return 0;
	if ((k == LT_SRC_MLFLOW || k == LT_SRC_AUTO) &&
	    lt_sniff_mlflow_run(dir)) {
		paths_add(out, dir, LT_SRC_MLFLOW);
		return 0;
	}
	if ((n = scandir(dir, &ents, NULL, alphasort)) < 0)
		return lt_error_at(err, dir, 0, "cannot read the directory: "
		    "%s", strerror(errno));
	for (i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;

		if (rc != 0 || name[0] == '.')
			continue;
		len = snprintf(path, sizeof(path), "%s%s%s", dir,
		    dir[strlen(dir) - 1] == '/' ? "" : "/", name);
		/* A path cut short would name another file. */
		if (len < 0 || (size_t)len >= sizeof(path)) {
			rc = lt_error_at(err, dir, 0, "a path in it is longer "
			    "than %zu bytes", sizeof(path) - 1);
			continue;
		}
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			rc = walk(path, k, depth + 1, out, err);
			continue;
		}
		if (k != LT_SRC_AUTO) {
			if (k != LT_SRC_MLFLOW && lt_sniff_name(k, name))
				paths_add(out, path, k);
			continue;
		}
		for (j = 1; j < LT_SRC_COUNT; j++)
			if (j != LT_SRC_KERAS && lt_sniff_name(j, name))
				break;
		if (j == LT_SRC_COUNT && worth_sniffing(name) &&
		    (j = sniff_file(path, &e)) == LT_SRC_AUTO)
			j = LT_SRC_COUNT;
		if (j < LT_SRC_COUNT)
			paths_add(out, path, j);
	}
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	return rc;
}

/* The name of the run in path: the file's name without its extension,
 * or its directory's when the file's name is the framework's generic
 * one (metrics.csv in version_0/ is run "version_0") or the run is a
 * directory of event files. */
static char *
run_name(const char *path, int dir_always)
{
	static const char *const generic[] = { "training", "metrics",
	    "progress", "results", "trainer_state", "monitor", NULL };
	char *copy = lt_xstrdup(path), *dot, *out, *d, cwd[4096];
	size_t len;
	int i;

	while ((len = strlen(copy)) > 1 && copy[len - 1] == '/')
		copy[len - 1] = '\0';
	out = lt_xstrdup(last_part(copy));
	if ((dot = strrchr(out, '.')) != NULL && dot != out)
		*dot = '\0';
	for (i = 0; generic[i] != NULL; i++)
		if (strcmp(out, generic[i]) == 0)
			dir_always = 1;
	if (dir_always) {
		free(out);
		d = dir_of(copy);
		if (strcmp(d, ".") == 0 || strcmp(d, "/") == 0)
			out = lt_xstrdup(getcwd(cwd, sizeof(cwd)) ?
			    last_part(cwd) : "run");
		else
			out = lt_xstrdup(last_part(d));
		free(d);
	}
	if (*out == '\0' || strcmp(out, ".") == 0 || strcmp(out, "..") == 0) {
		free(out);
		out = lt_xstrdup(getcwd(cwd, sizeof(cwd)) ? last_part(cwd) :
		    "run");
	}
	free(copy);
	return out;
}

/* hparams.yaml beside a Lightning metrics.csv or event file: the run's
 * hyperparameters. */
static int
side_hparams(struct lt_run *r, const char *file, struct lt_error *err)
{
	char *d = dir_of(file), p[4096];
	json_t *h;
	int n;

	n = snprintf(p, sizeof(p), "%s/hparams.yaml", d);
	free(d);
	/* Cut short, it would name another file: there is none to read. */
	if (n < 0 || (size_t)n >= sizeof(p) || access(p, F_OK) != 0)
		return 0;
	if ((h = lt_yaml_load(p, err)) == NULL)
		return -1;
	if (json_is_object(h))
		lt_run_fact(r, "hparams", h);
	else
		json_decref(h);
	return 0;
}

static struct lt_run *
new_run(struct lt_import *im, const char *path, enum lt_source kind)
{
	struct src_run *s;
	char *name;

	im->runs = lt_xgrow(im->runs, &im->cap, im->nruns, sizeof(*im->runs));
	s = &im->runs[im->nruns++];
	name = kind == LT_SRC_MLFLOW ? lt_xstrdup(last_part(path)) :
	    run_name(path, kind == LT_SRC_TENSORBOARD);
	lt_run_init(&s->run, path, name);
	free(name);
	s->kind = kind;
	return &s->run;
}

/* Read the runs of the paths p.v[*i..] (one run; event files of one
 * directory together); *i moves past them. */
static int
read_run(struct lt_import *im, struct paths *p, size_t *i,
    struct lt_error *err)
{
	const struct lt_import_opts *o = im->o;
	enum lt_source k = p->kind[*i];
	const char *path = p->v[*i];
	struct lt_run *r = new_run(im, path, k);
	char *d, *dj;
	int rc;

	(*i)++;
	switch (k) {
	case LT_SRC_MLFLOW:
		return lt_import_mlflow(r, path, err);
	case LT_SRC_TENSORBOARD:
		rc = lt_import_tb(r, path, o->skip_invalid, o->note, o->ctx,
		    err);
		d = dir_of(path);
		for (; rc == 0 && *i < p->n && p->kind[*i] == k; (*i)++) {
			dj = dir_of(p->v[*i]);
			if (strcmp(d, dj) != 0) {
				free(dj);
				break;
			}
			free(dj);
			rc = lt_import_tb(r, p->v[*i], o->skip_invalid,
			    o->note, o->ctx, err);
		}
		free(d);
		return rc == 0 ? side_hparams(r, path, err) : -1;
	case LT_SRC_HF:
	case LT_SRC_DETECTRON2:
		return lt_import_json(r, k, path, err);
	default:
		rc = lt_import_csv(r, k, path, err);
		if (rc == 0 && k == LT_SRC_LIGHTNING)
			rc = side_hparams(r, path, err);
		return rc;
	}
}

int
lt_import_read(struct lt_import *im, const char *source,
    struct lt_error *err)
{
	const struct lt_import_opts *o = im->o;
	struct paths p = { 0 };
	struct lt_error e;
	struct stat st;
	enum lt_source k = o->from;
	size_t i;
	int rc = 0;

	if (stat(source, &st) != 0)
		return lt_error_at(err, source, 0, "cannot open: %s",
		    strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		if (walk(source, k, 0, &p, err) != 0) {
			paths_free(&p);
			return -1;
		}
		if (p.n == 0) {
			paths_free(&p);
			return lt_error_at(err, source, 0, "no %s runs in this "
			    "directory", k == LT_SRC_AUTO ? "known" :
			    lt_source_name(k));
		}
	} else {
		if (k == LT_SRC_MLFLOW)
			return lt_error_at(err, source, 0, "not an MLflow "
			    "mlruns directory");
		if (st.st_size == 0)
			return lt_error_at(err, source, 0, "empty file");
		if (k == LT_SRC_AUTO) {
			if ((k = sniff_file(source, err)) == LT_SRC_AUTO)
				return err->msg[0] != '\0' ? -1 :
				    lt_error_at(err, source, 0, "cannot tell "
				    "which framework wrote it; give --from");
		}
		paths_add(&p, source, k);
	}
	for (i = 0; rc == 0 && i < p.n;) {
		if (o->from == LT_SRC_AUTO) {
			lt_error_at(&e, p.v[i], 0, "auto: reading it as %s",
			    lt_source_name(p.kind[i]));
			note(o, &e);
		}
		rc = read_run(im, &p, &i, err);
	}
	paths_free(&p);
	return rc;
}

/*
 * Mapping.
 */

int
lt_import_map(struct lt_import *im, struct lt_error *err)
{
	const struct lt_import_opts *o = im->o;
	struct lt_run *r;
	struct lt_error e;
	size_t i;

	for (i = 0; i < im->nruns; i++) {
		r = &im->runs[i].run;
		if (r->held_back && !o->follow) {
			lt_error_at(&e, r->file, 0, "its last record is not "
			    "finished (still being written?); it is left for "
			    "the next import");
			note(o, &e);
		}
		if (r->nrows == 0) {
			if (!o->follow) {
				lt_error_at(&e, r->file, 0, "run \"%s\" has no "
				    "values; nothing imported from it",
				    r->name);
				note(o, &e);
			}
			continue;
		}
		if (lt_import_map_run(r, im->runs[i].kind, o, im->nruns,
		    &im->tasks, &im->ntasks, err) != 0) {
			im->failed = (long)i;
			return -1;
		}
	}
	return 0;
}

void
lt_import_account(const struct lt_import *im)
{
	size_t i, k;
	int fresh;

	for (i = 0; i < im->nruns; i++) {
		for (fresh = 0, k = 0; k < im->ntasks; k++)
			fresh |= im->tasks[k].run == &im->runs[i].run &&
			    im->tasks[k].nnew > 0;
		if (fresh)
			lt_import_map_account(&im->runs[i].run, im->o);
	}
}

/*
 * Staging.
 */

/* A point to stage: its task and its index there. */
struct pick {
	size_t		 task;
	size_t		 pt;
	double		 time;
};

static int
pick_cmp(const void *a, const void *b)
{
	const struct pick *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	if (x->task != y->task)
		return x->task < y->task ? -1 : 1;
	return x->pt < y->pt ? -1 : x->pt > y->pt;
}

static int64_t
key_of(const struct lt_import_task *t, const struct lt_import_point *p)
{
	return t->run->key_by_time ? lt_seen_time_key(lt_time_round(p->time)) :
	    p->episode;
}

/* Give a task without times times that keep its rows' order: one
 * second a row, the last row at the source's modification time, and
 * the new points after the task's last event in the log. */
static void
order_times(struct lt_import_task *t, const unsigned char *fresh,
    double latest)
{
	const struct lt_run *r = t->run;
	double base = floor(r->mtime) - (double)(r->nrows - 1), shift = 0;
	size_t i;

	for (i = 0; i < t->npts; i++)
		t->pts[i].time = base + t->pts[i].row;
	for (i = 0; i < t->npts; i++)
		if (fresh[i]) {
			if (t->pts[i].time <= latest)
				shift = latest + 1 - t->pts[i].time;
			break;
		}
	for (i = 0; i < t->npts; i++)
		t->pts[i].time += shift;
}

/* Keep the new points of task t (fresh[i] set); count the others. */
static void
classify(struct lt_import_task *t, const struct lt_seen *seen,
    unsigned char *fresh)
{
	struct lt_counts occ = { 0 };	/* each key's occurrences */
	double score;
	size_t i, n;

	t->nnew = t->nold = t->ndiff = 0;
	for (i = 0; i < t->npts; i++) {
		n = lt_counts_add(&occ, (uint64_t)key_of(t, &t->pts[i]), 1);
		fresh[i] = !lt_seen_has(seen, t->name, key_of(t, &t->pts[i]),
		    n, &score);
		if (fresh[i])
			t->nnew++;
		else if (score == t->pts[i].score)
			t->nold++;
		else
			t->ndiff++;
	}
	lt_counts_release(&occ);
}

/* Reserved metadata keys: the event's fields and the run's facts. */
static int
reserved(const char *name)
{
	static const char *const facts[] = { "hparams", "params", "tags",
	    "meta", "trainer_state", "monitor", NULL };
	int i;

	if (lt_field_lookup(name, strlen(name)) >= 0)
		return 1;
	for (i = 0; facts[i] != NULL; i++)
		if (strcmp(name, facts[i]) == 0)
			return 1;
	return 0;
}

/* The metadata of point p of task t: the other values of its row under
 * their names (a name that is an event field or a fact's is
 * "src.NAME"), the step under its column's name when the episode is
 * another column, and with facts, the run's facts. */
static void
metadata(const struct lt_import_task *t, const struct lt_import_point *p,
    int facts, struct lt_buf *out)
{
	const struct lt_run *r = t->run;
	const struct lt_run_row *row = &r->rows[p->row];
	const struct lt_run_cell *c;
	json_t *meta = json_object(), *v;
	const char *name, *key;
	char buf[600];
	int f;

	for (c = lt_run_first_cell(r, row); c != NULL;
	    c = lt_run_next_cell(r, c)) {
		if (c->col == t->score)
			continue;
		for (f = 0; f < LT_IF_TIME; f++)
			if ((long)c->col == t->col[f])
				break;
		if (f < LT_IF_TIME)
			continue;
		name = lt_run_col_name(r, c->col);
		if (reserved(name)) {
			snprintf(buf, sizeof(buf), "src.%s", name);
			name = buf;
		}
		json_object_set_new(meta, name, lt_run_cell_json(c));
	}
	if (t->col[LT_IF_EPISODE] >= 0 && r->step_name != NULL &&
	    json_object_get(meta, r->step_name) == NULL)
		json_object_set_new(meta, r->step_name,
		    json_integer(row->step));
	if (facts)
		json_object_foreach(r->facts, key, v)
			if (json_object_size(v) > 0 || !json_is_object(v))
				json_object_set(meta, key, v);
	lt_buf_reset(out);
	lt_json_dump(meta, 0, out);
	json_decref(meta);
}

/* Stage one point; 0, or the batch's -1 (bad event) or -2. */
static int
stage_one(const struct lt_import_task *t, const struct lt_import_point *p,
    int facts, struct lt_batch *b, struct lt_buf *meta, struct lt_error *err)
{
	const struct lt_run_row *row = &t->run->rows[p->row];
	struct lt_event ev;
	char msg[sizeof(err->msg)];
	int rc;

	metadata(t, p, facts, meta);
	memset(&ev, 0, sizeof(ev));
	ev.timestamp = lt_time_round(p->time);
	ev.task = t->name;
	ev.task_len = strlen(t->name);
	ev.score = p->score;
	ev.conv = p->conv;
	ev.lr = p->lr;
	ev.episode = p->episode;
	ev.meta = meta->data;
	ev.meta_len = meta->len;
	if ((rc = lt_batch_add(b, &ev, err)) == -1) {
		snprintf(msg, sizeof(msg), "%s", err->msg);
		lt_error_at(err, t->run->file, row->line, "%s %lld: %s",
		    t->run->step_is_row ? "row" : t->run->step_name ?
		    t->run->step_name : "step", (long long)row->step, msg);
	}
	return rc;
}

long
lt_import_stage(struct lt_import *im, struct lt_seen *seen,
    const char *log_path, const struct lt_reader_opts *ro,
    struct lt_batch *b, struct lt_error *err)
{
	const struct lt_import_opts *o = im->o;
	const char **names = lt_xcalloc(im->ntasks + 1, sizeof(*names));
	int *by_time = lt_xcalloc(im->ntasks + 1, sizeof(*by_time));
	unsigned char **fresh = lt_xcalloc(im->ntasks + 1, sizeof(*fresh));
	unsigned char *first = lt_xcalloc(im->ntasks + 1, 1);
	struct lt_import_task *t;
	struct pick *picks = NULL;
	struct lt_buf meta;
	struct lt_error e;
	size_t i, j, n = 0, cap = 0, bad = 0;
	long staged = -1;
	int rc;

	lt_buf_init(&meta);
	for (i = 0; i < im->ntasks; i++) {
		names[i] = im->tasks[i].name;
		by_time[i] = im->tasks[i].run->key_by_time;
	}
	if (lt_seen_load(seen, log_path, names, by_time, im->ntasks, ro,
	    err) != 0)
		goto out;
	for (i = 0; i < im->ntasks; i++) {
		t = &im->tasks[i];
		fresh[i] = lt_xcalloc(t->npts + 1, 1);
		classify(t, seen, fresh[i]);
		if (t->times == LT_TIMES_ORDER)
			order_times(t, fresh[i], lt_seen_latest(seen,
			    t->name));
		for (j = 0; j < t->npts; j++) {
			if (!fresh[i][j])
				continue;
			picks = lt_xgrow(picks, &cap, n, sizeof(*picks));
			picks[n].task = i;
			picks[n].pt = j;
			picks[n++].time = t->pts[j].time;
		}
	}
	/* Several tasks' events in one time order. */
	if (n > 1)
		qsort(picks, n, sizeof(*picks), pick_cmp);
	for (j = 0; j < n; j++) {
		t = &im->tasks[picks[j].task];
		rc = stage_one(t, &t->pts[picks[j].pt], !first[picks[j].task],
		    b, &meta, err);
		if (rc == -2 || (rc == -1 && !o->skip_invalid))
			goto out;
		if (rc == -1) {
			if (bad++ < 5)
				note(o, err);
			t->nnew--;
			continue;
		}
		first[picks[j].task] = 1;
		lt_seen_add(seen, t->name, key_of(t, &t->pts[picks[j].pt]),
		    t->pts[picks[j].pt].score, lt_time_round(
		    t->pts[picks[j].pt].time));
	}
	if (bad > 0) {
		lt_error_set(&e, "%zu event%s skipped as invalid", bad,
		    bad == 1 ? "" : "s");
		note(o, &e);
	}
	staged = (long)(n - bad);
out:
	for (i = 0; i < im->ntasks; i++)
		free(fresh[i]);
	free(fresh);
	free(first);
	free(names);
	free(by_time);
	free(picks);
	lt_buf_release(&meta);
	return staged;
}

int
lt_import_mark(const struct lt_import *im, const char *log_path, int nosync,
    struct lt_error *err)
{
	const struct lt_import_opts *o = im->o;
	const struct lt_taskinfo *f;
	struct lt_taskinfos *cur;
	struct lt_taskinfo *set;
	const struct lt_import_task *t;
	size_t i, n = 0;
	int rc;

	if ((cur = lt_taskinfos_load(&log_path, 1, NULL, err)) == NULL)
		return -1;
	set = lt_xcalloc(im->ntasks + 1, sizeof(*set));
	for (i = 0; i < im->ntasks; i++) {
		t = &im->tasks[i];
		f = lt_taskinfos_get(cur, t->name);
		set[n].task = t->name;
		if (o->has_mode || f == NULL || !f->dir_set) {
			set[n].dir_set = 1;
			set[n].dir = t->dir;
		}
		if (f == NULL || f->score_name == NULL)
			set[n].score_name = lt_run_col_name(t->run, t->score);
		if (t->times == LT_TIMES_ORDER && (f == NULL || !f->times_set)) {
			set[n].times_set = 1;
			set[n].times_order = 1;
		}
		if (set[n].dir_set || set[n].score_name || set[n].times_set)
			n++;
	}
	rc = n == 0 ? 0 : lt_taskinfo_set(log_path, set, n, NAN, nosync,
	    NULL, err);
	free(set);
	lt_taskinfos_free(cur);
	return rc;
}
