/*
 * import_mlflow.c - MLflow file-store runs (mlruns/EXP/RUN/).
 *
 * A run directory holds meta.yaml (run_name, or the older run_uuid),
 * metrics/NAME files of "TIMESTAMP_MS VALUE STEP" lines, params/NAME and
 * tags/NAME files of one value each.  A name with '/' is a nested path
 * (metrics/train/box_loss), so the directories are walked and the names
 * rebuilt; hidden files (.DS_Store) are not metrics.
 *
 * Each metric is a file of its own, so the points of all metrics are
 * gathered and filed in the order they were logged: by time, the first
 * point of a step before a point logged again at it (a metric re-logged
 * at its step, as ultralytics re-logs the final validation, comes after
 * every metric's first point there), then by name.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "event.h"
#include "import_mlflow.h"
#include "num.h"
#include "slurp.h"
#include "yamljson.h"

struct point {
	double		 ms;
	int64_t		 step;
	double		 value;		/* NaN: not finite */
	uint32_t	 col;
	uint32_t	 occ;		/* earlier points of its file at step */
	size_t		 seq;		/* in the order read */
	long		 line;
};

struct points {
	struct point	*p;
	size_t		 n, cap;
};

static int
point_cmp(const void *a, const void *b)
{
	const struct point *x = a, *y = b;

	if (x->ms != y->ms)
		return x->ms < y->ms ? -1 : 1;
	if (x->occ != y->occ)
		return x->occ < y->occ ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
step_cmp(const void *a, const void *b)
{
	const struct point *x = *(const struct point *const *)a;
	const struct point *y = *(const struct point *const *)b;

	if (x->step != y->step)
		return x->step < y->step ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Number the points p[0..n) of one file logged at a step already. */
static void
count_occurrences(struct point *p, size_t n)
{
	struct point **v = lt_xcalloc(n ? n : 1, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = &p[i];
	qsort(v, n, sizeof(*v), step_cmp);
	for (i = 1; i < n; i++)
		if (v[i]->step == v[i - 1]->step)
			v[i]->occ = v[i - 1]->occ + 1;
	free(v);
}

/* One metric file: "TIMESTAMP_MS VALUE STEP" a line. */
static int
metric_file(struct lt_run *r, const char *path, const char *name,
    struct lt_buf *text, struct points *pts, struct lt_error *err)
{
	struct point *p;
	char *s, *end, *nl, *f[3], *save;
	size_t first = pts->n;
	long line = 0;
	uint32_t col;
	int k;

	if (lt_slurp(path, text, err) != 0)
		return -1;
	s = text->data;
	end = s + text->len;
	if (memchr(s, '\0', text->len) != NULL)
		return lt_error_at(err, path, 0, "binary data: not an MLflow "
		    "metric file");
	if (end > s && end[-1] != '\n') {
		while (end > s && end[-1] != '\n')
			end--;
		r->held_back = 1;
	}
	col = lt_run_column(r, name, strlen(name));
	for (; s < end; s = nl + 1) {
		line++;
		nl = memchr(s, '\n', (size_t)(end - s));
		*nl = '\0';
		if (strspn(s, " \t\r") == (size_t)(nl - s))
			continue;
		for (k = 0; k < 3; k++)
			f[k] = strtok_r(k == 0 ? s : NULL, " \t\r", &save);
		pts->p = lt_xgrow(pts->p, &pts->cap, pts->n, sizeof(*pts->p));
		p = &pts->p[pts->n];
		if (f[2] == NULL || strtok_r(NULL, " \t\r", &save) != NULL ||
		    lt_num_parse(f[0], strlen(f[0]), &p->ms) != 0 ||
		    lt_num_parse_int(f[2], strlen(f[2]), &p->step) != 0)
			return lt_error_at(err, path, line, "expected "
			    "\"TIMESTAMP VALUE STEP\"");
		if (lt_num_parse(f[1], strlen(f[1]), &p->value) != 0)
			p->value = NAN;		/* nan, inf */
		p->col = col;
		p->line = line;
		p->seq = pts->n;
		p->occ = 0;
		pts->n++;
	}
	if (pts->n > first)	/* else pts->p may be NULL */
		count_occurrences(pts->p + first, pts->n - first);
	return 0;
}

/* params/ and tags/: one value a file, no newline at its end. */
static void
value_file(json_t *obj, const char *name, const struct lt_buf *text,
    int typed)
{
	json_t *v = NULL;
	size_t len = text->len;

	while (len > 0 && (text->data[len - 1] == '\n' ||
	    text->data[len - 1] == '\r'))
		len--;
	if (typed)
		v = lt_meta_value(text->data, len);
	else
		v = json_stringn(text->data, len);
	json_object_set_new(obj, name, v != NULL ? v : json_null());
}

enum walk_kind { WALK_METRICS, WALK_PARAMS, WALK_TAGS };

/* a, sep and b into buf[size]; -1 with err when they do not fit, rather
 * than a path cut short naming another file. */
static int
join(char *buf, size_t size, const char *a, const char *sep, const char *b,
    struct lt_error *err)
{
	int n = snprintf(buf, size, "%s%s%s", a, sep, b);

	if (n < 0 || (size_t)n >= size)
		return lt_error_at(err, a, 0, "a path in it is longer than %zu "
		    "bytes", size - 1);
	return 0;
}

/*
 * Walk dir/rel: read each metric into pts, or each param or tag into
 * obj, under its name rebuilt from its path.
 */
static int
walk(struct lt_run *r, const char *dir, const char *rel, enum walk_kind wk,
    json_t *obj, struct points *pts, struct lt_buf *text,
    struct lt_error *err)
{
	struct dirent **ents;
	char path[4096], name[2048];
	struct stat st;
	int n, i, rc = 0;

	if (join(path, sizeof(path), dir, *rel ? "/" : "", rel, err) != 0)
		return -1;
	if ((n = scandir(path, &ents, NULL, alphasort)) < 0)
		return errno == ENOENT ? 0 : lt_error_at(err, path, 0,
		    "cannot read the directory: %s", strerror(errno));
	for (i = 0; i < n; i++) {
		if (rc != 0 || ents[i]->d_name[0] == '.')
			continue;
		if ((rc = join(name, sizeof(name), rel, *rel ? "/" : "",
		    ents[i]->d_name, err)) != 0 ||
		    (rc = join(path, sizeof(path), dir, "/", name, err)) != 0)
			continue;
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			rc = walk(r, dir, name, wk, obj, pts, text, err);
		else if (wk == WALK_METRICS)
			rc = metric_file(r, path, name, text, pts, err);
		else if ((rc = lt_slurp(path, text, err)) == 0)
			value_file(obj, name, text, wk == WALK_PARAMS);
	}
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	return rc;
}

int
lt_import_mlflow(struct lt_run *r, const char *dir, struct lt_error *err)
{
	struct points pts = { 0 };
	struct lt_buf text;
	char path[4096];
	json_t *meta, *v, *params, *tags;
	size_t i;
	int rc;

	r->step_name = "step";
	if (join(path, sizeof(path), dir, "/", "meta.yaml", err) != 0 ||
	    (meta = lt_yaml_load(path, err)) == NULL)
		return -1;
	if ((v = json_object_get(meta, "run_name")) != NULL &&
	    json_is_string(v) && json_string_length(v) > 0)
		lt_run_rename(r, json_string_value(v));
	lt_run_fact(r, "meta", meta);
	lt_buf_init(&text);
	params = json_object();
	tags = json_object();
	/* meta.yaml fitted: so do these shorter names. */
	(void)join(path, sizeof(path), dir, "/", "metrics", err);
	rc = walk(r, path, "", WALK_METRICS, NULL, &pts, &text, err);
	(void)join(path, sizeof(path), dir, "/", "params", err);
	if (rc == 0)
		rc = walk(r, path, "", WALK_PARAMS, params, NULL, &text, err);
	(void)join(path, sizeof(path), dir, "/", "tags", err);
	if (rc == 0)
		rc = walk(r, path, "", WALK_TAGS, tags, NULL, &text, err);
	lt_buf_release(&text);
	lt_run_fact(r, "params", params);
	lt_run_fact(r, "tags", tags);
	if (rc == 0 && pts.n > 0) {
		qsort(pts.p, pts.n, sizeof(*pts.p), point_cmp);
		for (i = 0; i < pts.n; i++) {
			lt_run_begin(r, pts.p[i].step, pts.p[i].ms / 1000, 0);
			lt_run_real(r, pts.p[i].col, pts.p[i].value);
			lt_run_end(r);
		}
	}
	free(pts.p);
	return rc;
}
