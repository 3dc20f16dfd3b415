/*
 * buf.h - a growable byte buffer.
 *
 * The buffer owns its bytes and keeps them NUL-terminated, so its data can
 * be handed to functions that want a C string.  Running out of memory
 * aborts: nothing in lt can go on without the line it is building.
 */
#ifndef LT_BUF_H
#define LT_BUF_H

#include <stddef.h>
#include <string.h>

struct lt_buf {
	char	*data;		/* NUL-terminated once anything is added */
	size_t	 len;		/* bytes in use, not counting the NUL */
	size_t	 cap;		/* bytes allocated */
};

/* Start b empty; release with lt_buf_release. */
void	lt_buf_init(struct lt_buf *b);

/* Free b's bytes and leave it empty and reusable. */
void	lt_buf_release(struct lt_buf *b);

/* Make room for at least n more bytes (and the NUL).  Inline, with
 * lt_buf_add, as the decoders call them for every event; lt_buf_grow
 * is the allocation they seldom need. */
void	lt_buf_grow(struct lt_buf *b, size_t n);

static inline void
lt_buf_reserve(struct lt_buf *b, size_t n)
{
	if (b->len + n + 1 > b->cap)
		lt_buf_grow(b, n);
}

/* Append n bytes of p, a C string, or one byte. */
static inline void
lt_buf_add(struct lt_buf *b, const void *p, size_t n)
{
	lt_buf_reserve(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void	lt_buf_adds(struct lt_buf *b, const char *s);
void	lt_buf_addc(struct lt_buf *b, char c);

/* Append printf-formatted text. */
void	lt_buf_printf(struct lt_buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Forget the contents, keeping the allocation. */
void	lt_buf_reset(struct lt_buf *b);

/* Write all of buf[0..len) to fd, again after EINTR and short writes.
 * Returns 0, or -1 with errno set. */
int	lt_write_all(int fd, const void *buf, size_t len);

/* Allocation helpers that abort on failure instead of returning NULL. */
void	*lt_xmalloc(size_t n);
void	*lt_xcalloc(size_t n, size_t size);
void	*lt_xrealloc(void *p, size_t n);
char	*lt_xstrdup(const char *s);

/* Grow the array p of *cap elements of sz bytes so that it holds index
 * i, zeroing the new elements; returns the (perhaps moved) array.  Inline,
 * since the analyses call it on every event and it seldom grows. */
void	*lt_xgrow_slow(void *p, size_t *cap, size_t i, size_t sz);

static inline void *
lt_xgrow(void *p, size_t *cap, size_t i, size_t sz)
{
	return i < *cap ? p : lt_xgrow_slow(p, cap, i, sz);
}
char	*lt_xstrndup(const char *s, size_t n);

#endif
