/*
 * screen.h - the text of lt watch's screen, from what growing logs say
 * now (live.h): a header, a line per task (latest and best score, the
 * trend verdict and its p-value), the learning curves drawn by gnuplot's
 * text terminal, and the goals with their bars, fitted to the terminal.
 *
 * The screen is written in three parts, top to bottom, so that gnuplot
 * writes its figure straight to the terminal between them: lt_screen_top,
 * then the figure of lt_screen_plot_script (its height lt_screen_layout
 * says), then lt_screen_goals.  Every line fits the width.
 */
#ifndef LT_SCREEN_H
#define LT_SCREEN_H

#include <stdio.h>

#include "buf.h"
#include "error.h"
#include "live.h"

struct lt_screen {
	int			 width, height;	/* the terminal's */
	const char *const	*tasks;		/* to show, or NULL: all */
	size_t			 ntasks;
	const char		*title;		/* the logs, as named */
	int			 pad;		/* lines padded to the width */
	/* The figure in sixel graphics (gnuplot's sixelgd) of cell_w by
	 * cell_h pixels a character cell; else in text. */
	int			 sixel;
	int			 cell_w, cell_h;
	/* Set by lt_screen_layout: */
	int			 task_rows;	/* task lines shown */
	int			 plot_rows;	/* 0: no room for a figure */
	int			 goal_rows;	/* goal lines shown */
};

/* Share s->height among the parts for what l holds now. */
void	lt_screen_layout(struct lt_screen *s, struct lt_live *l);

/* The header and the task lines.  Returns 0, or -1 on a write error. */
int	lt_screen_top(FILE *fp, const struct lt_screen *s, struct lt_live *l);

/* The task lines alone, under their head: s->task_rows of them (events,
 * latest and best score, the trend of the last 50 and its p-value), for
 * lt watch and lt metrics --task.  Returns 0, or -1 on a write error. */
int	lt_screen_tasks(FILE *fp, const struct lt_screen *s,
	    struct lt_live *l);

/*
 * The gnuplot script that draws the tasks' curves (each one's last
 * LT_LIVE_CURVE_WINDOW scores against time) in the text terminal,
 * s->width by s->plot_rows, or with s->sixel as sixel graphics of that
 * many cells, into out.  Returns 0, or -1 with err when
 * there is nothing to draw.
 */
int	lt_screen_plot_script(const struct lt_screen *s, struct lt_live *l,
	    struct lt_buf *out, struct lt_error *err);

/* The goals and their bars.  Returns 0, or -1 on a write error. */
int	lt_screen_goals(FILE *fp, const struct lt_screen *s,
	    const struct lt_live *l);

#endif
