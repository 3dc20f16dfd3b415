/*
 * error.h - how the library reports what went wrong.
 *
 * The library never prints and never exits: a function that can fail
 * returns -1 and fills the caller's struct lt_error, as jansson fills
 * json_error_t.  The message is lowercase, without a full stop, and names
 * the offending value; the command that called prefixes "lt COMMAND: ".
 */
#ifndef LT_ERROR_H
#define LT_ERROR_H

#include <stddef.h>

/* Exit statuses shared by every command, as grep, diff and cmp use them. */
enum lt_status {
	LT_OK = 0,		/* success, or the condition holds */
	LT_FALSE = 1,		/* a check did not hold */
	LT_TROUBLE = 2		/* usage, bad input, I/O */
};

struct lt_error {
	char	msg[512];	/* what went wrong, with the value */
	char	file[256];	/* the file concerned, or "" */
	long	line;		/* its 1-based line, or 0 */
};

/* Clear err (it may be NULL). */
void	lt_error_clear(struct lt_error *err);

/* Set err's message from a printf format; file and line are cleared.
 * err may be NULL.  Returns -1, so "return lt_error_set(err, ...);" reads
 * as the failure it is. */
int	lt_error_set(struct lt_error *err, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Like lt_error_set, also naming the file and line the error is in. */
int	lt_error_at(struct lt_error *err, const char *file, long line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Write err as "FILE:LINE: MSG" (or "FILE: MSG", or "MSG") into buf. */
void	lt_error_format(const struct lt_error *err, char *buf, size_t size);

#endif
