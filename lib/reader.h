/*
 * reader.h - streaming events out of logs, one at a time.
 *
 * A reader never holds a log in memory: it reads a buffer at a time and
 * hands out one event, whose strings stay valid until the next call.
 * Several logs are read as one, merged by timestamp (each log is in time
 * order, as appends make it).  Each log's lines go through a line
 * processor (engine.h), so bad lines are warned and counted, or with
 * LT_READ_STRICT an error, as everywhere else.
 */
#ifndef LT_READER_H
#define LT_READER_H

#include <stddef.h>

#include "engine.h"
#include "error.h"
#include "event.h"

struct lt_reader;

/*
 * Open the logs paths[0..n) ("-" is standard input) to be read as one.
 * A missing or unreadable file is an error.  Returns the reader (free
 * with lt_reader_close) or NULL with err.
 */
struct lt_reader *lt_reader_open(const char *const *paths, size_t n,
	    const struct lt_reader_opts *opts, struct lt_error *err);

/* The next event in *ev (borrowed until the next call).  Returns 1, 0 at
 * the end, or -1 with err (a read error, or a bad line when strict). */
int	lt_reader_next(struct lt_reader *r, struct lt_event *ev,
	    struct lt_error *err);

/* Lines skipped as bad so far. */
size_t	lt_reader_skipped(const struct lt_reader *r);

void	lt_reader_close(struct lt_reader *r);

#endif
