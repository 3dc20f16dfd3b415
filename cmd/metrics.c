/*
 * metrics.c - lt metrics: the latest numbers of a log, read from its end
 * so that the answer is immediate on a log of any size; --watch redraws.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "goal.h"
#include "num.h"

static int
usage(int status)
{
	FILE *fp = status == LT_OK ? stdout : stderr;

	fputs("usage: lt metrics [--watch SECONDS] [-f FILE ...] [--goals FILE] "
	    "[--strict]\n"
	    "                  [--json]\n\n"
	    "      --watch SECONDS   redraw every SECONDS until interrupted\n"
	    "  -f, --file FILE       a log (repeatable; - is stdin)\n"
	    "      --goals FILE      the goals log (default: $LT_GOALS, else "
	    "NAME.goals.jsonl)\n"
	    "      --strict          a bad line is an error\n"
	    "      --json            the class's JSON\n", fp);
	return status;
}

enum { O_WATCH = 0x200 };

static const struct option longopts[] = {
	{ "file",	required_argument,	NULL, 'f' },
	{ "goals",	required_argument,	NULL, LT_OPT_GOALS },
	{ "help",	no_argument,		NULL, 'h' },
	{ "json",	no_argument,		NULL, LT_OPT_JSON },
	{ "strict",	no_argument,		NULL, LT_OPT_STRICT },
	{ "watch",	required_argument,	NULL, O_WATCH },
	{ NULL,		0,			NULL, 0 }
};

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

static int
once(struct lt_select *s, const struct lt_out *o)
{
	struct lt_goals *goals;
	struct lt_error err;
	struct lt_metrics m;
	long active;
	int rc;

	/* Read anew at each --watch round: goals change too. */
	goals = lt_select_goals(s->goals, s->sel.paths, s->sel.npaths,
	    (s->sel.ropts.flags & LT_READ_STRICT) != 0);
	if (goals == NULL)
		return LT_TROUBLE;
	active = (long)lt_goals_active_count(goals);
	lt_goals_free(goals);
	rc = lt_analysis_metrics(&s->sel, active, &m, &err);
	lt_warn_skipped(s->sel.skipped);
	if (rc != 0) {
		lt_warn_error(&err);
		return LT_TROUBLE;
	}
	return o->ops->metrics(o, &m) ? LT_TROUBLE : LT_OK;
}

int
cmd_metrics(int argc, char **argv)
{
	struct lt_select s;
	struct lt_out o;
	struct timespec ts;
	struct sigaction sa;
	char *cache = NULL;
	int ch, r, nfiles, status = LT_TROUBLE;
	double watch = 0;

	lt_select_init(&s);
	nfiles = lt_select_nfiles(argc, argv);
	while ((ch = getopt_long(argc, argv, ":f:h", longopts, NULL)) != -1) {
		if ((ch == 'f' || ch == LT_OPT_STRICT || ch == LT_OPT_JSON ||
		    ch == LT_OPT_GOALS) &&
		    (r = lt_select_option(&s, ch, optarg)) != 0) {
			if (r < 0)
				goto out;
			continue;
		}
		switch (ch) {
		case 'h':
			status = usage(LT_OK);
			goto out;
		case O_WATCH:
			/* A tenth of a second to a day: less would spin,
			 * more is no watch (and 1e300 overflows time_t). */
			if (lt_num_parse(optarg, strlen(optarg), &watch) != 0 ||
			    !(watch >= 0.1 && watch <= 86400)) {
				lt_usage("--watch \"%s\" is not a number of "
				    "seconds from 0.1 to 86400", optarg);
				goto out;
			}
			break;
		default:
			status = lt_bad_option(argv, ch);
			goto out;
		}
	}
	if (lt_select_finish(&s, nfiles, argc - optind, argv + optind, 0))
		goto out;
	s.sel.ropts.count_cache = cache = count_cache();
	lt_render_init(&o, stdout, lt_style_pick(s.json, 0, 0, 0));
	if (watch == 0) {
		status = once(&s, &o);
		goto out;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!stop) {
		if (o.tty)
			fputs("\033[H\033[2J", stdout);
		if ((status = once(&s, &o)) != LT_OK)
			break;
		if (fflush(stdout) != 0)
			break;
		ts.tv_sec = (time_t)watch;
		ts.tv_nsec = (long)((watch - (double)ts.tv_sec) * 1e9);
		/* A signal with a handler cuts the sleep short: sleep the
		 * rest unless it was one that stops. */
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR && !stop)
			;
	}
out:
	free(cache);
	lt_select_release(&s);
	return status;
}
