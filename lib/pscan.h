/*
 * pscan.h - the events of logs: one input decoded on several cores, its
 * events still handed out one at a time in file order; several logs
 * merged by time.
 *
 * Decoding is most of what an analysis costs, and an analysis's result
 * depends on the order of the events (windows, latest values, running
 * sums), so splitting a log in halves and merging would change it.
 * Instead the caller reads the input in chunks of whole lines (a line
 * longer than a chunk is read once, whatever its length); worker threads
 * decode chunks ahead (lt_chunk_decode, engine.h) while the caller takes
 * events from the oldest, and decodes itself, line by line, a chunk no
 * worker took.  Memory is a few chunks, whatever the input's size.
 * Events, warnings (with file and line), the count of skipped lines and
 * --strict are a line processor's reading the same input line by line: a
 * chunk decoded under other CSV columns than a header met before it says
 * is decoded again.  An input of one chunk starts no thread.
 */
#ifndef LT_PSCAN_H
#define LT_PSCAN_H

#include <stddef.h>

#include "engine.h"
#include "error.h"
#include "event.h"

/* The most decoding threads opts->threads may ask for. */
#define LT_THREADS_MAX	8

/* The input is read this many bytes at a time; a chunk is what was read,
 * with what the last chunk left, up to its last newline (a longer line is
 * read on to its end); the rest goes to the next chunk. */
#define LT_PSCAN_CHUNK	(512u << 10)

struct lt_pscan;

/*
 * Decode what fd holds (a regular file: up to its size now; anything
 * else: to its end; fd is not closed), as a line processor of name, fmt,
 * rules and check would (see lt_lineproc_init), on opts->threads threads
 * (0: two; 1: the calling thread alone).  Returns the scan; close it with
 * lt_pscan_close.
 */
struct lt_pscan *lt_pscan_fd(int fd, const char *name, enum lt_format fmt,
	    unsigned rules, unsigned check, const struct lt_reader_opts *opts);

/* The next event in *ev (borrowed until the next call).  Returns 1, 0 at
 * the end, -1 with err (a read error, or a bad line when strict).
 * Warnings for skipped lines are made from the calling thread, in file
 * order. */
int	lt_pscan_next(struct lt_pscan *p, struct lt_event *ev,
	    struct lt_error *err);

/* Lines skipped as bad so far. */
size_t	lt_pscan_skipped(const struct lt_pscan *p);

/* Stop the workers and free everything. */
void	lt_pscan_close(struct lt_pscan *p);

/*
 * The logs paths[0..n) ("-" is standard input) read as one, merged by
 * timestamp (each log is in time order, as appends make it).  A single
 * log that is a regular file of LT_PSCAN_MIN bytes or more is decoded on
 * opts->threads threads; the others by the calling thread.  A missing or
 * unreadable file is an error.  Returns the events (free with
 * lt_events_close) or NULL with err; lt_events_next and lt_events_skipped
 * are lt_pscan_next's and lt_pscan_skipped's, over all the logs.
 */
#define LT_PSCAN_MIN	(2u << 20)

struct lt_events;

struct lt_events *lt_events_open(const char *const *paths, size_t n,
	    const struct lt_reader_opts *opts, struct lt_error *err);
int	lt_events_next(struct lt_events *e, struct lt_event *ev,
	    struct lt_error *err);
size_t	lt_events_skipped(const struct lt_events *e);
void	lt_events_close(struct lt_events *e);

#endif
