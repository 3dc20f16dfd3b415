/*
 * import.c - runs of training logs mapped to events; which format a
 * source is in; the runs of a directory.
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
#include "json.h"
#include "num.h"
#include "tfevents.h"

static const char *const kind_names[LT_IMPORT_KINDS] = {
	"auto", "keras", "lightning", "hf", "sb3", "mlflow", "tensorboard",
	"yolo", "detectron2"
};

/*
 * The default mapping: for each format and field, the columns tried in
 * order; the first the run has is used.  A trailing '*' matches a
 * prefix.  NULL for the episode means the run's step.  Keep in step with
 * the tables of man/lt-import.1.
 */
static const char *const dflt_score[LT_IMPORT_KINDS][8] = {
	[LT_IMPORT_KERAS] = { "val_accuracy", "val_acc", "accuracy", "acc" },
	[LT_IMPORT_LIGHTNING] = { "val_acc", "val_accuracy", "val/acc",
	    "val/accuracy", "accuracy", "acc" },
	[LT_IMPORT_HF] = { "eval_accuracy", "eval_f1" },
	[LT_IMPORT_SB3] = { "rollout/ep_rew_mean", "EpRewMean",
	    "mean 100 episode reward", "r" },
	[LT_IMPORT_MLFLOW] = { "metrics/mAP50-95B", "val_acc", "val_f1",
	    "accuracy" },
	[LT_IMPORT_TENSORBOARD] = { "rollout/ep_rew_mean", "epoch_accuracy",
	    "val_acc", "accuracy", "fast_rcnn/cls_accuracy" },
	[LT_IMPORT_YOLO] = { "metrics/mAP50-95(B)", "metrics/mAP_0.5:0.95",
	    "metrics/mAP50-95" },
	[LT_IMPORT_DETECTRON2] = { "fast_rcnn/cls_accuracy" },
};
static const char *const dflt_conv[LT_IMPORT_KINDS][8] = {
	[LT_IMPORT_KERAS] = { "loss" },
	[LT_IMPORT_LIGHTNING] = { "train_loss", "train/loss", "loss",
	    "Train loss" },
	[LT_IMPORT_HF] = { "loss" },
	[LT_IMPORT_SB3] = { "train/loss", "train/critic_loss", "loss_vf_loss" },
	[LT_IMPORT_MLFLOW] = { "train/box_loss", "train_loss",
	    "train_cross_entropy", "loss" },
	[LT_IMPORT_TENSORBOARD] = { "epoch_loss", "train_loss", "train/loss",
	    "total_loss", "loss" },
	[LT_IMPORT_YOLO] = { "train/box_loss" },
	[LT_IMPORT_DETECTRON2] = { "total_loss" },
};
static const char *const dflt_lr[LT_IMPORT_KINDS][8] = {
	[LT_IMPORT_KERAS] = { "lr", "learning_rate" },
	[LT_IMPORT_LIGHTNING] = { "lr", "learning_rate", "lr-*" },
	[LT_IMPORT_HF] = { "learning_rate" },
	[LT_IMPORT_SB3] = { "train/learning_rate" },
	[LT_IMPORT_MLFLOW] = { "lr/pg0", "lr", "learning_rate" },
	[LT_IMPORT_TENSORBOARD] = { "epoch_lr", "lr", "learning_rate",
	    "train/learning_rate", "lr-*" },
	[LT_IMPORT_YOLO] = { "lr/pg0", "x/lr0" },
	[LT_IMPORT_DETECTRON2] = { "lr" },
};
static const char *const dflt_episode[LT_IMPORT_KINDS][8] = {
	[LT_IMPORT_SB3] = { "time/total_timesteps", "TimestepsSoFar", "steps",
	    "time/episodes", "EpisodesSoFar", "episodes" },
};
static const char *const dflt_time[LT_IMPORT_KINDS][8] = {
	[LT_IMPORT_SB3] = { "time/time_elapsed", "TimeElapsed" },
	[LT_IMPORT_YOLO] = { "time" },
};

static const char *const opt_names[LT_IC_COUNT] = {
	"--score", "--convergence", "--lr", "--episode", "--time"
};
static const char *const field_of[LT_IC_COUNT] = {
	"performance_score", "convergence_metric", "learning_rate",
	"episode_count", "timestamp"
};

int
lt_import_kind_parse(const char *name)
{
	int k;

	for (k = 0; k < LT_IMPORT_KINDS; k++)
		if (strcmp(name, kind_names[k]) == 0)
			return k;
	return -1;
}

const char *
lt_import_kind_name(enum lt_import_kind k)
{
	return kind_names[k];
}

void
lt_import_run_init(struct lt_import_run *r, const char *file,
    const char *name, enum lt_import_kind kind)
{
	struct stat st;

	memset(r, 0, sizeof(*r));
	r->file = lt_xstrdup(file);
	r->name = lt_xstrdup(name);
	r->kind = kind;
	r->columns = json_object();
	r->mtime = stat(file, &st) == 0 ? (double)st.st_mtim.tv_sec : 0;
}

void
lt_import_run_release(struct lt_import_run *r)
{
	size_t i;

	for (i = 0; i < r->nrows; i++)
		json_decref(r->rows[i].vals);
	free(r->rows);
	free(r->slots);
	json_decref(r->hparams);
	json_decref(r->columns);
	free(r->file);
	free(r->name);
	memset(r, 0, sizeof(*r));
}

static size_t
hash_step(int64_t step, size_t n)
{
	uint64_t h = (uint64_t)step * 0x9e3779b97f4a7c15ull;

	return (size_t)(h >> 17) & (n - 1);
}

static void
rehash(struct lt_import_run *r)
{
	size_t i, j, n = r->nslots ? r->nslots * 2 : 1024;

	free(r->slots);
	r->slots = lt_xcalloc(n, sizeof(*r->slots));
	r->nslots = n;
	for (i = 0; i < r->nrows; i++) {
		j = hash_step(r->rows[i].step, n);
		while (r->slots[j] != 0)
			j = (j + 1) & (n - 1);
		r->slots[j] = i + 1;
	}
}

struct lt_import_row *
lt_import_row(struct lt_import_run *r, int64_t step, long line)
{
	struct lt_import_row *row;
	size_t j;

	/* Most sources log steps in order: the last row is the likely one. */
	if (r->nrows > 0 && r->rows[r->nrows - 1].step == step)
		return &r->rows[r->nrows - 1];
	if (2 * (r->nrows + 1) > r->nslots)
		rehash(r);
	j = hash_step(step, r->nslots);
	while (r->slots[j] != 0) {
		if (r->rows[r->slots[j] - 1].step == step)
			return &r->rows[r->slots[j] - 1];
		j = (j + 1) & (r->nslots - 1);
	}
	if (r->nrows == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->rows = lt_xrealloc(r->rows, r->cap * sizeof(*r->rows));
	}
	row = &r->rows[r->nrows++];
	row->step = step;
	row->time = NAN;
	row->vals = json_object();
	row->line = line;
	r->slots[j] = r->nrows;
	return row;
}

void
lt_import_set(struct lt_import_run *r, struct lt_import_row *row,
    const char *name, json_t *v)
{
	if (v == NULL)
		return;
	if (json_object_get(r->columns, name) == NULL)
		json_object_set_new(r->columns, name, json_true());
	json_object_set_new(row->vals, name, v);
}

json_t *
lt_import_cell(const char *s, size_t len)
{
	double x;
	int64_t i;
	int kind;

	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\r'))
		len--;
	if (len == 0)
		return NULL;
	kind = lt_num_json_kind(s, len);
	if (kind == 1 && lt_num_parse_int(s, len, &i) == 0)
		return json_integer(i);
	if (lt_num_parse(s, len, &x) == 0)
		return json_real(x);
	if ((len == 3 && strncasecmp(s, "nan", 3) == 0) ||
	    (len >= 3 && (strncasecmp(s, "inf", 3) == 0 ||
	    strncasecmp(s, "-inf", 4) == 0 || strncasecmp(s, "+inf", 4) == 0)))
		return NULL;
	return lt_meta_value(s, len);
}

/*
 * Mapping a run to events.
 */

struct mapping {
	const char	*col[LT_IC_COUNT];	/* NULL: not mapped */
	int		 time_scale;		/* 0 none, 1 s, 1000 ms, -1 rel */
	double		 time_last;		/* for relative times */
};

static const char *
find_col(const struct lt_import_run *r, const char *const *cands)
{
	const char *key;
	json_t *v;
	size_t n;
	int i;

	for (i = 0; i < 8 && cands[i] != NULL; i++) {
		n = strlen(cands[i]);
		if (cands[i][n - 1] != '*') {
			if (json_object_get(r->columns, cands[i]) != NULL)
				return cands[i];
			continue;
		}
		json_object_foreach(r->columns, key, v)
			if (strncmp(key, cands[i], n - 1) == 0)
				return key;
	}
	return NULL;
}

/* A column named by an option is not there: say which there are. */
static int
no_column(const struct lt_import_run *r, const char *col, const char *opt,
    struct lt_error *err)
{
	struct lt_buf names;
	const char *key;
	json_t *v;

	lt_buf_init(&names);
	json_object_foreach(r->columns, key, v) {
		if (names.len > 200) {
			lt_buf_adds(&names, ", ...");
			break;
		}
		lt_buf_printf(&names, "%s\"%s\"", names.len ? ", " : "", key);
	}
	lt_error_at(err, r->file, 0, "no column \"%s\" (%s) in run \"%s\"; "
	    "it has %s", col, opt, r->name, names.data ? names.data : "none");
	lt_buf_release(&names);
	return -1;
}

static int
resolve(const struct lt_import_run *r, const struct lt_import_opts *o,
    struct mapping *m, struct lt_error *err)
{
	const char *const (*tables[LT_IC_COUNT])[8] = { dflt_score, dflt_conv,
	    dflt_lr, dflt_episode, dflt_time };
	size_t i, j;
	double x, hi = 0;
	json_t *v;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < LT_IC_COUNT; i++) {
		if (o->col[i] != NULL) {
			if (json_object_get(r->columns, o->col[i]) == NULL)
				return no_column(r, o->col[i], opt_names[i],
				    err);
			m->col[i] = o->col[i];
			continue;
		}
		if (i == LT_IC_LR && o->has_lr_value)
			continue;
		m->col[i] = find_col(r, tables[i][r->kind]);
		if (m->col[i] != NULL || i == LT_IC_EPISODE || i == LT_IC_TIME)
			continue;
		return lt_error_at(err, r->file, 0, "run \"%s\" has no column "
		    "for %s; give %s COL%s", r->name, field_of[i],
		    opt_names[i], i == LT_IC_LR ? " or --lr-value X" : "");
	}
	if (m->col[LT_IC_TIME] == NULL)
		return 0;
	/* Unix milliseconds, Unix seconds, or seconds since the start. */
	for (j = 0; j < r->nrows; j++) {
		v = json_object_get(r->rows[j].vals, m->col[LT_IC_TIME]);
		if (v != NULL && json_is_number(v) &&
		    (x = json_number_value(v)) > hi)
			hi = x;
	}
	m->time_scale = hi >= 1e11 ? 1000 : hi >= 1e8 ? 1 : -1;
	m->time_last = hi;
	return 0;
}

static int
row_cmp(const void *a, const void *b)
{
	const struct lt_import_row *x = a, *y = b;

	if (x->step != y->step)
		return x->step < y->step ? -1 : 1;
	return 0;
}

static int
is_mapped(const struct lt_import_run *r, const struct mapping *m,
    const char *key)
{
	int i;

	if (m->col[LT_IC_EPISODE] == NULL && r->key != NULL &&
	    strcmp(r->key, key) == 0)
		return 1;
	/* The time column stays in metadata: a relative time is not
	 * recoverable from the timestamp made of it. */
	for (i = 0; i < LT_IC_TIME; i++)
		if (m->col[i] != NULL && strcmp(m->col[i], key) == 0)
			return 1;
	return 0;
}

static json_t *
event_meta(const struct lt_import_run *r, const struct lt_import_row *row,
    const struct mapping *m)
{
	json_t *meta = json_object(), *v;
	const char *key;
	char name[600];

	json_object_foreach(row->vals, key, v) {
		if (is_mapped(r, m, key))
			continue;
		if (lt_field_lookup(key, strlen(key)) >= 0 ||
		    strcmp(key, "hparams") == 0) {
			snprintf(name, sizeof(name), "src.%s", key);
			json_object_set(meta, name, v);
		} else
			json_object_set(meta, key, v);
	}
	if (r->hparams != NULL && json_object_size(r->hparams) > 0)
		json_object_set(meta, "hparams", r->hparams);
	return meta;
}

static void
note(const struct lt_import_opts *o, const struct lt_error *e)
{
	if (o->note != NULL)
		o->note(o->ctx, e);
}

/* Stage the events of run r; returns how many, or -1. */
static long
emit(struct lt_import_run *r, const struct lt_import_opts *o,
    const char *task, struct lt_batch *b, struct lt_error *err)
{
	struct mapping m;
	struct lt_event ev;
	struct lt_buf meta;
	struct lt_error e;
	double last[LT_IC_COUNT], t;
	int have[LT_IC_COUNT] = { 0 };
	size_t i, k, bad = 0;
	long n = 0;
	json_t *v, *mo;
	int rc;

	if (resolve(r, o, &m, err) != 0)
		return -1;
	/* Steps in order; rows of one step were merged when read. */
	qsort(r->rows, r->nrows, sizeof(*r->rows), row_cmp);
	lt_buf_init(&meta);
	for (i = 0; i < r->nrows; i++) {
		struct lt_import_row *row = &r->rows[i];
		const char *missing = NULL;

		for (k = 0; k < LT_IC_COUNT; k++) {
			if (m.col[k] == NULL)
				continue;
			v = json_object_get(row->vals, m.col[k]);
			if (v != NULL && json_is_number(v)) {
				last[k] = json_number_value(v);
				have[k] = 1;
			}
			if (!have[k] && missing == NULL && k != LT_IC_TIME)
				missing = m.col[k];
		}
		memset(&ev, 0, sizeof(ev));
		ev.task = task;
		ev.task_len = strlen(task);
		ev.score = last[LT_IC_SCORE];
		ev.conv = last[LT_IC_CONV];
		ev.lr = m.col[LT_IC_LR] ? last[LT_IC_LR] : o->lr_value;
		if (m.col[LT_IC_EPISODE] == NULL)
			ev.episode = row->step;
		else if (have[LT_IC_EPISODE]) {
			t = last[LT_IC_EPISODE];
			ev.episode = t == floor(t) && fabs(t) <= 9e15 ?
			    (int64_t)t : -1;
		}
		if (m.col[LT_IC_TIME] != NULL && have[LT_IC_TIME])
			t = m.time_scale > 0 ? last[LT_IC_TIME] / m.time_scale :
			    r->mtime - (m.time_last - last[LT_IC_TIME]);
		else if (!isnan(row->time))
			t = row->time;
		else
			t = r->mtime - (double)(r->nrows - 1 - i);
		ev.timestamp = lt_time_round(t);
		if (missing != NULL) {
			rc = -1;
			lt_error_at(&e, r->file, row->line, "step %lld: no "
			    "value of \"%s\" logged yet", (long long)row->step,
			    missing);
		} else {
			mo = event_meta(r, row, &m);
			lt_buf_reset(&meta);
			lt_json_dump(mo, 0, &meta);
			json_decref(mo);
			ev.meta = meta.data;
			ev.meta_len = meta.len;
			rc = lt_batch_add(b, &ev, &e);
			if (rc == -2) {
				*err = e;
				lt_buf_release(&meta);
				return -1;
			}
			if (rc != 0) {
				char msg[sizeof(e.msg)];

				snprintf(msg, sizeof(msg), "%s", e.msg);
				lt_error_at(&e, r->file, row->line, "step "
				    "%lld: %s", (long long)row->step, msg);
			}
		}
		if (rc == 0) {
			n++;
			continue;
		}
		if (!o->skip_invalid) {
			*err = e;
			lt_buf_release(&meta);
			return -1;
		}
		if (bad++ < 5)
			note(o, &e);
	}
	lt_buf_release(&meta);
	if (bad > 0) {
		lt_error_at(&e, r->file, 0, "%zu step%s of run \"%s\" skipped",
		    bad, bad == 1 ? "" : "s", r->name);
		note(o, &e);
	}
	return n;
}

/*
 * Sources: files, directories, formats.
 */

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	while (s != NULL && s[1] == '\0' && s > path) {
		/* "dir/" */
		const char *t = s - 1;

		while (t > path && *t != '/')
			t--;
		return *t == '/' ? t + 1 : t;
	}
	return s ? s + 1 : path;
}

/* The name of the run in path: the file's name without its extension,
 * or the directory's when the file's name is the framework's generic
 * one (metrics.csv in version_0/ is run "version_0"). */
static char *
run_name(const char *path, int dir_always)
{
	static const char *const generic[] = { "training", "metrics",
	    "progress", "results", "trainer_state", "monitor", NULL };
	char *copy = lt_xstrdup(path), *s, *dot;
	const char *b;
	char *out;
	int i;

	if ((s = strrchr(copy, '/')) != NULL && s[1] == '\0')
		*s = '\0';
	b = base_name(copy);
	out = lt_xstrdup(b);
	if ((dot = strrchr(out, '.')) != NULL && dot != out)
		*dot = '\0';
	for (i = 0; generic[i] != NULL && !dir_always; i++)
		if (strcmp(out, generic[i]) == 0)
			break;
	if (dir_always || generic[i] != NULL) {
		free(out);
		if ((s = strrchr(copy, '/')) != NULL) {
			*s = '\0';
			out = lt_xstrdup(base_name(copy));
		} else {
			char cwd[4096];

			out = lt_xstrdup(getcwd(cwd, sizeof(cwd)) ?
			    base_name(cwd) : ".");
		}
		if (strcmp(out, ".") == 0 || *out == '\0') {
			char cwd[4096];

			free(out);
			out = lt_xstrdup(getcwd(cwd, sizeof(cwd)) ?
			    base_name(cwd) : "run");
		}
	}
	free(copy);
	return out;
}

static int
is_tfevents_name(const char *name)
{
	return strncmp(name, "events.out.tfevents.", 20) == 0;
}

/* Whether a file of this name belongs to format k, when a directory is
 * walked. */
static int
name_matches(enum lt_import_kind k, const char *name)
{
	size_t n = strlen(name);

	switch (k) {
	case LT_IMPORT_KERAS:
		return n > 4 && strcmp(name + n - 4, ".log") == 0;
	case LT_IMPORT_LIGHTNING:
		return strcmp(name, "metrics.csv") == 0;
	case LT_IMPORT_HF:
		return strcmp(name, "trainer_state.json") == 0;
	case LT_IMPORT_SB3:
		return strcmp(name, "progress.csv") == 0 ||
		    (n >= 11 && strcmp(name + n - 11, "monitor.csv") == 0);
	case LT_IMPORT_TENSORBOARD:
		return is_tfevents_name(name);
	case LT_IMPORT_YOLO:
		return strcmp(name, "results.csv") == 0;
	case LT_IMPORT_DETECTRON2:
		return strcmp(name, "metrics.json") == 0;
	default:
		return 0;
	}
}

/* The format of a file, from its name and its first bytes. */
static int
sniff_file(const char *path, struct lt_error *err)
{
	const char *name = base_name(path);
	unsigned char buf[4096];
	char *p, *nl, *line;
	ssize_t n;
	int fd, k = -1;
	json_t *j;
	struct lt_buf fixed;

	if (is_tfevents_name(name))
		return LT_IMPORT_TENSORBOARD;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return lt_error_at(err, path, 0, "cannot open: %s",
		    strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return lt_error_at(err, path, 0, "cannot read: %s",
		    strerror(errno));
	if (n == 0)
		return lt_error_at(err, path, 0, "empty file");
	if (lt_tfevents_sniff(buf, (size_t)n))
		return LT_IMPORT_TENSORBOARD;
	buf[n] = '\0';
	if (memchr(buf, '\0', (size_t)n) != NULL)
		return lt_error_at(err, path, 0, "binary data, not a format "
		    "lt import reads; give --from");
	p = (char *)buf;
	p += strspn(p, " \t\r\n");
	if (*p == '{') {
		if (strstr(name, "trainer_state") != NULL)
			return LT_IMPORT_HF;
		if ((nl = strchr(p, '\n')) != NULL) {
			lt_buf_init(&fixed);
			lt_import_json_nan(p, (size_t)(nl - p), &fixed);
			j = json_loadb(fixed.data, fixed.len, 0, NULL);
			lt_buf_release(&fixed);
			if (j != NULL && json_object_get(j, "iteration"))
				k = LT_IMPORT_DETECTRON2;
			json_decref(j);
			if (k >= 0)
				return k;
		}
		return LT_IMPORT_HF;
	}
	if (*p == '#')
		return LT_IMPORT_SB3;
	/* A CSV header: tell the writers by their column names. */
	line = p;
	if ((nl = strpbrk(line, "\r\n")) != NULL)
		*nl = '\0';
	if (strstr(line, "step") != NULL && strstr(line, "epoch") != NULL &&
	    strstr(line, "total_timesteps") == NULL)
		return LT_IMPORT_LIGHTNING;
	if (strstr(line, "epoch") != NULL)
		return strchr(line, '/') != NULL ? LT_IMPORT_YOLO :
		    LT_IMPORT_KERAS;
	if (strstr(line, "step") != NULL || strstr(line, "Ep") != NULL ||
	    strstr(line, "rollout/") != NULL || strstr(line, "episode") != NULL)
		return LT_IMPORT_SB3;
	return lt_error_at(err, path, 1, "cannot tell the format from the "
	    "header; give --from");
}

/* A list of paths, kept sorted so that runs come in a stable order. */
struct paths {
	char	**v;
	int	 *kind;
	size_t	  n, cap;
};

static void
paths_add(struct paths *p, const char *path, int kind)
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

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
has_file(const char *dir, const char *name)
{
	char p[4096];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return stat(p, &st) == 0;
}

/* An MLflow run directory: meta.yaml beside metrics/. */
static int
is_mlflow_run(const char *dir)
{
	return has_file(dir, "meta.yaml") && has_file(dir, "metrics");
}

/*
 * Walk dir (sorted, hidden entries skipped) collecting the runs of kind
 * k (AUTO: of any kind, by file name).  MLflow runs are directories;
 * others are files.  Depth is bounded against loops through links.
 */
static int
walk(const char *dir, int k, int depth, struct paths *out,
    struct lt_error *err)
{
	struct dirent **ents;
	char path[4096];
	int n, i, j;

	if (depth > 8)
		return 0;
	if ((k == LT_IMPORT_MLFLOW || k == LT_IMPORT_AUTO) &&
	    is_mlflow_run(dir)) {
		paths_add(out, dir, LT_IMPORT_MLFLOW);
		return 0;
	}
	if ((n = scandir(dir, &ents, NULL, alphasort)) < 0)
		return lt_error_at(err, dir, 0, "cannot read the directory: "
		    "%s", strerror(errno));
	for (i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;

		if (name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s%s%s", dir,
		    dir[strlen(dir) - 1] == '/' ? "" : "/", name);
		if (is_dir(path)) {
			if (walk(path, k, depth + 1, out, err) != 0) {
				for (; i < n; i++)
					free(ents[i]);
				free(ents);
				return -1;
			}
			continue;
		}
		if (k != LT_IMPORT_AUTO && k != LT_IMPORT_MLFLOW) {
			if (name_matches(k, name))
				paths_add(out, path, k);
			continue;
		}
		for (j = 1; k == LT_IMPORT_AUTO && j < LT_IMPORT_KINDS; j++)
			if (j != LT_IMPORT_KERAS && name_matches(j, name)) {
				paths_add(out, path, j);
				break;
			}
	}
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	return 0;
}

static char *
dir_of(const char *path)
{
	char *d = lt_xstrdup(path), *s = strrchr(d, '/');

	if (s == NULL) {
		free(d);
		return lt_xstrdup(".");
	}
	*s = '\0';
	return d;
}

/* hparams.yaml beside a Lightning metrics.csv or event file. */
static int
side_hparams(struct lt_import_run *r, const char *file, struct lt_error *err)
{
	char *d = dir_of(file), p[4096];

	snprintf(p, sizeof(p), "%s/hparams.yaml", d);
	free(d);
	if (access(p, F_OK) != 0)
		return 0;
	if ((r->hparams = lt_import_yaml(p, err)) == NULL)
		return -1;
	if (!json_is_object(r->hparams)) {
		json_decref(r->hparams);
		r->hparams = NULL;
	}
	return 0;
}

static long
import_run(struct lt_import_run *r, const struct lt_import_opts *o,
    int nruns, struct lt_batch *b, struct lt_error *err)
{
	char task[LT_TASK_MAX + 1];
	struct lt_error e;

	if (r->nrows == 0) {
		lt_error_at(&e, r->file, 0, "run \"%s\" has no values; "
		    "nothing imported from it", r->name);
		note(o, &e);
		return 0;
	}
	if (o->task != NULL && nruns > 1)
		snprintf(task, sizeof(task), "%s/%s", o->task, r->name);
	else
		snprintf(task, sizeof(task), "%s", o->task ? o->task : r->name);
	return emit(r, o, task, b, err);
}

long
lt_import_source(const char *source, const struct lt_import_opts *o,
    struct lt_batch *b, struct lt_error *err)
{
	struct paths p = { 0 };
	struct lt_import_run r;
	struct lt_error e;
	struct stat st;
	size_t i, j;
	long n, total = 0;
	int k = o->from, nruns, rc;
	char *name, *d, *dj;

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
			    "directory", k == LT_IMPORT_AUTO ? "known" :
			    kind_names[k]);
		}
	} else {
		if (k == LT_IMPORT_MLFLOW)
			return lt_error_at(err, source, 0, "not an MLflow "
			    "mlruns directory");
		if (st.st_size == 0)
			return lt_error_at(err, source, 0, "empty file");
		if (k == LT_IMPORT_AUTO) {
			if ((k = sniff_file(source, err)) < 0)
				return -1;
			lt_error_at(&e, source, 0, "auto: reading it as %s",
			    kind_names[k]);
			note(o, &e);
		}
		paths_add(&p, source, k);
	}
	/* Runs: each MLflow run directory; each other file, except that
	 * the event files of one directory make one run. */
	nruns = 0;
	for (i = 0; i < p.n; i++) {
		if (p.kind[i] != LT_IMPORT_TENSORBOARD || i == 0 ||
		    p.kind[i - 1] != LT_IMPORT_TENSORBOARD) {
			nruns++;
			continue;
		}
		d = dir_of(p.v[i]);
		dj = dir_of(p.v[i - 1]);
		nruns += strcmp(d, dj) != 0;
		free(d);
		free(dj);
	}
	for (i = 0; i < p.n; i = j) {
		k = p.kind[i];
		j = i + 1;
		if (S_ISDIR(st.st_mode) && o->from == LT_IMPORT_AUTO) {
			lt_error_at(&e, p.v[i], 0, "auto: reading it as %s",
			    kind_names[k]);
			note(o, &e);
		}
		name = k == LT_IMPORT_MLFLOW ? lt_xstrdup(base_name(p.v[i])) :
		    run_name(p.v[i], k == LT_IMPORT_TENSORBOARD);
		lt_import_run_init(&r, p.v[i], name, k);
		free(name);
		switch (k) {
		case LT_IMPORT_MLFLOW:
			rc = lt_import_mlflow_run(&r, p.v[i], err);
			break;
		case LT_IMPORT_TENSORBOARD:
			d = dir_of(p.v[i]);
			rc = lt_import_tb(&r, p.v[i], o, err);
			for (; rc == 0 && j < p.n &&
			    p.kind[j] == LT_IMPORT_TENSORBOARD; j++) {
				dj = dir_of(p.v[j]);
				if (strcmp(d, dj) != 0) {
					free(dj);
					break;
				}
				free(dj);
				rc = lt_import_tb(&r, p.v[j], o, err);
			}
			free(d);
			if (rc == 0)
				rc = side_hparams(&r, p.v[i], err);
			break;
		case LT_IMPORT_HF:
		case LT_IMPORT_DETECTRON2:
			rc = lt_import_json(&r, p.v[i], err);
			break;
		default:
			rc = lt_import_csv(&r, p.v[i], err);
			if (rc == 0 && k == LT_IMPORT_LIGHTNING)
				rc = side_hparams(&r, p.v[i], err);
			break;
		}
		n = rc == 0 ? import_run(&r, o, nruns, b, err) : -1;
		lt_import_run_release(&r);
		if (n < 0) {
			paths_free(&p);
			return -1;
		}
		total += n;
	}
	paths_free(&p);
	return total;
}
