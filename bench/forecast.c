/*
 * forecast.c - how long lt_forecast_fit takes on N points of one curve,
 * and how much memory it holds.
 *
 * usage: forecast [N [RUNS]]
 *
 * Two curves of N points at x = 1..N, so that both models are fitted
 * (auto), each once the better and once the one that does not fit:
 *   exp    y = 0.9 - 0.6 exp(-5 (x - 1) / N) + u
 *   power  y = 0.9 - 0.6 x^-0.5 + u
 * with u uniform in [-0.01, 0.01) from a fixed 64-bit LCG (Knuth's
 * MMIX constants), so every run fits the same numbers.  Each fit is
 * timed alone RUNS times; the minimum and the median
 * are printed, in wall-clock and in CPU time (the machine may be shared:
 * CPU time is what the fit itself took), with the peak resident set size
 * before the fits (the points) and after them.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "forecast.h"

static double
now(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
peak_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The curve named kind at x = 1..n into x and y. */
static void
curve(const char *kind, size_t n, double *x, double *y)
{
	uint64_t st = 42;
	double u;
	size_t i;

	for (i = 0; i < n; i++) {
		st = st * 6364136223846793005ULL + 1442695040888963407ULL;
		u = (double)(st >> 11) / 9007199254740992.0;
		x[i] = (double)(i + 1);
		if (kind[0] == 'e')
			y[i] = 0.9 - 0.6 * exp(-5.0 * (double)i / (double)n);
		else
			y[i] = 0.9 - 0.6 * pow(x[i], -0.5);
		y[i] += 0.02 * (u - 0.5);
	}
}

int
main(int argc, char **argv)
{
	static const char *kinds[] = { "exp", "power" };
	struct lt_forecast_opts o;
	struct lt_forecast fc;
	struct lt_error err;
	double *x, *y, *t, *c, t0, c0;
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	size_t runs = argc > 2 ? strtoul(argv[2], NULL, 10) : 5;
	size_t k, r;
	long before;

	if (n < 8 || runs < 1) {
		fprintf(stderr, "usage: forecast [N >= 8 [RUNS >= 1]]\n");
		return 2;
	}
	x = calloc(n, sizeof(*x));
	y = calloc(n, sizeof(*y));
	t = calloc(runs, sizeof(*t));
	c = calloc(runs, sizeof(*c));
	if (x == NULL || y == NULL || t == NULL || c == NULL) {
		fprintf(stderr, "forecast: out of memory\n");
		return 2;
	}
	lt_forecast_opts_init(&o);
	o.target = 0.95;
	for (k = 0; k < 2; k++) {
		curve(kinds[k], n, x, y);
		before = peak_kib();
		for (r = 0; r < runs; r++) {
			t0 = now(CLOCK_MONOTONIC);
			c0 = now(CLOCK_PROCESS_CPUTIME_ID);
			if (lt_forecast_fit(x, y, n, &o, &fc, &err) == -1) {
				fprintf(stderr, "forecast: %s\n", err.msg);
				return 2;
			}
			t[r] = now(CLOCK_MONOTONIC) - t0;
			c[r] = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
		}
		qsort(t, runs, sizeof(*t), cmp);
		qsort(c, runs, sizeof(*c), cmp);
		printf("%s curve, %zu points, auto: %s, chose %s, "
		    "a = %.6f [%.6f, %.6f], 0.95 %s\n", kinds[k], n,
		    lt_forecast_status_name(fc.status),
		    lt_forecast_model_name(fc.model), fc.a, fc.a_lo, fc.a_hi,
		    lt_forecast_reach_name(fc.reach));
		printf("  passes over the points: exp %zu, power %zu\n",
		    fc.fit[LT_FORECAST_EXP].evals,
		    fc.fit[LT_FORECAST_POWER].evals);
		printf("  fit time over %zu runs: wall-clock min %.3f s, "
		    "median %.3f s; CPU min %.3f s, median %.3f s\n", runs,
		    t[0], t[runs / 2], c[0], c[runs / 2]);
		printf("  peak RSS: %ld KiB with the points, %ld KiB after "
		    "the fits\n", before, peak_kib());
	}
	free(x);
	free(y);
	free(t);
	free(c);
	return 0;
}
