/*
 * cmd.h - what the command files share: the command table's entry, the
 * messages every command writes, and the choice of log.
 *
 * To add a command: write cmd/NAME.c with cmd_NAME() and its usage text
 * matching man/lt-NAME.1's SYNOPSIS; add it to the table in cmd/lt.c
 * (alphabetical) and its prototype below; add cmd/NAME.c to CMD_SRCS in
 * the Makefile; write tests/NAME.bats and man/lt-NAME.1 (and add it to
 * MANS and to man/lt.1's list).
 */
#ifndef LT_CMD_H
#define LT_CMD_H

#include <stdio.h>

#include "error.h"
#include "output.h"

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

/* The log named by -f (may be NULL), else $LT_FILE, else lt.jsonl. */
const char *lt_log_path(const char *opt);

/* Parse a positive (or, with zero_ok, non-negative) integer option;
 * returns 0 or a usage error's message on stderr and -1. */
int	lt_parse_count(const char *opt, const char *text, int zero_ok,
	    long *out);

/* The output style from the --json/--tsv/--csv/--markdown flags. */
enum lt_style lt_style_pick(int json, int tsv, int csv, int markdown);

/* Flush and check standard output; a write error is trouble. */
int	lt_finish_stdout(int status);

int	cmd_compact(int argc, char **argv);
int	cmd_export(int argc, char **argv);
int	cmd_goal(int argc, char **argv);
int	cmd_import(int argc, char **argv);
int	cmd_plot(int argc, char **argv);
int	cmd_record(int argc, char **argv);

#endif
