/*
 * import.h - the logs training frameworks write, turned into events.
 *
 * What lt import does.  Each source format has a reader (import_csv.c:
 * Keras, Lightning, Stable-Baselines3 and Ultralytics CSVs; import_json.c:
 * Hugging Face trainer_state.json and detectron2 metrics.json;
 * import_mlflow.c: MLflow mlruns trees and YAML; import_tb.c: TensorBoard
 * event files) that fills a run: rows keyed by the source's step, each
 * holding every value the source logged at that step under its own name,
 * rows of one step merged into one.  import.c then maps a run to events
 * (the format's default columns for performance_score, convergence_metric,
 * learning_rate, episode_count and timestamp, or the ones the options
 * name; every other value into metadata) and stages them in a batch.
 */
#ifndef LT_IMPORT_H
#define LT_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "batch.h"
#include "error.h"

enum lt_import_kind {
	LT_IMPORT_AUTO,
	LT_IMPORT_KERAS,
	LT_IMPORT_LIGHTNING,
	LT_IMPORT_HF,
	LT_IMPORT_SB3,
	LT_IMPORT_MLFLOW,
	LT_IMPORT_TENSORBOARD,
	LT_IMPORT_YOLO,
	LT_IMPORT_DETECTRON2,
	LT_IMPORT_KINDS
};

/* The columns an option can name (index of lt_import_opts.col). */
enum lt_import_col {
	LT_IC_SCORE,
	LT_IC_CONV,
	LT_IC_LR,
	LT_IC_EPISODE,
	LT_IC_TIME,
	LT_IC_COUNT
};

struct lt_import_opts {
	enum lt_import_kind	 from;
	const char		*task;		/* or NULL: the run's name */
	const char		*col[LT_IC_COUNT]; /* or NULL: the default */
	int			 has_lr_value;
	double			 lr_value;
	int			 skip_invalid;
	/* Notes and warnings (the format auto chose, rows skipped); the
	 * error is borrowed until the call returns.  May be NULL. */
	void			(*note)(void *ctx, const struct lt_error *e);
	void			*ctx;
};

/* One step of a run: the values logged at it, by name. */
struct lt_import_row {
	int64_t		 step;
	double		 time;		/* Unix seconds, or NaN: not known */
	json_t		*vals;		/* object, owned */
	long		 line;		/* where it was first seen, or 0 */
};

/* A run as read from its source. */
struct lt_import_run {
	char			*name;		/* the run's name, for task_type */
	char			*file;		/* for messages */
	enum lt_import_kind	 kind;
	json_t			*hparams;	/* object or NULL, owned */
	json_t			*columns;	/* every name seen, in order */
	double			 mtime;		/* of the source, Unix seconds */
	int			 step_is_row;	/* steps are row numbers */
	const char		*key;		/* column of the step, or NULL */
	struct lt_import_row	*rows;
	size_t			 nrows, cap;
	size_t			*slots;		/* hash of steps, 0 = free */
	size_t			 nslots;
};

/* The kind named "keras", ..., "auto"; -1 if none. */
int	lt_import_kind_parse(const char *name);

/* "keras", ..., "auto". */
const char *lt_import_kind_name(enum lt_import_kind k);

/*
 * Import SOURCE (a file or a directory) as o says, staging its events in
 * b (whose check flags should be LT_LENIENT).  Returns the number of
 * events staged (>= 0), or -1 with err naming the file and the line or
 * byte offset; then b may hold part of the source: abandon it.
 */
long	lt_import_source(const char *source, const struct lt_import_opts *o,
	    struct lt_batch *b, struct lt_error *err);

/*
 * For the readers.
 */

/* Start an empty run read from file, named name (both copied). */
void	lt_import_run_init(struct lt_import_run *r, const char *file,
	    const char *name, enum lt_import_kind kind);
void	lt_import_run_release(struct lt_import_run *r);

/* The row of step, made if new (line: where it is seen). */
struct lt_import_row *lt_import_row(struct lt_import_run *r, int64_t step,
	    long line);

/* Set name to v (a reference stolen) in row; a value logged again at the
 * same step replaces the earlier one. */
void	lt_import_set(struct lt_import_run *r, struct lt_import_row *row,
	    const char *name, json_t *v);

/* The value of a cell of text: an integer or real for a number, nothing
 * (NULL) for a blank cell or a NaN or infinity, else a string or NULL
 * when it is not UTF-8.  A new reference. */
json_t	*lt_import_cell(const char *s, size_t len);

/* The readers: fill r (initialised) from path.  Return 0, or -1 with err
 * naming the file and line or byte offset. */
int	lt_import_csv(struct lt_import_run *r, const char *path,
	    struct lt_error *err);
int	lt_import_json(struct lt_import_run *r, const char *path,
	    struct lt_error *err);
int	lt_import_tb(struct lt_import_run *r, const char *path,
	    const struct lt_import_opts *o, struct lt_error *err);
int	lt_import_mlflow_run(struct lt_import_run *r, const char *dir,
	    struct lt_error *err);

/* A YAML file's first document as JSON (mappings as objects, sequences
 * as arrays, plain scalars typed as lt_import_cell types them).  Returns
 * a new reference, or NULL with err. */
json_t	*lt_import_yaml(const char *path, struct lt_error *err);

/* Rewrite bare NaN, Infinity and -Infinity tokens outside strings of the
 * JSON text buf[0..len) to null, into out (replaced). */
void	lt_import_json_nan(const char *buf, size_t len, struct lt_buf *out);

#endif
