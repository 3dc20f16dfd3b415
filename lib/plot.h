/*
 * plot.h - the learning-progress figure: what is drawn, the gnuplot
 * script that draws it, and the pipe to gnuplot.
 *
 * One streaming pass over the events gathers, in memory bounded by the
 * number of tasks and never by the number of events:
 *
 *  - per task, a down-sampled curve of performance_score (or of the
 *    metric asked for) and one of learning_rate, against the time, the
 *    time since the task's first event, or the episode.  An event
 *    without a number for the metric is left out.  Events go into buckets
 *    of w consecutive
 *    events (w = 1 at first); each bucket keeps its minimum and its
 *    maximum, with their times, so a spike one event wide stays visible.
 *    When LT_PLOT_BUCKETS buckets are full, neighbours are merged in pairs
 *    and w doubles, so a task never holds more than LT_PLOT_BUCKETS
 *    buckets, nor sends more than 2 * LT_PLOT_BUCKETS points per curve;
 *  - with smoothing, TensorBoard's debiased EMA of the score computed on
 *    every event, kept at each bucket's last event;
 *  - the scores for the histogram: the first LT_PLOT_EXACT of them are
 *    kept, which bins exactly from min to max; past that, they are counted
 *    in LT_PLOT_FINE fine bins over a range that doubles when a value
 *    falls outside it, and the fine bins are re-binned by their centres
 *    (a value within 1/LT_PLOT_FINE of the range of a bin edge may then
 *    land in the neighbouring bin);
 *  - their exact mean, and the time span.
 *
 * Tasks: those named, else the LT_PLOT_TASKS with the most events (ties
 * to the one seen first), drawn in the order first seen; the curves'
 * title says how many of how many tasks are drawn when not all are.  The
 * histogram and the mean cover the tasks named, or every event when none
 * is.  Without goals, the figure has no goals panel: the curves span its
 * top, the histogram and the learning rate share its bottom.
 *
 * With a forecast the fit needs every point of a task: then each task's
 * time, episode and score are kept as well, 24 bytes an event (of the
 * tasks named, or of every task when none is, as which are drawn is known
 * only at the end).  The forecast runs from the task's last point to half
 * the curves' span past the last event, or further, up to twice the span,
 * to show where the curve reaches a linked goal's target.
 *
 * Beside the figure, lt_plot_bands draws the mean curves of groups of
 * runs with their bands (lib/groups.h's curves), for lt plot --group.
 */
#ifndef LT_PLOT_H
#define LT_PLOT_H

#include <stddef.h>

#include "buf.h"
#include "compare.h"
#include "error.h"
#include "event.h"
#include "forecast_task.h"
#include "taskinfo.h"

#define LT_PLOT_TASKS	5	/* tasks drawn when none is named */
#define LT_PLOT_BUCKETS	1024	/* buckets per task */
#define LT_PLOT_BINS	30	/* histogram bins */
#define LT_PLOT_EXACT	65536	/* scores kept for exact binning */
#define LT_PLOT_FINE	4096	/* fine bins past LT_PLOT_EXACT scores */

enum lt_plot_panel {
	LT_PANEL_ALL,		/* the 2x2 figure */
	LT_PANEL_CURVES,
	LT_PANEL_HIST,
	LT_PANEL_LR,
	LT_PANEL_GOALS
};

enum lt_plot_term {
	LT_TERM_PNG,		/* pngcairo */
	LT_TERM_SVG,
	LT_TERM_PDF,		/* pdfcairo */
	LT_TERM_DUMB
};

/* What the curves have on x: the time (local), the time since each
 * task's first event, so that runs of other days overlay, or the episode
 * (episode_count: the step of an import). */
enum lt_plot_x {
	LT_PLOT_X_TIME,
	LT_PLOT_X_ELAPSED,
	LT_PLOT_X_EPISODE
};

/* A goal's bar: its id and completion percentage in [0, 100]. */
struct lt_plot_goal {
	const char	*id;
	double		 pct;
};

/* A goal linked to a task's score, drawn as a line at its target with
 * the forecast. */
struct lt_plot_target {
	const char	*id;
	const char	*task;
	double		 target;
};

struct lt_plot_opts {
	const char *const	*tasks;		/* tasks to draw, or NULL */
	size_t			 ntasks;
	int			 smooth;	/* overlay the EMA */
	double			 alpha;		/* its weight, [0, 1) */
	enum lt_plot_panel	 panel;
	enum lt_plot_term	 term;
	enum lt_plot_x		 x;
	/* The curves' and the histogram's values: an event field or a
	 * metadata key (scan.h's metrics), or NULL: performance_score. */
	const char		*metric;
	int			 width, height;	/* pixels; dumb: characters */
	const struct lt_plot_goal *goals;	/* the goals' bars */
	size_t			 ngoals;
	/* The logs' task facts (lib/taskinfo.h), or NULL: a task whose
	 * times only keep order is drawn against its episodes, and with
	 * it every curve. */
	const struct lt_taskinfos *facts;
	/* The forecast of each task drawn (forecast_task.h, against time,
	 * or against episodes where the curves are, in the task's
	 * direction), continued past its last point, dashed, with its band,
	 * and the targets of the goals linked to it. */
	int			 forecast;
	const struct lt_plot_target *targets;
	size_t			 ntargets;
};

struct lt_plot;

/* The name of a panel ("curves", "hist", "lr", "goals") as a value, or
 * -1.  The terminal for an output file's extension (".png", ".svg",
 * ".pdf"), or -1.  The x of a name ("time", "elapsed", "episode"), or
 * -1. */
int	lt_plot_panel_lookup(const char *name);
int	lt_plot_term_for(const char *path);
int	lt_plot_x_lookup(const char *name);

/* Start collecting with o (borrowed, with everything it points to, until
 * lt_plot_free).  Returns NULL with err when o->alpha is outside [0, 1).
 * Free with lt_plot_free. */
struct lt_plot	*lt_plot_new(const struct lt_plot_opts *o,
		    struct lt_error *err);
void		 lt_plot_free(struct lt_plot *p);

/* Take one event (borrowed for the call). */
void	lt_plot_add(struct lt_plot *p, const struct lt_event *ev);

/* Write the whole gnuplot script, data inline as datablocks, to out.
 * Returns 0, or -1 with err when there is nothing to draw: no events (or
 * none with the metric), or a task named that never came. */
int	lt_plot_script(struct lt_plot *p, struct lt_buf *out,
	    struct lt_error *err);

/* A group's mean curve across its runs, borrowed for lt_plot_bands. */
struct lt_plot_band {
	const char			*name;
	size_t				 nruns;
	const struct lt_compare_point	*pts;
	size_t				 npts;
};

/*
 * The script of one panel of the groups' mean curves against the episode,
 * each a line in its colour inside its band (the mean's interval, shaded
 * on an image, its edges in dots in text), titled with level percent and
 * ylabel on y.  o gives the terminal and its size.  Returns 0, or -1 with
 * err when no group has a point.
 */
int	lt_plot_bands(const struct lt_plot_band *b, size_t n, double level,
	    const char *ylabel, const struct lt_plot_opts *o,
	    struct lt_buf *out, struct lt_error *err);

/*
 * Run the gnuplot prog (a path, or a name looked up on PATH) on
 * script[0..len), with the script on its standard input.  With output
 * non-NULL, gnuplot writes into a new temporary file beside output
 * (tempfile.h: removed if a signal ends lt), renamed over output only once
 * gnuplot has succeeded; otherwise it writes on the standard output of
 * this process.  Returns 0, or -1 with err when gnuplot cannot be run,
 * fails (its standard error is in the message) or writes nothing, or
 * output cannot be written; no file is then left behind.
 */
int	lt_plot_run(const char *script, size_t len, const char *prog,
	    const char *output, struct lt_error *err);

#endif
