/*
 * num.c - shortest round-trip formatting and correctly rounded parsing.
 */
#include <errno.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"

/*
 * The C library's number functions follow LC_NUMERIC: a program that
 * links liblt and calls setlocale(LC_ALL, "") under de_DE would write
 * "1,5" and read "1.5" as 1.  Logs hold one text per number whatever the
 * locale, so the slow paths run under the "C" locale, made once.
 */
static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void
make_c_locale(void)
{
	/* "C" is built into the C library: this fails only without
	 * memory. */
	if ((c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0)) ==
	    (locale_t)0)
		abort();
}

static locale_t
the_c_locale(void)
{
	pthread_once(&c_locale_once, make_c_locale);
	return c_locale;
}

/* snprintf(buf, LT_NUM_BUFSZ, "%.*g", prec, x) in the "C" locale. */
static size_t
format_g(double x, int prec, char *buf)
{
	locale_t old = uselocale(the_c_locale());
	int n = snprintf(buf, LT_NUM_BUFSZ, "%.*g", prec, x);

	uselocale(old);
	return (size_t)n;
}

double
lt_num_strtod(const char *s, char **end)
{
	return strtod_l(s, end, the_c_locale());
}

/* Powers of ten that a double holds exactly (10^22 is the last). */
const double lt_num_pow10[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

const uint64_t lt_num_ipow10[9] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000
};

/* 10^-4 .. 10^14, as the nearest doubles, to count digits before the
 * point. */
static const double pow10_neg4[] = {
	1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
	1e9, 1e10, 1e11, 1e12, 1e13, 1e14
};

#define MANT_EXACT	9007199254740992ULL	/* 2^53 */

static const char digit_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "6869707172737475767778798081828384858687888990919293949596979899";

/* Decimal digits of v, two at a time. */
static size_t
format_uint(uint64_t v, char *buf)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	size_t n;

	while (v >= 100) {
		p -= 2;
		memcpy(p, digit_pairs + (v % 100) * 2, 2);
		v /= 100;
	}
	if (v >= 10) {
		p -= 2;
		memcpy(p, digit_pairs + v * 2, 2);
	} else
		*--p = (char)('0' + v);
	n = (size_t)(tmp + sizeof(tmp) - p);
	memcpy(buf, p, n);
	buf[n] = '\0';
	return n;
}

size_t
lt_num_format_int(int64_t v, char *buf)
{
	if (v < 0) {
		buf[0] = '-';
		return 1 + format_uint((uint64_t)0 - (uint64_t)v, buf + 1);
	}
	return format_uint((uint64_t)v, buf);
}

/*
 * The integer nearest to ax * 10^d, computed exactly: fma gives the
 * rounding error of the product, so m is right even where the product
 * itself was rounded.  Returns -1 on a near tie, where printf's rounding
 * of the exact value must decide.
 */
static int
scale_round(double ax, int d, uint64_t *m)
{
	double s = lt_num_pow10[d], p = ax * s, err = fma(ax, s, -p);
	double fl = floor(p), frac = (p - fl) + err, r = floor(frac + 0.5);

	if (fabs(frac - r) > 0.4999999)
		return -1;
	*m = (uint64_t)fl + (uint64_t)(int64_t)r;
	return 0;
}

/*
 * Fast path: |x| in [1e-4, 1e15), the range where %g writes plain
 * decimals.  Try 15, 16 and 17 significant digits, as the slow path does
 * with printf: m is x * 10^d rounded to the nearest integer, which is
 * what %.Ng prints.  With 15 or 16 digits, m reads back as x when the
 * correctly rounded m / 10^d equals x (m < 2^53, 10^d exact).  A 15-digit
 * m is the only such decimal (DBL_DIG is 15), so a shorter text, if any,
 * is m without trailing zeros; 17 digits always read back.
 */
static size_t
format_fixed(double x, char *buf)
{
	double ax = fabs(x);
	uint64_t m = 0, ip, fp;
	char digits[24];
	size_t len = 0, nd, i;
	int d, intdig, sig, e2;

	if (!(ax >= 1e-4 && ax < 1e15))
		return 0;
	/* intdig: digits before the point, floor(log10(ax)) + 1, in
	 * [-3, 15]; pow10_neg4[k] is 10^(k-4).  Start from the binary
	 * exponent's estimate (log10(2) < 0.30103), one step off at most. */
	frexp(ax, &e2);
	intdig = (int)floor((e2 - 1) * 0.30102999566398120) + 2;
	if (intdig > 15)
		intdig = 15;
	while (intdig > -3 && ax < pow10_neg4[intdig + 3])
		intdig--;
	for (sig = 15; sig <= 17; sig++) {
		d = sig - intdig;
		if (scale_round(ax, d, &m) != 0)
			return 0;
		if (sig == 17)
			break;
		if (m >= MANT_EXACT)
			return 0;
		if ((double)m / lt_num_pow10[d] == ax)
			break;
	}
	while (d >= 4 && m % 10000 == 0) {
		m /= 10000;
		d -= 4;
	}
	while (d > 0 && m % 10 == 0) {
		m /= 10;
		d--;
	}
	if (x < 0)
		buf[len++] = '-';
	if (d > 19) {
		ip = 0;
		fp = m;
	} else {
		ip = m / (uint64_t)lt_num_pow10[d];
		fp = m % (uint64_t)lt_num_pow10[d];
	}
	len += format_uint(ip, buf + len);
	if (d > 0) {
		buf[len++] = '.';
		nd = format_uint(fp, digits);
		for (i = nd; i < (size_t)d; i++)
			buf[len++] = '0';
		memcpy(buf + len, digits, nd);
		len += nd;
	}
	buf[len] = '\0';
	return len;
}

size_t
lt_num_format(double x, char *buf)
{
	size_t len;
	int p;

	if (x == 0) {
		if (signbit(x))
			return (size_t)snprintf(buf, LT_NUM_BUFSZ, "-0");
		return (size_t)snprintf(buf, LT_NUM_BUFSZ, "0");
	}
	if ((len = format_fixed(x, buf)) > 0)
		return len;
	/* DBL_DIG is 15: a shortest text of <= 15 digits is what %.15g
	 * writes; otherwise 16 or 17 digits are needed.  Subnormals have
	 * fewer digits of precision, so they start from one. */
	for (p = fabs(x) < DBL_MIN ? 1 : 15; p < 17; p++) {
		len = format_g(x, p, buf);
		if (lt_num_strtod(buf, NULL) == x)
			return len;
	}
	return format_g(x, 17, buf);
}

size_t
lt_num_format_real(double x, char *buf)
{
	size_t len = lt_num_format(x, buf), i;

	/* A loop over the few bytes: strpbrk's setup cost more, for every
	 * real of an export. */
	for (i = 0; i < len; i++)
		if (buf[i] == '.' || buf[i] == 'e' || buf[i] == 'E' ||
		    buf[i] == 'n')
			return len;
	memcpy(buf + len, ".0", 3);
	return len + 2;
}

/* 5^0 .. 5^27, the powers of five below 2^63. */
static const uint64_t pow5[28] = {
	UINT64_C(1), UINT64_C(5), UINT64_C(25), UINT64_C(125),
	UINT64_C(625), UINT64_C(3125), UINT64_C(15625), UINT64_C(78125),
	UINT64_C(390625), UINT64_C(1953125), UINT64_C(9765625),
	UINT64_C(48828125), UINT64_C(244140625), UINT64_C(1220703125),
	UINT64_C(6103515625), UINT64_C(30517578125),
	UINT64_C(152587890625), UINT64_C(762939453125),
	UINT64_C(3814697265625), UINT64_C(19073486328125),
	UINT64_C(95367431640625), UINT64_C(476837158203125),
	UINT64_C(2384185791015625), UINT64_C(11920928955078125),
	UINT64_C(59604644775390625), UINT64_C(298023223876953125),
	UINT64_C(1490116119384765625), UINT64_C(7450580596923828125)
};

/*
 * m * 10^e10 is m * 5^e10 * 2^e10.  For e10 >= 0 the product m * 5^e10
 * is exact in 128 bits; for e10 < 0, m * 2^s divided by 5^-e10 (64 bits)
 * gives a quotient of 55 bits or more and a remainder, exactly.  Either
 * way there is an integer x, its value times a power of two, and whether
 * anything below it is not zero (sticky); its top 55 bits keep the
 * double's 53 and two below them, and the bits shifted out go into
 * sticky: rounded to nearest, ties to even, as strtod rounds.
 */
int
lt_num_wide(const char *first, int nd, uint64_t m, int e10, double *out)
{
#ifdef __SIZEOF_INT128__
	__extension__ typedef unsigned __int128 u128;
	u128 x;
	uint64_t q, d, hi;
	int zeros = 0, bits, s, e2, sticky = 0, b;

	if (m == 0 || e10 < -27 || e10 > 27)
		return 0;
	/* m is exact when its digits less the leading zeros are 19 at
	 * most; a digit not 0 comes before the number ends. */
	for (; *first == '0' || *first == '.'; first++)
		zeros += *first == '0';
	if (nd - zeros > 19)
		return 0;
	d = pow5[e10 < 0 ? -e10 : e10];
	if (e10 >= 0) {
		x = (u128)m * d;
		e2 = e10;
	} else {
		/* 2^(bw-1) <= m < 2^bw and 2^(bd-1) <= d < 2^bd: with
		 * s = 55 - bw + bd, m * 2^s / d > 2^54 (and m * 2^s <
		 * 2^119); s is 0 when m alone is long enough. */
		s = 55 - (64 - __builtin_clzll(m)) +
		    (64 - __builtin_clzll(d));
		if (s < 0)
			s = 0;
		x = ((u128)m << s) / d;
		sticky = ((u128)m << s) % d != 0;
		e2 = e10 - s;
	}
	hi = (uint64_t)(x >> 64);
	bits = hi != 0 ? 128 - __builtin_clzll(hi) :
	    64 - __builtin_clzll((uint64_t)x);
	if (bits > 55) {
		sticky |= (x & (((u128)1 << (bits - 55)) - 1)) != 0;
		q = (uint64_t)(x >> (bits - 55));
	} else
		q = (uint64_t)x << (55 - bits);	/* exact: sticky is 0 */
	e2 += bits - 55;
	/* q in [2^54, 2^55): the double's 53 bits and two below them. */
	b = (int)(q & 3);
	q >>= 2;
	e2 += 2;
	if (b == 3 || (b == 2 && (sticky || (q & 1))))
		q++;
	if (q >> 53 != 0) {
		q >>= 1;
		e2++;
	}
	if (e2 + 52 < -1022 || e2 + 52 > 1023)
		return 0;	/* not a normal double */
	*out = ldexp((double)q, e2);
	return 1;
#else
	(void)first;
	(void)nd;
	(void)m;
	(void)e10;
	(void)out;
	return 0;
#endif
}

int
lt_num_parse(const char *s, size_t len, double *out)
{
	const char *end = s + len;
	char tmp[128], *ep;
	double v = 0;
	int exact = 0;

	if (lt_num_scan(s, end, &v, &exact) != end)
		return -1;
	if (!exact) {
		if (len >= sizeof(tmp))
			return -1;
		memcpy(tmp, s, len);
		tmp[len] = '\0';
		v = lt_num_strtod(tmp, &ep);
		if (ep != tmp + len || !isfinite(v))
			return -1;
	}
	*out = v;
	return 0;
}

int
lt_num_parse_int(const char *s, size_t len, int64_t *out)
{
	char tmp[32], *end;
	long long i;
	double v;

	/* One sign at most: "+-1" is not an integer. */
	if (lt_num_json_kind(s, len) == 1 || (len > 1 && s[0] == '+' &&
	    s[1] != '-' && lt_num_json_kind(s + 1, len - 1) == 1)) {
		/* Plain digits: exact, not through a double. */
		if (len <= 15 && s[0] != '-' && s[0] != '+') {
			for (i = 0; len-- > 0; s++)
				i = i * 10 + (*s - '0');
			*out = i;
			return 0;
		}
		if (len >= sizeof(tmp))
			return -1;
		memcpy(tmp, s, len);
		tmp[len] = '\0';
		errno = 0;
		i = strtoll(tmp, &end, 10);
		if (errno != 0 || end != tmp + len || i > LT_EPISODE_MAX || i < -LT_EPISODE_MAX)
			return -1;
		*out = i;
		return 0;
	}
	if (lt_num_parse(s, len, &v) != 0)
		return -1;
	if (v != floor(v) || v > (double)LT_EPISODE_MAX ||
	    v < -(double)LT_EPISODE_MAX)
		return -1;
	*out = (int64_t)v;
	return 0;
}

int
lt_num_json_kind(const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	int kind = 1;

	if (p < end && *p == '-')
		p++;
	if (p == end)
		return 0;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	else
		return 0;
	if (p < end && *p == '.') {
		kind = 2;
		if (++p == end || *p < '0' || *p > '9')
			return 0;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		kind = 2;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p == end || *p < '0' || *p > '9')
			return 0;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	return p == end ? kind : 0;
}
