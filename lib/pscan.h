/*
 * pscan.h - one large log decoded on two cores, its events still handed
 * out one at a time in file order.
 *
 * Decoding is most of what an analysis costs, and an analysis's result
 * depends on the order of the events (windows, latest values, the P^2
 * median), so splitting a log in halves and merging would change it.
 * Instead the file is cut into chunks at line boundaries; two worker
 * threads decode chunks ahead into small arenas while the caller takes
 * events from the oldest chunk.  Memory is a few chunks, whatever the
 * file's size.  Events, warnings (with file and line), the count of
 * skipped lines and --strict behave as lt_reader_next's on the same file.
 */
#ifndef LT_PSCAN_H
#define LT_PSCAN_H

#include <stddef.h>

#include "error.h"
#include "event.h"
#include "reader.h"

struct lt_pscan;

/*
 * Open path for a parallel scan when it pays: a regular file of at least
 * LT_PSCAN_MIN bytes.  Returns the scan (close with lt_pscan_close), or
 * NULL with *err set on an error, or NULL with err->msg empty when the
 * file is better read by lt_reader_open.  opts is copied.
 */
#define LT_PSCAN_MIN	(2u << 20)

struct lt_pscan *lt_pscan_open(const char *path,
	    const struct lt_reader_opts *opts, struct lt_error *err);

/* As lt_reader_next: 1 with *ev (borrowed until the next call), 0 at the
 * end, -1 with err (a read error, or a bad line when strict).  Warnings
 * for skipped lines are made from the calling thread, in file order. */
int	lt_pscan_next(struct lt_pscan *p, struct lt_event *ev,
	    struct lt_error *err);

size_t	lt_pscan_skipped(const struct lt_pscan *p);

/* Stop the workers and free everything. */
void	lt_pscan_close(struct lt_pscan *p);

/* The most decoding threads opts->threads may ask for. */
#define LT_THREADS_MAX	8

/*
 * Events from logs, whichever way reads them fastest: one big regular
 * file (see lt_pscan_open) on opts->threads threads (two by default)
 * unless that is 1, else lt_reader_open's reader.  The same contracts as
 * the reader's.
 */
struct lt_events;

struct lt_events *lt_events_open(const char *const *paths, size_t n,
	    const struct lt_reader_opts *opts, struct lt_error *err);
int	lt_events_next(struct lt_events *e, struct lt_event *ev,
	    struct lt_error *err);
size_t	lt_events_skipped(const struct lt_events *e);
void	lt_events_close(struct lt_events *e);

#endif
