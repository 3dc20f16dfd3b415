/*
 * compare.c - groups of runs against a baseline: descriptions, Welch's
 * and Mann-Whitney's tests, stratified bootstrap intervals, verdicts;
 * run summaries and curves across seeds.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "buf.h"
#include "compare.h"
#include "ring.h"

/* The most values a group may hold, so that the exact pair counts of
 * twice_u (at most 2 n n0) fit in 64 bits. */
#define MAX_GROUP	((size_t)INT32_MAX)

void
lt_compare_opts_init(struct lt_compare_opts *o)
{
	o->mode = LT_STATS_MAX;
	o->unit = LT_COMPARE_RUNS;
	o->level = LT_COMPARE_LEVEL;
	o->resamples = LT_COMPARE_RESAMPLES;
	o->seed = LT_COMPARE_SEED;
}

/* The level as a fraction alpha = 1 - level / 100, after checking it. */
static int
check_level(double level, double *alpha, struct lt_error *err)
{
	*alpha = 1 - level / 100;
	if (!(level > 0 && level < 100))
		return lt_error_set(err,
		    "confidence %g is not a percentage in (0, 100)", level);
	return 0;
}

static int
check_opts(const struct lt_compare_opts *o, struct lt_error *err)
{
	double alpha;

	if (o->mode != LT_STATS_MAX && o->mode != LT_STATS_MIN)
		return lt_error_set(err, "direction %d is not max or min",
		    (int)o->mode);
	if (check_level(o->level, &alpha, err) == -1)
		return -1;
	if (o->resamples > LT_COMPARE_MAX_RESAMPLES)
		return lt_error_set(err,
		    "%zu bootstrap resamples are more than %d", o->resamples,
		    LT_COMPARE_MAX_RESAMPLES);
	if (o->seed > 0xffffffffUL)
		return lt_error_set(err,
		    "seed %lu is not in [0, 4294967295]", o->seed);
	return 0;
}

static int
check_input(const struct lt_compare_input *in, size_t ngroups,
    struct lt_error *err)
{
	size_t g, i;

	if (ngroups == 0)
		return lt_error_set(err, "no group to compare");
	for (g = 0; g < ngroups; g++) {
		const char *name = in[g].name ? in[g].name : "";

		if (in[g].n == 0)
			return lt_error_set(err,
			    "group %zu \"%s\" has no value", g + 1, name);
		if (in[g].n > MAX_GROUP)
			return lt_error_set(err,
			    "group %zu \"%s\" has %zu values, more than %zu",
			    g + 1, name, in[g].n, MAX_GROUP);
		for (i = 0; i < in[g].n; i++)
			if (!isfinite(in[g].x[i]))
				return lt_error_set(err,
				    "group %zu \"%s\": value %zu is %g, not a "
				    "finite number", g + 1, name, i + 1,
				    in[g].x[i]);
	}
	return 0;
}

/*
 * A group's values, negated for LT_STATS_MIN, sorted ascending: from
 * worst to best.  A resample is counts c[0..n) over them (c NULL: each
 * once), so no resample is ever sorted and the point estimates go through
 * the same code as the resamples.  Against the baseline's sorted values
 * s0, lt[i] and le[i] count those below s[i] and those not above it.
 */
struct sample {
	double		*s;
	size_t		 n;
	uint32_t	*lt;
	uint32_t	*le;
};

/*
 * The mean and the IQM of compare.h of the sample s with counts c adding
 * up to n.  Value i covers positions [a, a + c[i]) of [0, n); the IQM is
 * the mean over positions [k, n - k), k = floor(n / 4), so every weight
 * is a whole count.
 */
static void
locate(const double *s, const uint32_t *c, size_t n, double *mean,
    double *iqm)
{
	size_t lo = n / 4, hi = n - n / 4, a = 0, b, ci, w;
	double sum = 0, mid = 0;
	size_t i;

	for (i = 0; i < n; i++, a = b) {
		ci = c ? c[i] : 1;
		b = a + ci;
		sum += (double)ci * s[i];
		if (b > lo && a < hi) {
			w = (b < hi ? b : hi) - (a > lo ? a : lo);
			mid += (double)w * s[i];
		}
	}
	*mean = sum / (double)n;
	*iqm = mid / (double)(hi - lo);
}

/* Fill x->lt and x->le against the baseline's sorted s0[0..n0): one
 * merge. */
static void
rank_against(struct sample *x, const double *s0, size_t n0)
{
	size_t i, lt = 0, le = 0;

	x->lt = lt_xmalloc(x->n * sizeof(*x->lt));
	x->le = lt_xmalloc(x->n * sizeof(*x->le));
	for (i = 0; i < x->n; i++) {
		while (lt < n0 && s0[lt] < x->s[i])
			lt++;
		if (le < lt)
			le = lt;
		while (le < n0 && s0[le] <= x->s[i])
			le++;
		x->lt[i] = (uint32_t)lt;
		x->le[i] = (uint32_t)le;
	}
}

/*
 * Twice Mann-Whitney's U of x (counts c) against the baseline (counts
 * given as cum0[k], the resample's values among the baseline's first k):
 * each pair where x is larger counts 2, each tie 1, exactly.  NULL counts
 * mean each value once.
 */
static uint64_t
twice_u(const struct sample *x, const uint32_t *c, const uint64_t *cum0)
{
	uint64_t sum = 0, pairs;
	size_t i;

	for (i = 0; i < x->n; i++) {
		pairs = cum0 ? cum0[x->lt[i]] + cum0[x->le[i]] :
		    (uint64_t)x->lt[i] + x->le[i];
		sum += (c ? c[i] : 1) * pairs;
	}
	return sum;
}

/* The probability of improvement: U over the n n0 pairs. */
static double
poi_of(uint64_t u2, size_t n, size_t n0)
{
	return (double)u2 / (2 * (double)n * (double)n0);
}

/* sum(t^3 - t) over the sets of equal values in the union of sorted x
 * and y, for Mann-Whitney's tie correction. */
static double
tie_term(const double *x, size_t nx, const double *y, size_t ny)
{
	double sum = 0, t, v;
	size_t i = 0, j = 0;

	while (i < nx || j < ny) {
		v = j == ny || (i < nx && x[i] <= y[j]) ? x[i] : y[j];
		t = 0;
		for (; i < nx && x[i] == v; i++)
			t++;
		for (; j < ny && y[j] == v; j++)
			t++;
		sum += t * t * t - t;
	}
	return sum;
}

static void
describe(struct lt_compare_group *g, const struct sample *x)
{
	double mean;

	g->n = x->n;
	g->mean = gsl_stats_mean(x->s, 1, x->n);
	g->sd = x->n > 1 ? gsl_stats_sd_m(x->s, 1, x->n, g->mean) : NAN;
	g->min = x->s[0];
	g->max = x->s[x->n - 1];
	g->median = gsl_stats_median_from_sorted_data(x->s, 1, x->n);
	locate(x->s, NULL, x->n, &mean, &g->iqm);
	g->mean_lo = g->mean_hi = g->iqm_lo = g->iqm_hi = NAN;
}

/* The baseline's fields against itself: none. */
static void
baseline(struct lt_compare_group *g)
{
	g->verdict = LT_COMPARE_BASELINE;
	g->diff = g->diff_lo = g->diff_hi = NAN;
	g->t = g->df = g->p_welch = NAN;
	g->u = g->p_mwu = NAN;
	g->poi = g->poi_lo = g->poi_hi = NAN;
}

/* Welch's test of g against the baseline b, and the verdict. */
static void
welch(struct lt_compare_group *g, const struct lt_compare_group *b,
    double alpha)
{
	double v, vb, se2, se, wa, wb, hw;

	if (g->n < 2 || b->n < 2) {
		g->verdict = LT_COMPARE_UNTESTED;
		g->diff = g->diff_lo = g->diff_hi = NAN;
		g->t = g->df = g->p_welch = NAN;
		return;
	}
	g->diff = g->mean - b->mean;
	v = g->sd * g->sd / (double)g->n;
	vb = b->sd * b->sd / (double)b->n;
	se2 = v + vb;
	if (se2 == 0) {
		/* Both constant: the difference is known exactly. */
		g->t = g->df = NAN;
		g->p_welch = g->diff != 0 ? 0 : 1;
		g->diff_lo = g->diff_hi = g->diff;
	} else {
		/* Welch-Satterthwaite, with each variance as a share of their
		 * sum so that tiny variances cannot underflow when squared. */
		wa = v / se2;
		wb = vb / se2;
		g->df = 1 / (wa * wa / (double)(g->n - 1) +
		    wb * wb / (double)(b->n - 1));
		se = sqrt(se2);
		g->t = g->diff / se;
		g->p_welch = fmin(1,
		    2 * gsl_cdf_tdist_Q(fabs(g->t), g->df));
		hw = gsl_cdf_tdist_Qinv(alpha / 2, g->df) * se;
		g->diff_lo = g->diff - hw;
		g->diff_hi = g->diff + hw;
	}
	if (g->diff_lo > 0)
		g->verdict = LT_COMPARE_BETTER;
	else if (g->diff_hi < 0)
		g->verdict = LT_COMPARE_WORSE;
	else
		g->verdict = LT_COMPARE_SAME;
}

/* Mann-Whitney's U and p, and the probability of improvement, of g
 * (values x) against the baseline (values x0). */
static void
mann_whitney(struct lt_compare_group *g, const struct sample *x,
    const struct sample *x0)
{
	double nn, big, sigma2, z, all = (double)(x->n + x0->n);
	uint64_t u2;

	u2 = twice_u(x, NULL, NULL);
	nn = (double)x->n * (double)x0->n;
	g->u = (double)u2 / 2;
	g->poi = poi_of(u2, x->n, x0->n);
	g->poi_lo = g->poi_hi = NAN;

	big = fmax(g->u, nn - g->u);
	sigma2 = nn / 12 * (all + 1 - tie_term(x->s, x->n, x0->s, x0->n) /
	    (all * (all - 1)));
	if (!(sigma2 > 0)) {
		g->p_mwu = 1;	/* every value equal */
		return;
	}
	z = (big - nn / 2 - 0.5) / sqrt(sigma2);
	g->p_mwu = fmin(1, 2 * gsl_cdf_ugaussian_Q(z));
}

/* -v, but +0 for 0, so that a MIN mean of zeros is not printed "-0". */
static double
neg(double v)
{
	return 0.0 - v;
}

/* An interval of the negated values, negated back. */
static void
flip(double *lo, double *hi)
{
	double t = *lo;

	*lo = neg(*hi);
	*hi = neg(t);
}

/*
 * Map g, computed on the negated values of a LT_STATS_MIN comparison,
 * back to the values: locations and intervals change sign, U counts the
 * other pairs; spreads, p-values, the probability of improvement (already
 * in the direction) and the verdict stay.  Negation is exact and rounding
 * is symmetric, so mirrored inputs give mirrored results to the bit.
 */
static void
unorient(struct lt_compare_group *g, size_t n0)
{
	double t = g->min;

	g->min = neg(g->max);
	g->max = neg(t);
	g->mean = neg(g->mean);
	g->median = neg(g->median);
	g->iqm = neg(g->iqm);
	flip(&g->mean_lo, &g->mean_hi);
	flip(&g->iqm_lo, &g->iqm_hi);
	g->diff = neg(g->diff);
	flip(&g->diff_lo, &g->diff_hi);
	g->t = neg(g->t);
	g->u = (double)g->n * (double)n0 - g->u;
}

/*
 * The stratified bootstrap.
 */

/* One group's resampling. */
struct strat {
	const struct sample *x;
	uint32_t	*c;	/* the current resample, as counts */
	uint64_t	*cum;	/* the baseline's: cum[k] = c[0] + ... c[k-1] */
	gsl_rng		*rng;
	double		*mean;	/* the statistics of each resample */
	double		*iqm;
	double		*poi;	/* against the baseline; NULL if none */
};

static void
draw(struct strat *st)
{
	size_t n = st->x->n, i;

	memset(st->c, 0, n * sizeof(*st->c));
	for (i = 0; i < n; i++)
		st->c[gsl_rng_uniform_int(st->rng, n)]++;
	if (st->cum != NULL)
		for (i = 0; i < n; i++)
			st->cum[i + 1] = st->cum[i] + st->c[i];
}

/* The level's central interval of v[0..nv), which is sorted in place. */
static void
percentile(double *v, size_t nv, double alpha, double *lo, double *hi)
{
	gsl_sort(v, 1, nv);
	*lo = gsl_stats_quantile_from_sorted_data(v, 1, nv, alpha / 2);
	*hi = gsl_stats_quantile_from_sorted_data(v, 1, nv, 1 - alpha / 2);
}

static void
bootstrap(struct lt_compare *r, const struct sample *x, double alpha)
{
	const struct lt_compare_opts *o = &r->opts;
	size_t nb = o->resamples, ng = r->ngroups, g, b;
	struct strat *st;

	st = lt_xcalloc(ng, sizeof(*st));
	for (g = 0; g < ng; g++) {
		if (x[g].n < 2)
			continue;
		st[g].x = &x[g];
		st[g].c = lt_xmalloc(x[g].n * sizeof(*st[g].c));
		st[g].rng = gsl_rng_alloc(gsl_rng_mt19937);
		gsl_rng_set(st[g].rng, (o->seed + g) & 0xffffffffUL);
		st[g].mean = lt_xmalloc(nb * sizeof(double));
		st[g].iqm = lt_xmalloc(nb * sizeof(double));
		if (g == 0)
			st[g].cum = lt_xcalloc(x[g].n + 1, sizeof(*st[g].cum));
		else if (st[0].x != NULL)
			st[g].poi = lt_xmalloc(nb * sizeof(double));
	}

	for (b = 0; b < nb; b++)
		for (g = 0; g < ng; g++) {
			struct strat *t = &st[g];

			if (t->x == NULL)
				continue;
			draw(t);
			locate(t->x->s, t->c, t->x->n, &t->mean[b], &t->iqm[b]);
			if (t->poi != NULL)
				t->poi[b] = poi_of(twice_u(t->x, t->c,
				    st[0].cum), t->x->n, x[0].n);
		}

	for (g = 0; g < ng; g++) {
		struct lt_compare_group *rg = &r->groups[g];

		if (st[g].x == NULL)
			continue;
		percentile(st[g].mean, nb, alpha, &rg->mean_lo, &rg->mean_hi);
		percentile(st[g].iqm, nb, alpha, &rg->iqm_lo, &rg->iqm_hi);
		if (st[g].poi != NULL)
			percentile(st[g].poi, nb, alpha, &rg->poi_lo,
			    &rg->poi_hi);
		free(st[g].c);
		free(st[g].cum);
		gsl_rng_free(st[g].rng);
		free(st[g].mean);
		free(st[g].iqm);
		free(st[g].poi);
	}
	free(st);
}

struct lt_compare *
lt_compare_new(const struct lt_compare_input *in, size_t ngroups,
    const struct lt_compare_opts *o, struct lt_error *err)
{
	struct lt_compare *r;
	struct sample *x;
	double alpha, sign;
	size_t g, i;

	if (check_opts(o, err) == -1 || check_input(in, ngroups, err) == -1)
		return NULL;
	alpha = 1 - o->level / 100;
	sign = o->mode == LT_STATS_MIN ? -1 : 1;

	r = lt_xcalloc(1, sizeof(*r));
	r->opts = *o;
	r->ngroups = ngroups;
	r->groups = lt_xcalloc(ngroups, sizeof(*r->groups));
	x = lt_xcalloc(ngroups, sizeof(*x));
	for (g = 0; g < ngroups; g++) {
		struct lt_compare_group *rg = &r->groups[g];

		rg->name = in[g].name ? lt_xstrdup(in[g].name) : NULL;
		x[g].n = in[g].n;
		x[g].s = lt_xmalloc(in[g].n * sizeof(double));
		for (i = 0; i < in[g].n; i++)
			x[g].s[i] = sign * in[g].x[i];
		gsl_sort(x[g].s, 1, x[g].n);
		describe(rg, &x[g]);
		if (g == 0) {
			baseline(rg);
			continue;
		}
		rank_against(&x[g], x[0].s, x[0].n);
		welch(rg, &r->groups[0], alpha);
		mann_whitney(rg, &x[g], &x[0]);
	}
	if (o->resamples > 0)
		bootstrap(r, x, alpha);
	for (g = 0; g < ngroups; g++) {
		if (sign < 0)
			unorient(&r->groups[g], x[0].n);
		free(x[g].s);
		free(x[g].lt);
		free(x[g].le);
	}
	free(x);
	return r;
}

void
lt_compare_free(struct lt_compare *r)
{
	size_t g;

	if (r == NULL)
		return;
	for (g = 0; g < r->ngroups; g++)
		free(r->groups[g].name);
	free(r->groups);
	free(r);
}

/*
 * Verdicts.
 */

static const char *const check_names[] = {
	[LT_COMPARE_CHECK_BETTER] = "better",
	[LT_COMPARE_CHECK_WORSE] = "worse",
	[LT_COMPARE_CHECK_DIFFERENT] = "different"
};

int
lt_compare_check_parse(const char *s, enum lt_compare_check *c,
    struct lt_error *err)
{
	size_t i;

	for (i = 0; i < sizeof(check_names) / sizeof(check_names[0]); i++)
		if (strcmp(s, check_names[i]) == 0) {
			*c = (enum lt_compare_check)i;
			return 0;
		}
	return lt_error_set(err,
	    "check \"%s\" is not better, worse or different", s);
}

bool
lt_compare_holds(const struct lt_compare *r, enum lt_compare_check c)
{
	enum lt_compare_verdict v;
	size_t g;

	if (r->ngroups < 2)
		return false;
	for (g = 1; g < r->ngroups; g++) {
		v = r->groups[g].verdict;
		if (c == LT_COMPARE_CHECK_BETTER && v != LT_COMPARE_BETTER)
			return false;
		if (c == LT_COMPARE_CHECK_WORSE && v != LT_COMPARE_WORSE)
			return false;
		if (c == LT_COMPARE_CHECK_DIFFERENT &&
		    v != LT_COMPARE_BETTER && v != LT_COMPARE_WORSE)
			return false;
	}
	return true;
}

const char *
lt_compare_verdict_name(enum lt_compare_verdict v)
{
	switch (v) {
	case LT_COMPARE_BASELINE:
		return "baseline";
	case LT_COMPARE_BETTER:
		return "better";
	case LT_COMPARE_WORSE:
		return "worse";
	case LT_COMPARE_SAME:
		return "no difference";
	case LT_COMPARE_UNTESTED:
		break;
	}
	return "untested";
}

int
lt_compare_verdict_format(const struct lt_compare *r, size_t i, char *buf,
    size_t size)
{
	const struct lt_compare_group *g = &r->groups[i];
	const char *word;
	char p[16];
	double diff, hw;
	int dec;

	switch (g->verdict) {
	case LT_COMPARE_BASELINE:
		return snprintf(buf, size, "baseline");
	case LT_COMPARE_UNTESTED:
		return snprintf(buf, size,
		    "not tested: Welch's test needs two values in each group");
	case LT_COMPARE_SAME:
		lt_stats_format_p(g->p_welch, p, sizeof(p));
		return snprintf(buf, size,
		    "no difference proven at %.10g %% (Welch %s)",
		    r->opts.level, p);
	case LT_COMPARE_BETTER:
	case LT_COMPARE_WORSE:
		break;
	}
	lt_stats_format_p(g->p_welch, p, sizeof(p));
	word = lt_compare_verdict_name(g->verdict);
	diff = fabs(g->diff);
	hw = (g->diff_hi - g->diff_lo) / 2;
	/*
	 * Two significant digits of the half-width, and the difference to
	 * the same decimal place; %g where fixed decimals would run long,
	 * and for no spread at all.
	 */
	if (hw >= 1e-9 && hw < 1e9 && diff < 1e9) {
		dec = 1 - (int)floor(log10(hw));
		if (dec < 0)
			dec = 0;
		return snprintf(buf, size, "%s than baseline by %.*f ± %.*f "
		    "(%.10g %%, Welch %s)", word, dec, diff, dec, hw,
		    r->opts.level, p);
	}
	return snprintf(buf, size, "%s than baseline by %.3g ± %.2g "
	    "(%.10g %%, Welch %s)", word, diff, hw, r->opts.level, p);
}

/*
 * Run summaries.
 */

static const char *const summary_names[] = {
	[LT_COMPARE_SUMMARY_LAST] = "last",
	[LT_COMPARE_SUMMARY_BEST] = "best",
	[LT_COMPARE_SUMMARY_MEAN] = "mean"
};

int
lt_compare_summary_parse(const char *text, enum lt_compare_summary *s,
    struct lt_error *err)
{
	size_t i;

	for (i = 0; i < sizeof(summary_names) / sizeof(summary_names[0]); i++)
		if (strcmp(text, summary_names[i]) == 0) {
			*s = (enum lt_compare_summary)i;
			return 0;
		}
	return lt_error_set(err,
	    "summary \"%s\" is not last, best or mean", text);
}

const char *
lt_compare_summary_name(enum lt_compare_summary s)
{
	return summary_names[s];
}

int
lt_compare_run_init(struct lt_compare_run *r, enum lt_stats_mode mode,
    size_t last, struct lt_error *err)
{
	memset(r, 0, sizeof(*r));
	if (last == 0)
		return lt_error_set(err, "the last 0 scores summarise nothing");
	r->mode = mode;
	lt_ring_init(&r->last, last);
	return 0;
}

int
lt_compare_run_push(struct lt_compare_run *r, double score,
    struct lt_error *err)
{
	struct lt_pt p = { .y = score };

	if (!isfinite(score))
		return lt_error_set(err, "score %g is not a finite number",
		    score);
	lt_ring_push(&r->last, &p);
	r->n++;
	if (r->n == 1 || (r->mode == LT_STATS_MAX ? score > r->best :
	    score < r->best))
		r->best = score;
	r->mean += (score - r->mean) / (double)r->n;
	return 0;
}

size_t
lt_compare_run_scores(const struct lt_compare_run *r, double *out)
{
	size_t i;

	for (i = 0; i < r->last.n; i++)
		out[i] = lt_ring_at(&r->last, i)->y;
	return r->last.n;
}

int
lt_compare_run_summary(const struct lt_compare_run *r,
    enum lt_compare_summary s, double *out, struct lt_error *err)
{
	if (r->n == 0)
		return lt_error_set(err, "the run has no score");
	switch (s) {
	case LT_COMPARE_SUMMARY_BEST:
		*out = r->best;
		break;
	case LT_COMPARE_SUMMARY_MEAN:
		*out = r->mean;
		break;
	case LT_COMPARE_SUMMARY_LAST:
		*out = lt_ring_tail_mean(&r->last, r->last.n);
		break;
	}
	return 0;
}

void
lt_compare_run_release(struct lt_compare_run *r)
{
	lt_ring_release(&r->last);
	r->n = 0;
}

/*
 * Curves across seeds: a hash of steps to running moments, with a bit
 * per run and step so that a run counts once at a step.
 */

struct node {
	int64_t	step;
	size_t	n;
	double	mean;
	double	m2;		/* sum of squared deviations, Welford's */
};

struct lt_compare_curve {
	size_t		 nruns;
	size_t		 words;		/* uint64_t per node in seen */
	struct node	*nodes;
	size_t		 nnodes;
	size_t		 cap;
	uint64_t	*seen;		/* nodes x words bits: a run's score */
	size_t		*slot;		/* node index + 1, 0 when empty */
	size_t		 nslots;	/* a power of two, over 2 nnodes */
	size_t		 hint;		/* the node last added to */
	size_t		 ignored;
};

/* SplitMix64's finaliser: consecutive steps spread over the table. */
static size_t
hash_step(int64_t step)
{
	uint64_t z = (uint64_t)step;

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return (size_t)(z ^ (z >> 31));
}

static size_t *
find_slot(size_t *slot, size_t nslots, const struct node *nodes,
    int64_t step)
{
	size_t h = hash_step(step) & (nslots - 1);

	while (slot[h] != 0 && nodes[slot[h] - 1].step != step)
		h = (h + 1) & (nslots - 1);
	return &slot[h];
}

static void
rehash(struct lt_compare_curve *c)
{
	size_t n = c->nslots ? 2 * c->nslots : 64, i;

	free(c->slot);
	c->slot = lt_xcalloc(n, sizeof(*c->slot));
	c->nslots = n;
	for (i = 0; i < c->nnodes; i++)
		*find_slot(c->slot, n, c->nodes, c->nodes[i].step) = i + 1;
}

struct lt_compare_curve *
lt_compare_curve_new(size_t nruns, struct lt_error *err)
{
	struct lt_compare_curve *c;

	if (nruns == 0) {
		lt_error_set(err, "a curve across runs needs a run");
		return NULL;
	}
	c = lt_xcalloc(1, sizeof(*c));
	c->nruns = nruns;
	c->words = (nruns + 63) / 64;
	rehash(c);
	return c;
}

int
lt_compare_curve_add(struct lt_compare_curve *c, size_t run, int64_t step,
    double score, struct lt_error *err)
{
	struct node *nd;
	uint64_t *bits, bit;
	size_t *sl, k;
	double d;

	if (run >= c->nruns)
		return lt_error_set(err, "run %zu is not one of the %zu runs",
		    run, c->nruns);
	if (!isfinite(score))
		return lt_error_set(err, "score %g at step %lld is not a "
		    "finite number", score, (long long)step);

	/*
	 * Runs log the same steps in the same order, one run after another
	 * or interleaved, so the step is most often the last one's or the
	 * next created after it: looked at before the hash, which would cost
	 * a cache miss or three per point.
	 */
	k = c->hint;
	if (k < c->nnodes && c->nodes[k].step == step)
		;
	else if (k + 1 < c->nnodes && c->nodes[k + 1].step == step)
		k++;
	else if (*(sl = find_slot(c->slot, c->nslots, c->nodes, step)) != 0)
		k = *sl - 1;
	else {
		if (c->nnodes == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 64;
			c->nodes = lt_xrealloc(c->nodes,
			    c->cap * sizeof(*c->nodes));
			c->seen = lt_xrealloc(c->seen,
			    c->cap * c->words * sizeof(*c->seen));
		}
		k = c->nnodes++;
		memset(&c->nodes[k], 0, sizeof(c->nodes[k]));
		c->nodes[k].step = step;
		memset(&c->seen[k * c->words], 0,
		    c->words * sizeof(*c->seen));
		*sl = k + 1;
		if (2 * c->nnodes > c->nslots)
			rehash(c);	/* sl is stale from here */
	}
	c->hint = k;
	nd = &c->nodes[k];
	bits = &c->seen[k * c->words + run / 64];
	bit = UINT64_C(1) << (run % 64);
	if (*bits & bit) {
		c->ignored++;
		return 0;
	}
	*bits |= bit;
	nd->n++;
	d = score - nd->mean;
	nd->mean += d / (double)nd->n;
	nd->m2 += d * (score - nd->mean);
	return 0;
}

size_t
lt_compare_curve_ignored(const struct lt_compare_curve *c)
{
	return c->ignored;
}

static int
by_step(const void *a, const void *b)
{
	const struct lt_compare_point *p = a, *q = b;

	return (p->step > q->step) - (p->step < q->step);
}

int
lt_compare_curve_points(const struct lt_compare_curve *c, double level,
    size_t min_runs, struct lt_compare_point **pts, size_t *npts,
    struct lt_error *err)
{
	struct lt_compare_point *p;
	const struct node *nd;
	double alpha, hw;
	size_t i, k = 0;

	*pts = NULL;
	*npts = 0;
	if (check_level(level, &alpha, err) == -1)
		return -1;
	if (min_runs == 0 || min_runs > c->nruns)
		return lt_error_set(err,
		    "%zu runs at a step is not in [1, %zu]", min_runs,
		    c->nruns);
	for (i = 0; i < c->nnodes; i++)
		k += c->nodes[i].n >= min_runs;
	if (k == 0)
		return 0;

	p = lt_xmalloc(k * sizeof(*p));
	k = 0;
	for (i = 0; i < c->nnodes; i++) {
		nd = &c->nodes[i];
		if (nd->n < min_runs)
			continue;
		p[k].step = nd->step;
		p[k].n = nd->n;
		p[k].mean = nd->mean;
		if (nd->n < 2) {
			p[k].sd = p[k].lo = p[k].hi = NAN;
		} else {
			p[k].sd = sqrt(fmax(0, nd->m2) / (double)(nd->n - 1));
			hw = gsl_cdf_tdist_Qinv(alpha / 2,
			    (double)(nd->n - 1)) * p[k].sd /
			    sqrt((double)nd->n);
			p[k].lo = nd->mean - hw;
			p[k].hi = nd->mean + hw;
		}
		k++;
	}
	qsort(p, k, sizeof(*p), by_step);
	*pts = p;
	*npts = k;
	return 0;
}

void
lt_compare_curve_free(struct lt_compare_curve *c)
{
	if (c == NULL)
		return;
	free(c->nodes);
	free(c->seen);
	free(c->slot);
	free(c);
}
