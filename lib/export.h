/*
 * export.h - a log written out whole, as the other log format or as the
 * class's export document, streamed so that memory stays bounded on a log
 * of any size.
 *
 * Both read events one at a time from a reader (reader.h) and write them
 * to a stream as they come: nothing holds the events.
 */
#ifndef LT_EXPORT_H
#define LT_EXPORT_H

#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "format.h"
#include "reader.h"

/*
 * Write every event r gives to fp as format f (CSV with its header, or
 * JSONL), each number and the metadata exactly as read, so a log lt wrote
 * comes back byte for byte when converted twice.  name is fp's name for
 * messages.  *n (may be NULL) gets the number of events.  Returns 0, or -1 with err (a read error, a bad
 * line when r is strict, a write error on fp).
 */
int	lt_export_convert(struct lt_reader *r, enum lt_format f, FILE *fp,
	    const char *name, uint64_t *n, struct lt_error *err);

#endif
