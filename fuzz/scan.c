/*
 * scan.c - the readers of a log: line by line, and the scan in chunks,
 * on the calling thread and on two.
 *
 * The input is read by the line processor over lt_lines, the way
 * lt record --stream reads, and by the scan of pscan.h cut in chunks of
 * a few bytes (the first byte of the input chooses how many), decoded on
 * the calling thread and on two workers: the three give the same events,
 * the same bad lines with the same numbers and messages, in the same
 * order, and end alike, leniently and under --strict.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "pscan.h"

/* Line by line. */
static void
by_lines(int fd, const struct lt_reader_opts *o, struct fuzz_list *out)
{
	struct lt_lines *l = lt_lines_new(fd);
	struct lt_lineproc lp;
	struct lt_event ev;
	struct lt_error err;
	char *line;
	size_t len;
	int rc, complete;

	lt_lineproc_init(&lp, "in", LT_FORMAT_AUTO, 0, 0, o);
	while ((rc = lt_lines_next(l, &line, &len, &complete)) == 1) {
		if ((rc = lt_lineproc_line(&lp, line, len, &ev, &err)) < 0)
			break;
		if (rc == 1)
			fuzz_list_event(out, &ev);
	}
	fuzz_list_end(out, rc < 0 ? -1 : 0, &err);
	lt_lineproc_release(&lp);
	lt_lines_free(l);
}

/* Through the scan, in chunks of chunk bytes, on threads threads. */
static void
by_scan(int fd, const struct lt_reader_opts *opts, unsigned threads,
    size_t chunk, struct fuzz_list *out)
{
	struct lt_reader_opts o = *opts;
	struct lt_pscan *p;
	struct lt_event ev;
	struct lt_error err;
	int rc;

	o.threads = threads;
	o.chunk = chunk;
	p = lt_pscan_fd(fd, "in", LT_FORMAT_AUTO, 0, 0, &o);
	while ((rc = lt_pscan_next(p, &ev, &err)) == 1)
		fuzz_list_event(out, &ev);
	fuzz_list_end(out, rc, &err);
	lt_pscan_close(p);
}

static void
run(const uint8_t *data, size_t size, unsigned flags, size_t chunk)
{
	struct fuzz_list a = { 0 }, b = { 0 }, c = { 0 };
	struct lt_reader_opts o = { .flags = flags, .warn = fuzz_warn };
	int fd = fuzz_memfd(data, size);

	o.ctx = &a;
	by_lines(fd, &o, &a);
	o.ctx = &b;
	lseek(fd, 0, SEEK_SET);
	by_scan(fd, &o, 1, chunk, &b);
	o.ctx = &c;
	lseek(fd, 0, SEEK_SET);
	by_scan(fd, &o, 2, chunk, &c);
	close(fd);
	fuzz_list_compare("lines and scan", &a, &b);
	fuzz_list_compare("one thread and two", &b, &c);
	fuzz_list_free(&a);
	fuzz_list_free(&b);
	fuzz_list_free(&c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t chunk;

	if (size == 0)
		return 0;
	chunk = 1 + data[0] % 64;
	run(data + 1, size - 1, 0, chunk);
	run(data + 1, size - 1, LT_READ_STRICT, chunk);
	return 0;
}
