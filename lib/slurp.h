/*
 * slurp.h - a whole file into memory, for the sources lt import reads
 * whole (CSV logs, JSON files, MLflow's one-value files, YAML).
 */
#ifndef LT_SLURP_H
#define LT_SLURP_H

#include "buf.h"
#include "error.h"

/* Read all of the file at path into out (its contents replaced; data is
 * never NULL after a success, and is NUL-terminated).  Returns 0, or -1
 * with err naming the file. */
int	lt_slurp(const char *path, struct lt_buf *out, struct lt_error *err);

#endif
