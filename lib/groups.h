/*
 * groups.h - the runs lt compare compares and the groups they form, read
 * from logs: which task of which log each run is, its direction and
 * score name, its summary, and the curve of each group across its runs.
 *
 * A run is one task of one log.  Either each run is a log of its own
 * (its task named, else the one the log holds), or the runs are tasks of
 * one log.  A group gathers the runs of one configuration, its seeds; the
 * first group is the baseline.  A run becomes one number (compare.h's
 * summaries: the mean of its last N scores, its best, the mean of all)
 * or, when every group is a single run, its last N scores, compared as
 * samples.  Or, instead, each group's runs make one curve across seeds.
 *
 * A run's direction and score name are what its log's tasks file says of
 * its task (taskinfo.h); all runs must have one score name, and one
 * direction unless a direction is given for all.
 *
 * Reading: the mean of the last N scores of a log of its own is read from
 * the log's end (tail.h), so a large log costs a few blocks; anything
 * else reads each log once (the tasks of one log whose group members are
 * patterns, and its curves, twice).  Memory grows with the runs, N, and
 * for curves the distinct steps, never with the events.
 */
#ifndef LT_GROUPS_H
#define LT_GROUPS_H

#include <stddef.h>

#include "compare.h"
#include "error.h"
#include "engine.h"
#include "stats.h"
#include "taskinfo.h"
#include "tasktab.h"

/* A group as given: its name and its members, borrowed for
 * lt_groups_new.  Members are logs (globs expanded by the caller) or,
 * with one log, names or fnmatch(3) patterns of its tasks. */
struct lt_groups_spec {
	const char		*name;
	const char *const	*members;
	size_t			 nmembers;
};

/* The default N of the mean of a run's last N scores (--last). */
#define LT_GROUPS_LAST	10

struct lt_groups_opts {
	/* The log whose tasks are the runs, or NULL: members are logs. */
	const char		*log;
	/* Members are logs: the task of each, or NULL for the one each
	 * holds (which must be the only task among the events read). */
	const char		*task;
	int			 dir_set;	/* dir overrides the logs' */
	enum lt_stats_mode	 dir;
	enum lt_compare_summary	 summary;
	size_t			 last;		/* N >= 1 */
	int			 curves;	/* curves, not summaries */
	double			 level;		/* curves: percent, (0, 100) */
	struct lt_reader_opts	 ropts;		/* strictness, warnings */
	size_t			 skipped;	/* out: bad lines skipped */
};

/* Fill o with the defaults: members are logs, each its own task, the
 * logs' directions, the mean of the last 10 scores, LT_COMPARE_LEVEL. */
void	lt_groups_opts_init(struct lt_groups_opts *o);

struct lt_groups_run {
	char		*log;
	char		*task;
	size_t		 n;		/* the scores summarised */
	double		 summary;	/* NaN for curves */
	/* When every group is one run: its last n scores, oldest first;
	 * else NULL. */
	double		*scores;
};

struct lt_groups_group {
	char			*name;
	struct lt_groups_run	*runs;
	size_t			 nruns;
	/* Curves: the steps (episode_count) every run of the group has a
	 * score at, ascending, with the mean and its interval. */
	struct lt_compare_point	*pts;
	size_t			 npts;
	size_t			 repeats;	/* steps a run logged again */
};

struct lt_groups {
	struct lt_groups_group	*v;
	size_t			 n;
	enum lt_stats_mode	 dir;
	char			*score_name;
	enum lt_compare_unit	 unit;
	enum lt_compare_summary	 summary;
	size_t			 last;
	int			 curves;
	double			 level;
	struct lt_compare	*cmp;	/* lt_groups_compare's, or NULL */
};

/*
 * Read the runs of specs[0..nspecs) as o says, into groups; with o->log
 * and no spec, each task of the log is a group of its own, in the order
 * they first come.  Errors, each naming what it is about: a group with
 * no name, no member, or a name given twice; a run in two places; fewer
 * than two runs; a member that matches no task, a task not in a log, a
 * log without events or holding another task among those read (without
 * o->task); runs of different score names or, unless o->dir_set,
 * directions; --summary other than last when every group is one run;
 * standard input where a log is read twice; a log that cannot be read.
 * Returns the groups (free with lt_groups_free) or NULL with err.
 */
struct lt_groups *lt_groups_new(const struct lt_groups_spec *specs,
	    size_t nspecs, struct lt_groups_opts *o, struct lt_error *err);

/*
 * Groups from runs whose scores were read elsewhere (lt serve keeps
 * them as the logs grow, live.h): what a source says of one run.  The
 * logs' own reading (lt_groups_new) goes through the same, so that run
 * values become groups in one way.
 */
struct lt_groups_values {
	const char		*task;	/* the run's task */
	const struct lt_taskinfos *facts; /* its log's (NULL: none) */
	size_t			 count;	/* its scores */
	double			 best;	/* in lt_groups_dir's direction */
	/* Of all its scores, as lt_compare_run_push makes it. */
	double			 mean;
	/* With LT_COMPARE_SUMMARY_LAST: its last nlast = min(o->last,
	 * count) scores, oldest first. */
	const double		*last;
	size_t			 nlast;
};

struct lt_groups_source {
	/* Runs that are tasks of o->log: its tasks in the order they first
	 * come; NULL when the runs are logs. */
	const struct lt_tasktab	*tasks;
	/*
	 * What is known of run r (r->task NULL: the log's own task, as
	 * lt_groups_new finds it) into *v, borrowed until the next call.
	 * Returns 0, or -1 with err (the errors of lt_groups_new about a
	 * run: no events, a task not in its log, a log of several tasks).
	 */
	int			 (*values)(void *ctx, struct lt_groups_run *r,
				    const struct lt_groups_opts *o,
				    struct lt_groups_values *v,
				    struct lt_error *err);
	void			*ctx;
};

/* The direction task of a log with facts (NULL: none) is compared in:
 * o's when set, else the facts'. */
enum lt_stats_mode lt_groups_dir(const struct lt_groups_opts *o,
	    const struct lt_taskinfos *facts, const char *task);

/*
 * The groups of specs[0..nspecs) as lt_groups_new makes them (its
 * errors about the groups and runs, in its order), the runs' summaries
 * from src.  Curves are not made from values: o->curves is an error.
 * Returns the groups (free with lt_groups_free) or NULL with err.
 */
struct lt_groups *lt_groups_build(const struct lt_groups_spec *specs,
	    size_t nspecs, const struct lt_groups_opts *o,
	    const struct lt_groups_source *src, struct lt_error *err);

/*
 * A source that reads each run from its log as lt_groups_new does (with
 * LT_COMPARE_SUMMARY_LAST from the log's end, a few blocks; else the
 * whole log of a run that is a log, up to a second task when it names
 * none), for a source that cannot say all of a run: pass
 * lt_groups_reader_values with the reader as ctx, for runs that are
 * logs, or tasks of a log named (r->task set).  The reader keeps a copy
 * of *o, its strings borrowed, reads under it whatever o the source is
 * called with, and counts bad lines in the copy.  Free with
 * lt_groups_reader_free.
 */
struct lt_groups_reader;

struct lt_groups_reader *lt_groups_reader_new(const struct lt_groups_opts *o);
int	lt_groups_reader_values(void *ctx, struct lt_groups_run *r,
	    const struct lt_groups_opts *o, struct lt_groups_values *v,
	    struct lt_error *err);
void	lt_groups_reader_free(struct lt_groups_reader *rd);

/* Compare g's summaries (or scores), in g's direction and unit, with the
 * rest of co, into g->cmp.  Returns 0, or -1 with err (lt_compare_new's
 * errors: an option out of range). */
int	lt_groups_compare(struct lt_groups *g,
	    const struct lt_compare_opts *co, struct lt_error *err);

/* Free g and everything it holds; g may be NULL. */
void	lt_groups_free(struct lt_groups *g);

#endif
