/*
 * import_mlflow.h - the reader of MLflow file-store runs: a run
 * directory (meta.yaml, metrics/, params/, tags/) as one run, its steps
 * the metrics' steps, its times theirs, its params, tags and meta.yaml
 * the run's facts.
 */
#ifndef LT_IMPORT_MLFLOW_H
#define LT_IMPORT_MLFLOW_H

#include "error.h"
#include "run.h"

/* Fill r (initialised) from the MLflow run directory dir; the run takes
 * meta.yaml's run_name when it has one.  Returns 0, or -1 with err
 * naming the file and line. */
int	lt_import_mlflow(struct lt_run *r, const char *dir,
	    struct lt_error *err);

#endif
