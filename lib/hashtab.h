/*
 * hashtab.h - the one hash table of lt: keys to the indexes of an array.
 *
 * The table does not hold keys.  Its user keeps the elements in an array
 * of its own (task names, the steps of an imported run) and the table
 * maps a key's hash to the index of the element that has the key; the
 * user says, through a callback, whether an element has the key looked
 * for.  Open addressing, linear probing, at most half full, each slot
 * keeping its hash so that growing needs no callback.
 */
#ifndef LT_HASHTAB_H
#define LT_HASHTAB_H

#include <stddef.h>
#include <stdint.h>

struct lt_hashslot {
	uint64_t	 hash;
	size_t		 ix;		/* index + 1; 0: the slot is free */
};

struct lt_hashtab {
	struct lt_hashslot	*slots;
	size_t			 nslots;	/* 0 or a power of two */
	size_t			 n;		/* indexes held */
};

/* A table starts zeroed ({ 0 }); release with lt_hashtab_release. */

/* The hash of len bytes at p (FNV-1a, 64 bits). */
uint64_t	lt_hash_bytes(const void *p, size_t len);

/* The hash of a 64-bit integer (a multiplicative mix of its bits). */
uint64_t	lt_hash_u64(uint64_t x);

/*
 * The index of the element whose key has hash h and for which eq(ctx,
 * index) returns nonzero, or -1 when the table holds none.  eq is called
 * only for indexes stored under the same hash.
 */
long	lt_hashtab_find(const struct lt_hashtab *t, uint64_t h,
	    int (*eq)(const void *ctx, size_t ix), const void *ctx);

/* Store index ix under hash h.  The caller makes sure that no element
 * with the same key is stored (lt_hashtab_find first). */
void	lt_hashtab_add(struct lt_hashtab *t, uint64_t h, size_t ix);

/* Free the slots, leaving t empty and reusable. */
void	lt_hashtab_release(struct lt_hashtab *t);

/*
 * A count of each 64-bit key met (steps, the bits of a value): key[i] and
 * n[i] for i < len, in the order the keys were first met, indexed by a
 * table.  Starts zeroed ({ 0 }); release with lt_counts_release.
 */
struct lt_counts {
	uint64_t		*key;
	size_t			*n;
	size_t			 len, cap;
	struct lt_hashtab	 ix;
};

/* Count key k more times; returns how many times it was counted before
 * (0: a new key). */
size_t	lt_counts_add(struct lt_counts *c, uint64_t key, size_t k);

/* The index of key in c (key[i], n[i]), or -1 when it was not met. */
long	lt_counts_find(const struct lt_counts *c, uint64_t key);

/* Free c's keys and counts, leaving it empty and reusable. */
void	lt_counts_release(struct lt_counts *c);

#endif
