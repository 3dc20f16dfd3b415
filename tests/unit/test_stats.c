/*
 * test_stats.c - lib/stats.c against values computed apart from it.
 *
 * Expected numbers come from hand work, exact rationals or closed forms
 * of Student's t distribution (written out beside each test), never from
 * the code under test.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_movstat.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_vector.h>

#include "stats.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#define assert_near(got, want, rel) \
	assert_near_at((got), (want), (rel), __FILE__, __LINE__)

static void
assert_near_at(double got, double want, double rel, const char *file,
    int line)
{
	if (got == want ||
	    fabs(got - want) <= rel * fmax(fabs(got), fabs(want)))
		return;
	print_error("got %.17g, want %.17g (relative tolerance %g)\n", got,
	    want, rel);
	_fail(file, line);
}

/* A reproducible uniform value in [0, 1): the C standard's example LCG,
 * so that the data sets do not depend on the platform's rand(). */
static double
uniform(unsigned long *state)
{
	*state = *state * 1103515245UL + 12345UL;
	return (double)((*state / 65536UL) % 32768UL) / 32768.0;
}

/* Uniform in [0, 1) with 2^30 values, where uniform has 2^15. */
static double
fine(unsigned long *state)
{
	double hi = uniform(state);

	return hi + uniform(state) / 32768.0;
}

static void
fit_both(const double *x, const double *y, size_t n, struct lt_fit *fit,
    struct lt_fit *acc)
{
	struct lt_fitacc a;
	struct lt_error err;
	size_t i;

	assert_int_equal(lt_stats_fit(x, y, n, fit, &err), 0);
	lt_fitacc_init(&a);
	for (i = 0; i < n; i++)
		assert_int_equal(lt_fitacc_push(&a, x[i], y[i], &err), 0);
	lt_fitacc_result(&a, acc);
}

/*
 * x = 1..5, y = 2,4,5,4,5.  By hand: mean x 3, mean y 4, Sxx 10, Sxy 6,
 * slope 0.6, intercept 4 - 0.6 * 3 = 2.2; residuals -0.8 0.6 1 -0.6 -0.2,
 * SSres 2.4, SStot 6, r2 = 1 - 2.4 / 6 = 0.6; s^2 = 2.4 / 3 = 0.8,
 * stderr = sqrt(0.8 / 10) = 0.282842712474619, t = 3 / sqrt(2).
 * With 3 degrees of freedom the t distribution has a closed form:
 * p = 1 - (2 / pi) (h + sin h cos h), h = atan(t / sqrt(3)):
 *   python3 -c 'from math import *; t=3/sqrt(2); h=atan(t/sqrt(3));
 *     print(repr(1-(2/pi)*(h+sin(h)*cos(h))))'   -> 0.1240270626575547
 * (Simpson's rule on the t density gives 0.12402706265755048.)
 */
static void
test_fit_textbook(void **state)
{
	const double x[] = { 1, 2, 3, 4, 5 }, y[] = { 2, 4, 5, 4, 5 };
	struct lt_fit f, a;

	(void)state;
	fit_both(x, y, NELEM(x), &f, &a);
	assert_int_equal(f.n, 5);
	assert_near(f.slope, 0.6, 1e-12);
	assert_near(f.intercept, 2.2, 1e-12);
	assert_near(f.r2, 0.6, 1e-12);
	assert_near(f.stderr_slope, 0.282842712474619, 1e-12);
	assert_near(f.p_value, 0.1240270626575547, 1e-9);
	assert_near(a.p_value, 0.1240270626575547, 1e-9);
	/* p >= 0.05: flat, whichever way is better. */
	assert_int_equal(lt_stats_direction_of(&f, LT_STATS_MAX, 0.05, 5),
	    LT_STATS_FLAT);
	/* At alpha 0.2 the rise counts. */
	assert_int_equal(lt_stats_direction_of(&f, LT_STATS_MAX, 0.2, 5),
	    LT_STATS_IMPROVING);
	assert_int_equal(lt_stats_direction_of(&f, LT_STATS_MIN, 0.2, 5),
	    LT_STATS_DECLINING);
}

/*
 * One degree of freedom: x = 0,1,2, y = 0,2,1.  Sxx 2, Sxy 1, slope 0.5,
 * intercept 0.5; residuals -0.5 1 -0.5, SSres 1.5, SStot 2, r2 0.25;
 * stderr = sqrt(1.5 / 2) = sqrt(0.75), t = 1 / sqrt(3).  For 1 degree of
 * freedom (Cauchy) p = 1 - (2 / pi) atan(t) = 1 - (2 / pi)(pi / 6) = 2/3.
 */
static void
test_fit_one_dof(void **state)
{
	const double x[] = { 0, 1, 2 }, y[] = { 0, 2, 1 };
	struct lt_fit f, a;

	(void)state;
	fit_both(x, y, NELEM(x), &f, &a);
	assert_near(f.slope, 0.5, 1e-12);
	assert_near(f.intercept, 0.5, 1e-12);
	assert_near(f.r2, 0.25, 1e-12);
	assert_near(f.stderr_slope, sqrt(0.75), 1e-12);
	assert_near(f.p_value, 2.0 / 3.0, 1e-9);
	assert_near(a.p_value, 2.0 / 3.0, 1e-9);
}

/*
 * Two degrees of freedom: x = 0..3, y = 1,3,2,5.  Sxx 5, Sxy 5.5, slope
 * 1.1, intercept 2.75 - 1.65 = 1.1; Syy 8.75, SSres = 8.75 - 1.1 * 5.5 =
 * 2.7, r2 = 6.05 / 8.75 = 0.69142857142857143; stderr = sqrt(1.35 / 5) =
 * sqrt(0.27), t = 1.1 / sqrt(0.27).  For 2 degrees of freedom
 * p = 1 - t / sqrt(2 + t^2) = 0.16847815937970012 (python3, as above).
 */
static void
test_fit_two_dof(void **state)
{
	const double x[] = { 0, 1, 2, 3 }, y[] = { 1, 3, 2, 5 };
	struct lt_fit f, a;

	(void)state;
	fit_both(x, y, NELEM(x), &f, &a);
	assert_near(f.slope, 1.1, 1e-12);
	assert_near(f.intercept, 1.1, 1e-12);
	assert_near(f.r2, 6.05 / 8.75, 1e-12);
	assert_near(f.stderr_slope, sqrt(0.27), 1e-12);
	assert_near(f.p_value, 0.16847815937970012, 1e-9);
	assert_near(a.p_value, 0.16847815937970012, 1e-9);
}

/* The class's case: 0.5, 0.55, ..., 0.95 against 0..9 is a line of slope
 * 0.05 through 0.5, up to the rounding of the decimals. */
static void
test_fit_class_ten_points(void **state)
{
	double x[10], y[10];
	struct lt_fit f, a;
	size_t i;

	(void)state;
	for (i = 0; i < 10; i++) {
		x[i] = (double)i;
		y[i] = 0.5 + 0.05 * (double)i;
	}
	fit_both(x, y, 10, &f, &a);
	assert_int_equal(f.n, 10);
	assert_near(f.slope, 0.05, 1e-12);
	assert_near(f.intercept, 0.5, 1e-12);
	assert_near(f.r2, 1, 1e-12);
	assert_true(f.p_value < 1e-10);
	assert_near(a.slope, 0.05, 1e-12);
	assert_near(a.r2, 1, 1e-12);
	assert_true(a.p_value < 1e-10);
	assert_int_equal(lt_stats_direction_of(&f, LT_STATS_MAX,
	    LT_STATS_ALPHA, LT_STATS_MIN_N), LT_STATS_IMPROVING);
	/* For a loss, rising is declining. */
	assert_int_equal(lt_stats_direction_of(&f, LT_STATS_MIN,
	    LT_STATS_ALPHA, LT_STATS_MIN_N), LT_STATS_DECLINING);
	/* Nine points are too few for the class's rule. */
	fit_both(x, y, 9, &f, &a);
	assert_int_equal(lt_stats_direction_of(&f, LT_STATS_MAX,
	    LT_STATS_ALPHA, LT_STATS_MIN_N), LT_STATS_FLAT);
}

/*
 * The class's twenty linear points, here with a +-0.01 zigzag:
 * y = 0.3 + 0.02 i -+ 0.01.  With exact rationals (python3 fractions):
 * slope 0.020150375939849623, intercept 0.2985714285714286,
 * r2 = Sxy^2 / (Sxx Syy) = 0.9927023440955329.
 */
static void
test_fit_class_twenty_points(void **state)
{
	double x[20], y[20];
	struct lt_fit f, a;
	size_t i;

	(void)state;
	for (i = 0; i < 20; i++) {
		x[i] = (double)i;
		y[i] = 0.3 + 0.02 * (double)i + (i % 2 ? 0.01 : -0.01);
	}
	fit_both(x, y, 20, &f, &a);
	assert_true(f.slope > 0);
	assert_true(f.r2 > 0.9);
	assert_near(f.slope, 0.020150375939849623, 1e-12);
	assert_near(f.intercept, 0.2985714285714286, 1e-12);
	assert_near(f.r2, 0.9927023440955329, 1e-12);
	assert_int_equal(lt_stats_direction_of(&a, LT_STATS_MAX,
	    LT_STATS_ALPHA, LT_STATS_MIN_N), LT_STATS_IMPROVING);
}

/* Falling points are declining for a score, improving for a loss. */
static void
test_fit_declining(void **state)
{
	double x[12], y[12];
	struct lt_fit f, a;
	size_t i;

	(void)state;
	for (i = 0; i < 12; i++) {
		x[i] = (double)i;
		y[i] = 10 - (double)i + 0.3 * (double)(i % 3) - 0.3;
	}
	fit_both(x, y, 12, &f, &a);
	assert_true(f.slope < 0);
	assert_int_equal(lt_stats_direction_of(&f, LT_STATS_MAX, 0.05, 10),
	    LT_STATS_DECLINING);
	assert_int_equal(lt_stats_direction_of(&f, LT_STATS_MIN, 0.05, 10),
	    LT_STATS_IMPROVING);
	assert_string_equal(lt_stats_direction_name(LT_STATS_DECLINING),
	    "declining");
	assert_string_equal(lt_stats_direction_name(LT_STATS_IMPROVING),
	    "improving");
	assert_string_equal(lt_stats_direction_name(LT_STATS_FLAT), "flat");
}

static void
assert_fit_equal(const struct lt_fit *f, size_t n, double slope,
    double intercept, double r2, double se, double p)
{
	assert_int_equal(f->n, n);
	assert_near(f->slope, slope, 1e-12);
	assert_near(f->intercept, intercept, 1e-12);
	assert_near(f->r2, r2, 1e-12);
	assert_near(f->stderr_slope, se, 1e-12);
	assert_near(f->p_value, p, 1e-12);
}

/* The edge cases of stats.h, for both the array and the streaming fit. */
static void
test_fit_edges(void **state)
{
	const double x1[] = { 3 }, y1[] = { 7 };
	const double x2[] = { 1, 3 }, y2[] = { 1, 5 }, y2c[] = { 4, 4 };
	const double xs[] = { 2, 2, 2, 2 }, ys[] = { 1, 2, 3, 6 };
	const double xf[] = { 0, 1, 2, 3, 4 }, yf[] = { 1, 3, 5, 7, 9 };
	const double yc[] = { 0.5, 0.5, 0.5, 0.5, 0.5 };
	struct lt_fit f, a;

	(void)state;
	/* No points: all 0, p 1. */
	fit_both(NULL, NULL, 0, &f, &a);
	assert_fit_equal(&f, 0, 0, 0, 0, 0, 1);
	assert_fit_equal(&a, 0, 0, 0, 0, 0, 1);
	/* One point: slope 0 through it. */
	fit_both(x1, y1, 1, &f, &a);
	assert_fit_equal(&f, 1, 0, 7, 0, 0, 1);
	assert_fit_equal(&a, 1, 0, 7, 0, 0, 1);
	/* Two points: the line through them, r2 1, nothing to test. */
	fit_both(x2, y2, 2, &f, &a);
	assert_fit_equal(&f, 2, 2, -1, 1, 0, 1);
	assert_fit_equal(&a, 2, 2, -1, 1, 0, 1);
	fit_both(x2, y2c, 2, &f, &a);
	assert_fit_equal(&f, 2, 0, 4, 0, 0, 1);
	assert_fit_equal(&a, 2, 0, 4, 0, 0, 1);
	/* All x equal: slope 0 through the mean of y, (1+2+3+6)/4 = 3. */
	fit_both(xs, ys, 4, &f, &a);
	assert_fit_equal(&f, 4, 0, 3, 0, 0, 1);
	assert_fit_equal(&a, 4, 0, 3, 0, 0, 1);
	/* All y equal: flat, no evidence of a slope. */
	fit_both(xf, yc, 5, &f, &a);
	assert_fit_equal(&f, 5, 0, 0.5, 0, 0, 1);
	assert_fit_equal(&a, 5, 0, 0.5, 0, 0, 1);
	/* y = 1 + 2x exactly: stderr 0, p 0. */
	fit_both(xf, yf, 5, &f, &a);
	assert_fit_equal(&f, 5, 2, 1, 1, 0, 0);
	assert_fit_equal(&a, 5, 2, 1, 1, 0, 0);
}

static void
test_fit_rejects_non_finite(void **state)
{
	const double x[] = { 0, 1, 2 }, y[] = { 1, NAN, 3 };
	const double xi[] = { 0, INFINITY, 2 };
	struct lt_fit f = { .n = 42 };
	struct lt_fitacc a;
	struct lt_error err;

	(void)state;
	assert_int_equal(lt_stats_fit(x, y, 3, &f, &err), -1);
	assert_string_equal(err.msg, "y[1] is nan, not a finite number");
	assert_int_equal(f.n, 42);
	assert_int_equal(lt_stats_fit(xi, x, 3, &f, &err), -1);
	assert_string_equal(err.msg, "x[1] is inf, not a finite number");

	lt_fitacc_init(&a);
	assert_int_equal(lt_fitacc_push(&a, 1, 2, &err), 0);
	assert_int_equal(lt_fitacc_push(&a, NAN, 2, &err), -1);
	assert_int_equal(lt_fitacc_push(&a, 1, -INFINITY, &err), -1);
	assert_string_equal(err.msg, "y is -inf, not a finite number");
	assert_int_equal(a.n, 1);
}

static void
assert_fits_agree(const double *x, const double *y, size_t n)
{
	struct lt_fit f, a;

	fit_both(x, y, n, &f, &a);
	assert_int_equal(f.n, a.n);
	assert_near(a.slope, f.slope, 1e-12);
	assert_near(a.intercept, f.intercept, 1e-12);
	assert_near(a.r2, f.r2, 1e-12);
	assert_near(a.stderr_slope, f.stderr_slope, 1e-12);
	assert_near(a.p_value, f.p_value, 1e-12);
}

/* The streaming fit agrees with gsl_fit_linear on noisy data, including
 * x as Unix times, where a naive sum of x^2 would lose every digit. */
static void
test_fitacc_agrees_with_gsl(void **state)
{
	static double x[1000], y[1000];
	const double xa[] = { 1, 2, 3, 4, 5 }, ya[] = { 2, 4, 5, 4, 5 };
	unsigned long seed = 1;
	size_t i;

	(void)state;
	assert_fits_agree(xa, ya, 5);

	for (i = 0; i < 200; i++) {
		x[i] = 1.7e9 + 60.0 * (double)i + (double)(i * i % 7);
		y[i] = 0.5 + 1e-6 * (x[i] - 1.7e9) +
		    0.1 * (uniform(&seed) - 0.5);
	}
	assert_fits_agree(x, y, 200);

	for (i = 0; i < 1000; i++) {
		x[i] = 100 * uniform(&seed);
		y[i] = 3 - 0.002 * x[i] + 2 * (uniform(&seed) - 0.5);
	}
	assert_fits_agree(x, y, 1000);

	for (i = 0; i < 30; i++) {
		x[i] = (double)i;
		y[i] = 0.9 - 0.01 * (double)i + 0.2 * uniform(&seed);
	}
	assert_fits_agree(x, y, 30);
}

static void
test_format_p(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(lt_stats_format_p(0.0005, buf, sizeof(buf)), 9);
	assert_string_equal(buf, "p < 0.001");
	lt_stats_format_p(0, buf, sizeof(buf));
	assert_string_equal(buf, "p < 0.001");
	lt_stats_format_p(0.001, buf, sizeof(buf));
	assert_string_equal(buf, "p = 0.001");
	lt_stats_format_p(0.023, buf, sizeof(buf));
	assert_string_equal(buf, "p = 0.023");
	lt_stats_format_p(0.1240270626575547, buf, sizeof(buf));
	assert_string_equal(buf, "p = 0.124");
	lt_stats_format_p(1, buf, sizeof(buf));
	assert_string_equal(buf, "p = 1.000");
	/* Truncated like snprintf, and says how much was wanted. */
	assert_int_equal(lt_stats_format_p(0.5, buf, 5), 9);
	assert_string_equal(buf, "p = ");
}

/*
 * 2,4,4,4,5,5,7,9: mean 40 / 8 = 5; squared deviations 9,1,1,1,0,0,4,16
 * sum 32, population variance 32 / 8 = 4, sd 2 (numpy.std's answer; the
 * sample sd would be sqrt(32 / 7)).
 */
static void
test_moments(void **state)
{
	const double v[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	struct lt_moments m;
	struct lt_summary s;
	struct lt_error err;
	size_t i;

	(void)state;
	assert_int_equal(lt_moments_init(&m, NULL, &err), 0);
	lt_moments_get(&m, &s);
	assert_int_equal(s.n, 0);
	assert_true(s.mean == 0 && s.sd == 0 && s.min == 0 && s.max == 0 &&
	    s.median == 0);
	for (i = 0; i < NELEM(v); i++)
		assert_int_equal(lt_moments_push(&m, v[i], &err), 0);
	assert_int_equal(lt_moments_push(&m, NAN, &err), -1);
	assert_string_equal(err.msg, "nan is not a finite number");
	lt_moments_get(&m, &s);
	assert_int_equal(s.n, 8);
	assert_near(s.mean, 5, 1e-15);
	assert_near(s.sd, 2, 1e-15);
	assert_near(s.min, 2, 0);
	assert_near(s.max, 9, 0);
	/* numpy.median: the two middle values of 2 4 4 4 5 5 7 9, halved */
	assert_true(s.median == 4.5);
	lt_moments_release(&m);
	lt_moments_release(&m);
}

/* The median as numpy's: 3,1,2 -> 2; 4,1,3,2 -> 2.5; one value has sd
 * 0. */
static void
test_moments_small(void **state)
{
	const double v[] = { 3, 1, 2, 4 };
	struct lt_moments m;
	struct lt_summary s;
	struct lt_error err;

	(void)state;
	assert_int_equal(lt_moments_init(&m, NULL, &err), 0);
	assert_int_equal(lt_moments_push(&m, v[0], &err), 0);
	lt_moments_get(&m, &s);
	assert_true(s.n == 1 && s.mean == 3 && s.sd == 0 && s.median == 3);
	lt_moments_push(&m, v[1], &err);
	lt_moments_push(&m, v[2], &err);
	lt_moments_get(&m, &s);
	assert_near(s.median, 2, 0);
	lt_moments_push(&m, v[3], &err);
	lt_moments_get(&m, &s);
	assert_near(s.median, 2.5, 0);
	/* sqrt(((3-2.5)^2 + 1.5^2 + 0.5^2 + 1.5^2) / 4) = sqrt(1.25) */
	assert_near(s.sd, sqrt(1.25), 1e-15);
	lt_moments_release(&m);
}

/* Against numpy's two-pass formula on data with a large offset. */
static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of v[0..n) by sorting a copy, as numpy.median. */
static double
sorted_median(const double *v, size_t n)
{
	double *c = malloc(n * sizeof(*c)), m;

	assert_non_null(c);
	memcpy(c, v, n * sizeof(*c));
	qsort(c, n, sizeof(*c), cmp_double);
	m = n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
	free(c);
	return m;
}

/* Push v[0..n) into moments that keep what memory does not hold in
 * /tmp; the median must be the sorted one, bit for bit.  counted: few
 * enough values are distinct to be counted, else the file is used. */
static void
check_median(const double *v, size_t n, int counted)
{
	struct lt_moments m;
	struct lt_summary s;
	struct lt_error err;
	size_t i;

	assert_int_equal(lt_moments_init(&m, "/tmp", &err), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(lt_moments_push(&m, v[i], &err), 0);
	if (counted)
		assert_true(!m.kept && m.nfile == 0);
	else
		assert_true(m.kept && m.nfile > 0);
	lt_moments_get(&m, &s);
	assert_true(s.median == sorted_median(v, n));
	/* asked again (the median kept), the same */
	lt_moments_get(&m, &s);
	assert_true(s.median == sorted_median(v, n));
	lt_moments_release(&m);
}

/* Live moments (two heaps): after every push, the sorted median, on
 * random values with ties, rising and falling runs. */
static void
test_moments_live(void **state)
{
	static double v[3000];
	struct lt_moments m;
	struct lt_summary s;
	struct lt_error err;
	unsigned long seed = 3;
	size_t i;

	(void)state;
	assert_int_equal(lt_moments_init(&m, NULL, &err), 0);
	lt_moments_live(&m);
	for (i = 0; i < NELEM(v); i++) {
		v[i] = i < 1000 ? floor(uniform(&seed) * 50) :
		    i < 2000 ? (double)i : -(double)i;
		assert_int_equal(lt_moments_push(&m, v[i], &err), 0);
		lt_moments_get(&m, &s);
		assert_true(s.median == sorted_median(v, i + 1));
	}
	lt_moments_release(&m);
}

/* More values than LT_MOMENTS_MEM: random of both signs (odd and even
 * counts), many equal, all equal (every bit of the key the same), zeros
 * of both signs. */
static void
test_moments_spill(void **state)
{
	size_t n = 3 * LT_MOMENTS_MEM + 7, i;
	unsigned long seed = 11;
	double *v = malloc(n * sizeof(*v));

	(void)state;
	assert_non_null(v);
	for (i = 0; i < n; i++)
		v[i] = (fine(&seed) - 0.3) * 1e3;
	check_median(v, n, 0);
	check_median(v, n - 1, 0);
	/* counted: 4 values; 3 decimals of both signs, 2001; exactly as
	 * many as are counted, and one more (then kept, all of them) */
	for (i = 0; i < n; i++)
		v[i] = floor(uniform(&seed) * 4) / 4;	/* 0, .25, .5, .75 */
	check_median(v, n, 1);
	check_median(v, n - 1, 1);
	for (i = 0; i < n; i++)
		v[i] = floor((uniform(&seed) - 0.5) * 2000) / 1000;
	check_median(v, n, 1);
	check_median(v, n - 1, 1);
	for (i = 0; i < n; i++)
		v[i] = (double)(i % LT_MOMENTS_DISTINCT) - 1000;
	check_median(v, n, 1);
	check_median(v, n - 1, 1);
	v[n / 2] = 0.5;
	check_median(v, n, 0);
	check_median(v, n - 1, 0);
	for (i = 0; i < n; i++)
		v[i] = 0.1;
	check_median(v, n, 1);
	for (i = 0; i < n; i++)
		v[i] = i % 2 ? -0.0 : 0.0;
	check_median(v, n, 1);
	/* An even count whose two middle values lie in different buckets:
	 * the lower the last of its own (all equal; then distinct), the
	 * upper found among all the values above it. */
	for (i = 0; i < n - 1; i++)
		v[i] = i % 2 ? 2.0 : 1.0;
	check_median(v, n - 1 - (n - 1) % 2, 1);
	for (i = 0; i < n - 1; i++)
		v[i] = i % 2 ? 2.0 : 1.0 + (double)i * 1e-9;
	check_median(v, n - 1 - (n - 1) % 2, 0);
	free(v);
}

/* A copy made part way (its source spilled to a file, counting few
 * distinct values, or live) then fed the rest: the same summary, bit for
 * bit, as moments fed every value, and the sorted median; the source goes
 * on unchanged. */
static void
check_copy(int live, int dst_live, int few)
{
	size_t n = 2 * LT_MOMENTS_MEM + 5, half = n / 2 + 3, i;
	struct lt_moments all, src, dst;
	struct lt_summary a, b, c;
	struct lt_error err;
	unsigned long seed = 5;
	double *v = malloc(n * sizeof(*v));

	assert_non_null(v);
	assert_int_equal(lt_moments_init(&all, "/tmp", &err), 0);
	assert_int_equal(lt_moments_init(&src, "/tmp", &err), 0);
	assert_int_equal(lt_moments_init(&dst, "/tmp", &err), 0);
	if (live)
		lt_moments_live(&src);
	if (dst_live)
		lt_moments_live(&dst);
	for (i = 0; i < n; i++) {
		v[i] = few ? floor((uniform(&seed) - 0.5) * 1e4) / 8 :
		    (fine(&seed) - 0.5) * 1e4;
		if (i == half)
			assert_int_equal(lt_moments_copy(&dst, &src, &err), 0);
		assert_int_equal(lt_moments_push(&all, v[i], &err), 0);
		assert_int_equal(lt_moments_push(&src, v[i], &err), 0);
		if (i >= half)
			assert_int_equal(lt_moments_push(&dst, v[i], &err), 0);
	}
	assert_true(live || (few ? !src.kept : src.nfile > 0));
	lt_moments_get(&all, &a);
	lt_moments_get(&src, &b);
	lt_moments_get(&dst, &c);
	assert_memory_equal(&a, &b, sizeof(a));
	assert_memory_equal(&a, &c, sizeof(a));
	assert_true(c.median == sorted_median(v, n));
	lt_moments_release(&all);
	lt_moments_release(&src);
	lt_moments_release(&dst);
	free(v);
}

static void
test_moments_copy(void **state)
{
	(void)state;
	check_copy(0, 0, 0);
	check_copy(0, 0, 1);
	check_copy(1, 1, 0);
	check_copy(0, 1, 1);	/* counted values into heaps */
}

static void
test_moments_two_pass(void **state)
{
	static double v[5000];
	struct lt_moments m;
	struct lt_summary s;
	struct lt_error err;
	unsigned long seed = 7;
	double mean, ss;
	size_t i;

	(void)state;
	assert_int_equal(lt_moments_init(&m, NULL, &err), 0);
	for (i = 0; i < NELEM(v); i++) {
		v[i] = 1e6 + uniform(&seed);
		lt_moments_push(&m, v[i], &err);
	}
	for (mean = 0, i = 0; i < NELEM(v); i++)
		mean += v[i];
	mean /= (double)NELEM(v);
	for (ss = 0, i = 0; i < NELEM(v); i++)
		ss += (v[i] - mean) * (v[i] - mean);
	lt_moments_get(&m, &s);
	assert_near(s.mean, mean, 1e-12);
	assert_near(s.sd, sqrt(ss / (double)NELEM(v)), 1e-9);
	assert_true(s.median == sorted_median(v, NELEM(v)));
	lt_moments_release(&m);
}

/*
 * TensorBoard, w = 0.6 on 1,2,3,4:
 *   awk 'BEGIN{w=0.6;last=0;split("1 2 3 4",y," ");for(i=1;i<=4;i++)
 *     {last=last*w+(1-w)*y[i];printf "%.17g\n",last/(1-w^i)}}'
 * By hand: last 0.4, 1.04, 1.824, 2.6944 over debias 0.4, 0.64, 0.784,
 * 0.8704: 1, 1.625, 2.3265306122448980, 3.0955882352941176.
 */
static void
test_ema_tensorboard(void **state)
{
	const double y[] = { 1, 2, 3, 4 };
	const double want[] = { 1, 1.625, 1.824 / 0.784, 2.6944 / 0.8704 };
	struct lt_ema e;
	struct lt_error err;
	size_t i;

	(void)state;
	assert_int_equal(lt_ema_init(&e, 0.6, &err), 0);
	for (i = 0; i < NELEM(y); i++)
		assert_near(lt_ema_push(&e, y[i]), want[i], 1e-14);
	assert_near(want[2], 2.326530612244898, 1e-15);
	assert_near(want[3], 3.0955882352941176, 1e-15);
}

/* A NaN passes through and does not count: 1, NaN, 2 gives 1, NaN and
 * the second value of the sequence above, 1.625. */
static void
test_ema_non_finite(void **state)
{
	struct lt_ema e;
	struct lt_error err;

	(void)state;
	assert_int_equal(lt_ema_init(&e, 0.6, &err), 0);
	assert_near(lt_ema_push(&e, 1), 1, 1e-15);
	assert_true(isnan(lt_ema_push(&e, NAN)));
	assert_true(lt_ema_push(&e, INFINITY) == INFINITY);
	assert_near(lt_ema_push(&e, 2), 1.625, 1e-14);
}

/*
 * A constant run comes back exactly (0.7 has no exact binary form, so
 * the debiased quotient could be off by an ulp).  Once the series moves
 * the EMA carries on: w = 0.5 on 1,1,4: last 0.5, 0.75, 2.375, debias
 * 0.875 at the third, 2.375 / 0.875 = 19/7.
 */
static void
test_ema_constant(void **state)
{
	struct lt_ema e;
	struct lt_error err;
	int i;

	(void)state;
	assert_int_equal(lt_ema_init(&e, 0.9, &err), 0);
	for (i = 0; i < 50; i++)
		assert_true(lt_ema_push(&e, 0.7) == 0.7);
	assert_int_equal(lt_ema_init(&e, 0.5, &err), 0);
	assert_true(lt_ema_push(&e, 1) == 1);
	assert_true(lt_ema_push(&e, 1) == 1);
	assert_near(lt_ema_push(&e, 4), 19.0 / 7.0, 1e-15);
	/* w = 0: no smoothing at all. */
	assert_int_equal(lt_ema_init(&e, 0, &err), 0);
	assert_true(lt_ema_push(&e, 3) == 3);
	assert_true(lt_ema_push(&e, -2.5) == -2.5);
}

static void
test_ema_rejects_weight(void **state)
{
	struct lt_ema e;
	struct lt_error err;

	(void)state;
	assert_int_equal(lt_ema_init(&e, 1, &err), -1);
	assert_string_equal(err.msg, "smoothing weight 1 is outside [0, 1)");
	assert_int_equal(lt_ema_init(&e, -0.1, &err), -1);
	assert_int_equal(lt_ema_init(&e, NAN, &err), -1);
	assert_int_equal(lt_ema_init(&e, 0.999, &err), 0);
}

/* N = 3 on 1..7: 1, (1+2)/2, (1+2+3)/3, then 3, 4, 5, 6. */
static void
test_sma(void **state)
{
	const double want[] = { 1, 1.5, 2, 3, 4, 5, 6 };
	struct lt_sma s;
	struct lt_error err;
	size_t i;

	(void)state;
	assert_int_equal(lt_sma_init(&s, 3, &err), 0);
	for (i = 0; i < NELEM(want); i++)
		assert_near(lt_sma_push(&s, (double)(i + 1)), want[i], 1e-15);
	assert_true(isnan(lt_sma_push(&s, NAN)));
	/* The NaN did not enter: (6 + 7 + 8) / 3. */
	assert_near(lt_sma_push(&s, 8), 7, 1e-15);
	lt_sma_release(&s);
	lt_sma_release(&s);
	assert_int_equal(lt_sma_init(&s, 0, &err), -1);
	assert_string_equal(err.msg, "a window of 0 values");
	lt_sma_release(&s);
}

/* Against GSL's moving mean over the trailing window x[i-N+1..i],
 * truncated at the start, on values with a large offset so that a
 * drifting running sum would show. */
static void
test_sma_against_gsl(void **state)
{
	const size_t n = 10000, w = 7;
	gsl_vector *x, *y;
	gsl_movstat_workspace *ws;
	struct lt_sma s;
	struct lt_error err;
	unsigned long seed = 3;
	size_t i;

	(void)state;
	x = gsl_vector_alloc(n);
	y = gsl_vector_alloc(n);
	ws = gsl_movstat_alloc2(w - 1, 0);
	for (i = 0; i < n; i++)
		gsl_vector_set(x, i, 1e8 * (uniform(&seed) - 0.5));
	gsl_movstat_mean(GSL_MOVSTAT_END_TRUNCATE, x, y, ws);
	assert_int_equal(lt_sma_init(&s, w, &err), 0);
	/* Absolute: a window's mean may be near 0, its terms near 5e7. */
	for (i = 0; i < n; i++)
		assert_true(fabs(lt_sma_push(&s, gsl_vector_get(x, i)) -
		    gsl_vector_get(y, i)) <= 1e-6);
	lt_sma_release(&s);
	gsl_movstat_free(ws);
	gsl_vector_free(x);
	gsl_vector_free(y);
}

/*
 * N = 3 on 5,1,4,2,3: windows [5] [5 1] [5 1 4] [1 4 2] [4 2 3], medians
 * 5, 3, 4, 2, 3.  N = 4 on 1,9,2,8,3: [1] [1 9] [1 9 2] [1 9 2 8]
 * [9 2 8 3], medians 1, 5, 2, 5, (3+8)/2 = 5.5.
 */
static void
test_runmed(void **state)
{
	const double y3[] = { 5, 1, 4, 2, 3 }, w3[] = { 5, 3, 4, 2, 3 };
	const double y4[] = { 1, 9, 2, 8, 3 }, w4[] = { 1, 5, 2, 5, 5.5 };
	struct lt_runmed r;
	struct lt_error err;
	size_t i;

	(void)state;
	assert_int_equal(lt_runmed_init(&r, 3, &err), 0);
	for (i = 0; i < NELEM(y3); i++)
		assert_near(lt_runmed_push(&r, y3[i]), w3[i], 0);
	assert_true(isinf(lt_runmed_push(&r, -INFINITY)));
	/* [2 3 7]: the infinity did not enter. */
	assert_near(lt_runmed_push(&r, 7), 3, 0);
	lt_runmed_release(&r);
	assert_int_equal(lt_runmed_init(&r, 4, &err), 0);
	for (i = 0; i < NELEM(y4); i++)
		assert_near(lt_runmed_push(&r, y4[i]), w4[i], 0);
	lt_runmed_release(&r);
	lt_runmed_release(&r);
	assert_int_equal(lt_runmed_init(&r, 0, &err), -1);
}

/* Against sorting each window, on values with many repeats. */
static void
test_runmed_against_sort(void **state)
{
	static double v[3000];
	double win[8];
	struct lt_runmed r;
	struct lt_error err;
	unsigned long seed = 11;
	size_t w, i, lo;

	(void)state;
	for (i = 0; i < NELEM(v); i++)
		v[i] = floor(10 * uniform(&seed)) / 4;
	for (w = 1; w <= 8; w++) {
		assert_int_equal(lt_runmed_init(&r, w, &err), 0);
		for (i = 0; i < NELEM(v); i++) {
			lo = i + 1 >= w ? i + 1 - w : 0;
			memcpy(win, &v[lo], (i + 1 - lo) * sizeof(*win));
			gsl_sort(win, 1, i + 1 - lo);
			assert_near(lt_runmed_push(&r, v[i]),
			    gsl_stats_median_from_sorted_data(win, 1,
			    i + 1 - lo), 0);
		}
		lt_runmed_release(&r);
	}
}

static void
test_smoother_specs(void **state)
{
	const char *bad[] = { "", "ema:", "ema:1", "1", "-0.5", " 0.5",
	    "0.5x", "sma:", "sma:0", "sma:-1", "sma: 5", "sma:5.0",
	    "median:x", "median:", "gauss:3", "nan" };
	struct lt_smoother s;
	struct lt_error err;
	char buf[64];
	size_t i;

	(void)state;
	assert_int_equal(lt_smoother_init(&s, "0.6", &err), 0);
	lt_smoother_describe(&s, buf, sizeof(buf));
	assert_string_equal(buf, "ema:0.6");
	assert_near(lt_smoother_push(&s, 1), 1, 0);
	assert_near(lt_smoother_push(&s, 2), 1.625, 1e-14);
	lt_smoother_release(&s);

	assert_int_equal(lt_smoother_init(&s, "ema:0.999", &err), 0);
	lt_smoother_describe(&s, buf, sizeof(buf));
	assert_string_equal(buf, "ema:0.999");
	lt_smoother_release(&s);

	assert_int_equal(lt_smoother_init(&s, "sma:2", &err), 0);
	lt_smoother_describe(&s, buf, sizeof(buf));
	assert_string_equal(buf, "sma:2");
	lt_smoother_push(&s, 1);
	assert_near(lt_smoother_push(&s, 4), 2.5, 0);
	lt_smoother_release(&s);

	assert_int_equal(lt_smoother_init(&s, "median:3", &err), 0);
	lt_smoother_describe(&s, buf, sizeof(buf));
	assert_string_equal(buf, "median:3");
	lt_smoother_push(&s, 1);
	lt_smoother_push(&s, 10);
	assert_near(lt_smoother_push(&s, 2), 2, 0);
	lt_smoother_release(&s);

	for (i = 0; i < NELEM(bad); i++) {
		if (lt_smoother_init(&s, bad[i], &err) != -1) {
			print_error("\"%s\" was accepted\n", bad[i]);
			fail();
		}
		lt_smoother_release(&s);
	}
	lt_smoother_init(&s, "sma:0", &err);
	assert_string_equal(err.msg,
	    "smoothing \"sma:0\" is not ema:ALPHA, ALPHA, sma:N or median:N");
	lt_smoother_init(&s, "ema:1", &err);
	assert_string_equal(err.msg, "smoothing weight 1 is outside [0, 1)");
}

static bool
plateau_run(enum lt_stats_mode mode, size_t patience,
    enum lt_plateau_delta kind, double delta, const double *v, size_t n,
    struct lt_plateau *p)
{
	struct lt_error err;
	bool holds = false;
	size_t i;

	assert_int_equal(lt_plateau_init(p, mode, patience, kind, delta,
	    &err), 0);
	for (i = 0; i < n; i++)
		holds = lt_plateau_push(p, v[i]);
	assert_true(holds == lt_plateau_holds(p));
	return holds;
}

/*
 * Keras EarlyStopping, mode max, min_delta 0, patience 3:
 * 0.1 0.2 0.3 improve (wait 0); three more 0.3 are not greater than 0.3,
 * wait 1, 2, 3 >= 3: the plateau holds.  A last 0.31 > 0.3 improves,
 * wait 0: it does not.
 */
static void
test_plateau_keras(void **state)
{
	const double flat[] = { 0.1, 0.2, 0.3, 0.3, 0.3, 0.3 };
	const double rise[] = { 0.1, 0.2, 0.3, 0.3, 0.3, 0.31 };
	struct lt_plateau p;

	(void)state;
	assert_true(plateau_run(LT_STATS_MAX, 3, LT_PLATEAU_ABS, 0, flat, 6,
	    &p));
	assert_int_equal(p.wait, 3);
	assert_near(p.best, 0.3, 0);
	assert_false(plateau_run(LT_STATS_MAX, 3, LT_PLATEAU_ABS, 0, rise, 6,
	    &p));
	assert_int_equal(p.wait, 0);
	assert_near(p.best, 0.31, 0);
	/* Two waits are not three. */
	assert_false(plateau_run(LT_STATS_MAX, 3, LT_PLATEAU_ABS, 0, flat, 5,
	    &p));
	assert_int_equal(p.wait, 2);
	/* With min_delta 0.05, 0.31 - 0.05 > 0.3 fails: still a plateau. */
	assert_true(plateau_run(LT_STATS_MAX, 3, LT_PLATEAU_ABS, 0.05, rise,
	    6, &p));
}

/*
 * Mode min, min_delta 0.02, patience 2 on losses 1.0 0.9 0.85 0.84 0.839:
 * 1.0 < inf improves; 0.9 + 0.02 < 1.0 and 0.85 + 0.02 < 0.9 improve;
 * 0.84 + 0.02 = 0.86 and 0.839 + 0.02 = 0.859 are not < 0.85: wait 2.
 */
static void
test_plateau_min(void **state)
{
	const double loss[] = { 1.0, 0.9, 0.85, 0.84, 0.839 };
	struct lt_plateau p;

	(void)state;
	assert_true(plateau_run(LT_STATS_MIN, 2, LT_PLATEAU_ABS, 0.02, loss,
	    5, &p));
	assert_near(p.best, 0.85, 0);
	assert_int_equal(p.wait, 2);
	assert_int_equal(p.n, 5);
	/* Without the delta each loss improves. */
	assert_false(plateau_run(LT_STATS_MIN, 2, LT_PLATEAU_ABS, 0, loss, 5,
	    &p));
	assert_near(p.best, 0.839, 0);
}

/*
 * PyTorch 'rel', mode max, R = 0.1, patience 1: 1.0 improves; 1.05 is
 * not > 1.1 (wait 1: holds); 1.2 > 1.1 improves; 1.3 is not > 1.32.
 * Mode min, R = 0.1: 10; 9.5 is not < 9; 8.9 < 9 improves.
 */
static void
test_plateau_relative(void **state)
{
	const double up[] = { 1.0, 1.05, 1.2, 1.3 };
	const double down[] = { 10, 9.5, 8.9 };
	struct lt_plateau p;

	(void)state;
	assert_true(plateau_run(LT_STATS_MAX, 1, LT_PLATEAU_REL, 0.1, up, 2,
	    &p));
	assert_false(plateau_run(LT_STATS_MAX, 1, LT_PLATEAU_REL, 0.1, up, 3,
	    &p));
	assert_near(p.best, 1.2, 0);
	assert_true(plateau_run(LT_STATS_MAX, 1, LT_PLATEAU_REL, 0.1, up, 4,
	    &p));
	assert_near(p.best, 1.2, 0);
	assert_true(plateau_run(LT_STATS_MIN, 1, LT_PLATEAU_REL, 0.1, down, 2,
	    &p));
	assert_false(plateau_run(LT_STATS_MIN, 1, LT_PLATEAU_REL, 0.1, down,
	    3, &p));
	assert_near(p.best, 8.9, 0);
	/* R = 1 in mode min: the first value still improves on +inf. */
	assert_false(plateau_run(LT_STATS_MIN, 1, LT_PLATEAU_REL, 1, down, 1,
	    &p));
	assert_near(p.best, 10, 0);
}

static void
test_plateau_edges(void **state)
{
	const double v[] = { 0.5, NAN, NAN };
	const double up[] = { 1, 2 }, same[] = { 1, 1 };
	struct lt_plateau p;
	struct lt_error err;

	(void)state;
	/* A NaN is never an improvement. */
	assert_true(plateau_run(LT_STATS_MAX, 2, LT_PLATEAU_ABS, 0, v, 3, &p));
	assert_near(p.best, 0.5, 0);
	/* Nothing seen: no plateau, best at its start. */
	assert_false(plateau_run(LT_STATS_MAX, 0, LT_PLATEAU_ABS, 0, v, 0,
	    &p));
	assert_true(p.best == -INFINITY);
	/* Patience 0 holds after any value that does not improve. */
	assert_false(plateau_run(LT_STATS_MAX, 0, LT_PLATEAU_ABS, 0, up, 2,
	    &p));
	assert_true(plateau_run(LT_STATS_MAX, 0, LT_PLATEAU_ABS, 0, same, 2,
	    &p));
	assert_int_equal(lt_plateau_init(&p, LT_STATS_MAX, 3, LT_PLATEAU_ABS,
	    -0.1, &err), -1);
	assert_string_equal(err.msg, "min delta -0.1 is not a finite number "
	    ">= 0");
	assert_int_equal(lt_plateau_init(&p, LT_STATS_MIN, 3, LT_PLATEAU_REL,
	    NAN, &err), -1);
	assert_string_equal(err.msg, "relative delta nan is not a finite "
	    "number >= 0");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fit_textbook),
		cmocka_unit_test(test_fit_one_dof),
		cmocka_unit_test(test_fit_two_dof),
		cmocka_unit_test(test_fit_class_ten_points),
		cmocka_unit_test(test_fit_class_twenty_points),
		cmocka_unit_test(test_fit_declining),
		cmocka_unit_test(test_fit_edges),
		cmocka_unit_test(test_fit_rejects_non_finite),
		cmocka_unit_test(test_fitacc_agrees_with_gsl),
		cmocka_unit_test(test_format_p),
		cmocka_unit_test(test_moments),
		cmocka_unit_test(test_moments_small),
		cmocka_unit_test(test_moments_two_pass),
		cmocka_unit_test(test_moments_spill),
		cmocka_unit_test(test_moments_copy),
		cmocka_unit_test(test_moments_live),
		cmocka_unit_test(test_ema_tensorboard),
		cmocka_unit_test(test_ema_non_finite),
		cmocka_unit_test(test_ema_constant),
		cmocka_unit_test(test_ema_rejects_weight),
		cmocka_unit_test(test_sma),
		cmocka_unit_test(test_sma_against_gsl),
		cmocka_unit_test(test_runmed),
		cmocka_unit_test(test_runmed_against_sort),
		cmocka_unit_test(test_smoother_specs),
		cmocka_unit_test(test_plateau_keras),
		cmocka_unit_test(test_plateau_min),
		cmocka_unit_test(test_plateau_relative),
		cmocka_unit_test(test_plateau_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
