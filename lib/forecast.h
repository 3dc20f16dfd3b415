/*
 * forecast.h - where a learning curve is heading: saturating curves
 * fitted to (x, y) points, their asymptote, and when they reach a target.
 *
 * Two curves, written for a task where higher is better (LT_STATS_MAX),
 * with b > 0 and c > 0:
 *
 *   exp     y = a - b exp(-c x)    an exponential approach to a
 *   power   y = a - b x^-c         a power law, defined for x > 0
 *
 * and mirrored for LT_STATS_MIN (y = a + b exp(-c x), y = a + b x^-c), so
 * that in both directions a is the asymptote, b > 0 the distance still to
 * go at x = 0 (exp) or x = 1 (power), c > 0 the rate.  A MIN fit of y is
 * the MAX fit of -y with a negated, bit for bit.
 *
 * x is the progress of training counted from its start (episodes, steps,
 * seconds since the run began), not a calendar time: the parameters are
 * for x as given, and b grows as exp(c x_min) for the exponential, so an
 * x far from 0 makes b overflow (an error).  The power law needs every
 * x > 0: a caller whose episodes count from 0 passes episode + 1 (the
 * number of epochs done, for Keras's 0-based epochs).
 *
 * How a fit is made (lt_forecast_fit):
 *
 *  1. Scaling.  x (or ln x, for the power law) is mapped onto T in [0, 1]
 *     and y onto Y in [-1, 1] (by the midpoint and half-range of y, after
 *     negating it for MIN), so that the same rates and tolerances serve
 *     episodes and seconds, accuracies and losses.  The curve in scaled
 *     units, Y = A - B exp(-C T), is written
 *
 *       Y = P0 + P1 (1 - exp(-C T)) / C,
 *
 *     P0 and P1 the value and slope at T = 0, which is the straight line
 *     Y = P0 + P1 T at C = 0 instead of a limit where B runs off to
 *     infinity: a line, or a curve that bends the wrong way (C < 0), is
 *     fitted where it is, and the rules below judge it.  a, b, c and their
 *     covariance follow from P0, P1, C exactly.
 *
 *  2. Separable least squares (variable projection, Golub and Pereyra):
 *     for each rate C the best P0 and P1 are a linear least-squares fit,
 *     so the residual sum of squares is a function of C alone, and its
 *     minimum is the least-squares fit of all three parameters.  The
 *     start, from the data: that profile on a geometric grid of rates
 *     (0 and +-2^(k/2) from 2^-4, to -32 below 0 and to 1024 or 2 n above,
 *     n the number of points), evaluated on at most 1024 of the points
 *     taken at an even stride.  On all points the grid neighbours of the
 *     best rate bracket the minimum where the profile's derivative (2 P1
 *     sum of r dphi/dC, by the envelope theorem) changes sign between them
 *     (else the bracket walks along the grid the way the derivative
 *     points), and Brent's method (gsl_root_fsolver_brent) finds its
 *     root, until the fit there passes the offset test of step 3 with a
 *     tenth of its tolerance (or the bracket or the last step is within
 *     1e-12 of C).  Each step is two passes over the points, holding T,
 *     Y and one work array: 3 n doubles besides the caller's x and y (5 n
 *     when the two models are fitted at once, Y shared), and no n x 3
 *     Jacobian.  Levenberg-Marquardt on all three parameters
 *     (gsl_multilarge_nlinear, trust region or dogleg) converges only
 *     linearly on the model that does not fit the data, its error falling
 *     by a third an iteration, and took two to three times as long on
 *     10^6 points; on the one variable left here Brent's method converges
 *     superlinearly, in some ten passes, whatever the residuals.
 *
 *  3. Convergence.  At the minimum, J^T J (the Jacobian in P0, P1, C,
 *     formed point by point) must be positive definite as it is (GSL's
 *     modified Cholesky factorisation perturbs it not at all), and the
 *     fit must pass Bates and Watts's relative offset test, as R's nls
 *     does: the Gauss-Newton step from it would move the fitted values by
 *     a length L = sqrt(g^T (J^T J)^-1 g), g = J^T r, and L / sqrt(3)
 *     must be under 1e-5 of the residual standard deviation (nls's
 *     default), or L / sqrt(n) under 1e-12 of the half-range of y when
 *     the residuals are at the level of rounding.  Else, or when the
 *     profile has no minimum on the grid's span, or Brent takes more than
 *     100 steps, the fit did not converge.
 *
 *     Why the last steps are not gsl_multifit_nlinear's: started at the
 *     solution of step 2 (Levenberg-Marquardt, modified Cholesky solver,
 *     the covariance from gsl_multifit_nlinear_covar), it took 2.5 to 3
 *     times the CPU time of the whole fit on 10^6 points (0.66 to 1.1 s
 *     against 0.25 to 0.43 s, both models, bench/forecast.sh; 0.8 to 1.8
 *     s of wall-clock time on a shared machine), held some 100 bytes a
 *     point more (J, five vectors of n, covar's copy of J), and could not
 *     confirm more than step 3 does: near the minimum its steps are
 *     accepted or rejected on sums of squares that differ below their
 *     rounding, so from a start short of the minimum it stopped on its
 *     step-size test with the relative offset 17 times the tolerance, and
 *     from the minimum it ends only with GSL_ENOPROG.  The derivative of
 *     step 2 and the offset of step 3 are sums of small terms, exact
 *     where those differences are not.
 *
 *     The two models are fitted at once, on two threads, from 16384
 *     points on; they share only the points, so the numbers do not
 *     depend on it.
 *
 *  4. Refusals, in this order, each a status and never a made-up number:
 *     - LT_FORECAST_TOO_FEW: fewer than LT_FORECAST_MIN_POINTS points, or
 *       fewer than 4 distinct x (three parameters and a residual).
 *     - per model: LT_FORECAST_BAD_X (the power law with some x <= 0),
 *       LT_FORECAST_NO_CONVERGENCE, LT_FORECAST_BAD_PARAMS (converged with
 *       b <= 0, the curve moving away from its asymptote, or c <= 0, no
 *       asymptote at all).
 *     - the choice: among the models that converged with b > 0 and c > 0
 *       the lowest AIC (with LT_FORECAST_AUTO; else the one asked for);
 *       when none did, the converged one with the lowest AIC, whose
 *       status is kept; when none converged, NO_CONVERGENCE (or BAD_X
 *       when that is why the only model asked for was not fitted).
 *     - LT_FORECAST_NO_SATURATION: a straight line y = p + q x (its own
 *       least-squares fit) fits as well: the chosen curve's AIC is not
 *       lower than the line's by more than 2.  The curve has one more
 *       parameter, so on a true line the AIC difference is a chi-square
 *       with one degree of freedom minus 2, and the rule wrongly claims
 *       saturation when that exceeds 2, 4.55 % of the time: a 5 % test.
 *       The line fits as well, too, when its residuals are at the level
 *       of rounding (their sum of squares within n (16 eps max|y|)^2 of
 *       the curve's), where the AIC would compare rounding noise.  This
 *       takes precedence over BAD_PARAMS.  All y equal is no saturation
 *       (the line fits exactly; no curve is fitted).
 *
 *  AIC = n ln(2 pi RSS / n) + n + 2 (p + 1), the Gaussian likelihood with
 *  the variance counted as a parameter (p = 3 for a curve, 2 for the
 *  line), as R's AIC() gives for nls and lm fits.  It is -inf when RSS is
 *  0 (an exact fit).
 *
 * The interval of a, at LT_FORECAST_LEVEL (95 %): a +- t * se(a), t the
 * Student quantile on n - 3 degrees of freedom (gsl_cdf_tdist_Pinv) and
 * se(a) from the covariance s^2 (J^T J)^-1 at the fit, s^2 = RSS/(n - 3):
 * what R's confint.default and scipy's curve_fit give.  Not a residual
 * bootstrap: that refits the curve some thousands of times, which on 10^6
 * points is minutes, not the second a forecast has, and its resamples are
 * random where lt's numbers are reproducible.  Both assume residuals that
 * are independent; a learning curve's are correlated from one epoch to
 * the next, so the interval is narrower than the truth when the curve's
 * shape is wrong.  The band of lt_forecast_curve is the same covariance
 * carried to the curve (the delta method): where the curve itself lies,
 * not where single future scores fall (those scatter by resid_sd more).
 *
 * Reaching a target (lt_forecast_reach), with the interval [a_lo, a_hi]:
 *   LT_REACH_NEVER    "not reached at this rate": the target lies beyond
 *                     the far end of the interval, above a_hi for MAX,
 *                     below a_lo for MIN (an end itself is not beyond).
 *   LT_REACH_UNSURE   the target lies between a and that far end: the
 *                     fitted curve levels off short of it, but the data
 *                     cannot rule it out; also a crossing too far to
 *                     write as a double.
 *   LT_REACH_AT       the fitted curve reaches it past the largest x, at
 *                     exp: x = ln(b / d) / c, power: x = (b / d)^(1/c),
 *                     d = a - target (MAX) or target - a (MIN).
 *   LT_REACH_ALREADY  the fitted curve reaches it at or before the
 *                     largest x (same formula; the x may lie before the
 *                     first point, even below 0).
 */
#ifndef LT_FORECAST_H
#define LT_FORECAST_H

#include <stddef.h>

#include "error.h"
#include "stats.h"

#define LT_FORECAST_MIN_POINTS	8
#define LT_FORECAST_LEVEL	0.95	/* of the interval of a and bands */

enum lt_forecast_model {
	LT_FORECAST_EXP,
	LT_FORECAST_POWER,
	LT_FORECAST_AUTO	/* both; the one with the lower AIC */
};

#define LT_FORECAST_NMODELS	2	/* EXP and POWER, indices of fit[] */

enum lt_forecast_status {
	LT_FORECAST_OK,
	LT_FORECAST_TOO_FEW,
	LT_FORECAST_NO_CONVERGENCE,
	LT_FORECAST_NO_SATURATION,
	LT_FORECAST_BAD_PARAMS,
	LT_FORECAST_BAD_X,
	LT_FORECAST_NOT_TRIED	/* of a model: not asked for, or no need */
};

enum lt_forecast_reach {
	LT_REACH_NONE,		/* no target asked, or no forecast */
	LT_REACH_ALREADY,
	LT_REACH_AT,
	LT_REACH_UNSURE,
	LT_REACH_NEVER
};

/* What lt_forecast_fit is asked; lt_forecast_opts_init sets the
 * defaults (shown). */
struct lt_forecast_opts {
	enum lt_stats_mode	mode;	/* LT_STATS_MAX */
	enum lt_forecast_model	model;	/* LT_FORECAST_AUTO */
	double			at;	/* predict y here; NaN: no */
	double			target;	/* when is it reached; NaN: no */
};

/*
 * One model's fit.  Parameters are in the direction's form (see the top
 * of this file).  Fields are NaN where they are not known: everything
 * for NOT_TRIED, BAD_X and NO_CONVERGENCE (evals aside), nothing for OK
 * and BAD_PARAMS, but a, b and their errors when c is 0 (the line
 * itself, never OK).
 */
struct lt_forecast_fit {
	enum lt_forecast_status	status;	/* OK, NOT_TRIED, BAD_X,
					   NO_CONVERGENCE or BAD_PARAMS */
	double	a, b, c;
	double	se_a, se_b, se_c;	/* standard errors, sqrt(cov[i][i]) */
	double	cov[3][3];		/* of (a, b, c): s^2 (J^T J)^-1 */
	double	rss;			/* residual sum of squares */
	double	resid_sd;		/* s = sqrt(rss / (n - 3)) */
	double	aic;
	size_t	evals;			/* passes over all points */
};

/*
 * A forecast.  Plain data, no release; copy it freely.  The fields from a
 * to target_x are NaN (or LT_REACH_NONE) unless status is LT_FORECAST_OK,
 * but at and target, which repeat the options; fit[] says what each model
 * gave whatever the status.  A field that is not finite (NaN, or the -inf
 * AIC of an exact fit) has no JSON number: a renderer writes null.
 */
struct lt_forecast {
	enum lt_stats_mode	mode;
	enum lt_forecast_status	status;
	/* The model the status is about: the one chosen, or the one asked
	 * for, or under auto the only one that could be tried;
	 * LT_FORECAST_AUTO under auto when no model got that far (TOO_FEW,
	 * all y equal, or NO_CONVERGENCE of both). */
	enum lt_forecast_model	model;
	size_t	n;
	double	x_min, x_max;		/* of the points; NaN when n is 0 */
	struct lt_forecast_fit	fit[LT_FORECAST_NMODELS];

	/* The straight line the saturation rule compares with; NaN under
	 * TOO_FEW. */
	double	line_intercept, line_slope, line_rss, line_aic;

	/* Of fit[model], when status is OK. */
	double	a, a_lo, a_hi;		/* the asymptote and its interval */
	double	dof;			/* n - 3 */
	double	t_quantile;		/* of the interval, on dof */

	double	at, at_y, at_lo, at_hi;	/* opts.at, the curve there, band */
	double	target;			/* opts.target */
	enum lt_forecast_reach reach;
	double	target_x;		/* with ALREADY and AT, else NaN */
};

/* Fill o with the defaults. */
void	lt_forecast_opts_init(struct lt_forecast_opts *o);

/*
 * Fit the points (x[i], y[i]), i < n, as o asks, into *fc (see the top of
 * this file).  x and y are borrowed for the call, in any order, and may be
 * NULL when n is 0.  Returns 0 with fc->status saying whether there is a
 * forecast (a refusal is not an error), or -1 with err filled and *fc
 * unspecified when a value is not finite, o is not valid, x lies so far
 * from 0 that b overflows, or o->at is <= 0 and the power law is chosen.
 */
int	lt_forecast_fit(const double *x, const double *y, size_t n,
	    const struct lt_forecast_opts *o, struct lt_forecast *fc,
	    struct lt_error *err);

/*
 * The fitted curve of fc (status OK) at x[i], i < n, into y[i], with its
 * band at LT_FORECAST_LEVEL into lo[i] and hi[i] (lo and hi may both be
 * NULL).  All arrays are the caller's, borrowed for the call.  Returns 0,
 * or -1 with err filled when fc has no forecast, or an x is not finite,
 * or is <= 0 for the power law.
 */
int	lt_forecast_curve(const struct lt_forecast *fc, const double *x,
	    size_t n, double *y, double *lo, double *hi, struct lt_error *err);

/* Where the curve of fc stands to target (see the top of this file); *x
 * gets the crossing for ALREADY and AT, NaN otherwise.  LT_REACH_NONE when
 * fc has no forecast or target is not finite. */
enum lt_forecast_reach lt_forecast_reach(const struct lt_forecast *fc,
	    double target, double *x);

/* "exp", "power" or "auto": a static string. */
const char	*lt_forecast_model_name(enum lt_forecast_model m);

/* The model named s ("exp", "power", "auto") into *m: 0, or -1. */
int	lt_forecast_model_parse(const char *s, enum lt_forecast_model *m);

/* "ok", "too_few_points", "no_convergence", "no_saturation",
 * "bad_parameters", "x_not_positive" or "not_tried": a static string, for
 * JSON. */
const char	*lt_forecast_status_name(enum lt_forecast_status s);

/* "none", "already_reached", "reached", "uncertain" or "not_reached": a
 * static string, for JSON. */
const char	*lt_forecast_reach_name(enum lt_forecast_reach r);

/* Write why fc has no forecast for people into buf, lowercase, without a
 * full stop ("7 points; a forecast needs at least 8"), or "" when it has
 * one.  Returns what snprintf(3) returns. */
int	lt_forecast_explain(const struct lt_forecast *fc, char *buf,
	    size_t size);

#endif
