/*
 * error.c - filling struct lt_error.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

void
lt_error_clear(struct lt_error *err)
{
	if (err == NULL)
		return;
	err->msg[0] = '\0';
	err->file[0] = '\0';
	err->line = 0;
}

int
lt_error_set(struct lt_error *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->file[0] = '\0';
	err->line = 0;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int
lt_error_at(struct lt_error *err, const char *file, long line,
    const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void
lt_error_format(const struct lt_error *err, char *buf, size_t size)
{
	if (err->file[0] != '\0' && err->line > 0)
		snprintf(buf, size, "%s:%ld: %s", err->file, err->line,
		    err->msg);
	else if (err->file[0] != '\0')
		snprintf(buf, size, "%s: %s", err->file, err->msg);
	else
		snprintf(buf, size, "%s", err->msg);
}
