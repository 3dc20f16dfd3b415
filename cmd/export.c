/*
 * export.c - lt export: a log converted to the other log format, or
 * written as the class's export document; to standard output, or to a
 * file that appears only once it is complete.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "cmd.h"
#include "event.h"
#include "export.h"
#include "goal.h"
#include "reader.h"

static int	cmd_export(int, char **);

struct args {
	struct lt_select s;
	int		 fmt;		/* enum lt_format */
	const char	*output;
};

#define OFF(f)	offsetof(struct args, f)

static const struct lt_opt opts[] = {
	{ .name = "format", .arg = "csv|jsonl",
	  .help = "convert the events to csv or jsonl (default: the\n"
	  "class's export document, as JSON)",
	  .kind = LT_OPT_PARSE, .off = OFF(fmt), .parse = lt_parse_format },
	{ .name = "output", .letter = 'o', .arg = "FILE",
	  .help = "write FILE, complete or not at all (default: stdout)",
	  .kind = LT_OPT_STRING, .off = OFF(output), .flags = LT_OPTF_FILE },
	{ .name = NULL }
};

static const struct lt_form forms[] = {
	{ .words = "@ [--output]" },
	{ .words = "--format [--task ...] [--file ...] [--since] [--until] "
	  "[--strict] [--output]" },
	{ .words = NULL }
};

const struct lt_cmd lt_cmd_export = {
	.name = "export",
	.summary = "export a log as JSON, or convert it",
	.forms = forms,
	.opts = opts,
	.select = LT_SEL_READ | LT_SEL_GOALS,
	.run = cmd_export,
};

/* The temporary output, removed if a signal ends the export (after the
 * rename it is gone, and unlinking it again does nothing). */
static char pending[4096];
static volatile sig_atomic_t have_pending;

static void
on_signal(int sig)
{
	if (have_pending)
		unlink(pending);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Catch the signals that end a process, unless they were ignored (a
 * background job keeps ignoring SIGINT). */
static void
catch_signals(void)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGPIPE, SIGTERM };
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

/* The mode a new output gets: an existing file's, else 0666 less the
 * umask, as a shell redirection gives. */
static mode_t
output_mode(const char *path)
{
	struct stat st;
	mode_t mask;

	if (stat(path, &st) == 0)
		return st.st_mode & 07777;
	mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/*
 * Open -o FILE: a temporary beside a regular file (or none yet), renamed
 * into place at the end; a device or a FIFO (/dev/null, a pipe) is
 * written directly, as a shell redirection would, with out->fd -1.
 */
static int
open_output(const char *path, struct lt_atomic *out, FILE **fp)
{
	struct lt_error err;
	struct stat st;

	out->fd = -1;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISDIR(st.st_mode)) {
		if ((*fp = fopen(path, "w")) == NULL) {
			lt_warnx("%s: cannot open: %s", path,
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	if (lt_atomic_open(out, path, output_mode(path), &err) != 0) {
		lt_warn_error(&err);
		return -1;
	}
	snprintf(pending, sizeof(pending), "%s", out->tmp);
	have_pending = 1;
	catch_signals();
	*fp = lt_atomic_stream(out);
	return 0;
}

/* The document, or the events converted to fmt; bad lines skipped are
 * reported once all is written. */
static int
run(const struct lt_select *s, enum lt_format fmt, double now, FILE *fp,
    const char *name, struct lt_error *err)
{
	const char *goals = s->goals;
	struct stat st;
	struct lt_reader *r;
	size_t skipped = 0;
	char *gpath;
	int rc;

	if (fmt == LT_FORMAT_AUTO) {
		if (goals != NULL && stat(goals, &st) != 0)
			return lt_error_at(err, goals, 0, "cannot open the "
			    "goals log: %s", strerror(errno));
		gpath = lt_goals_path(goals, s->sel.paths[0]);
		rc = lt_export_class(&s->sel, gpath, now, fp, name, &skipped,
		    err);
		free(gpath);
		if (rc == 0)
			lt_warn_skipped(skipped);
		return rc;
	}
	if ((r = lt_reader_open(s->sel.paths, s->sel.npaths, &s->sel.ropts,
	    err)) == NULL)
		return -1;
	rc = lt_export_convert(r, &s->sel, fmt, fp, name, NULL, err);
	if (rc == 0)
		lt_warn_skipped(lt_reader_skipped(r));
	lt_reader_close(r);
	return rc;
}

static int
cmd_export(int argc, char **argv)
{
	struct args a = { .fmt = LT_FORMAT_AUTO };
	struct lt_atomic out;
	struct lt_error err;
	enum lt_format fmt;
	double now;
	FILE *fp = stdout;
	int rc, status;

	lt_select_init(&a.s);
	if ((status = lt_opts_parse(&lt_cmd_export, &argc, &argv, &a,
	    &a.s)) != LT_PARSED)
		goto done;
	status = LT_TROUBLE;
	if (lt_select_finish(&a.s, argc, argv, 0))
		goto done;
	fmt = (enum lt_format)a.fmt;
	if (fmt != LT_FORMAT_AUTO && a.s.goals != NULL) {
		lt_usage("--format writes no goals; --goals is not taken with "
		    "it");
		goto done;
	}
	/* "-o run.csv" means a CSV file, not a JSON document so named. */
	if (fmt == LT_FORMAT_AUTO && a.output != NULL)
		fmt = lt_format_from_name(a.output);
	if (lt_output_now(&now) != 0)
		goto done;
	if (a.output != NULL && open_output(a.output, &out, &fp) != 0)
		goto done;
	rc = run(&a.s, fmt, now, fp, a.output != NULL ? a.output :
	    "(stdout)", &err);
	if (a.output != NULL && out.fd >= 0) {
		if (rc == 0)
			rc = lt_atomic_commit(&out, &err);
		lt_atomic_release(&out);
		have_pending = 0;
	} else if (a.output != NULL && fclose(fp) != 0 && rc == 0)
		rc = lt_error_at(&err, a.output, 0, "cannot write: %s",
		    strerror(errno));
	if (rc != 0) {
		lt_warn_error(&err);
		lt_select_suggest(&a.s);
	} else
		status = LT_OK;
done:
	lt_select_release(&a.s);
	return status;
}
