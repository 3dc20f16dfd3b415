/*
 * import.h - the logs training frameworks write, appended as events: the
 * top of lt import.
 *
 * The layers, each using only those below it:
 *
 *   import.c        the sources of an import (a file, a directory
 *                   walked), their formats (sniff.h), the staging of the
 *                   events the log does not hold yet
 *   import_map.c    a run mapped to tasks and their points
 *   import_seen.c   the keys of what the log holds
 *   import_csv.c, import_json.c, import_mlflow.c, import_tb.c
 *                   the readers, each filling runs
 *   run.c           runs and rows; yamljson.c, slurp.c, tfevents.c
 *
 * An import is read (lt_import_read for each SOURCE), mapped
 * (lt_import_map), then staged in a batch (lt_import_stage) leaving out
 * what the log holds already.
 */
#ifndef LT_IMPORT_H
#define LT_IMPORT_H

#include <stddef.h>

#include "batch.h"
#include "error.h"
#include "import_map.h"
#include "import_seen.h"
#include "run.h"
#include "sniff.h"

struct lt_import;

/* Start an import; o is borrowed until lt_import_free. */
struct lt_import	*lt_import_new(const struct lt_import_opts *o);
void			 lt_import_free(struct lt_import *im);

/*
 * Read the runs of source: a file, or a directory whose runs are found
 * by walking it (each MLflow run directory, each directory of event
 * files, each file named as its format names it, and with --from auto
 * each other .csv, .json or .log file whose content says its format;
 * hidden entries skipped).  Returns 0, or -1 with err naming the file
 * and line or byte offset.
 */
int	lt_import_read(struct lt_import *im, const char *source,
	    struct lt_error *err);

/* The runs read so far, and the format of each.  Borrowed. */
size_t			 lt_import_nruns(const struct lt_import *im);
const struct lt_run	*lt_import_run(const struct lt_import *im, size_t i);
enum lt_source		 lt_import_kind(const struct lt_import *im, size_t i);

/*
 * Map every run read to its tasks and points.  Returns 0, or -1 with
 * err; then lt_import_failed gives the run that could not be mapped,
 * whose columns are what to show.
 */
int	lt_import_map(struct lt_import *im, struct lt_error *err);
const struct lt_run *lt_import_failed(const struct lt_import *im);

/*
 * Stage in b the points of every task that the log at log_path does not
 * hold yet (seen, read from the log for the tasks it has not read, and
 * given the points staged), in time order; sources without times get
 * times that keep their order, one second a row, the last row at the
 * source's modification time and none before the task's last event in
 * the log.  Each task's first staged event carries the run's facts in
 * its metadata.  Fills each task's nnew, nold and ndiff.  Returns the
 * number staged, or -1 with err (a point that breaks the rules, unless
 * skip_invalid; the log unreadable; the stage unwritable).
 */
long	lt_import_stage(struct lt_import *im, struct lt_seen *seen,
	    const char *log_path, const struct lt_reader_opts *ro,
	    struct lt_batch *b, struct lt_error *err);

/*
 * Say in the tasks file of the log at log_path (lib/taskinfo.h) what the
 * events cannot: each task's score name (its score column), its
 * direction (the score name's, or --mode's), and for a source without
 * times that its times only keep order.  What the file says already
 * stays, but a direction --mode gives.  Returns 0, or -1 with err.
 */
int	lt_import_mark(const struct lt_import *im, const char *log_path,
	    int nosync, struct lt_error *err);

/* Say, through the options' note, what each run that lt_import_stage
 * found new points in logged that no event holds (a run imported again
 * with nothing new was accounted for when its points were). */
void	lt_import_account(const struct lt_import *im);

/* The tasks mapped.  Borrowed until lt_import_free. */
size_t	lt_import_ntasks(const struct lt_import *im);
const struct lt_import_task *lt_import_task(const struct lt_import *im,
	    size_t i);

#endif
