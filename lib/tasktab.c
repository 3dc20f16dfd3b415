/*
 * tasktab.c - the task table: names interned to small integers, indexed
 * by lib/hashtab.h.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tasktab.h"

struct key {
	const struct lt_tasktab	*t;
	const char		*s;
	size_t			 len;
};

/* Whether name ix of t is s[0..len).  Task names are short: a loop
 * costs less than a call of memcmp, once per event. */
static int
is_name(const struct lt_tasktab *t, size_t ix, const char *s, size_t len)
{
	const char *name = t->names[ix];
	size_t i;

	if (t->len[ix] != len)
		return 0;
	for (i = 0; i < len && name[i] == s[i]; i++)
		;
	return i == len;
}

static int
same_name(const void *ctx, size_t ix)
{
	const struct key *k = ctx;

	return is_name(k->t, ix, k->s, k->len);
}

size_t
lt_tasktab_intern(struct lt_tasktab *t, const char *s, size_t len, int *added)
{
	struct key k = { t, s, len };
	size_t guess;
	uint64_t h;
	long i;

	*added = 0;
	if (t->n > 0) {
		guess = t->next[t->last];
		if (is_name(t, guess, s, len))
			return t->last = guess;
	}
	h = lt_hash_bytes(s, len);
	if ((i = lt_hashtab_find(&t->index, h, same_name, &k)) < 0) {
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 16;
			t->names = lt_xrealloc(t->names,
			    t->cap * sizeof(*t->names));
			t->len = lt_xrealloc(t->len, t->cap * sizeof(*t->len));
			t->next = lt_xrealloc(t->next,
			    t->cap * sizeof(*t->next));
		}
		t->names[t->n] = lt_xstrndup(s, len);
		t->len[t->n] = len;
		t->next[t->n] = t->n;
		lt_hashtab_add(&t->index, h, t->n);
		*added = 1;
		i = (long)t->n++;
	}
	if (t->n > 1)
		t->next[t->last] = (size_t)i;
	return t->last = (size_t)i;
}

long
lt_tasktab_find(const struct lt_tasktab *t, const char *s, size_t len)
{
	struct key k = { t, s, len };

	return lt_hashtab_find(&t->index, lt_hash_bytes(s, len), same_name,
	    &k);
}

void
lt_tasktab_release(struct lt_tasktab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->names[i]);
	free(t->names);
	free(t->len);
	free(t->next);
	lt_hashtab_release(&t->index);
	memset(t, 0, sizeof(*t));
}
