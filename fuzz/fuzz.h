/*
 * fuzz.h - what the fuzz harnesses share: the input as a descriptor or a
 * file, a directory of the process's own, and lists of what a reader
 * gave (events and bad lines) to compare two readers by.
 *
 * Each harness defines LLVMFuzzerTestOneInput.  `make fuzz` links it
 * with libFuzzer (clang, -fsanitize=fuzzer,address,undefined) and runs it
 * on its corpus in testdata/fuzz/NAME/; `make test` links it with
 * fuzz/replay.c and runs it over that corpus once, so that every input
 * that ever found a fault stays a test.  A harness aborts (fuzz_fail)
 * when two readers that must agree do not.
 */
#ifndef LT_FUZZ_H
#define LT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "error.h"
#include "event.h"

/* The entry point of every harness. */
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Say what disagreed, with the input's first bytes, and abort. */
void	fuzz_fail(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

/* A descriptor (memfd) holding data[0..size), at offset 0; the caller
 * closes it. */
int	fuzz_memfd(const uint8_t *data, size_t size);

/* A directory of this process's own, removed with what it holds at
 * exit; the path is borrowed for the process's life. */
const char *fuzz_dir(void);

/* Write data[0..size) to path, replacing it; makes its directory. */
void	fuzz_write(const char *path, const void *data, size_t size);

/* The same, but -1 (errno set) where path cannot be a file: a
 * directory there, or a file where a directory must be. */
int	fuzz_try_write(const char *path, const void *data, size_t size);

/* Remove every file and directory under fuzz_dir(), keeping it. */
void	fuzz_clean(void);

/*
 * What a reader gave, in order: events (their strings copied) and bad
 * lines (line and message), to compare two readers.
 */
struct fuzz_item {
	int		 bad;		/* a bad line, else an event */
	struct lt_event	 ev;		/* task and meta owned */
	long		 line;
	char		*msg;
};

struct fuzz_list {
	struct fuzz_item *v;
	size_t		  n;
	size_t		  cap;
	int		  rc;		/* how the read ended */
	char		 *end;		/* its error, when it failed */
};

void	fuzz_list_event(struct fuzz_list *l, const struct lt_event *ev);
void	fuzz_list_bad(struct fuzz_list *l, const struct lt_error *e);
void	fuzz_list_end(struct fuzz_list *l, int rc, const struct lt_error *e);
void	fuzz_list_free(struct fuzz_list *l);

/* Whether two events are the same, bit for bit. */
int	fuzz_same_event(const struct lt_event *a, const struct lt_event *b);

/* Abort, naming what and where, unless a and b hold the same items and
 * ended alike. */
void	fuzz_list_compare(const char *what, const struct fuzz_list *a,
	    const struct fuzz_list *b);

/* The warn callback of struct lt_reader_opts: into the fuzz_list ctx. */
void	fuzz_warn(void *ctx, const struct lt_error *e);

#endif
