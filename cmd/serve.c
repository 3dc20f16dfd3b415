/*
 * serve.c - lt serve: the dashboard in a browser, live while the logs
 * grow, read-only, until SIGINT or SIGTERM.
 */
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "live.h"
#include "serve.h"

static int	cmd_serve(int, char **);

struct args {
	struct lt_select s;
	const char	*listen;
};

static const struct lt_opt opts[] = {
	{ .name = "listen", .letter = 'l', .arg = "ADDRESS:PORT",
	  .help = "the address and port (default 127.0.0.1:8080;\n"
	  "port 0: any free one)",
	  .kind = LT_OPT_STRING, .off = offsetof(struct args, listen) },
	{ .name = NULL }
};

static const struct lt_form forms[] = {
	{ .words = "@" },
	{ .words = NULL }
};

const struct lt_cmd lt_cmd_serve = {
	.name = "serve",
	.summary = "the dashboard in a browser, live",
	.forms = forms,
	.opts = opts,
	.select = LT_SEL_FILES | LT_SEL_STRICT | LT_SEL_GOALS,
	.run = cmd_serve,
};

#ifdef LT_SERVE_HELPER
/*
 * This lt is linked statically, which makes each start of it (an lt
 * record in a training loop) a third quicker, and a static program
 * cannot load libmicrohttpd: lt serve is LT_SERVE_HELPER's, the same lt
 * linked against the C library as a shared object, installed beside lt
 * or in LT_LIBEXECDIR.
 */
static int
cmd_serve(int argc, char **argv)
{
	return lt_exec_beside(LT_SERVE_HELPER, LT_LIBEXECDIR, argc, argv);
}
#else
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
serve(struct lt_live *live, const struct args *a, double now,
    const sigset_t *set)
{
	const char *listen = a->listen;
	struct lt_serve_opts so = { 0 };
	struct sockaddr_storage ss;
	struct lt_serve *srv;
	struct lt_error err;
	socklen_t len;
	int loopback, sig;

	if (lt_serve_address(listen, &ss, &len, &loopback, &err) != 0)
		return lt_usage("%s", err.msg);
	so.live = live;
	so.paths = a->s.files.v;
	so.npaths = a->s.files.n;
	so.ropts = a->s.sel.ropts;
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

static int
cmd_serve(int argc, char **argv)
{
	struct args a = { .listen = "127.0.0.1:8080" };
	struct lt_live *live = NULL;
	struct lt_error err;
	sigset_t set;
	char *goals = NULL;
	double now;
	size_t i;
	int status;

	lt_select_init(&a.s);
	if ((status = lt_opts_parse(&lt_cmd_serve, &argc, &argv, &a,
	    &a.s)) != LT_PARSED)
		goto out;
	status = LT_TROUBLE;
	if (lt_select_finish(&a.s, argc, argv, 0) || fixed_now(&now) != 0)
		goto out;
	for (i = 0; i < a.s.files.n; i++)
		if (strcmp(a.s.files.v[i], "-") == 0) {
			lt_usage("standard input cannot be served: it is read "
			    "once, and a page follows a log as it grows");
			goto out;
		}
	goals = lt_goals_file(a.s.goals, a.s.files.v[0]);
	live = lt_live_new(a.s.files.v, a.s.files.n, goals, &a.s.sel.ropts);
	/* Read what is there now, so that the first page is quick and a
	 * log that is not an lt log is said at once. */
	if (lt_live_refresh(live, &err) < 0) {
		lt_warn_error(&err);
		goto out;
	}
	if (lt_live_missing(live) != NULL)
		lt_warnx("%s: no such log yet; the page says so until it "
		    "appears", lt_live_missing(live));
	/*
	 * The server's thread inherits the mask: the signals come here.
	 * They stay blocked to the end, so that a second one (Ctrl-C
	 * twice, or timeout(1)'s to the process and to its group) while
	 * the server stops does not kill the process before it exits 0.
	 */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	status = serve(live, &a, now, &set);
out:
	lt_live_free(live);
	free(goals);
	lt_select_release(&a.s);
	return status;
}
#endif
