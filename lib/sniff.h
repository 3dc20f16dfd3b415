/*
 * sniff.h - what a file is: an lt log, or the log of a training
 * framework that lt import reads, told from its name and first bytes.
 *
 * lt import uses it for --from auto; the log readers and writers use it
 * to refuse, with the import that would read it, a file that is not an
 * lt log (a Keras training.log given to lt trend, detectron2's
 * metrics.json to lt record).  It depends only on the log formats and
 * the TFRecord framing below it.
 */
#ifndef LT_SNIFF_H
#define LT_SNIFF_H

#include <stddef.h>

#include "error.h"

/* The sources lt import reads. */
enum lt_source {
	LT_SRC_AUTO,			/* not known (yet): tell it */
	LT_SRC_KERAS,
	LT_SRC_LIGHTNING,
	LT_SRC_HF,
	LT_SRC_SB3,
	LT_SRC_MLFLOW,
	LT_SRC_TENSORBOARD,
	LT_SRC_YOLO,
	LT_SRC_DETECTRON2,
	LT_SRC_COUNT
};

/* "auto", "keras", ... as --from names them. */
const char	*lt_source_name(enum lt_source s);

/* What the source is, for messages: "a Keras CSVLogger log", ... */
const char	*lt_source_what(enum lt_source s);

/* The source named name ("keras", ..., "auto"), or -1. */
int		 lt_source_parse(const char *name);

/*
 * The source a file named name (a path or its last part) whose first
 * bytes are buf[0..len) was written by, or LT_SRC_AUTO when it is none
 * lt import reads.  Told by a TFRecord header, the keys of a JSON text,
 * a "#{...}" first line, or the column names of a CSV header.
 */
enum lt_source	 lt_sniff(const char *name, const void *buf, size_t len);

/* Whether a file of this name (its last part) is one source s writes
 * under a name of its own (metrics.csv, trainer_state.json, ...), as a
 * directory is walked.  For LT_SRC_AUTO: whether any source does. */
int		 lt_sniff_name(enum lt_source s, const char *name);

/* Whether dir is an MLflow run directory (meta.yaml beside metrics/). */
int		 lt_sniff_mlflow_run(const char *dir);

/*
 * Check that the file open at fd (named path, for the message) is an lt
 * log: empty, or its first lines hold an lt CSV header or an lt JSONL
 * event.  Not strict, only a file in a format lt import reads is
 * refused (the goals and tasks files beside a log, which are not event
 * logs, are appended to through the same store).  A file that is not a
 * regular file (a pipe) is not looked at.  Reads with pread(2), leaving
 * the offset alone.  Returns 0, or -1 with err saying what the file
 * looks like and the lt import that would read it ("training.log looks
 * like a Keras CSVLogger log, not an lt log; import it with: lt import
 * --from keras training.log").
 */
int		 lt_sniff_log(int fd, const char *path, int strict,
		    struct lt_error *err);

/* The same, strict, for each of the logs paths[0..n) that exists ("-",
 * standard input, is not looked at). */
int		 lt_sniff_logs(const char *const *paths, size_t n,
		    struct lt_error *err);

#endif
