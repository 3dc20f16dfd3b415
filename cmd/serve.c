/*
 * serve.c - lt serve: the dashboard in a browser, live while the logs
 * grow, read-only, until SIGINT or SIGTERM.
 */
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "live.h"
#include "serve.h"

static int
usage(int status)
{
	FILE *fp = status == LT_OK ? stdout : stderr;

	fputs("usage: lt serve [-f FILE ...] [--listen ADDRESS:PORT] "
	    "[--goals FILE] [--strict]\n\n"
	    "  -f, --file FILE       a log (repeatable)\n"
	    "  -l, --listen A:P      the address and port (default "
	    "127.0.0.1:8080; 0: any free port)\n"
	    "      --goals FILE      the goals log (default: $LT_GOALS, else "
	    "NAME.goals.jsonl)\n"
	    "      --strict          a bad line is an error\n", fp);
	return status;
}

static const struct option longopts[] = {
	{ "file",	required_argument,	NULL, 'f' },
	{ "goals",	required_argument,	NULL, LT_OPT_GOALS },
	{ "help",	no_argument,		NULL, 'h' },
	{ "listen",	required_argument,	NULL, 'l' },
	{ "strict",	no_argument,		NULL, LT_OPT_STRICT },
	{ NULL,		0,			NULL, 0 }
};

/* report_timestamp: $SOURCE_DATE_EPOCH's when set (lt_output_now), else
 * NaN, the clock at each request.  Returns 0, or -1 after a message. */
static int
fixed_now(double *now)
{
	*now = NAN;
	if (getenv("SOURCE_DATE_EPOCH") == NULL)
		return 0;
	return lt_output_now(now);
}

/* A log's last line stays unfinished: said once (not a skipped line). */
static void
warn_torn(void *ctx, const struct lt_error *e)
{
	char buf[1024];

	(void)ctx;
	lt_error_format(e, buf, sizeof(buf));
	lt_warnx("warning: %s", buf);
}

/* Serve until a signal of set comes.  Returns the exit status. */
static int
serve(struct lt_live *live, const char *listen, double now,
    const sigset_t *set)
{
	struct lt_serve_opts so = { 0 };
	struct sockaddr_storage ss;
	struct lt_serve *srv;
	struct lt_error err;
	socklen_t len;
	int loopback, sig;

	if (lt_serve_address(listen, &ss, &len, &loopback, &err) != 0)
		return lt_usage("%s", err.msg);
	so.live = live;
	so.now = now;
	so.warn = warn_torn;
	if ((srv = lt_serve_start(&ss, len, &so, &err)) == NULL) {
		lt_warnx("%s: %s", listen, err.msg);
		return LT_TROUBLE;
	}
	if (!loopback)
		lt_warnx("listening on %s, not on the loopback alone: anyone "
		    "who reaches this machine can read the logs", listen);
	lt_warnx("serving %s (Ctrl-C stops)", lt_serve_url(srv));
	while (sigwait(set, &sig) != 0)
		continue;
	lt_serve_stop(srv);
	return LT_OK;
}

int
cmd_serve(int argc, char **argv)
{
	const char *listen = "127.0.0.1:8080";
	struct lt_live *live = NULL;
	struct lt_select s;
	struct lt_error err;
	sigset_t set, old;
	char *goals = NULL;
	double now;
	size_t i;
	int ch, r, nfiles, status = LT_TROUBLE;

	lt_select_init(&s);
	nfiles = lt_select_nfiles(argc, argv);
	while ((ch = getopt_long(argc, argv, ":f:hl:", longopts,
	    NULL)) != -1) {
		if ((ch == 'f' || ch == LT_OPT_STRICT || ch == LT_OPT_GOALS) &&
		    (r = lt_select_option(&s, ch, optarg)) != 0) {
			if (r < 0)
				goto out;
			continue;
		}
		switch (ch) {
		case 'h':
			status = usage(LT_OK);
			goto out;
		case 'l':
			listen = optarg;
			break;
		default:
			status = lt_bad_option(argv, ch);
			goto out;
		}
	}
	if (lt_select_finish(&s, nfiles, argc - optind, argv + optind, 0) ||
	    fixed_now(&now) != 0)
		goto out;
	for (i = 0; i < s.npaths; i++)
		if (strcmp(s.paths[i], "-") == 0) {
			lt_usage("standard input cannot be served: it is read "
			    "once, and a page follows a log as it grows");
			goto out;
		}
	goals = lt_goals_file(s.goals, s.paths[0]);
	live = lt_live_new(s.paths, s.npaths, goals, &s.sel.ropts);
	/* Read what is there now, so that the first page is quick and a
	 * log that is not an lt log is said at once. */
	if (lt_live_refresh(live, &err) < 0) {
		lt_warn_error(&err);
		goto out;
	}
	if (lt_live_missing(live) != NULL)
		lt_warnx("%s: no such log yet; the page says so until it "
		    "appears", lt_live_missing(live));
	/* The server's thread inherits the mask: the signals come here. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	signal(SIGPIPE, SIG_IGN);
	status = serve(live, listen, now, &set);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
out:
	lt_live_free(live);
	free(goals);
	lt_select_release(&s);
	return status;
}
