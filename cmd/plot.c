/*
 * plot.c - lt plot: the learning-progress figure (curves, score histogram,
 * learning rate, goals), or with --group the mean curves of groups of
 * runs in their bands, drawn by gnuplot, into a file, in the terminal, or
 * as PNG on standard output.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "pscan.h"
#include "goal.h"
#include "num.h"
#include "plot.h"

#define DEFAULT_W	1200
#define DEFAULT_H	800

static int	cmd_plot(int, char **);

struct args {
	struct lt_select s;
	const char	*output;
	int		 term;		/* enum lt_plot_term, or -1 */
	int		 panel;		/* TERMS's index, or -1: all */
	int		 size[2];	/* width, height; 0: the default */
	double		 alpha;		/* NaN: no smoothing */
	int		 forecast;
	int		 script;
	int		 x;		/* enum lt_plot_x, or -1: time */
	const char	*metric;
	struct lt_strv	 groups;	/* each --group */
};

#define OFF(f)	offsetof(struct args, f)

static lt_opt_parse_fn parse_size, parse_alpha;

static const struct lt_opt opts[] = {
	{ .name = "output", .letter = 'o', .arg = "FILE",
	  .help = "write FILE; .png, .svg or .pdf picks the format",
	  .kind = LT_OPT_STRING, .off = OFF(output), .flags = LT_OPTF_FILE },
	{ .name = "terminal", .arg = "png|svg|pdf|dumb",
	  .help = "the format: an image, or text (dumb)",
	  .kind = LT_OPT_CHOICE, .off = OFF(term) },
	{ .name = "panel", .arg = "curves|hist|lr|goals",
	  .help = "draw one panel of the four",
	  .kind = LT_OPT_CHOICE, .off = OFF(panel) },
	{ .name = "x", .arg = "time|elapsed|episode",
	  .help = "the curves against the time, the time since each task's "
	  "first event, or the episode",
	  .kind = LT_OPT_CHOICE, .off = OFF(x) },
	{ .name = "metric", .arg = "FIELD",
	  .help = "draw an event field or a metadata key, not the score",
	  .kind = LT_OPT_PARSE, .off = OFF(metric), .parse = lt_parse_metric },
	{ .name = "size", .arg = "WxH",
	  .help = "pixels (dumb: characters); default 1200x800",
	  .kind = LT_OPT_PARSE, .off = OFF(size), .parse = parse_size },
	{ .name = "smooth", .arg = "ALPHA",
	  .help = "overlay TensorBoard's EMA of weight ALPHA in [0, 1)",
	  .kind = LT_OPT_PARSE, .off = OFF(alpha), .parse = parse_alpha },
	{ .name = "forecast",
	  .help = "continue each curve with its forecast, and draw the\n"
	  "targets of the goals linked to it",
	  .kind = LT_OPT_FLAG, .off = OFF(forecast) },
	{ .name = "script",
	  .help = "print the gnuplot script instead of running it",
	  .kind = LT_OPT_FLAG, .off = OFF(script) },
	{ .name = "group", .arg = "NAME=RUN,...",
	  .help = "draw the mean curve of these runs in its band "
	  "(repeatable; logs, or with one -f LOG its tasks)",
	  .kind = LT_OPT_LIST, .off = OFF(groups) },
	{ .name = NULL }
};

static const struct lt_form forms[] = {
	{ .words = "[--output] [--terminal] [--panel] [--x] [--metric] "
	  "[--size] [--smooth] [--forecast] [--script] @ [FILE ...]" },
	{ .words = "--group [--file] [--task] [--output] [--terminal] "
	  "[--size] [--script] [--strict]" },
	{ .words = NULL }
};

const struct lt_cmd lt_cmd_plot = {
	.name = "plot",
	.summary = "draw the learning-progress figure",
	.forms = forms,
	.opts = opts,
	.select = LT_SEL_READ | LT_SEL_GOALS | LT_SEL_MODE,
	.operands = LT_ARGS_FILE,
	.run = cmd_plot,
};

/* WxH into int field[2]. */
static int
parse_size(const struct lt_opt *o, const char *arg, void *field,
    struct lt_error *err)
{
	int *size = field;
	const char *p = arg;
	char *end;
	long w, h;

	(void)o;
	w = strtol(p, &end, 10);
	if (end == p || (*end != 'x' && *end != 'X'))
		goto bad;
	p = end + 1;
	h = strtol(p, &end, 10);
	if (end == p || *end != '\0' || w < 1 || h < 1 || w > 20000 ||
	    h > 20000)
		goto bad;
	size[0] = (int)w;
	size[1] = (int)h;
	return 0;
bad:
	return lt_error_set(err, "--size \"%s\" is not WxH, two integers "
	    "from 1 to 20000", arg);
}

static int
parse_alpha(const struct lt_opt *o, const char *arg, void *field,
    struct lt_error *err)
{
	double alpha;

	(void)o;
	if (lt_num_parse(arg, strlen(arg), &alpha) != 0 ||
	    !(alpha >= 0 && alpha < 1))
		return lt_error_set(err, "--smooth \"%s\" is not a number in "
		    "[0, 1)", arg);
	*(double *)field = alpha;
	return 0;
}

/* The dumb terminal's size: the terminal's, less a line for the prompt. */
static void
term_size(int *w, int *h)
{
	struct winsize ws;

	*w = 80;
	*h = 24;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 &&
	    ws.ws_row > 1) {
		*w = ws.ws_col;
		*h = ws.ws_row - 1;
	}
}

/* The gnuplot to run: $LT_GNUPLOT, else the one on PATH. */
static const char *
gnuplot(void)
{
	const char *prog = getenv("LT_GNUPLOT");

	return prog != NULL && *prog != '\0' ? prog : "gnuplot";
}

/* Read every selected event of the logs into p. */
static int
collect(struct lt_plot *p, struct lt_select *s)
{
	struct lt_scan sc;
	struct lt_error err;
	struct lt_event ev;
	int rc;

	if (lt_scan_open(&sc, &s->sel, &err) != 0) {
		lt_warn_error(&err);
		return -1;
	}
	while ((rc = lt_scan_next(&sc, &ev, &err)) == 1)
		lt_plot_add(p, &ev);
	if (rc < 0)
		lt_warn_error(&err);
	lt_scan_close(&sc);
	lt_warn_skipped(s->sel.skipped);
	return rc;
}

/*
 * The groups' mean curves in their bands, the script into script: the
 * runs of a's groups as lt compare --curves reads them (given: logs were
 * named, not the default).  Returns LT_OK, or LT_TROUBLE after a message.
 */
static int
bands(struct args *a, const struct lt_plot_opts *o, int given,
    struct lt_buf *script)
{
	struct lt_groupargs ga;
	struct lt_groups_opts go;
	struct lt_plot_band *b = NULL;
	struct lt_groups *g = NULL;
	struct lt_error err;
	char ylabel[300];
	size_t i;
	int rc = LT_TROUBLE;

	if (a->metric != NULL || o->smooth || a->panel >= 0 || a->forecast ||
	    a->s.goals != NULL || (a->x >= 0 && o->x != LT_PLOT_X_EPISODE) ||
	    a->s.tasks.n > 1 || !isnan(a->s.sel.since) ||
	    !isnan(a->s.sel.until))
		return lt_usage("--group draws the groups' scores against the "
		    "episode, in one panel: no --metric, --smooth, --panel, "
		    "--forecast, --goals, --since, --until, --x other than "
		    "episode, nor more than one --task");
	memset(&ga, 0, sizeof(ga));
	lt_groups_opts_init(&go);
	go.curves = 1;
	go.task = a->s.tasks.n > 0 ? a->s.tasks.v[0] : NULL;
	go.ropts = a->s.sel.ropts;
	for (i = 0; i < a->groups.n; i++)
		if (lt_groupargs_add(&ga, a->groups.v[i]) != LT_OK)
			goto out;
	if (lt_groupargs_finish(&ga, a->s.files.v, a->s.files.n, given,
	    &go) != LT_OK)
		goto out;
	g = lt_groups_new(ga.v, ga.n, &go, &err);
	lt_warn_skipped(go.skipped);
	if (g == NULL) {
		lt_warn_error(&err);
		goto out;
	}
	b = lt_xcalloc(g->n, sizeof(*b));
	for (i = 0; i < g->n; i++) {
		b[i].name = g->v[i].name;
		b[i].nruns = g->v[i].nruns;
		b[i].pts = g->v[i].pts;
		b[i].npts = g->v[i].npts;
	}
	snprintf(ylabel, sizeof(ylabel), "%s (%s is better)", g->score_name,
	    g->dir == LT_STATS_MIN ? "lower" : "higher");
	if (lt_plot_bands(b, g->n, g->level, ylabel, o, script, &err) != 0)
		lt_warn_error(&err);
	else
		rc = LT_OK;
out:
	free(b);
	lt_groups_free(g);
	lt_groupargs_release(&ga);
	return rc;
}

/* The goals' bars. */
static struct lt_goals *
load_goals(const struct lt_select *s, struct lt_plot_goal **bars,
    size_t *nbars)
{
	struct lt_goals *g;
	size_t i;

	if ((g = lt_select_goals(s)) == NULL)
		return NULL;
	*nbars = lt_goals_count(g);
	*bars = lt_xcalloc(*nbars + 1, sizeof(**bars));
	for (i = 0; i < *nbars; i++) {
		(*bars)[i].id = lt_goals_at(g, i)->id;
		(*bars)[i].pct = lt_goals_at(g, i)->percentage;
	}
	return g;
}

/* The goals linked to a task's score: the lines the forecast is drawn
 * against.  Borrowed from g. */
static struct lt_plot_target *
targets(const struct lt_goals *g, size_t *n)
{
	const struct lt_goal *goal;
	struct lt_plot_target *v;
	size_t i;

	v = lt_xcalloc(lt_goals_count(g) + 1, sizeof(*v));
	*n = 0;
	for (i = 0; i < lt_goals_count(g); i++) {
		goal = lt_goals_at(g, i);
		if (goal->task == NULL ||
		    strcmp(goal->metric, "performance_score") != 0)
			continue;
		v[*n].id = goal->id;
		v[*n].task = goal->task;
		v[(*n)++].target = goal->target;
	}
	return v;
}

/* The script printed (--script), else drawn by gnuplot.  Returns LT_OK,
 * or LT_TROUBLE after a message. */
static int
draw(const struct args *a, const struct lt_buf *script)
{
	struct lt_error err;

	if (a->script) {
		fwrite(script->data, 1, script->len, stdout);
		return LT_OK;
	}
	if (lt_plot_run(script->data, script->len, gnuplot(), a->output,
	    &err) != 0) {
		lt_warn_error(&err);
		return LT_TROUBLE;
	}
	return LT_OK;
}

/* The figure a asks for, in o: terminal (from -o FILE's name, else dumb
 * on a terminal and PNG elsewhere), panel, smoothing, size and x axis.
 * Returns LT_OK, or LT_TROUBLE after a usage message. */
static int
figure_opts(struct args *a, struct lt_plot_opts *o)
{
	if (a->term < 0 && a->output != NULL &&
	    (a->term = lt_plot_term_for(a->output)) < 0)
		return lt_usage("cannot tell the format of \"%s\"; name it "
		    ".png, .svg or .pdf, or give --terminal", a->output);
	if (a->term < 0)
		a->term = isatty(STDOUT_FILENO) && !a->script ?
		    LT_TERM_DUMB : LT_TERM_PNG;
	o->term = (enum lt_plot_term)a->term;
	if (a->panel >= 0)
		o->panel = (enum lt_plot_panel)(LT_PANEL_CURVES + a->panel);
	if (!isnan(a->alpha)) {
		o->smooth = 1;
		o->alpha = a->alpha;
	}
	o->width = a->size[0];
	o->height = a->size[1];
	if (o->width == 0 && o->term == LT_TERM_DUMB)
		term_size(&o->width, &o->height);
	else if (o->width == 0) {
		o->width = DEFAULT_W;
		o->height = DEFAULT_H;
	}
	o->x = a->x >= 0 ? (enum lt_plot_x)a->x : LT_PLOT_X_TIME;
	o->metric = a->metric;
	return LT_OK;
}

static int
cmd_plot(int argc, char **argv)
{
	struct args a = { .term = -1, .panel = -1, .alpha = NAN, .x = -1 };
	struct lt_plot_opts o = { .panel = LT_PANEL_ALL };
	struct lt_goals *goals = NULL;
	struct lt_plot_goal *bars = NULL;
	struct lt_plot_target *tgts = NULL;
	struct lt_plot *p = NULL;
	struct lt_taskinfos *facts = NULL;
	struct lt_error err;
	struct lt_buf script;
	int status, given;

	lt_select_init(&a.s);
	lt_buf_init(&script);
	if ((status = lt_opts_parse(&lt_cmd_plot, &argc, &argv, &a,
	    &a.s)) != LT_PARSED)
		goto out;
	status = LT_TROUBLE;
	/* Operands are logs, with or without a "--". */
	a.s.nfiles = argc;
	given = a.s.files.n > 0 || argc > 0;
	if (lt_select_finish(&a.s, argc, argv, 0))
		goto out;
	if (figure_opts(&a, &o) != LT_OK)
		goto out;
	if (a.groups.n > 0) {
		if (bands(&a, &o, given, &script) != LT_OK)
			goto out;
		goto draw;
	}
	if (a.forecast && (a.metric != NULL || o.x == LT_PLOT_X_ELAPSED)) {
		lt_usage("--forecast continues the score against the time or "
		    "the episode: not with --metric, nor --x elapsed");
		goto out;
	}
	o.tasks = a.s.tasks.v;
	o.ntasks = a.s.tasks.n;
	if ((goals = load_goals(&a.s, &bars, &o.ngoals)) == NULL)
		goto out;
	o.goals = bars;
	o.forecast = a.forecast;
	if (o.forecast)
		o.targets = tgts = targets(goals, &o.ntargets);
	if ((facts = lt_taskinfos_load(a.s.files.v, a.s.files.n,
	    NULL, &err)) == NULL) {
		lt_warn_error(&err);
		goto out;
	}
	o.facts = facts;
	o.mode = a.s.sel.mode;

	if ((p = lt_plot_new(&o, &err)) == NULL) {
		lt_warn_error(&err);
		goto out;
	}
	if (collect(p, &a.s) != 0)
		goto out;
	if (lt_plot_script(p, &script, &err) != 0) {
		lt_warn_error(&err);
		lt_select_suggest(&a.s);
		goto out;
	}
draw:
	status = draw(&a, &script);
out:
	lt_plot_free(p);
	lt_taskinfos_free(facts);
	free(bars);
	free(tgts);
	lt_goals_free(goals);
	lt_buf_release(&script);
	lt_strv_release(&a.groups);
	lt_select_release(&a.s);
	return status;
}
