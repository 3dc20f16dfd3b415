/*
 * export.c - lt export: a log converted to the other log format, or
 * written as the class's export document; to standard output, or to a
 * file that appears only once it is complete.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "event.h"
#include "export.h"
#include "goal.h"
#include "pscan.h"
#include "tempfile.h"
#include "taskinfo.h"

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

/*
 * Open -o FILE: a temporary beside a regular file (or none yet), renamed
 * into place at the end; a device or a FIFO (/dev/null, a pipe) is
 * written directly, as a shell redirection would, with *out NULL.
 */
static int
open_output(const char *path, struct lt_tempfile **out, FILE **fp)
{
	struct lt_error err;
	struct stat st;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISDIR(st.st_mode)) {
		if ((*fp = fopen(path, "w")) == NULL) {
			lt_warnx("%s: cannot open: %s", path,
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	if ((*out = lt_tempfile_beside(path, lt_tempfile_mode(path),
	    &err)) == NULL) {
		lt_warn_error(&err);
		return -1;
	}
	*fp = lt_tempfile_stream(*out);
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
	struct lt_events *r;
	size_t skipped = 0;
	char *gpath;
	int rc;

	if (fmt == LT_FORMAT_AUTO) {
		if (goals != NULL && stat(goals, &st) != 0)
			return lt_error_at(err, goals, 0, "cannot open the "
			    "goals log: %s", strerror(errno));
		gpath = lt_goals_file(goals, s->sel.paths[0]);
		rc = lt_export_class(&s->sel, gpath, lt_tmpdir(), now, fp,
		    name, &skipped, err);
		free(gpath);
		if (rc == 0)
			lt_warn_skipped(skipped);
		return rc;
	}
	if ((r = lt_events_open(s->sel.paths, s->sel.npaths, &s->sel.ropts,
	    err)) == NULL)
		return -1;
	rc = lt_export_convert(r, &s->sel, fmt, fp, name, NULL, err);
	if (rc == 0)
		lt_warn_skipped(lt_events_skipped(r));
	lt_events_close(r);
	return rc;
}

/*
 * A conversion keeps what the tasks files say of the tasks converted: in
 * the tasks file of the output (once it is in place), or, on standard
 * output, which has none, by saying on stderr where it is.  Returns 0, or
 * -1 with err.
 */
static int
keep_facts(const struct lt_select *s, const char *output,
    struct lt_error *err)
{
	size_t n, i;

	if (output != NULL)
		return lt_taskinfo_copy(&s->sel, output, 0, &n, err);
	if (lt_taskinfo_copy(&s->sel, NULL, 0, &n, err) != 0)
		return -1;
	for (i = 0; n > 0 && i < s->sel.npaths; i++) {
		char *path = lt_taskinfo_path(s->sel.paths[i]);

		if (path != NULL && access(path, F_OK) == 0)
			lt_warnx("the tasks' directions and score names are "
			    "not in the events: they stay in %s", path);
		free(path);
	}
	return 0;
}

static int
cmd_export(int argc, char **argv)
{
	struct args a = { .fmt = LT_FORMAT_AUTO };
	struct lt_tempfile *out = NULL;
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
	if (out != NULL) {
		if (rc == 0)
			rc = lt_tempfile_commit(out, a.output, &err);
		else
			lt_tempfile_delete(out);
	} else if (a.output != NULL && fclose(fp) != 0 && rc == 0)
		rc = lt_error_at(&err, a.output, 0, "cannot write: %s",
		    strerror(errno));
	if (rc == 0 && fmt != LT_FORMAT_AUTO)
		rc = keep_facts(&a.s, out != NULL ? a.output : NULL, &err);
	if (rc != 0) {
		lt_warn_error(&err);
		lt_select_suggest(&a.s);
	} else
		status = LT_OK;
done:
	lt_select_release(&a.s);
	return status;
}
