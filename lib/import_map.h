/*
 * import_map.h - a run mapped to tasks: which column is each task's
 * performance_score, convergence_metric, learning_rate, episode_count
 * and timestamp, and the points (the events to be) that follow.
 *
 * One task per score column: each row of the run that logged the score
 * is one point, and only those rows are.  The point's other fields come
 * from its row, else from the latest earlier row that logged their
 * column; every other value of the row goes into its metadata.  Each
 * source format has a default for every field, chosen from the columns
 * the run has (lt-import(1) lists them); options override them.
 */
#ifndef LT_IMPORT_MAP_H
#define LT_IMPORT_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "run.h"
#include "sniff.h"
#include "stats.h"

/* The fields other than the score that an option can name a column of. */
enum lt_import_field {
	LT_IF_CONV,
	LT_IF_LR,
	LT_IF_EPISODE,
	LT_IF_TIME,
	LT_IF_COUNT
};

/* How a task's times were made. */
enum lt_import_times {
	LT_TIMES_REAL,		/* the source's own (Unix) times */
	LT_TIMES_RELATIVE,	/* seconds since the start, placed so that
				   the last row falls on the source's
				   modification time */
	LT_TIMES_ORDER		/* none logged: times only keep the order */
};

struct lt_import_opts {
	enum lt_source		 from;		/* LT_SRC_AUTO: by content */
	const char		*task;		/* or NULL: RUN/COLUMN */
	const char *const	*scores;	/* --score, in order */
	size_t			 nscores;	/* 0: the default */
	const char		*col[LT_IF_COUNT]; /* or NULL: the default */
	int			 has_lr_value;
	double			 lr_value;
	int			 has_mode;
	enum lt_stats_mode	 mode;
	int			 skip_invalid;
	int			 follow;	/* sources still growing: their
						   unfinished tails go unsaid */
	/* Notes (the format auto chose, the columns not imported, steps
	 * skipped): the error is borrowed until the call returns.  May be
	 * NULL. */
	void			(*note)(void *ctx, const struct lt_error *e);
	void			*ctx;
};

/* One event to be. */
struct lt_import_point {
	uint32_t	 row;		/* of the run */
	double		 time;		/* Unix seconds, or NaN: order times */
	double		 score;
	double		 conv;
	double		 lr;
	int64_t		 episode;
};

struct lt_import_task {
	char			*name;		/* task_type */
	struct lt_run		*run;		/* borrowed */
	uint32_t		 score;		/* columns of the run ... */
	long			 col[LT_IF_COUNT]; /* ... or -1: none */
	double			 lr_value;	/* when col[LT_IF_LR] < 0, and
						   before its first value */
	const char		*lr_from;	/* where lr_value came from */
	enum lt_import_times	 times;
	enum lt_stats_mode	 dir;		/* by the score's name, or --mode */
	struct lt_import_point	*pts;
	size_t			 npts, cap;
	size_t			 nnew;		/* set by the staging */
	size_t			 nold;
	size_t			 ndiff;
};

/* Whether a column's name means a cost (lower is better): one of its
 * words, split at characters other than letters and digits, case
 * ignored, is loss, error, err, rmse, mse, mae, wer, cer, perplexity,
 * ppl or nll. */
int	lt_import_is_cost(const char *name);

/*
 * Map run r, read from a source of format kind, to its tasks: append
 * them to *tasks (*ntasks of them, grown with realloc; each freed with
 * lt_import_task_release) and fill their points.  nruns says how many
 * runs the import has (a --task name then prefixes each run's name).
 * The notes o gives (the defaults chosen, columns refused) go through
 * o->note.  Returns 0, or -1 with err saying every option the run needs
 * and why (the caller shows the run's columns).
 */
int	lt_import_map_run(struct lt_run *r, enum lt_source kind,
	    const struct lt_import_opts *o, size_t nruns,
	    struct lt_import_task **tasks, size_t *ntasks,
	    struct lt_error *err);

/* Say through o->note, once per column of r, how many of its values are
 * in no point of r's tasks (mapped by lt_import_map_run) and how to
 * import them. */
void	lt_import_map_account(const struct lt_run *r,
	    const struct lt_import_opts *o);

void	lt_import_task_release(struct lt_import_task *t);

#endif
