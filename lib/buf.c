/*
 * buf.c - the growable byte buffer and the aborting allocators.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"

int
lt_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void
oom(void)
{
	fputs("lt: out of memory\n", stderr);
	abort();
}

void *
lt_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
lt_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
lt_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

char *
lt_xstrndup(const char *s, size_t n)
{
	char *p = lt_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void *
lt_xgrow_slow(void *p, size_t *cap, size_t i, size_t sz)
{
	size_t old = *cap;

	while (*cap <= i)
		*cap = *cap ? *cap * 2 : 16;
	p = lt_xrealloc(p, *cap * sz);
	memset((char *)p + old * sz, 0, (*cap - old) * sz);
	return p;
}

char *
lt_xstrdup(const char *s)
{
	return lt_xstrndup(s, strlen(s));
}

void
lt_buf_init(struct lt_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
lt_buf_release(struct lt_buf *b)
{
	free(b->data);
	lt_buf_init(b);
}

void
lt_buf_grow(struct lt_buf *b, size_t n)
{
	size_t cap;

	if (b->len + n + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < b->len + n + 1)
		cap *= 2;
	b->data = lt_xrealloc(b->data, cap);
	b->cap = cap;
}

void
lt_buf_adds(struct lt_buf *b, const char *s)
{
	lt_buf_add(b, s, strlen(s));
}

void
lt_buf_addc(struct lt_buf *b, char c)
{
	lt_buf_reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void
lt_buf_printf(struct lt_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	lt_buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
lt_buf_reset(struct lt_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}
