/*
 * compare.c - the statistics of lt compare, timed on their own.
 *
 * Usage: compare [RESAMPLES]   (default LT_COMPARE_RESAMPLES)
 *
 * Cases, each timed REPEAT times, once if it takes over 5 s (the best and
 * the median are printed, as the machine is shared):
 *   summaries  50 runs of 10^5 scores streamed through lt_compare_run
 *              (the per-event part of lt compare, --last 10), then the
 *              comparison of their 50 summaries in 2 groups of 25 and in
 *              5 groups of 10, with RESAMPLES bootstrap resamples;
 *   samples    2 single runs compared on their last 10^5 scores each,
 *              with RESAMPLES resamples and with a tenth of them;
 *   curves     the same 50 runs fed, step by step, into two
 *              lt_compare_curve of 25 runs, and their points taken.
 * Peak resident memory is printed at the end, and how much of it came
 * after the scores were generated.  The scores are a rising
 * curve with a fixed noise (GSL's MT19937, seed 1), so every run of the
 * benchmark computes the same numbers.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <gsl/gsl_rng.h>

#include "compare.h"

#define RUNS	50
#define EVENTS	100000
#define REPEAT	3

static double **scores;		/* RUNS x EVENTS */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Time f(arg) REPEAT times, or once if that takes over 5 s; print the
 * best and the median. */
static void
timed(const char *what, void (*f)(void *), void *arg)
{
	double t[REPEAT], t0;
	int i, n = REPEAT;

	for (i = 0; i < n; i++) {
		t0 = now();
		f(arg);
		t[i] = now() - t0;
		if (t[i] > 5)
			n = 1;
	}
	qsort(t, (size_t)n, sizeof(t[0]), by_value);
	printf("%-58s best %8.3f s  median %8.3f s  (%d run%s)\n", what,
	    t[0], t[n / 2], n, n > 1 ? "s" : "");
	fflush(stdout);
}

static void
die(const struct lt_error *err)
{
	fprintf(stderr, "bench/compare: %s\n", err->msg);
	exit(2);
}

static double summary[RUNS];

static void
summarise(void *arg)
{
	struct lt_compare_run r;
	struct lt_error err;
	size_t i, k;

	(void)arg;
	for (k = 0; k < RUNS; k++) {
		if (lt_compare_run_init(&r, LT_STATS_MAX, 10, &err) == -1)
			die(&err);
		for (i = 0; i < EVENTS; i++)
			if (lt_compare_run_push(&r, scores[k][i], &err) == -1)
				die(&err);
		if (lt_compare_run_summary(&r, LT_COMPARE_SUMMARY_LAST,
		    &summary[k], &err) == -1)
			die(&err);
		lt_compare_run_release(&r);
	}
}

struct job {
	struct lt_compare_input	*in;
	size_t			 ngroups;
	struct lt_compare_opts	 o;
};

static void
compare(void *arg)
{
	struct job *j = arg;
	struct lt_compare *r;
	struct lt_error err;

	if ((r = lt_compare_new(j->in, j->ngroups, &j->o, &err)) == NULL)
		die(&err);
	lt_compare_free(r);
}

static void
curves(void *arg)
{
	struct lt_compare_curve *c[2];
	struct lt_compare_point *p;
	struct lt_error err;
	size_t i, k, n, total = 0;

	(void)arg;
	for (k = 0; k < 2; k++)
		if ((c[k] = lt_compare_curve_new(RUNS / 2, &err)) == NULL)
			die(&err);
	/* Runs one after another, as lt reads one log after another. */
	for (k = 0; k < RUNS; k++)
		for (i = 0; i < EVENTS; i++)
			if (lt_compare_curve_add(c[k % 2], k / 2,
			    (int64_t)(i * 100), scores[k][i], &err) == -1)
				die(&err);
	for (k = 0; k < 2; k++) {
		if (lt_compare_curve_points(c[k], 95, RUNS / 2, &p, &n,
		    &err) == -1)
			die(&err);
		total += n;
		free(p);
		lt_compare_curve_free(c[k]);
	}
	if (total != 2 * EVENTS) {
		fprintf(stderr, "bench/compare: %zu points, not %d\n", total,
		    2 * EVENTS);
		exit(2);
	}
}

int
main(int argc, char **argv)
{
	struct lt_compare_input in[5];
	struct rusage ru;
	char what[128];
	struct job j;
	gsl_rng *rng;
	size_t resamples = LT_COMPARE_RESAMPLES, i, k, g;
	long rss0;

	if (argc > 1)
		resamples = strtoul(argv[1], NULL, 10);
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 1);
	scores = malloc(RUNS * sizeof(*scores));
	for (k = 0; k < RUNS; k++) {
		scores[k] = malloc(EVENTS * sizeof(**scores));
		for (i = 0; i < EVENTS; i++)
			scores[k][i] = 0.9 - 0.5 * exp(-(double)i / 20000) +
			    0.002 * (double)(k % 2) +
			    0.02 * (gsl_rng_uniform(rng) - 0.5);
	}
	gsl_rng_free(rng);

	getrusage(RUSAGE_SELF, &ru);
	rss0 = ru.ru_maxrss;
	printf("%d runs of %d scores; %zu resamples\n", RUNS, EVENTS,
	    resamples);
	timed("summaries: 50 runs x 10^5 scores, mean of the last 10",
	    summarise, NULL);

	lt_compare_opts_init(&j.o);
	j.o.resamples = resamples;
	j.in = in;
	for (g = 0; g < 2; g++) {
		in[g].name = g ? "odd" : "even";
		in[g].x = &summary[25 * g];
		in[g].n = 25;
	}
	j.ngroups = 2;
	snprintf(what, sizeof(what), "compare: 2 groups x 25 summaries");
	timed(what, compare, &j);
	for (g = 0; g < 5; g++) {
		in[g].name = "group";
		in[g].x = &summary[10 * g];
		in[g].n = 10;
	}
	j.ngroups = 5;
	snprintf(what, sizeof(what), "compare: 5 groups x 10 summaries");
	timed(what, compare, &j);

	for (g = 0; g < 2; g++) {
		in[g].name = g ? "b" : "a";
		in[g].x = scores[g];
		in[g].n = EVENTS;
	}
	j.ngroups = 2;
	j.o.unit = LT_COMPARE_SCORES;
	j.o.resamples = resamples / 10;
	snprintf(what, sizeof(what), "compare: 2 runs x 10^5 scores, %zu "
	    "resamples", j.o.resamples);
	timed(what, compare, &j);
	j.o.resamples = resamples;
	snprintf(what, sizeof(what), "compare: 2 runs x 10^5 scores, %zu "
	    "resamples", j.o.resamples);
	timed(what, compare, &j);

	timed("curves: 50 runs x 10^5 steps into 2 groups, all points",
	    curves, NULL);

	getrusage(RUSAGE_SELF, &ru);
	printf("peak RSS %ld KiB, %ld KiB over the scores generated\n",
	    ru.ru_maxrss, ru.ru_maxrss - rss0);
	for (k = 0; k < RUNS; k++)
		free(scores[k]);
	free(scores);
	return 0;
}
