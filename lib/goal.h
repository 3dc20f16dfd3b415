/*
 * goal.h - the goals log: goals kept as an append-only history of
 * operations, their progress, and when they should be reached.
 *
 * The goals log is a JSONL file beside the event log (NAME.goals.jsonl
 * for NAME.EXT), appended as the event log is (lib/store.h: lock, whole
 * lines, torn tail ended, fdatasync).  Each line is one operation:
 *
 *   {"op":"create","time":T,"goal_id":ID,"target":X,"direction":"max",
 *    "description":S,"baseline":B|null,"task":S|null,"metric":S|null}
 *   {"op":"update","time":T,"goal_id":ID,"value":V}
 *   {"op":"delete","time":T,"goal_id":ID}
 *
 * A goal's state is the replay of its lines in file order: a create
 * starts the goal afresh (that is what --replace writes), an update gives
 * it a value at time T, a delete ends it.  Nothing is ever rewritten.
 *
 * A linked goal (create with task and metric) takes no update: its values
 * are the metric of its task's events in the event log, read when the
 * goals are loaded.
 *
 * The estimated completion time of an active goal is never in the past:
 *
 *  - a linked goal takes it from the forecast of its values against time
 *    (forecast_task.h, x = time, the goal's direction, auto model): the
 *    time the fitted curve reaches the target; none "not at this rate"
 *    when the curve levels off short of it (beyond its asymptote), and
 *    none when there is no forecast (too few points, no saturation, a fit
 *    that does not converge, times that only keep order);
 *  - any other goal from the least-squares line through its latest
 *    LT_GOAL_RECENT values against time; none "not at this rate" when the
 *    line is flat or moves away from the target, none with fewer than two
 *    values at distinct times;
 *  - a time so found that is not after now is none as well ("past"): the
 *    values that would have reached the target by then never came.
 */
#ifndef LT_GOAL_H
#define LT_GOAL_H

#include <stddef.h>

#include "error.h"
#include "engine.h"
#include "stats.h"

#define LT_GOAL_ID_MAX	64	/* bytes in a goal ID */
#define LT_GOAL_RECENT	20	/* latest values the estimate is fitted to */

/* Where a goal's estimated completion time comes from, or why it has
 * none (see the top of this file). */
enum lt_goal_eta {
	LT_ETA_DONE,		/* completed: nothing to estimate */
	LT_ETA_FORECAST,	/* eta from the forecast of the linked task */
	LT_ETA_LINE,		/* eta from the line through its values */
	LT_ETA_NOT_AT_RATE,	/* none: not reached at this rate */
	LT_ETA_PAST,		/* none: the time found is not after now */
	LT_ETA_UNKNOWN		/* none: nothing to estimate it from */
};

/* One goal after replay.  Read only; owned by its struct lt_goals. */
struct lt_goal {
	char		*id;
	char		*description;	/* "" when none */
	char		*task;		/* NULL unless linked */
	char		*metric;	/* NULL unless linked */
	enum lt_stats_mode dir;
	double		 target;
	double		 baseline;	/* NaN until known (min, no value) */
	int		 baseline_given;
	double		 creation_time;
	double		 current;	/* the latest value; NaN before any */
	double		 current_time;
	double		 percentage;	/* in [0, 100]; 0 before any value */
	int		 completed;	/* sticky */
	double		 completion_time; /* NaN unless completed */
	double		 eta;		/* estimated completion; NaN if none */
	enum lt_goal_eta eta_kind;	/* where eta comes from, or why none */
	double		 eta_found;	/* the time found, also when past */
	char		 eta_note[256];	/* for people, lowercase: what eta
					   comes from ("the line through the
					   last 2 values"), or why none */
	size_t		 nvalues;	/* values seen */
	/* The latest LT_GOAL_RECENT values and their times, a ring. */
	double		 recent_t[LT_GOAL_RECENT];
	double		 recent_v[LT_GOAL_RECENT];
};

/* What lt_goal_add appends. */
struct lt_goal_spec {
	const char	*id;
	const char	*description;	/* NULL: none */
	enum lt_stats_mode dir;
	double		 target;
	double		 baseline;	/* NaN: the default */
	const char	*task;		/* both or neither */
	const char	*metric;
	double		 time;		/* NaN: now */
};

struct lt_goals;
struct lt_taskinfos;

/*
 * The goals log's path: goals_opt when not NULL, else NAME.goals.jsonl
 * beside the event log NAME.EXT (log_path; "-" gives lt.goals.jsonl).
 * Caller frees.
 */
char	*lt_goals_path(const char *goals_opt, const char *log_path);

/*
 * Replay the goals log at path (a missing file has no goals), then read
 * the event logs logs[0..nlogs) (missing ones are skipped) for the values
 * of linked goals when there are any, and estimate when each active goal
 * completes, no time at or before now (NaN: any time).  A bad line of the
 * goals log is skipped and passed to ropts->warn (file and line named),
 * as the reader does for events; with LT_READ_STRICT it is an error.
 * Returns the goals (free with lt_goals_free) or NULL with err.
 */
struct lt_goals *lt_goals_load(const char *path, const char *const *logs,
	    size_t nlogs, double now, const struct lt_reader_opts *ropts,
	    struct lt_error *err);

/* As lt_goals_load, linked goals following only the events at or after
 * since and at or before until (NaN: no bound); a goal's own updates are
 * not events and always count. */
struct lt_goals *lt_goals_load_span(const char *path,
	    const char *const *logs, size_t nlogs, double since, double until,
	    double now, const struct lt_reader_opts *ropts,
	    struct lt_error *err);

/* "done", "forecast", "line", "not_at_this_rate", "past" or "unknown": a
 * static string, for JSON. */
const char *lt_goal_eta_name(enum lt_goal_eta k);

void	lt_goals_free(struct lt_goals *g);

/*
 * Following the logs after the goals were loaded: lt_goals_load is the
 * replay, every event of the logs pushed, and lt_goals_estimate.
 * lt_goals_push gives the linked goals of ev's task their value in ev
 * (borrowed for the call), kept for their forecasts.
 * lt_goals_estimate makes every estimated completion time anew, as
 * lt_goals_load says, with facts the logs' tasks files (for their times;
 * NULL: none), and may be called at any time.
 * lt_goals_expire makes an estimate at or before now none ("past"), as
 * lt_goals_estimate with that now would: estimate with now NaN once,
 * then expire at each later now.
 */
void	lt_goals_push(struct lt_goals *g, const struct lt_event *ev);
void	lt_goals_estimate(struct lt_goals *g,
	    const struct lt_taskinfos *facts, double now);
void	lt_goals_expire(struct lt_goals *g, double now);

/* Whether some goal is linked to a task (takes its values from events). */
int	lt_goals_linked(const struct lt_goals *g);

/* Lines of the goals log and of the event logs skipped as bad. */
size_t	lt_goals_skipped(const struct lt_goals *g);

/* The live goals (deleted ones are gone), in order of creation. */
size_t	lt_goals_count(const struct lt_goals *g);
const struct lt_goal *lt_goals_at(const struct lt_goals *g, size_t i);

/* The live goal id, or NULL. */
const struct lt_goal *lt_goals_find(const struct lt_goals *g,
	    const char *id);

/* How many live goals are not completed. */
size_t	lt_goals_active_count(const struct lt_goals *g);

/* Some goals of a struct lt_goals, borrowed from it: valid until
 * lt_goals_free. */
struct lt_goal_list {
	const struct lt_goal *const	*v;
	size_t				 n;
};

/* The live goals, in order of creation. */
struct lt_goal_list lt_goals_list(const struct lt_goals *g);

/* The class's get_goal_summary, each field under its JSON key's name. */
struct lt_goal_summary {
	size_t			total_goals;
	size_t			completed_goals;
	size_t			active_goals;
	double			completion_rate;	/* 0 with no goals */
	double			avg_completion_time;	/* seconds from
							 * creation; 0 with
							 * none completed */
	struct lt_goal_list	goals;
};

/* The summary of g (NULL: no goals) into *s; s->goals is borrowed from g
 * until lt_goals_free. */
void	lt_goals_summary(const struct lt_goals *g, struct lt_goal_summary *s);

/* The summary of the goals of l, which it borrows, into *s. */
void	lt_goal_list_summary(struct lt_goal_list l,
	    struct lt_goal_summary *s);

/*
 * Pure parts, for the commands and the tests.
 */

/* Whether id is 1 to LT_GOAL_ID_MAX bytes of [A-Za-z0-9_.-]. */
int	lt_goal_id_valid(const char *id);

/* Completion of value from baseline to target in dir, in percent,
 * clipped to [0, 100]; 100 once the value reaches the target. */
double	lt_goal_percent(enum lt_stats_mode dir, double baseline, double target,
	    double value);

/* The time the least-squares line through the n points (t[i], v[i])
 * reaches target, if it moves toward it in dir; NaN when it does not or
 * fewer than two distinct times are given.  Rounded to the microsecond. */
double	lt_goal_eta(enum lt_stats_mode dir, double target, const double *t,
	    const double *v, size_t n);

/*
 * Writing.  Each checks what it can, then appends one line under the
 * goals log's lock against the state replayed under that lock, so
 * concurrent writers never race.  On any error (-1 with err) the goals
 * log is as it was.  With nosync, no fdatasync.
 */

/* Create spec->id; an existing live goal is an error unless replace.
 * A linked goal's metric must be a number field of an event or a key
 * some event of the task carries, when the logs hold events of it. */
int	lt_goal_add(const char *path, const struct lt_goal_spec *spec,
	    int replace, const char *const *logs, size_t nlogs, int nosync,
	    struct lt_error *err);

/* Give goal id the value at time t (NaN: now).  Unknown and linked goals
 * are errors. */
int	lt_goal_update(const char *path, const char *id, double value,
	    double t, int nosync, struct lt_error *err);

/* Delete goal id at time t (NaN: now); an unknown goal is an error. */
int	lt_goal_rm(const char *path, const char *id, double t, int nosync,
	    struct lt_error *err);

#endif
