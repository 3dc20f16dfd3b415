/*
 * hashtab.c - the hash index: open addressing, linear probing.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hashtab.h"

uint64_t
lt_hash_bytes(const void *p, size_t len)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;

	while (len-- > 0)
		h = (h ^ *s++) * 1099511628211ULL;
	return h;
}

uint64_t
lt_hash_u64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

long
lt_hashtab_find(const struct lt_hashtab *t, uint64_t h,
    int (*eq)(const void *ctx, size_t ix), const void *ctx)
{
	const struct lt_hashslot *s;
	size_t j;

	if (t->nslots == 0)
		return -1;
	for (j = h & (t->nslots - 1);; j = (j + 1) & (t->nslots - 1)) {
		s = &t->slots[j];
		if (s->ix == 0)
			return -1;
		if (s->hash == h && eq(ctx, s->ix - 1))
			return (long)(s->ix - 1);
	}
}

static void
put(struct lt_hashslot *slots, size_t nslots, uint64_t h, size_t ix1)
{
	size_t j = h & (nslots - 1);

	while (slots[j].ix != 0)
		j = (j + 1) & (nslots - 1);
	slots[j].hash = h;
	slots[j].ix = ix1;
}

void
lt_hashtab_add(struct lt_hashtab *t, uint64_t h, size_t ix)
{
	struct lt_hashslot *slots;
	size_t i, ns;

	if (2 * (t->n + 1) > t->nslots) {
		ns = t->nslots ? 2 * t->nslots : 64;
		/* Zeroed by writing, not calloc: calloc's fresh pages are
		 * the shared zero page until written, and the first probe
		 * reads before it writes, so each page would fault twice,
		 * the second time flushing every thread's TLB. */
		slots = lt_xmalloc(ns * sizeof(*slots));
		memset(slots, 0, ns * sizeof(*slots));
		for (i = 0; i < t->nslots; i++)
			if (t->slots[i].ix != 0)
				put(slots, ns, t->slots[i].hash,
				    t->slots[i].ix);
		free(t->slots);
		t->slots = slots;
		t->nslots = ns;
	}
	put(t->slots, t->nslots, h, ix + 1);
	t->n++;
}

void
lt_hashtab_release(struct lt_hashtab *t)
{
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

struct counts_key {
	const struct lt_counts	*c;
	uint64_t		 key;
};

static int
same_count_key(const void *ctx, size_t ix)
{
	const struct counts_key *k = ctx;

	return k->c->key[ix] == k->key;
}

static long
counts_find(const struct lt_counts *c, uint64_t key, uint64_t h)
{
	struct counts_key k = { c, key };

	return lt_hashtab_find(&c->ix, h, same_count_key, &k);
}

size_t
lt_counts_add(struct lt_counts *c, uint64_t key, size_t k)
{
	uint64_t h = lt_hash_u64(key);
	size_t before;
	long i;

	if ((i = counts_find(c, key, h)) >= 0) {
		before = c->n[i];
		c->n[i] += k;
		return before;
	}
	if (c->len == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->key = lt_xrealloc(c->key, c->cap * sizeof(*c->key));
		c->n = lt_xrealloc(c->n, c->cap * sizeof(*c->n));
	}
	c->key[c->len] = key;
	c->n[c->len] = k;
	lt_hashtab_add(&c->ix, h, c->len++);
	return 0;
}

long
lt_counts_find(const struct lt_counts *c, uint64_t key)
{
	return counts_find(c, key, lt_hash_u64(key));
}

void
lt_counts_release(struct lt_counts *c)
{
	free(c->key);
	free(c->n);
	lt_hashtab_release(&c->ix);
	memset(c, 0, sizeof(*c));
}
