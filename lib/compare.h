/*
 * compare.h - is one group of runs better than another, or is it noise?
 *
 * The statistics of lt compare, over arrays of numbers: a group is the
 * runs of one configuration (its seeds), each summarised by one number,
 * or, for two single runs, the last scores of each run.  The first group
 * is the baseline.  Everything is in a direction (enum lt_stats_mode):
 * LT_STATS_MAX when higher is better, LT_STATS_MIN when lower is.
 *
 * Per group (struct lt_compare_group): n, mean, sample standard
 * deviation, min, max, median, interquartile mean, and percentile
 * bootstrap intervals for the mean and the IQM.  Against the baseline:
 * the difference of means with Welch's t interval and p-value, the
 * Mann-Whitney U test, the probability of improvement with its bootstrap
 * interval, and a verdict.  Each method is stated where its field is.
 *
 * A number that the data cannot give (the sd of one value, an interval
 * from one value, a test with one value in a group) is NaN, and only
 * then; renderers write null or "-" for it and never print "nan".
 *
 * Beside the comparison: struct lt_compare_run summarises one run as
 * its scores stream by, and struct lt_compare_curve gathers the runs of
 * a group step by step into a mean curve with its band.
 *
 * Out of memory aborts, as everywhere in lt.  GSL's error handler is
 * left as the program sets it; no GSL call here can reach it with the
 * checks made first.
 */
#ifndef LT_COMPARE_H
#define LT_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "ring.h"
#include "stats.h"

/* The defaults of lt compare: --confidence, --bootstrap, --seed. */
#define LT_COMPARE_LEVEL	95.0
#define LT_COMPARE_RESAMPLES	10000
#define LT_COMPARE_SEED		1UL

/* The most resamples accepted: each statistic keeps one double per
 * resample, so 10^7 is 80 MB for each. */
#define LT_COMPARE_MAX_RESAMPLES	10000000

/* What a group's numbers are, carried to the result for its rendering
 * only (no number depends on it): one summary per run, the right unit for
 * seeds; or the scores of one run, which measure the noise within a run,
 * not across seeds. */
enum lt_compare_unit {
	LT_COMPARE_RUNS,
	LT_COMPARE_SCORES
};

struct lt_compare_opts {
	enum lt_stats_mode	mode;
	enum lt_compare_unit	unit;
	double			level;		/* percent, in (0, 100) */
	size_t			resamples;	/* 0: no bootstrap intervals */
	unsigned long		seed;		/* in [0, 2^32) */
};

/* Fill o with the defaults: LT_STATS_MAX, LT_COMPARE_RUNS,
 * LT_COMPARE_LEVEL, LT_COMPARE_RESAMPLES, LT_COMPARE_SEED. */
void	lt_compare_opts_init(struct lt_compare_opts *o);

/* One group of the input, borrowed for the call to lt_compare_new. */
struct lt_compare_input {
	const char	*name;
	const double	*x;
	size_t		 n;
};

/*
 * What a group is against the baseline.  The verdict rests on Welch's
 * interval for the difference of means: better when it lies wholly on
 * the side the direction calls better, worse when wholly on the other,
 * which is the same as Welch's p < 1 - level / 100 with the difference
 * that way.  Welch rather than Mann-Whitney because with the few seeds
 * people run (3 to 10) the rank test cannot reach p < 0.05 with three
 * runs a side or fewer, and Welch's difference +- half-width is the number a
 * reader wants; Mann-Whitney's p is given beside it as the check that
 * needs no normality.
 */
enum lt_compare_verdict {
	LT_COMPARE_BASELINE,	/* the first group itself */
	LT_COMPARE_BETTER,
	LT_COMPARE_WORSE,
	LT_COMPARE_SAME,	/* no difference proven at the level */
	LT_COMPARE_UNTESTED	/* a group has one value: no Welch test */
};

struct lt_compare_group {
	char	*name;		/* a copy of the input's name, or NULL */
	size_t	 n;
	double	 mean;
	double	 sd;		/* sample sd, n - 1 in the denominator */
	double	 min;
	double	 max;
	double	 median;	/* the mean of the middle two for even n */
	/*
	 * The interquartile mean, rliable's: the values sorted, floor(n/4)
	 * of them dropped at each end, the mean of the rest, as
	 * scipy.stats.trim_mean(x, 0.25).  n = 5 keeps the middle three,
	 * n = 3 all three; for n a multiple of 4 it is the mean of the
	 * middle n/2.
	 */
	double	 iqm;
	/*
	 * Percentile bootstrap intervals (see lt_compare_new for the
	 * resampling): the level's central interval of the statistic over
	 * the resamples, quantiles interpolated as numpy.percentile's
	 * default (type 7).  NaN when n < 2 or resamples is 0.
	 */
	double	 mean_lo, mean_hi;
	double	 iqm_lo, iqm_hi;

	/* Against the baseline; for the baseline itself every number is
	 * NaN and the verdict LT_COMPARE_BASELINE. */
	enum lt_compare_verdict verdict;
	/* mean - the baseline's mean, in the score's units and sign; its
	 * Welch interval diff +- t(1 - alpha/2, df) * se, where
	 * se^2 = sd^2/n + sd0^2/n0.  NaN when untested.  With no spread in
	 * either group the interval is the difference itself. */
	double	 diff;
	double	 diff_lo, diff_hi;
	/* Welch's t = diff / se with the Welch-Satterthwaite df, and its
	 * two-sided p = 2 Q_t(|t|, df), as scipy.stats.ttest_ind(x, x0,
	 * equal_var=False).  With no spread in either group t and df are
	 * NaN and p is 0 when the means differ, 1 when they do not.  NaN
	 * when untested. */
	double	 t;
	double	 df;
	double	 p_welch;
	/* The Mann-Whitney U of this group against the baseline (pairs
	 * where this group's value is larger, ties counting 1/2: scipy's
	 * U1 for x = this group), and the two-sided p of its normal
	 * approximation with the tie and continuity corrections, as
	 * scipy.stats.mannwhitneyu(x, x0, method='asymptotic',
	 * use_continuity=True): z = (max(U, n n0 - U) - n n0 / 2 - 1/2) /
	 * sigma, sigma^2 = n n0 / 12 ((N + 1) - sum(t^3 - t) / (N (N - 1)))
	 * over the tied sets of the N = n + n0 values, p = min(1, 2 Q(z)).
	 * All N values equal (sigma 0) gives p = 1.  Defined for any n. */
	double	 u;
	double	 p_mwu;
	/* The probability of improvement, rliable's: the chance that a run
	 * drawn from this group beats one from the baseline in the
	 * direction, ties counting 1/2: U / (n n0) for LT_STATS_MAX, 1 - U /
	 * (n n0) for LT_STATS_MIN.  0.5 for identical groups.  Its bootstrap
	 * interval is NaN when either group has one value or resamples is
	 * 0. */
	double	 poi;
	double	 poi_lo, poi_hi;
};

struct lt_compare {
	struct lt_compare_opts	 opts;
	size_t			 ngroups;
	struct lt_compare_group	*groups;	/* groups[0] is the baseline */
};

/*
 * Compare groups in[1..ngroups) with the baseline in[0] (ngroups >= 1;
 * one group is only described).  in and the arrays it points to are
 * borrowed for the call; each group needs 1 <= n < 2^31 finite values,
 * in any order.
 *
 * The bootstrap is stratified: each group is resampled on its own, with
 * its own size, so every resample keeps the design (n runs here, n0
 * there).  Group g draws from GSL's MT19937 (gsl_rng_mt19937) seeded by
 * gsl_rng_set with (seed + g) mod 2^32, which GSL takes as 4357 when it
 * is 0; for each resample in turn it draws n indices with
 * gsl_rng_uniform_int(r, n) into its values sorted from worst to best
 * (ascending for LT_STATS_MAX, descending for LT_STATS_MIN).  The
 * resample's mean, IQM and (with the baseline's resample of the same
 * number) probability of improvement are computed from those draws.  A
 * group's intervals thus depend only on its values, the baseline's, the
 * seed and its place, on any machine.
 *
 * A LT_STATS_MIN comparison is the LT_STATS_MAX comparison of the negated
 * values, mapped back; negation being exact, the values x under MIN and
 * -x under MAX give results that mirror each other to the last bit.
 *
 * Cost: sorting each group once, then per resample one draw and a few
 * passes per value, O(resamples x (n0 + n1 + ...)) time, dominated by the
 * draws; memory O(n) per group plus three doubles per resample per group.
 * 50 values with 10^4 resamples take milliseconds; 2 x 10^5 values with
 * 10^4 resamples are 2 x 10^9 draws, tens of seconds.
 *
 * Returns the result, which the caller frees with lt_compare_free, or
 * NULL with err filled when ngroups is 0, a group is empty, too large or
 * holds a value that is not finite, or an option is out of range (its
 * value named).
 */
struct lt_compare *lt_compare_new(const struct lt_compare_input *in,
	    size_t ngroups, const struct lt_compare_opts *o,
	    struct lt_error *err);

/* Free r and its groups' names; r may be NULL. */
void	lt_compare_free(struct lt_compare *r);

/* What lt compare --check asks: every group other than the baseline is
 * better, worse, or either (different). */
enum lt_compare_check {
	LT_COMPARE_CHECK_BETTER,
	LT_COMPARE_CHECK_WORSE,
	LT_COMPARE_CHECK_DIFFERENT
};

/* Set *c from "better", "worse" or "different".  Returns 0, or -1 with
 * err naming s. */
int	lt_compare_check_parse(const char *s, enum lt_compare_check *c,
	    struct lt_error *err);

/* Whether c holds for every group but the baseline: an untested group or
 * one with no difference proven never holds, so neither does a
 * comparison of one group.  Exit status 0 when true, 1 when not. */
bool	lt_compare_holds(const struct lt_compare *r, enum lt_compare_check c);

/* "baseline", "better", "worse", "no difference" or "untested": a static
 * string, for JSON and tables. */
const char	*lt_compare_verdict_name(enum lt_compare_verdict v);

/*
 * Write group i's verdict for people into buf, as snprintf(3) does
 * (returns its value; 160 bytes always suffice):
 *   "better than baseline by 0.031 ± 0.012 (95 %, Welch p = 0.002)"
 *   "worse than baseline by ..." (the amount is |diff|),
 *   "no difference proven at 95 % (Welch p = 0.412)",
 *   "not tested: Welch's test needs two values in each group",
 *   "baseline".
 * The half-width is rounded to two significant digits and the
 * difference to the same decimal place (both as %g outside [1e-9, 1e9),
 * and with no spread at all: "by 0.1 ± 0").
 */
int	lt_compare_verdict_format(const struct lt_compare *r, size_t i,
	    char *buf, size_t size);

/*
 * One run summarised as its scores stream by, in file order.
 */

/* How a run becomes one number (lt compare --summary): the mean of its
 * last N scores, its best score in the direction, or the mean of all. */
enum lt_compare_summary {
	LT_COMPARE_SUMMARY_LAST,
	LT_COMPARE_SUMMARY_BEST,
	LT_COMPARE_SUMMARY_MEAN
};

/* Set *s from "last", "best" or "mean".  Returns 0, or -1 with err
 * naming text. */
int	lt_compare_summary_parse(const char *text,
	    enum lt_compare_summary *s, struct lt_error *err);

/* "last", "best" or "mean": a static string. */
const char	*lt_compare_summary_name(enum lt_compare_summary s);

/* Fields are for reading; only lt_compare_run_* writes them. */
struct lt_compare_run {
	enum lt_stats_mode	mode;
	struct lt_ring		last;	/* the last scores, y only */
	size_t			n;	/* scores seen */
	double			best;
	double			mean;	/* of every score, Welford's */
};

/* Start r keeping the last `last` >= 1 scores; release with
 * lt_compare_run_release.  Returns 0, or -1 with err when last is 0. */
int	lt_compare_run_init(struct lt_compare_run *r, enum lt_stats_mode mode,
	    size_t last, struct lt_error *err);

/* Add a score.  Returns 0, or -1 with err and r unchanged when it is not
 * finite. */
int	lt_compare_run_push(struct lt_compare_run *r, double score,
	    struct lt_error *err);

/* The run's summary s: for LT_COMPARE_SUMMARY_LAST the mean of the last
 * min(n, cap) scores (fewer than cap when the run is shorter).  Returns 0
 * with *out set, or -1 with err when the run has no score. */
int	lt_compare_run_summary(const struct lt_compare_run *r,
	    enum lt_compare_summary s, double *out, struct lt_error *err);

/* Copy the last min(n, cap) scores, oldest first, into out (room for cap
 * values), for comparing two single runs on their scores; returns how
 * many. */
size_t	lt_compare_run_scores(const struct lt_compare_run *r, double *out);

/* Free r's ring; r may be released twice or after a failed init. */
void	lt_compare_run_release(struct lt_compare_run *r);

/*
 * A group's runs as one curve across seeds.  Points come in any order,
 * runs interleaved or one after another, as logs are read; memory grows
 * with the distinct steps the group's runs log (about 70 bytes a step up
 * to 64 runs, 8 more per further 64), never with the events.
 */

struct lt_compare_curve;

/* A curve for runs 0 .. nruns - 1 (nruns >= 1).  Returns it (the caller
 * frees it with lt_compare_curve_free) or NULL with err when nruns is 0. */
struct lt_compare_curve *lt_compare_curve_new(size_t nruns,
	    struct lt_error *err);

/* Add run's score at step.  Each run counts once at a step: the first
 * score it logs there is kept and a later one at the same step (a resumed
 * run logging a step again) is ignored and counted in
 * lt_compare_curve_ignored.  Returns 0, or -1 with err and c unchanged
 * when run >= nruns or score is not finite. */
int	lt_compare_curve_add(struct lt_compare_curve *c, size_t run,
	    int64_t step, double score, struct lt_error *err);

/* How many scores lt_compare_curve_add ignored as repeats. */
size_t	lt_compare_curve_ignored(const struct lt_compare_curve *c);

/* The curve at one step. */
struct lt_compare_point {
	int64_t	step;
	size_t	n;		/* runs with a score at this step */
	double	mean;
	double	sd;		/* sample sd; NaN when n = 1 */
	/* Student's t interval of the mean, mean +- t(1 - alpha/2, n - 1)
	 * sd / sqrt(n); NaN when n = 1.  Not a bootstrap: a curve has a
	 * point per step, and resampling each would cost steps times
	 * resamples times runs. */
	double	lo, hi;
};

/* The points at which at least min_runs (>= 1) runs have a score,
 * ascending by step, with intervals at level percent in (0, 100), into a
 * new array *pts of *npts points (NULL when none) that the caller frees
 * with free(3).  c is unchanged and may take more points.  Returns 0, or
 * -1 with err when level or min_runs is out of range. */
int	lt_compare_curve_points(const struct lt_compare_curve *c,
	    double level, size_t min_runs, struct lt_compare_point **pts,
	    size_t *npts, struct lt_error *err);

/* Free c; c may be NULL. */
void	lt_compare_curve_free(struct lt_compare_curve *c);

#endif
