/*
 * tasktab.h - task names interned to small integers, in order of first
 * appearance: the one table every module that groups events by task uses.
 */
#ifndef LT_TASKTAB_H
#define LT_TASKTAB_H

#include <stddef.h>

#include "hashtab.h"

struct lt_tasktab {
	char			**names;
	size_t			  n;
	size_t			  cap;
	struct lt_hashtab	  index;	/* name to its index */
	size_t			 *len;		/* each name's length */
	size_t			 *next;		/* the name interned after
						   each, the last time */
	size_t			  last;		/* the last one interned */
};

/* A table starts zeroed ({ 0 }); release with lt_tasktab_release. */

/* The index of task s[0..len), added when new; *added says whether it
 * was.  names[index] stays valid until the table is released.  The name
 * that followed the last one interned the last time it was interned is
 * compared first, so that a log's tasks taking turns, or one task, cost
 * one comparison and no hashing. */
size_t	lt_tasktab_intern(struct lt_tasktab *t, const char *s, size_t len,
	    int *added);

/* The index of task s[0..len), or -1 when the table does not hold it. */
long	lt_tasktab_find(const struct lt_tasktab *t, const char *s,
	    size_t len);

/* Free the names and the slots, leaving t empty and reusable. */
void	lt_tasktab_release(struct lt_tasktab *t);

#endif
