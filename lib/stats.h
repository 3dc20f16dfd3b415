/*
 * stats.h - the numbers behind trend, curve, plateau and report.
 *
 * Pure functions and small streaming objects over values, with GSL doing
 * the numerical work: least-squares lines with their p-values, running
 * moments, smoothing (TensorBoard's debiased EMA, moving average, moving
 * median) and Keras/PyTorch plateau detection.  Nothing here knows about
 * events, files or output; analysis.c feeds values in.
 *
 * Objects on the stack follow lt_x_init / lt_x_release; those that never
 * allocate have no release.  Non-finite input is refused with -1 where a
 * function takes a struct lt_error, and passes through where TensorBoard
 * lets it (the smoothers).  GSL's own error handler is left as the program
 * sets it: nothing here can reach it but out of memory.
 */
#ifndef LT_STATS_H
#define LT_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "hashtab.h"

/* Which way is better: larger values (a score) or smaller (a loss).  The
 * one direction of lt: a task's, a goal's, an analysis's. */
enum lt_stats_mode {
	LT_STATS_MAX,
	LT_STATS_MIN
};

/* "max" or "min": a static string. */
const char	*lt_stats_mode_name(enum lt_stats_mode mode);

/* Parse "max" or "min" into *mode.  Returns 0, or -1 with err (may be
 * NULL) naming the text. */
int	lt_stats_mode_parse(const char *s, enum lt_stats_mode *mode,
	    struct lt_error *err);

/*
 * Linear regression.
 */

/* A least-squares line y = intercept + slope * x over n points. */
struct lt_fit {
	size_t	n;
	double	slope;
	double	intercept;
	double	r2;		/* 1 - SSres/SStot, in [0, 1]; 0 if SStot 0 */
	double	p_value;	/* two-sided, H0: slope = 0 */
	double	stderr_slope;	/* sqrt(cov11) */
};

/*
 * The edge cases, shared by lt_stats_fit and lt_fitacc_result, chosen so
 * that every field is a finite number fit for JSON:
 *   n = 0:          everything 0, p_value 1.
 *   all x equal     slope 0, intercept the mean of y, r2 0, stderr 0,
 *   (n = 1 too):    p_value 1 (no line is determined).
 *   n = 2:          the line through both points, r2 1 (0 if the y are
 *                   equal); stderr 0 and p_value 1, as there is no degree
 *                   of freedom left to test with.
 *   all y equal:    slope 0, r2 0, stderr 0, p_value 1.
 *   perfect fit:    n >= 3 with zero residuals: r2 1, stderr 0, p_value 0.
 * Otherwise p_value = 2 * gsl_cdf_tdist_Q(|slope / stderr|, n - 2).
 */

/* Fit x[0..n) against y[0..n) with gsl_fit_linear into *fit.  x and y are
 * borrowed for the call and may be NULL when n is 0.  Returns 0, or -1
 * with err filled (and *fit untouched) when a value is not finite. */
int	lt_stats_fit(const double *x, const double *y, size_t n,
	    struct lt_fit *fit, struct lt_error *err);

/* The same fit in O(1) memory, for windows too long to hold: running
 * means and co-moments updated as Welford does, about the first point so
 * that a large offset in x (Unix times) costs no precision.  Plain data;
 * copy it freely. */
struct lt_fitacc {
	size_t	n;
	double	x0;		/* the first point, subtracted from all */
	double	y0;
	double	mean_x;		/* mean of x - x0 */
	double	mean_y;		/* mean of y - y0 */
	double	sxx;		/* sum of (x - mean x)^2 */
	double	sxy;		/* sum of (x - mean x)(y - mean y) */
	double	syy;		/* sum of (y - mean y)^2 */
};

/* Start a with no points. */
void	lt_fitacc_init(struct lt_fitacc *a);

/* Add the point (x, y).  Returns 0, or -1 with err filled and a unchanged
 * when x or y is not finite. */
int	lt_fitacc_push(struct lt_fitacc *a, double x, double y,
	    struct lt_error *err);

/* Fill *fit from the points added so far, with lt_stats_fit's edge cases;
 * a is unchanged and may take more points. */
void	lt_fitacc_result(const struct lt_fitacc *a, struct lt_fit *fit);

/*
 * Trend direction.
 */

enum lt_stats_direction {
	LT_STATS_FLAT,
	LT_STATS_IMPROVING,
	LT_STATS_DECLINING
};

/* The spec's defaults: flat unless p < 0.05 on at least 10 points. */
#define LT_STATS_ALPHA	0.05
#define LT_STATS_MIN_N	10

/* Classify fit: flat when fit->n < min_n, p_value >= alpha or the slope is
 * 0; otherwise improving when the slope goes the way mode calls better
 * (up for LT_STATS_MAX, down for LT_STATS_MIN), declining if not. */
enum lt_stats_direction lt_stats_direction_of(const struct lt_fit *fit,
	    enum lt_stats_mode mode, double alpha, size_t min_n);

/* "flat", "improving" or "declining": a static string. */
const char	*lt_stats_direction_name(enum lt_stats_direction d);

/* Write p for people into buf: "p < 0.001" below 0.001, else "p = 0.023"
 * (three decimals).  Returns what snprintf(3) returns; the text is
 * truncated, NUL-terminated, when size is too small (12 bytes suffice). */
int	lt_stats_format_p(double p, char *buf, size_t size);

/*
 * Running moments.
 */

/*
 * Mean, spread and extremes of a stream, by Welford's running mean and
 * sum of squared deviations (as gsl_rstat does them, step for step, without
 * the P^2 quantile gsl_rstat also keeps, which cost 15 % of a report), and
 * its exact median.  While at most LT_MOMENTS_DISTINCT values are distinct
 * (scores rounded to a few decimals, accuracies over a fixed validation
 * set), each is kept once with its count; past that, the values are kept,
 * LT_MOMENTS_MEM of them in memory, the rest (when a directory is given)
 * in an unnamed temporary file there, so that memory stays bounded
 * whatever the stream's length; the median is then found by a radix
 * selection over them (a few sequential reads of 8 bytes a value), as
 * numpy's median would give it.  Moments made live (a median
 * asked for after each few pushes, as a server does) keep their values
 * in two heaps instead, all in memory: a push costs O(log n), a median
 * O(1).
 */
#define LT_MOMENTS_MEM	131072	/* values kept in memory: 1 MiB */
#define LT_MOMENTS_DISTINCT 32768	/* values counted */

struct lt_moments {
	size_t			 n;
	double			 mean, m2, min, max;
	double			*v;	/* the values not in the file */
	size_t			 nv, cap;
	const char		*dir;	/* where the file goes; NULL: none */
	int			 fd;	/* the file, or -1 */
	size_t			 nfile;	/* values in it */
	size_t			*first;	/* their keys' first 16 bits,
					   counted as they were written */
	size_t			 ndone;	/* n when median was found */
	double			 median;
	int			 live;	/* lt_moments_live */
	int			 lost;	/* values could not be read back:
					   the median is NaN */
	struct lt_counts	 counts;	/* while counting: each
						   value's sort key */
	int			 kept;	/* the values are kept, not counted */
	double			*lo, *hi;	/* heaps: the lower half, largest
						   first; the upper half,
						   negated, smallest first */
	size_t			 nlo, nhi, caplo, caphi;
};

/* What a struct lt_moments has seen; all 0 when n is 0. */
struct lt_summary {
	size_t	n;
	double	mean;
	double	sd;		/* population sd, as numpy's std (ddof 0) */
	double	min;
	double	max;
	double	median;		/* exact: numpy's median */
};

/* Start m empty, its values beyond LT_MOMENTS_MEM kept in dir (borrowed
 * until release; NULL: all in memory); release with lt_moments_release.
 * Returns 0 (err, unused, is kept for callers that check). */
int	lt_moments_init(struct lt_moments *m, const char *dir,
	    struct lt_error *err);

/* Keep m's values in heaps (see above); before the first push. */
void	lt_moments_live(struct lt_moments *m);

/* Add y.  Returns 0, or -1 with err filled and m unchanged when y is not
 * finite.  When the file cannot be made or written (a full disk), the
 * values stay in memory. */
int	lt_moments_push(struct lt_moments *m, double y, struct lt_error *err);

/* Make dst, started empty (and live or not, as wanted), hold what src has
 * seen, as if each of src's values had been pushed to it too: the same
 * moments to the bit, the same median.  Returns 0, or -1 with err when
 * src's file cannot be read back (dst's median is then NaN). */
int	lt_moments_copy(struct lt_moments *dst, const struct lt_moments *src,
	    struct lt_error *err);

/* Fill *s from m (m is not const: the values in memory are reordered,
 * and the median kept until the next push). */
void	lt_moments_get(struct lt_moments *m, struct lt_summary *s);

/* Free m's workspace; m may be released twice or after a failed init. */
void	lt_moments_release(struct lt_moments *m);

/*
 * Smoothing.  Each push(y) returns the smoothed value at y.  A value that
 * is not finite is returned as it is and does not enter the state, as
 * TensorBoard's chart does.
 */

/* TensorBoard's scalar-chart EMA with its debiasing.  Plain data. */
struct lt_ema {
	double	weight;		/* TensorBoard's smoothing slider, [0, 1) */
	double	last;
	size_t	num;		/* finite values seen */
	double	first;		/* the first finite value */
	bool	constant;	/* every finite value so far equals first */
};

/* Start e with weight w in [0, 1); 0 leaves values unsmoothed.  Returns 0,
 * or -1 with err filled when w is outside [0, 1). */
int	lt_ema_init(struct lt_ema *e, double w, struct lt_error *err);

/* For finite y: last = last * w + (1 - w) * y; num++; return
 * last / (1 - w^num).  TensorBoard leaves a series that is constant
 * throughout unsmoothed; a stream cannot see the end, so while every
 * value so far equals the first, y itself is returned.  The two differ
 * only by rounding, and only on a constant prefix of a series that later
 * changes. */
double	lt_ema_push(struct lt_ema *e, double y);

/* The mean of the last n finite values; before n values have come, the
 * mean of those there are. */
struct lt_sma {
	double	*ring;
	size_t	 size;
	size_t	 count;
	size_t	 head;
	double	 sum;
};

/* Start s with a window of n >= 1 values; release with lt_sma_release.
 * Returns 0, or -1 with err filled when n is 0 or memory runs out. */
int	lt_sma_init(struct lt_sma *s, size_t n, struct lt_error *err);

/* Add y and return the window's mean.  O(1), amortised: the sum is
 * recomputed once per n values so that rounding does not drift. */
double	lt_sma_push(struct lt_sma *s, double y);

/* Free s's window; s may be released twice or after a failed init. */
void	lt_sma_release(struct lt_sma *s);

/* The exact median of the last n finite values (for an even count, the
 * mean of the two middle ones); before n values, of those there are. */
struct lt_runmed {
	double	*ring;		/* the window in arrival order */
	double	*sorted;	/* the same values, ascending */
	size_t	 size;
	size_t	 count;
	size_t	 head;
};

/* Start r with a window of n >= 1 values; release with lt_runmed_release.
 * Returns 0, or -1 with err filled when n is 0 or memory runs out. */
int	lt_runmed_init(struct lt_runmed *r, size_t n, struct lt_error *err);

/* Add y and return the window's median.  O(n) moves per value (a binary
 * search and a memmove), fast for the windows a curve is smoothed with. */
double	lt_runmed_push(struct lt_runmed *r, double y);

/* Free r's window; r may be released twice or after a failed init. */
void	lt_runmed_release(struct lt_runmed *r);

/* Any of the three, chosen by the text of lt curve --smooth. */
enum lt_smooth_kind {
	LT_SMOOTH_EMA,
	LT_SMOOTH_SMA,
	LT_SMOOTH_MEDIAN
};

struct lt_smoother {
	enum lt_smooth_kind	kind;
	union {
		struct lt_ema		ema;
		struct lt_sma		sma;
		struct lt_runmed	med;
	} u;
};

/* Start s from spec: "ema:ALPHA", a bare ALPHA (meaning ema:), "sma:N" or
 * "median:N"; spec is borrowed for the call.  Release with
 * lt_smoother_release.  Returns 0, or -1 with err filled naming spec when
 * it is not one of those, ALPHA is outside [0, 1) or N is not a positive
 * integer. */
int	lt_smoother_init(struct lt_smoother *s, const char *spec,
	    struct lt_error *err);

/* Push y through the chosen smoother. */
double	lt_smoother_push(struct lt_smoother *s, double y);

/* Write the method for a header into buf ("ema:0.6", "sma:5",
 * "median:5"); returns what snprintf(3) returns. */
int	lt_smoother_describe(const struct lt_smoother *s, char *buf,
	    size_t size);

/* Free what s holds; s may be released twice or after a failed init. */
void	lt_smoother_release(struct lt_smoother *s);

/*
 * Plateau detection.
 */

/* How much a new value must beat the best by to count as an improvement:
 * LT_PLATEAU_ABS, Keras EarlyStopping's min_delta D: v - D > best (max),
 * v + D < best (min); LT_PLATEAU_REL, PyTorch ReduceLROnPlateau's
 * threshold R in 'rel' mode: v > best * (1 + R) (max), v < best * (1 - R)
 * (min), PyTorch's formula as it is, even where best is negative. */
enum lt_plateau_delta {
	LT_PLATEAU_ABS,
	LT_PLATEAU_REL
};

/* Fields are for reading; only lt_plateau_* writes them.  Plain data. */
struct lt_plateau {
	enum lt_stats_mode	mode;
	enum lt_plateau_delta	kind;
	double	delta;
	size_t	patience;
	size_t	n;		/* values seen */
	double	best;		/* -inf (max) or +inf (min) before any */
	size_t	wait;		/* values since the best, or since start */
};

/* Start p.  delta must be finite and >= 0.  Returns 0, or -1 with err
 * filled when it is not. */
int	lt_plateau_init(struct lt_plateau *p, enum lt_stats_mode mode,
	    size_t patience, enum lt_plateau_delta kind, double delta,
	    struct lt_error *err);

/* Take v: on an improvement best = v and wait = 0, else wait++.  The
 * comparisons are made as written above, so a NaN is never an
 * improvement, except that while best is infinite any value beyond it
 * improves (PyTorch's inf * (1 - R) would be NaN for R = 1).  Returns
 * lt_plateau_holds(p) after v. */
bool	lt_plateau_push(struct lt_plateau *p, double v);

/* Whether the plateau holds: wait >= patience and wait > 0, i.e. the last
 * patience values (at least the last one) brought no improvement.  This
 * is Keras's stopping rule; lt applies it to PyTorch's relative threshold
 * too (PyTorch itself waits for wait > patience). */
bool	lt_plateau_holds(const struct lt_plateau *p);

#endif
