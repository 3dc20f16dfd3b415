/*
 * export.c - lt export: a log converted to the other log format, or
 * written as the class's export document; to standard output, or to a
 * file that appears only once it is complete.
 */
#include <errno.h>
#include <getopt.h>
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

#define MAX_LOGS	64

static int
usage(int status)
{
	FILE *fp = status == LT_OK ? stdout : stderr;

	fputs("usage: lt export [-f FILE ...] [--goals FILE] [--strict] "
	    "[-o FILE.json]\n"
	    "       lt export --format csv|jsonl [-f FILE ...] [--strict] "
	    "[-o FILE]\n\n"
	    "      --format FMT     convert the events to csv or jsonl "
	    "(default: the\n"
	    "                       class's export document, as JSON)\n"
	    "      --goals FILE     the goals log (default: $LT_GOALS, else "
	    "NAME.goals.jsonl)\n"
	    "  -f, --file FILE      a log to read; repeat for several, merged "
	    "by time;\n"
	    "                       - is stdin (default: $LT_FILE, else "
	    "lt.jsonl)\n"
	    "  -o, --output FILE    write FILE, complete or not at all "
	    "(default: stdout)\n"
	    "      --strict         a bad line is an error, not a warning\n",
	    fp);
	return status;
}

static const struct option longopts[] = {
	{ "file",	required_argument,	NULL, 'f' },
	{ "format",	required_argument,	NULL, 'F' },
	{ "goals",	required_argument,	NULL, 'G' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "output",	required_argument,	NULL, 'o' },
	{ "strict",	no_argument,		NULL, 'S' },
	{ NULL,		0,			NULL, 0 }
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
run(const char *const *logs, size_t nlogs, const char *goals,
    const struct lt_reader_opts *ropts, enum lt_format fmt, double now,
    FILE *fp, const char *name, struct lt_error *err)
{
	struct lt_events *r;
	size_t skipped = 0;
	char *gpath;
	int rc;

	if (fmt == LT_FORMAT_AUTO) {
		gpath = lt_goals_file(goals, logs[0]);
		rc = lt_export_class(logs, nlogs, gpath, ropts, lt_tmpdir(),
		    now, fp, name, &skipped, err);
		free(gpath);
		if (rc == 0)
			lt_warn_skipped(skipped);
		return rc;
	}
	if ((r = lt_events_open(logs, nlogs, ropts, err)) == NULL)
		return -1;
	rc = lt_export_convert(r, fmt, fp, name, NULL, err);
	if (rc == 0)
		lt_warn_skipped(lt_events_skipped(r));
	lt_events_close(r);
	return rc;
}

int
cmd_export(int argc, char **argv)
{
	struct lt_reader_opts ropts = lt_read_opts(0);
	struct lt_tempfile *out = NULL;
	struct lt_error err;
	const char *logs[MAX_LOGS], *output = NULL, *goals = NULL;
	enum lt_format fmt = LT_FORMAT_AUTO;
	size_t nlogs = 0;
	double now;
	FILE *fp = stdout;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":f:ho:", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'f':
			if (nlogs == MAX_LOGS)
				return lt_usage("more than %d logs",
				    MAX_LOGS);
			logs[nlogs++] = optarg;
			break;
		case 'F':
			if ((fmt = lt_format_parse(optarg)) == LT_FORMAT_AUTO)
				return lt_usage("--format \"%s\" is not csv or "
				    "jsonl", optarg);
			break;
		case 'G':
			goals = optarg;
			break;
		case 'h':
			return usage(LT_OK);
		case 'o':
			output = optarg;
			break;
		case 'S':
			ropts.flags |= LT_READ_STRICT;
			break;
		default:
			return lt_bad_option(argv, ch);
		}
	}
	if (optind < argc)
		return lt_usage("unexpected argument \"%s\"", argv[optind]);
	if (nlogs == 0)
		logs[nlogs++] = lt_log_path(NULL);
	/* "-o run.csv" means a CSV file, not a JSON document so named. */
	if (fmt == LT_FORMAT_AUTO && output != NULL)
		fmt = lt_format_from_name(output);
	if (lt_output_now(&now) != 0)
		return LT_TROUBLE;
	if (output != NULL && open_output(output, &out, &fp) != 0)
		return LT_TROUBLE;
	rc = run(logs, nlogs, goals, &ropts, fmt, now, fp, output != NULL ?
	    output : "(stdout)", &err);
	if (out != NULL) {
		if (rc == 0)
			rc = lt_tempfile_commit(out, output, &err);
		else
			lt_tempfile_delete(out);
	} else if (output != NULL && fclose(fp) != 0 && rc == 0)
		rc = lt_error_at(&err, output, 0, "cannot write: %s",
		    strerror(errno));
	if (rc != 0) {
		lt_warn_error(&err);
		return LT_TROUBLE;
	}
	return LT_OK;
}
