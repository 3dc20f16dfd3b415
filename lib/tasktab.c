/*
 * tasktab.c - the task table: names interned to small integers with an
 * open-addressing hash (FNV-1a, linear probing, at most half full).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tasktab.h"

static uint64_t
hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;

	while (len-- > 0)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static void
tasks_grow(struct lt_tasktab *t)
{
	size_t i, j, ns = t->nslots ? t->nslots * 2 : 64;
	size_t *slots = lt_xcalloc(ns, sizeof(size_t));

	for (i = 0; i < t->n; i++) {
		j = hash(t->names[i], strlen(t->names[i])) & (ns - 1);
		while (slots[j] != 0)
			j = (j + 1) & (ns - 1);
		slots[j] = i + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = ns;
}

size_t
lt_tasktab_intern(struct lt_tasktab *t, const char *s, size_t len, int *added)
{
	size_t j, k;

	*added = 0;
	if (t->nslots == 0)
		tasks_grow(t);
	j = hash(s, len) & (t->nslots - 1);
	while ((k = t->slots[j]) != 0) {
		if (strncmp(t->names[k - 1], s, len) == 0 &&
		    t->names[k - 1][len] == '\0')
			return k - 1;
		j = (j + 1) & (t->nslots - 1);
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->names = lt_xrealloc(t->names, t->cap * sizeof(char *));
	}
	t->names[t->n] = lt_xstrndup(s, len);
	t->slots[j] = ++t->n;
	*added = 1;
	if (t->n * 2 > t->nslots)
		tasks_grow(t);
	return t->n - 1;
}

void
lt_tasktab_release(struct lt_tasktab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->names[i]);
	free(t->names);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

/* Grow an array of n elements of size sz to hold index i. */

long
lt_tasktab_find(const struct lt_tasktab *t, const char *s, size_t len)
{
	size_t j, k;

	if (t->nslots == 0)
		return -1;
	j = hash(s, len) & (t->nslots - 1);
	while ((k = t->slots[j]) != 0) {
		if (strncmp(t->names[k - 1], s, len) == 0 &&
		    t->names[k - 1][len] == '\0')
			return (long)(k - 1);
		j = (j + 1) & (t->nslots - 1);
	}
	return -1;
}
