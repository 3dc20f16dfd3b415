/*
 * batch.c - lt record --batch's input.
 *
 * The input is staged as lt record --batch stages it (the first byte
 * chooses the log's format, strictness and the chunk size of the scan),
 * on two threads, nothing committed: every event staged passed the
 * recording rules, and the staged bytes decode back, line by line, to the
 * events the batch saw, in order.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "fuzz.h"

static void
each(void *ctx, const struct lt_event *ev)
{
	if (lt_event_check(ev, LT_LENIENT, NULL) != 0)
		fuzz_fail("an event that breaks the rules was staged");
	fuzz_list_event(ctx, ev);
}

/* Decode what b staged in memory. */
static void
staged(struct lt_batch *b, struct fuzz_list *out)
{
	struct lt_decoder *d = lt_decoder_new(b->store.fmt);
	char *p = b->mem.data, *end, *nl;
	struct lt_event ev;
	struct lt_error err;

	/* Nothing staged: no buffer, no arithmetic on its NULL. */
	end = p != NULL ? p + b->mem.len : p;
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			fuzz_fail("a staged line without its newline");
		if (lt_decoder_line(d, p, (size_t)(nl - p), &ev, &err) != 1)
			fuzz_fail("a staged line does not decode: %s", err.msg);
		fuzz_list_event(out, &ev);
	}
	lt_decoder_free(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_list seen = { 0 }, back = { 0 }, warned = { 0 };
	struct lt_reader_opts o = { .warn = fuzz_warn, .ctx = &warned,
	    .threads = 2 };
	struct lt_batch b;
	struct lt_error err;
	char path[4096];
	size_t bad;
	int fd, rc;

	if (size == 0)
		return 0;
	snprintf(path, sizeof(path), "%s/log.%s", fuzz_dir(),
	    data[0] & 1 ? "csv" : "jsonl");
	o.flags = data[0] & 2 ? LT_READ_STRICT : 0;
	o.chunk = 1 + (data[0] >> 2);
	if (lt_batch_begin(&b, path, LT_FORMAT_AUTO, data[0] & 128 ?
	    LT_LENIENT : 0, &err) != 0)
		fuzz_fail("lt_batch_begin: %s", err.msg);
	fd = fuzz_memfd(data + 1, size - 1);
	rc = lt_batch_ingest(&b, fd, "in", &o, each, &seen, &bad, &err);
	close(fd);
	if (rc == 0 && bad != warned.n)
		fuzz_fail("%zu bad lines counted, %zu warned", bad, warned.n);
	if (rc == 0 && b.tmp == NULL) {
		staged(&b, &back);
		fuzz_list_compare("seen and staged", &seen, &back);
	}
	if (access(path, F_OK) == 0)
		fuzz_fail("staging created the log");
	lt_batch_end(&b);
	fuzz_list_free(&seen);
	fuzz_list_free(&back);
	fuzz_list_free(&warned);
	return 0;
}
