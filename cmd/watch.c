/*
 * watch.c - lt watch: a live view of the logs that fills the terminal,
 * redrawn when they grow or the window changes size, until q or Ctrl-C.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "live.h"
#include "plot.h"
#include "screen.h"
#include "watch.h"

static int	cmd_watch(int, char **);

struct args {
	struct lt_select s;
	int		 sixel;
};

static const struct lt_opt opts[] = {
	{ .name = "sixel",
	  .help = "the figure in sixel graphics, when the terminal has them",
	  .kind = LT_OPT_FLAG, .off = offsetof(struct args, sixel) },
	{ .name = NULL }
};

static const struct lt_form forms[] = {
	{ .words = "@" },
	{ .words = NULL }
};

const struct lt_cmd lt_cmd_watch = {
	.name = "watch",
	.summary = "a live view of the logs in the terminal (q quits)",
	.forms = forms,
	.opts = opts,
	.select = LT_SEL_FILES | LT_SEL_TASKS | LT_SEL_STRICT | LT_SEL_GOALS,
	.run = cmd_watch,
};

/* How often the logs are looked at without inotify (NFS), and how long a
 * burst of writes may last before a redraw. */
#define WATCH_INTERVAL_MS	1000
#define WATCH_SETTLE_MS		50

static volatile sig_atomic_t quit, resized;

static void
on_signal(int sig)
{
	if (sig == SIGWINCH)
		resized = 1;
	else
		quit = 1;
}

/* Take the signals of set pending now: a wait that returns because a
 * descriptor is ready (a terminal hung up is always ready) leaves them
 * pending. */
static void
take_signals(const sigset_t *set)
{
	struct timespec zero = { 0, 0 };
	int sig;

	while ((sig = sigtimedwait(set, NULL, &zero)) > 0)
		on_signal(sig);
}

/* The terminal as it was found, put back at the end. */
static struct termios saved;
static int raw;

static void
screen_leave(void)
{
	if (raw)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	raw = 0;
	/* The cursor shown, the main screen back. */
	fputs("\033[?25h\033[?1049l", stdout);
	fflush(stdout);
}

static void
screen_enter(void)
{
	struct termios t;

	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0) {
		t = saved;
		/* Keys one at a time, unseen; Ctrl-C still a signal. */
		t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		t.c_cc[VMIN] = 0;
		t.c_cc[VTIME] = 0;
		raw = tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) == 0;
	}
	fputs("\033[?1049h\033[?25l", stdout);
}

static void
window_size(struct lt_screen *s)
{
	struct winsize ws;

	s->width = 80;
	s->height = 24;
	/* A terminal that does not say its pixels: cells of 10 by 20. */
	s->cell_w = 10;
	s->cell_h = 20;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 &&
	    ws.ws_row > 0) {
		s->width = ws.ws_col;
		s->height = ws.ws_row;
		if (ws.ws_xpixel >= ws.ws_col && ws.ws_ypixel >= ws.ws_row) {
			s->cell_w = ws.ws_xpixel / ws.ws_col;
			s->cell_h = ws.ws_ypixel / ws.ws_row;
		}
	}
}

/*
 * Whether the terminal draws sixel graphics: its answer to the primary
 * device attributes request (ESC [ c) lists 4 among them, as xterm,
 * mlterm, foot and WezTerm answer.  A terminal that does not answer in
 * half a second does not.
 */
static int
has_sixel(void)
{
	struct pollfd pfd = { STDIN_FILENO, POLLIN, 0 };
	char buf[128], *p, *end;
	size_t n = 0;
	ssize_t got;
	long v;

	if (!raw)
		return 0;
	fputs("\033[c", stdout);
	fflush(stdout);
	while (n < sizeof(buf) - 1 && poll(&pfd, 1, 500) > 0) {
		if ((got = read(STDIN_FILENO, buf + n, 1)) <= 0)
			break;
		if (buf[n++] == 'c')
			break;
	}
	buf[n] = '\0';
	if (n < 4 || strncmp(buf, "\033[?", 3) != 0 || buf[n - 1] != 'c')
		return 0;
	for (p = buf + 3; *p != 'c'; p = end + (*end == ';')) {
		v = strtol(p, &end, 10);
		if (end == p)
			return 0;
		if (v == 4)
			return 1;
	}
	return 0;
}

/* The whole screen, from the top; the figure written by gnuplot. */
static int
draw(struct lt_screen *s, struct lt_live *l, const char *gnuplot)
{
	struct lt_error err;
	struct lt_buf script;
	int i, rc = 0;

	window_size(s);
	lt_screen_layout(s, l);
	fputs("\033[H", stdout);
	if (lt_screen_top(stdout, s, l) != 0)
		return -1;
	if (s->plot_rows > 0) {
		lt_buf_init(&script);
		if (lt_screen_plot_script(s, l, &script, &err) == 0) {
			fflush(stdout);
			rc = lt_plot_run(script.data, script.len, gnuplot,
			    NULL, &err);
			/* Below the figure, wherever gnuplot left the cursor
			 * (a text one ends its last row without a newline). */
			if (rc == 0)
				printf("\033[%d;1H", 3 + s->task_rows +
				    s->plot_rows);
		} else
			rc = -1;
		lt_buf_release(&script);
		if (rc != 0) {
			/* Said in the figure's place, its rows kept. */
			printf("\n  %-*.*s\n", s->width - 2, s->width - 2,
			    err.msg);
			for (i = 2; i < s->plot_rows; i++)
				printf("%*s\n", s->width, "");
		}
	}
	if (lt_screen_goals(stdout, s, l) != 0)
		return -1;
	fputs("\033[J", stdout);
	return fflush(stdout) == 0 ? 0 : -1;
}

/* Watch the logs and the goals log that exist; NULL while a log does
 * not (then the loop looks every interval). */
static struct lt_watch *
watch_files(struct lt_select *s, const char *goals)
{
	const char **paths;
	struct lt_watch *w;
	struct lt_error err;
	struct stat st;
	size_t i, n = 0;

	paths = lt_xcalloc(s->files.n + 2, sizeof(*paths));
	for (i = 0; i < s->files.n; i++) {
		if (stat(s->files.v[i], &st) != 0) {
			free(paths);
			return NULL;
		}
		paths[n++] = s->files.v[i];
	}
	if (stat(goals, &st) == 0)
		paths[n++] = goals;
	w = lt_watch_new(paths, n, &err);
	free(paths);
	return w;
}

/* Draw, then wait for the logs, a key or a signal; until quit. */
static int
loop(struct lt_select *s, struct lt_live *live, struct lt_screen *scr,
    const char *goals, const sigset_t *block, const sigset_t *waitmask,
    struct lt_error *err)
{
	const char *gnuplot = getenv("LT_GNUPLOT");
	struct lt_watch *w = NULL;
	struct timespec ts = { WATCH_INTERVAL_MS / 1000, 0 };
	struct pollfd pfd;
	ssize_t got;
	char key;
	int rc, status = LT_OK, dirty = 1;

	if (gnuplot == NULL || *gnuplot == '\0')
		gnuplot = "gnuplot";
	while (!quit) {
		/* Watched before the logs are read: an append in between
		 * still wakes the wait. */
		if (w == NULL)
			w = watch_files(s, goals);
		if ((rc = lt_live_refresh(live, err)) < 0) {
			status = LT_TROUBLE;
			break;
		}
		if (rc == 1 || dirty || resized) {
			resized = 0;
			if (draw(scr, live, gnuplot) != 0) {
				lt_error_set(err, "cannot write to the "
				    "terminal");
				status = LT_TROUBLE;
				break;
			}
			dirty = 0;
		}
		if (w != NULL)
			rc = lt_watch_wait_fd(w, WATCH_INTERVAL_MS,
			    WATCH_SETTLE_MS, waitmask, raw ? STDIN_FILENO : -1);
		else {
			pfd.fd = raw ? STDIN_FILENO : -1;
			pfd.events = POLLIN;
			rc = ppoll(&pfd, 1, &ts, waitmask) > 0 ? 2 : 1;
		}
		take_signals(block);
		if (rc != 2)
			continue;
		got = read(STDIN_FILENO, &key, 1);
		if (got == 1 && (key == 'q' || key == 'Q'))
			quit = 1;
		/* The terminal went away (its end, or EIO once hung up). */
		if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN))
			quit = 1;
	}
	lt_watch_free(w);
	return status;
}

static int
cmd_watch(int argc, char **argv)
{
	struct args a = { .sixel = 0 };
	struct lt_select *s = &a.s;
	struct lt_screen scr = { 0 };
	struct lt_live *live = NULL;
	struct lt_error err;
	struct sigaction sa;
	sigset_t block, waitmask;
	char *goals = NULL;
	size_t i;
	int status;

	lt_select_init(s);
	if ((status = lt_opts_parse(&lt_cmd_watch, &argc, &argv, &a,
	    s)) != LT_PARSED)
		goto out;
	status = LT_TROUBLE;
	if (lt_select_finish(s, argc, argv, 0))
		goto out;
	for (i = 0; i < s->files.n; i++)
		if (strcmp(s->files.v[i], "-") == 0) {
			lt_usage("standard input cannot be watched: it is read "
			    "once");
			goto out;
		}
	if (!isatty(STDOUT_FILENO)) {
		lt_warnx("standard output is not a terminal (for a pipe: lt "
		    "metrics --watch, or lt report)");
		goto out;
	}
	goals = lt_goals_file(s->goals, s->files.v[0]);
	live = lt_live_new(s->files.v, s->files.n, goals, &s->sel.ropts);
	/* A log that is not an lt log is said before the screen changes. */
	if (lt_live_refresh(live, &err) < 0) {
		lt_warn_error(&err);
		goto out;
	}
	scr.tasks = s->tasks.v;
	scr.ntasks = s->tasks.n;
	scr.title = s->files.n == 1 ? s->files.v[0] : "several logs";
	scr.pad = 1;
	/* The signals wait blocked, and come only while the loop waits. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGWINCH, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGWINCH);
	sigprocmask(SIG_BLOCK, &block, &waitmask);
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGTERM);
	sigdelset(&waitmask, SIGHUP);
	sigdelset(&waitmask, SIGWINCH);
	screen_enter();
	if (a.sixel && !(scr.sixel = has_sixel())) {
		screen_leave();
		lt_warnx("no sixel graphics in this terminal; the figure is "
		    "in text");
		screen_enter();
	}
	status = loop(s, live, &scr, goals, &block, &waitmask, &err);
	screen_leave();
	if (status != LT_OK)
		lt_warn_error(&err);
out:
	lt_live_free(live);
	free(goals);
	lt_select_release(s);
	return status;
}
