/*
 * cmd.h - what the command files share: the command table's entry, the
 * messages every command writes, and the choice of log.
 *
 * To add a command: write cmd/NAME.c with cmd_NAME() and its usage text
 * matching man/lt-NAME.1's SYNOPSIS; add it to the table in cmd/lt.c
 * (alphabetical) and its prototype below; add cmd/NAME.c to CMD_SRCS in
 * the Makefile; write tests/NAME.bats and man/lt-NAME.1 (and add it to
 * MANS and to man/lt.1's list).  A new result is printed through the
 * output table (lib/render.h: a member, and a function in each style),
 * and each of its styles gets a line in testdata/expected/cases.
 */
#ifndef LT_CMD_H
#define LT_CMD_H

#include <stdio.h>

#include "analysis.h"
#include "error.h"
#include "render.h"

struct lt_cmd {
	const char	*name;
	const char	*summary;
	int		(*run)(int argc, char **argv);
};

/* "lt record" while cmd_record runs, for messages. */
extern const char *lt_progname;

/* "lt COMMAND: MESSAGE" on standard error. */
void	lt_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* An error from the library, with its file and line when it has them. */
void	lt_warn_error(const struct lt_error *e);

/* A usage error: the message, a hint to --help, and LT_TROUBLE. */
int	lt_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* getopt_long returned ch, '?' or ':', for argv[optind - 1]: say which
 * option was unknown or lacked its value; returns LT_TROUBLE.  Option
 * strings start with ':' so that getopt itself stays quiet. */
int	lt_bad_option(char **argv, int ch);

/* The reader's warning callback: prints the skipped line's reason. */
void	lt_warn_line(void *ctx, const struct lt_error *e);

/* Report how many lines a reader skipped, if any. */
void	lt_warn_skipped(size_t n);

/* The reading options a command starts from: bad lines warned through
 * lt_warn_line (an error when strict), the decoding threads of
 * $LT_THREADS. */
struct lt_reader_opts lt_read_opts(int strict);

/* The log named by -f (may be NULL), else $LT_FILE, else lt.jsonl. */
const char *lt_log_path(const char *opt);

/* The goals log of the event log log: opt (--goals, may be NULL), else
 * $LT_GOALS, else the one beside log (lt_goals_path).  Caller frees. */
char	*lt_goals_file(const char *opt, const char *log);

/* Where temporary files that are not beside a file go: $TMPDIR, else
 * /tmp. */
const char *lt_tmpdir(void);

/* Parse a positive (or, with zero_ok, non-negative) integer option;
 * returns 0 or a usage error's message on stderr and -1. */
int	lt_parse_count(const char *opt, const char *text, int zero_ok,
	    long *out);

/* The output style from the --json/--tsv/--csv/--markdown flags. */
enum lt_style lt_style_pick(int json, int tsv, int csv, int markdown);

/*
 * The time this run calls now for what it writes about itself (a report's
 * report_timestamp, an export's export_timestamp, "in 3h" in lt goal
 * show): $SOURCE_DATE_EPOCH when set, as reproducible builds do, else the
 * clock.  Never the time of a recorded event.  Returns 0, or -1 after a
 * message when SOURCE_DATE_EPOCH is not a whole number of seconds.
 */
int	lt_output_now(double *now);

/* Flush and check standard output; a write error is trouble. */
int	lt_finish_stdout(int status);

/*
 * The options the analysis commands share (cmd/lt.c): -f FILE
 * (repeatable, "-" for standard input), -t TASK (repeatable), --since,
 * --until, --strict, --metric, --x, --goals, and the output styles --json,
 * --tsv, --csv, --markdown.  Long-only options use these codes.
 */
#define LT_OPT_SINCE	0x100
#define LT_OPT_UNTIL	0x101
#define LT_OPT_STRICT	0x102
#define LT_OPT_METRIC	0x103
#define LT_OPT_X	0x104
#define LT_OPT_JSON	0x105
#define LT_OPT_TSV	0x106
#define LT_OPT_CSV	0x107
#define LT_OPT_MARKDOWN	0x108
#define LT_OPT_GOALS	0x109

struct lt_select {
	struct lt_sel	  sel;		/* points into the arrays below */
	const char	**paths;
	size_t		  npaths;
	const char	**tasks;
	size_t		  ntasks;
	const char	 *deflt;
	const char	 *goals;	/* --goals FILE, or NULL */
	int		  json, tsv, csv, markdown;	/* output style */
};

void	lt_select_init(struct lt_select *s);

/* Take option ch with arg: 1 when it is a selection option, 0 when not
 * one, -1 after a usage error on stderr. */
int	lt_select_option(struct lt_select *s, int ch, const char *arg);

/* How many of argv's operands follow a "--": those are logs. */
int	lt_select_nfiles(int argc, char **argv);

/* After getopt: the last nfiles operands are logs, the others tasks
 * (a usage error unless tasks_ok); the default log when none is named.
 * Returns LT_OK or LT_TROUBLE after a message. */
int	lt_select_finish(struct lt_select *s, int nfiles, int argc,
	    char **argv, int tasks_ok);

void	lt_select_release(struct lt_select *s);

/*
 * The goals of the logs paths[0..n): the goals log lt_goals_file gives
 * for the first; linked goals follow the logs (standard input aside: it
 * is read once, for the command itself).  Returns them (free with
 * lt_goals_free) or NULL after a message.
 */
struct lt_goals *lt_select_goals(const char *goals_opt,
	    const char *const *paths, size_t n, int strict);

int	cmd_compact(int argc, char **argv);
int	cmd_converge(int argc, char **argv);
int	cmd_curve(int argc, char **argv);
int	cmd_export(int argc, char **argv);
int	cmd_goal(int argc, char **argv);
int	cmd_import(int argc, char **argv);
int	cmd_metrics(int argc, char **argv);
int	cmd_plot(int argc, char **argv);
int	cmd_record(int argc, char **argv);
int	cmd_report(int argc, char **argv);
int	cmd_serve(int argc, char **argv);
int	cmd_trend(int argc, char **argv);
int	cmd_watch(int argc, char **argv);

#endif
