/*
 * import_csv.h - the reader of CSV training logs: Keras CSVLogger,
 * Lightning CSVLogger, Stable-Baselines3 progress.csv and monitor.csv,
 * Ultralytics results.csv.
 *
 * The step is the "epoch" column (Keras, Ultralytics), the "step" column
 * (Lightning), or the row's number (Stable-Baselines, whose files log no
 * step; monitor.csv rows are keyed by their time, its first line's
 * t_start plus the row's t).  Every other cell is a value of its column.
 * A header line again in the middle of a file (logs concatenated) names
 * the columns of the rows after it.
 */
#ifndef LT_IMPORT_CSV_H
#define LT_IMPORT_CSV_H

#include "error.h"
#include "run.h"
#include "sniff.h"

/* Fill r (initialised) from the CSV log at path written by kind.  A last
 * line without its newline is left out (r->held_back set).  Returns 0,
 * or -1 with err naming the file and line. */
int	lt_import_csv(struct lt_run *r, enum lt_source kind, const char *path,
	    struct lt_error *err);

#endif
