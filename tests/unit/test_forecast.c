/*
 * test_forecast.c - lib/forecast.c against values computed apart from it.
 *
 * The synthetic curves carry a fixed noise sequence (noise() below, the
 * same in C and in Python), so that every run fits the same numbers.  The
 * expected parameters, standard errors, residual sums of squares and
 * AICs come from scipy 1.10.1's curve_fit, run once with
 * /usr/bin/python3 on this script:
 *
 *   import json, numpy as np
 *   from scipy.optimize import curve_fit
 *   from scipy import stats
 *   def noise(i): return 0.002 * (((i * 37) % 17) - 8) / 8
 *   def fit(f, x, y, p0):
 *       p, cov = curve_fit(f, x, y, p0=p0, ftol=1e-15, xtol=1e-15,
 *                          gtol=1e-15, maxfev=100000)
 *       r = y - f(x, *p); n = len(x); rss = r @ r
 *       aic = n * np.log(2 * np.pi * rss / n) + n + 2 * 4
 *       return p, np.sqrt(np.diag(cov)), rss, aic, stats.t.ppf(0.975, n - 3)
 *   fexp = lambda x, a, b, c: a - b * np.exp(-c * x)
 *   fpow = lambda x, a, b, c: a - b * x ** (-c)
 *   x = np.arange(40.0)
 *   print(fit(fexp, x, 0.92 - 0.5 * np.exp(-0.08 * x) +
 *       noise(np.arange(40)), [0.9, 0.5, 0.1]))
 *   x = np.arange(1.0, 51)
 *   print(fit(fpow, x, 0.85 - 0.4 * x ** -0.6 + noise(np.arange(1, 51)),
 *       [0.85, 0.4, 0.6]))
 *   pts = [(e["episode_count"], e["performance_score"]) for e in
 *       map(json.loads, open("testdata/brats2020-unet.jsonl"))
 *       if e["task_type"] == "unet-val"]
 *   x = np.array([q[0] for q in pts], float)
 *   y = np.array([q[1] for q in pts])
 *   print(fit(fexp, x, y, [0.44, 0.06, 0.2]))
 *   print(fit(fpow, x + 1, y, [0.5, 0.2, 0.2]))
 *   A = np.vstack([np.ones(len(x)), x]).T
 *   rss = np.linalg.lstsq(A, y, rcond=None)[1][0]; n = len(x)
 *   print(rss, n * np.log(2 * np.pi * rss / n) + n + 2 * 3)
 *
 * (the AIC is R's for nls: the Gaussian log-likelihood with the variance
 * counted as a fourth parameter).  Crossings are the closed forms,
 * evaluated on scipy's parameters in the same session.  The curve of
 * 20000 points (test_many_points) was made the same way, its noise from
 * the 64-bit LCG of lcg() written out in Python:
 *
 *   n = 20000; st = 42; u = np.empty(n)
 *   for i in range(n):
 *       st = (st * 6364136223846793005 + 1442695040888963407) % 2**64
 *       u[i] = (st >> 11) / 2.0**53
 *   x = np.arange(1.0, n + 1)
 *   y = 0.9 - 0.6 * np.exp(-5.0 * (x - 1) / n) + 0.02 * (u - 0.5)
 *   print(fit(fexp, x, y, [0.9, 0.6, 5.0 / n]))
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "forecast.h"
#include "forecast_task.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define BRATS		"testdata/brats2020-unet.jsonl"

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

/* The noise added to the synthetic curves: 17 levels in [-0.002, 0.002]
 * in a fixed order. */
static double
noise(int i)
{
	return 0.002 * (((i * 37) % 17) - 8) / 8;
}

/* y = 0.92 - 0.5 exp(-0.08 x) + noise at x = 0..39. */
static void
exp_curve(double *x, double *y)
{
	int i;

	for (i = 0; i < 40; i++) {
		x[i] = i;
		y[i] = 0.92 - 0.5 * exp(-0.08 * i) + noise(i);
	}
}

/* y = 0.85 - 0.4 x^-0.6 + noise at x = 1..50. */
static void
power_curve(double *x, double *y)
{
	int i;

	for (i = 1; i <= 50; i++) {
		x[i - 1] = i;
		y[i - 1] = 0.85 - 0.4 * pow(i, -0.6) + noise(i);
	}
}

/* A uniform value in [0, 1) from a 64-bit LCG (Knuth's MMIX constants),
 * the same in the Python above. */
static double
lcg(uint64_t *st)
{
	*st = *st * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(*st >> 11) / 9007199254740992.0;
}

static void
fit(const double *x, const double *y, size_t n, enum lt_stats_mode mode,
    enum lt_forecast_model model, double target, struct lt_forecast *fc)
{
	struct lt_forecast_opts o;
	struct lt_error err;

	lt_forecast_opts_init(&o);
	o.mode = mode;
	o.model = model;
	o.target = target;
	if (lt_forecast_fit(x, y, n, &o, fc, &err) != 0)
		fail_msg("lt_forecast_fit: %s", err.msg);
}

static void
test_exp_against_scipy(void **state)
{
	double x[40], y[40];
	struct lt_forecast fc;
	const struct lt_forecast_fit *f;

	(void)state;
	exp_curve(x, y);
	fit(x, y, 40, LT_STATS_MAX, LT_FORECAST_EXP, NAN, &fc);
	assert_int_equal(fc.status, LT_FORECAST_OK);
	assert_int_equal(fc.model, LT_FORECAST_EXP);
	f = &fc.fit[LT_FORECAST_EXP];
	assert_int_equal(fc.fit[LT_FORECAST_POWER].status,
	    LT_FORECAST_NOT_TRIED);
	assert_near(f->a, 0.919810282234472, 1e-7);
	assert_near(f->b, 0.5006893799928424, 1e-7);
	assert_near(f->c, 0.08024033714880512, 1e-7);
	assert_near(f->se_a, 0.0006740894302528669, 1e-6);
	assert_near(f->se_b, 0.000750314516431727, 1e-6);
	assert_near(f->se_c, 0.00035586120181698496, 1e-6);
	assert_near(f->rss, 5.8563042355800014e-05, 1e-9);
	assert_near(f->aic, -415.8563649827271, 1e-9);
	assert_near(f->resid_sd, sqrt(5.8563042355800014e-05 / 37), 1e-9);
	assert_near(fc.t_quantile, 2.0261924630291093, 1e-12);
	assert_true(fc.dof == 37);
	/* The interval is a +- t se(a). */
	assert_near(fc.a_lo, 0.919810282234472 - 2.0261924630291093 *
	    0.0006740894302528669, 1e-9);
	assert_near(fc.a_hi, 0.919810282234472 + 2.0261924630291093 *
	    0.0006740894302528669, 1e-9);
}

/* The true asymptote, 0.92, lies inside the fitted interval. */
static void
test_exp_interval_holds_truth(void **state)
{
	double x[40], y[40];
	struct lt_forecast fc;

	(void)state;
	exp_curve(x, y);
	fit(x, y, 40, LT_STATS_MAX, LT_FORECAST_AUTO, NAN, &fc);
	assert_int_equal(fc.status, LT_FORECAST_OK);
	assert_true(fc.a_lo < 0.92 && 0.92 < fc.a_hi);
	assert_true(fc.a == fc.fit[fc.model].a);
}

/*
 * Target 0.915 lies past the data (the true curve is at 0.8979 at x = 39).
 * True parameters: x = ln(0.5 / 0.005) / 0.08 = 57.5646...; scipy's
 * fitted ones give 57.89145852135285.
 */
static void
test_exp_crossing(void **state)
{
	double x[40], y[40], xc;
	struct lt_forecast fc;
	const struct lt_forecast_fit *f;

	(void)state;
	exp_curve(x, y);
	fit(x, y, 40, LT_STATS_MAX, LT_FORECAST_EXP, 0.915, &fc);
	f = &fc.fit[LT_FORECAST_EXP];
	assert_int_equal(fc.reach, LT_REACH_AT);
	assert_near(fc.target_x, log(0.5 / 0.005) / 0.08, 0.01);
	assert_near(fc.target_x, 57.89145852135285, 1e-6);
	assert_near(fc.target_x, log(f->b / (f->a - 0.915)) / f->c, 1e-12);
	/* The curve there is the target. */
	assert_int_equal(lt_forecast_curve(&fc, &fc.target_x, 1, &xc, NULL,
	    NULL, NULL), 0);
	assert_near(xc, 0.915, 1e-12);
}

/* Each side of the interval, for MAX. */
static void
test_exp_reach_sides(void **state)
{
	double x[40], y[40], xc, mid;
	struct lt_forecast fc;

	(void)state;
	exp_curve(x, y);
	fit(x, y, 40, LT_STATS_MAX, LT_FORECAST_EXP, 0.95, &fc);
	assert_int_equal(fc.reach, LT_REACH_NEVER);
	assert_true(isnan(fc.target_x));

	/* Beyond a_hi by the least amount: not reached; a_hi itself and
	 * anything between a and it: uncertain. */
	assert_int_equal(lt_forecast_reach(&fc, nextafter(fc.a_hi, 1), &xc),
	    LT_REACH_NEVER);
	assert_int_equal(lt_forecast_reach(&fc, fc.a_hi, &xc),
	    LT_REACH_UNSURE);
	assert_true(isnan(xc));
	mid = (fc.a + fc.a_hi) / 2;
	assert_int_equal(lt_forecast_reach(&fc, mid, &xc), LT_REACH_UNSURE);
	assert_int_equal(lt_forecast_reach(&fc, fc.a, &xc), LT_REACH_UNSURE);
	/* Just under a: a crossing, far away. */
	assert_int_equal(lt_forecast_reach(&fc, fc.a - 1e-6, &xc),
	    LT_REACH_AT);
	assert_true(xc > 100);
	/* 0.89 the curve passed at x = ln(0.5 / 0.03) / 0.08 = 35.17 (true
	 * parameters), before the last point at 39. */
	assert_int_equal(lt_forecast_reach(&fc, 0.89, &xc), LT_REACH_ALREADY);
	assert_near(xc, log(0.5 / 0.03) / 0.08, 0.02);
	assert_int_equal(lt_forecast_reach(&fc, NAN, &xc), LT_REACH_NONE);
}

/*
 * A loss: the same curve as 1 - y and as -y, direction MIN.  -y is the
 * MAX fit mirrored in every bit; 1 - y differs by the rounding of 1 - y.
 */
static void
test_min_mirrors_max(void **state)
{
	double x[40], y[40], neg[40], one[40], xs[3] = { 0, 20, 100 };
	double ymax[3], lmax[3], hmax[3], ymin[3], lmin[3], hmin[3];
	struct lt_forecast mx, mn, m1;
	const struct lt_forecast_fit *a, *b;
	size_t i, k, l;

	(void)state;
	exp_curve(x, y);
	for (i = 0; i < 40; i++) {
		neg[i] = -y[i];
		one[i] = 1 - y[i];
	}
	fit(x, y, 40, LT_STATS_MAX, LT_FORECAST_AUTO, 0.915, &mx);
	fit(x, neg, 40, LT_STATS_MIN, LT_FORECAST_AUTO, -0.915, &mn);
	assert_int_equal(mn.status, LT_FORECAST_OK);
	assert_int_equal(mn.model, mx.model);
	a = &mx.fit[mx.model];
	b = &mn.fit[mn.model];
	assert_true(b->a == -a->a);
	assert_true(b->b == a->b);
	assert_true(b->c == a->c);
	assert_true(b->se_a == a->se_a && b->se_b == a->se_b &&
	    b->se_c == a->se_c);
	assert_true(b->rss == a->rss && b->aic == a->aic);
	for (k = 0; k < 3; k++)
		for (l = 0; l < 3; l++)
			assert_true(b->cov[k][l] == ((k == 0) != (l == 0) ?
			    -a->cov[k][l] : a->cov[k][l]));
	assert_true(mn.a_lo == -mx.a_hi && mn.a_hi == -mx.a_lo);
	assert_true(mn.line_slope == -mx.line_slope);
	assert_true(mn.line_aic == mx.line_aic);
	assert_int_equal(mn.reach, LT_REACH_AT);
	assert_true(mn.target_x == mx.target_x);
	assert_int_equal(lt_forecast_curve(&mx, xs, 3, ymax, lmax, hmax,
	    NULL), 0);
	assert_int_equal(lt_forecast_curve(&mn, xs, 3, ymin, lmin, hmin,
	    NULL), 0);
	for (i = 0; i < 3; i++) {
		assert_true(ymin[i] == -ymax[i]);
		assert_near(lmin[i], -hmax[i], 1e-15);
		assert_near(hmin[i], -lmax[i], 1e-15);
	}
	/* For MIN "beyond the interval" is below a_lo. */
	assert_int_equal(lt_forecast_reach(&mn, -0.95, &xs[0]),
	    LT_REACH_NEVER);
	assert_int_equal(lt_forecast_reach(&mn, mn.a_lo, &xs[0]),
	    LT_REACH_UNSURE);
	assert_int_equal(lt_forecast_reach(&mn, -0.89, &xs[0]),
	    LT_REACH_ALREADY);

	fit(x, one, 40, LT_STATS_MIN, LT_FORECAST_AUTO, 1 - 0.915, &m1);
	assert_int_equal(m1.status, LT_FORECAST_OK);
	assert_near(m1.a, 1 - mx.a, 1e-9);
	assert_near(m1.fit[m1.model].b, a->b, 1e-7);
	assert_near(m1.fit[m1.model].c, a->c, 1e-7);
	assert_near(m1.a_lo, 1 - mx.a_hi, 1e-9);
	assert_near(m1.target_x, mx.target_x, 1e-6);
}

static void
test_power_against_scipy(void **state)
{
	double x[50], y[50];
	struct lt_forecast fc;
	const struct lt_forecast_fit *f;

	(void)state;
	power_curve(x, y);
	fit(x, y, 50, LT_STATS_MAX, LT_FORECAST_AUTO, 0.83, &fc);
	assert_int_equal(fc.status, LT_FORECAST_OK);
	/* Both tried; the power law wins by AIC. */
	assert_int_equal(fc.model, LT_FORECAST_POWER);
	assert_true(fc.fit[LT_FORECAST_EXP].status == LT_FORECAST_OK ||
	    fc.fit[LT_FORECAST_EXP].status == LT_FORECAST_BAD_PARAMS);
	assert_true(fc.fit[LT_FORECAST_EXP].aic >
	    fc.fit[LT_FORECAST_POWER].aic);
	f = &fc.fit[LT_FORECAST_POWER];
	assert_near(f->a, 0.8497140413946592, 1e-7);
	assert_near(f->b, 0.40076415202297, 1e-7);
	assert_near(f->c, 0.6025841094247066, 1e-7);
	assert_near(f->se_a, 0.0008886914539496284, 1e-6);
	assert_near(f->se_b, 0.001090069407180557, 1e-6);
	assert_near(f->se_c, 0.004423222067189504, 1e-6);
	assert_near(f->rss, 7.098814966779742e-05, 1e-9);
	assert_near(f->aic, -523.3571769979745, 1e-9);
	/* gsl_cdf_tdist_Pinv and scipy's t.ppf agree to 2e-9 on 47
	 * degrees of freedom. */
	assert_near(fc.t_quantile, 2.0117405104757546, 1e-8);
	assert_true(fc.a_lo < 0.85 && 0.85 < fc.a_hi);
	/* x = (b / (a - 0.83))^(1/c): scipy's 148.1969260123056, the true
	 * (0.4 / 0.02)^(1 / 0.6) = 147.36. */
	assert_int_equal(fc.reach, LT_REACH_AT);
	assert_near(fc.target_x, 148.1969260123056, 1e-6);
	assert_near(fc.target_x, pow(0.4 / 0.02, 1 / 0.6), 0.02);
	assert_near(fc.target_x, pow(f->b / (f->a - 0.83), 1 / f->c), 1e-12);
}

/* The curve, its band, and the band's limit: far out the curve is a and
 * its band the interval of a. */
static void
test_curve_and_band(void **state)
{
	double x[40], y[40], xs[4] = { 0, 10, 39, 1e6 }, ys[4], lo[4], hi[4];
	struct lt_forecast fc;
	struct lt_forecast_opts o;
	struct lt_error err;
	const struct lt_forecast_fit *f;
	size_t i;

	(void)state;
	exp_curve(x, y);
	lt_forecast_opts_init(&o);
	o.model = LT_FORECAST_EXP;
	o.at = 60;
	assert_int_equal(lt_forecast_fit(x, y, 40, &o, &fc, &err), 0);
	f = &fc.fit[LT_FORECAST_EXP];
	/* scipy: 0.9157487281497405 at x = 60. */
	assert_near(fc.at_y, 0.9157487281497405, 1e-9);
	assert_true(fc.at_lo < fc.at_y && fc.at_y < fc.at_hi);
	assert_int_equal(lt_forecast_curve(&fc, xs, 4, ys, lo, hi, &err), 0);
	for (i = 0; i < 4; i++) {
		assert_near(ys[i], f->a - f->b * exp(-f->c * xs[i]), 1e-12);
		assert_near(ys[i] - lo[i], hi[i] - ys[i], 1e-9);
		assert_true(lo[i] < ys[i]);
	}
	assert_near(lo[3], fc.a_lo, 1e-12);
	assert_near(hi[3], fc.a_hi, 1e-12);
	/* The band is narrowest where the points are. */
	assert_true(hi[1] - lo[1] < hi[3] - lo[3]);
	/* Without lo and hi, only the curve. */
	assert_int_equal(lt_forecast_curve(&fc, xs, 2, ys, NULL, NULL, &err),
	    0);
	xs[0] = NAN;
	assert_int_equal(lt_forecast_curve(&fc, xs, 1, ys, lo, hi, &err), -1);
	assert_string_equal(err.msg, "x nan is not a finite number");
}

/* A straight line is no saturation, noisy or exact, in either direction;
 * so are constant scores. */
static void
test_line_is_no_saturation(void **state)
{
	double x[50], y[50], exact[50], flat[50], bent[50];
	struct lt_forecast fc;
	char buf[200];
	int i;

	(void)state;
	for (i = 0; i < 50; i++) {
		x[i] = i + 1;
		exact[i] = 0.3 + 0.01 * (i + 1);
		y[i] = exact[i] + (i % 2 ? 0.002 : -0.002);
		bent[i] = y[i] - 3e-6 * (i + 1) * (i + 1);
		flat[i] = 0.5;
	}
	fit(x, y, 50, LT_STATS_MAX, LT_FORECAST_AUTO, 0.9, &fc);
	assert_int_equal(fc.status, LT_FORECAST_NO_SATURATION);
	assert_int_equal(fc.reach, LT_REACH_NONE);
	assert_true(isnan(fc.a) && isnan(fc.a_lo) && isnan(fc.target_x));
	assert_true(fc.fit[fc.model].aic > fc.line_aic - 2);
	assert_near(fc.line_slope, 0.01, 1e-3);
	lt_forecast_explain(&fc, buf, sizeof(buf));
	assert_true(strncmp(buf, "no saturation: a straight line fits as "
	    "well (AIC ", 48) == 0);

	fit(x, y, 50, LT_STATS_MIN, LT_FORECAST_EXP, NAN, &fc);
	assert_int_equal(fc.status, LT_FORECAST_NO_SATURATION);

	/* A line bent a little: the curve's AIC is lower than the line's,
	 * but by 1.75, not by more than 2. */
	fit(x, bent, 50, LT_STATS_MAX, LT_FORECAST_EXP, NAN, &fc);
	assert_int_equal(fc.status, LT_FORECAST_NO_SATURATION);
	assert_int_equal(fc.fit[LT_FORECAST_EXP].status, LT_FORECAST_OK);
	assert_true(fc.fit[LT_FORECAST_EXP].aic < fc.line_aic - 1.5);
	assert_true(fc.fit[LT_FORECAST_EXP].aic > fc.line_aic - 2);

	fit(x, exact, 50, LT_STATS_MAX, LT_FORECAST_AUTO, NAN, &fc);
	assert_int_equal(fc.status, LT_FORECAST_NO_SATURATION);
	lt_forecast_explain(&fc, buf, sizeof(buf));
	assert_true(strncmp(buf, "no saturation: a straight line fits", 35)
	    == 0);

	fit(x, flat, 50, LT_STATS_MAX, LT_FORECAST_AUTO, NAN, &fc);
	assert_int_equal(fc.status, LT_FORECAST_NO_SATURATION);
	assert_int_equal(fc.fit[LT_FORECAST_EXP].status,
	    LT_FORECAST_NOT_TRIED);
	lt_forecast_explain(&fc, buf, sizeof(buf));
	assert_string_equal(buf, "no saturation: every score is the same");
}

/* Seven points are too few, eight are enough; fewer than four distinct x
 * are too few however many points. */
static void
test_too_few(void **state)
{
	double x[40], y[40], x3[40];
	struct lt_forecast fc;
	char buf[200];
	int i;

	(void)state;
	exp_curve(x, y);
	for (i = 0; i < 40; i++) {
		x[i] = i * 5;		/* the curve at every fifth x */
		y[i] = 0.92 - 0.5 * exp(-0.08 * x[i]) + noise(i);
		x3[i] = i % 3;
	}
	fit(x, y, 7, LT_STATS_MAX, LT_FORECAST_AUTO, 0.9, &fc);
	assert_int_equal(fc.status, LT_FORECAST_TOO_FEW);
	assert_int_equal(fc.model, LT_FORECAST_AUTO);
	assert_int_equal(fc.reach, LT_REACH_NONE);
	assert_true(isnan(fc.line_aic) && isnan(fc.fit[0].a));
	lt_forecast_explain(&fc, buf, sizeof(buf));
	assert_string_equal(buf, "7 points; a forecast needs at least 8");

	fit(x, y, 8, LT_STATS_MAX, LT_FORECAST_EXP, NAN, &fc);
	assert_int_equal(fc.status, LT_FORECAST_OK);
	assert_true(fc.a_lo < 0.92 && 0.92 < fc.a_hi);

	fit(x3, y, 40, LT_STATS_MAX, LT_FORECAST_AUTO, NAN, &fc);
	assert_int_equal(fc.status, LT_FORECAST_TOO_FEW);
	lt_forecast_explain(&fc, buf, sizeof(buf));
	assert_string_equal(buf, "the 40 points lie at fewer than 4 distinct "
	    "x");

	fit(NULL, NULL, 0, LT_STATS_MAX, LT_FORECAST_AUTO, NAN, &fc);
	assert_int_equal(fc.status, LT_FORECAST_TOO_FEW);
	assert_true(isnan(fc.x_min));
	lt_forecast_explain(&fc, buf, sizeof(buf));
	assert_string_equal(buf, "0 points; a forecast needs at least 8");
}

/* Curves that do not approach a better value: refused as such. */
static void
test_bad_parameters(void **state)
{
	double x[50], falling[50], rising[50];
	struct lt_forecast fc;
	char buf[200];
	int i;

	(void)state;
	for (i = 0; i < 50; i++) {
		x[i] = i + 1;
		/* A loss recorded as if higher were better. */
		falling[i] = 0.2 + 0.5 * exp(-0.1 * (i + 1)) + noise(i);
		/* Growth without a ceiling: c = -0.1. */
		rising[i] = 0.1 + 0.001 * exp(0.1 * (i + 1)) + noise(i);
	}
	fit(x, falling, 50, LT_STATS_MAX, LT_FORECAST_AUTO, NAN, &fc);
	assert_int_equal(fc.status, LT_FORECAST_BAD_PARAMS);
	assert_true(fc.fit[fc.model].b < 0);
	assert_true(isnan(fc.a));
	lt_forecast_explain(&fc, buf, sizeof(buf));
	assert_true(strstr(buf, "moves away from its asymptote") != NULL);
	/* The same points read the right way round forecast. */
	fit(x, falling, 50, LT_STATS_MIN, LT_FORECAST_AUTO, NAN, &fc);
	assert_int_equal(fc.status, LT_FORECAST_OK);
	assert_true(fc.a_lo < 0.2 && 0.2 < fc.a_hi);

	fit(x, rising, 50, LT_STATS_MAX, LT_FORECAST_EXP, NAN, &fc);
	assert_int_equal(fc.status, LT_FORECAST_BAD_PARAMS);
	assert_near(fc.fit[LT_FORECAST_EXP].c, -0.1, 0.05);
	lt_forecast_explain(&fc, buf, sizeof(buf));
	assert_true(strncmp(buf, "the exp curve has no asymptote (c = -0.09",
	    41) == 0);
}

/* The power law needs x > 0: refused when asked for, skipped by auto. */
static void
test_power_needs_positive_x(void **state)
{
	double x[50], y[50], xs = 0, ys;
	struct lt_forecast fc;
	struct lt_error err;
	char buf[200];

	(void)state;
	exp_curve(x, y);
	fit(x, y, 40, LT_STATS_MAX, LT_FORECAST_POWER, NAN, &fc);
	assert_int_equal(fc.status, LT_FORECAST_BAD_X);
	assert_int_equal(fc.model, LT_FORECAST_POWER);
	lt_forecast_explain(&fc, buf, sizeof(buf));
	assert_string_equal(buf, "the power law needs every x > 0; the "
	    "smallest is 0");
	assert_int_equal(lt_forecast_curve(&fc, &xs, 1, &ys, NULL, NULL,
	    &err), -1);
	assert_string_equal(err.msg, "no forecast to draw: x_not_positive");

	fit(x, y, 40, LT_STATS_MAX, LT_FORECAST_AUTO, NAN, &fc);
	assert_int_equal(fc.status, LT_FORECAST_OK);
	assert_int_equal(fc.model, LT_FORECAST_EXP);
	assert_int_equal(fc.fit[LT_FORECAST_POWER].status, LT_FORECAST_BAD_X);

	power_curve(x, y);
	fit(x, y, 50, LT_STATS_MAX, LT_FORECAST_POWER, NAN, &fc);
	assert_int_equal(fc.status, LT_FORECAST_OK);
	assert_int_equal(lt_forecast_curve(&fc, &xs, 1, &ys, NULL, NULL,
	    &err), -1);
	assert_string_equal(err.msg, "the power law is not defined at x = 0");
}

static void
test_rejects_bad_input(void **state)
{
	double x[40], y[40];
	struct lt_forecast fc;
	struct lt_forecast_opts o;
	struct lt_error err;

	(void)state;
	exp_curve(x, y);
	lt_forecast_opts_init(&o);
	y[3] = NAN;
	assert_int_equal(lt_forecast_fit(x, y, 40, &o, &fc, &err), -1);
	assert_string_equal(err.msg, "y[3] is nan, not a finite number");
	y[3] = 0.5;
	x[39] = INFINITY;
	assert_int_equal(lt_forecast_fit(x, y, 40, &o, &fc, &err), -1);
	assert_string_equal(err.msg, "x[39] is inf, not a finite number");
	x[39] = 39;
	o.target = -INFINITY;
	assert_int_equal(lt_forecast_fit(x, y, 40, &o, &fc, &err), -1);
	assert_string_equal(err.msg, "target -inf is not finite");
	o.target = NAN;
	o.model = (enum lt_forecast_model)7;
	assert_int_equal(lt_forecast_fit(x, y, 40, &o, &fc, &err), -1);
	assert_string_equal(err.msg, "model 7 is not exp, power or auto");
	/* x far from 0: b = exp(c x_min) overflows. */
	o.model = LT_FORECAST_EXP;
	for (int i = 0; i < 40; i++)
		x[i] = 1e5 + i;
	assert_int_equal(lt_forecast_fit(x, y, 40, &o, &fc, &err), -1);
	assert_string_equal(err.msg, "the curve's b overflows as x starts at "
	    "100000: count x from the start of the run");
}

static void
test_names(void **state)
{
	enum lt_forecast_model m;

	(void)state;
	assert_int_equal(lt_forecast_model_parse("power", &m), 0);
	assert_int_equal(m, LT_FORECAST_POWER);
	assert_int_equal(lt_forecast_model_parse("exp", &m), 0);
	assert_int_equal(m, LT_FORECAST_EXP);
	assert_int_equal(lt_forecast_model_parse("auto", &m), 0);
	assert_int_equal(m, LT_FORECAST_AUTO);
	assert_int_equal(lt_forecast_model_parse("Exp", &m), -1);
	assert_string_equal(lt_forecast_model_name(LT_FORECAST_AUTO), "auto");
	assert_string_equal(lt_forecast_status_name(LT_FORECAST_BAD_PARAMS),
	    "bad_parameters");
	assert_string_equal(lt_forecast_status_name(LT_FORECAST_TOO_FEW),
	    "too_few_points");
	assert_string_equal(lt_forecast_reach_name(LT_REACH_NEVER),
	    "not_reached");
	assert_string_equal(lt_forecast_reach_name(LT_REACH_ALREADY),
	    "already_reached");
}

/* The validation Dice of the BraTS run, x = episode_count, from the log
 * as it is; returns how many points. */
static size_t
brats(double *x, double *y, size_t max)
{
	json_error_t jerr;
	json_t *ev;
	char line[4096];
	FILE *fp;
	size_t n = 0;

	fp = fopen(BRATS, "r");
	if (fp == NULL)
		fail_msg("%s: cannot open (run from the top of the tree)",
		    BRATS);
	while (fgets(line, sizeof(line), fp) != NULL) {
		ev = json_loads(line, 0, &jerr);
		if (ev == NULL)
			fail_msg("%s: %s", BRATS, jerr.text);
		if (strcmp(json_string_value(json_object_get(ev,
		    "task_type")), "unet-val") == 0 && n < max) {
			x[n] = json_number_value(json_object_get(ev,
			    "episode_count"));
			y[n] = json_number_value(json_object_get(ev,
			    "performance_score"));
			n++;
		}
		json_decref(ev);
	}
	fclose(fp);
	return n;
}

/*
 * The Dice has flattened at 0.4435 over 24 epochs: the asymptote lies at
 * the plateau, and 0.5 is not reached at this rate.
 */
static void
test_brats(void **state)
{
	double x[64], y[64], x1[64];
	struct lt_forecast fc, f1;
	const struct lt_forecast_fit *f;
	size_t n, i;

	(void)state;
	n = brats(x, y, NELEM(x));
	assert_int_equal(n, 24);
	fit(x, y, n, LT_STATS_MAX, LT_FORECAST_AUTO, 0.5, &fc);
	assert_int_equal(fc.status, LT_FORECAST_OK);
	/* Episodes count from 0: only the exponential can be fitted. */
	assert_int_equal(fc.model, LT_FORECAST_EXP);
	assert_int_equal(fc.fit[LT_FORECAST_POWER].status, LT_FORECAST_BAD_X);
	f = &fc.fit[LT_FORECAST_EXP];
	assert_near(f->a, 0.4459761354860654, 1e-7);
	assert_near(f->b, 0.07262911331247383, 1e-6);
	assert_near(f->c, 0.21348136029257242, 1e-6);
	assert_near(f->se_a, 0.0018192729033312655, 1e-6);
	assert_near(f->se_b, 0.003600601295478964, 1e-6);
	assert_near(f->se_c, 0.024409128371139524, 1e-6);
	assert_near(f->rss, 0.00045116461191763374, 1e-9);
	assert_near(f->aic, -185.0525213398843, 1e-9);
	assert_near(fc.line_rss, 0.0033006356774214944, 1e-9);
	assert_near(fc.line_aic, -139.29160712345572, 1e-9);
	assert_near(fc.a_lo, 0.44219275036895983, 1e-8);
	assert_near(fc.a_hi, 0.449759520603171, 1e-8);
	assert_true(0.44 < fc.a && fc.a < 0.45);
	assert_true(fc.a_lo <= 0.4435 && 0.4435 <= fc.a_hi);
	assert_int_equal(fc.reach, LT_REACH_NEVER);
	assert_true(isnan(fc.target_x));

	/* Epochs done (episode + 1): both models, and the exponential, with
	 * the same a and c (b moves by exp(c)), still wins by AIC. */
	for (i = 0; i < n; i++)
		x1[i] = x[i] + 1;
	fit(x1, y, n, LT_STATS_MAX, LT_FORECAST_AUTO, 0.5, &f1);
	assert_int_equal(f1.status, LT_FORECAST_OK);
	assert_int_equal(f1.model, LT_FORECAST_EXP);
	assert_near(f1.a, fc.a, 1e-9);
	assert_near(f1.fit[LT_FORECAST_EXP].b, f->b * exp(f->c), 1e-9);
	/* scipy on x + 1: b 0.0899134203992162, se(b) 0.005430182237072855
	 * (se(a) and se(c) as for x). */
	assert_near(f1.fit[LT_FORECAST_EXP].b, 0.0899134203992162, 1e-6);
	assert_near(f1.fit[LT_FORECAST_EXP].se_b, 0.005430182237072855,
	    1e-6);
	assert_near(f1.fit[LT_FORECAST_EXP].se_c, f->se_c, 1e-9);
	f = &f1.fit[LT_FORECAST_POWER];
	assert_int_equal(f->status, LT_FORECAST_OK);
	assert_near(f->a, 0.5506496571011572, 1e-6);
	assert_near(f->b, 0.17917794442131704, 1e-6);
	assert_near(f->c, 0.1793745898754555, 1e-6);
	assert_near(f->se_a, 0.10705458841736266, 1e-5);
	assert_near(f->rss, 0.0009446713443765788, 1e-9);
	assert_near(f->aic, -167.31640572708176, 1e-9);
	assert_int_equal(f1.reach, LT_REACH_NEVER);
}

/*
 * 20000 points: the grid of rates is tried on 1024 of them, the fit uses
 * all.  scipy's curve_fit on the same points gives the parameters.  The
 * points in reverse order give the same fit.
 */
static void
test_many_points(void **state)
{
	static double x[20000], y[20000], rx[20000], ry[20000];
	struct lt_forecast fc, rc;
	const struct lt_forecast_fit *f;
	uint64_t st = 42;
	size_t i, n = NELEM(x);

	(void)state;
	for (i = 0; i < n; i++) {
		x[i] = (double)(i + 1);
		y[i] = 0.9 - 0.6 * exp(-5.0 * (double)i / (double)n) +
		    0.02 * (lcg(&st) - 0.5);
		rx[n - 1 - i] = x[i];
		ry[n - 1 - i] = y[i];
	}
	fit(x, y, n, LT_STATS_MAX, LT_FORECAST_AUTO, NAN, &fc);
	assert_int_equal(fc.status, LT_FORECAST_OK);
	assert_int_equal(fc.model, LT_FORECAST_EXP);
	f = &fc.fit[LT_FORECAST_EXP];
	assert_near(f->a, 0.9001070089253576, 1e-8);
	assert_near(f->b, 0.6000720325931027, 1e-7);
	assert_near(f->c, 0.00024975123856300907, 1e-7);
	assert_near(f->se_a, 8.023612448251302e-05, 1e-5);
	assert_near(f->se_c, 1.645968860402703e-07, 1e-5);
	assert_near(f->rss, 0.6695247529155818, 1e-10);
	assert_true(fc.a_lo < 0.9 && 0.9 < fc.a_hi);

	fit(rx, ry, n, LT_STATS_MAX, LT_FORECAST_AUTO, NAN, &rc);
	assert_int_equal(rc.status, LT_FORECAST_OK);
	assert_near(rc.a, fc.a, 1e-10);
	assert_near(rc.fit[LT_FORECAST_EXP].c, f->c, 1e-9);
	assert_near(rc.fit[LT_FORECAST_POWER].aic,
	    fc.fit[LT_FORECAST_POWER].aic, 1e-10);
}

/*
 * With independent normal noise the interval of a is what it says: 400
 * curves y = 0.9 - 0.5 exp(-0.1 x) at x = 1..40 plus noise of sd 0.01
 * (Box-Muller on lcg()), and 0.9 lies inside the 95 % interval of 387
 * of them; a binomial(400, 0.95) count falls in [371, 389] with
 * probability 0.97 (scipy.stats.binom).
 */
static void
test_interval_coverage(void **state)
{
	double x[40], y[40], u, v;
	struct lt_forecast fc;
	uint64_t st = 7;
	int t, i, cover = 0;

	(void)state;
	for (t = 0; t < 400; t++) {
		for (i = 0; i < 40; i++) {
			u = 1 - lcg(&st);
			v = lcg(&st);
			x[i] = i + 1;
			y[i] = 0.9 - 0.5 * exp(-0.1 * (i + 1)) + 0.01 *
			    sqrt(-2 * log(u)) * cos(2 * M_PI * v);
		}
		fit(x, y, 40, LT_STATS_MAX, LT_FORECAST_AUTO, NAN, &fc);
		assert_int_equal(fc.status, LT_FORECAST_OK);
		if (fc.a_lo <= 0.9 && 0.9 <= fc.a_hi)
			cover++;
	}
	assert_in_range(cover, 371, 389);
}

/*
 * A task's points on x (forecast_task.h): episodes count from 1, times
 * from the first less the median interval; crossings carried between the
 * axes at the least-squares pace, from the latest point.
 */
static void
test_task_axes(void **state)
{
	struct lt_forecast_task_opts o;
	struct lt_forecast_task r, rt;
	struct lt_fpoints p, q;
	struct lt_error err;
	double x[40], y[40], ts;
	int i;

	(void)state;
	exp_curve(x, y);
	lt_fpoints_init(&p);
	lt_fpoints_init(&q);
	for (i = 0; i < 40; i++) {
		/* Episodes 0..39, 30 s apart but one gap of 300 s: the
		 * median interval stays 30 s, the pace is the slope. */
		ts = 1795600800 + 30.0 * i + (i >= 20 ? 270 : 0);
		lt_fpoints_add(&p, ts, i, y[i]);
		lt_fpoints_add(&q, ts, i, y[i]);
	}
	lt_forecast_task_opts_init(&o);
	o.model = LT_FORECAST_EXP;
	o.target = 0.915;
	memset(&r, 0, sizeof(r));
	assert_int_equal(lt_forecast_points(&p, &o, &r, &err), 0);
	assert_int_equal(r.fc.status, LT_FORECAST_OK);
	assert_true(r.x_origin == -1);
	assert_true(r.fc.x_min == 1 && r.fc.x_max == 40);
	/* exp_curve's x is the episode; here x = episode + 1: the same a
	 * and c, b moved by exp(c), and the crossing at the episode where
	 * exp_curve's x crosses (test_exp_crossing, scipy's 57.89). */
	assert_near(r.target_episode, 57.89145852135285, 1e-6);
	/* The pace, time on episode by least squares: t = 30 e + 270 s,
	 * s = [e >= 20], so the slope is 30 + 270 cov(e, s) / var(e), with
	 * cov(e, s) = 5 (the mean of s is 1/2, of e 19.5, and e - 19.5
	 * sums to 200 over e >= 20: 200 / 40) and var(e) = (40^2 - 1) / 12
	 * = 133.25: 30 + 1350 / 133.25 = 40.1313... */
	assert_near(r.pace, 30 + 1350 / 133.25, 1e-12);
	assert_true(r.anchor_ts == 1795600800 + 30.0 * 39 + 270);
	assert_true(r.anchor_ep == 39);
	assert_near(r.target_time, r.anchor_ts + (r.target_episode - 39) *
	    r.pace, 1e-15);

	o.x = LT_X_TIME;
	memset(&rt, 0, sizeof(rt));
	assert_int_equal(lt_forecast_points(&q, &o, &rt, &err), 0);
	/* The median of 39 intervals, 38 of 30 s and one of 300 s. */
	assert_true(rt.x_origin == 1795600800 - 30.0);
	assert_true(rt.fc.x_min == 30);
	assert_true(lt_forecast_task_time(&rt, 100) == 1795600800 + 70);
	assert_near(lt_forecast_task_episode(&rt, 100), 39 + (1795600870 -
	    rt.anchor_ts) / rt.pace, 1e-15);
	lt_fpoints_release(&p);
	lt_fpoints_release(&q);
}

/* The pace, least squares worked out by hand: episodes 0..3 at 0, 10, 20
 * and 60 s: slope = sum((e - 1.5)(t - 22.5)) / sum((e - 1.5)^2) =
 * (33.75 + 6.25 - 1.25 + 56.25) / 5 = 19 s an episode. */
static void
test_task_pace(void **state)
{
	static const double t[] = { 0, 10, 20, 60 };
	struct lt_forecast_task_opts o;
	struct lt_forecast_task r;
	struct lt_fpoints p;
	struct lt_error err;
	size_t i;

	(void)state;
	lt_fpoints_init(&p);
	for (i = 0; i < 4; i++)
		lt_fpoints_add(&p, 1795600800 + t[i], (double)i, 0.5 +
		    0.1 * (double)i);
	lt_forecast_task_opts_init(&o);
	memset(&r, 0, sizeof(r));
	assert_int_equal(lt_forecast_points(&p, &o, &r, &err), 0);
	assert_int_equal(r.fc.status, LT_FORECAST_TOO_FEW);
	assert_near(r.pace, 19, 1e-15);
	assert_true(r.first_ts == 1795600800 && r.last_ts == 1795600860);
	assert_true(r.first_ep == 0 && r.last_ep == 3);
	lt_fpoints_release(&p);
}

/* What the points cannot give: times that only keep order, a prediction
 * before the run, no pace without episodes. */
static void
test_task_refusals(void **state)
{
	struct lt_forecast_task_opts o;
	struct lt_forecast_task r;
	struct lt_fpoints p;
	struct lt_error err;
	double x[40], y[40];
	int i;

	(void)state;
	exp_curve(x, y);
	lt_fpoints_init(&p);
	for (i = 0; i < 40; i++)
		lt_fpoints_add(&p, 1795600800 + 60.0 * i, 7, y[i]);
	lt_forecast_task_opts_init(&o);
	memset(&r, 0, sizeof(r));
	o.x = LT_X_TIME;
	o.times_order = 1;
	assert_int_equal(lt_forecast_points(&p, &o, &r, &err), -1);
	assert_true(strstr(err.msg, "only keep their order") != NULL);
	o.times_order = 0;
	o.at = 1795600800 - 60;
	assert_int_equal(lt_forecast_points(&p, &o, &r, &err), -1);
	assert_string_equal(err.msg, "--at 1795600740 lies at or before the "
	    "start of the run");
	/* Every episode 7: no pace, so the crossing has no episode. */
	o.at = NAN;
	o.target = 0.915;
	o.model = LT_FORECAST_EXP;
	assert_int_equal(lt_forecast_points(&p, &o, &r, &err), 0);
	assert_int_equal(r.fc.reach, LT_REACH_AT);
	assert_true(isnan(r.pace) && isnan(r.target_episode));
	assert_true(isfinite(r.target_time));
	lt_fpoints_release(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exp_against_scipy),
		cmocka_unit_test(test_exp_interval_holds_truth),
		cmocka_unit_test(test_exp_crossing),
		cmocka_unit_test(test_exp_reach_sides),
		cmocka_unit_test(test_min_mirrors_max),
		cmocka_unit_test(test_power_against_scipy),
		cmocka_unit_test(test_curve_and_band),
		cmocka_unit_test(test_line_is_no_saturation),
		cmocka_unit_test(test_too_few),
		cmocka_unit_test(test_bad_parameters),
		cmocka_unit_test(test_power_needs_positive_x),
		cmocka_unit_test(test_rejects_bad_input),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_many_points),
		cmocka_unit_test(test_interval_coverage),
		cmocka_unit_test(test_brats),
		cmocka_unit_test(test_task_axes),
		cmocka_unit_test(test_task_pace),
		cmocka_unit_test(test_task_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
