/*
 * export.h - a log written out whole, as the other log format or as the
 * class's export document, streamed so that memory stays bounded on a log
 * of any size.
 *
 * Both read events one at a time (lt_events, pscan.h) and write them
 * to a stream as they come: nothing holds the events.
 */
#ifndef LT_EXPORT_H
#define LT_EXPORT_H

#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "format.h"
#include "pscan.h"
#include "scan.h"

/*
 * Write every event r gives that keep keeps (lt_sel_keeps; keep NULL:
 * every one) to fp as format f (CSV with its header, or JSONL), each
 * number and the metadata exactly as read, so a log lt wrote comes back
 * byte for byte when converted twice.  name is fp's name for messages.
 * *n (may be NULL) gets the number of events.  Returns 0, or -1 with err
 * (a read error, a bad line when r is strict, a write error on fp, a
 * task keep names that has no events).
 */
int	lt_export_convert(struct lt_events *r, const struct lt_sel *keep,
	    enum lt_format f, FILE *fp, const char *name, uint64_t *n,
	    struct lt_error *err);

/*
 * The class's export_learning_data for the part sel selects (its tasks
 * and span) of the logs sel->paths (read once, standard input, "-", as
 * well: each event is written, pushed into the report and given to the
 * linked goals as it comes) and the goals log goals_path (missing: no
 * goals), written to fp:
 * {"export_timestamp": now, "learning_events": [every event selected,
 * with the class's LearningEvent keys], "goals": the goal list (lt goal
 * list --json), "convergence_history": [[timestamp, task_type,
 * convergence_metric] of every event selected whose convergence_metric is
 * below the class's threshold, 0.01], "learning_report": the object lt
 * report --json prints for sel, at time now}.  Linked goals follow the
 * whole logs, as lt_goals_load has them.  The triples wait in an unnamed
 * temporary file in tmpdir while the events stream.  Bad lines
 * are passed to sel->ropts.warn once and counted in *skipped.  Returns 0,
 * or -1 with err.
 */
int	lt_export_class(const struct lt_sel *sel, const char *goals_path,
	    const char *tmpdir, double now, FILE *fp, const char *name,
	    size_t *skipped, struct lt_error *err);

#endif
