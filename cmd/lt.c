/*
 * lt.c - main: the command table; find the command and run it; help,
 * --version and complete; the helpers every command uses, and the
 * selection the commands that read logs share.
 */
#include <errno.h>
#include <math.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "cmd.h"
#include "event.h"
#include "goal.h"
#include "num.h"
#include "pscan.h"
#include "tempfile.h"

#ifndef LT_VERSION
#define LT_VERSION "0.1.0"
#endif

const char *lt_progname = "lt";
const struct lt_cmd *lt_current;

/* $LT_THREADS, checked before a command runs; 0 when not set. */
static unsigned threads;

/* Alphabetical; looked up by exact name, so adding one breaks no script. */
const struct lt_cmd *const lt_commands[] = {
	&lt_cmd_compact,
	&lt_cmd_compare,
	&lt_cmd_converge,
	&lt_cmd_curve,
	&lt_cmd_export,
	&lt_cmd_forecast,
	&lt_cmd_goal,
	&lt_cmd_import,
	&lt_cmd_metrics,
	&lt_cmd_plot,
	&lt_cmd_record,
	&lt_cmd_report,
	&lt_cmd_serve,
	&lt_cmd_task,
	&lt_cmd_trend,
	&lt_cmd_watch,
};

const size_t lt_ncommands = sizeof(lt_commands) / sizeof(lt_commands[0]);

void
lt_vwarnx(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", lt_progname);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
lt_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lt_vwarnx(fmt, ap);
	va_end(ap);
}

void
lt_warn_error(const struct lt_error *e)
{
	char buf[1024];

	lt_error_format(e, buf, sizeof(buf));
	lt_warnx("%s", buf);
}

void
lt_warn_line(void *ctx, const struct lt_error *e)
{
	char buf[1024];

	(void)ctx;
	lt_error_format(e, buf, sizeof(buf));
	lt_warnx("warning: %s; line skipped", buf);
}

void
lt_warn_skipped(size_t n)
{
	if (n > 0)
		lt_warnx("warning: %zu bad line%s skipped", n,
		    n == 1 ? "" : "s");
}

struct lt_reader_opts
lt_read_opts(int strict)
{
	struct lt_reader_opts ro = { .warn = lt_warn_line };

	ro.flags = strict ? LT_READ_STRICT : 0;
	ro.threads = threads;
	ro.tmpdir = lt_tmpdir();
	return ro;
}

/* Read $LT_THREADS into threads: LT_OK, or LT_TROUBLE after a message. */
static int
env_threads(void)
{
	const char *t = getenv("LT_THREADS");
	int64_t v;

	if (t == NULL || *t == '\0')
		return LT_OK;
	if (lt_num_json_kind(t, strlen(t)) != 1 ||
	    lt_num_parse_int(t, strlen(t), &v) != 0 || v < 1 ||
	    v > LT_THREADS_MAX) {
		lt_warnx("LT_THREADS \"%s\" is not a number of threads from 1 "
		    "to %d", t, LT_THREADS_MAX);
		return LT_TROUBLE;
	}
	threads = (unsigned)v;
	return LT_OK;
}

const char *
lt_log_path(const char *opt)
{
	const char *env;

	if (opt != NULL)
		return opt;
	env = getenv("LT_FILE");
	if (env != NULL && *env != '\0')
		return env;
	return "lt.jsonl";
}

char *
lt_goals_file(const char *opt, const char *log)
{
	const char *env = getenv("LT_GOALS");

	if (opt == NULL && env != NULL && *env != '\0')
		opt = env;
	return lt_goals_path(opt, log);
}

const char *
lt_tmpdir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir != NULL && *dir != '\0' ? dir : "/tmp";
}

int
lt_output_now(double *now)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	int64_t v;

	if (env == NULL || *env == '\0') {
		*now = lt_time_now();
		return 0;
	}
	/* Digits only: the convention's value is a decimal integer. */
	if (strspn(env, "0123456789") != strlen(env) ||
	    lt_num_parse_int(env, strlen(env), &v) != 0) {
		lt_warnx("SOURCE_DATE_EPOCH \"%s\" is not a whole number of "
		    "seconds", env);
		return -1;
	}
	*now = (double)v;
	return 0;
}

int
lt_finish_stdout(int status)
{
	/* errno is fflush's when it failed; an earlier write's failure,
	 * left in ferror, may have left any errno since. */
	if (fflush(stdout) != 0) {
		if (errno != EPIPE)
			lt_warnx("cannot write the output: %s",
			    strerror(errno));
		return LT_TROUBLE;
	}
	if (ferror(stdout)) {
		lt_warnx("cannot write the output");
		return LT_TROUBLE;
	}
	return status;
}

/*
 * The selection the analysis commands share: which logs, which tasks,
 * which span of time, which metric, strictness, the goals log, and the
 * output style.
 */

void
lt_select_init(struct lt_select *s)
{
	memset(s, 0, sizeof(*s));
	lt_sel_init(&s->sel);
	s->sel.ropts = lt_read_opts(0);
	s->style = LT_STYLE_TEXT;
	s->color = LT_COLOR_AUTO;
}

int
lt_select_finish(struct lt_select *s, int argc, char **argv, int tasks_ok)
{
	struct lt_error err;
	int i;

	if (s->nfiles > argc)
		s->nfiles = argc;
	for (i = argc - s->nfiles; i < argc; i++)
		lt_strv_add(&s->files, argv[i]);
	argc -= s->nfiles;
	if (argc > 0 && !tasks_ok)
		return lt_usage("unexpected argument \"%s\"", argv[0]);
	for (i = 0; i < argc; i++)
		lt_strv_add(&s->tasks, argv[i]);
	if (!isnan(s->sel.since) && !isnan(s->sel.until) &&
	    s->sel.since > s->sel.until)
		return lt_usage("--since is after --until");
	if (s->files.n == 0)
		lt_strv_add(&s->files, lt_log_path(NULL));
	/* A FIFO or a process substitution is read once, kept for every
	 * reader of the command; standard input only when the command
	 * reads it twice (lt_select_reread), else it streams. */
	for (i = 0; i < (int)s->files.n; i++)
		if (strcmp(s->files.v[i], "-") != 0 &&
		    lt_log_spool(s->files.v[i], lt_tmpdir(), &err) != 0) {
			lt_warn_error(&err);
			return LT_TROUBLE;
		}
	if (s->strict)
		s->sel.ropts.flags |= LT_READ_STRICT;
	s->sel.paths = s->files.v;
	s->sel.npaths = s->files.n;
	s->sel.tasks = s->tasks.v;
	s->sel.ntasks = s->tasks.n;
	return LT_OK;
}

void
lt_select_release(struct lt_select *s)
{
	lt_strv_release(&s->files);
	lt_strv_release(&s->tasks);
}

/* The terminal's width for tables: $COLUMNS, else the tty's; 0 (no
 * limit) when standard output is not a terminal. */
static int
term_width(void)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	int64_t v;

	if (!isatty(STDOUT_FILENO))
		return 0;
	if (env != NULL && *env != '\0' &&
	    lt_num_parse_int(env, strlen(env), &v) == 0 && v > 0 &&
	    v < 100000)
		return (int)v;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

void
lt_select_out(const struct lt_select *s, struct lt_out *o)
{
	const char *env = getenv("NO_COLOR");

	lt_render_init(o, stdout, (enum lt_style)s->style);
	o->width = term_width();
	/* https://no-color.org: NO_COLOR set and not empty turns colour
	 * off, unless --color=always asks for it. */
	o->color = s->color == LT_COLOR_ALWAYS || (s->color == LT_COLOR_AUTO &&
	    o->tty && (env == NULL || *env == '\0'));
}

int
lt_log_tasks(const char *const *paths, size_t n, struct lt_tasktab *t)
{
	struct lt_reader_opts ro = lt_read_opts(0);
	const char **logs = lt_xcalloc(n + 1, sizeof(*logs));
	struct lt_events *r;
	struct lt_event ev;
	struct lt_error err;
	size_t i, nlogs = 0;
	int rc, added;

	ro.warn = NULL;
	for (i = 0; i < n; i++)
		if (strcmp(paths[i], "-") != 0)
			logs[nlogs++] = paths[i];
	r = nlogs > 0 ? lt_events_open(logs, nlogs, &ro, &err) : NULL;
	free(logs);
	if (r == NULL)
		return -1;
	while ((rc = lt_events_next(r, &ev, &err)) == 1)
		lt_tasktab_intern(t, ev.task, ev.task_len, &added);
	lt_events_close(r);
	return rc;
}

void
lt_select_suggest(const struct lt_select *s)
{
	struct lt_tasktab t = { 0 };
	char hint[512];
	size_t i;

	if (s->tasks.n == 0 || lt_log_tasks(s->files.v, s->files.n, &t) != 0) {
		lt_tasktab_release(&t);
		return;
	}
	for (i = 0; i < s->tasks.n; i++) {
		if (lt_tasktab_find(&t, s->tasks.v[i],
		    strlen(s->tasks.v[i])) >= 0)
			continue;
		lt_suggest(s->tasks.v[i], (const char *const *)t.names, t.n,
		    "\"", hint, sizeof(hint));
		/* hint is "; did you mean ...?" */
		if (hint[0] != '\0')
			lt_warnx("%s", hint + 2);
	}
	lt_tasktab_release(&t);
}

int
lt_select_reread(const struct lt_select *s)
{
	struct lt_error err;
	size_t i;

	for (i = 0; i < s->files.n; i++)
		if (strcmp(s->files.v[i], "-") == 0 &&
		    lt_log_spool("-", lt_tmpdir(), &err) != 0) {
			lt_warn_error(&err);
			return LT_TROUBLE;
		}
	return LT_OK;
}

struct lt_goals *
lt_select_goals(const struct lt_select *s)
{
	struct lt_reader_opts ro = lt_read_opts(s->strict);
	struct lt_goals *g = NULL;
	struct lt_error err;
	struct stat st;
	char *path;
	double now;

	if (lt_output_now(&now) != 0)
		return NULL;
	if (s->goals != NULL && stat(s->goals, &st) != 0) {
		lt_warnx("%s: cannot open the goals log: %s", s->goals,
		    strerror(errno));
		return NULL;
	}
	path = lt_goals_file(s->goals, s->files.n > 0 ? s->files.v[0] :
	    lt_log_path(NULL));
	/* Goals that follow standard input read it before the command. */
	if (stat(path, &st) == 0 && lt_select_reread(s) != LT_OK) {
		free(path);
		return NULL;
	}
	g = lt_goals_load(path, (const char *const *)s->files.v, s->files.n,
	    now, &ro, &err);
	free(path);
	if (g == NULL)
		lt_warn_error(&err);
	return g;
}

static void
usage(FILE *fp)
{
	size_t i;

	fputs("usage: lt COMMAND [OPTIONS] [ARGS]\n"
	    "       lt help [COMMAND]\n"
	    "       lt --version\n\n"
	    "Track learning progress in append-only CSV or JSONL logs.\n\n"
	    "Commands:\n", fp);
	for (i = 0; i < lt_ncommands; i++)
		fprintf(fp, "  %-10s %s\n", lt_commands[i]->name,
		    lt_commands[i]->summary);
	fputs("\nThe log is -f FILE, else $LT_FILE, else lt.jsonl.\n"
	    "'lt help COMMAND' or 'man lt-COMMAND' describes a command.\n",
	    fp);
}

const struct lt_cmd *
lt_cmd_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < lt_ncommands; i++)
		if (strcmp(lt_commands[i]->name, name) == 0)
			return lt_commands[i];
	return NULL;
}

/* "unknown command" with the nearest commands. */
static int
unknown(const char *name)
{
	const char *names[64];
	char hint[256];
	size_t i;

	for (i = 0; i < lt_ncommands && i < 64; i++)
		names[i] = lt_commands[i]->name;
	lt_suggest(name, names, i, "'", hint, sizeof(hint));
	fprintf(stderr, "lt: unknown command '%s'%s\n", name, hint[0] != '\0' ?
	    hint : "; see 'lt help'");
	return LT_TROUBLE;
}

int
lt_exec_beside(const char *name, const char *dir, int argc, char **argv)
{
	char self[4096], path[4096 + 64], **av, *here;
	ssize_t n;
	int i, e = ENOENT;

	av = lt_xcalloc((size_t)argc + 2, sizeof(*av));
	av[0] = "lt";
	for (i = 0; i < argc; i++)
		av[i + 1] = argv[i];
	path[0] = '\0';
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) > 0) {
		self[n] = '\0';
		here = lt_tempfile_dirname(self);
		snprintf(path, sizeof(path), "%s/%s", here, name);
		free(here);
		execv(path, av);
		e = errno;
	}
	if (dir != NULL) {
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		execv(path, av);
		e = errno;
	}
	lt_warnx("cannot run %s: %s", path[0] != '\0' ? path : name,
	    strerror(e));
	free(av);
	return LT_TROUBLE;
}

static int
run(const struct lt_cmd *c, int argc, char **argv)
{
	static char prog[64];

	snprintf(prog, sizeof(prog), "lt %s", c->name);
	lt_progname = prog;
	lt_current = c;
	if (env_threads() != LT_OK)
		return LT_TROUBLE;
	return lt_finish_stdout(c->run(argc, argv));
}

int
main(int argc, char **argv)
{
	const struct lt_cmd *c;

	/* A write past the file size limit fails with EFBIG, which the
	 * store takes back, rather than killing lt half-way. */
	signal(SIGXFSZ, SIG_IGN);
	/* jansson returns NULL when out of memory, as for bad input: with
	 * an allocator that ends lt cleanly then, a NULL means bad input
	 * alone (text not UTF-8, a real not finite), which lt checks. */
	json_set_alloc_funcs(lt_xmalloc, free);
	if (argc < 2) {
		usage(stderr);
		return LT_TROUBLE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("lt %s\n", LT_VERSION);
		return lt_finish_stdout(LT_OK);
	}
	if (strcmp(argv[1], "complete") == 0)
		return lt_finish_stdout(lt_complete(argc - 2, argv + 2));
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		if (argc < 3 || strcmp(argv[1], "help") != 0) {
			usage(stdout);
			return lt_finish_stdout(LT_OK);
		}
		if ((c = lt_cmd_lookup(argv[2])) == NULL)
			return unknown(argv[2]);
		lt_opts_help(c, stdout);
		return lt_finish_stdout(LT_OK);
	}
	if ((c = lt_cmd_lookup(argv[1])) == NULL)
		return unknown(argv[1]);
	return run(c, argc - 1, argv + 1);
}
