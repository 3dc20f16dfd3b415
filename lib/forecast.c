/*
 * forecast.c - saturating curves fitted by separable nonlinear least
 * squares, and what they say about a run's end.
 */
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_vector.h>

#include "buf.h"
#include "forecast.h"

#define NPAR		3	/* a, b, c */
#define MIN_DISTINCT	4	/* distinct x a fit needs */
#define SAMPLE_MAX	1024	/* points the grid of rates is tried on */
#define GRID_LO		(-8)	/* rates +-2^(k/2) from k = GRID_LO, */
#define GRID_NEG	10	/* to k = GRID_NEG below 0, */
#define GRID_POS	20	/* to k = GRID_POS or 2 n above 0 */
#define GRID_MAX	(2 * GRID_POS + 160)
#define SERIES_Z	1e-2	/* |C T| below which dphi is a series */
#define ROOT_REL	1e-12	/* Brent's tolerance on the rate C */
#define ROOT_ABS	1e-15
#define MAX_ITER	100	/* Brent's iterations */
#define OFFSET_TOL	1e-5	/* the relative offset of a converged fit */
#define OFFSET_ABS	1e-12	/* ... or its absolute offset per point */
#define OFFSET_STOP	10	/* how much closer Brent's search stops */
#define AIC_MARGIN	2.0	/* how much lower than the line's */
#define THREAD_MIN	16384	/* points worth a thread for a model */
#define ROUNDING	16	/* ulps of max |y| a residual may be off by */

/*
 * One model's least-squares problem in scaled units: T = (t - t0) / ts in
 * [0, 1] with t = x or ln x, and Y = (s y - ymid) / yhalf in [-1, 1] with
 * s = -1 for LT_STATS_MIN.  The curve Y = A - B exp(-C T) is written
 *
 *   Y = P0 + P1 phi(C, T),  phi(C, T) = (1 - exp(-C T)) / C,
 *
 * the start P0 and initial slope P1 (A = P0 + P1 / C, B = P1 / C), with
 * phi(0, T) = T: the same curves, with the straight line at C = 0 instead
 * of at a limit where B runs off to infinity.  For each rate C the best P0
 * and P1 are a linear fit; what is left to find is C.
 */
struct problem {
	size_t		 n;
	double		 s;
	double		 ymid;
	double		 yhalf;
	const double	*Y;
	double		 ymean;		/* of Y */
	double		 syy;		/* sum of (Y - ymean)^2 */
	double		*T;
	double		*ph;		/* phi(C, T[i]) at the last C tried */
	double		 t0;
	double		 ts;
	double		 x_min, x_max;
	int		 bad;		/* a derivative was not finite */
	double		 memo_c[2];	/* the bracket's ends, evaluated */
	double		 memo_d[2];
	double		 near_c;	/* the last rate with a derivative, */
	int		 near;		/* and whether its offset is small */
};

void
lt_forecast_opts_init(struct lt_forecast_opts *o)
{
	o->mode = LT_STATS_MAX;
	o->model = LT_FORECAST_AUTO;
	o->at = NAN;
	o->target = NAN;
}

/* expm1(z) at the cost of exp(z) where that loses nothing: for |z| >= 1/2,
 * exp(z) - 1 is within 3 ulps of it; below -40, exp(z) < 2^-57 and the
 * value rounds to -1, which saves the slow path of exp's underflow. */
static double
em_of(double z)
{
	if (z < -40)
		return -1;
	return fabs(z) < 0.5 ? expm1(z) : exp(z) - 1;
}

/* phi(C, T), ic = 1 / C. */
static double
phi(double C, double ic, double T)
{
	return C == 0 ? T : -em_of(-C * T) * ic;
}

/* d phi / d C from ph = phi(C, T): (T exp(-C T) - phi) / C, with
 * exp(-C T) = 1 - C phi.  It cancels near C T = 0, where its Taylor
 * series T^2 (-1/2 + z/3 - z^2/8 + z^3/30 - z^4/144), z = C T, is used
 * (what it leaves out is below 3e-13 of the value). */
static double
dphi(double C, double ic, double T, double ph)
{
	double z = C * T;

	if (fabs(z) < SERIES_Z)
		return T * T * (-1.0 / 2 + z * (1.0 / 3 + z * (-1.0 / 8 +
		    z * (1.0 / 30 - z / 144))));
	return (T * (1 - C * ph) - ph) * ic;
}

/*
 * Bates and Watts's relative offset test (forecast.h, step 3) on off2 =
 * g^T (J^T J)^-1 g and the residual sum of squares rss of n points, with
 * its tolerances divided by div.
 */
static int
offset_ok(double off2, double rss, size_t n, double div)
{
	double s = sqrt(fmax(rss, 0) / (double)(n - NPAR));

	return sqrt(fmax(off2, 0) / NPAR) <= OFFSET_TOL / div * s ||
	    sqrt(fmax(off2, 0) / (double)n) <= OFFSET_ABS / div;
}

/*
 * The profile at rate C: P0 and P1 fitted by linear least squares into P
 * (with P[2] = C), pb->ph left at phi(C, T); returns the residual sum of
 * squares.  With dg, also the derivative of that sum in C, which by the
 * envelope theorem is 2 P1 sum(dphi(C, T[i]) r[i]), r the residuals, and
 * in pb->near whether the fit at C passes the offset test with
 * OFFSET_STOP to spare: there g has only its C component, and
 * g^T (J^T J)^-1 g = (sum(dphi r))^2 / |dphi off the span of 1 and phi|^2.
 *
 * The fit is the one gsl_fit_linear makes, whose running means divide at
 * every point and made it half the time of a whole forecast.  Here the
 * first pass computes phi and its sums about the phi of the middle point
 * (close to their mean, so that the centred sums lose nothing), the
 * second, for the derivative only, the residuals themselves, so that the
 * sum that vanishes at the minimum is a sum of small terms.  The sum of
 * squares so found is for comparing rates and stopping Brent;
 * normal_eq computes the fit's own from its residuals.
 */
static double
profile_at(struct problem *pb, double C, double P[NPAR], double *dg)
{
	double ic = C == 0 ? 0 : 1 / C, k, d, dy, ps, r, dn, mph, rss, q;
	double s1 = 0, s2 = 0, s3 = 0, sdd, sdy, spr = 0, sp = 0, spp = 0;
	double spd = 0;
	size_t i;

	k = phi(C, ic, pb->T[pb->n / 2]);
	for (i = 0; i < pb->n; i++) {
		pb->ph[i] = phi(C, ic, pb->T[i]);
		d = pb->ph[i] - k;
		s1 += d;
		s2 += d * d;
		s3 += d * (pb->Y[i] - pb->ymean);
	}
	dn = (double)pb->n;
	mph = k + s1 / dn;
	sdd = s2 - s1 * s1 / dn;
	sdy = s3;
	P[1] = sdy / sdd;
	P[0] = pb->ymean - P[1] * mph;
	P[2] = C;
	rss = fmax(pb->syy - P[1] * sdy, 0);
	if (dg == NULL)
		return rss;

	for (i = 0; i < pb->n; i++) {
		d = pb->ph[i] - mph;
		dy = pb->Y[i] - pb->ymean;
		r = P[1] * d - dy;
		ps = dphi(C, ic, pb->T[i], pb->ph[i]);
		spr += ps * r;
		sp += ps;
		spp += ps * ps;
		spd += ps * d;
	}
	*dg = 2 * P[1] * spr;
	q = spp - sp * sp / dn - spd * spd / sdd;
	pb->near_c = C;
	pb->near = q > 0 && offset_ok(spr * spr / q, rss, pb->n,
	    OFFSET_STOP);
	return rss;
}

/* The derivative of the profile, for Brent; the ends of the bracket come
 * from the memo, as gsl_root_fsolver_set asks them again. */
static double
dprofile(double C, void *params)
{
	struct problem *pb = params;
	double P[NPAR], dg;
	int k;

	for (k = 0; k < 2; k++)
		if (pb->memo_c[k] == C)
			return pb->memo_d[k];
	profile_at(pb, C, P, &dg);
	if (!isfinite(dg)) {
		/* GSL's Brent stops the program on a NaN: end it here. */
		pb->bad = 1;
		return 0;
	}
	return dg;
}

/* The grid of rates, ascending: -2^(k/2) for k = GRID_NEG down to
 * GRID_LO, 0, then 2^(k/2) from k = GRID_LO up to GRID_POS or until 2 n
 * is passed.  Returns how many. */
static size_t
grid(size_t n, double *g)
{
	size_t m = 0;
	int k;

	for (k = GRID_NEG; k >= GRID_LO; k--)
		g[m++] = -pow(2.0, k / 2.0);
	g[m++] = 0;
	for (k = GRID_LO; m < GRID_MAX; k++) {
		g[m++] = pow(2.0, k / 2.0);
		if (k >= GRID_POS && g[m - 1] >= 2.0 * (double)n)
			break;
	}
	return m;
}

/* The index of the grid rate with the smallest profile on pb, or -1 when
 * none is finite (the points do not vary in T). */
static long
grid_best(struct problem *pb, const double *g, size_t ng)
{
	double P[NPAR], ss, best = INFINITY;
	long kb = -1;
	size_t k;

	for (k = 0; k < ng; k++) {
		ss = profile_at(pb, g[k], P, NULL);
		if (isfinite(ss) && isfinite(P[0]) && isfinite(P[1]) &&
		    ss < best) {
			best = ss;
			kb = (long)k;
		}
	}
	return kb;
}

/* The m points of pb at an even stride that takes the first and the last,
 * as a problem of their own in *sp; free with sample_free. */
static void
sample(const struct problem *pb, size_t m, struct problem *sp)
{
	double *Y;
	size_t j, i;

	*sp = *pb;
	sp->n = m;
	sp->T = lt_xcalloc(m, sizeof(*sp->T));
	sp->ph = lt_xcalloc(m, sizeof(*sp->ph));
	Y = lt_xcalloc(m, sizeof(*Y));
	for (j = 0; j < m; j++) {
		i = j * (pb->n - 1) / (m - 1);
		Y[j] = pb->Y[i];
		sp->T[j] = pb->T[i];
	}
	sp->Y = Y;
	sp->ymean = gsl_stats_mean(Y, 1, m);
	sp->syy = gsl_stats_tss_m(Y, 1, m, sp->ymean);
}

static void
sample_free(struct problem *sp)
{
	free((double *)sp->Y);
	free(sp->T);
	free(sp->ph);
}

/*
 * The bracket of the rate (forecast.h, step 2): the grid rate with the
 * smallest profile on a sample; on all points, its neighbours on the grid
 * bracket the minimum when the derivative changes sign between them, else
 * the bracket walks along the grid the way the derivative points.
 * Returns 1 with the bracket [*lo, *hi] and the derivatives at its ends,
 * 0 with *lo the rate when the derivative is 0 on the grid, or -1 when
 * there is no minimum on the grid's span (*lo then NaN when no grid rate
 * was found).  *evals counts the passes over all points.
 */
static int
bracket(struct problem *pb, double *lo, double *hi, double *dlo,
    double *dhi, size_t *evals)
{
	double g[GRID_MAX], P[NPAR];
	struct problem sp;
	size_t ng, i, j;
	long kb = -1;

	ng = grid(pb->n, g);
	if (pb->n > 4 * SAMPLE_MAX) {
		sample(pb, SAMPLE_MAX, &sp);
		kb = grid_best(&sp, g, ng);
		sample_free(&sp);
	}
	if (kb == -1) {
		/* Few points, or a sample that missed the spread of x. */
		kb = grid_best(pb, g, ng);
		*evals += ng;
		if (kb == -1) {
			*lo = NAN;
			return -1;
		}
	}

	i = kb == 0 ? 0 : (size_t)kb - 1;
	j = (size_t)kb == ng - 1 ? ng - 1 : (size_t)kb + 1;
	profile_at(pb, g[i], P, dlo);
	profile_at(pb, g[j], P, dhi);
	*evals += 2;
	while (*dlo > 0 && i > 0) {
		j = i--;
		*dhi = *dlo;
		profile_at(pb, g[i], P, dlo);
		(*evals)++;
	}
	while (*dhi < 0 && j < ng - 1) {
		i = j++;
		*dlo = *dhi;
		profile_at(pb, g[j], P, dhi);
		(*evals)++;
	}
	*lo = g[i];
	*hi = g[j];
	if (!isfinite(*dlo) || !isfinite(*dhi))
		return -1;
	if (*dlo == 0 || *dhi == 0) {
		*lo = *dlo == 0 ? g[i] : g[j];
		return 0;
	}
	return *dlo < 0 && *dhi > 0 ? 1 : -1;	/* else beyond the grid */
}

/*
 * The rate: the root of the profile's derivative in the bracket (see
 * bracket) by Brent's method (gsl_root_fsolver_brent).  Returns 0 with *C,
 * or -1 when there is no minimum on the grid's span or Brent does not
 * converge.  *evals counts the passes over all points.
 */
static int
solve_rate(struct problem *pb, double *C, size_t *evals)
{
	double dlo, dhi, lo, hi, root, last;
	gsl_root_fsolver *rs;
	gsl_function F;
	size_t iter;
	int status;

	if ((status = bracket(pb, &lo, &hi, &dlo, &dhi, evals)) <= 0) {
		*C = lo;
		return status;
	}
	pb->memo_c[0] = lo;
	pb->memo_d[0] = dlo;
	pb->memo_c[1] = hi;
	pb->memo_d[1] = dhi;
	pb->bad = 0;
	F.function = dprofile;
	F.params = pb;
	rs = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
	if (rs == NULL)
		abort();	/* out of memory, as lt_xmalloc does */
	gsl_root_fsolver_set(rs, &F, lo, hi);
	pb->memo_c[0] = pb->memo_c[1] = NAN;
	pb->near_c = NAN;
	status = GSL_CONTINUE;
	last = NAN;
	for (iter = 0; iter < MAX_ITER && status == GSL_CONTINUE &&
	    !pb->bad; iter++) {
		gsl_root_fsolver_iterate(rs);
		(*evals)++;
		lo = gsl_root_fsolver_x_lower(rs);
		hi = gsl_root_fsolver_x_upper(rs);
		root = gsl_root_fsolver_root(rs);
		/* Each step evaluates the derivative at the new root: close
		 * enough there ends it, else a bracket or a step below the
		 * tolerance (Brent's estimates converge faster than its
		 * bracket shrinks). */
		if (pb->near_c == root && pb->near) {
			status = GSL_SUCCESS;
			break;
		}
		status = gsl_root_test_interval(lo, hi, ROOT_ABS, ROOT_REL);
		if (status == GSL_CONTINUE && isfinite(last))
			status = gsl_root_test_delta(root, last, ROOT_ABS,
			    ROOT_REL);
		last = root;
	}
	*C = gsl_root_fsolver_root(rs);
	gsl_root_fsolver_free(rs);
	return status == GSL_SUCCESS && !pb->bad ? 0 : -1;
}

/*
 * J^T J, the gradient J^T r and the residual sum of squares of the
 * residuals P0 + P1 phi - Y at P, whose Jacobian row is
 * (1, phi, P1 dphi), in one pass; pb->ph must hold phi at P[2].
 */
static void
normal_eq(const struct problem *pb, const double P[NPAR],
    double jtj[NPAR][NPAR], double g[NPAR], double *rss)
{
	double C = P[2], ic = C == 0 ? 0 : 1 / C, j1, j2, r;
	size_t i, k, l;

	memset(jtj, 0, sizeof(double) * NPAR * NPAR);
	memset(g, 0, sizeof(double) * NPAR);
	*rss = 0;
	for (i = 0; i < pb->n; i++) {
		j1 = pb->ph[i];
		j2 = P[1] * dphi(C, ic, pb->T[i], j1);
		r = P[0] + P[1] * j1 - pb->Y[i];
		jtj[0][1] += j1;
		jtj[0][2] += j2;
		jtj[1][1] += j1 * j1;
		jtj[1][2] += j1 * j2;
		jtj[2][2] += j2 * j2;
		g[0] += r;
		g[1] += j1 * r;
		g[2] += j2 * r;
		*rss += r * r;
	}
	jtj[0][0] = (double)pb->n;
	for (k = 0; k < NPAR; k++)
		for (l = 0; l < k; l++)
			jtj[k][l] = jtj[l][k];
}

static double
aic(size_t n, double rss, int p)
{
	double dn = (double)n;

	if (rss <= 0)
		return -INFINITY;
	return dn * log(2 * M_PI * rss / dn) + dn + 2.0 * (p + 1);
}

static void
fit_clear(struct lt_forecast_fit *fit, enum lt_forecast_status st)
{
	size_t k, l;

	fit->status = st;
	fit->a = fit->b = fit->c = NAN;
	fit->se_a = fit->se_b = fit->se_c = NAN;
	for (k = 0; k < NPAR; k++)
		for (l = 0; l < NPAR; l++)
			fit->cov[k][l] = NAN;
	fit->rss = fit->resid_sd = fit->aic = NAN;
	fit->evals = 0;
}

/*
 * Carry the fit in scaled units (P, the inverse of J^T J in inv) to a, b,
 * c and their covariance in fit: a = ymid + yhalf (P0 + P1 / C),
 * b = yhalf (P1 / C) exp(c t0), c = C / ts in the MAX form of s y, then a
 * negated for MIN.  At C = 0 (the line itself) only c is known.
 * Returns -1 with err when b overflows.
 */
static int
unscale(const struct problem *pb, const double P[NPAR],
    const gsl_matrix *inv, double s2, struct lt_forecast_fit *fit,
    struct lt_error *err)
{
	double G[NPAR][NPAR] = { { 0 } }, C = P[2], c, eb, v;
	size_t i, j, k, l;

	c = C / pb->ts;
	fit->c = c;
	if (C == 0) {
		fit->se_c = sqrt(s2 * gsl_matrix_get(inv, 2, 2)) / pb->ts;
		return 0;
	}
	eb = exp(c * pb->t0);
	fit->a = pb->ymid + pb->yhalf * (P[0] + P[1] / C);
	fit->b = pb->yhalf * (P[1] / C) * eb;
	if (!isfinite(fit->b) || !isfinite(eb))
		return lt_error_set(err, "the curve's b overflows as x "
		    "starts at %g: count x from the start of the run",
		    pb->x_min);

	/* The Jacobian of (a, b, c) with respect to (P0, P1, C). */
	G[0][0] = pb->yhalf;
	G[0][1] = pb->yhalf / C;
	G[0][2] = -pb->yhalf * P[1] / (C * C);
	G[1][1] = pb->yhalf * eb / C;
	G[1][2] = fit->b * (pb->t0 / pb->ts - 1 / C);
	G[2][2] = 1 / pb->ts;
	for (i = 0; i < NPAR; i++)
		for (j = 0; j < NPAR; j++) {
			v = 0;
			for (k = 0; k < NPAR; k++)
				for (l = 0; l < NPAR; l++)
					v += G[i][k] * gsl_matrix_get(inv, k,
					    l) * G[j][l];
			fit->cov[i][j] = s2 * v;
		}
	if (pb->s < 0) {
		fit->a = -fit->a;
		for (k = 1; k < NPAR; k++) {
			fit->cov[0][k] = -fit->cov[0][k];
			fit->cov[k][0] = -fit->cov[k][0];
		}
	}
	fit->se_a = sqrt(fit->cov[0][0]);
	fit->se_b = sqrt(fit->cov[1][1]);
	fit->se_c = sqrt(fit->cov[2][2]);
	return 0;
}

/*
 * Fit pb into fit (forecast.h, steps 2 and 3).  Returns 0 with fit->status
 * OK, NO_CONVERGENCE or BAD_PARAMS, or -1 with err.
 */
static int
fit_model(struct problem *pb, struct lt_forecast_fit *fit,
    struct lt_error *err)
{
	double P[NPAR], jtj[NPAR][NPAR], inv[NPAR][NPAR], grad[NPAR];
	double e[NPAR], d[NPAR], rss, off2 = 0, s2;
	size_t pdata[NPAR], evals = 0, k;
	gsl_matrix_view av = gsl_matrix_view_array(&jtj[0][0], NPAR, NPAR);
	gsl_matrix_view iv = gsl_matrix_view_array(&inv[0][0], NPAR, NPAR);
	gsl_vector_view ev = gsl_vector_view_array(e, NPAR);
	gsl_vector_view gv = gsl_vector_view_array(grad, NPAR);
	gsl_vector_view dv = gsl_vector_view_array(d, NPAR);
	gsl_permutation perm = { NPAR, pdata };

	fit_clear(fit, LT_FORECAST_NO_CONVERGENCE);
	if (solve_rate(pb, &P[2], &evals) == -1) {
		fit->evals = evals;
		return 0;
	}
	profile_at(pb, P[2], P, NULL);
	normal_eq(pb, P, jtj, grad, &rss);
	fit->evals = evals + 1;

	/* J^T J must be positive definite as it is: the modified Cholesky
	 * factorisation says by how much it had to perturb it (E), and any
	 * perturbation means the data do not determine the parameters. */
	gsl_linalg_mcholesky_decomp(&av.matrix, &perm, &ev.vector);
	for (k = 0; k < NPAR; k++)
		if (e[k] != 0)
			return 0;
	/* Bates and Watts's relative offset: the Gauss-Newton step d from
	 * here would move the fitted values by sqrt(g^T d), which must be
	 * small beside the residuals' spread. */
	gsl_linalg_mcholesky_solve(&av.matrix, &perm, &gv.vector, &dv.vector);
	for (k = 0; k < NPAR; k++)
		off2 += grad[k] * d[k];
	if (!offset_ok(off2, rss, pb->n, 1))
		return 0;
	s2 = rss / (double)(pb->n - NPAR);
	gsl_linalg_mcholesky_invert(&av.matrix, &perm, &iv.matrix);
	if (unscale(pb, P, &iv.matrix, s2, fit, err) == -1)
		return -1;
	for (k = 0; k < NPAR; k++)
		if (P[2] != 0 &&
		    (!isfinite(fit->cov[k][k]) || fit->cov[k][k] < 0)) {
			fit_clear(fit, LT_FORECAST_NO_CONVERGENCE);
			fit->evals = evals + 1;
			return 0;
		}
	fit->rss = rss * pb->yhalf * pb->yhalf;
	fit->resid_sd = sqrt(fit->rss / (double)(pb->n - NPAR));
	fit->aic = aic(pb->n, fit->rss, NPAR);
	fit->status = fit->b > 0 && fit->c > 0 ? LT_FORECAST_OK :
	    LT_FORECAST_BAD_PARAMS;
	return 0;
}

static int
check_finite(const double *v, size_t n, const char *name,
    struct lt_error *err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isfinite(v[i]))
			return lt_error_set(err,
			    "%s[%zu] is %g, not a finite number", name, i,
			    v[i]);
	return 0;
}

/* Whether x[0..n) holds at least MIN_DISTINCT different values. */
static int
enough_distinct(const double *x, size_t n)
{
	double seen[MIN_DISTINCT];
	size_t i, k, m = 0;

	for (i = 0; i < n && m < MIN_DISTINCT; i++) {
		for (k = 0; k < m && seen[k] != x[i]; k++)
			continue;
		if (k == m)
			seen[m++] = x[i];
	}
	return m >= MIN_DISTINCT;
}

/* The straight line through the points, in s y (its residuals are those
 * of y, mirrored). */
static void
fit_line(const double *x, const double *y, size_t n, double s,
    double *work, struct lt_forecast *fc)
{
	double c0, c1, cov00, cov01, cov11, ss;
	size_t i;

	for (i = 0; i < n; i++)
		work[i] = s * y[i];
	gsl_fit_linear(x, 1, work, 1, n, &c0, &c1, &cov00, &cov01, &cov11,
	    &ss);
	fc->line_intercept = s * c0;
	fc->line_slope = s * c1;
	fc->line_rss = ss;
	fc->line_aic = aic(n, ss, 2);
}

/* Fill the chosen model's interval, prediction and target in fc. */
static int
finish(struct lt_forecast *fc, const struct lt_forecast_opts *o,
    struct lt_error *err)
{
	const struct lt_forecast_fit *fit = &fc->fit[fc->model];
	double half;

	fc->dof = (double)(fc->n - NPAR);
	fc->t_quantile = gsl_cdf_tdist_Pinv(0.5 + LT_FORECAST_LEVEL / 2,
	    fc->dof);
	half = fc->t_quantile * fit->se_a;
	fc->a = fit->a;
	fc->a_lo = fit->a - half;
	fc->a_hi = fit->a + half;
	if (!isnan(o->at) && lt_forecast_curve(fc, &o->at, 1, &fc->at_y,
	    &fc->at_lo, &fc->at_hi, err) == -1)
		return -1;
	if (!isnan(o->target))
		fc->reach = lt_forecast_reach(fc, o->target, &fc->target_x);
	return 0;
}

static int
check_opts(const struct lt_forecast_opts *o, struct lt_error *err)
{
	if (o->mode != LT_STATS_MAX && o->mode != LT_STATS_MIN)
		return lt_error_set(err, "direction %d is not max or min",
		    (int)o->mode);
	if (o->model != LT_FORECAST_EXP && o->model != LT_FORECAST_POWER &&
	    o->model != LT_FORECAST_AUTO)
		return lt_error_set(err, "model %d is not exp, power or auto",
		    (int)o->model);
	if (isinf(o->at))
		return lt_error_set(err, "x %g to predict at is not finite",
		    o->at);
	if (isinf(o->target))
		return lt_error_set(err, "target %g is not finite",
		    o->target);
	return 0;
}

/*
 * Whether the curve of fit beats the straight line (forecast.h, step 4):
 * its AIC is lower by more than AIC_MARGIN, and the line's residuals are
 * not at the level of rounding already (there the AIC compares noise):
 * yabs is the largest |y|.
 */
static int
beats_line(const struct lt_forecast *fc, const struct lt_forecast_fit *fit,
    double yabs)
{
	double floor = ROUNDING * DBL_EPSILON * yabs;

	if (!(fit->aic < fc->line_aic - AIC_MARGIN))
		return 0;
	return fc->line_rss - fit->rss > (double)fc->n * floor * floor;
}

/* Choose among the fits, and say whether a straight line does as well
 * (forecast.h, step 4); yabs as for beats_line. */
static void
choose(struct lt_forecast *fc, enum lt_forecast_model asked, double yabs)
{
	enum lt_forecast_model best = LT_FORECAST_AUTO;
	size_t m;
	int pass;

	/* Pass 0: sound parameters; pass 1: any converged fit. */
	for (pass = 0; pass < 2 && best == LT_FORECAST_AUTO; pass++)
		for (m = 0; m < LT_FORECAST_NMODELS; m++) {
			enum lt_forecast_status st = fc->fit[m].status;

			if (st != LT_FORECAST_OK &&
			    (pass == 0 || st != LT_FORECAST_BAD_PARAMS))
				continue;
			if (best == LT_FORECAST_AUTO ||
			    fc->fit[m].aic < fc->fit[best].aic)
				best = (enum lt_forecast_model)m;
		}
	if (best == LT_FORECAST_AUTO) {
		fc->model = asked;
		if (asked != LT_FORECAST_AUTO) {
			fc->status = fc->fit[asked].status;
			return;
		}
		/* Under auto, name the model when only one could be tried. */
		fc->status = LT_FORECAST_NO_CONVERGENCE;
		if (fc->fit[LT_FORECAST_POWER].status == LT_FORECAST_BAD_X)
			fc->model = LT_FORECAST_EXP;
		return;
	}
	fc->model = best;
	if (!beats_line(fc, &fc->fit[best], yabs))
		fc->status = LT_FORECAST_NO_SATURATION;
	else
		fc->status = fc->fit[best].status;
}

static void
forecast_clear(struct lt_forecast *fc, const struct lt_forecast_opts *o,
    size_t n)
{
	size_t m;

	memset(fc, 0, sizeof(*fc));
	fc->mode = o->mode;
	fc->status = LT_FORECAST_TOO_FEW;
	fc->model = LT_FORECAST_AUTO;
	fc->n = n;
	fc->x_min = fc->x_max = NAN;
	for (m = 0; m < LT_FORECAST_NMODELS; m++)
		fit_clear(&fc->fit[m], LT_FORECAST_NOT_TRIED);
	fc->line_intercept = fc->line_slope = NAN;
	fc->line_rss = fc->line_aic = NAN;
	fc->a = fc->a_lo = fc->a_hi = fc->dof = fc->t_quantile = NAN;
	fc->at = o->at;
	fc->at_y = fc->at_lo = fc->at_hi = NAN;
	fc->target = o->target;
	fc->reach = LT_REACH_NONE;
	fc->target_x = NAN;
}

/* One model's fit, on a thread of its own or not. */
struct job {
	struct problem		 pb;	/* its T and ph; Y is shared */
	const double		*x;
	enum lt_forecast_model	 m;
	struct lt_forecast_fit	*fit;
	struct lt_error		 err;
	int			 rc;
};

static void *
job_run(void *arg)
{
	struct job *j = arg;
	struct problem *pb = &j->pb;
	double tmin, tmax;
	size_t i;

	if (j->m == LT_FORECAST_POWER) {
		tmin = log(pb->x_min);
		tmax = log(pb->x_max);
	} else {
		tmin = pb->x_min;
		tmax = pb->x_max;
	}
	pb->t0 = tmin;
	pb->ts = tmax - tmin;
	pb->T = lt_xcalloc(pb->n, sizeof(*pb->T));
	pb->ph = lt_xcalloc(pb->n, sizeof(*pb->ph));
	for (i = 0; i < pb->n; i++)
		pb->T[i] = ((j->m == LT_FORECAST_POWER ? log(j->x[i]) :
		    j->x[i]) - tmin) / pb->ts;
	j->rc = fit_model(pb, j->fit, &j->err);
	free(pb->T);
	free(pb->ph);
	pb->T = pb->ph = NULL;
	return NULL;
}

/*
 * Fit the models o asks for, each on its own copy of pb: the first in
 * this thread, the second on another when there are enough points to be
 * worth one.  The two fits share nothing but the points, so the numbers
 * are the same either way.  Returns 0, or -1 with err.
 */
static int
fit_models(const struct problem *pb, const double *x,
    const struct lt_forecast_opts *o, struct lt_forecast *fc,
    struct lt_error *err)
{
	struct job jobs[LT_FORECAST_NMODELS];
	pthread_t th;
	size_t m, nj = 0, k;
	int threaded = 0;

	for (m = 0; m < LT_FORECAST_NMODELS; m++) {
		if (o->model != LT_FORECAST_AUTO &&
		    o->model != (enum lt_forecast_model)m)
			continue;
		if (m == LT_FORECAST_POWER && !(fc->x_min > 0)) {
			fc->fit[m].status = LT_FORECAST_BAD_X;
			continue;
		}
		memset(&jobs[nj], 0, sizeof(jobs[nj]));
		jobs[nj].pb = *pb;
		jobs[nj].x = x;
		jobs[nj].m = (enum lt_forecast_model)m;
		jobs[nj].fit = &fc->fit[m];
		nj++;
	}
	if (nj == 2 && pb->n >= THREAD_MIN)
		threaded = pthread_create(&th, NULL, job_run, &jobs[1]) == 0;
	for (k = 0; k < nj; k++)
		if (k == 0 || !threaded)
			job_run(&jobs[k]);
	if (threaded)
		pthread_join(th, NULL);
	for (k = 0; k < nj; k++)
		if (jobs[k].rc == -1) {
			*err = jobs[k].err;
			return -1;
		}
	return 0;
}

int
lt_forecast_fit(const double *x, const double *y, size_t n,
    const struct lt_forecast_opts *o, struct lt_forecast *fc,
    struct lt_error *err)
{
	struct problem pb;
	double ymin, ymax, yabs, *Y;
	size_t i;
	int rc = 0;

	if (check_opts(o, err) == -1 || check_finite(x, n, "x", err) == -1 ||
	    check_finite(y, n, "y", err) == -1)
		return -1;
	forecast_clear(fc, o, n);
	if (n == 0)
		return 0;
	fc->x_min = fc->x_max = x[0];
	for (i = 1; i < n; i++) {
		fc->x_min = fmin(fc->x_min, x[i]);
		fc->x_max = fmax(fc->x_max, x[i]);
	}

	if (n < LT_FORECAST_MIN_POINTS || !enough_distinct(x, n))
		return 0;

	memset(&pb, 0, sizeof(pb));
	pb.n = n;
	pb.s = o->mode == LT_STATS_MIN ? -1 : 1;
	pb.x_min = fc->x_min;
	pb.x_max = fc->x_max;
	/* From the extremes of s y, so that a MIN fit is the MAX fit of -y
	 * in every bit. */
	ymin = ymax = pb.s * y[0];
	for (i = 1; i < n; i++) {
		ymin = fmin(ymin, pb.s * y[i]);
		ymax = fmax(ymax, pb.s * y[i]);
	}
	pb.ymid = ymin / 2 + ymax / 2;
	pb.yhalf = ymax / 2 - ymin / 2;
	yabs = fmax(fabs(ymin), fabs(ymax));
	pb.Y = Y = lt_xcalloc(n, sizeof(*Y));

	fit_line(x, y, n, pb.s, Y, fc);
	if (pb.yhalf == 0) {
		/* Every y equal: the line fits exactly. */
		fc->status = LT_FORECAST_NO_SATURATION;
		fc->model = o->model;
		goto out;
	}
	for (i = 0; i < n; i++)
		Y[i] = (pb.s * y[i] - pb.ymid) / pb.yhalf;
	pb.ymean = gsl_stats_mean(Y, 1, n);
	pb.syy = gsl_stats_tss_m(Y, 1, n, pb.ymean);

	if ((rc = fit_models(&pb, x, o, fc, err)) == -1)
		goto out;
	choose(fc, o->model, yabs);
	if (fc->status == LT_FORECAST_OK)
		rc = finish(fc, o, err);
out:
	free(Y);
	return rc;
}

/* The curve of fit (model m, direction s) at x, and its gradient in
 * (a, b, c). */
static double
curve_at(const struct lt_forecast_fit *fit, enum lt_forecast_model m,
    double s, double x, double grad[NPAR])
{
	double g, lx;

	if (m == LT_FORECAST_POWER) {
		lx = log(x);
		g = exp(-fit->c * lx);
	} else {
		lx = x;
		g = exp(-fit->c * x);
	}
	grad[0] = 1;
	grad[1] = -s * g;
	grad[2] = s * fit->b * lx * g;
	return fit->a - s * fit->b * g;
}

int
lt_forecast_curve(const struct lt_forecast *fc, const double *x, size_t n,
    double *y, double *lo, double *hi, struct lt_error *err)
{
	const struct lt_forecast_fit *fit;
	double s, grad[NPAR], var, half;
	size_t i, k, l;

	if (fc->status != LT_FORECAST_OK)
		return lt_error_set(err, "no forecast to draw: %s",
		    lt_forecast_status_name(fc->status));
	fit = &fc->fit[fc->model];
	s = fc->mode == LT_STATS_MIN ? -1 : 1;
	for (i = 0; i < n; i++) {
		if (!isfinite(x[i]))
			return lt_error_set(err, "x %g is not a finite number",
			    x[i]);
		if (fc->model == LT_FORECAST_POWER && !(x[i] > 0))
			return lt_error_set(err, "the power law is not "
			    "defined at x = %g", x[i]);
	}
	for (i = 0; i < n; i++) {
		y[i] = curve_at(fit, fc->model, s, x[i], grad);
		if (lo == NULL || hi == NULL)
			continue;
		var = 0;
		for (k = 0; k < NPAR; k++)
			for (l = 0; l < NPAR; l++)
				var += grad[k] * fit->cov[k][l] * grad[l];
		half = fc->t_quantile * sqrt(fmax(var, 0));
		lo[i] = y[i] - half;
		hi[i] = y[i] + half;
	}
	return 0;
}

enum lt_forecast_reach
lt_forecast_reach(const struct lt_forecast *fc, double target, double *x)
{
	const struct lt_forecast_fit *fit;
	double s, far, d, r, xc;

	*x = NAN;
	if (fc->status != LT_FORECAST_OK || !isfinite(target))
		return LT_REACH_NONE;
	fit = &fc->fit[fc->model];
	s = fc->mode == LT_STATS_MIN ? -1 : 1;
	far = s > 0 ? fc->a_hi : fc->a_lo;
	if (s * (target - far) > 0)
		return LT_REACH_NEVER;
	d = s * (fit->a - target);
	if (!(d > 0))
		return LT_REACH_UNSURE;
	r = fit->b / d;
	if (fc->model == LT_FORECAST_POWER)
		xc = pow(r, 1 / fit->c);
	else
		xc = log(r) / fit->c;
	if (!isfinite(xc))
		return LT_REACH_UNSURE;
	*x = xc;
	return xc <= fc->x_max ? LT_REACH_ALREADY : LT_REACH_AT;
}

const char *
lt_forecast_model_name(enum lt_forecast_model m)
{
	switch (m) {
	case LT_FORECAST_EXP:
		return "exp";
	case LT_FORECAST_POWER:
		return "power";
	case LT_FORECAST_AUTO:
		break;
	}
	return "auto";
}

int
lt_forecast_model_parse(const char *s, enum lt_forecast_model *m)
{
	if (strcmp(s, "exp") == 0)
		*m = LT_FORECAST_EXP;
	else if (strcmp(s, "power") == 0)
		*m = LT_FORECAST_POWER;
	else if (strcmp(s, "auto") == 0)
		*m = LT_FORECAST_AUTO;
	else
		return -1;
	return 0;
}

const char *
lt_forecast_status_name(enum lt_forecast_status s)
{
	switch (s) {
	case LT_FORECAST_OK:
		return "ok";
	case LT_FORECAST_TOO_FEW:
		return "too_few_points";
	case LT_FORECAST_NO_CONVERGENCE:
		return "no_convergence";
	case LT_FORECAST_NO_SATURATION:
		return "no_saturation";
	case LT_FORECAST_BAD_PARAMS:
		return "bad_parameters";
	case LT_FORECAST_BAD_X:
		return "x_not_positive";
	case LT_FORECAST_NOT_TRIED:
		break;
	}
	return "not_tried";
}

const char *
lt_forecast_reach_name(enum lt_forecast_reach r)
{
	switch (r) {
	case LT_REACH_ALREADY:
		return "already_reached";
	case LT_REACH_AT:
		return "reached";
	case LT_REACH_UNSURE:
		return "uncertain";
	case LT_REACH_NEVER:
		return "not_reached";
	case LT_REACH_NONE:
		break;
	}
	return "none";
}

int
lt_forecast_explain(const struct lt_forecast *fc, char *buf, size_t size)
{
	const struct lt_forecast_fit *fit;
	const char *name = lt_forecast_model_name(fc->model);

	switch (fc->status) {
	case LT_FORECAST_OK:
	case LT_FORECAST_NOT_TRIED:
		break;
	case LT_FORECAST_TOO_FEW:
		if (fc->n < LT_FORECAST_MIN_POINTS)
			return snprintf(buf, size, "%zu point%s; a forecast "
			    "needs at least %d", fc->n, fc->n == 1 ? "" : "s",
			    LT_FORECAST_MIN_POINTS);
		return snprintf(buf, size, "the %zu points lie at fewer "
		    "than %d distinct x", fc->n, MIN_DISTINCT);
	case LT_FORECAST_NO_CONVERGENCE:
		if (fc->model == LT_FORECAST_AUTO)
			return snprintf(buf, size, "neither the exponential "
			    "nor the power law fit converged");
		return snprintf(buf, size, "the %s fit did not converge",
		    name);
	case LT_FORECAST_NO_SATURATION:
		if (fc->model == LT_FORECAST_AUTO ||
		    isnan(fc->fit[fc->model].aic))
			return snprintf(buf, size, "no saturation: every "
			    "score is the same");
		if (fc->fit[fc->model].aic < fc->line_aic - AIC_MARGIN)
			return snprintf(buf, size, "no saturation: a straight "
			    "line fits the points exactly");
		return snprintf(buf, size, "no saturation: a straight line "
		    "fits as well (AIC %.1f, the %s curve's %.1f)",
		    fc->line_aic, name, fc->fit[fc->model].aic);
	case LT_FORECAST_BAD_PARAMS:
		fit = &fc->fit[fc->model];
		if (!(fit->c > 0))
			return snprintf(buf, size, "the %s curve has no "
			    "asymptote (c = %g)", name, fit->c);
		return snprintf(buf, size, "the %s curve moves away from "
		    "its asymptote, getting worse (b = %g)", name, fit->b);
	case LT_FORECAST_BAD_X:
		return snprintf(buf, size, "the power law needs every x > 0; "
		    "the smallest is %g", fc->x_min);
	}
	if (size > 0)
		buf[0] = '\0';
	return 0;
}
