/*
 * scan.c - the selected events of logs, with the metric an analysis
 * follows.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pscan.h"
#include "scan.h"

void
lt_sel_init(struct lt_sel *sel)
{
	memset(sel, 0, sizeof(*sel));
	sel->since = NAN;
	sel->until = NAN;
	sel->x = LT_X_INDEX;
	sel->mode = -1;
}

int
lt_xaxis_parse(const char *s, enum lt_xaxis *x, struct lt_error *err)
{
	if (strcmp(s, "index") == 0)
		*x = LT_X_INDEX;
	else if (strcmp(s, "episode") == 0)
		*x = LT_X_EPISODE;
	else if (strcmp(s, "time") == 0)
		*x = LT_X_TIME;
	else
		return lt_error_set(err, "--x \"%s\" is not index, episode or "
		    "time", s);
	return 0;
}

int
lt_metric_check(const char *metric, struct lt_error *err)
{
	int f = lt_field_lookup(metric, strlen(metric));

	if (*metric == '\0' || f == LT_F_TASK || f == LT_F_META)
		return lt_error_set(err, "--metric \"%s\" is not a number "
		    "field or a metadata key", metric);
	return 0;
}

void
lt_metric_init(struct lt_metric *m, const char *name)
{
	size_t len = strlen(name);

	m->name = lt_xstrdup(name);
	m->field = lt_field_lookup(name, len);
	m->quoted = NULL;
	if (m->field != -1)
		return;
	m->quoted = lt_xmalloc(len + 3);
	m->quoted[0] = '"';
	memcpy(m->quoted + 1, name, len);
	memcpy(m->quoted + 1 + len, "\"", 2);
}

void
lt_metric_release(struct lt_metric *m)
{
	free(m->name);
	free(m->quoted);
	m->name = m->quoted = NULL;
}

double
lt_metric_of(const struct lt_metric *m, const struct lt_event *ev)
{
	json_t *o, *v;
	double y = NAN;

	switch (m->field) {
	case LT_F_TIMESTAMP:
		return ev->timestamp;
	case LT_F_SCORE:
		return ev->score;
	case LT_F_LR:
		return ev->lr;
	case LT_F_EPISODE:
		return (double)ev->episode;
	case LT_F_CONV:
		return ev->conv;
	case -1:
		break;
	default:
		return NAN;
	}
	/* Most events of a log without the key never reach the parse. */
	if (strstr(ev->meta, m->quoted) == NULL)
		return NAN;
	if ((o = json_loadb(ev->meta, ev->meta_len, 0, NULL)) == NULL)
		return NAN;
	v = json_object_get(o, m->name);
	if (json_is_number(v))
		y = json_number_value(v);
	json_decref(o);
	return y;
}

int
lt_scan_open(struct lt_scan *sc, struct lt_sel *sel,
    struct lt_error *err)
{
	memset(sc, 0, sizeof(*sc));
	sc->sel = sel;
	sel->skipped = 0;
	sc->ev = lt_events_open(sel->paths, sel->npaths, &sel->ropts, err);
	if (sc->ev == NULL)
		return -1;
	lt_metric_init(&sc->metric, sel->metric ? sel->metric :
	    "performance_score");
	return 0;
}

void
lt_scan_close(struct lt_scan *sc)
{
	if (sc->ev != NULL) {
		sc->sel->skipped = lt_events_skipped(sc->ev);
		lt_events_close(sc->ev);
	}
	sc->ev = NULL;
	lt_metric_release(&sc->metric);
}

int
lt_scan_next(struct lt_scan *sc, struct lt_event *ev,
    struct lt_error *err)
{
	const struct lt_sel *s = sc->sel;
	int rc;

	/* No selection, the common case, tested here: no call per event. */
	while ((rc = lt_events_next(sc->ev, ev, err)) == 1)
		if ((isnan(s->since) && isnan(s->until) && s->ntasks == 0) ||
		    lt_sel_keeps(s, ev))
			return 1;
	return rc;
}

int
lt_sel_keeps(const struct lt_sel *s, const struct lt_event *ev)
{
	size_t i;

	if (!isnan(s->since) && !(ev->timestamp >= s->since))
		return 0;
	if (!isnan(s->until) && !(ev->timestamp <= s->until))
		return 0;
	if (s->ntasks == 0)
		return 1;
	for (i = 0; i < s->ntasks; i++)
		if (strcmp(s->tasks[i], ev->task) == 0)
			return 1;
	return 0;
}

int
lt_sel_check_named(const struct lt_sel *s, const struct lt_tasktab *t,
    struct lt_error *err)
{
	size_t i, j;

	for (i = 0; i < s->ntasks; i++) {
		for (j = 0; j < t->n; j++)
			if (strcmp(s->tasks[i], t->names[j]) == 0)
				break;
		if (j == t->n)
			return lt_error_set(err, "no events of task \"%s\"%s",
			    s->tasks[i], s->metric ? " with that metric" : "");
	}
	return 0;
}

double
lt_x_of(enum lt_xaxis x, const struct lt_event *ev, size_t index)
{
	switch (x) {
	case LT_X_EPISODE:
		return (double)ev->episode;
	case LT_X_TIME:
		return ev->timestamp;
	default:
		return (double)index;
	}
}

