/*
 * cmd.h - what the command files share: the command table's entry with
 * its declared options, the messages every command writes, the choice of
 * log, and the selection that the commands which read logs share.
 *
 * To add a command:
 *  1. cmd/NAME.c: a sentence on what the command does; a struct of its
 *     option values; its options table (struct lt_opt); its entry,
 *     const struct lt_cmd lt_cmd_NAME (name, summary, synopsis forms,
 *     options, the shared options it takes, what its operands are); and
 *     cmd_NAME(), which begins with lt_opts_parse.
 *  2. &lt_cmd_NAME in the table of cmd/lt.c (alphabetical), its
 *     declaration at the end of this file, cmd/NAME.c in CMD_SRCS.
 *  3. man/lt-NAME.1 whose SYNOPSIS and option list are what
 *     `lt NAME --help` prints (scripts/check-options.sh, run by make
 *     lint and tests/options.bats, fails when they differ); add it to
 *     MANS, to man/lt.1's list of commands and to its exit-status table.
 *  4. tests/NAME.bats, running every option of the man page
 *     (scripts/untested-options.sh, in make lint, lists those no test
 *     runs), and its exit statuses in tests/status.bats (which fails on
 *     a command it does not know).
 *  5. A new result is printed through the output table (lib/render.h: a
 *     member, and a function in each style), and each of its styles gets
 *     a line in testdata/expected/cases.
 * `--help`, the synopsis on a usage error, the suggestion of the
 * nearest option and shell completion (lt complete) come from the entry.
 *
 * To add an option: one entry in the command's table and a field for its
 * value (for one every reading command takes: an entry in the shared
 * table of cmd/common/options.c under an LT_SEL_ bit, and a field of struct
 * lt_select); then its line in the man page.
 */
#ifndef LT_CMD_H
#define LT_CMD_H

#include <glob.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "analysis.h"
#include "error.h"
#include "groups.h"
#include "render.h"

/* How an option's value is read into its field. */
enum lt_opt_kind {
	LT_OPT_FLAG,		/* no value: the int field becomes .val, or 1 */
	LT_OPT_STRING,		/* const char *, borrowed from argv; the last */
	LT_OPT_LIST,		/* struct lt_strv: every one given, in order */
	LT_OPT_COUNT,		/* long: an integer >= 0 (LT_OPTF_POSITIVE: 1) */
	LT_OPT_NUMBER,		/* double: finite (and see LT_OPTF_*) */
	LT_OPT_CHOICE,		/* int: the index of the value in .arg "a|b" */
	LT_OPT_PARSE		/* .parse reads it */
};

#define LT_OPTF_POSITIVE 0x01	/* a count >= 1, a number > 0 */
#define LT_OPTF_NONNEG	0x02	/* a number >= 0 */
#define LT_OPTF_OPTARG	0x04	/* the value is optional: --NAME[=VALUE] */
#define LT_OPTF_FILE	0x08	/* the value is a file name (completion) */
#define LT_OPTF_TASK	0x10	/* the value is a task of the log (completion) */

struct lt_opt;

/* Read arg into field for opt; returns 0, or -1 with err's message
 * complete (it is printed as the usage error). */
typedef int lt_opt_parse_fn(const struct lt_opt *opt, const char *arg,
	    void *field, struct lt_error *err);

/*
 * One option, declared once: getopt_long's table, --help, the synopsis,
 * the suggestion for a mistyped option and shell completion are made of
 * these.  A table ends with an entry whose name is NULL.
 */
struct lt_opt {
	const char		*name;	/* the long name, without "--" */
	int			 letter; /* the short option, or 0 */
	const char		*arg;	/* the value's name ("N", "FILE"), or
					 * its choices ("max|min"); NULL: none */
	const char		*choices; /* "a|b" when arg names them */
	const char		*help;	/* --help's text; "\n" breaks a line */
	enum lt_opt_kind	 kind;
	size_t			 off;	/* of the value's field */
	int			 val;	/* LT_OPT_FLAG: the value it sets */
	unsigned		 flags;	/* LT_OPTF_* */
	int			 excl;	/* options of one group other than 0
					 * exclude each other */
	lt_opt_parse_fn		*parse;	/* LT_OPT_PARSE */
};

/* --format csv|jsonl (also ndjson) into an int holding enum
 * lt_format. */
lt_opt_parse_fn lt_parse_format;

/* --metric FIELD (an event field or a metadata key, lt_metric_check)
 * into a const char * borrowed from argv. */
lt_opt_parse_fn lt_parse_metric;

/* The values of a repeatable option; v is NULL-terminated, freed with
 * lt_strv_release (the strings are borrowed). */
struct lt_strv {
	const char	**v;
	size_t		  n;
};

void	lt_strv_add(struct lt_strv *sv, const char *s);
void	lt_strv_release(struct lt_strv *sv);

/*
 * A line of a command's synopsis, as its man page's SYNOPSIS writes it.
 * In words, "--NAME" (also inside "[...]", or between "|") stands for
 * the option NAME with its value, spelled by its short letter if it has
 * one; "@" stands for the command's own options that no line names and
 * the shared options this line does not name, each in brackets (so that
 * a new option is in the synopsis without a word here).  A command with
 * subcommands has a line for each: an option its line does not name
 * (through "@" too) is refused with it.
 */
struct lt_form {
	const char	*sub;		/* the subcommand, or NULL */
	const char	*words;
	int		 min, max;	/* a subcommand's operands; max -1: any */
};

/* What a command's operands are, for completion. */
enum lt_operands {
	LT_ARGS_NONE,
	LT_ARGS_TASK,		/* tasks of the log */
	LT_ARGS_FILE,
	LT_ARGS_GOAL		/* goals of the goals log */
};

/* The shared options a command takes: bits of lt_cmd.select. */
#define LT_SEL_FILES	0x001	/* -f FILE ... (and logs after "--") */
#define LT_SEL_TASKS	0x002	/* -t TASK ... */
#define LT_SEL_TIME	0x004	/* --since T, --until T */
#define LT_SEL_STRICT	0x008	/* --strict */
#define LT_SEL_SERIES	0x010	/* --metric FIELD, --x AXIS */
#define LT_SEL_GOALS	0x020	/* --goals FILE */
#define LT_SEL_JSON	0x040	/* --json */
#define LT_SEL_TABLE	0x080	/* --tsv, --csv */
#define LT_SEL_MARKDOWN	0x100	/* --markdown */
#define LT_SEL_COLOR	0x200	/* --color[=WHEN] */
#define LT_SEL_MODE	0x400	/* --mode max|min */
/* What every command that reads logs takes. */
#define LT_SEL_READ	(LT_SEL_FILES | LT_SEL_TASKS | LT_SEL_TIME | \
			    LT_SEL_STRICT)

/* A command: the entry of its file, in the manner of tmux's cmd entries.
 * forms end with an entry whose words are NULL. */
struct lt_cmd {
	const char		*name;
	const char		*summary;	/* lt help's line */
	const struct lt_form	*forms;
	const struct lt_opt	*opts;		/* its own; may be NULL */
	unsigned		 select;	/* LT_SEL_* */
	enum lt_operands	 operands;
	int			(*run)(int argc, char **argv);
};

/* The commands, alphabetical (cmd/lt.c); ncommands of them. */
extern const struct lt_cmd *const lt_commands[];
extern const size_t lt_ncommands;

/* The command by its exact name, or NULL. */
const struct lt_cmd *lt_cmd_lookup(const char *name);

/* "lt record" while cmd_record runs, for messages; and its entry (NULL
 * before one runs). */
extern const char *lt_progname;
extern const struct lt_cmd *lt_current;

/* "lt COMMAND: MESSAGE" on standard error. */
void	lt_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	lt_vwarnx(const char *fmt, va_list ap)
	    __attribute__((format(printf, 1, 0)));

/* An error from the library, with its file and line when it has them. */
void	lt_warn_error(const struct lt_error *e);

/* A usage error: the message, the command's synopsis and a hint to
 * --help, on standard error; returns LT_TROUBLE. */
int	lt_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

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

/* Run the command argv[0] (argc words) as "lt ARGV..." in the program
 * name, found beside this lt (as /proc/self/exe names it), else in dir:
 * for what a statically linked lt cannot do itself.  Returns only when
 * neither can be run: LT_TROUBLE, after a message. */
int	lt_exec_beside(const char *name, const char *dir, int argc,
	    char **argv);

/* --color's values. */
enum lt_color_mode {
	LT_COLOR_AUTO,		/* on a terminal, unless NO_COLOR is set */
	LT_COLOR_ALWAYS,
	LT_COLOR_NEVER
};

/*
 * The selection the commands that read logs share (the LT_SEL_ options):
 * which logs, which tasks, which span of time, which metric, strictness,
 * the goals log, and the output style.
 */
struct lt_select {
	struct lt_sel	 sel;		/* points into the vectors below */
	struct lt_strv	 files;		/* -f, then the logs after "--" */
	struct lt_strv	 tasks;		/* -t, then TASK operands */
	int		 nfiles;	/* operands after "--" */
	int		 strict;
	const char	*goals;		/* --goals FILE, or NULL */
	int		 style;		/* enum lt_style */
	int		 color;		/* enum lt_color_mode */
};

/* The value lt_opts_parse returns when the command is to run. */
#define LT_PARSED	(-1)

/*
 * Read the options of argv (argv[0] the command's name) by c's tables:
 * the value of each of c's own options into the field at its offset in
 * opts, of each shared one into s (NULL when c takes none, else set up
 * by lt_select_init).  -h and --help print c's help.  Afterwards
 * *argcp and *argvp are the operands (a subcommand first, and checked:
 * it exists, takes the options given and that many operands).  Returns
 * LT_PARSED for the command to go on, else the status to exit with:
 * LT_OK after --help, LT_TROUBLE after a usage error on stderr.
 */
int	lt_opts_parse(const struct lt_cmd *c, int *argcp, char ***argvp,
	    void *opts, struct lt_select *s);

/* The i-th option of c (its own, then the shared ones it takes), or NULL
 * past the last. */
const struct lt_opt *lt_opts_at(const struct lt_cmd *c, size_t i);

/* Whether subcommand sub of c (NULL, or c without subcommands: any)
 * takes o. */
int	lt_opts_form_takes(const struct lt_cmd *c, const char *sub,
	    const struct lt_opt *o);

/* c's help (synopsis and options) on fp. */
void	lt_opts_help(const struct lt_cmd *c, FILE *fp);

/* c's synopsis, "usage: lt NAME ..." a line a form, on fp. */
void	lt_opts_synopsis(const struct lt_cmd *c, FILE *fp);

/*
 * Suggestions, as git makes them: the words of cands[0..n) nearest to
 * word (Damerau-Levenshtein distance, a prefix counting as near), that
 * is none when none is near enough.  Writes "; did you mean 'x'?" (or
 * "'x' or 'y'") into buf, or "" when there is none.
 */
void	lt_suggest(const char *word, const char *const *cands, size_t n,
	    const char *quote, char *buf, size_t size);

/*
 * `lt complete WORD ...` (cmd/complete.c): on standard output, one a
 * line, what the last of words[0..n), the words of a command line after
 * "lt", may become; a tab, then a description, may follow a word.  The
 * line ":files" asks the shell for file names.  Returns LT_OK.
 */
int	lt_complete(int n, char **words);

void	lt_select_init(struct lt_select *s);

/* After lt_opts_parse: operands after a "--" are logs, the others tasks
 * (a usage error unless tasks_ok); the default log when none is named.
 * Returns LT_OK or LT_TROUBLE after a message. */
int	lt_select_finish(struct lt_select *s, int argc, char **argv,
	    int tasks_ok);

void	lt_select_release(struct lt_select *s);

/* o set up for standard output in s's style, its width (the terminal's:
 * $COLUMNS, else the tty's; none when not a terminal) and colour (as
 * --color and NO_COLOR say). */
void	lt_select_out(const struct lt_select *s, struct lt_out *o);

/* When an analysis of s failed and a named task is not in the logs, say
 * which of the logs' tasks is nearest. */
void	lt_select_suggest(const struct lt_select *s);

/* The tasks of logs paths[0..n) in order of first appearance, into t
 * (zeroed by the caller, released with lt_tasktab_release); standard
 * input is not read.  Bad lines are skipped quietly.  Returns 0, or -1
 * when a log cannot be read. */
int	lt_log_tasks(const char *const *paths, size_t n,
	    struct lt_tasktab *t);

/*
 * The goals of s's logs: the goals log --goals names (which must exist),
 * else the one lt_goals_file gives for the first log; linked goals follow
 * the whole logs, as report, metrics and plot show them (standard input
 * then kept, by lt_select_reread, for the command's own reading).
 * Returns them (free with lt_goals_free) or NULL after a message.
 */
struct lt_goals *lt_select_goals(const struct lt_select *s);

/* Before a command reads its logs more than once: standard input among
 * them is read to its end, kept in an unnamed temporary file, and each
 * reader reads it from there (lt_log_spool).  Returns LT_OK, or
 * LT_TROUBLE after a message. */
int	lt_select_reread(const struct lt_select *s);

/*
 * The groups of runs of lt compare and lt plot (cmd/common/groups.c): each
 * --group NAME=RUN,RUN,... as given, then the runs they are, for
 * lt_groups_new (lib/groups.h).
 */
struct lt_groupargs {
	struct lt_groups_spec	*v;
	size_t			 n;
	char			**copies;	/* each --group's text */
	glob_t			*globs;		/* one per pattern expanded */
	size_t			 ncopies, nglobs;
};

/* Take "NAME=RUN,RUN,..." as a group (its members kept as given).
 * Returns LT_OK, or LT_TROUBLE after a usage error. */
int	lt_groupargs_add(struct lt_groupargs *s, const char *arg);

/*
 * Decide what the runs are, from the groups given and the logs paths[0..
 * npaths) (given: named with -f, not the default): groups without -f are
 * of logs, whose patterns are expanded here; with one -f LOG and no
 * go->task, the runs are LOG's tasks (go->log set); without groups, each
 * log is a group when there are several or go->task is set, else the
 * tasks of the one log are.  Returns LT_OK, or LT_TROUBLE after a
 * message.
 */
int	lt_groupargs_finish(struct lt_groupargs *s, const char *const *paths,
	    size_t npaths, int given, struct lt_groups_opts *go);

void	lt_groupargs_release(struct lt_groupargs *s);

extern const struct lt_cmd lt_cmd_compact;
extern const struct lt_cmd lt_cmd_compare;
extern const struct lt_cmd lt_cmd_converge;
extern const struct lt_cmd lt_cmd_curve;
extern const struct lt_cmd lt_cmd_export;
extern const struct lt_cmd lt_cmd_forecast;
extern const struct lt_cmd lt_cmd_goal;
extern const struct lt_cmd lt_cmd_import;
extern const struct lt_cmd lt_cmd_metrics;
extern const struct lt_cmd lt_cmd_plot;
extern const struct lt_cmd lt_cmd_record;
extern const struct lt_cmd lt_cmd_report;
extern const struct lt_cmd lt_cmd_serve;
extern const struct lt_cmd lt_cmd_task;
extern const struct lt_cmd lt_cmd_trend;
extern const struct lt_cmd lt_cmd_watch;

#endif
