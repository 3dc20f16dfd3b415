/*
 * ring.c - the last N points of a series.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ring.h"

void
lt_ring_init(struct lt_ring *r, size_t cap)
{
	memset(r, 0, sizeof(*r));
	r->cap = cap;
}

struct lt_pt *
lt_ring_add(struct lt_ring *r)
{
	struct lt_pt *at;

	if (r->cap == 0 || r->n < r->cap) {
		if (r->n == r->alloc) {
			r->alloc = r->alloc ? r->alloc * 2 : 16;
			if (r->cap != 0 && r->alloc > r->cap)
				r->alloc = r->cap;
			r->p = lt_xrealloc(r->p, r->alloc * sizeof(*r->p));
		}
		return &r->p[r->n++];
	}
	at = &r->p[r->head];
	if (++r->head == r->cap)	/* no division on every event */
		r->head = 0;
	return at;
}

void
lt_ring_push(struct lt_ring *r, const struct lt_pt *p)
{
	*lt_ring_add(r) = *p;
}

const struct lt_pt *
lt_ring_at(const struct lt_ring *r, size_t i)
{
	if (r->cap == 0 || r->n < r->cap)
		return &r->p[i];
	return &r->p[(r->head + i) % r->cap];
}

void
lt_ring_release(struct lt_ring *r)
{
	free(r->p);
	memset(r, 0, sizeof(*r));
}

double
lt_ring_tail_mean(const struct lt_ring *r, size_t k)
{
	double sum = 0;
	size_t i;

	if (k > r->n)
		k = r->n;
	if (k == 0)
		return 0;
	for (i = r->n - k; i < r->n; i++)
		sum += lt_ring_at(r, i)->y;
	return sum / (double)k;
}

