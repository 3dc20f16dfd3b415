/*
 * test_tasktab.c - the task table against a list searched name by name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rng.h"
#include "tasktab.h"

/* Names that differ only at their end, in length, or after a NUL byte
 * (a JSON "\u0000" keeps one): each must stay a task of its own. */
static const struct {
	const char	*s;
	size_t		 len;
} names[] = {
	{ "a", 1 }, { "ab", 2 }, { "b", 1 }, { "task_0", 6 },
	{ "task_1", 6 }, { "task_10", 7 }, { "a\0b", 3 }, { "a\0c", 3 },
	{ "a\0", 2 }, { "ba", 2 }, { "\xc3\xa9t\xc3\xa9", 6 }, { "", 0 },
};
#define NNAMES	(sizeof(names) / sizeof(names[0]))

/* The index a table must give name k: its place among the names in the
 * order they were first met, kept in order[0..*n). */
static size_t
expected(size_t *order, size_t *n, size_t k)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (order[i] == k)
			return i;
	order[(*n)++] = k;
	return i;
}

/* Runs of one name, names taking turns, and names at random, mixed: the
 * guess of the name that comes next is right, then wrong, then right. */
static void
test_tasktab_intern(void **state)
{
	struct lt_tasktab t = { 0 };
	size_t order[NNAMES], n = 0, k = 0, i, want, got;
	int added;

	(void)state;
	for (i = 0; i < 30000; i++) {
		switch (i / 1000 % 3) {
		case 0:			/* in turn */
			k = (k + 1) % 5;
			break;
		case 1:			/* runs */
			if (rng() % 8 == 0)
				k = rng() % NNAMES;
			break;
		default:
			k = rng() % NNAMES;
		}
		want = expected(order, &n, k);
		got = lt_tasktab_intern(&t, names[k].s, names[k].len, &added);
		assert_int_equal(got, want);
		assert_memory_equal(t.names[got], names[k].s, names[k].len);
		assert_int_equal(lt_tasktab_find(&t, names[k].s, names[k].len),
		    (long)want);
	}
	assert_int_equal(t.n, NNAMES);
	assert_int_equal(lt_tasktab_find(&t, "c", 1), -1);
	lt_tasktab_release(&t);
	assert_int_equal(t.n, 0);
}

/* added is 1 exactly when a name is met for the first time. */
static void
test_tasktab_added(void **state)
{
	struct lt_tasktab t = { 0 };
	int added, seen[NNAMES] = { 0 };
	size_t i, k;

	(void)state;
	for (i = 0; i < 2000; i++) {
		k = rng() % NNAMES;
		(void)lt_tasktab_intern(&t, names[k].s, names[k].len, &added);
		assert_int_equal(added, !seen[k]);
		seen[k] = 1;
	}
	lt_tasktab_release(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tasktab_intern),
		cmocka_unit_test(test_tasktab_added),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
