/*
 * lt.c - main: find the command and run it; help and --version.
 */
#include <errno.h>
#include <math.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "cmd.h"
#include "event.h"
#include "goal.h"
#include "num.h"
#include "pscan.h"

#ifndef LT_VERSION
#define LT_VERSION "0.1.0"
#endif

const char *lt_progname = "lt";

/* $LT_THREADS, checked before a command runs; 0 when not set. */
static unsigned threads;

/* Alphabetical; looked up by exact name, so adding one breaks no script. */
static const struct lt_cmd commands[] = {
	{ .name = "compact", .summary = "keep only the last N events of a log",
	  .run = cmd_compact },
	{ .name = "converge", .summary = "convergences by task",
	  .run = cmd_converge },
	{ .name = "curve", .summary = "a task's learning curve, smoothed",
	  .run = cmd_curve },
	{ .name = "export", .summary = "export a log as JSON, or convert it",
	  .run = cmd_export },
	{ .name = "goal", .summary = "set goals and follow their progress",
	  .run = cmd_goal },
	{ .name = "import", .summary = "append the logs of training "
	  "frameworks as events", .run = cmd_import },
	{ .name = "metrics", .summary = "real-time metrics from the log's end",
	  .run = cmd_metrics },
	{ .name = "plot", .summary = "draw the learning-progress figure",
	  .run = cmd_plot },
	{ .name = "record", .summary = "append learning events to a log",
	  .run = cmd_record },
	{ .name = "report", .summary = "the whole picture of a log",
	  .run = cmd_report },
	{ .name = "trend", .summary = "is learning improving, by task",
	  .run = cmd_trend },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

void
lt_warnx(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", lt_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
lt_warn_error(const struct lt_error *e)
{
	char buf[1024];

	lt_error_format(e, buf, sizeof(buf));
	lt_warnx("%s", buf);
}

int
lt_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", lt_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", lt_progname);
	return LT_TROUBLE;
}

int
lt_bad_option(char **argv, int ch)
{
	char shortopt[3] = { '-', (char)optopt, '\0' };
	const char *last = argv[optind - 1];
	/* For a long option optopt is its internal letter, not what was
	 * typed: name the word as given. */
	const char *opt = optopt != 0 && strncmp(last, "--", 2) != 0 ?
	    shortopt : last;

	if (ch == ':')
		return lt_usage("option '%s' needs a value", opt);
	return lt_usage("unknown option '%s'", opt);
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
lt_parse_count(const char *opt, const char *text, int zero_ok, long *out)
{
	int64_t v;

	if (lt_num_json_kind(text, strlen(text)) != 1 ||
	    lt_num_parse_int(text, strlen(text), &v) != 0 ||
	    v < (zero_ok ? 0 : 1)) {
		lt_usage("%s \"%s\" is not a%s integer", opt, text,
		    zero_ok ? " non-negative" : " positive");
		return -1;
	}
	*out = (long)v;
	return 0;
}

enum lt_style
lt_style_pick(int json, int tsv, int csv, int markdown)
{
	if (json)
		return LT_STYLE_JSON;
	if (tsv)
		return LT_STYLE_TSV;
	if (csv)
		return LT_STYLE_CSV;
	if (markdown)
		return LT_STYLE_MARKDOWN;
	return LT_STYLE_TEXT;
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
}

static void
add(const char ***v, size_t *n, const char *arg)
{
	*v = lt_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = arg;
}

int
lt_select_option(struct lt_select *s, int ch, const char *arg)
{
	struct lt_error err;
	double t;

	switch (ch) {
	case 'f':
		add(&s->paths, &s->npaths, arg);
		return 1;
	case 't':
		add(&s->tasks, &s->ntasks, arg);
		return 1;
	case LT_OPT_SINCE:
	case LT_OPT_UNTIL:
		if (lt_time_parse_rel(arg, strlen(arg), lt_time_now(), &t,
		    &err) != 0) {
			lt_usage("--%s: %s", ch == LT_OPT_SINCE ? "since" :
			    "until", err.msg);
			return -1;
		}
		if (ch == LT_OPT_SINCE)
			s->sel.since = t;
		else
			s->sel.until = t;
		return 1;
	case LT_OPT_JSON:
		s->json = 1;
		return 1;
	case LT_OPT_TSV:
		s->tsv = 1;
		return 1;
	case LT_OPT_CSV:
		s->csv = 1;
		return 1;
	case LT_OPT_MARKDOWN:
		s->markdown = 1;
		return 1;
	case LT_OPT_GOALS:
		s->goals = arg;
		return 1;
	case LT_OPT_STRICT:
		s->sel.ropts.flags |= LT_READ_STRICT;
		return 1;
	case LT_OPT_METRIC:
		if (lt_metric_check(arg, &err) != 0) {
			lt_usage("%s", err.msg);
			return -1;
		}
		s->sel.metric = arg;
		return 1;
	case LT_OPT_X:
		if (lt_xaxis_parse(arg, &s->sel.x, &err) != 0) {
			lt_usage("%s", err.msg);
			return -1;
		}
		return 1;
	default:
		return 0;
	}
}

int
lt_select_finish(struct lt_select *s, int nfiles, int argc, char **argv,
    int tasks_ok)
{
	int i;

	for (i = argc - nfiles; i < argc; i++)
		add(&s->paths, &s->npaths, argv[i]);
	argc -= nfiles;
	if (argc > 0 && !tasks_ok)
		return lt_usage("unexpected argument \"%s\"", argv[0]);
	for (i = 0; i < argc; i++)
		add(&s->tasks, &s->ntasks, argv[i]);
	if (!isnan(s->sel.since) && !isnan(s->sel.until) &&
	    s->sel.since > s->sel.until)
		return lt_usage("--since is after --until");
	if (s->npaths == 0) {
		s->deflt = lt_log_path(NULL);
		add(&s->paths, &s->npaths, s->deflt);
	}
	s->sel.paths = s->paths;
	s->sel.npaths = s->npaths;
	s->sel.tasks = s->tasks;
	s->sel.ntasks = s->ntasks;
	return LT_OK;
}

int
lt_select_nfiles(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0)
			return argc - i - 1;
	return 0;
}

void
lt_select_release(struct lt_select *s)
{
	free(s->paths);
	free(s->tasks);
	s->paths = s->tasks = NULL;
}

struct lt_goals *
lt_select_goals(const char *goals_opt, const char *const *paths, size_t n,
    int strict)
{
	struct lt_reader_opts ro = lt_read_opts(strict);
	const char **logs;
	struct lt_goals *g;
	struct lt_error err;
	char *path;
	size_t i, nlogs = 0;

	logs = lt_xcalloc(n + 1, sizeof(*logs));
	for (i = 0; i < n; i++)
		if (strcmp(paths[i], "-") != 0)
			logs[nlogs++] = paths[i];
	path = lt_goals_file(goals_opt, n > 0 ? paths[0] : lt_log_path(NULL));
	g = lt_goals_load(path, logs, nlogs, &ro, &err);
	free(path);
	free(logs);
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
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name,
		    commands[i].summary);
	fputs("\nThe log is -f FILE, else $LT_FILE, else lt.jsonl.\n"
	    "'lt help COMMAND' or 'man lt-COMMAND' describes a command.\n",
	    fp);
}

static const struct lt_cmd *
lookup(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int
run(const struct lt_cmd *c, int argc, char **argv)
{
	static char prog[64];

	snprintf(prog, sizeof(prog), "lt %s", c->name);
	lt_progname = prog;
	if (env_threads() != LT_OK)
		return LT_TROUBLE;
	return lt_finish_stdout(c->run(argc, argv));
}

int
main(int argc, char **argv)
{
	const struct lt_cmd *c;
	char *help[] = { NULL, "--help", NULL };

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
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		if (argc < 3 || strcmp(argv[1], "help") != 0) {
			usage(stdout);
			return lt_finish_stdout(LT_OK);
		}
		if ((c = lookup(argv[2])) == NULL) {
			fprintf(stderr, "lt: no command '%s'; see 'lt help'\n",
			    argv[2]);
			return LT_TROUBLE;
		}
		help[0] = argv[2];
		return run(c, 2, help);
	}
	if ((c = lookup(argv[1])) == NULL) {
		fprintf(stderr, "lt: unknown command '%s'; see 'lt help'\n",
		    argv[1]);
		return LT_TROUBLE;
	}
	return run(c, argc - 1, argv + 1);
}
