/*
 * import_csv.c - the CSV logs of Keras CSVLogger, Lightning CSVLogger,
 * Stable-Baselines3 (progress.csv, monitor.csv) and Ultralytics
 * (results.csv), through libcsv.
 *
 * libcsv trims the spaces around unquoted cells (YOLOv5 pads to 20
 * characters) and takes CR, LF and CRLF alike as the end of a row.  The
 * file is parsed a line at a time so that a message can name the line.
 */
#include <csv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_csv.h"
#include "num.h"
#include "slurp.h"

struct csv_ctx {
	struct lt_run		*run;
	enum lt_source		 kind;
	struct lt_error		*err;
	const char		*path;
	uint32_t		*cols;		/* the header's columns */
	size_t			 ncols, colcap;
	struct lt_buf		*cells;		/* of the current row */
	size_t			 ncells, cap;
	int			 key;		/* column of the step, or -1 */
	long			 line;		/* being parsed */
	long			 rows;		/* data rows so far */
	double			 t_start;	/* monitor.csv, or NaN */
	int			 t_col;		/* its t column, or -1 */
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

/* The column that holds the step, by format; NULL: the row's number. */
static const char *
key_name(enum lt_source k)
{
	switch (k) {
	case LT_SRC_KERAS:
	case LT_SRC_YOLO:
		return "epoch";
	case LT_SRC_LIGHTNING:
		return "step";
	default:
		return NULL;
	}
}

static const char *
cell(const struct csv_ctx *c, size_t i)
{
	return c->cells[i].data != NULL ? c->cells[i].data : "";
}

/* Whether the current row is a header again, as two logs concatenated
 * have: it names the step's column (or, without one, repeats the
 * header's names).  Its columns are the names of the rows after it. */
static int
is_header_again(const struct csv_ctx *c)
{
	const char *key = key_name(c->kind);
	size_t i;

	for (i = 0; key != NULL && i < c->ncells; i++)
		if (strcmp(cell(c, i), key) == 0)
			return 1;
	if (key != NULL || c->ncells != c->ncols)
		return 0;
	for (i = 0; i < c->ncols; i++)
		if ((int)i != c->key && strcmp(cell(c, i),
		    lt_run_col_name(c->run, c->cols[i])) != 0)
			return 0;
	return 1;
}

static void
header(struct csv_ctx *c)
{
	static const char *const sb3[] = { "rollout/ep_rew_mean",
	    "eval/mean_reward", "time/total_timesteps", "time/episodes",
	    "EpRewMean", "TimestepsSoFar", "EpisodesSoFar", "episodes",
	    "steps", "mean 100 episode reward", "r", NULL };
	const char *key = key_name(c->kind), *name;
	char buf[512];
	size_t i, j;
	int sb3_ok = 0, dup;

	c->ncols = c->ncells;
	c->cols = lt_xgrow(c->cols, &c->colcap, c->ncols, sizeof(*c->cols));
	c->key = c->t_col = -1;
	for (i = 0; i < c->ncols; i++) {
		name = cell(c, i);
		/* A name given twice is NAME.1, NAME.2, ... as pandas
		 * reads it, so that neither column is lost. */
		for (dup = 0, j = 0; j < i; j++)
			dup += strcmp(cell(c, j), name) == 0;
		if (dup > 0) {
			snprintf(buf, sizeof(buf), "%s.%d", name, dup);
			name = buf;
		}
		/* The step's column is the rows' key, not a value. */
		if (key != NULL && strcmp(name, key) == 0 && c->key < 0) {
			c->key = (int)i;
			continue;
		}
		c->cols[i] = lt_run_column(c->run, name, strlen(name));
		if (!isnan(c->t_start) && strcmp(name, "t") == 0)
			c->t_col = (int)i;
		for (j = 0; sb3[j] != NULL; j++)
			sb3_ok |= strcmp(name, sb3[j]) == 0;
	}
	if (key != NULL && c->key < 0) {
		lt_error_at(c->err, c->path, c->line, "no \"%s\" column: not "
		    "%s", key, lt_source_what(c->kind));
		c->failed = 1;
	} else if (c->kind == LT_SRC_SB3 && !sb3_ok) {
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
	const struct lt_buf *kb;
	double t = NAN, x;
	int64_t step;
	size_t i;

	(void)term;
	if (c->failed)
		goto done;
	if (c->cols == NULL || is_header_again(c)) {
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
		kb = &c->cells[c->key];
		if (kb->len == 0 || lt_num_parse_int(kb->data, kb->len,
		    &step) != 0) {
			lt_error_at(c->err, c->path, c->line, "%s \"%s\" is "
			    "not an integer", lt_run_col_name(c->run,
			    c->cols[c->key]), cell(c, (size_t)c->key));
			c->failed = 1;
			goto done;
		}
	} else
		step = c->rows;
	/* monitor.csv: t is seconds since the t_start of its first line. */
	if (c->t_col >= 0 && lt_num_parse(cell(c, (size_t)c->t_col),
	    c->cells[c->t_col].len, &x) == 0)
		t = c->t_start + x;
	lt_run_begin(c->run, step, t, c->line);
	for (i = 0; i < c->ncols; i++)
		if ((int)i != c->key)
			lt_run_text(c->run, c->cols[i], cell(c, i),
			    c->cells[i].len);
	lt_run_end(c->run);
done:
	c->ncells = 0;
}

/* monitor.csv's first line, "#{...}" or "# {...} ": the run's t_start
 * and env_id, kept as the run's facts. */
static int
monitor_header(struct csv_ctx *c, const char *s, size_t len)
{
	json_t *j, *ts;

	j = json_loadb(s + 1, len - 1, 0, NULL);
	if (!json_is_object(j)) {
		json_decref(j);
		return lt_error_at(c->err, c->path, 1, "a first line of \"#\" "
		    "is not followed by a JSON object");
	}
	if ((ts = json_object_get(j, "t_start")) != NULL &&
	    json_is_number(ts))
		c->t_start = json_number_value(ts);
	lt_run_fact(c->run, "monitor", j);
	c->run->key_by_time = !isnan(c->t_start);
	return 0;
}

int
lt_import_csv(struct lt_run *r, enum lt_source kind, const char *path,
    struct lt_error *err)
{
	struct csv_parser p;
	struct csv_ctx c;
	struct lt_buf text;
	char *s, *end, *nl;
	size_t i;

	lt_buf_init(&text);
	if (lt_slurp(path, &text, err) != 0) {
		lt_buf_release(&text);
		return -1;
	}
	if (text.len == 0 || (s = memchr(text.data, '\0', text.len)) != NULL) {
		if (text.len == 0)
			lt_error_at(err, path, 0, "empty file");
		else
			lt_error_at(err, path, 0, "binary data at byte %zu: not "
			    "a CSV file", (size_t)(s - text.data));
		lt_buf_release(&text);
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.run = r;
	c.kind = kind;
	c.err = err;
	c.path = path;
	c.t_start = NAN;
	c.line = 1;
	r->step_name = key_name(kind);
	r->step_is_row = r->step_name == NULL;
	s = text.data;
	end = text.data + text.len;
	/* An unfinished last line is a writer still writing it: it is
	 * left for the next import. */
	if (end[-1] != '\n') {
		while (end > s && end[-1] != '\n')
			end--;
		r->held_back = 1;
	}
	if (s < end && *s == '#') {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (monitor_header(&c, s, (size_t)(nl - s)) != 0) {
			lt_buf_release(&text);
			return -1;
		}
		s = nl + 1;
		c.line = 2;
	}
	if (csv_init(&p, CSV_APPEND_NULL) != 0) {
		lt_buf_release(&text);
		return lt_error_set(err, "out of memory");
	}
	for (; s < end && !c.failed; s = nl, c.line++) {
		nl = (char *)memchr(s, '\n', (size_t)(end - s)) + 1;
		if (csv_parse(&p, s, (size_t)(nl - s), on_field, on_row, &c) !=
		    (size_t)(nl - s)) {
			lt_error_at(err, path, c.line, "%s",
			    csv_strerror(csv_error(&p)));
			c.failed = 1;
		}
	}
	if (!c.failed)
		csv_fini(&p, on_field, on_row, &c);
	csv_free(&p);
	if (!c.failed && c.cols == NULL && !r->held_back) {
		lt_error_at(err, path, 0, "no header line");
		c.failed = 1;
	}
	free(c.cols);
	for (i = 0; i < c.cap; i++)
		lt_buf_release(&c.cells[i]);
	free(c.cells);
	lt_buf_release(&text);
	return c.failed ? -1 : 0;
}
