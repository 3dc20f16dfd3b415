/*
 * metrics.c - lt metrics: the latest numbers of a log, read from its end
 * so that the answer is immediate on a log of any size; --watch redraws,
 * with a line for each task -t names.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "goal.h"
#include "live.h"
#include "num.h"
#include "screen.h"

static int	cmd_metrics(int, char **);
static lt_opt_parse_fn parse_watch;

struct args {
	struct lt_select s;
	double		 watch;
};

static const struct lt_opt opts[] = {
	{ .name = "watch", .arg = "SECONDS",
	  .help = "redraw every SECONDS (0.1 to 86400) until interrupted;\n"
	  "in text, with a line for each task -t names",
	  .kind = LT_OPT_PARSE, .off = offsetof(struct args, watch),
	  .parse = parse_watch },
	{ .name = NULL }
};

static const struct lt_form forms[] = {
	{ .words = "@" },
	{ .words = NULL }
};

const struct lt_cmd lt_cmd_metrics = {
	.name = "metrics",
	.summary = "real-time metrics from the log's end",
	.forms = forms,
	.opts = opts,
	.select = LT_SEL_READ | LT_SEL_GOALS | LT_SEL_JSON | LT_SEL_TABLE |
	    LT_SEL_COLOR,
	.run = cmd_metrics,
};

/* A tenth of a second to a day into double field: less would spin, more
 * is no watch (and 1e300 overflows time_t). */
static int
parse_watch(const struct lt_opt *o, const char *arg, void *field,
    struct lt_error *err)
{
	double *watch = field;

	(void)o;
	if (lt_num_parse(arg, strlen(arg), watch) != 0 ||
	    !(*watch >= 0.1 && *watch <= 86400))
		return lt_error_set(err, "--watch \"%s\" is not a number of "
		    "seconds from 0.1 to 86400", arg);
	return 0;
}

/*
 * The directory of the count cache (tail.h), which spares a pass over a
 * large log that only grew: $XDG_CACHE_HOME/lt, else ~/.cache/lt; NULL
 * when neither is an absolute path.  Caller frees.
 */
static char *
count_cache(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	struct lt_buf b;

	lt_buf_init(&b);
	if (xdg != NULL && *xdg == '/')
		lt_buf_printf(&b, "%s/lt", xdg);
	else if (home != NULL && *home == '/')
		lt_buf_printf(&b, "%s/.cache/lt", home);
	return b.data;
}

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/*
 * Under --watch, a line for each task named, from live (which reads the
 * logs whole the first time, then what they gain).  Returns LT_OK, or
 * LT_TROUBLE after a message.
 */
static int
task_lines(struct lt_select *s, const struct lt_out *o, struct lt_live *live)
{
	struct lt_screen scr = { 0 };
	struct lt_error err;

	if (lt_live_refresh(live, &err) < 0) {
		lt_warn_error(&err);
		return LT_TROUBLE;
	}
	scr.width = o->width > 0 ? o->width : 80;
	scr.tasks = s->tasks.v;
	scr.ntasks = s->tasks.n;
	scr.task_rows = (int)s->tasks.n;
	putchar('\n');
	return lt_screen_tasks(stdout, &scr, live) != 0 ? LT_TROUBLE : LT_OK;
}

static int
once(struct lt_select *s, const struct lt_out *o, struct lt_live *live)
{
	struct lt_goals *goals;
	struct lt_error err;
	struct lt_metrics m;
	long active;
	int rc;

	/* Read anew at each --watch round: goals change too. */
	if ((goals = lt_select_goals(s)) == NULL)
		return LT_TROUBLE;
	active = (long)lt_goals_active_count(goals);
	lt_goals_free(goals);
	rc = lt_analysis_metrics(&s->sel, active, &m, &err);
	lt_warn_skipped(s->sel.skipped);
	if (rc != 0) {
		lt_warn_error(&err);
		lt_select_suggest(s);
		return LT_TROUBLE;
	}
	if (o->ops->metrics(o, &m) != 0)
		return LT_TROUBLE;
	return live != NULL ? task_lines(s, o, live) : LT_OK;
}

/*
 * The state behind --watch's task lines: only in text, with tasks named,
 * over whole logs that are files.  Sets *live (NULL: no lines); returns
 * LT_OK, or LT_TROUBLE after a usage error.
 */
static int
watch_tasks(struct lt_select *s, struct lt_live **live)
{
	char *goals;
	size_t i;

	*live = NULL;
	if (s->tasks.n == 0 || s->style != LT_STYLE_TEXT)
		return LT_OK;
	if (!isnan(s->sel.since) || !isnan(s->sel.until))
		return lt_usage("--watch's task lines are of the whole logs: "
		    "not with --since or --until");
	for (i = 0; i < s->files.n; i++)
		if (strcmp(s->files.v[i], "-") == 0)
			return lt_usage("--watch with -t needs logs that are "
			    "files: standard input is read once");
	goals = lt_goals_file(s->goals, s->files.v[0]);
	*live = lt_live_new(s->files.v, s->files.n, goals, &s->sel.ropts);
	free(goals);
	return LT_OK;
}

static int
cmd_metrics(int argc, char **argv)
{
	struct args a = { .watch = 0 };
	struct lt_out o;
	struct timespec ts;
	struct sigaction sa;
	struct lt_live *live = NULL;
	char *cache = NULL;
	int status;

	lt_select_init(&a.s);
	if ((status = lt_opts_parse(&lt_cmd_metrics, &argc, &argv, &a,
	    &a.s)) != LT_PARSED)
		goto out;
	status = LT_TROUBLE;
	if (lt_select_finish(&a.s, argc, argv, 0))
		goto out;
	a.s.sel.ropts.count_cache = cache = count_cache();
	lt_select_out(&a.s, &o);
	if (a.watch == 0) {
		status = once(&a.s, &o, NULL);
		goto out;
	}
	if ((status = watch_tasks(&a.s, &live)) != LT_OK)
		goto out;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!stop) {
		if (o.tty)
			fputs("\033[H\033[2J", stdout);
		if ((status = once(&a.s, &o, live)) != LT_OK)
			break;
		if (fflush(stdout) != 0)
			break;
		ts.tv_sec = (time_t)a.watch;
		ts.tv_nsec = (long)((a.watch - (double)ts.tv_sec) * 1e9);
		/* A signal with a handler cuts the sleep short: sleep the
		 * rest unless it was one that stops. */
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR && !stop)
			;
	}
out:
	lt_live_free(live);
	free(cache);
	lt_select_release(&a.s);
	return status;
}
