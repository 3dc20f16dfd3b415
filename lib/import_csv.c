/*
 * import_csv.c - the CSV logs of Keras CSVLogger, Lightning CSVLogger,
 * Stable-Baselines3 (progress.csv, monitor.csv) and Ultralytics
 * (results.csv), through libcsv.
 *
 * libcsv trims the spaces around unquoted cells (YOLOv5 pads to 20
 * characters) and takes CR, LF and CRLF alike as the end of a row.
 */
#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "num.h"

struct csv_ctx {
	struct lt_import_run	*run;
	struct lt_error		*err;
	const char		*path;
	char			**cols;		/* the header */
	size_t			 ncols;
	struct lt_buf		*cells;		/* of the current row */
	size_t			 ncells, cap;
	int			 key;		/* column of the step, or -1 */
	long			 line;		/* being parsed */
	long			 rows;		/* data rows so far */
	double			 t_start;	/* monitor.csv, or NaN */
	int			 failed;
};

static void
on_field(void *s, size_t len, void *data)
{
	struct csv_ctx *c = data;

	if (c->ncells == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 32;
		c->cells = lt_xrealloc(c->cells, c->cap * sizeof(*c->cells));
		memset(c->cells + c->ncells, 0, (c->cap - c->ncells) *
		    sizeof(*c->cells));
	}
	lt_buf_reset(&c->cells[c->ncells]);
	lt_buf_add(&c->cells[c->ncells], s ? s : "", s ? len : 0);
	c->ncells++;
}

static const char *
key_name(enum lt_import_kind k)
{
	switch (k) {
	case LT_IMPORT_KERAS:
	case LT_IMPORT_YOLO:
		return "epoch";
	case LT_IMPORT_LIGHTNING:
		return "step";
	default:
		return NULL;	/* the row number */
	}
}

static void
header(struct csv_ctx *c)
{
	const char *key = key_name(c->run->kind);
	size_t i;

	c->ncols = c->ncells;
	c->cols = lt_xcalloc(c->ncols, sizeof(*c->cols));
	c->key = -1;
	for (i = 0; i < c->ncols; i++) {
		c->cols[i] = lt_xstrdup(c->cells[i].data ? c->cells[i].data :
		    "");
		if (key != NULL && strcmp(c->cols[i], key) == 0)
			c->key = (int)i;
	}
	if (key != NULL && c->key < 0) {
		lt_error_at(c->err, c->path, c->line, "no \"%s\" column: not "
		    "a %s file", key, lt_import_kind_name(c->run->kind));
		c->failed = 1;
		return;
	}
	if (c->run->kind == LT_IMPORT_SB3) {
		static const char *const known[] = { "rollout/ep_rew_mean",
		    "time/total_timesteps", "time/episodes", "EpRewMean",
		    "TimestepsSoFar", "episodes", "steps", "r", NULL };
		int j;

		for (i = 0; i < c->ncols; i++)
			for (j = 0; known[j] != NULL; j++)
				if (strcmp(c->cols[i], known[j]) == 0)
					return;
		lt_error_at(c->err, c->path, c->line, "no rollout/ep_rew_mean, "
		    "time/*, EpRewMean, episodes or r column: not a "
		    "Stable-Baselines progress.csv or monitor.csv");
		c->failed = 1;
	}
}

static void
on_row(int term, void *data)
{
	struct csv_ctx *c = data;
	struct lt_import_row *row;
	int64_t step;
	size_t i;
	json_t *v;

	(void)term;
	if (c->failed)
		goto done;
	if (c->cols == NULL) {
		header(c);
		goto done;
	}
	if (c->ncells != c->ncols) {
		lt_error_at(c->err, c->path, c->line, "expected %zu cells, "
		    "found %zu", c->ncols, c->ncells);
		c->failed = 1;
		goto done;
	}
	c->rows++;
	if (c->key >= 0) {
		const struct lt_buf *kb = &c->cells[c->key];

		if (kb->len == 0 || lt_num_parse_int(kb->data, kb->len,
		    &step) != 0) {
			lt_error_at(c->err, c->path, c->line, "%s \"%s\" is "
			    "not an integer", c->cols[c->key], kb->len ?
			    kb->data : "");
			c->failed = 1;
			goto done;
		}
	} else
		step = c->rows;
	row = lt_import_row(c->run, step, c->line);
	for (i = 0; i < c->ncols; i++) {
		v = lt_import_cell(c->cells[i].data ? c->cells[i].data : "",
		    c->cells[i].len);
		lt_import_set(c->run, row, c->cols[i], v);
	}
	/* monitor.csv: t is seconds since the t_start of its first line. */
	if (!isnan(c->t_start) && (v = json_object_get(row->vals, "t")) &&
	    json_is_number(v))
		row->time = c->t_start + json_number_value(v);
done:
	c->ncells = 0;
}

int
lt_import_csv(struct lt_import_run *r, const char *path, struct lt_error *err)
{
	struct csv_parser p;
	struct csv_ctx c;
	struct lt_buf text;
	FILE *fp;
	char chunk[65536], *s, *end, *nl;
	size_t n, i;
	json_t *j, *ts;

	if ((fp = fopen(path, "rb")) == NULL)
		return lt_error_at(err, path, 0, "cannot open: %s",
		    strerror(errno));
	lt_buf_init(&text);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		lt_buf_add(&text, chunk, n);
	if (ferror(fp)) {
		fclose(fp);
		lt_buf_release(&text);
		return lt_error_at(err, path, 0, "cannot read: %s",
		    strerror(errno));
	}
	fclose(fp);
	if (text.len == 0) {
		lt_buf_release(&text);
		return lt_error_at(err, path, 0, "empty file");
	}
	if ((s = memchr(text.data, '\0', text.len)) != NULL) {
		lt_error_at(err, path, 0, "binary data at byte %zu: not a CSV "
		    "file", (size_t)(s - text.data));
		lt_buf_release(&text);
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.run = r;
	c.err = err;
	c.path = path;
	c.t_start = NAN;
	c.line = 1;
	s = text.data;
	end = text.data + text.len;
	/* monitor.csv opens with "#{...}" or "# {...} ": the episode times
	 * count from its t_start. */
	if (*s == '#') {
		nl = memchr(s, '\n', (size_t)(end - s));
		nl = nl ? nl : end;
		j = json_loadb(s + 1, (size_t)(nl - s - 1), 0, NULL);
		if (j != NULL && (ts = json_object_get(j, "t_start")) != NULL &&
		    json_is_number(ts))
			c.t_start = json_number_value(ts);
		json_decref(j);
		s = nl < end ? nl + 1 : end;
		c.line = 2;
	}
	if (csv_init(&p, CSV_APPEND_NULL) != 0) {
		lt_buf_release(&text);
		return lt_error_set(err, "out of memory");
	}
	/* A line at a time, so that a message can name the line. */
	while (s < end && !c.failed) {
		nl = memchr(s, '\n', (size_t)(end - s));
		nl = nl ? nl + 1 : end;
		if (csv_parse(&p, s, (size_t)(nl - s), on_field, on_row, &c) !=
		    (size_t)(nl - s)) {
			lt_error_at(err, path, c.line, "%s",
			    csv_strerror(csv_error(&p)));
			c.failed = 1;
			break;
		}
		if (nl[-1] == '\n')
			c.line++;
		s = nl;
	}
	if (!c.failed)
		csv_fini(&p, on_field, on_row, &c);
	csv_free(&p);
	if (!c.failed && c.cols == NULL) {
		lt_error_at(err, path, 0, "no header line");
		c.failed = 1;
	}
	for (i = 0; i < c.ncols; i++)
		free(c.cols[i]);
	free(c.cols);
	for (i = 0; i < c.cap; i++)
		lt_buf_release(&c.cells[i]);
	free(c.cells);
	lt_buf_release(&text);
	r->key = key_name(r->kind);
	r->step_is_row = r->key == NULL;
	return c.failed ? -1 : 0;
}
