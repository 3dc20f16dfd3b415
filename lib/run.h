/*
 * run.h - a run of a training log as its source logged it: the bottom
 * layer of lt import, which every format's reader fills.
 *
 * A source (a CSV log, a JSON file, a TensorBoard event file, an MLflow
 * run) is a sequence of records, each logged at a step (the epoch, the
 * step, the iteration, the row's number) and holding values under
 * column names.  A run gathers the records into rows, one row per
 * measurement point:
 *
 *   - a record joins the latest row of its step, so the separate train,
 *     validation and learning-rate rows of one Lightning step, or the
 *     tags of one TensorBoard step, make one row;
 *   - unless that row holds one of the record's columns already, with
 *     another value: then the record starts a new row of the same step
 *     (a run appended to the file whose steps restart, a value logged
 *     again at its step, as MLflow re-logs YOLO's final validation);
 *   - a value logged again with the same value at its step is the same
 *     measurement, kept once.
 *
 * Rows keep the order in which they were first logged, so "the latest
 * earlier value" of a column is the one logged last before.  Values are
 * numbers (integers kept as such) or, rarely, other JSON (a string in a
 * CSV cell); NaN and infinite numbers, which an event cannot hold, are
 * counted per column and not stored.
 *
 * The run owns everything it holds; lt_run_release frees it.
 */
#ifndef LT_RUN_H
#define LT_RUN_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "hashtab.h"
#include "tasktab.h"

/* What a cell holds. */
enum lt_run_vtype {
	LT_RV_REAL,
	LT_RV_INT,
	LT_RV_JSON		/* a string, true, false, null, ... */
};

struct lt_run_cell {
	uint32_t	 col;
	uint32_t	 next;		/* the row's next cell + 1; 0: last */
	uint8_t		 type;		/* enum lt_run_vtype */
	uint8_t		 used;		/* for the mapping: in an event */
	double		 time;		/* of its record, or NaN */
	union {
		double	 d;
		int64_t	 i;
		json_t	*j;		/* owned */
	} v;
};

struct lt_run_row {
	int64_t		 step;
	double		 time;		/* Unix seconds (its records' latest),
					   or NaN: the source has no times */
	long		 line;		/* of its first record, or 0 */
	uint32_t	 first;		/* its first cell + 1; 0: none */
	uint32_t	 last;		/* its last cell + 1 */
	int		 latest;	/* the latest row of its step */
};

/* What a run knows of a column. */
struct lt_run_col {
	size_t		 nvals;		/* values stored */
	size_t		 nbad;		/* NaN, infinite or not UTF-8 */
	size_t		 first_row;	/* the first row holding it */
	size_t		 last_row;	/* the last */
	double		 min;		/* of its numbers (+inf: none) */
	int		 all_int;	/* every value an integer */
	int		 all_num;	/* every value a number */
	int64_t		 max_step;	/* largest step it was logged at */
	unsigned	 stamp;		/* the record that set it last */
};

struct lt_run_step;

struct lt_run {
	char			*name;		/* the run's name */
	char			*file;		/* the source, for messages */
	json_t			*facts;		/* run-level facts, owned */
	double			 mtime;		/* of the source */
	const char		*step_name;	/* the column of the step
						   ("epoch"), or NULL */
	int			 step_is_row;	/* steps number the rows */
	int			 key_by_time;	/* see lt-import(1) */
	int			 held_back;	/* an unfinished last record
						   was left out */

	struct lt_tasktab	 cols;		/* names[i] is column i's */
	struct lt_run_col	*col;
	size_t			 colcap;
	struct lt_run_row	*rows;
	size_t			 nrows, rowcap;
	struct lt_run_cell	*cells;
	size_t			 ncells, cellcap;

	/* The steps seen, each with its latest row. */
	struct lt_hashtab	 stepix;
	struct lt_run_step	*steps;
	size_t			 nsteps, stepcap;
	size_t			 hot;		/* the row touched last + 1 */
	int64_t			 max_step;	/* of all rows, if nrows */

	/* The record being read. */
	struct lt_run_cell	*rec;
	size_t			 nrec, reccap;
	int64_t			 rec_step;
	double			 rec_time;
	long			 rec_line;
	unsigned		 rec_stamp;
	int			 in_rec;
};

/* Start an empty run of the source file, named name (both copied; the
 * source's modification time is taken from file).  Release with
 * lt_run_release. */
void	lt_run_init(struct lt_run *r, const char *file, const char *name);
void	lt_run_release(struct lt_run *r);

/* Rename the run (name copied). */
void	lt_run_rename(struct lt_run *r, const char *name);

/* The index of the column named name[0..len), added when new.  A name
 * that is not UTF-8 has its bad bytes replaced by '?'. */
uint32_t lt_run_column(struct lt_run *r, const char *name, size_t len);

/*
 * Records.  lt_run_begin starts one at step (time: Unix seconds, or NaN;
 * line: where it is, for messages, or 0); the value calls add to it;
 * lt_run_end files it into its row as the top of this file says.  A
 * column given twice in one record ends the record there and starts
 * another at the same step, so the second value is a measurement of its
 * own.
 */
void	lt_run_begin(struct lt_run *r, int64_t step, double time, long line);
void	lt_run_real(struct lt_run *r, uint32_t col, double v);
void	lt_run_int(struct lt_run *r, uint32_t col, int64_t v);
/* v (a reference stolen) is a number, a string, ...; NULL is nothing. */
void	lt_run_json(struct lt_run *r, uint32_t col, json_t *v);
/* A value the source wrote as text (a CSV cell): spaces around it are
 * dropped; blank is nothing; a number is an integer or a real; "nan" or
 * "inf" counts as non-finite; anything else is typed as lt record types
 * KEY=VALUE (true, false, null, else a string). */
void	lt_run_text(struct lt_run *r, uint32_t col, const char *s, size_t len);
/* A value that cannot be imported: counted in the column's nbad. */
void	lt_run_bad(struct lt_run *r, uint32_t col);
void	lt_run_end(struct lt_run *r);

/* The cell after c in its row, or NULL. */
const struct lt_run_cell *lt_run_next_cell(const struct lt_run *r,
	    const struct lt_run_cell *c);

/* The first cell of row, or NULL. */
const struct lt_run_cell *lt_run_first_cell(const struct lt_run *r,
	    const struct lt_run_row *row);

/* The value of a cell as a new JSON reference. */
json_t	*lt_run_cell_json(const struct lt_run_cell *c);

/* The value of a number cell as a double (NaN for other values). */
double	lt_run_cell_num(const struct lt_run_cell *c);

/* The name of column col (borrowed until the run is released). */
const char *lt_run_col_name(const struct lt_run *r, uint32_t col);

/* The number of columns. */
size_t	lt_run_ncols(const struct lt_run *r);

/* The column named name, or -1. */
long	lt_run_find_col(const struct lt_run *r, const char *name);

/* Set a run-level fact: key (copied) to v (a reference stolen). */
void	lt_run_fact(struct lt_run *r, const char *key, json_t *v);

#endif
