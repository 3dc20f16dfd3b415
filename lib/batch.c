/*
 * batch.c - staged, all-or-nothing appends.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "pscan.h"
#include "tempfile.h"

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

/* The stage's file: unnamed, in the log's directory where it can be
 * (so that the commit copies within one file system), else in b->tmpdir. */
static FILE *
stage_file(const struct lt_batch *b, struct lt_error *err)
{
	char *dir = lt_tempfile_dirname(b->store.path);
	FILE *fp;
	int fd;

	fd = lt_tempfile_anon(dir, err);
	free(dir);
	if (fd < 0 && (fd = lt_tempfile_anon(b->tmpdir != NULL ? b->tmpdir :
	    P_tmpdir, err)) < 0)
		return NULL;
	if ((fp = fdopen(fd, "w+")) == NULL)
		abort();	/* only out of memory makes fdopen fail here */
	return fp;
}

static int
spill(struct lt_batch *b, struct lt_error *err)
{
	if (b->tmp == NULL && (b->tmp = stage_file(b, err)) == NULL)
		return -1;
	if (fwrite(b->mem.data, 1, b->mem.len, b->tmp) != b->mem.len)
		return lt_error_set(err, "cannot write a temporary file: %s",
		    strerror(errno));
	lt_buf_reset(&b->mem);
	return 0;
}

/* Stage ev, checked already.  Returns 0; -1 with err when its line would
 * be longer than readers take (LT_LINE_MAX: CSV doubles the quotes of the
 * metadata), nothing staged; -2 with err when the temporary file cannot
 * be written. */
static int
stage(struct lt_batch *b, const struct lt_event *ev, struct lt_error *err)
{
	size_t before = b->mem.len;

	lt_format_encode(b->store.fmt, ev, &b->mem);
	if (b->mem.len - before > (size_t)LT_LINE_MAX + 1) {
		b->mem.len = before;
		b->mem.data[before] = '\0';
		return lt_error_set(err, "the event's line would be longer "
		    "than %u MiB", LT_LINE_MAX >> 20);
	}
	b->staged++;
	if (b->mem.len >= LT_BATCH_MEM && spill(b, err) != 0)
		return -2;
	return 0;
}

int
lt_batch_add(struct lt_batch *b, const struct lt_event *ev,
    struct lt_error *err)
{
	if (lt_event_check(ev, b->check, err) != 0)
		return -1;
	return stage(b, ev, err);
}

int
lt_batch_full(const struct lt_batch *b)
{
	return b->mem.len >= LT_BATCH_MEM / 2;
}

static int
append_staged(struct lt_batch *b, struct lt_error *err)
{
	off_t len;

	if (b->tmp != NULL) {
		if (fflush(b->tmp) != 0 || (len = ftello(b->tmp)) < 0)
			return lt_error_set(err, "cannot write a temporary "
			    "file: %s", strerror(errno));
		if (lt_store_append_file(&b->store, fileno(b->tmp), len,
		    err) != 0)
			return -1;
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
	/* All or none: a write or a sync that failed (a full disk, a file
	 * size limit, an I/O error) takes back what it wrote. */
	rc = lt_store_finish(&b->store, rc, nosync, err);
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

int
lt_batch_ingest(struct lt_batch *b, int fd, const char *name,
    const struct lt_reader_opts *opts,
    void (*each)(void *ctx, const struct lt_event *ev), void *ctx,
    size_t *bad, struct lt_error *err)
{
	struct lt_pscan *p;
	struct lt_event ev;
	int rc;

	p = lt_pscan_fd(fd, name, LT_FORMAT_AUTO, LT_LP_STAMP | LT_LP_CHECK,
	    b->check, opts);
	while ((rc = lt_pscan_next(p, &ev, err)) == 1) {
		if (each != NULL)
			each(ctx, &ev);
		if ((rc = stage(b, &ev, err)) != 0) {
			rc = -1;
			break;
		}
	}
	*bad = lt_pscan_skipped(p);
	lt_pscan_close(p);
	return rc;
}
