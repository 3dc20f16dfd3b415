/*
 * batch.c - staged, all-or-nothing appends.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"

int
lt_batch_begin(struct lt_batch *b, const char *path, enum lt_format fmt,
    unsigned check, struct lt_error *err)
{
	memset(b, 0, sizeof(*b));
	b->check = check;
	lt_buf_init(&b->mem);
	if (lt_store_init(&b->store, path, fmt, err) != 0) {
		b->store.fd = -1;
		b->store.path = NULL;
		return -1;
	}
	return 0;
}

static int
spill(struct lt_batch *b, struct lt_error *err)
{
	if (b->tmp == NULL && (b->tmp = tmpfile()) == NULL)
		return lt_error_set(err, "cannot make a temporary file: %s",
		    strerror(errno));
	if (fwrite(b->mem.data, 1, b->mem.len, b->tmp) != b->mem.len)
		return lt_error_set(err, "cannot write a temporary file: %s",
		    strerror(errno));
	lt_buf_reset(&b->mem);
	return 0;
}

int
lt_batch_add(struct lt_batch *b, const struct lt_event *ev,
    struct lt_error *err)
{
	if (lt_event_check(ev, b->check, err) != 0)
		return -1;
	lt_format_encode(b->store.fmt, ev, &b->mem);
	b->staged++;
	if (b->mem.len >= LT_BATCH_MEM && spill(b, err) != 0)
		return -2;
	return 0;
}

int
lt_batch_full(const struct lt_batch *b)
{
	return b->mem.len >= LT_BATCH_MEM / 2;
}

static int
append_staged(struct lt_batch *b, struct lt_error *err)
{
	char *chunk;
	size_t n;

	if (b->tmp != NULL) {
		if (fflush(b->tmp) != 0 || fseek(b->tmp, 0, SEEK_SET) != 0)
			return lt_error_set(err, "cannot read back a temporary "
			    "file: %s", strerror(errno));
		chunk = lt_xmalloc(LT_BATCH_MEM);
		while ((n = fread(chunk, 1, LT_BATCH_MEM, b->tmp)) > 0) {
			if (lt_store_append(&b->store, chunk, n, err) != 0) {
				free(chunk);
				return -1;
			}
		}
		free(chunk);
		if (ferror(b->tmp))
			return lt_error_set(err, "cannot read back a temporary "
			    "file");
	}
	if (b->mem.len > 0)
		return lt_store_append(&b->store, b->mem.data, b->mem.len,
		    err);
	return 0;
}

int
lt_batch_commit(struct lt_batch *b, int nosync, struct lt_error *err)
{
	int rc;

	if (lt_store_lock(&b->store, err) != 0)
		return -1;
	rc = append_staged(b, err);
	lt_store_unlock(&b->store);
	if (rc == 0 && !nosync)
		rc = lt_store_sync(&b->store, err);
	if (b->tmp != NULL) {
		fclose(b->tmp);
		b->tmp = NULL;
	}
	lt_buf_reset(&b->mem);
	if (rc == 0)
		b->committed += b->staged;
	b->staged = 0;
	return rc;
}

void
lt_batch_end(struct lt_batch *b)
{
	if (b->tmp != NULL)
		fclose(b->tmp);
	b->tmp = NULL;
	lt_buf_release(&b->mem);
	if (b->store.path != NULL)
		lt_store_close(&b->store);
	b->store.path = NULL;
}
