/*
 * export.c - a log converted, or written as the class's export document,
 * one event at a time.
 */
#include <errno.h>
#include <string.h>

#include "buf.h"
#include "export.h"

#define FLUSH_AT	(1u << 16)	/* bytes gathered before a write */

static int
put(FILE *fp, const char *name, struct lt_buf *b, struct lt_error *err)
{
	if (b->len > 0 && fwrite(b->data, 1, b->len, fp) != b->len)
		return lt_error_at(err, name, 0, "cannot write: %s",
		    strerror(errno));
	lt_buf_reset(b);
	return 0;
}

int
lt_export_convert(struct lt_reader *r, enum lt_format f, FILE *fp,
    const char *name, uint64_t *n, struct lt_error *err)
{
	struct lt_event ev;
	struct lt_buf b;
	uint64_t count = 0;
	int rc;

	lt_buf_init(&b);
	if (f == LT_FORMAT_CSV)
		lt_buf_adds(&b, lt_csv_header);
	while ((rc = lt_reader_next(r, &ev, err)) == 1) {
		lt_format_encode(f, &ev, &b);
		count++;
		if (b.len >= FLUSH_AT && (rc = put(fp, name, &b, err)) != 0)
			break;
	}
	if (rc == 0)
		rc = put(fp, name, &b, err);
	lt_buf_release(&b);
	if (n != NULL)
		*n = count;
	return rc;
}
