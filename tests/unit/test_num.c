/*
 * test_num.c - the number formatter and parser against the C library,
 * over a million random doubles, and under a locale whose decimal point
 * is a comma.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "event.h"
#include "num.h"
#include "rng.h"

#define NRANDOM	1000000

/* The i-th test double: every finite bit pattern, doubles of the range
 * where lt writes plain decimals, short decimals as people log them
 * (0.001, 0.9875), and integers. */
static double
nth_double(uint64_t i)
{
	uint64_t bits;
	double x;

	switch (i % 4) {
	case 0:
		do {
			bits = rng();
			memcpy(&x, &bits, sizeof(x));
		} while (!isfinite(x));
		return x;
	case 1:
		return ldexp((double)(rng() >> 11), (int)(rng() % 64) - 66);
	case 2:
		return (double)(rng() % 100000000) /
		    pow(10, (double)(rng() % 12));
	default:
		return (double)(int64_t)(rng() >> (rng() % 64));
	}
}

/* The significant digits of a %g text: those of its mantissa, less the
 * leading and trailing zeros ("0.00125" and "1250" have 3). */
static int
sig_digits(const char *text)
{
	const char *p = text;
	int n = 0, zeros = 0;

	for (; *p != '\0' && *p != 'e'; p++) {
		if (*p < '0' || *p > '9' || (n == 0 && *p == '0'))
			continue;
		if (*p == '0')
			zeros++;
		else {
			n += zeros + 1;
			zeros = 0;
		}
	}
	return n > 0 ? n : 1;
}

/*
 * The differential test: for each double, lt_num_format's text is the
 * C library's %.Ng, N the digits of that text (at least 15 for a normal
 * number, which %g writes without trailing zeros, so that a text of
 * fewer digits is the same; a subnormal's own); it is the shortest, as
 * %.(N-1)g does not read back (reading back is monotone in the digits);
 * and both strtod and lt_num_parse read it back bit for bit.
 */
static void
test_format_matches_libc_over_a_million_doubles(void **state)
{
	char buf[LT_NUM_BUFSZ], ref[512];
	double x, back;
	uint64_t i;
	int digits;

	(void)state;
	for (i = 0; i < NRANDOM; i++) {
		x = nth_double(i);
		lt_num_format(x, buf);
		back = strtod(buf, NULL);
		if (memcmp(&back, &x, sizeof(x)) != 0)
			fail_msg("%a: strtod reads %s back as %a", x, buf,
			    back);
		if (lt_num_parse(buf, strlen(buf), &back) != 0 ||
		    memcmp(&back, &x, sizeof(x)) != 0)
			fail_msg("%a: lt_num_parse reads %s back as %a", x,
			    buf, back);
		if (x == 0) {
			assert_string_equal(buf, signbit(x) ? "-0" : "0");
			continue;
		}
		digits = sig_digits(buf);
		if (digits > 1) {
			snprintf(ref, sizeof(ref), "%.*g", digits - 1, x);
			if (strtod(ref, NULL) == x)
				fail_msg("%a: lt writes %s, but %s reads back",
				    x, buf, ref);
		}
		snprintf(ref, sizeof(ref), "%.*g", fabs(x) >= DBL_MIN &&
		    digits < 15 ? 15 : digits, x);
		if (strcmp(buf, ref) != 0)
			fail_msg("%a: lt writes %s, %%g with its digits %s", x,
			    buf, ref);
	}
}

/* Random decimal texts, short and long, with and without exponents: the
 * parser's fast path and strtod give the same double. */
static void
test_parse_matches_strtod_over_a_million_texts(void **state)
{
	char text[64];
	double mine, theirs;
	uint64_t i, r;
	int n, nd, k, dot;

	(void)state;
	for (i = 0; i < NRANDOM; i++) {
		r = rng();
		n = 0;
		if (r & 1)
			text[n++] = '-';
		nd = 1 + (int)((r >> 1) % 22);
		dot = (int)((r >> 6) % (unsigned)(nd + 1));
		for (k = 0; k < nd; k++) {
			if (k == dot && k > 0)
				text[n++] = '.';
			text[n++] = (char)('0' + rng() % 10);
		}
		if (r & 0x800)
			n += snprintf(text + n, sizeof(text) - (size_t)n,
			    "e%d", (int)((r >> 12) % 70) - 35);
		text[n] = '\0';
		theirs = strtod(text, NULL);
		if (lt_num_parse(text, (size_t)n, &mine) != 0)
			fail_msg("lt_num_parse refuses %s", text);
		if (memcmp(&mine, &theirs, sizeof(mine)) != 0)
			fail_msg("%s: lt_num_parse gives %a, strtod %a", text,
			    mine, theirs);
	}
}

/* lt_num_parse of text against strtod, bit for bit. */
static void
parse_as_strtod(const char *text)
{
	double mine, theirs = strtod(text, NULL);

	if (lt_num_parse(text, strlen(text), &mine) != 0)
		fail_msg("lt_num_parse refuses %s", text);
	if (memcmp(&mine, &theirs, sizeof(mine)) != 0)
		fail_msg("%s: lt_num_parse gives %a, strtod %a", text, mine,
		    theirs);
}

/*
 * The numbers Clinger's fast path leaves to lt_num_wide: mantissas of 17
 * to 19 digits past 2^53, with leading zeros, times 10^-27 .. 10^27, as
 * an exponent or a point; and the points exactly halfway between two
 * doubles (2M + 1) * 2^(k - 1), written in full, which must round to the
 * even one (worked out: 9007199254740993 lies between 2^53 and 2^53 + 2
 * and reads as 2^53; 4503599627370496.5 as 4503599627370496).
 */
static void
test_parse_wide_mantissas_and_ties(void **state)
{
	char text[96];
	uint64_t i, m, mant;
	int e, k, z;

	(void)state;
	parse_as_strtod("9007199254740993");
	parse_as_strtod("4503599627370496.5");
	parse_as_strtod("2251799813685248.25");
	parse_as_strtod("0.00011904761904761905");
	parse_as_strtod("56411533387591789.31");
	for (i = 0; i < NRANDOM; i++) {
		m = rng() % UINT64_C(10000000000000000000);
		e = (int)(rng() % 55) - 27;
		z = (int)(rng() % 4);
		switch (rng() % 3) {
		case 0:
			snprintf(text, sizeof(text), "%llue%d",
			    (unsigned long long)m, e);
			break;
		case 1:		/* 0.000ddd: the point and leading zeros */
			snprintf(text, sizeof(text), "0.%0*d%llue%d", z + 1,
			    0, (unsigned long long)m, e);
			break;
		default:	/* halfway between two doubles */
			mant = (UINT64_C(1) << 52) | (rng() >> 12);
			k = (int)(rng() % 12) - 2;	/* 2^-3 .. 2^8 */
			m = 2 * mant + 1;
			if (k >= 1)
				snprintf(text, sizeof(text), "%llu",
				    (unsigned long long)(m << (k - 1)));
			else	/* m / 2^j = m * 5^j / 10^j, j = 1 - k */
				snprintf(text, sizeof(text), "%llu.%0*llu",
				    (unsigned long long)(m >> (1 - k)), 1 - k,
				    (unsigned long long)((m &
				    ((UINT64_C(1) << (1 - k)) - 1)) *
				    (uint64_t)pow(5, 1 - k)));
			break;
		}
		parse_as_strtod(text);
	}
}

/*
 * Under a locale whose decimal point is a comma (de_DE.UTF-8, which
 * tests/run generates with localedef into $LOCPATH and names in
 * $LT_TEST_LOCALE), what lt writes and reads is unchanged: the C
 * library's own %g writes "1,5e-300" there, lt "1.5e-300".
 */
static void
test_numbers_ignore_a_comma_locale(void **state)
{
	const char *name = getenv("LT_TEST_LOCALE");
	char buf[LT_NUM_BUFSZ], libc[64];
	double v;

	(void)state;
	if (name == NULL || *name == '\0')
		skip();		/* run outside tests/run */
	if (setlocale(LC_ALL, name) == NULL)
		fail_msg("locale %s is not there", name);
	/* The locale is in force: the C library writes a comma. */
	snprintf(libc, sizeof(libc), "%g", 1.5e-300);
	assert_string_equal(libc, "1,5e-300");

	lt_num_format(1.5e-300, buf);	/* the slow path: %g */
	assert_string_equal(buf, "1.5e-300");
	lt_num_format(0.1, buf);	/* the fast path */
	assert_string_equal(buf, "0.1");
	lt_num_format(5e-324, buf);
	assert_string_equal(buf, "5e-324");
	lt_num_format_real(2.0, buf);
	assert_string_equal(buf, "2.0");
	assert_int_equal(lt_num_parse("1.5e-300", 8, &v), 0);
	assert_true(v == 1.5e-300);
	/* 25 digits: past the fast path, through strtod */
	assert_int_equal(lt_num_parse("0.1000000000000000055511151", 27,
	    &v), 0);
	assert_true(v == 0.1);
	assert_int_equal(lt_num_parse("1,5", 3, &v), -1);
	/* a time back from now, "1.5h", is 5400 s */
	assert_int_equal(lt_time_parse_rel("1.5h", 4, 100000, &v, NULL), 0);
	assert_true(v == 100000 - 5400);
	setlocale(LC_ALL, "C");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_matches_libc_over_a_million_doubles),
		cmocka_unit_test(test_parse_matches_strtod_over_a_million_texts),
		cmocka_unit_test(test_parse_wide_mantissas_and_ties),
		cmocka_unit_test(test_numbers_ignore_a_comma_locale),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
