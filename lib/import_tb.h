/*
 * import_tb.h - the reader of TensorBoard event files (lib/tfevents.h):
 * the scalars of one record make one record of the run, at the event's
 * step and wall time.
 */
#ifndef LT_IMPORT_TB_H
#define LT_IMPORT_TB_H

#include "error.h"
#include "run.h"

/*
 * Add to r the scalars of the event file at path.  A corrupt record is
 * an error unless skip_bad: then it is skipped and note(ctx, e) told.
 * A record the file ends inside is not finished yet: it is left out
 * (r->held_back set).  Returns 0, or -1 with err naming the file and the
 * record's byte offset.
 */
int	lt_import_tb(struct lt_run *r, const char *path, int skip_bad,
	    void (*note)(void *ctx, const struct lt_error *e), void *ctx,
	    struct lt_error *err);

#endif
