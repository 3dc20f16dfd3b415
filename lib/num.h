/*
 * num.h - numbers as text, both ways, exactly.
 *
 * Every double lt writes reads back as the same double, in the shortest
 * text that does so (what printf's %.15g, %.16g or %.17g gives first).
 * Parsing is correctly rounded: a fast path for short decimals, strtod(3)
 * for the rest.  Both run once per field of every event, so they are on
 * the hot path of every command.  Neither depends on the locale: the
 * decimal point is '.' under any LC_NUMERIC.
 */
#ifndef LT_NUM_H
#define LT_NUM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Enough for any text these functions write, with its NUL. */
#define LT_NUM_BUFSZ	32

/* The largest episode count an event may hold (2^53, exact in a double). */
#define LT_EPISODE_MAX	9007199254740992LL

/* Write the shortest text that reads back as x into buf (LT_NUM_BUFSZ
 * bytes), NUL-terminated; returns its length.  x must be finite. */
size_t	lt_num_format(double x, char *buf);

/* Like lt_num_format, but the text always reads back as a JSON real, not
 * an integer: ".0" is appended to integral values ("3.0", "1e+20" stays). */
size_t	lt_num_format_real(double x, char *buf);

/* Write v in decimal into buf (LT_NUM_BUFSZ bytes); returns its length. */
size_t	lt_num_format_int(int64_t v, char *buf);

/* Powers of ten a double holds exactly: 10^0 .. 10^22. */
extern const double lt_num_pow10[23];

/* Powers of ten in integers: 10^0 .. 10^8. */
extern const uint64_t lt_num_ipow10[9];

/*
 * The decimal digits that start the eight bytes at p, read at once: their
 * number (0 to 8) is returned, their value put in *v.  Each byte less '0'
 * is a digit when it is below 10 (no high nibble, and none when 6 is
 * added); the first byte that is not ends the run (a borrow or a carry
 * only moves towards the bytes after it).  The run is shifted to the top,
 * zeros before it, and pairs, quads and the eight are combined by
 * multiplications (the method of Lemire's fast_float and simdjson).
 * Little-endian machines only.
 */
static inline int
lt_num_eight(const char *p, uint64_t *v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = UINT64_C(0x0101010101010101);
	uint64_t x, stop;
	int n;

	memcpy(&x, p, sizeof(x));
	x -= ones * '0';
	stop = (x | (x + ones * 6)) & (ones * 0xf0);
	n = stop == 0 ? 8 : __builtin_ctzll(stop) >> 3;
	if (n == 0)
		return 0;
	x <<= 64 - 8 * n;
	x = x * 10 + (x >> 8);
	*v = ((x & UINT64_C(0x000000ff000000ff)) *
	    (100 + (UINT64_C(1000000) << 32)) +
	    ((x >> 16) & UINT64_C(0x000000ff000000ff)) *
	    (1 + (UINT64_C(10000) << 32))) >> 32;
	return n;
#else
	(void)p;
	(void)v;
	return 0;
#endif
}

/* The digits at *pp (before end) appended to *mant, up to eight at a
 * time while eight bytes are there; *pp moves past them. */
static inline void
lt_num_digits(const char **pp, const char *end, uint64_t *mant)
{
	const char *p = *pp;
	uint64_t m = *mant, v;
	int n;

	while (end - p >= 8 && (n = lt_num_eight(p, &v)) > 0) {
		m = m * lt_num_ipow10[n] + v;
		p += n;
		if (n < 8) {
			*pp = p;
			*mant = m;
			return;
		}
	}
	while (p < end && (unsigned)(*p - '0') < 10)
		m = m * 10 + (uint64_t)(*p++ - '0');
	*pp = p;
	*mant = m;
}

/*
 * Clinger's fast path: m * 10^e as one correctly rounded operation on
 * two exact doubles, when m <= 2^53 and |e| <= 22: 1 with *v, else 0.
 */
static inline int
lt_num_clinger(uint64_t m, int e, double *v)
{
	if (m > (UINT64_C(1) << 53) || e < -22 || e > 22)
		return 0;
	*v = e < 0 ? (double)m / lt_num_pow10[-e] : (double)m *
	    lt_num_pow10[e];
	return 1;
}

/*
 * The correctly rounded double of mant * 10^exp10 when the mantissa is
 * exact (its nd digits from first, leading zeros and a point aside, are
 * 19 at most) and |exp10| <= 27, computed in integers: 1 with *out, else
 * 0 (strtod must decide).  For the numbers Clinger's fast path leaves,
 * mostly reals written at full precision (17 digits).
 */
int	lt_num_wide(const char *first, int nd, uint64_t mant, int exp10,
	    double *out);

/*
 * Read a decimal number at p, before end: an optional sign, digits with
 * an optional fraction (a digit at least), an optional exponent.  Returns
 * the first byte after it, or NULL when no such number starts at p.
 * When the number is one correctly rounded operation on two exact
 * doubles (Clinger's fast path: at most 19 digits, a mantissa up to 2^53,
 * a power of ten within +-22), or lt_num_wide can say, *exact is 1 and
 * *out its value; otherwise *exact is 0 and strtod(3) must decide.
 * Inline, as the CSV decoder reads its numbers with it where they stand
 * in the line.
 */
static inline const char *
lt_num_scan(const char *p, const char *end, double *out, int *exact)
{
	const char *digits, *first;
	uint64_t mant = 0;
	int neg = 0, nd, nfrac = 0, exp10, eneg = 0, e = 0;
	double v;

	if (p < end && (*p == '-' || *p == '+'))
		neg = (*p++ == '-');
	digits = first = p;
	if (end - p >= 2 && (unsigned)(*p - '0') < 10 && p[1] == '.')
		mant = (uint64_t)(*p++ - '0');	/* "0.25": one digit */
	else
		lt_num_digits(&p, end, &mant);
	nd = (int)(p - digits);
	if (p < end && *p == '.') {
		digits = ++p;
		lt_num_digits(&p, end, &mant);
		nfrac = (int)(p - digits);
		nd += nfrac;
	}
	if (nd == 0)
		return NULL;
	exp10 = -nfrac;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '-' || *p == '+'))
			eneg = (*p++ == '-');
		if (p == end || (unsigned)(*p - '0') >= 10)
			return NULL;
		while (p < end && (unsigned)(*p - '0') < 10) {
			if (e < 100000)
				e = e * 10 + (*p - '0');
			p++;
		}
		exp10 += eneg ? -e : e;
	}
	/* 19 digits cannot overflow the mantissa; leading zeros count
	 * here, and lt_num_wide tells them apart. */
	*exact = (nd <= 19 && lt_num_clinger(mant, exp10, &v)) ||
	    lt_num_wide(first, nd, mant, exp10, &v);
	if (*exact)
		*out = neg ? -v : v;
	return p;
}

/* Parse all of s[0..len) as a finite decimal number (optional sign,
 * digits, fraction, exponent; no spaces, hex, inf or nan) into *out.
 * Returns 0, or -1 when the text is not such a number or overflows. */
int	lt_num_parse(const char *s, size_t len, double *out);

/* Parse all of s[0..len) as an integer: decimal digits with an optional
 * sign, or a number text whose value is integral ("100.0", "1e3").
 * Returns 0, or -1 when it is not an integer in [-2^53, 2^53]. */
int	lt_num_parse_int(const char *s, size_t len, int64_t *out);

/* strtod(3) in the "C" locale, whatever the caller's LC_NUMERIC. */
double	lt_num_strtod(const char *s, char **end);

/* Whether s[0..len) follows JSON's number grammar: 0 when it does not,
 * 1 for an integer ("-12"), 2 for a real ("0.5", "1e-05"). */
int	lt_num_json_kind(const char *s, size_t len);

#endif
