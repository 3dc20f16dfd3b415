/*
 * taskinfo.c - the tasks file: replay, merge across logs, append.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "event.h"
#include "json.h"
#include "store.h"
#include "tasktab.h"
#include "taskinfo.h"

struct entry {
	struct lt_taskinfo	 ti;		/* task and score_name: below */
	char			*task;
	char			*score_name;
	const char		*dir_from;	/* the file that said it */
	const char		*score_from;
};

struct lt_taskinfos {
	struct lt_tasktab	 tab;		/* entry i is task i */
	struct entry		*e;
	size_t			 cap;
	char			*file;		/* the file replayed, for
						   messages; NULL when merged */
};

enum lt_stats_mode
lt_taskinfo_mode_for(const struct lt_taskinfos *facts, int mode,
    const char *metric, const char *task)
{
	if (mode >= 0)
		return (enum lt_stats_mode)mode;
	if (metric != NULL && strcmp(metric, "performance_score") != 0)
		return LT_STATS_MAX;
	return facts == NULL ? LT_STATS_MAX :
	    lt_taskinfo_dir(lt_taskinfos_get(facts, task));
}

enum lt_stats_mode
lt_taskinfo_mode(const struct lt_taskinfos *facts, const struct lt_sel *sel,
    const char *task)
{
	return lt_taskinfo_mode_for(facts, sel->mode, sel->metric, task);
}

int
lt_taskinfo_copy(const struct lt_sel *sel, const char *to_log, int nosync,
    size_t *n, struct lt_error *err)
{
	struct lt_reader_opts quiet = { 0 };
	struct lt_taskinfos *facts;
	const struct lt_taskinfo *f;
	struct lt_taskinfo *set;
	size_t i, j, k = 0;
	int rc = 0;

	*n = 0;
	if ((facts = lt_taskinfos_load(sel->paths, sel->npaths, &quiet,
	    err)) == NULL)
		return -1;
	set = lt_xcalloc(lt_taskinfos_count(facts) + 1, sizeof(*set));
	for (i = 0; i < lt_taskinfos_count(facts); i++) {
		f = lt_taskinfos_at(facts, i);
		for (j = 0; j < sel->ntasks; j++)
			if (strcmp(sel->tasks[j], f->task) == 0)
				break;
		if (sel->ntasks == 0 || j < sel->ntasks)
			set[k++] = *f;
	}
	*n = k;
	if (to_log != NULL && k > 0)
		rc = lt_taskinfo_set(to_log, set, k, NAN, nosync, NULL, err);
	free(set);
	lt_taskinfos_free(facts);
	return rc;
}

int
lt_taskinfo_dir_of(const char *const *logs, size_t n, const char *task,
    enum lt_stats_mode *dir, struct lt_error *err)
{
	struct lt_reader_opts quiet = { 0 };
	struct lt_taskinfos *facts;

	if ((facts = lt_taskinfos_load(logs, n, &quiet, err)) == NULL)
		return -1;
	*dir = lt_taskinfo_dir(lt_taskinfos_get(facts, task));
	lt_taskinfos_free(facts);
	return 0;
}

int
lt_taskinfo_said(const struct lt_taskinfos *facts, const struct lt_sel *sel,
    const char *task)
{
	const struct lt_taskinfo *f;

	if (sel->mode >= 0)
		return 1;
	f = facts == NULL ? NULL : lt_taskinfos_get(facts, task);
	return f != NULL && (f->dir_set || f->score_name != NULL);
}

enum lt_stats_mode
lt_taskinfo_dir(const struct lt_taskinfo *ti)
{
	return ti != NULL && ti->dir_set ? ti->dir : LT_STATS_MAX;
}

const char *
lt_taskinfo_score_name(const struct lt_taskinfo *ti)
{
	return ti != NULL && ti->score_name != NULL ? ti->score_name :
	    LT_SCORE_NAME;
}

char *
lt_taskinfo_path(const char *log_path)
{
	const char *base, *dot;
	struct lt_buf b;

	if (strcmp(log_path, "-") == 0)
		return NULL;
	base = strrchr(log_path, '/');
	base = base == NULL ? log_path : base + 1;
	dot = strrchr(base, '.');
	if (dot == NULL || dot == base)
		dot = base + strlen(base);
	lt_buf_init(&b);
	lt_buf_add(&b, log_path, (size_t)(dot - log_path));
	lt_buf_adds(&b, ".tasks.jsonl");
	return b.data;
}

static struct lt_taskinfos *
infos_new(const char *file)
{
	struct lt_taskinfos *t = lt_xcalloc(1, sizeof(*t));

	t->file = file != NULL ? lt_xstrdup(file) : NULL;
	return t;
}

void
lt_taskinfos_free(struct lt_taskinfos *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->tab.n; i++) {
		free(t->e[i].task);
		free(t->e[i].score_name);
	}
	free(t->e);
	free(t->file);
	lt_tasktab_release(&t->tab);
	free(t);
}

/* The entry of task, added when new. */
static struct entry *
entry_of(struct lt_taskinfos *t, const char *task, size_t len)
{
	struct entry *e;
	size_t i;
	int added;

	i = lt_tasktab_intern(&t->tab, task, len, &added);
	t->e = lt_xgrow(t->e, &t->cap, i, sizeof(*t->e));
	e = &t->e[i];
	if (added) {
		e->task = lt_xstrndup(task, len);
		e->ti.task = e->task;
	}
	return e;
}

static void
entry_score(struct entry *e, const char *name)
{
	free(e->score_name);
	e->score_name = lt_xstrdup(name);
	e->ti.score_name = e->score_name;
}

const struct lt_taskinfo *
lt_taskinfos_get(const struct lt_taskinfos *t, const char *task)
{
	long i;

	if (t == NULL)
		return NULL;
	i = lt_tasktab_find(&t->tab, task, strlen(task));
	return i < 0 ? NULL : &t->e[i].ti;
}

size_t
lt_taskinfos_count(const struct lt_taskinfos *t)
{
	return t == NULL ? 0 : t->tab.n;
}

const struct lt_taskinfo *
lt_taskinfos_at(const struct lt_taskinfos *t, size_t i)
{
	return &t->e[i].ti;
}

/*
 * Replay.
 */

/* The string member key of rec: 0 with *out (NULL when absent), or -1
 * with err when it is there and not a string. */
static int
member_string(json_t *rec, const char *key, const char **out,
    struct lt_error *err)
{
	json_t *v = json_object_get(rec, key);

	*out = NULL;
	if (v == NULL)
		return 0;
	if (!json_is_string(v))
		return lt_error_set(err, "\"%s\" is not a string", key);
	*out = json_string_value(v);
	return 0;
}

/* Check one line's record, then apply it to t. */
static int
replay(struct lt_taskinfos *t, json_t *rec, struct lt_error *err)
{
	const char *task, *dir, *score, *times;
	enum lt_stats_mode mode = LT_STATS_MAX;
	json_t *time = json_object_get(rec, "time");
	struct entry *e;

	if (member_string(rec, "task", &task, err) != 0 ||
	    member_string(rec, "direction", &dir, err) != 0 ||
	    member_string(rec, "score_name", &score, err) != 0 ||
	    member_string(rec, "times", &times, err) != 0)
		return -1;
	if (task == NULL)
		return lt_error_set(err, "not a task record: no \"task\"");
	if (time != NULL && !json_is_number(time))
		return lt_error_set(err, "\"time\" is not a number");
	if (lt_name_check("task", task, strlen(task), err) != 0)
		return -1;
	if (dir != NULL && lt_stats_mode_parse(dir, &mode, err) != 0)
		return -1;
	if (score != NULL &&
	    lt_name_check("score_name", score, strlen(score), err) != 0)
		return -1;
	if (times != NULL && strcmp(times, "order") != 0 &&
	    strcmp(times, "measured") != 0)
		return lt_error_set(err, "times \"%s\" is not measured or "
		    "order", times);
	e = entry_of(t, task, strlen(task));
	if (dir != NULL) {
		e->ti.dir_set = 1;
		e->ti.dir = mode;
	}
	if (score != NULL)
		entry_score(e, score);
	if (times != NULL) {
		e->ti.times_set = 1;
		e->ti.times_order = strcmp(times, "order") == 0;
	}
	return 0;
}

static int
replay_record(void *ctx, json_t *rec, struct lt_error *err)
{
	return replay(ctx, rec, err);
}

/* Replay the tasks file at path into a new table; a missing file gives
 * an empty one.  Returns it or NULL with err. */
static struct lt_taskinfos *
replay_file(const char *path, const struct lt_reader_opts *ropts,
    struct lt_error *err)
{
	struct lt_taskinfos *t = infos_new(path);

	if (lt_jsonl_replay(path, "task record", ropts, replay_record, t,
	    NULL, err) != 0) {
		lt_taskinfos_free(t);
		return NULL;
	}
	return t;
}

/* Merge the facts of one file (from) into all, or say what disagrees. */
static int
merge(struct lt_taskinfos *all, const struct lt_taskinfos *from,
    struct lt_error *err)
{
	const struct entry *f;
	struct entry *e;
	size_t i;

	for (i = 0; i < from->tab.n; i++) {
		f = &from->e[i];
		e = entry_of(all, f->task, strlen(f->task));
		if (f->ti.dir_set && e->ti.dir_set && f->ti.dir != e->ti.dir)
			return lt_error_set(err, "task \"%s\" is %s in %s but "
			    "%s in %s (lt task sets a direction)", f->task,
			    lt_stats_mode_name(e->ti.dir), e->dir_from,
			    lt_stats_mode_name(f->ti.dir), from->file);
		if (f->score_name != NULL && e->score_name != NULL &&
		    strcmp(f->score_name, e->score_name) != 0)
			return lt_error_set(err, "task \"%s\" scores \"%s\" in "
			    "%s but \"%s\" in %s", f->task, e->score_name,
			    e->score_from, f->score_name, from->file);
		if (f->ti.dir_set && !e->ti.dir_set) {
			e->ti.dir_set = 1;
			e->ti.dir = f->ti.dir;
			e->dir_from = from->file;
		}
		if (f->score_name != NULL && e->score_name == NULL) {
			entry_score(e, f->score_name);
			e->score_from = from->file;
		}
		if (f->ti.times_set) {
			e->ti.times_order |= f->ti.times_order;
			e->ti.times_set = 1;
		}
	}
	return 0;
}

struct lt_taskinfos *
lt_taskinfos_load(const char *const *paths, size_t n,
    const struct lt_reader_opts *ropts, struct lt_error *err)
{
	struct lt_taskinfos *all = infos_new(NULL), *one;
	char **files = lt_xcalloc(n, sizeof(char *));
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		if ((files[i] = lt_taskinfo_path(paths[i])) == NULL)
			continue;
		if ((one = replay_file(files[i], ropts, err)) == NULL) {
			rc = -1;
			break;
		}
		/* The merged facts name files[i], which lives as long. */
		free(one->file);
		one->file = files[i];
		rc = merge(all, one, err);
		one->file = NULL;
		lt_taskinfos_free(one);
	}
	/* Only the messages used the file names. */
	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
	for (i = 0; i < all->tab.n; i++) {
		all->e[i].dir_from = NULL;
		all->e[i].score_from = NULL;
	}
	if (rc != 0) {
		lt_taskinfos_free(all);
		return NULL;
	}
	return all;
}

/*
 * Setting facts.
 */

/* Append to out the lines that make cur say what set[0..n) says;
 * returns how many tasks they change. */
static size_t
changes(const struct lt_taskinfos *cur, const struct lt_taskinfo *set,
    size_t n, double time, struct lt_buf *out)
{
	const struct lt_taskinfo *c;
	size_t i, nchanged = 0;
	int dir, score, times;
	json_t *rec;

	for (i = 0; i < n; i++) {
		c = lt_taskinfos_get(cur, set[i].task);
		dir = set[i].dir_set && (c == NULL || !c->dir_set ||
		    c->dir != set[i].dir);
		score = set[i].score_name != NULL && (c == NULL ||
		    c->score_name == NULL ||
		    strcmp(c->score_name, set[i].score_name) != 0);
		times = set[i].times_set && (c == NULL || !c->times_set ||
		    c->times_order != set[i].times_order);
		if (!dir && !score && !times)
			continue;
		rec = json_object();
		json_object_set_new(rec, "time", lt_json_real(time));
		json_object_set_new(rec, "task", json_string(set[i].task));
		if (dir)
			json_object_set_new(rec, "direction", json_string(
			    lt_stats_mode_name(set[i].dir)));
		if (score)
			json_object_set_new(rec, "score_name",
			    json_string(set[i].score_name));
		if (times)
			json_object_set_new(rec, "times", json_string(
			    set[i].times_order ? "order" : "measured"));
		lt_json_dump(rec, 0, out);
		lt_buf_addc(out, '\n');
		json_decref(rec);
		nchanged++;
	}
	return nchanged;
}

/* What the tasks file at path says now, quietly (a bad line is the
 * readers' to report). */
static struct lt_taskinfos *
current(const char *path, struct lt_error *err)
{
	struct lt_reader_opts quiet = { 0 };

	return replay_file(path, &quiet, err);
}

int
lt_taskinfo_set(const char *log_path, const struct lt_taskinfo *set,
    size_t n, double time, int nosync, size_t *changed,
    struct lt_error *err)
{
	struct lt_taskinfos *cur;
	struct lt_store s;
	struct lt_buf out;
	char *path;
	size_t i, nch = 0;
	int rc = -1;

	if (changed != NULL)
		*changed = 0;
	for (i = 0; i < n; i++) {
		if (lt_name_check("task_type", set[i].task,
		    strlen(set[i].task), err) != 0)
			return -1;
		if (set[i].score_name != NULL && lt_name_check("score name",
		    set[i].score_name, strlen(set[i].score_name), err) != 0)
			return -1;
	}
	if ((path = lt_taskinfo_path(log_path)) == NULL)
		return lt_error_set(err, "standard input has no tasks file "
		    "to keep a direction or score name in");
	if (isnan(time))
		time = lt_time_now();
	lt_buf_init(&out);
	/* Nothing new: no lock, and no file created. */
	if ((cur = current(path, err)) == NULL)
		goto out;
	nch = changes(cur, set, n, time, &out);
	lt_taskinfos_free(cur);
	if (nch == 0) {
		rc = 0;
		goto out;
	}
	if (lt_store_init(&s, path, LT_FORMAT_JSONL, err) != 0)
		goto out;
	if (lt_store_lock(&s, err) == 0) {
		/* Again under the lock: another writer may have said it. */
		lt_buf_reset(&out);
		if ((cur = current(path, err)) != NULL) {
			nch = changes(cur, set, n, time, &out);
			lt_taskinfos_free(cur);
			rc = out.len == 0 ? 0 :
			    lt_store_append(&s, out.data, out.len, err);
		}
		rc = lt_store_finish(&s, rc, nosync || out.len == 0, err);
	}
	lt_store_close(&s);
out:
	if (rc == 0 && changed != NULL)
		*changed = nch;
	lt_buf_release(&out);
	free(path);
	return rc;
}

/*
 * Listing.
 */

/* Row i of l, grown as tasks come. */
static struct lt_task_row *
row(struct lt_task_list *l, size_t *cap, size_t i)
{
	l->v = lt_xgrow(l->v, cap, i, sizeof(*l->v));
	if (i >= l->n) {
		l->n = i + 1;
		l->v[i].first = l->v[i].last = NAN;
	}
	return &l->v[i];
}

struct lt_taskinfos *
lt_taskinfos_scan(struct lt_sel *sel, struct lt_scan *sc,
    struct lt_error *err)
{
	struct lt_taskinfos *facts;

	if ((facts = lt_taskinfos_load(sel->paths, sel->npaths, &sel->ropts,
	    err)) == NULL)
		return NULL;
	if (lt_scan_open(sc, sel, err) != 0) {
		lt_taskinfos_free(facts);
		return NULL;
	}
	return facts;
}

struct lt_task_list *
lt_analysis_tasks(struct lt_sel *sel, struct lt_error *err)
{
	const struct lt_taskinfo *f;
	struct lt_taskinfos *facts;
	struct lt_task_list *l;
	struct lt_task_row *r;
	struct lt_event ev;
	struct lt_scan sc;
	size_t cap = 0, i, k;
	int added, rc;
	const char *name;

	if ((facts = lt_taskinfos_scan(sel, &sc, err)) == NULL)
		return NULL;
	l = lt_xcalloc(1, sizeof(*l));
	while ((rc = lt_scan_next(&sc, &ev, err)) == 1) {
		i = lt_tasktab_intern(&l->names, ev.task, ev.task_len, &added);
		r = row(l, &cap, i);
		if (r->count++ == 0)
			r->first = ev.timestamp;
		r->last = ev.timestamp;
	}
	lt_scan_close(&sc);
	/* Tasks that only the tasks files name, when selected. */
	for (k = 0; rc == 0 && k < lt_taskinfos_count(facts); k++) {
		name = lt_taskinfos_at(facts, k)->task;
		for (i = 0; i < sel->ntasks; i++)
			if (strcmp(sel->tasks[i], name) == 0)
				break;
		if (sel->ntasks > 0 && i == sel->ntasks)
			continue;
		i = lt_tasktab_intern(&l->names, name, strlen(name), &added);
		(void)row(l, &cap, i);
	}
	if (rc == 0)
		rc = lt_sel_check_named(sel, &l->names, err);
	for (i = 0; rc == 0 && i < l->n; i++) {
		r = &l->v[i];
		r->task = l->names.names[i];
		f = lt_taskinfos_get(facts, r->task);
		r->dir = lt_taskinfo_dir(f);
		r->dir_set = f != NULL && f->dir_set;
		name = lt_taskinfo_score_name(f);
		k = lt_tasktab_intern(&l->strs, name, strlen(name), &added);
		r->score_name = l->strs.names[k];
		r->score_set = f != NULL && f->score_name != NULL;
		r->times_order = f != NULL && f->times_order;
	}
	lt_taskinfos_free(facts);
	if (rc != 0) {
		lt_task_list_free(l);
		return NULL;
	}
	return l;
}

void
lt_task_list_free(struct lt_task_list *l)
{
	if (l == NULL)
		return;
	free(l->v);
	lt_tasktab_release(&l->names);
	lt_tasktab_release(&l->strs);
	free(l);
}

off_t
lt_taskinfo_size(const char *log_path)
{
	char *path = lt_taskinfo_path(log_path);
	struct stat st;
	off_t size = -1;

	if (path != NULL && stat(path, &st) == 0)
		size = st.st_size;
	free(path);
	return size;
}

int
lt_taskinfo_rollback(const char *log_path, off_t size, struct lt_error *err)
{
	char *path = lt_taskinfo_path(log_path);
	struct stat st;
	int fd = -1, rc = 0;

	/* Nothing there: nothing to take back. */
	if (path == NULL || stat(path, &st) != 0) {
		free(path);
		return 0;
	}
	if (lt_store_lock_path(&fd, path, O_RDWR, LOCK_EX, &st, err) != 0) {
		free(path);
		return -1;
	}
	if (size < 0 ? unlink(path) != 0 : st.st_size > size &&
	    ftruncate(fd, size) != 0)
		rc = lt_error_at(err, path, 0, "cannot restore: %s",
		    strerror(errno));
	close(fd);
	free(path);
	return rc;
}
