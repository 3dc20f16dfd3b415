/*
 * import_json.h - the reader of JSON training logs: Hugging Face
 * trainer_state.json (one document; its log_history entries keyed by
 * "step", the other top-level keys the run's facts) and detectron2
 * metrics.json (one object a line, keyed by "iteration").
 */
#ifndef LT_IMPORT_JSON_H
#define LT_IMPORT_JSON_H

#include "error.h"
#include "run.h"
#include "sniff.h"

/* Fill r (initialised) from the file at path written by kind
 * (LT_SRC_HF or LT_SRC_DETECTRON2).  A metrics.json line without its
 * newline is left out (r->held_back set).  Returns 0, or -1 with err
 * naming the file and line (or log_history entry). */
int	lt_import_json(struct lt_run *r, enum lt_source kind, const char *path,
	    struct lt_error *err);

#endif
