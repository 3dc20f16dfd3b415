/*
 * batch.h - appending many events all or none.
 *
 * A batch validates and encodes each event into a staging area (memory
 * up to LT_BATCH_MEM bytes, then a temporary file, so a batch larger
 * than memory still works) and touches the log only at commit: there it
 * takes the log's lock, appends everything staged, releases the lock and
 * syncs.  Abandoning a batch leaves the log exactly as it was.  What
 * lt record --batch and lt import both use.
 */
#ifndef LT_BATCH_H
#define LT_BATCH_H

#include <stdio.h>

#include "buf.h"
#include "error.h"
#include "event.h"
#include "engine.h"
#include "format.h"
#include "store.h"

#define LT_BATCH_MEM	(4u << 20)

struct lt_batch {
	struct lt_store	 store;
	unsigned	 check;		/* lt_event_check flags */
	struct lt_buf	 mem;
	FILE		*tmp;		/* past LT_BATCH_MEM, or NULL */
	const char	*tmpdir;	/* where tmp goes when the log's
					   directory cannot hold it (NULL:
					   /tmp); borrowed, set after
					   lt_batch_begin */
	size_t		 staged;	/* events staged, not yet committed */
	size_t		 committed;	/* events appended so far */
};

/*
 * Start a batch for the log at path in format fmt (AUTO: from the name or
 * content, as lt_store_init), checking events with the lt_event_check
 * flags check.  Nothing is opened yet.  Returns 0, or -1 with err.
 * Release with lt_batch_end.
 */
int	lt_batch_begin(struct lt_batch *b, const char *path, enum lt_format fmt,
	    unsigned check, struct lt_error *err);

/*
 * Check ev and stage it.  Returns 0; -1 with err naming the field when
 * ev breaks the rules or its line would be longer than LT_LINE_MAX
 * (nothing staged; the batch goes on); -2 with err when the temporary
 * file cannot be written (the batch is lost).  ev is only read.
 */
int	lt_batch_add(struct lt_batch *b, const struct lt_event *ev,
	    struct lt_error *err);

/* Whether enough is staged in memory that a streaming writer should
 * commit now rather than spill to the temporary file. */
int	lt_batch_full(const struct lt_batch *b);

/*
 * Lock the log, append everything staged, unlock, and fdatasync unless
 * nosync.  The stage is emptied; the batch may take more events and be
 * committed again (lt record --stream).  Returns 0, or -1 with err (what
 * a failed write left is the store's to say).  b->store.repaired tells
 * that a torn last line was ended.
 */
int	lt_batch_commit(struct lt_batch *b, int nosync, struct lt_error *err);

/* Forget what is staged (if anything) and close the log. */
void	lt_batch_end(struct lt_batch *b);

/*
 * Decode, check (b->check) and stage every event of the lines read from
 * fd until its end, named name in messages: CSV or JSONL, told by the
 * first line that is not blank, as lt record --batch reads them, through
 * the line processor's rules (engine.h) and on opts->threads threads
 * (pscan.h); an event without a timestamp gets the time it was read.
 * Events are staged, and passed to each(ctx, ev) when each is not NULL,
 * in input order.  A bad line is an error under LT_READ_STRICT, else
 * passed to opts->warn and counted in *bad.  Returns 0, or -1 with err (a
 * bad line, a read or a staging error: what was staged must not be
 * committed).
 */
int	lt_batch_ingest(struct lt_batch *b, int fd, const char *name,
	    const struct lt_reader_opts *opts,
	    void (*each)(void *ctx, const struct lt_event *ev), void *ctx,
	    size_t *bad, struct lt_error *err);

#endif
