/*
 * serve.h - the dashboard's HTTP server: read-only routes over what
 * growing logs say now (live.h), and one HTML page that draws them, on
 * libmicrohttpd.
 *
 * Routes (GET and HEAD only; any other method is 405 with Allow):
 *
 *   /                       the page (serve_page.html, built in)
 *   /api/learning/metrics   lt metrics --json
 *   /api/learning/report    lt report --json
 *   /api/learning/goals     lt goal summary --json
 *   /api/learning/trend     lt trend [TASK] --json: task=, window=
 *   /api/learning/curve     lt curve TASK --json: task=, window=, smooth=
 *   /api/learning/compare   lt compare --json: last=, summary=, task=,
 *                           mode=, confidence=, bootstrap=, seed=
 *
 * The JSON is the command's, byte for byte (one line and a newline, as
 * the command writes it to a pipe).  Anything else is 404; a parameter
 * a route does not take, given twice, or not a number where one is
 * wanted is 400; a task without events is 404; logs that cannot be
 * compared as they are (one run, different score names) are 409; a log
 * that does not exist (yet) is 503; a log that cannot be read is 500.
 * Errors are {"error": MESSAGE}.
 *
 * The logs are looked at on each request of a route (a stat of each),
 * and only what they gained is read (live.h), the comparison's runs
 * included (lt_live_compare).  The comparison's answers, whose bootstrap
 * costs, are kept for the last LT_SERVE_COMPARE_KEPT queries until the
 * logs or their tasks files change (lt_live_generation).  Requests are
 * answered one at a time, on libmicrohttpd's own thread, so nothing is
 * shared.
 *
 * libmicrohttpd is loaded when a server starts (dlopen), not when lt
 * starts: it brings a TLS library and ten shared objects with it, which
 * every other command (lt record runs once per event) would load for
 * nothing.
 */
#ifndef LT_SERVE_H
#define LT_SERVE_H

#include <sys/socket.h>

#include "engine.h"
#include "error.h"
#include "live.h"

/* libmicrohttpd's limits, as lt-serve(1) documents them. */
#define LT_SERVE_CONNECTIONS	128	/* at once; more wait in the
					   kernel's queue */
#define LT_SERVE_TIMEOUT	10	/* seconds a connection may stay
					   idle, a slow client included */
#define LT_SERVE_MEMORY		(32u << 10)	/* per connection: a longer
					   request line or header is
					   refused (414, 431) */

/* /api/learning/compare: the answers kept until the logs change, and the
 * most a query may ask of the one thread that answers every request. */
#define LT_SERVE_COMPARE_KEPT	4
#define LT_SERVE_COMPARE_LAST	100000	/* last= */
#define LT_SERVE_COMPARE_RESAMPLES 100000	/* bootstrap= */

struct lt_serve_opts {
	struct lt_live		*live;		/* borrowed until stopped */
	/* The logs live follows, as given (borrowed until stopped), and
	 * how their lines are judged, for the comparison. */
	const char *const	*paths;
	size_t			 npaths;
	struct lt_reader_opts	 ropts;
	double			 now;		/* report_timestamp; NaN: the
						   clock at each request */
	/* Called once for each log whose last line stays unfinished (from
	 * the server's thread). */
	void			(*warn)(void *ctx, const struct lt_error *e);
	void			*ctx;
};

/*
 * The address of "HOST:PORT", "[IPV6]:PORT" or ":PORT" (the loopback)
 * into *ss and *len; *loopback says whether it is a loopback address.
 * Returns 0, or -1 with err naming it.
 */
int	lt_serve_address(const char *listen, struct sockaddr_storage *ss,
	    socklen_t *len, int *loopback, struct lt_error *err);

struct lt_serve;

/*
 * Listen on the address and serve on a thread of libmicrohttpd's until
 * lt_serve_stop.  The signals the caller blocks stay blocked on that
 * thread.  Returns the server, or NULL with err (the address in use, the
 * library missing).
 */
struct lt_serve *lt_serve_start(const struct sockaddr_storage *ss,
	    socklen_t len, const struct lt_serve_opts *o,
	    struct lt_error *err);

/* The port it listens on (the one chosen when 0 was asked), and its URL
 * ("http://127.0.0.1:8080/"; borrowed until lt_serve_stop). */
unsigned	lt_serve_port(const struct lt_serve *s);
const char	*lt_serve_url(const struct lt_serve *s);

/* Stop serving, close every connection and free s. */
void		lt_serve_stop(struct lt_serve *s);

#endif
