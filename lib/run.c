/*
 * run.c - records filed into rows; columns and their counts.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "buf.h"
#include "event.h"
#include "num.h"
#include "run.h"

struct lt_run_step {
	int64_t		 step;
	size_t		 latest;	/* its latest row */
};

void
lt_run_init(struct lt_run *r, const char *file, const char *name)
{
	struct stat st;

	memset(r, 0, sizeof(*r));
	r->file = lt_xstrdup(file);
	r->name = lt_xstrdup(name);
	r->facts = json_object();
	r->mtime = stat(file, &st) == 0 ? (double)st.st_mtim.tv_sec +
	    st.st_mtim.tv_nsec / 1e9 : 0;
}

static void
cell_release(struct lt_run_cell *c)
{
	if (c->type == LT_RV_JSON)
		json_decref(c->v.j);
}

void
lt_run_release(struct lt_run *r)
{
	size_t i;

	for (i = 0; i < r->ncells; i++)
		cell_release(&r->cells[i]);
	for (i = 0; i < r->nrec; i++)
		cell_release(&r->rec[i]);
	free(r->cells);
	free(r->rec);
	free(r->rows);
	free(r->col);
	free(r->steps);
	lt_hashtab_release(&r->stepix);
	lt_tasktab_release(&r->cols);
	json_decref(r->facts);
	free(r->file);
	free(r->name);
	memset(r, 0, sizeof(*r));
}

void
lt_run_rename(struct lt_run *r, const char *name)
{
	free(r->name);
	r->name = lt_xstrdup(name);
}

uint32_t
lt_run_column(struct lt_run *r, const char *name, size_t len)
{
	char *fixed = NULL;
	size_t i;
	int added;

	if (!lt_utf8_valid(name, len)) {
		fixed = lt_xstrndup(name, len);
		for (i = 0; i < len; i++)
			if ((unsigned char)fixed[i] >= 0x80)
				fixed[i] = '?';
		name = fixed;
	}
	i = lt_tasktab_intern(&r->cols, name, len, &added);
	free(fixed);
	if (added) {
		r->col = lt_xgrow(r->col, &r->colcap, i, sizeof(*r->col));
		r->col[i].min = INFINITY;
		r->col[i].all_int = r->col[i].all_num = 1;
		r->col[i].max_step = INT64_MIN;
	}
	return (uint32_t)i;
}

const char *
lt_run_col_name(const struct lt_run *r, uint32_t col)
{
	return r->cols.names[col];
}

size_t
lt_run_ncols(const struct lt_run *r)
{
	return r->cols.n;
}

long
lt_run_find_col(const struct lt_run *r, const char *name)
{
	return lt_tasktab_find(&r->cols, name, strlen(name));
}

void
lt_run_fact(struct lt_run *r, const char *key, json_t *v)
{
	json_object_set_new(r->facts, key, v);
}

/*
 * Records.
 */

void
lt_run_begin(struct lt_run *r, int64_t step, double time, long line)
{
	if (r->in_rec)
		lt_run_end(r);
	r->in_rec = 1;
	r->rec_step = step;
	r->rec_time = time;
	r->rec_line = line;
	r->rec_stamp++;
	r->nrec = 0;
}

static void
rec_add(struct lt_run *r, uint32_t col, int type, double d, int64_t i,
    json_t *j)
{
	struct lt_run_cell *c;

	if (r->col[col].stamp == r->rec_stamp) {
		/* The column again in one record: another measurement. */
		int64_t step = r->rec_step;
		double time = r->rec_time;
		long line = r->rec_line;

		lt_run_end(r);
		lt_run_begin(r, step, time, line);
	}
	r->col[col].stamp = r->rec_stamp;
	if (r->nrec == r->reccap) {
		r->reccap = r->reccap ? 2 * r->reccap : 32;
		r->rec = lt_xrealloc(r->rec, r->reccap * sizeof(*r->rec));
	}
	c = &r->rec[r->nrec++];
	memset(c, 0, sizeof(*c));
	c->col = col;
	c->time = r->rec_time;
	c->type = (uint8_t)type;
	if (type == LT_RV_REAL)
		c->v.d = d;
	else if (type == LT_RV_INT)
		c->v.i = i;
	else
		c->v.j = j;
}

void
lt_run_bad(struct lt_run *r, uint32_t col)
{
	r->col[col].nbad++;
}

void
lt_run_real(struct lt_run *r, uint32_t col, double v)
{
	if (!isfinite(v))
		lt_run_bad(r, col);
	else
		rec_add(r, col, LT_RV_REAL, v, 0, NULL);
}

void
lt_run_int(struct lt_run *r, uint32_t col, int64_t v)
{
	rec_add(r, col, LT_RV_INT, 0, v, NULL);
}

void
lt_run_json(struct lt_run *r, uint32_t col, json_t *v)
{
	if (v == NULL)
		return;
	if (json_is_integer(v))
		lt_run_int(r, col, json_integer_value(v));
	else if (json_is_real(v))
		lt_run_real(r, col, json_real_value(v));
	else {
		rec_add(r, col, LT_RV_JSON, 0, 0, v);
		return;
	}
	json_decref(v);
}

void
lt_run_text(struct lt_run *r, uint32_t col, const char *s, size_t len)
{
	int64_t i;
	double x;
	json_t *v;
	int kind;

	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\r'))
		len--;
	if (len == 0)
		return;
	kind = lt_num_json_kind(s, len);
	if (kind == 1 && lt_num_parse_int(s, len, &i) == 0)
		lt_run_int(r, col, i);
	else if (lt_num_parse(s, len, &x) == 0)
		lt_run_real(r, col, x);
	else if ((len == 3 && strncasecmp(s, "nan", 3) == 0) ||
	    (len >= 3 && (strncasecmp(s, "inf", 3) == 0 ||
	    strncasecmp(s, "-inf", 4) == 0 || strncasecmp(s, "+inf", 4) == 0)))
		lt_run_bad(r, col);
	else if ((v = lt_meta_value(s, len)) == NULL)
		lt_run_bad(r, col);		/* not UTF-8 */
	else
		rec_add(r, col, LT_RV_JSON, 0, 0, v);
}

static int
same_value(const struct lt_run_cell *a, const struct lt_run_cell *b)
{
	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case LT_RV_REAL:
		return memcmp(&a->v.d, &b->v.d, sizeof(double)) == 0;
	case LT_RV_INT:
		return a->v.i == b->v.i;
	default:
		return json_equal(a->v.j, b->v.j);
	}
}

/* The cell of column col in row, or NULL. */
static struct lt_run_cell *
row_cell(struct lt_run *r, const struct lt_run_row *row, uint32_t col)
{
	uint32_t k;

	for (k = row->first; k != 0; k = r->cells[k - 1].next)
		if (r->cells[k - 1].col == col)
			return &r->cells[k - 1];
	return NULL;
}

struct step_key {
	const struct lt_run	*r;
	int64_t			 step;
};

static int
same_step(const void *ctx, size_t ix)
{
	const struct step_key *k = ctx;

	return k->r->steps[ix].step == k->step;
}

/* The latest row of step, or -1; *stepix gets the step's index, or -1
 * for a step not seen yet, or -2 when it was not looked up. */
static long
latest_row(struct lt_run *r, int64_t step, long *stepix)
{
	struct step_key k = { r, step };
	long i;

	/* Steps mostly come in order, a few records each, and a run
	 * appended to the file repeats its rows in their order: the row
	 * touched last, a step never seen, and the row after the last are
	 * the likely answers, without hashing. */
	if (r->hot != 0 && r->rows[r->hot - 1].step == step) {
		*stepix = -2;
		return (long)r->hot - 1;
	}
	if (r->nrows == 0 || step > r->max_step) {
		*stepix = -1;
		return -1;
	}
	if (r->hot != 0 && r->hot < r->nrows && r->rows[r->hot].step == step &&
	    r->rows[r->hot].latest) {
		*stepix = -2;
		return (long)r->hot;
	}
	i = lt_hashtab_find(&r->stepix, lt_hash_u64((uint64_t)step),
	    same_step, &k);
	*stepix = i;
	return i < 0 ? -1 : (long)r->steps[i].latest;
}

static size_t
new_row(struct lt_run *r, long stepix)
{
	struct step_key k = { r, r->rec_step };
	struct lt_run_row *row;
	size_t i;

	if (r->nrows == r->rowcap) {
		r->rowcap = r->rowcap ? 2 * r->rowcap : 256;
		r->rows = lt_xrealloc(r->rows, r->rowcap * sizeof(*r->rows));
	}
	i = r->nrows++;
	row = &r->rows[i];
	row->step = r->rec_step;
	row->time = NAN;
	row->line = r->rec_line;
	row->first = row->last = 0;
	row->latest = 1;
	if (r->nrows == 1 || r->rec_step > r->max_step)
		r->max_step = r->rec_step;
	if (stepix == -2)
		stepix = lt_hashtab_find(&r->stepix, lt_hash_u64((uint64_t)
		    r->rec_step), same_step, &k);
	if (stepix < 0) {
		if (r->nsteps == r->stepcap) {
			r->stepcap = r->stepcap ? 2 * r->stepcap : 256;
			r->steps = lt_xrealloc(r->steps, r->stepcap *
			    sizeof(*r->steps));
		}
		r->steps[r->nsteps].step = r->rec_step;
		lt_hashtab_add(&r->stepix, lt_hash_u64((uint64_t)r->rec_step),
		    r->nsteps);
		stepix = (long)r->nsteps++;
	} else
		r->rows[r->steps[stepix].latest].latest = 0;
	r->steps[stepix].latest = i;
	return i;
}

/* Append the record's cell c to row ri. */
static void
file_cell(struct lt_run *r, size_t ri, const struct lt_run_cell *c)
{
	struct lt_run_row *row = &r->rows[ri];
	struct lt_run_col *col = &r->col[c->col];
	struct lt_run_cell *nc;
	double x;

	if (r->ncells == r->cellcap) {
		r->cellcap = r->cellcap ? 2 * r->cellcap : 1024;
		r->cells = lt_xrealloc(r->cells, r->cellcap *
		    sizeof(*r->cells));
	}
	nc = &r->cells[r->ncells++];
	*nc = *c;
	nc->next = 0;
	if (row->last != 0)
		r->cells[row->last - 1].next = (uint32_t)r->ncells;
	else
		row->first = (uint32_t)r->ncells;
	row->last = (uint32_t)r->ncells;
	if (col->nvals++ == 0 || ri < col->first_row)
		col->first_row = ri;
	if (ri > col->last_row)
		col->last_row = ri;
	if (c->type == LT_RV_JSON) {
		col->all_num = col->all_int = 0;
	} else {
		x = c->type == LT_RV_INT ? (double)c->v.i : c->v.d;
		if (c->type == LT_RV_REAL)
			col->all_int = 0;
		if (x < col->min)
			col->min = x;
	}
	if (r->rec_step > col->max_step)
		col->max_step = r->rec_step;
}

void
lt_run_end(struct lt_run *r)
{
	struct lt_run_cell *c, *old;
	size_t i, ri;
	long li, stepix = -2;
	int fresh = 0;

	if (!r->in_rec)
		return;
	r->in_rec = 0;
	if (r->nrec == 0)
		return;
	li = latest_row(r, r->rec_step, &stepix);
	/* A column never logged at a step this large cannot be in the
	 * row: only the others need looking for. */
	for (i = 0; li >= 0 && i < r->nrec; i++) {
		c = &r->rec[i];
		if (r->col[c->col].max_step < r->rec_step)
			continue;
		if ((old = row_cell(r, &r->rows[li], c->col)) != NULL &&
		    !same_value(old, c))
			li = -1;
	}
	if (li < 0) {
		li = (long)new_row(r, stepix);
		fresh = 1;
	}
	ri = (size_t)li;
	for (i = 0; i < r->nrec; i++) {
		c = &r->rec[i];
		if (!fresh && r->col[c->col].max_step >= r->rec_step &&
		    row_cell(r, &r->rows[ri], c->col) != NULL) {
			cell_release(c);	/* logged again, same value */
			continue;
		}
		file_cell(r, ri, c);
	}
	r->nrec = 0;
	if (!isnan(r->rec_time) && !(r->rec_time <= r->rows[ri].time))
		r->rows[ri].time = r->rec_time;
	r->hot = ri + 1;
}

const struct lt_run_cell *
lt_run_first_cell(const struct lt_run *r, const struct lt_run_row *row)
{
	return row->first ? &r->cells[row->first - 1] : NULL;
}

const struct lt_run_cell *
lt_run_next_cell(const struct lt_run *r, const struct lt_run_cell *c)
{
	return c->next ? &r->cells[c->next - 1] : NULL;
}

json_t *
lt_run_cell_json(const struct lt_run_cell *c)
{
	switch (c->type) {
	case LT_RV_REAL:
		return json_real(c->v.d);
	case LT_RV_INT:
		return json_integer(c->v.i);
	default:
		return json_incref(c->v.j);
	}
}

double
lt_run_cell_num(const struct lt_run_cell *c)
{
	switch (c->type) {
	case LT_RV_REAL:
		return c->v.d;
	case LT_RV_INT:
		return (double)c->v.i;
	default:
		return NAN;
	}
}
