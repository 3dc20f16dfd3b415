/*
 * taskinfo.h - what a log says about its tasks beyond their events: the
 * direction of the score (higher or lower is better), the name of what
 * the score holds, and whether the events' times were measured.
 *
 * The facts live in the tasks file beside the log, NAME.tasks.jsonl for
 * a log NAME.EXT (as the goals log is NAME.goals.jsonl), appended as logs
 * are (lib/store.h: lock, whole lines, torn tail ended, fdatasync), one
 * JSON object a line:
 *
 *   {"time":T,"task":S,"direction":"max"|"min","score_name":S,
 *    "times":"measured"|"order"}
 *
 * Every key but time and task is optional.  A task's facts are the
 * replay of its lines in file order: a key given replaces what an earlier
 * line said.  Unknown keys are ignored, so that later versions may add
 * facts.  A log without a tasks file, or a task without a line, has the
 * class's defaults (max, performance_score, measured times): a user who
 * never sets anything sees nothing change, and the log itself stays a
 * plain log that any CSV or JSONL reader takes as it is.
 */
#ifndef LT_TASKINFO_H
#define LT_TASKINFO_H

#include <sys/types.h>

#include <stddef.h>

#include "error.h"
#include "engine.h"
#include "scan.h"
#include "stats.h"
#include "tasktab.h"

/* The facts of one task.  In a struct lt_taskinfos they are owned by it;
 * given to lt_taskinfo_set they are only read. */
struct lt_taskinfo {
	const char		*task;
	int			 dir_set;	/* direction given */
	enum lt_stats_mode	 dir;
	const char		*score_name;	/* NULL: not given */
	int			 times_set;	/* times given */
	int			 times_order;	/* 1: times only keep order */
};

/* The default score name. */
#define LT_SCORE_NAME	"performance_score"

/* The direction of a task's facts (NULL: none), max unless set. */
enum lt_stats_mode lt_taskinfo_dir(const struct lt_taskinfo *ti);

/* The score name of a task's facts (NULL: none), LT_SCORE_NAME unless
 * set.  Borrowed as ti is. */
const char	*lt_taskinfo_score_name(const struct lt_taskinfo *ti);

/* The tasks file of the log at log_path (NAME.tasks.jsonl beside
 * NAME.EXT), or NULL for "-", which has none.  Caller frees. */
char	*lt_taskinfo_path(const char *log_path);

/*
 * For a command that writes the tasks file, then the log, all or none:
 * lt_taskinfo_size gives the tasks file's size before (-1 when there is
 * none, or for standard input), and lt_taskinfo_rollback, when the
 * log's append failed, cuts it back to that size under its lock (removes
 * it at -1).  Returns 0, or -1 with err.
 */
off_t	lt_taskinfo_size(const char *log_path);
int	lt_taskinfo_rollback(const char *log_path, off_t size,
	    struct lt_error *err);

struct lt_taskinfos;

/*
 * Load the tasks files of the logs paths[0..n) ("-" and missing files
 * have none) and merge them.  Two files that disagree about a task's
 * direction or score name are an error naming both files, the task and
 * both values; times are "order" when any file says so.  A bad line is
 * warned through ropts (may be NULL: quiet) and skipped, or is an error
 * with LT_READ_STRICT.  Returns the facts (free with lt_taskinfos_free)
 * or NULL with err.
 */
struct lt_taskinfos *lt_taskinfos_load(const char *const *paths, size_t n,
	    const struct lt_reader_opts *ropts, struct lt_error *err);

/* The facts of task, or NULL when nothing was said of it.  Borrowed
 * until lt_taskinfos_free. */
const struct lt_taskinfo *lt_taskinfos_get(const struct lt_taskinfos *t,
	    const char *task);

/* The tasks that have facts, in order of their first line. */
size_t	lt_taskinfos_count(const struct lt_taskinfos *t);
const struct lt_taskinfo *lt_taskinfos_at(const struct lt_taskinfos *t,
	    size_t i);

void	lt_taskinfos_free(struct lt_taskinfos *t);

/*
 * The direction in which an analysis of sel reads task: sel->mode (--mode)
 * when set, else the task's own from facts (may be NULL) when sel reads
 * the score, else max: a task's direction is its score's, and another
 * metric (the learning rate, a metadata key) is read as higher is better
 * unless --mode says otherwise.
 */
enum lt_stats_mode lt_taskinfo_mode(const struct lt_taskinfos *facts,
	    const struct lt_sel *sel, const char *task);

/* The same without a selection: mode (an enum lt_stats_mode, or -1 for
 * each task's own) and the metric read (NULL: the score). */
enum lt_stats_mode lt_taskinfo_mode_for(const struct lt_taskinfos *facts,
	    int mode, const char *metric, const char *task);

/*
 * Say in the tasks file of the log to_log what the tasks files of sel's
 * logs say of the tasks sel selects (all when it names none), as a
 * conversion of those logs into to_log must, so that the copy is read as
 * the original is.  to_log NULL writes nothing.  *n gets the number of
 * such tasks with facts.  Returns 0, or -1 with err.
 */
int	lt_taskinfo_copy(const struct lt_sel *sel, const char *to_log,
	    int nosync, size_t *n, struct lt_error *err);

/* The direction of task as the tasks files of logs[0..n) say it (max
 * when they say nothing) into *dir.  Returns 0, or -1 with err when the
 * files cannot be read or disagree. */
int	lt_taskinfo_dir_of(const char *const *logs, size_t n,
	    const char *task, enum lt_stats_mode *dir, struct lt_error *err);

/* Whether the facts of task say anything (a direction or a score name)
 * or sel->mode is set: then an analysis shows the direction, score name
 * and best value beside the class's keys, which stay as they are. */
int	lt_taskinfo_said(const struct lt_taskinfos *facts,
	    const struct lt_sel *sel, const char *task);

/* One task as lt task lists it: its facts and what its events span. */
struct lt_task_row {
	const char		*task;		/* owned by the list */
	enum lt_stats_mode	 dir;		/* max unless set */
	int			 dir_set;
	const char		*score_name;	/* LT_SCORE_NAME unless set;
						 * owned by the list */
	int			 score_set;
	int			 times_order;
	size_t			 count;		/* its selected events */
	double			 first, last;	/* their times; NaN: none */
};

struct lt_task_list {
	struct lt_task_row	*v;		/* the logs' tasks in order of
						 * first event, then those
						 * only the tasks files name */
	size_t			 n;
	struct lt_tasktab	 names;
	struct lt_tasktab	 strs;		/* the score names */
};

/*
 * The tasks files of sel's logs, and *sc opened on sel: what an analysis
 * reads before its events.  Returns the facts (free with
 * lt_taskinfos_free; close *sc with lt_scan_close), or NULL with err and
 * nothing open.
 */
struct lt_taskinfos *lt_taskinfos_scan(struct lt_sel *sel,
	    struct lt_scan *sc, struct lt_error *err);

/*
 * The tasks of sel's logs (those of sel->tasks when it names some, each
 * of which must have events or facts), with their facts merged from the
 * logs' tasks files (disagreeing files are an error) and the count and
 * span of their selected events.  Returns the list (free with
 * lt_task_list_free) or NULL with err.
 */
struct lt_task_list *lt_analysis_tasks(struct lt_sel *sel,
	    struct lt_error *err);

void	lt_task_list_free(struct lt_task_list *l);

/*
 * Append to the tasks file of the log at log_path what set[0..n) says
 * that the file does not say already (compared under the file's lock, so
 * saying the same thing twice appends nothing, and saying nothing new
 * creates no file).  time is the lines' time (NaN: now).  *changed (may
 * be NULL) gets how many tasks changed.  Returns 0, or -1 with err and
 * the file as it was.
 */
int	lt_taskinfo_set(const char *log_path, const struct lt_taskinfo *set,
	    size_t n, double time, int nosync, size_t *changed,
	    struct lt_error *err);

#endif
