/*
 * stats.c - regression, moments, smoothing and plateaus over values.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_statistics_double.h>

#include "buf.h"
#include "num.h"
#include "stats.h"
#include "tempfile.h"

/*
 * Linear regression.
 */

/*
 * Fill fit from a line and its sums of squares, applying the edge cases
 * of stats.h in one place so that lt_stats_fit and lt_fitacc_result
 * cannot disagree on them.  se is the slope's standard error.
 */
static void
fit_finish(struct lt_fit *fit, size_t n, double slope, double intercept,
    double ssres, double sstot, double se)
{
	double r2 = 0;

	if (sstot > 0) {
		r2 = 1 - ssres / sstot;
		/* Rounding can push a near-perfect or flat fit past [0, 1]. */
		r2 = fmin(1, fmax(0, r2));
	}
	if (n < 3 || !(se > 0))
		se = 0;

	fit->n = n;
	fit->slope = slope;
	fit->intercept = intercept;
	fit->r2 = r2;
	fit->stderr_slope = se;
	if (n < 3)
		fit->p_value = 1;
	else if (se == 0)
		fit->p_value = slope != 0 ? 0 : 1;
	else
		fit->p_value = fmin(1, 2 * gsl_cdf_tdist_Q(fabs(slope / se),
		    (double)(n - 2)));
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

int
lt_stats_fit(const double *x, const double *y, size_t n, struct lt_fit *fit,
    struct lt_error *err)
{
	double c0, c1, cov00, cov01, cov11, sumsq, sstot;
	size_t i;

	if (check_finite(x, n, "x", err) == -1 ||
	    check_finite(y, n, "y", err) == -1)
		return -1;
	if (n == 0) {
		fit_finish(fit, 0, 0, 0, 0, 0, 0);
		return 0;
	}

	sstot = gsl_stats_tss(y, 1, n);
	for (i = 1; i < n && x[i] == x[0]; i++)
		continue;
	if (i == n) {
		/* gsl_fit_linear would divide 0 by 0: no line is determined. */
		fit_finish(fit, n, 0, gsl_stats_mean(y, 1, n), sstot, sstot,
		    0);
		return 0;
	}

	gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11,
	    &sumsq);
	if (n == 2)
		sumsq = cov11 = 0;	/* the line is exact; GSL has 0/0 */
	fit_finish(fit, n, c1, c0, sumsq, sstot, sqrt(cov11));
	return 0;
}

void
lt_fitacc_init(struct lt_fitacc *a)
{
	memset(a, 0, sizeof(*a));
}

int
lt_fitacc_push(struct lt_fitacc *a, double x, double y, struct lt_error *err)
{
	double dx, dy, n;

	if (!isfinite(x))
		return lt_error_set(err, "x is %g, not a finite number", x);
	if (!isfinite(y))
		return lt_error_set(err, "y is %g, not a finite number", y);

	/*
	 * Welford: deviations from the old mean times the new one, without
	 * summing raw squares.  Its running mean is rounded at every step,
	 * and that error enters the co-moments to first order (5e-11 with x
	 * near 1.7e9); about the first point the means are small and so is
	 * their rounding.  Near x0, x - x0 is exact (Sterbenz).
	 */
	if (a->n == 0) {
		a->x0 = x;
		a->y0 = y;
	}
	x -= a->x0;
	y -= a->y0;
	n = (double)(a->n + 1);
	dx = x - a->mean_x;
	dy = y - a->mean_y;
	a->mean_x += dx / n;
	a->mean_y += dy / n;
	a->sxx += dx * (x - a->mean_x);
	a->sxy += dx * (y - a->mean_y);
	a->syy += dy * (y - a->mean_y);
	a->n++;
	return 0;
}

void
lt_fitacc_result(const struct lt_fitacc *a, struct lt_fit *fit)
{
	double my, slope, ssres, se;

	if (a->n == 0) {
		fit_finish(fit, 0, 0, 0, 0, 0, 0);
		return;
	}
	/* Equal x leave every deviation, hence sxx, exactly 0. */
	my = a->y0 + a->mean_y;
	if (a->sxx == 0) {
		fit_finish(fit, a->n, 0, my, a->syy, a->syy, 0);
		return;
	}

	slope = a->sxy / a->sxx;
	ssres = a->n == 2 ? 0 : fmax(0, a->syy - slope * a->sxy);
	se = a->n > 2 ? sqrt(ssres / (double)(a->n - 2) / a->sxx) : 0;
	fit_finish(fit, a->n, slope, my - slope * (a->x0 + a->mean_x), ssres,
	    a->syy, se);
}

/*
 * Trend direction.
 */

enum lt_stats_direction
lt_stats_direction_of(const struct lt_fit *fit, enum lt_stats_mode mode,
    double alpha, size_t min_n)
{
	if (fit->n < min_n || !(fit->p_value < alpha) || fit->slope == 0)
		return LT_STATS_FLAT;
	if ((fit->slope > 0) == (mode == LT_STATS_MAX))
		return LT_STATS_IMPROVING;
	return LT_STATS_DECLINING;
}

const char *
lt_stats_mode_name(enum lt_stats_mode mode)
{
	return mode == LT_STATS_MIN ? "min" : "max";
}

int
lt_stats_mode_parse(const char *s, enum lt_stats_mode *mode,
    struct lt_error *err)
{
	if (strcmp(s, "max") == 0)
		*mode = LT_STATS_MAX;
	else if (strcmp(s, "min") == 0)
		*mode = LT_STATS_MIN;
	else
		return lt_error_set(err, "direction \"%s\" is not max or min",
		    s);
	return 0;
}

const char *
lt_stats_direction_name(enum lt_stats_direction d)
{
	switch (d) {
	case LT_STATS_IMPROVING:
		return "improving";
	case LT_STATS_DECLINING:
		return "declining";
	case LT_STATS_FLAT:
		break;
	}
	return "flat";
}

int
lt_stats_format_p(double p, char *buf, size_t size)
{
	if (p < 0.001)
		return snprintf(buf, size, "p < 0.001");
	return snprintf(buf, size, "p = %.3f", p);
}

/*
 * Running moments.
 */

int
lt_moments_init(struct lt_moments *m, const char *dir, struct lt_error *err)
{
	memset(m, 0, sizeof(*m));
	m->fd = -1;
	m->dir = dir;
	(void)err;
	return 0;
}

static uint64_t	sort_key(double);
static double	key_value(uint64_t);

#define DIGIT_BITS	16
#define NDIGITS		(1u << DIGIT_BITS)

/* Move the values in memory to the file, making it first, and count
 * their keys' first digits (the selection's first pass, done here while
 * they are at hand); on failure (no dir, a full disk) they stay, and
 * memory grows instead. */
static void
spill(struct lt_moments *m)
{
	size_t len = m->nv * sizeof(*m->v), off, i;
	ssize_t w;

	if (m->fd < 0 && m->dir != NULL)
		m->fd = lt_tempfile_anon(m->dir, NULL);
	if (m->fd < 0)
		return;
	for (off = 0; off < len; off += (size_t)w)
		if ((w = pwrite(m->fd, (char *)m->v + off, len - off,
		    (off_t)(m->nfile * sizeof(*m->v) + off))) < 0) {
			if (errno == EINTR)
				w = 0;
			else
				return;	/* the file ends where it did */
		}
	if (m->first == NULL)
		m->first = lt_xcalloc(NDIGITS, sizeof(*m->first));
	for (i = 0; i < m->nv; i++)
		m->first[sort_key(m->v[i]) >> (64 - DIGIT_BITS)]++;
	m->nfile += m->nv;
	m->nv = 0;
}

void
lt_moments_live(struct lt_moments *m)
{
	m->live = 1;
}

/* Push y on the max-heap h of *n values (capacity *cap). */
static double *
heap_push(double *h, size_t *n, size_t *cap, double y)
{
	size_t i, up;

	h = lt_xgrow(h, cap, *n, sizeof(*h));
	for (i = (*n)++; i > 0 && h[up = (i - 1) / 2] < y; i = up)
		h[i] = h[up];
	h[i] = y;
	return h;
}

/* Take the largest value off the max-heap h of *n > 0 values. */
static double
heap_pop(double *h, size_t *n)
{
	double top = h[0], y = h[--*n];
	size_t i = 0, c;

	while ((c = 2 * i + 1) < *n) {
		if (c + 1 < *n && h[c + 1] > h[c])
			c++;
		if (!(h[c] > y))
			break;
		h[i] = h[c];
		i = c;
	}
	if (*n > 0)
		h[i] = y;
	return top;
}

/* Into the heaps: the lower half holds the middle value (n odd) or the
 * lower of the two (n even). */
static void
live_push(struct lt_moments *m, double y)
{
	if (m->nlo == 0 || y <= m->lo[0])
		m->lo = heap_push(m->lo, &m->nlo, &m->caplo, y);
	else
		m->hi = heap_push(m->hi, &m->nhi, &m->caphi, -y);
	if (m->nlo > m->nhi + 1)
		m->hi = heap_push(m->hi, &m->nhi, &m->caphi,
		    -heap_pop(m->lo, &m->nlo));
	else if (m->nhi > m->nlo)
		m->lo = heap_push(m->lo, &m->nlo, &m->caplo,
		    -heap_pop(m->hi, &m->nhi));
}

static void	keep(struct lt_moments *, double);

/* Keep each value counted in c as often as it came. */
static void
keep_counted(struct lt_moments *m, const struct lt_counts *c)
{
	size_t i, j;

	for (i = 0; i < c->len; i++)
		for (j = 0; j < c->n[i]; j++)
			keep(m, key_value(c->key[i]));
}

/* Too many distinct values: keep those counted, and the values from now
 * on. */
static void
uncount(struct lt_moments *m)
{
	struct lt_counts c = m->counts;

	memset(&m->counts, 0, sizeof(m->counts));
	m->kept = 1;
	keep_counted(m, &c);
	lt_counts_release(&c);
}

/* Keep y among m's values, for the median. */
static void
keep(struct lt_moments *m, double y)
{
	uint64_t k;
	long i;

	if (m->live) {
		live_push(m, y);
		return;
	}
	if (!m->kept) {
		k = sort_key(y);
		if (m->counts.len < LT_MOMENTS_DISTINCT) {
			(void)lt_counts_add(&m->counts, k, 1);
			return;
		}
		/* Full: a value met before is counted, a new one ends the
		 * counting. */
		if ((i = lt_counts_find(&m->counts, k)) >= 0) {
			m->counts.n[i]++;
			return;
		}
		uncount(m);
	}
	if (m->nv == LT_MOMENTS_MEM && m->dir != NULL)
		spill(m);
	m->v = lt_xgrow(m->v, &m->cap, m->nv, sizeof(*m->v));
	m->v[m->nv++] = y;
}

int
lt_moments_push(struct lt_moments *m, double y, struct lt_error *err)
{
	double delta, delta_n, n;

	if (!isfinite(y))
		return lt_error_set(err, "%g is not a finite number", y);
	delta = y - m->mean;
	if (m->n == 0)
		m->min = m->max = y;
	else if (y < m->min)
		m->min = y;
	else if (y > m->max)
		m->max = y;
	n = (double)++m->n;
	delta_n = delta / n;
	m->mean += delta_n;
	m->m2 += delta * delta_n * (n - 1);
	/* -0 is 0, as numpy's median would print it. */
	keep(m, y == 0 ? 0 : y);
	return 0;
}

/*
 * The exact median of values partly in a file: a radix selection on the
 * values' bits, read as 64-bit keys that sort as the doubles do.  Each
 * pass over the values counts, among those whose key begins with the
 * digits found so far, the next 16 bits, and keeps the digit under which
 * the rank falls (the first digits were counted as the values went to the
 * file); once few enough values share the prefix, one last pass gathers
 * them and gsl_stats_select finds the rank among them, and the next rank
 * (an even count's other middle value) from the same values, unless it
 * lies beyond them.
 */
#define GATHER_MAX	65536

static uint64_t
sort_key(double x)
{
	uint64_t k;

	memcpy(&k, &x, sizeof(k));
	return k >> 63 ? ~k : k | (UINT64_C(1) << 63);
}

/* The double whose sort_key is k. */
static double
key_value(uint64_t k)
{
	double x;

	k = k >> 63 ? k & ~(UINT64_C(1) << 63) : ~k;
	memcpy(&x, &k, sizeof(x));
	return x;
}

/* Call fn(ctx, values, n) for every value of m, a chunk at a time.
 * Returns 0, or -1 when the file cannot be read. */
static int
each_chunk(const struct lt_moments *m, void (*fn)(void *, const double *,
    size_t), void *ctx)
{
	double buf[8192];
	size_t done = 0, want;
	ssize_t r;

	while (done < m->nfile) {
		want = m->nfile - done;
		if (want > sizeof(buf) / sizeof(buf[0]))
			want = sizeof(buf) / sizeof(buf[0]);
		r = pread(m->fd, buf, want * sizeof(buf[0]),
		    (off_t)(done * sizeof(buf[0])));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || (size_t)r % sizeof(buf[0]) != 0)
			return -1;
		fn(ctx, buf, (size_t)r / sizeof(buf[0]));
		done += (size_t)r / sizeof(buf[0]);
	}
	fn(ctx, m->v, m->nv);
	return 0;
}

static void
keep_all(void *ctx, const double *v, size_t n)
{
	struct lt_moments *m = ctx;
	size_t i;

	for (i = 0; i < n; i++)
		keep(m, v[i]);
}

int
lt_moments_copy(struct lt_moments *dst, const struct lt_moments *src,
    struct lt_error *err)
{
	size_t i;

	dst->n = src->n;
	dst->mean = src->mean;
	dst->m2 = src->m2;
	dst->min = src->min;
	dst->max = src->max;
	if (!dst->live && !dst->kept && dst->counts.len == 0)
		/* Counted into counted: each value with its count. */
		for (i = 0; i < src->counts.len; i++)
			(void)lt_counts_add(&dst->counts, src->counts.key[i],
			    src->counts.n[i]);
	else
		keep_counted(dst, &src->counts);
	for (i = 0; i < src->nlo; i++)
		keep(dst, src->lo[i]);
	for (i = 0; i < src->nhi; i++)
		keep(dst, -src->hi[i]);
	if (each_chunk(src, keep_all, dst) != 0) {
		dst->lost = 1;
		return lt_error_set(err, "cannot read back the values kept "
		    "for a median");
	}
	return 0;
}

struct radix {
	uint64_t	 prefix;	/* the digits found so far */
	unsigned	 known;		/* their number of bits */
	size_t		*count;		/* NDIGITS counters */
	double		*got;		/* the values gathered */
	size_t		 ngot;
	double		 above, least;	/* least_above's */
};

static void
count_digits(void *ctx, const double *v, size_t n)
{
	struct radix *x = ctx;
	unsigned shift = 64 - x->known - DIGIT_BITS;
	uint64_t k;
	size_t i;

	for (i = 0; i < n; i++) {
		k = sort_key(v[i]);
		if (x->known == 0 || k >> (64 - x->known) == x->prefix)
			x->count[(k >> shift) & (NDIGITS - 1)]++;
	}
}

static void
gather(void *ctx, const double *v, size_t n)
{
	struct radix *x = ctx;
	size_t i;

	for (i = 0; i < n; i++)
		if (x->known == 0 ||
		    sort_key(v[i]) >> (64 - x->known) == x->prefix)
			x->got[x->ngot++] = v[i];
}

static void
least_above(void *ctx, const double *v, size_t n)
{
	struct radix *x = ctx;
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] > x->above && !(v[i] >= x->least))
			x->least = v[i];
}

/* The least of m's values above y (there is one); NaN when the file
 * cannot be read. */
static double
least_value_above(const struct lt_moments *m, double y)
{
	struct radix x = { .above = y, .least = NAN };

	return each_chunk(m, least_above, &x) == 0 ? x.least : NAN;
}

/*
 * The value of rank k (from 0) among m's values into *y, and with two,
 * of rank k + 1 into *y2; NaN when the file cannot be read.
 */
static void
select_ranks(const struct lt_moments *m, size_t k, int two, double *y,
    double *y2)
{
	struct radix x = { 0 };
	size_t d, below, i, lt, eq, in = m->nfile + m->nv;
	double z;

	*y = *y2 = NAN;
	x.count = lt_xcalloc(NDIGITS, sizeof(*x.count));
	while (in > GATHER_MAX && x.known < 64) {
		if (x.known == 0 && m->first != NULL) {
			/* The file's first digits are counted already. */
			memcpy(x.count, m->first, NDIGITS * sizeof(*x.count));
			count_digits(&x, m->v, m->nv);
		} else {
			memset(x.count, 0, NDIGITS * sizeof(*x.count));
			if (each_chunk(m, count_digits, &x) != 0)
				goto out;
		}
		for (d = 0, below = 0; below + x.count[d] <= k; d++)
			below += x.count[d];
		k -= below;
		in = x.count[d];
		x.prefix = x.known == 0 ? d : x.prefix << DIGIT_BITS | d;
		x.known += DIGIT_BITS;
	}
	if (x.known == 64) {
		*y = key_value(x.prefix);	/* all of them this value */
		if (two)
			*y2 = k + 1 < in ? *y : least_value_above(m, *y);
		goto out;
	}
	x.got = lt_xcalloc(in ? in : 1, sizeof(*x.got));
	if (each_chunk(m, gather, &x) != 0 || x.ngot != in)
		goto out;
	*y = gsl_stats_select(x.got, 1, x.ngot, k);
	if (!two)
		goto out;
	/* Rank k + 1: *y again while its copies last, else the least
	 * gathered value above it, else the least of all above it. */
	for (i = 0, lt = eq = 0, z = NAN; i < x.ngot; i++) {
		lt += x.got[i] < *y;
		eq += x.got[i] == *y;
		if (x.got[i] > *y && !(x.got[i] >= z))
			z = x.got[i];
	}
	*y2 = k + 1 < lt + eq ? *y : !isnan(z) ? z : least_value_above(m, *y);
out:
	free(x.got);
	free(x.count);
}

/* A distinct value (its sort key) and how often it came. */
struct count {
	uint64_t	key;
	size_t		n;
};

static int
cmp_count(const void *a, const void *b)
{
	uint64_t x = ((const struct count *)a)->key;
	uint64_t y = ((const struct count *)b)->key;

	return (x > y) - (x < y);
}

/* The median of m's n counted values: the distinct ones in order, their
 * counts summed up to the middle ranks. */
static double
counted_median(const struct lt_moments *m, size_t n)
{
	struct count *c;
	size_t i, nc = m->counts.len, below = 0;
	double lo = NAN, hi = NAN;

	/* In order: a sorted copy, as the table indexes them where they
	 * are. */
	c = lt_xcalloc(nc + 1, sizeof(*c));
	for (i = 0; i < nc; i++) {
		c[i].key = m->counts.key[i];
		c[i].n = m->counts.n[i];
	}
	qsort(c, nc, sizeof(*c), cmp_count);
	for (i = 0; i < nc; below += c[i++].n) {
		if (isnan(lo) && below + c[i].n > (n - 1) / 2)
			lo = key_value(c[i].key);
		if (below + c[i].n > n / 2) {
			hi = key_value(c[i].key);
			break;
		}
	}
	free(c);
	return n % 2 == 1 ? hi : (lo + hi) / 2;
}

/* The median of m's n values (n > 0), as numpy's: the middle value, or
 * the mean of the two middle ones. */
static double
median(struct lt_moments *m, size_t n)
{
	double lo, hi;

	if (m->lost)
		return NAN;
	if (m->live)
		return n % 2 == 1 ? m->lo[0] : (m->lo[0] - m->hi[0]) / 2;
	if (!m->kept)
		return counted_median(m, n);
	if (m->nfile == 0)
		return gsl_stats_median(m->v, 1, m->nv);
	if (n % 2 == 1) {
		select_ranks(m, n / 2, 0, &lo, &hi);
		return lo;
	}
	select_ranks(m, n / 2 - 1, 1, &lo, &hi);
	return (lo + hi) / 2;
}

void
lt_moments_get(struct lt_moments *m, struct lt_summary *s)
{
	double n;

	memset(s, 0, sizeof(*s));
	s->n = m->n;
	if (s->n == 0)
		return;
	n = (double)s->n;
	s->mean = m->mean;
	/* The sample variance, as gsl_rstat_variance gives it, made
	 * numpy's std (ddof 0): the same rounding as before. */
	s->sd = s->n > 1 ? sqrt(m->m2 / (n - 1) * (n - 1) / n) : 0;
	s->min = m->min;
	s->max = m->max;
	if (m->ndone != s->n) {
		m->median = median(m, s->n);
		m->ndone = s->n;
	}
	s->median = m->median;
}

void
lt_moments_release(struct lt_moments *m)
{
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
	free(m->v);
	free(m->first);
	m->first = NULL;
	free(m->lo);
	free(m->hi);
	lt_counts_release(&m->counts);
	m->v = m->lo = m->hi = NULL;
	m->nv = m->cap = m->nfile = 0;
	m->nlo = m->nhi = m->caplo = m->caphi = 0;
}

/*
 * Smoothing.
 */

int
lt_ema_init(struct lt_ema *e, double w, struct lt_error *err)
{
	if (!(w >= 0 && w < 1))
		return lt_error_set(err,
		    "smoothing weight %g is outside [0, 1)", w);
	e->weight = w;
	e->last = 0;
	e->num = 0;
	e->first = 0;
	e->constant = true;
	return 0;
}

double
lt_ema_push(struct lt_ema *e, double y)
{
	if (!isfinite(y))
		return y;
	e->last = e->last * e->weight + (1 - e->weight) * y;
	e->num++;
	if (e->num == 1)
		e->first = y;
	else if (y != e->first)
		e->constant = false;
	if (e->constant)
		return y;
	return e->last / (1 - pow(e->weight, (double)e->num));
}

int
lt_sma_init(struct lt_sma *s, size_t n, struct lt_error *err)
{
	memset(s, 0, sizeof(*s));
	if (n == 0)
		return lt_error_set(err, "a window of 0 values");
	s->ring = calloc(n, sizeof(*s->ring));
	if (s->ring == NULL)
		return lt_error_set(err,
		    "out of memory for a window of %zu values", n);
	s->size = n;
	return 0;
}

double
lt_sma_push(struct lt_sma *s, double y)
{
	size_t i;

	if (!isfinite(y))
		return y;
	if (s->count == s->size)
		s->sum -= s->ring[s->head];
	else
		s->count++;
	s->ring[s->head] = y;
	s->sum += y;
	if (++s->head == s->size) {
		/* Adding and subtracting for ever lets rounding drift; the
		 * window is full here, so start the sum afresh from it. */
		s->head = 0;
		s->sum = 0;
		for (i = 0; i < s->size; i++)
			s->sum += s->ring[i];
	}
	return s->sum / (double)s->count;
}

void
lt_sma_release(struct lt_sma *s)
{
	free(s->ring);
	memset(s, 0, sizeof(*s));
}

int
lt_runmed_init(struct lt_runmed *r, size_t n, struct lt_error *err)
{
	memset(r, 0, sizeof(*r));
	if (n == 0)
		return lt_error_set(err, "a window of 0 values");
	r->ring = calloc(n, sizeof(*r->ring));
	r->sorted = calloc(n, sizeof(*r->sorted));
	if (r->ring == NULL || r->sorted == NULL) {
		lt_runmed_release(r);
		return lt_error_set(err,
		    "out of memory for a window of %zu values", n);
	}
	r->size = n;
	return 0;
}

/* The first index of a[0..n) whose value is not below v. */
static size_t
lower_bound(const double *a, size_t n, double v)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (a[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

double
lt_runmed_push(struct lt_runmed *r, double y)
{
	size_t i, mid;

	if (!isfinite(y))
		return y;
	if (r->count == r->size) {
		/* Any copy of an equal value will do: they are the same. */
		i = lower_bound(r->sorted, r->count, r->ring[r->head]);
		memmove(&r->sorted[i], &r->sorted[i + 1],
		    (r->count - i - 1) * sizeof(*r->sorted));
		r->count--;
	}
	r->ring[r->head] = y;
	r->head = (r->head + 1) % r->size;
	i = lower_bound(r->sorted, r->count, y);
	memmove(&r->sorted[i + 1], &r->sorted[i],
	    (r->count - i) * sizeof(*r->sorted));
	r->sorted[i] = y;
	r->count++;

	mid = r->count / 2;
	if (r->count % 2 == 1)
		return r->sorted[mid];
	return (r->sorted[mid - 1] + r->sorted[mid]) / 2;
}

void
lt_runmed_release(struct lt_runmed *r)
{
	free(r->ring);
	free(r->sorted);
	memset(r, 0, sizeof(*r));
}

/* Parse all of s as a weight for lt_ema_init. */
static int
parse_weight(const char *s, double *w)
{
	char *end;

	if (*s == '\0' || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	*w = lt_num_strtod(s, &end);
	if (*end != '\0' || errno != 0)
		return -1;
	return 0;
}

/* Parse all of s as a window size: decimal digits only, at least 1. */
static int
parse_count(const char *s, size_t *n)
{
	unsigned long long v;
	const char *p;
	char *end;

	for (p = s; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p))
			return -1;
	if (p == s)
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || v == 0 || v > SIZE_MAX / 2 / sizeof(double))
		return -1;
	*n = (size_t)v;
	return 0;
}

int
lt_smoother_init(struct lt_smoother *s, const char *spec,
    struct lt_error *err)
{
	const char *arg;
	double w;
	size_t n;

	memset(s, 0, sizeof(*s));
	s->kind = LT_SMOOTH_EMA;	/* owns nothing, so release is safe */
	if (strncmp(spec, "sma:", 4) == 0) {
		if (parse_count(spec + 4, &n) == -1)
			goto bad;
		s->kind = LT_SMOOTH_SMA;
		return lt_sma_init(&s->u.sma, n, err);
	}
	if (strncmp(spec, "median:", 7) == 0) {
		if (parse_count(spec + 7, &n) == -1)
			goto bad;
		s->kind = LT_SMOOTH_MEDIAN;
		return lt_runmed_init(&s->u.med, n, err);
	}
	arg = strncmp(spec, "ema:", 4) == 0 ? spec + 4 : spec;
	if (parse_weight(arg, &w) == -1)
		goto bad;
	return lt_ema_init(&s->u.ema, w, err);
bad:
	s->kind = LT_SMOOTH_EMA;
	return lt_error_set(err, "smoothing \"%s\" is not ema:ALPHA, ALPHA, "
	    "sma:N or median:N", spec);
}

double
lt_smoother_push(struct lt_smoother *s, double y)
{
	switch (s->kind) {
	case LT_SMOOTH_SMA:
		return lt_sma_push(&s->u.sma, y);
	case LT_SMOOTH_MEDIAN:
		return lt_runmed_push(&s->u.med, y);
	case LT_SMOOTH_EMA:
		break;
	}
	return lt_ema_push(&s->u.ema, y);
}

int
lt_smoother_describe(const struct lt_smoother *s, char *buf, size_t size)
{
	char num[LT_NUM_BUFSZ];

	switch (s->kind) {
	case LT_SMOOTH_SMA:
		return snprintf(buf, size, "sma:%zu", s->u.sma.size);
	case LT_SMOOTH_MEDIAN:
		return snprintf(buf, size, "median:%zu", s->u.med.size);
	case LT_SMOOTH_EMA:
		break;
	}
	/* The shortest text that reads back as the weight: 0.6, not
	 * 0.59999999999999998. */
	lt_num_format(s->u.ema.weight, num);
	return snprintf(buf, size, "ema:%s", num);
}

void
lt_smoother_release(struct lt_smoother *s)
{
	switch (s->kind) {
	case LT_SMOOTH_SMA:
		lt_sma_release(&s->u.sma);
		break;
	case LT_SMOOTH_MEDIAN:
		lt_runmed_release(&s->u.med);
		break;
	case LT_SMOOTH_EMA:
		break;
	}
}

/*
 * Plateau detection.
 */

int
lt_plateau_init(struct lt_plateau *p, enum lt_stats_mode mode,
    size_t patience, enum lt_plateau_delta kind, double delta,
    struct lt_error *err)
{
	if (!(delta >= 0) || !isfinite(delta))
		return lt_error_set(err, "%s %g is not a finite number >= 0",
		    kind == LT_PLATEAU_REL ? "relative delta" : "min delta",
		    delta);
	p->mode = mode;
	p->kind = kind;
	p->delta = delta;
	p->patience = patience;
	p->n = 0;
	p->best = mode == LT_STATS_MAX ? -INFINITY : INFINITY;
	p->wait = 0;
	return 0;
}

static bool
improves(const struct lt_plateau *p, double v)
{
	bool max = p->mode == LT_STATS_MAX;
	double d = p->delta;

	/* PyTorch's best * (1 - R) is NaN on the infinite start when R is
	 * 1: any value beats an infinite best, whatever the threshold. */
	if (isinf(p->best))
		return max ? v > p->best : v < p->best;
	if (p->kind == LT_PLATEAU_REL)
		return max ? v > p->best * (1 + d) : v < p->best * (1 - d);
	return max ? v - d > p->best : v + d < p->best;
}

bool
lt_plateau_push(struct lt_plateau *p, double v)
{
	p->n++;
	if (improves(p, v)) {
		p->best = v;
		p->wait = 0;
	} else
		p->wait++;
	return lt_plateau_holds(p);
}

bool
lt_plateau_holds(const struct lt_plateau *p)
{
	return p->wait > 0 && p->wait >= p->patience;
}
