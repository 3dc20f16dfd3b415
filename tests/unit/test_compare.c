/*
 * test_compare.c - lib/compare.c against values computed apart from it.
 *
 * Hand work is written beside each test.  The other expected numbers were
 * printed by the script below (/usr/bin/python3 with Debian's
 * python3-scipy 1.10.1 and python3-numpy 1.24.2), which computes every
 * statistic its own way: Welch's t and p by scipy.stats.ttest_ind
 * (equal_var=False), the t quantile of its interval by root-finding on
 * scipy's t.sf (scipy's t.ppf is off by 1e-10 at fractional df, GSL's
 * gsl_cdf_tdist_Qinv is not), Mann-Whitney by scipy.stats.mannwhitneyu
 * (asymptotic, continuity), the probability of improvement over all
 * pairs, the IQM by scipy.stats.trim_mean(v, 0.25) (rliable's), and the
 * bootstrap directly: resamples as
 * arrays of values, percentiles by numpy.percentile.  Its random indices
 * come from numpy's own MT19937 (RandomState seeds it with init_genrand,
 * as GSL's gsl_rng_set does, and randint over 32 bits returns the raw
 * words; both give 3499211612 first for seed 5489, the reference output
 * of MT19937), mapped to [0, n) as gsl_rng_uniform_int documents.  So the
 * bootstrap intervals below come from an independent implementation of
 * the same random stream, and agree with lt's to 1e-14.
 *
 * import numpy as np
 * from scipy import stats, optimize
 *
 * def iqm(v):                 # rliable: drop floor(n/4) values at each end
 *     return stats.trim_mean(v, 0.25)
 *
 * def poi(x, y, mode):        # all pairs, ties 1/2
 *     b = x[:, None] > y[None, :] if mode == 'max' else x[:, None] < y[None, :]
 *     return b.mean() + 0.5 * (x[:, None] == y[None, :]).mean()
 *
 * def indices(seed, n, count):
 *     # gsl_rng_uniform_int(r, n) on GSL's mt19937 after gsl_rng_set(r, seed)
 *     # (seed 0 taken as 4357): numpy's RandomState is MT19937 with the same
 *     # init_genrand seeding, and randint over all 32 bits gives its raw words;
 *     # GSL keeps k = word // (0xffffffff // n) when k < n, else draws again.
 *     raw = np.random.RandomState(seed or 4357).randint(
 *         0, 2**32, size=count + count // 1000 + 100, dtype=np.uint32)
 *     k = raw.astype(np.int64) // (0xffffffff // n)
 *     k = k[k < n]
 *     assert len(k) >= count
 *     return k[:count]
 *
 * def compare(groups, mode='max', level=95.0, B=10000, seed=1):
 *     a = 1 - level / 100; q = [100 * a / 2, 100 * (1 - a / 2)]
 *     groups = [np.asarray(g, float) for g in groups]
 *     boot = []               # resamples of each group, from worst to best
 *     for g, x in enumerate(groups):
 *         s = np.sort(x) if mode == 'max' else np.sort(x)[::-1]
 *         n = len(s)
 *         boot.append(s[indices((seed + g) % 2**32, n, B * n).reshape(B, n)]
 *                     if n > 1 and B > 0 else None)
 *     out = []
 *     for g, x in enumerate(groups):
 *         n = len(x); y = groups[0]; m = len(y)
 *         r = dict(mean=x.mean(), sd=x.std(ddof=1) if n > 1 else None,
 *                  median=np.median(x), iqm=iqm(x))
 *         if boot[g] is not None:
 *             r['mean_ci'] = np.percentile(boot[g].mean(axis=1), q)
 *             r['iqm_ci'] = np.percentile([iqm(v) for v in boot[g]], q)
 *         if g > 0 and n > 1 and m > 1:
 *             t, p = stats.ttest_ind(x, y, equal_var=False)
 *             v1, v2 = x.var(ddof=1) / n, y.var(ddof=1) / m
 *             df = (v1 + v2)**2 / (v1**2 / (n - 1) + v2**2 / (m - 1))
 *             c = optimize.brentq(lambda c: stats.t.sf(c, df) - a / 2, 0, 1e3,
 *                                 xtol=1e-15, rtol=1e-15)
 *             d = x.mean() - y.mean(); hw = c * np.sqrt(v1 + v2)
 *             r.update(diff=d, diff_ci=(d - hw, d + hw), t=t, df=df, p_welch=p)
 *         if g > 0:
 *             u, p = stats.mannwhitneyu(x, y, alternative='two-sided',
 *                         method='asymptotic', use_continuity=True)
 *             r.update(u=u, p_mwu=p, poi=poi(x, y, mode))
 *             if boot[g] is not None and boot[0] is not None:
 *                 r['poi_ci'] = np.percentile(
 *                     [poi(s, t, mode) for s, t in zip(boot[g], boot[0])], q)
 *         out.append(r)
 *     return out
 *
 * def show(name, res):
 *     print('==', name)
 *     for g, r in enumerate(res):
 *         for k, v in r.items():
 *             v = [] if v is None else np.atleast_1d(v)
 *             print('  %d %-8s %s' % (g, k, ', '.join('%.17g' % e for e in v)))
 *
 * A = [0.712, 0.698, 0.731, 0.705, 0.720]
 * B = [0.741, 0.752, 0.738, 0.760, 0.745]
 * show('hand', compare([A, B]))
 * show('hand min 1-x', compare([[1 - a for a in A], [1 - b for b in B]],
 *      mode='min'))
 * show('ties', compare([[1, 2, 2, 3, 3, 3], [2, 3, 3, 4, 4]], level=90,
 *      B=2000, seed=7))
 * show('n2', compare([[0.70, 0.74], [0.71, 0.80]]))
 * show('identical', compare([A, A]))
 * show('one value', compare([A, [0.75]]))
 *
 * # The cases of tests/compare.bats: summaries of seed logs, and the last
 * # ten scores 0.5 + k / 64 of two single runs.
 * GA = [0.6875, 0.703125, 0.71875, 0.6953125]
 * GB = [0.734375, 0.75, 0.7578125, 0.7421875, 0.796875]
 * GC = [0.6953125, 0.7109375, 0.6875, 0.7265625, 0.703125]
 * show('bats groups', compare([GA, GB, GC]))
 * show('bats groups min', compare([[1 - v for v in g] for g in (GA, GB, GC)],
 *      mode='min'))
 * show('bats samples', compare([[0.5 + k / 64 for k in (3, 1, 4, 1, 5, 9, 2,
 *      6, 5, 3)], [0.5 + k / 64 for k in (2, 7, 1, 8, 2, 8, 1, 8, 2, 8)]]))
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

#include "compare.h"

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

/* The hand-made groups of five: a baseline and a better configuration. */
static const double A[] = { 0.712, 0.698, 0.731, 0.705, 0.720 };
static const double B[] = { 0.741, 0.752, 0.738, 0.760, 0.745 };

/* Compare two groups; the caller frees the result. */
static struct lt_compare *
two(const double *x0, size_t n0, const double *x1, size_t n1,
    enum lt_stats_mode mode, double level, size_t resamples,
    unsigned long seed)
{
	struct lt_compare_input in[2] = {
		{ "baseline", x0, n0 },
		{ "new", x1, n1 }
	};
	struct lt_compare_opts o;
	struct lt_compare *r;
	struct lt_error err;

	lt_compare_opts_init(&o);
	o.mode = mode;
	o.level = level;
	o.resamples = resamples;
	o.seed = seed;
	r = lt_compare_new(in, 2, &o, &err);
	if (r == NULL)
		fail_msg("lt_compare_new: %s", err.msg);
	return r;
}

static void
verdict_is(const struct lt_compare *r, size_t i, const char *want)
{
	char buf[160];

	lt_compare_verdict_format(r, i, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

/* One group described, without resampling. */
static struct lt_compare_group
describe(const double *x, size_t n)
{
	struct lt_compare_input in = { NULL, x, n };
	struct lt_compare_group g;
	struct lt_compare_opts o;
	struct lt_compare *r;
	struct lt_error err;

	lt_compare_opts_init(&o);
	o.resamples = 0;
	r = lt_compare_new(&in, 1, &o, &err);
	assert_non_null(r);
	g = r->groups[0];
	g.name = NULL;
	lt_compare_free(r);
	return g;
}

/*
 * A by hand: sorted 0.698 0.705 0.712 0.720 0.731, sum 3.566, mean 0.7132,
 * median 0.712.  IQM: floor(5/4) = 1 value dropped at each end, so
 * (0.705 + 0.712 + 0.720) / 3 = 2.137 / 3 = 0.712333...
 * sd: squared deviations 1.44e-6 2.2801e-4 3.1684e-4 6.724e-5 4.624e-5
 * sum to 6.628e-4; sqrt(6.628e-4 / 4) = 0.01287245120402483.
 */
static void
test_describe_by_hand(void **state)
{
	struct lt_compare_group g;

	(void)state;
	g = describe(A, NELEM(A));
	assert_int_equal(g.n, 5);
	assert_near(g.mean, 0.7132, 1e-15);
	assert_near(g.sd, 0.01287245120402483, 1e-14);
	assert_near(g.median, 0.712, 1e-15);
	assert_near(g.iqm, 2.137 / 3, 1e-15);
	assert_true(g.min == 0.698 && g.max == 0.731);
	assert_true(isnan(g.mean_lo) && isnan(g.mean_hi));
	assert_true(isnan(g.iqm_lo) && isnan(g.iqm_hi));
	assert_int_equal(g.verdict, LT_COMPARE_BASELINE);
	assert_true(isnan(g.diff) && isnan(g.p_welch) && isnan(g.poi));
}

/*
 * The IQM at sizes that are and are not multiples of 4, by hand; each is
 * what scipy.stats.trim_mean(v, 0.25) (rliable's IQM) prints:
 *   1 2 4 8 16 32: floor(6/4) = 1 dropped at each end:
 *     (2 + 4 + 8 + 16) / 4 = 7.5.
 *   1 2 10: floor(3/4) = 0, nothing dropped: 13 / 3.
 *   1 2 3 4 5 6 7 100: 2 dropped at each end: (3 + 4 + 5 + 6) / 4 = 4.5.
 *   3.5 alone: 3.5.  1 4: nothing dropped, the mean 2.5.
 */
static void
test_iqm_trimmed(void **state)
{
	const double a[] = { 32, 1, 16, 2, 8, 4 }, b[] = { 10, 1, 2 };
	const double c[] = { 100, 1, 2, 3, 4, 5, 6, 7 }, d[] = { 3.5 };
	const double e[] = { 4, 1 };

	(void)state;
	assert_near(describe(a, NELEM(a)).iqm, 7.5, 1e-15);
	assert_near(describe(b, NELEM(b)).iqm, 13.0 / 3.0, 1e-15);
	assert_near(describe(c, NELEM(c)).iqm, 4.5, 1e-15);
	assert_near(describe(d, NELEM(d)).iqm, 3.5, 0);
	assert_near(describe(e, NELEM(e)).iqm, 2.5, 0);
	assert_near(describe(e, NELEM(e)).median, 2.5, 0);
}

/*
 * B against A, the script's "hand" case: Welch's t, df, p and interval,
 * Mann-Whitney's U and p, the probability of improvement, and each
 * bootstrap interval at the default 10000 resamples and seed 1.  By hand:
 * mean B 3.736 / 5 = 0.7472, so the difference is 0.034; every value of B
 * beats every value of A, so U = 25 and P(B > A) = 1.
 */
static void
test_hand_against_reference(void **state)
{
	struct lt_compare *r;
	const struct lt_compare_group *a, *b;

	(void)state;
	r = two(A, NELEM(A), B, NELEM(B), LT_STATS_MAX, LT_COMPARE_LEVEL,
	    LT_COMPARE_RESAMPLES, LT_COMPARE_SEED);
	a = &r->groups[0];
	b = &r->groups[1];
	assert_string_equal(a->name, "baseline");
	assert_string_equal(b->name, "new");
	assert_near(a->mean_lo, 0.7036, 1e-13);
	assert_near(a->mean_hi, 0.72340000000000004, 1e-13);
	assert_near(a->iqm_lo, 0.70033333333333336, 1e-13);
	assert_near(a->iqm_hi, 0.72733333333333328, 1e-13);

	assert_near(b->mean, 0.7472, 1e-15);
	assert_near(b->sd, 0.0088713020464867582, 1e-14);
	assert_near(b->median, 0.745, 0);
	assert_near(b->iqm, 0.746, 1e-14);
	assert_near(b->mean_lo, 0.74060000000000004, 1e-13);
	assert_near(b->mean_hi, 0.75400000000000011, 1e-13);
	assert_near(b->iqm_lo, 0.73899999999999999, 1e-13);
	assert_near(b->iqm_hi, 0.75733333333333341, 1e-13);
	assert_near(b->diff, 0.034, 1e-13);
	assert_near(b->diff_lo, 0.017515122178398429, 1e-12);
	assert_near(b->diff_hi, 0.050484877821601631, 1e-12);
	assert_near(b->t, 4.8631013253702964, 1e-12);
	assert_near(b->df, 7.1002722719462419, 1e-12);
	assert_near(b->p_welch, 0.0017565814168234016, 1e-10);
	assert_near(b->u, 25, 0);
	assert_near(b->p_mwu, 0.012185780355344813, 1e-12);
	assert_near(b->poi, 1, 0);
	assert_near(b->poi_lo, 1, 0);
	assert_near(b->poi_hi, 1, 0);
	assert_int_equal(b->verdict, LT_COMPARE_BETTER);
	verdict_is(r, 0, "baseline");
	verdict_is(r, 1,
	    "better than baseline by 0.034 ± 0.016 (95 %, Welch p = 0.002)");
	assert_true(lt_compare_holds(r, LT_COMPARE_CHECK_BETTER));
	assert_true(lt_compare_holds(r, LT_COMPARE_CHECK_DIFFERENT));
	assert_false(lt_compare_holds(r, LT_COMPARE_CHECK_WORSE));
	lt_compare_free(r);
}

/* A against B: the same test the other way round is worse, by the same
 * amount. */
static void
test_worse_the_other_way(void **state)
{
	struct lt_compare *r;
	const struct lt_compare_group *g;

	(void)state;
	r = two(B, NELEM(B), A, NELEM(A), LT_STATS_MAX, 95, 1000, 3);
	g = &r->groups[1];
	assert_near(g->diff, -0.034, 1e-13);
	assert_near(g->p_welch, 0.0017565814168234016, 1e-10);
	assert_near(g->u, 0, 0);
	assert_near(g->poi, 0, 0);
	assert_int_equal(g->verdict, LT_COMPARE_WORSE);
	verdict_is(r, 1,
	    "worse than baseline by 0.034 ± 0.016 (95 %, Welch p = 0.002)");
	assert_true(lt_compare_holds(r, LT_COMPARE_CHECK_WORSE));
	assert_true(lt_compare_holds(r, LT_COMPARE_CHECK_DIFFERENT));
	assert_false(lt_compare_holds(r, LT_COMPARE_CHECK_BETTER));
	lt_compare_free(r);
}

/*
 * Ties within and across the groups (1 2 2 3 3 3 against 2 3 3 4 4), at
 * 90 % with 2000 resamples and seed 7: the script's "ties" case.  By
 * hand, U: a 2 is above one baseline value and ties two (2), each 3 is
 * above three and ties three (4.5), each 4 above all six: 2 + 9 + 12 = 23
 * of 30 pairs, P = 23/30.
 */
static void
test_ties_against_reference(void **state)
{
	const double x0[] = { 1, 2, 2, 3, 3, 3 }, x1[] = { 2, 3, 3, 4, 4 };
	struct lt_compare *r;
	const struct lt_compare_group *a, *b;

	(void)state;
	r = two(x0, NELEM(x0), x1, NELEM(x1), LT_STATS_MAX, 90, 2000, 7);
	a = &r->groups[0];
	b = &r->groups[1];
	assert_near(a->median, 2.5, 0);
	assert_near(a->iqm, 2.5, 1e-15);
	assert_near(a->mean_lo, 1.8333333333333333, 1e-13);
	assert_near(a->mean_hi, 2.8333333333333335, 1e-13);
	assert_near(a->iqm_lo, 1.75, 1e-13);
	assert_near(a->iqm_hi, 3, 1e-13);
	assert_near(b->iqm, 3.3333333333333335, 1e-14);
	assert_near(b->mean_lo, 2.6, 1e-13);
	assert_near(b->mean_hi, 3.8, 1e-13);
	assert_near(b->iqm_lo, 2.6666666666666665, 1e-13);
	assert_near(b->iqm_hi, 4, 1e-13);
	assert_near(b->diff_lo, -0.057369932262297474, 1e-11);
	assert_near(b->diff_hi, 1.790703265595631, 1e-12);
	assert_near(b->t, 1.7294942736181225, 1e-12);
	assert_near(b->df, 8.5568771988607768, 1e-12);
	assert_near(b->p_welch, 0.11951944982198062, 1e-10);
	assert_near(b->u, 23, 0);
	assert_near(b->p_mwu, 0.14582541398394822, 1e-12);
	assert_near(b->poi, 23.0 / 30.0, 1e-15);
	assert_near(b->poi_lo, 0.53333333333333333, 1e-13);
	assert_near(b->poi_hi, 0.95000000000000007, 1e-13);
	assert_int_equal(b->verdict, LT_COMPARE_SAME);
	verdict_is(r, 1, "no difference proven at 90 % (Welch p = 0.120)");
	assert_false(lt_compare_holds(r, LT_COMPARE_CHECK_DIFFERENT));
	lt_compare_free(r);
}

/*
 * Two values a group: Welch has 1.38 degrees of freedom; a resample of
 * two values has the mean of either or of both, so the 95 % interval of
 * the mean is the two values themselves, and the probability of
 * improvement runs over all of [0, 1].
 */
static void
test_two_values(void **state)
{
	const double x0[] = { 0.70, 0.74 }, x1[] = { 0.71, 0.80 };
	struct lt_compare *r;
	const struct lt_compare_group *a, *b;

	(void)state;
	r = two(x0, 2, x1, 2, LT_STATS_MAX, 95, 10000, 1);
	a = &r->groups[0];
	b = &r->groups[1];
	assert_near(a->sd, 0.028284271247461926, 1e-14);
	assert_near(a->iqm, 0.72, 1e-15);
	assert_near(a->mean_lo, 0.70, 0);
	assert_near(a->mean_hi, 0.74, 0);
	assert_near(b->mean_lo, 0.71, 0);
	assert_near(b->mean_hi, 0.80, 0);
	assert_near(b->diff_lo, -0.30011601626219264, 1e-11);
	assert_near(b->diff_hi, 0.3701160162621927, 1e-11);
	assert_near(b->t, 0.71074231559353329, 1e-12);
	assert_near(b->df, 1.3802259058236757, 1e-12);
	assert_near(b->p_welch, 0.5779427224064988, 1e-10);
	assert_near(b->u, 3, 0);
	assert_near(b->p_mwu, 0.69853535830333868, 1e-12);
	assert_near(b->poi, 0.75, 0);
	assert_near(b->poi_lo, 0, 0);
	assert_near(b->poi_hi, 1, 0);
	assert_int_equal(b->verdict, LT_COMPARE_SAME);
	lt_compare_free(r);
}

/*
 * A group against itself: no difference at all (t 0, both p 1, P = 1/2),
 * an interval centred on 0 with df = 2 (n - 1) = 8, and the same
 * bootstrap intervals as the baseline's although drawn from another
 * stream (the script's "identical" case).
 */
static void
test_identical_groups(void **state)
{
	struct lt_compare *r;
	const struct lt_compare_group *b;

	(void)state;
	r = two(A, NELEM(A), A, NELEM(A), LT_STATS_MAX, 95, 10000, 1);
	b = &r->groups[1];
	assert_near(b->diff, 0, 0);
	assert_near(b->t, 0, 0);
	assert_near(b->df, 8, 1e-14);
	assert_near(b->diff_hi, 0.018773763025675953, 1e-12);
	assert_near(b->diff_lo, -b->diff_hi, 0);
	assert_near(b->p_welch, 1, 0);
	assert_near(b->u, 12.5, 0);
	assert_near(b->p_mwu, 1, 0);
	assert_near(b->poi, 0.5, 0);
	assert_near(b->poi_lo, 0.16, 1e-13);
	assert_near(b->poi_hi, 0.85999999999999999, 1e-13);
	assert_near(b->mean_lo, 0.7036, 1e-13);
	assert_near(b->iqm_hi, 0.72733333333333328, 1e-13);
	assert_int_equal(b->verdict, LT_COMPARE_SAME);
	verdict_is(r, 1, "no difference proven at 95 % (Welch p = 1.000)");
	lt_compare_free(r);
}

/*
 * No spread in either group: the difference is exact.  0.6 0.6 against
 * 0.5 0.5 0.5 is better with p 0 and an interval of the difference
 * alone; 0.5 0.5 against 0.5 0.5 0.5 is the same with p 1, every value
 * tied (Mann-Whitney's sigma is 0: p 1), and degenerate bootstrap
 * intervals.
 */
static void
test_no_spread(void **state)
{
	const double x0[] = { 0.5, 0.5, 0.5 }, hi[] = { 0.6, 0.6 };
	const double same[] = { 0.5, 0.5 };
	struct lt_compare *r;
	const struct lt_compare_group *b;

	(void)state;
	r = two(x0, 3, hi, 2, LT_STATS_MAX, 95, 100, 1);
	b = &r->groups[1];
	assert_near(b->sd, 0, 0);
	assert_near(b->diff, 0.6 - 0.5, 0);
	assert_near(b->diff_lo, b->diff, 0);
	assert_near(b->diff_hi, b->diff, 0);
	assert_true(isnan(b->t) && isnan(b->df));
	assert_near(b->p_welch, 0, 0);
	assert_near(b->poi, 1, 0);
	assert_near(b->mean_lo, 0.6, 0);
	assert_near(b->mean_hi, 0.6, 0);
	assert_int_equal(b->verdict, LT_COMPARE_BETTER);
	verdict_is(r, 1,
	    "better than baseline by 0.1 ± 0 (95 %, Welch p < 0.001)");
	lt_compare_free(r);

	r = two(x0, 3, same, 2, LT_STATS_MAX, 95, 100, 1);
	b = &r->groups[1];
	assert_near(b->diff, 0, 0);
	assert_near(b->p_welch, 1, 0);
	assert_near(b->p_mwu, 1, 0);
	assert_near(b->poi, 0.5, 0);
	assert_near(b->poi_lo, 0.5, 0);
	assert_near(b->poi_hi, 0.5, 0);
	assert_int_equal(b->verdict, LT_COMPARE_SAME);
	lt_compare_free(r);
}

/*
 * One value in a group: no sd, no interval, no Welch test (NaN, never a
 * number), a verdict that says so and a check that does not hold; the
 * rank test and the probability of improvement need no spread.  The
 * script's "one value" case: U = 5 (0.75 beats all of A), p 0.2416.
 */
static void
test_one_value(void **state)
{
	const double one[] = { 0.75 };
	struct lt_compare *r;
	const struct lt_compare_group *b;

	(void)state;
	r = two(A, NELEM(A), one, 1, LT_STATS_MAX, 95, 1000, 1);
	b = &r->groups[1];
	assert_int_equal(b->n, 1);
	assert_near(b->mean, 0.75, 0);
	assert_near(b->median, 0.75, 0);
	assert_near(b->iqm, 0.75, 0);
	assert_true(isnan(b->sd));
	assert_true(isnan(b->mean_lo) && isnan(b->mean_hi));
	assert_true(isnan(b->iqm_lo) && isnan(b->iqm_hi));
	assert_true(isnan(b->diff) && isnan(b->diff_lo) && isnan(b->diff_hi));
	assert_true(isnan(b->t) && isnan(b->df) && isnan(b->p_welch));
	assert_near(b->u, 5, 0);
	assert_near(b->p_mwu, 0.24156658696897293, 1e-12);
	assert_near(b->poi, 1, 0);
	assert_true(isnan(b->poi_lo) && isnan(b->poi_hi));
	assert_int_equal(b->verdict, LT_COMPARE_UNTESTED);
	assert_string_equal(lt_compare_verdict_name(b->verdict), "untested");
	verdict_is(r, 1,
	    "not tested: Welch's test needs two values in each group");
	assert_false(lt_compare_holds(r, LT_COMPARE_CHECK_DIFFERENT));
	assert_false(lt_compare_holds(r, LT_COMPARE_CHECK_BETTER));
	/* The baseline alone of one value: the other group keeps its own
	 * interval, the probability of improvement has none. */
	lt_compare_free(r);
	r = two(one, 1, A, NELEM(A), LT_STATS_MAX, 95, 1000, 1);
	assert_true(isnan(r->groups[0].sd));
	assert_false(isnan(r->groups[1].mean_lo));
	assert_true(isnan(r->groups[1].poi_lo));
	assert_int_equal(r->groups[1].verdict, LT_COMPARE_UNTESTED);
	lt_compare_free(r);
}

/*
 * Lower is better: the losses 1 - A and 1 - B under LT_STATS_MIN give
 * the verdicts, p-values and probabilities of the accuracies under
 * LT_STATS_MAX, and the script's "hand min 1-x" numbers (its bootstrap
 * draws into the values sorted from worst to best, descending here).
 */
static void
test_min_mirrors_max(void **state)
{
	double la[NELEM(A)], lb[NELEM(B)];
	struct lt_compare *r, *m;
	const struct lt_compare_group *a, *b;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(A); i++)
		la[i] = 1 - A[i];
	for (i = 0; i < NELEM(B); i++)
		lb[i] = 1 - B[i];
	r = two(la, NELEM(la), lb, NELEM(lb), LT_STATS_MIN, 95, 10000, 1);
	m = two(A, NELEM(A), B, NELEM(B), LT_STATS_MAX, 95, 10000, 1);
	a = &r->groups[0];
	b = &r->groups[1];
	assert_near(a->mean_lo, 0.27660000000000001, 1e-13);
	assert_near(a->mean_hi, 0.29640000000000005, 1e-13);
	assert_near(a->iqm_lo, 0.27266666666666667, 1e-13);
	assert_near(a->iqm_hi, 0.29966666666666669, 1e-13);
	assert_near(b->mean, 0.25279999999999997, 1e-14);
	assert_near(b->iqm, 0.254, 1e-14);
	assert_near(b->mean_lo, 0.246, 1e-13);
	assert_near(b->mean_hi, 0.25940000000000002, 1e-13);
	assert_near(b->iqm_lo, 0.24266666666666667, 1e-13);
	assert_near(b->iqm_hi, 0.26100000000000001, 1e-13);
	assert_near(b->diff, -0.034, 1e-12);
	assert_near(b->diff_lo, -0.050484877821601687, 1e-12);
	assert_near(b->diff_hi, -0.017515122178398485, 1e-12);
	assert_near(b->t, -4.8631013253703044, 1e-12);
	assert_near(b->u, 0, 0);
	assert_near(b->p_mwu, 0.012185780355344813, 1e-12);

	assert_int_equal(b->verdict, LT_COMPARE_BETTER);
	assert_int_equal(b->verdict, m->groups[1].verdict);
	assert_near(b->p_welch, m->groups[1].p_welch, 1e-12);
	assert_near(b->df, m->groups[1].df, 1e-12);
	assert_near(b->p_mwu, m->groups[1].p_mwu, 0);
	assert_near(b->poi, m->groups[1].poi, 0);
	assert_near(b->poi_lo, m->groups[1].poi_lo, 0);
	assert_near(b->poi_hi, m->groups[1].poi_hi, 0);
	verdict_is(r, 1,
	    "better than baseline by 0.034 ± 0.016 (95 %, Welch p = 0.002)");
	lt_compare_free(r);
	lt_compare_free(m);
}

/* Every number of g under MIN on -x is the one under MAX on x, negated
 * where it is a location, to the bit. */
static void
mirrored(const struct lt_compare_group *mx, const struct lt_compare_group *mn,
    size_t n0)
{
#define SAME_BITS(a, b) \
	assert_true(memcmp(&(a), &(b), sizeof(double)) == 0 || \
	    (isnan(a) && isnan(b)) || ((a) == 0 && (b) == 0))
	double v;

	v = -mn->mean;
	SAME_BITS(mx->mean, v);
	v = -mn->median;
	SAME_BITS(mx->median, v);
	v = -mn->iqm;
	SAME_BITS(mx->iqm, v);
	v = -mn->max;
	SAME_BITS(mx->min, v);
	v = -mn->mean_hi;
	SAME_BITS(mx->mean_lo, v);
	v = -mn->iqm_lo;
	SAME_BITS(mx->iqm_hi, v);
	v = -mn->diff;
	SAME_BITS(mx->diff, v);
	v = -mn->diff_hi;
	SAME_BITS(mx->diff_lo, v);
	v = -mn->t;
	SAME_BITS(mx->t, v);
	v = (double)mx->n * (double)n0 - mn->u;
	SAME_BITS(mx->u, v);
	SAME_BITS(mx->sd, mn->sd);
	SAME_BITS(mx->df, mn->df);
	SAME_BITS(mx->p_welch, mn->p_welch);
	SAME_BITS(mx->p_mwu, mn->p_mwu);
	SAME_BITS(mx->poi, mn->poi);
	SAME_BITS(mx->poi_lo, mn->poi_lo);
	SAME_BITS(mx->poi_hi, mn->poi_hi);
	assert_int_equal(mx->verdict, mn->verdict);
#undef SAME_BITS
}

/* x under MAX and -x under MIN, bootstrap included, on three groups with
 * ties and a group of one. */
static void
test_min_is_exact_mirror(void **state)
{
	const double x0[] = { 0.3, 0.5, 0.5, 0.8, 0.1, 0.45, 0.6 };
	const double x1[] = { 0.6, 0.7, 0.5, 0.9, 0.65 }, x2[] = { 0.4 };
	double n0[NELEM(x0)], n1[NELEM(x1)], n2[NELEM(x2)];
	struct lt_compare_input in[3] = {
		{ "a", x0, NELEM(x0) }, { "b", x1, NELEM(x1) },
		{ "c", x2, NELEM(x2) }
	}, neg[3] = {
		{ "a", n0, NELEM(x0) }, { "b", n1, NELEM(x1) },
		{ "c", n2, NELEM(x2) }
	};
	struct lt_compare_opts o;
	struct lt_compare *mx, *mn;
	struct lt_error err;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(x0); i++)
		n0[i] = -x0[i];
	for (i = 0; i < NELEM(x1); i++)
		n1[i] = -x1[i];
	n2[0] = -x2[0];
	lt_compare_opts_init(&o);
	o.resamples = 3000;
	o.level = 80;
	mx = lt_compare_new(in, 3, &o, &err);
	o.mode = LT_STATS_MIN;
	mn = lt_compare_new(neg, 3, &o, &err);
	assert_non_null(mx);
	assert_non_null(mn);
	for (i = 0; i < 3; i++)
		mirrored(&mx->groups[i], &mn->groups[i], NELEM(x0));
	assert_int_equal(mx->groups[1].verdict, LT_COMPARE_BETTER);
	lt_compare_free(mx);
	lt_compare_free(mn);
}

/*
 * The bootstrap by its properties, on a larger sample: the same seed
 * gives the same intervals, another seed other ones; each interval holds
 * its point estimate and widens with the level; with 40 values from a
 * smooth distribution the percentile interval of the mean is close to
 * Student's (within 15 %); resamples 0 gives none.
 */
static void
test_bootstrap_properties(void **state)
{
	double x0[40], x1[40], w95, w99, wt;
	struct lt_compare *r1, *r2, *r3, *r4, *r0;
	const struct lt_compare_group *g;
	size_t i;

	(void)state;
	for (i = 0; i < 40; i++) {
		/* Evenly spread quantiles of a rising curve: no ties. */
		x0[i] = 0.6 + 0.1 * sin((double)i * 0.7) + 0.001 * (double)i;
		x1[i] = 0.62 + 0.1 * cos((double)i * 1.3);
	}
	r1 = two(x0, 40, x1, 40, LT_STATS_MAX, 95, 4000, 11);
	r2 = two(x0, 40, x1, 40, LT_STATS_MAX, 95, 4000, 11);
	r3 = two(x0, 40, x1, 40, LT_STATS_MAX, 95, 4000, 12);
	r4 = two(x0, 40, x1, 40, LT_STATS_MAX, 99, 4000, 11);
	r0 = two(x0, 40, x1, 40, LT_STATS_MAX, 95, 0, 11);
	for (i = 0; i < 2; i++) {
		g = &r1->groups[i];
		assert_true(g->mean_lo == r2->groups[i].mean_lo &&
		    g->mean_hi == r2->groups[i].mean_hi &&
		    g->iqm_lo == r2->groups[i].iqm_lo &&
		    g->iqm_hi == r2->groups[i].iqm_hi);
		assert_true(g->mean_lo != r3->groups[i].mean_lo ||
		    g->mean_hi != r3->groups[i].mean_hi);
		assert_true(g->mean_lo < g->mean && g->mean < g->mean_hi);
		assert_true(g->iqm_lo < g->iqm && g->iqm < g->iqm_hi);
		w95 = g->mean_hi - g->mean_lo;
		w99 = r4->groups[i].mean_hi - r4->groups[i].mean_lo;
		assert_true(w99 > w95);
		/* Student: 2 t(0.975, 39) sd / sqrt(40), t = 2.0226909200. */
		wt = 2 * 2.0226909200367613 * g->sd / sqrt(40.0);
		assert_true(fabs(w95 - wt) < 0.15 * wt);
		assert_true(isnan(r0->groups[i].mean_lo));
		assert_true(isnan(r0->groups[i].iqm_hi));
		assert_true(r0->groups[i].mean == g->mean);
	}
	g = &r1->groups[1];
	assert_true(g->poi_lo <= g->poi && g->poi <= g->poi_hi);
	assert_true(g->poi_lo == r2->groups[1].poi_lo);
	assert_true(isnan(r0->groups[1].poi_lo));
	assert_true(r0->groups[1].poi == g->poi);
	lt_compare_free(r1);
	lt_compare_free(r2);
	lt_compare_free(r3);
	lt_compare_free(r4);
	lt_compare_free(r0);
}

/* --check over three groups: it holds only when every group but the
 * baseline has the verdict asked. */
static void
test_check_every_group(void **state)
{
	const double lo[] = { 0.60, 0.61, 0.59, 0.605 };
	struct lt_compare_input in[3] = {
		{ "a", A, NELEM(A) }, { "b", B, NELEM(B) },
		{ "c", lo, NELEM(lo) }
	};
	struct lt_compare_opts o;
	struct lt_compare *r;
	struct lt_error err;

	(void)state;
	lt_compare_opts_init(&o);
	o.resamples = 200;
	r = lt_compare_new(in, 3, &o, &err);
	assert_non_null(r);
	assert_int_equal(r->groups[1].verdict, LT_COMPARE_BETTER);
	assert_int_equal(r->groups[2].verdict, LT_COMPARE_WORSE);
	assert_false(lt_compare_holds(r, LT_COMPARE_CHECK_BETTER));
	assert_false(lt_compare_holds(r, LT_COMPARE_CHECK_WORSE));
	assert_true(lt_compare_holds(r, LT_COMPARE_CHECK_DIFFERENT));
	lt_compare_free(r);

	/* One group is only described, and no check holds of it. */
	r = lt_compare_new(in, 1, &o, &err);
	assert_non_null(r);
	assert_int_equal(r->ngroups, 1);
	assert_false(lt_compare_holds(r, LT_COMPARE_CHECK_DIFFERENT));
	lt_compare_free(r);
}

static void
refused(const struct lt_compare_input *in, size_t n,
    const struct lt_compare_opts *o, const char *want)
{
	struct lt_error err;

	lt_error_clear(&err);
	assert_null(lt_compare_new(in, n, o, &err));
	assert_string_equal(err.msg, want);
}

static void
test_bad_input(void **state)
{
	const double bad[] = { 0.5, NAN };
	struct lt_compare_input in[2] = {
		{ "a", A, NELEM(A) }, { "b", B, NELEM(B) }
	};
	struct lt_compare_opts o;

	(void)state;
	lt_compare_opts_init(&o);
	refused(in, 0, &o, "no group to compare");
	in[1].n = 0;
	refused(in, 2, &o, "group 2 \"b\" has no value");
	in[1].x = bad;
	in[1].n = 2;
	refused(in, 2, &o, "group 2 \"b\": value 2 is nan, not a finite "
	    "number");
	in[1].x = B;
	in[1].n = NELEM(B);
	o.level = 100;
	refused(in, 2, &o, "confidence 100 is not a percentage in (0, 100)");
	o.level = 0;
	refused(in, 2, &o, "confidence 0 is not a percentage in (0, 100)");
	o.level = NAN;
	refused(in, 2, &o, "confidence nan is not a percentage in (0, 100)");
	o.level = 95;
	o.resamples = LT_COMPARE_MAX_RESAMPLES + 1;
	refused(in, 2, &o,
	    "10000001 bootstrap resamples are more than 10000000");
	o.resamples = 10;
	o.seed = 0x100000000UL;
	refused(in, 2, &o, "seed 4294967296 is not in [0, 4294967295]");
}

static void
test_parse_names(void **state)
{
	enum lt_compare_check c;
	enum lt_compare_summary s;
	struct lt_error err;

	(void)state;
	assert_int_equal(lt_compare_check_parse("better", &c, &err), 0);
	assert_int_equal(c, LT_COMPARE_CHECK_BETTER);
	assert_int_equal(lt_compare_check_parse("worse", &c, &err), 0);
	assert_int_equal(c, LT_COMPARE_CHECK_WORSE);
	assert_int_equal(lt_compare_check_parse("different", &c, &err), 0);
	assert_int_equal(c, LT_COMPARE_CHECK_DIFFERENT);
	assert_int_equal(lt_compare_check_parse("Better", &c, &err), -1);
	assert_string_equal(err.msg,
	    "check \"Better\" is not better, worse or different");
	assert_int_equal(lt_compare_summary_parse("best", &s, &err), 0);
	assert_int_equal(s, LT_COMPARE_SUMMARY_BEST);
	assert_string_equal(lt_compare_summary_name(s), "best");
	assert_int_equal(lt_compare_summary_parse("mean", &s, &err), 0);
	assert_int_equal(lt_compare_summary_parse("last", &s, &err), 0);
	assert_int_equal(s, LT_COMPARE_SUMMARY_LAST);
	assert_int_equal(lt_compare_summary_parse("max", &s, &err), -1);
	assert_string_equal(err.msg,
	    "summary \"max\" is not last, best or mean");
	assert_string_equal(lt_compare_verdict_name(LT_COMPARE_SAME),
	    "no difference");
	assert_string_equal(lt_compare_verdict_name(LT_COMPARE_BETTER),
	    "better");
}

/*
 * Two significant digits of the half-width: 0.0123 is written 0.012 and
 * the difference to three decimals; 1.5 to one decimal; 150 to none;
 * 3.14e11 as %g.  A level is written as given, not rounded to 100.
 */
static void
test_verdict_rounding(void **state)
{
	struct lt_compare r;
	struct lt_compare_group g[2];

	(void)state;
	memset(g, 0, sizeof(g));
	lt_compare_opts_init(&r.opts);
	r.ngroups = 2;
	r.groups = g;
	g[1].verdict = LT_COMPARE_BETTER;
	g[1].p_welch = 0.0004;
	g[1].diff = 0.03149;
	g[1].diff_lo = 0.03149 - 0.0123;
	g[1].diff_hi = 0.03149 + 0.0123;
	verdict_is(&r, 1,
	    "better than baseline by 0.031 ± 0.012 (95 %, Welch p < 0.001)");
	g[1].verdict = LT_COMPARE_WORSE;
	g[1].p_welch = 0.0312;
	g[1].diff = -12.34;
	g[1].diff_lo = -12.34 - 1.5;
	g[1].diff_hi = -12.34 + 1.5;
	r.opts.level = 99.5;
	verdict_is(&r, 1,
	    "worse than baseline by 12.3 ± 1.5 (99.5 %, Welch p = 0.031)");
	g[1].diff = 1234;
	g[1].diff_lo = 1234 - 150;
	g[1].diff_hi = 1234 + 150;
	verdict_is(&r, 1,
	    "worse than baseline by 1234 ± 150 (99.5 %, Welch p = 0.031)");
	g[1].diff = 2.5e12;
	g[1].diff_lo = 2.5e12 - 3.14e11;
	g[1].diff_hi = 2.5e12 + 3.14e11;
	r.opts.level = 99.99999;
	verdict_is(&r, 1, "worse than baseline by 2.5e+12 ± 3.1e+11 "
	    "(99.99999 %, Welch p = 0.031)");
	g[1].verdict = LT_COMPARE_SAME;
	g[1].p_welch = 0.5;
	verdict_is(&r, 1,
	    "no difference proven at 99.99999 % (Welch p = 0.500)");
}

/*
 * A run's summaries: the scores 0.1 0.5 0.2 0.9 0.4 with the last three
 * kept are 0.2 0.9 0.4 (mean 0.5); best 0.9 (max) or 0.1 (min); the mean
 * of all 2.1 / 5 = 0.42.  A run shorter than N gives what it has.
 */
static void
test_run_summary(void **state)
{
	const double v[] = { 0.1, 0.5, 0.2, 0.9, 0.4 };
	struct lt_compare_run r, m;
	struct lt_error err;
	double out[3], s = 0;
	size_t i;

	(void)state;
	assert_int_equal(lt_compare_run_init(&r, LT_STATS_MAX, 3, &err), 0);
	assert_int_equal(lt_compare_run_init(&m, LT_STATS_MIN, 3, &err), 0);
	assert_int_equal(lt_compare_run_summary(&r, LT_COMPARE_SUMMARY_LAST,
	    &s, &err), -1);
	assert_string_equal(err.msg, "the run has no score");
	for (i = 0; i < 2; i++) {
		assert_int_equal(lt_compare_run_push(&r, v[i], &err), 0);
		assert_int_equal(lt_compare_run_push(&m, v[i], &err), 0);
	}
	assert_int_equal(lt_compare_run_summary(&r, LT_COMPARE_SUMMARY_LAST,
	    &s, &err), 0);
	assert_near(s, 0.3, 1e-15);
	for (; i < NELEM(v); i++) {
		assert_int_equal(lt_compare_run_push(&r, v[i], &err), 0);
		assert_int_equal(lt_compare_run_push(&m, v[i], &err), 0);
	}
	assert_int_equal(lt_compare_run_push(&r, NAN, &err), -1);
	assert_string_equal(err.msg, "score nan is not a finite number");
	assert_int_equal(lt_compare_run_summary(&r, LT_COMPARE_SUMMARY_LAST,
	    &s, &err), 0);
	assert_near(s, 0.5, 1e-15);
	assert_int_equal(lt_compare_run_summary(&r, LT_COMPARE_SUMMARY_BEST,
	    &s, &err), 0);
	assert_near(s, 0.9, 0);
	assert_int_equal(lt_compare_run_summary(&m, LT_COMPARE_SUMMARY_BEST,
	    &s, &err), 0);
	assert_near(s, 0.1, 0);
	assert_int_equal(lt_compare_run_summary(&r, LT_COMPARE_SUMMARY_MEAN,
	    &s, &err), 0);
	assert_near(s, 0.42, 1e-15);
	assert_int_equal(lt_compare_run_scores(&r, out), 3);
	assert_true(out[0] == 0.2 && out[1] == 0.9 && out[2] == 0.4);
	lt_compare_run_release(&r);
	lt_compare_run_release(&r);
	lt_compare_run_release(&m);
	assert_int_equal(lt_compare_run_init(&r, LT_STATS_MAX, 0, &err), -1);
	assert_string_equal(err.msg, "the last 0 scores summarise nothing");
	lt_compare_run_release(&r);
}

/*
 * Three runs, points out of order and interleaved, a repeat ignored:
 *   step 0:  0.1 0.2 0.15 -> mean 0.15, sd 0.05
 *   step 10: 0.4 0.5 0.3  -> mean 0.4,  sd 0.1 (run 2's 0.99 is a repeat)
 *   step 20: 0.6 0.9 0.75 -> mean 0.75, sd 0.15
 *   step 30: 0.95 (run 1 only)
 * The 95 % interval with two degrees of freedom has a closed form:
 * t(0.975, 2) = (2p - 1) / sqrt(2 p (1 - p)) at p = 0.975, that is
 * 0.95 / sqrt(0.04875); half-width t sd / sqrt(3).
 */
static void
test_curve_three_runs(void **state)
{
	static const struct {
		size_t run;
		int64_t step;
		double y;
	} pts[] = {
		{ 1, 30, 0.95 }, { 2, 20, 0.75 }, { 0, 0, 0.1 }, { 1, 0, 0.2 },
		{ 2, 10, 0.3 }, { 0, 10, 0.4 }, { 1, 10, 0.5 }, { 0, 20, 0.6 },
		{ 2, 0, 0.15 }, { 1, 20, 0.9 }, { 2, 10, 0.99 }
	};
	const double mean[] = { 0.15, 0.4, 0.75 }, sd[] = { 0.05, 0.1, 0.15 };
	double t = 0.95 / sqrt(0.04875), hw;
	struct lt_compare_curve *c;
	struct lt_compare_point *p;
	struct lt_error err;
	size_t i, n;

	(void)state;
	c = lt_compare_curve_new(3, &err);
	assert_non_null(c);
	for (i = 0; i < NELEM(pts); i++)
		assert_int_equal(lt_compare_curve_add(c, pts[i].run,
		    pts[i].step, pts[i].y, &err), 0);
	assert_int_equal(lt_compare_curve_ignored(c), 1);

	assert_int_equal(lt_compare_curve_points(c, 95, 3, &p, &n, &err), 0);
	assert_int_equal(n, 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(p[i].step, (int64_t)(10 * i));
		assert_int_equal(p[i].n, 3);
		assert_near(p[i].mean, mean[i], 1e-15);
		assert_near(p[i].sd, sd[i], 1e-14);
		hw = t * sd[i] / sqrt(3.0);
		assert_near(p[i].lo, mean[i] - hw, 1e-13);
		assert_near(p[i].hi, mean[i] + hw, 1e-13);
	}
	free(p);

	assert_int_equal(lt_compare_curve_points(c, 95, 1, &p, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_int_equal(p[3].step, 30);
	assert_int_equal(p[3].n, 1);
	assert_near(p[3].mean, 0.95, 0);
	assert_true(isnan(p[3].sd) && isnan(p[3].lo) && isnan(p[3].hi));
	free(p);

	assert_int_equal(lt_compare_curve_add(c, 3, 0, 0.5, &err), -1);
	assert_string_equal(err.msg, "run 3 is not one of the 3 runs");
	assert_int_equal(lt_compare_curve_add(c, 0, 40, INFINITY, &err), -1);
	assert_string_equal(err.msg,
	    "score inf at step 40 is not a finite number");
	assert_int_equal(lt_compare_curve_points(c, 100, 1, &p, &n, &err),
	    -1);
	assert_null(p);
	assert_int_equal(lt_compare_curve_points(c, 95, 0, &p, &n, &err), -1);
	assert_string_equal(err.msg, "0 runs at a step is not in [1, 3]");
	assert_int_equal(lt_compare_curve_points(c, 95, 4, &p, &n, &err), -1);
	lt_compare_curve_free(c);
	assert_null(lt_compare_curve_new(0, &err));
	assert_string_equal(err.msg, "a curve across runs needs a run");
}

/*
 * 70 runs (two words of run bits) over 5000 steps, the first run fed in
 * reverse and steps far apart and negative, so the table grows many times: at
 * step s = 1000 (k - 2500) run r scores k / 5000 + r / 1000, whose mean
 * over 70 runs is k / 5000 + 69 / 2000 and sd that of 0..69 over 1000:
 * sqrt(70 * 71 / 12) / 1000 (the sd of 0..n-1 is sqrt(n (n + 1) / 12)).
 */
static void
test_curve_many_steps(void **state)
{
	struct lt_compare_curve *c;
	struct lt_compare_point *p;
	struct lt_error err;
	size_t r, k, n, kk;

	(void)state;
	c = lt_compare_curve_new(70, &err);
	for (r = 0; r < 70; r++)
		for (k = 0; k < 5000; k++) {
			kk = r == 0 ? 4999 - k : k;
			assert_int_equal(lt_compare_curve_add(c, r,
			    1000 * ((int64_t)kk - 2500), (double)kk / 5000 +
			    (double)r / 1000, &err), 0);
		}
	/* Run 69 repeats a step: ignored. */
	assert_int_equal(lt_compare_curve_add(c, 69, 0, 5, &err), 0);
	assert_int_equal(lt_compare_curve_ignored(c), 1);
	assert_int_equal(lt_compare_curve_points(c, 90, 70, &p, &n, &err), 0);
	assert_int_equal(n, 5000);
	for (k = 0; k < 5000; k += 499) {
		assert_int_equal(p[k].step, 1000 * ((int64_t)k - 2500));
		assert_int_equal(p[k].n, 70);
		assert_near(p[k].mean, (double)k / 5000 + 69.0 / 2000, 1e-12);
		assert_near(p[k].sd, sqrt(70.0 * 71.0 / 12.0) / 1000, 1e-9);
	}
	free(p);
	lt_compare_curve_free(c);
	lt_compare_curve_free(NULL);
	lt_compare_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_describe_by_hand),
		cmocka_unit_test(test_iqm_trimmed),
		cmocka_unit_test(test_hand_against_reference),
		cmocka_unit_test(test_worse_the_other_way),
		cmocka_unit_test(test_ties_against_reference),
		cmocka_unit_test(test_two_values),
		cmocka_unit_test(test_identical_groups),
		cmocka_unit_test(test_no_spread),
		cmocka_unit_test(test_one_value),
		cmocka_unit_test(test_min_mirrors_max),
		cmocka_unit_test(test_min_is_exact_mirror),
		cmocka_unit_test(test_bootstrap_properties),
		cmocka_unit_test(test_check_every_group),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_parse_names),
		cmocka_unit_test(test_verdict_rounding),
		cmocka_unit_test(test_run_summary),
		cmocka_unit_test(test_curve_three_runs),
		cmocka_unit_test(test_curve_many_steps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
