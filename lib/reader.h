/*
 * reader.h - streaming events out of logs, one at a time.
 *
 * A reader never holds a log in memory: it reads a buffer at a time and
 * hands out one event, whose strings stay valid until the next call.
 * Several logs are read as one, merged by timestamp (each log is in time
 * order, as appends make it).  A line that does not decode is skipped
 * with a warning naming file and line, through the caller's callback, and
 * counted; with LT_READ_STRICT it is an error instead.
 */
#ifndef LT_READER_H
#define LT_READER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "event.h"
#include "format.h"

/*
 * Lines.  The line reader underneath: whole lines out of a descriptor,
 * the last one possibly without its newline.
 */
struct lt_lines;

/* Read lines from fd (not closed by lt_lines_free). */
struct lt_lines	*lt_lines_new(int fd);
void		 lt_lines_free(struct lt_lines *l);

/* The next line, without its newline, in *line (modifiable, valid until
 * the next call) and *len.  Returns 1, 0 at the end, -1 on a read error
 * (errno set).  *complete says whether the line had its newline. */
int	lt_lines_next(struct lt_lines *l, char **line, size_t *len,
	    int *complete);

/* Whether a whole line is already buffered, so the next call will not
 * wait for input. */
int	lt_lines_ready(const struct lt_lines *l);

/* Bytes of the descriptor consumed so far by returned lines. */
uint64_t lt_lines_offset(const struct lt_lines *l);

/*
 * Events.
 */
#define LT_READ_STRICT	0x1	/* a bad line is an error, not a warning */

struct lt_reader_opts {
	unsigned	  flags;
	/* Called once per skipped line with its file, line and reason. */
	void		(*warn)(void *ctx, const struct lt_error *e);
	void		 *ctx;
	/* Threads that decode a large log (pscan.h): 0 for the default,
	 * two; 1 for the calling thread alone. */
	unsigned	  threads;
	/* The directory of the count cache of lt_count_events (tail.h), or
	 * NULL for none: the command that reads from a log's end owns it. */
	const char	 *count_cache;
};

struct lt_reader;

/*
 * Open the logs paths[0..n) ("-" is standard input) to be read as one.
 * A missing or unreadable file is an error.  Returns the reader (free
 * with lt_reader_close) or NULL with err.
 */
struct lt_reader *lt_reader_open(const char *const *paths, size_t n,
	    const struct lt_reader_opts *opts, struct lt_error *err);

/*
 * Read only bytes [start, end) of one regular file, for splitting a log
 * between threads: start and end are moved forward to the next line
 * start, so every line is read by exactly one reader.  A CSV file's header
 * is read from the file's start.  Same contract as lt_reader_open.
 */
struct lt_reader *lt_reader_open_range(const char *path, off_t start,
	    off_t end, const struct lt_reader_opts *opts, struct lt_error *err);

/* The next event in *ev (borrowed until the next call).  Returns 1, 0 at
 * the end, or -1 with err (a read error, or a bad line when strict). */
int	lt_reader_next(struct lt_reader *r, struct lt_event *ev,
	    struct lt_error *err);

/* Lines skipped as bad so far. */
size_t	lt_reader_skipped(const struct lt_reader *r);

void	lt_reader_close(struct lt_reader *r);

#endif
