/*
 * ring.h - the last N points of a series, for windows: a ring of cap
 * points that drops the oldest once full; cap 0 keeps every point.
 */
#ifndef LT_RING_H
#define LT_RING_H

#include <stddef.h>

struct lt_pt {
	double	x;
	double	ts;
	double	y;
	double	s;		/* smoothed y, for curves */
};

struct lt_ring {
	struct lt_pt	*p;
	size_t		 cap;
	size_t		 alloc;
	size_t		 n;	/* points held */
	size_t		 head;	/* next slot, when full */
};

/* Start r holding at most cap points (0: all); release with
 * lt_ring_release. */
void	lt_ring_init(struct lt_ring *r, size_t cap);

/* Add a copy of p, dropping the oldest point when full. */
void	lt_ring_push(struct lt_ring *r, const struct lt_pt *p);

/* The place of a new point, for the caller to fill, the oldest dropped
 * when full: a push without a copy (a point just built on the stack and
 * copied whole costs a stalled load on every event). */
struct lt_pt *lt_ring_add(struct lt_ring *r);

/* The i-th oldest point held (i < r->n); borrowed until the next push. */
const struct lt_pt *lt_ring_at(const struct lt_ring *r, size_t i);

/* The mean of y over the last k points held (0 when none). */
double	lt_ring_tail_mean(const struct lt_ring *r, size_t k);

void	lt_ring_release(struct lt_ring *r);

#endif
