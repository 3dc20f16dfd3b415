/*
 * render_table.c - the table styles: text and Markdown for people, TSV
 * and CSV for pipes.  The two sets share what they show alike; where
 * they differ (a p-value beside a verdict, a progress bar, the text of a
 * curve for feedgnuplot) each has its own function.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "num.h"
#include "render.h"
#include "stats.h"

/* A progress bar of BAR_WIDTH cells for pct in [0, 100] ("####....")
 * into buf (at least BAR_WIDTH + 1 bytes); returns buf. */
#define BAR_WIDTH	20

/* What a rate per hour or a time span is when a task's times only keep
 * order (lt import of a source without times). */
#define NO_TIMES	"none: a source of these events had no times"

static const char *
bar(double pct, char *buf)
{
	int i, fill = (int)lround(pct / 100.0 * BAR_WIDTH);

	for (i = 0; i < BAR_WIDTH; i++)
		buf[i] = i < fill ? '#' : '.';
	buf[BAR_WIDTH] = '\0';
	return buf;
}

/* A duration in seconds as "3h 20m", "45s", "2d 4h" into buf. */
static void
duration(double secs, char *buf, size_t size)
{
	long long s = llround(fabs(secs));

	if (s >= 86400)
		snprintf(buf, size, "%lldd %lldh", s / 86400, s % 86400 / 3600);
	else if (s >= 3600)
		snprintf(buf, size, "%lldh %lldm", s / 3600, s % 3600 / 60);
	else if (s >= 60)
		snprintf(buf, size, "%lldm %llds", s / 60, s % 60);
	else
		snprintf(buf, size, "%llds", s);
}

/* The tone of a trend's verdict: improving green, declining red, flat
 * yellow; none with too few points. */
static enum lt_tone
trend_tone(const struct lt_trend *t)
{
	if (!t->enough)
		return LT_TONE_NONE;
	return t->direction == LT_STATS_IMPROVING ? LT_TONE_GOOD :
	    t->direction == LT_STATS_DECLINING ? LT_TONE_BAD : LT_TONE_WARN;
}

/* A "key  value" row of a two-column table. */
static void
kv(struct lt_table *t, const char *key, const char *value)
{
	lt_table_str(t, key);
	lt_table_str(t, value);
}

/*
 * Trends.
 */

/* "improving (p < 0.001)", or "insufficient_data". */
static void
verdict_p(const struct lt_trend *t, char *buf, size_t size)
{
	char p[32];

	if (!t->enough) {
		snprintf(buf, size, "%s", lt_trend_direction(t));
		return;
	}
	lt_stats_format_p(t->p_value, p, sizeof(p));
	snprintf(buf, size, "%s (%s)", lt_trend_direction(t), p);
}

static void
verdict_bare(const struct lt_trend *t, char *buf, size_t size)
{
	snprintf(buf, size, "%s", lt_trend_direction(t));
}

static int
trend_table(const struct lt_out *o, const struct lt_trends *r,
    void (*verdict)(const struct lt_trend *, char *, size_t))
{
	static const char *const hdr[] = { "task", "n", "trend",
	    "confidence", "recent_avg", "improvement_rate", "direction" };
	struct lt_table *tb = lt_table_new(o, 7, hdr);
	const struct lt_trend *t;
	char d[64];
	size_t i;

	for (i = 0; i < r->n; i++) {
		t = &r->v[i].trend;
		lt_table_str(tb, r->v[i].task);
		lt_table_int(tb, (long long)t->n);
		lt_table_num(tb, t->trend, 6);
		lt_table_num(tb, t->confidence, 3);
		lt_table_num(tb, t->recent_avg, 4);
		lt_table_num(tb, t->improvement_rate, 4);
		verdict(t, d, sizeof(d));
		lt_table_str(tb, d);
		lt_table_tone(tb, trend_tone(t));
	}
	return lt_table_print(tb);
}

static int
text_trend(const struct lt_out *o, const struct lt_trends *r)
{
	return trend_table(o, r, verdict_p);
}

static int
pipe_trend(const struct lt_out *o, const struct lt_trends *r)
{
	return trend_table(o, r, verdict_bare);
}

/*
 * Curves.
 */

static const char *const xname[] = {
	[LT_X_INDEX] = "index",
	[LT_X_EPISODE] = "episode",
	[LT_X_TIME] = "timestamp"
};

/* What the curve's y column is called: the metric, else the task's score
 * name when one was said, else "score". */
static const char *
curve_yname(const struct lt_curve *c)
{
	return c->metric ? c->metric : c->said ? c->score_name : "score";
}

/* Columns for feedgnuplot, gnuplot or awk: a '#' header naming the
 * method (they skip it), then full-precision numbers, Unix seconds; a
 * task that was said something of gets a second '#' line with its
 * direction and best point. */
static int
text_curve(const struct lt_out *o, const struct lt_curve *c)
{
	char b[LT_NUM_BUFSZ];
	size_t i;

	fprintf(o->fp, "# %s\t%s%s%s\n", xname[c->x], curve_yname(c),
	    c->smoothed ? "\t" : "", c->smoothed ? c->method : "");
	if (c->said && c->n > 0) {
		lt_num_format(c->pts[c->best].x, b);
		fprintf(o->fp, "# %s is better; best at %s", c->mode ==
		    LT_STATS_MIN ? "lower" : "higher", b);
		lt_num_format(c->pts[c->best].y, b);
		fprintf(o->fp, ": %s\n", b);
	}
	for (i = 0; i < c->n; i++) {
		lt_num_format(c->pts[i].x, b);
		fputs(b, o->fp);
		lt_num_format(c->pts[i].y, b);
		fprintf(o->fp, "\t%s", b);
		if (c->smoothed) {
			lt_num_format(c->pts[i].s, b);
			fprintf(o->fp, "\t%s", b);
		}
		fputc('\n', o->fp);
	}
	return ferror(o->fp) ? -1 : 0;
}

static int
pipe_curve(const struct lt_out *o, const struct lt_curve *c)
{
	const char *hdr[3] = { xname[c->x], curve_yname(c), c->method };
	struct lt_table *tb = lt_table_new(o, c->smoothed ? 3 : 2, hdr);
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (c->x == LT_X_TIME)
			lt_table_time(tb, c->pts[i].ts);
		else
			lt_table_num(tb, c->pts[i].x, 0);
		lt_table_num(tb, c->pts[i].y, 6);
		if (c->smoothed)
			lt_table_num(tb, c->pts[i].s, 6);
	}
	return lt_table_print(tb);
}

/*
 * Convergences.
 */

static int
conv_tasks(const struct lt_out *o, const struct lt_conv *c)
{
	static const char *const hdr[] = { "task", "count",
	    "avg_convergence_metric", "first_episode", "last_convergence" };
	struct lt_table *tb = lt_table_new(o, 5, hdr);
	const struct lt_conv_task *s;
	size_t i;

	for (i = 0; i < c->ntasks; i++) {
		s = &c->tasks[i];
		lt_table_str(tb, s->task);
		lt_table_int(tb, (long long)s->count);
		lt_table_num(tb, s->avg_convergence_metric, 6);
		lt_table_int(tb, (long long)s->first_convergence_episode);
		lt_table_time(tb, s->last_convergence);
	}
	return lt_table_print(tb);
}

/* The totals, the tasks, and the recent convergences; pipes get the
 * tasks alone. */
static int
text_converge(const struct lt_out *o, const struct lt_conv *c)
{
	static const char *const hdr[] = { "time", "task",
	    "convergence_metric" };
	struct lt_table *tb;
	char rate[64];
	size_t i;

	fprintf(o->fp, "total_convergences  %zu\n", c->total_convergences);
	if (isnan(c->convergence_rate))
		fprintf(o->fp, "convergence_rate    %s\n\n", NO_TIMES);
	else {
		lt_out_num(c->convergence_rate, 4, rate, sizeof(rate));
		fprintf(o->fp, "convergence_rate    %s per hour\n\n", rate);
	}
	if (conv_tasks(o, c) != 0)
		return -1;
	if (c->nrecent == 0)
		return 0;
	fputs("\nrecent convergences\n", o->fp);
	tb = lt_table_new(o, 3, hdr);
	for (i = 0; i < c->nrecent; i++) {
		lt_table_time(tb, c->recent[i].ts);
		lt_table_str(tb, c->recent[i].task);
		lt_table_num(tb, c->recent[i].metric, 6);
	}
	return lt_table_print(tb);
}

/*
 * Metrics, each a row.
 */

static int
metrics(const struct lt_out *o, const struct lt_metrics *m)
{
	static const char *const hdr[] = { "metric", "value" };
	struct lt_table *tb;

	if (m->empty) {
		fputs("no events\n", o->fp);
		return ferror(o->fp) ? -1 : 0;
	}
	tb = lt_table_new(o, 2, hdr);
	lt_table_str(tb, "current_performance");
	lt_table_num(tb, m->current_performance, 4);
	lt_table_str(tb, "current_learning_rate");
	lt_table_num(tb, m->current_learning_rate, 6);
	lt_table_str(tb, "recent_avg_performance");
	lt_table_num(tb, m->recent_avg_performance, 4);
	kv(tb, "performance_trend",
	    lt_metrics_trend_name(m->performance_trend));
	lt_table_tone(tb, m->performance_trend == LT_STATS_IMPROVING ?
	    LT_TONE_GOOD : m->performance_trend == LT_STATS_DECLINING ?
	    LT_TONE_BAD : LT_TONE_WARN);
	lt_table_str(tb, "active_goals_count");
	lt_table_int(tb, m->active_goals_count);
	lt_table_str(tb, "total_learning_events");
	lt_table_int(tb, (long long)m->total_learning_events);
	lt_table_str(tb, "last_update");
	lt_table_time(tb, m->last_update);
	return lt_table_print(tb);
}

/*
 * Goals.
 */

static const char *
status(const struct lt_goal *g)
{
	return g->completed ? "completed" : "active";
}

/* A goal's status, completed green, active yellow. */
static void
status_cell(struct lt_table *t, const struct lt_goal *g)
{
	lt_table_str(t, status(g));
	lt_table_tone(t, g->completed ? LT_TONE_GOOD : LT_TONE_WARN);
}

/* The goals as rows; the bar is for eyes, pipes get the number alone. */
static int
goal_table(const struct lt_out *o, const struct lt_goal_list *l, int bars)
{
	static const char *const hdr[] = { "goal", "dir", "current",
	    "target", "%", "status", "eta", "progress" };
	struct lt_table *tb = lt_table_new(o, bars ? 8 : 7, hdr);
	const struct lt_goal *g;
	char b[BAR_WIDTH + 1];
	size_t i;

	for (i = 0; i < l->n; i++) {
		g = l->v[i];
		lt_table_str(tb, g->id);
		lt_table_str(tb, lt_stats_mode_name(g->dir));
		lt_table_num(tb, g->current, 4);
		lt_table_num(tb, g->target, 4);
		lt_table_num(tb, g->percentage, 1);
		status_cell(tb, g);
		if (bars && g->eta_kind == LT_ETA_NOT_AT_RATE)
			lt_table_str(tb, "not at this rate");
		else
			lt_table_time(tb, g->eta);
		if (bars)
			lt_table_fixed(tb, bar(g->percentage, b));
	}
	return lt_table_print(tb);
}

static int
text_goals(const struct lt_out *o, const struct lt_goal_list *l)
{
	return goal_table(o, l, 1);
}

static int
pipe_goals(const struct lt_out *o, const struct lt_goal_list *l)
{
	return goal_table(o, l, 0);
}

/* "2026-11-25 13:20:00 (in 3h 20m)", counted from now, or "-". */
static void
when(double ts, double now, char *buf, size_t size)
{
	char date[64], dur[64];

	if (isnan(ts)) {
		snprintf(buf, size, "-");
		return;
	}
	lt_out_localtime(ts, date, sizeof(date));
	duration(ts - now, dur, sizeof(dur));
	snprintf(buf, size, "%s (%s%s%s)", date, ts >= now ? "in " : "", dur,
	    ts >= now ? "" : " ago");
}

/* Where a goal's estimated completion comes from, or why it has none,
 * for people. */
static void
estimate(const struct lt_goal *g, char *buf, size_t size)
{
	char found[64], last[64];

	switch (g->eta_kind) {
	case LT_ETA_DONE:
		snprintf(buf, size, "-");
		break;
	case LT_ETA_FORECAST:
	case LT_ETA_LINE:
		snprintf(buf, size, "from %s", g->eta_note);
		break;
	case LT_ETA_NOT_AT_RATE:
		snprintf(buf, size, "none, not at this rate: %s", g->eta_note);
		break;
	case LT_ETA_PAST:
		lt_out_localtime(g->eta_found, found, sizeof(found));
		lt_out_localtime(g->current_time, last, sizeof(last));
		snprintf(buf, size, "none: %s gives %s, past, and no value "
		    "since %s has reached the target", g->eta_note, found,
		    last);
		break;
	case LT_ETA_UNKNOWN:
		snprintf(buf, size, "none: %s", g->eta_note);
		break;
	}
}

/* One goal, a field a row. */
static int
goal(const struct lt_out *o, const struct lt_goal *g)
{
	static const char *const hdr[] = { "field", "value" };
	struct lt_table *t = lt_table_new(o, 2, hdr);
	char buf[640], num[LT_NUM_BUFSZ], b[BAR_WIDTH + 1];

	kv(t, "goal", g->id);
	kv(t, "description", *g->description ? g->description : "-");
	kv(t, "direction", lt_stats_mode_name(g->dir));
	lt_num_format(g->target, num);
	kv(t, "target", num);
	if (!isnan(g->baseline))
		lt_num_format(g->baseline, num);
	kv(t, "baseline", isnan(g->baseline) ? "- (the first value)" : num);
	if (!isnan(g->current))
		lt_num_format(g->current, num);
	kv(t, "current", isnan(g->current) ? "-" : num);
	snprintf(buf, sizeof(buf), "%.1f%% [%s]", g->percentage,
	    bar(g->percentage, b));
	lt_table_str(t, "completion");
	lt_table_fixed(t, buf);
	lt_table_str(t, "status");
	status_cell(t, g);
	lt_out_localtime(g->creation_time, buf, sizeof(buf));
	kv(t, "created", buf);
	if (g->completed)
		lt_out_localtime(g->completion_time, buf, sizeof(buf));
	kv(t, "completed", g->completed ? buf : "-");
	when(g->eta, o->now, buf, sizeof(buf));
	kv(t, "estimated completion", buf);
	estimate(g, buf, sizeof(buf));
	kv(t, "estimate", buf);
	if (g->task != NULL) {
		kv(t, "task", g->task);
		kv(t, "metric", g->metric);
	}
	snprintf(buf, sizeof(buf), "%zu", g->nvalues);
	kv(t, "values", buf);
	return lt_table_print(t);
}

/* The counts, then the goals as the style lists them. */
static int
goal_summary(const struct lt_out *o, const struct lt_goal_summary *s)
{
	static const char *const hdr[] = { "field", "value" };
	struct lt_table *t = lt_table_new(o, 2, hdr);
	char buf[64];

	lt_table_str(t, "total goals");
	lt_table_int(t, (long long)s->total_goals);
	lt_table_str(t, "completed");
	lt_table_int(t, (long long)s->completed_goals);
	lt_table_str(t, "active");
	lt_table_int(t, (long long)s->active_goals);
	snprintf(buf, sizeof(buf), "%.1f%%", 100.0 * s->completion_rate);
	kv(t, "completion rate", buf);
	duration(s->avg_completion_time, buf, sizeof(buf));
	kv(t, "avg completion time", buf);
	if (lt_table_print(t) != 0)
		return -1;
	if (s->goals.n == 0)
		return 0;
	fputc('\n', o->fp);
	return o->ops->goals(o, &s->goals);
}

/*
 * The report: sections of tables.
 */

/* Each score name and direction on its own, when the tasks mix them. */
static int
report_groups(const struct lt_out *o, const struct lt_report *r)
{
	static const char *const hdr[] = { "score_name", "direction",
	    "tasks", "events", "average", "std_deviation", "min", "max",
	    "median" };
	const struct lt_report_group *g;
	struct lt_table *tb;
	size_t i;

	if (r->groups == NULL)
		return 0;
	lt_out_heading(o, 2, "Overall performance by score name");
	tb = lt_table_new(o, 9, hdr);
	for (i = 0; i < r->ngroups; i++) {
		g = &r->groups[i];
		lt_table_str(tb, g->score_name);
		lt_table_str(tb, lt_stats_mode_name(g->mode));
		lt_table_int(tb, (long long)g->ntasks);
		lt_table_int(tb, (long long)g->summary.n);
		lt_table_num(tb, g->summary.mean, 4);
		lt_table_num(tb, g->summary.sd, 4);
		lt_table_num(tb, g->summary.min, 4);
		lt_table_num(tb, g->summary.max, 4);
		lt_table_num(tb, g->summary.median, 4);
	}
	return lt_table_print(tb);
}

static int
report_overview(const struct lt_out *o, const struct lt_report *r)
{
	static const char *const hdr[] = { "measure", "value" };
	const struct lt_summary *p = &r->overall_performance;
	struct lt_table *tb;
	char b[64];

	lt_out_heading(o, 2, "Overview");
	tb = lt_table_new(o, 2, hdr);
	lt_out_localtime(r->report_timestamp, b, sizeof(b));
	kv(tb, "generated", b);
	lt_table_str(tb, "total events");
	lt_table_int(tb, (long long)r->total_learning_events);
	lt_table_str(tb, "events analysed");
	lt_table_int(tb, (long long)r->recent_events_analyzed);
	if (isnan(r->time_span_hours))
		snprintf(b, sizeof(b), "%s", NO_TIMES);
	else
		duration(r->time_span_hours * 3600, b, sizeof(b));
	kv(tb, "time span", b);
	if (lt_table_print(tb) != 0)
		return -1;

	lt_out_heading(o, 2, r->groups == NULL ? "Overall performance" :
	    "Overall performance (pooled across score names and directions)");
	tb = lt_table_new(o, 2, hdr);
	lt_table_str(tb, "average");
	lt_table_num(tb, p->mean, 4);
	lt_table_str(tb, "std deviation");
	lt_table_num(tb, p->sd, 4);
	lt_table_str(tb, "min");
	lt_table_num(tb, p->min, 4);
	lt_table_str(tb, "max");
	lt_table_num(tb, p->max, 4);
	lt_table_str(tb, "median");
	lt_table_num(tb, p->median, 4);
	if (lt_table_print(tb) != 0 || report_groups(o, r) != 0)
		return -1;

	lt_out_heading(o, 2, "Learning dynamics");
	tb = lt_table_new(o, 2, hdr);
	lt_table_str(tb, "average learning rate");
	lt_table_num(tb, r->average_learning_rate, 6);
	lt_table_str(tb, "convergences (< 0.01)");
	lt_table_int(tb, (long long)r->convergence_analysis.total_convergences);
	lt_table_str(tb, "convergences per hour");
	if (isnan(r->convergence_analysis.convergence_rate))
		lt_table_str(tb, NO_TIMES);
	else
		lt_table_num(tb, r->convergence_analysis.convergence_rate, 4);
	return lt_table_print(tb);
}

static int
report_tasks(const struct lt_out *o, const struct lt_report *r)
{
	static const char *const hdr[] = { "task", "events",
	    "avg_performance", "latest_score", "trend", "confidence",
	    "direction", "score_name", "mode", "best_score", "best_episode",
	    "best_time" };
	const struct lt_report_task *t;
	struct lt_table *tb;
	char b[64];
	size_t i;
	int said = 0;

	/* The task's own columns only when one was said something of, so
	 * that a log without a tasks file reads as it always did. */
	for (i = 0; i < r->ntasks; i++)
		said |= r->tasks[i].said;
	lt_out_heading(o, 2, "Tasks");
	tb = lt_table_new(o, said ? 12 : 7, hdr);
	for (i = 0; i < r->ntasks; i++) {
		t = &r->tasks[i];
		lt_table_str(tb, t->task);
		lt_table_int(tb, (long long)t->event_count);
		lt_table_num(tb, t->avg_performance, 4);
		lt_table_num(tb, t->latest_score, 4);
		lt_table_num(tb, t->performance_trend.trend, 6);
		lt_table_num(tb, t->performance_trend.confidence, 3);
		verdict_p(&t->performance_trend, b, sizeof(b));
		lt_table_str(tb, b);
		lt_table_tone(tb, trend_tone(&t->performance_trend));
		if (!said)
			continue;
		lt_table_str(tb, t->score_name);
		lt_table_str(tb, lt_stats_mode_name(t->mode));
		lt_table_num(tb, t->best_score, 4);
		lt_table_int(tb, (long long)t->best_episode);
		lt_table_time(tb, t->best_time);
	}
	return lt_table_print(tb);
}

/* The goal counts, then each goal with its progress as a bar. */
static int
report_goals(const struct lt_out *o, const struct lt_goal_summary *s)
{
	static const char *const hdr[] = { "measure", "value" };
	static const char *const gh[] = { "goal", "current", "target", "%",
	    "progress", "status" };
	const struct lt_goal *g;
	struct lt_table *tb;
	char b[BAR_WIDTH + 1];
	size_t i;

	lt_out_heading(o, 2, "Goals");
	tb = lt_table_new(o, 2, hdr);
	lt_table_str(tb, "total");
	lt_table_int(tb, (long long)s->total_goals);
	lt_table_str(tb, "completed");
	lt_table_int(tb, (long long)s->completed_goals);
	lt_table_str(tb, "active");
	lt_table_int(tb, (long long)s->active_goals);
	if (lt_table_print(tb) != 0)
		return -1;
	if (s->goals.n == 0)
		return 0;
	fputc('\n', o->fp);
	tb = lt_table_new(o, 6, gh);
	for (i = 0; i < s->goals.n; i++) {
		g = s->goals.v[i];
		lt_table_str(tb, g->id);
		lt_table_num(tb, isnan(g->current) ? 0.0 : g->current, 4);
		lt_table_num(tb, g->target, 4);
		lt_table_num(tb, g->percentage, 1);
		lt_table_fixed(tb, bar(g->percentage, b));
		status_cell(tb, g);
	}
	return lt_table_print(tb);
}

static int
report(const struct lt_out *o, const struct lt_report *r)
{
	if (lt_out_heading(o, 1, "Learning report") != 0 ||
	    report_overview(o, r) != 0 || report_tasks(o, r) != 0)
		return -1;
	return report_goals(o, &r->goal_summary);
}

/*
 * Comparisons across runs.
 */

/* Decimals for people: three significant digits of the smallest spread
 * of a group (else of the largest value), the same for every group so
 * that their numbers line up. */
static int
cmp_decimals(const struct lt_compare *r)
{
	const struct lt_compare_group *g;
	double scale = HUGE_VAL, big = 0;
	size_t i;
	int d;

	for (i = 0; i < r->ngroups; i++) {
		g = &r->groups[i];
		if (g->sd > 0 && g->sd < scale)
			scale = g->sd;
		big = fmax(big, fmax(fabs(g->min), fabs(g->max)));
	}
	if (!isfinite(scale))
		scale = big > 0 ? big : 1;
	d = 2 - (int)floor(log10(scale));
	return d < 0 ? 0 : d > 9 ? 9 : d;
}

/* "[lo, hi]" with dec decimals, or "-" when there is none. */
static void
interval(double lo, double hi, int dec, char *buf, size_t size)
{
	if (isnan(lo) || isnan(hi))
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "[%.*f, %.*f]", dec, lo, dec, hi);
}

/* What is compared, in words: the score and its direction, then how
 * each run became the numbers compared. */
static int
cmp_what(const struct lt_out *o, const struct lt_groups *g)
{
	fprintf(o->fp, "score: %s (%s is better)\n", g->score_name,
	    g->dir == LT_STATS_MIN ? "lower" : "higher");
	if (g->unit == LT_COMPARE_SCORES)
		fprintf(o->fp, "each group is one run, compared on its last "
		    "%zu scores: this measures\nthe noise within a run, not "
		    "the spread across seeds\n", g->last);
	else if (g->summary == LT_COMPARE_SUMMARY_LAST)
		fprintf(o->fp, "each run is the mean of its last %zu scores\n",
		    g->last);
	else if (g->summary == LT_COMPARE_SUMMARY_BEST)
		fprintf(o->fp, "each run is its best score\n");
	else
		fprintf(o->fp, "each run is the mean of all its scores\n");
	return ferror(o->fp) ? -1 : 0;
}

static int
cmp_runs(const struct lt_out *o, const struct lt_groups *g, int dec)
{
	static const char *const hdr[] = { "group", "log", "task", "n",
	    "summary" };
	const struct lt_groups_run *r;
	struct lt_table *tb = lt_table_new(o, 5, hdr);
	size_t i, j;

	for (i = 0; i < g->n; i++)
		for (j = 0; j < g->v[i].nruns; j++) {
			r = &g->v[i].runs[j];
			lt_table_str(tb, g->v[i].name);
			lt_table_str(tb, r->log);
			lt_table_str(tb, r->task);
			lt_table_int(tb, (long long)r->n);
			lt_table_num(tb, r->summary, dec);
		}
	return lt_table_print(tb);
}

/* The verdict of each group against the baseline, and the tests that
 * need no normality beside it. */
static int
cmp_verdicts(const struct lt_out *o, const struct lt_compare *r)
{
	const struct lt_compare_group *g;
	char v[256], tv[300], p[32], ci[64];
	size_t i;

	for (i = 1; i < r->ngroups; i++) {
		g = &r->groups[i];
		lt_compare_verdict_format(r, i, v, sizeof(v));
		lt_out_toned(o, g->verdict == LT_COMPARE_BETTER ? LT_TONE_GOOD :
		    g->verdict == LT_COMPARE_WORSE ? LT_TONE_BAD : LT_TONE_NONE,
		    v, tv, sizeof(tv));
		lt_stats_format_p(g->p_mwu, p, sizeof(p));
		fprintf(o->fp, "%s: %s\n  Mann-Whitney %s; probability of "
		    "improvement %.2f", g->name, tv, p, g->poi);
		if (!isnan(g->poi_lo)) {
			interval(g->poi_lo, g->poi_hi, 2, ci, sizeof(ci));
			fprintf(o->fp, " %s", ci);
		}
		fputc('\n', o->fp);
	}
	return ferror(o->fp) ? -1 : 0;
}

/* For people: what is compared, the runs, the groups described, and the
 * verdicts. */
static int
text_compare(const struct lt_out *o, const struct lt_groups *gs)
{
	const struct lt_compare *r = gs->cmp;
	const struct lt_compare_group *g;
	struct lt_table *tb;
	char mh[64], ih[64], ci[128];
	const char *hdr[8] = { "group", "n", "mean", "sd", "median", "iqm",
	    mh, ih };
	int dec = cmp_decimals(r);
	size_t i;

	snprintf(mh, sizeof(mh), "mean %.10g%% CI", r->opts.level);
	snprintf(ih, sizeof(ih), "iqm %.10g%% CI", r->opts.level);
	if (cmp_what(o, gs) != 0)
		return -1;
	fputc('\n', o->fp);
	if (cmp_runs(o, gs, dec) != 0)
		return -1;
	fputc('\n', o->fp);
	tb = lt_table_new(o, 8, hdr);
	for (i = 0; i < r->ngroups; i++) {
		g = &r->groups[i];
		lt_table_str(tb, g->name);
		lt_table_int(tb, (long long)g->n);
		lt_table_num(tb, g->mean, dec);
		lt_table_num(tb, g->sd, dec);
		lt_table_num(tb, g->median, dec);
		lt_table_num(tb, g->iqm, dec);
		interval(g->mean_lo, g->mean_hi, dec, ci, sizeof(ci));
		lt_table_str(tb, ci);
		interval(g->iqm_lo, g->iqm_hi, dec, ci, sizeof(ci));
		lt_table_str(tb, ci);
	}
	if (lt_table_print(tb) != 0)
		return -1;
	if (r->ngroups < 2)
		return 0;
	fputc('\n', o->fp);
	return cmp_verdicts(o, r);
}

/* For pipes: a row a group, every number in full. */
static int
pipe_compare(const struct lt_out *o, const struct lt_groups *gs)
{
	static const char *const hdr[] = { "group", "n", "mean", "sd", "min",
	    "max", "median", "iqm", "mean_lo", "mean_hi", "iqm_lo", "iqm_hi",
	    "diff", "diff_lo", "diff_hi", "t", "df", "p_welch", "u", "p_mwu",
	    "poi", "poi_lo", "poi_hi", "verdict" };
	const struct lt_compare *r = gs->cmp;
	const struct lt_compare_group *g;
	struct lt_table *tb = lt_table_new(o, 24, hdr);
	size_t i;

	for (i = 0; i < r->ngroups; i++) {
		g = &r->groups[i];
		lt_table_str(tb, g->name);
		lt_table_int(tb, (long long)g->n);
		lt_table_num(tb, g->mean, 6);
		lt_table_num(tb, g->sd, 6);
		lt_table_num(tb, g->min, 6);
		lt_table_num(tb, g->max, 6);
		lt_table_num(tb, g->median, 6);
		lt_table_num(tb, g->iqm, 6);
		lt_table_num(tb, g->mean_lo, 6);
		lt_table_num(tb, g->mean_hi, 6);
		lt_table_num(tb, g->iqm_lo, 6);
		lt_table_num(tb, g->iqm_hi, 6);
		lt_table_num(tb, g->diff, 6);
		lt_table_num(tb, g->diff_lo, 6);
		lt_table_num(tb, g->diff_hi, 6);
		lt_table_num(tb, g->t, 6);
		lt_table_num(tb, g->df, 6);
		lt_table_num(tb, g->p_welch, 6);
		lt_table_num(tb, g->u, 6);
		lt_table_num(tb, g->p_mwu, 6);
		lt_table_num(tb, g->poi, 6);
		lt_table_num(tb, g->poi_lo, 6);
		lt_table_num(tb, g->poi_hi, 6);
		lt_table_str(tb, lt_compare_verdict_name(g->verdict));
	}
	return lt_table_print(tb);
}

/* A number of a curve's row in full, or "-" for none. */
static int
curve_num(const struct lt_out *o, double v, int last)
{
	char b[LT_NUM_BUFSZ];

	if (isnan(v))
		return lt_out_cell(o, "-", last);
	lt_num_format(v, b);
	return lt_out_cell(o, b, last);
}

/*
 * Curves across runs: a row a group and step, written as it goes (a
 * group has a row for each step its runs share, which may be 10^5), the
 * numbers in full.  For people too: they are columns for feedgnuplot,
 * gnuplot or awk, as lt curve writes them, after '#' lines that say what
 * they are.
 */
static int
curves_rows(const struct lt_out *o, const struct lt_groups *gs)
{
	static const char *const hdr[] = { "group", "episode", "runs", "mean",
	    "sd", "lo", "hi" };
	const struct lt_compare_point *p;
	char b[32];
	size_t i, k;
	int rc = 0;

	for (i = 0; i < 7; i++)
		rc |= lt_out_cell(o, hdr[i], i == 6);
	for (i = 0; i < gs->n; i++)
		for (k = 0; k < gs->v[i].npts && rc == 0; k++) {
			p = &gs->v[i].pts[k];
			lt_out_cell(o, gs->v[i].name, 0);
			snprintf(b, sizeof(b), "%lld", (long long)p->step);
			lt_out_cell(o, b, 0);
			snprintf(b, sizeof(b), "%zu", p->n);
			lt_out_cell(o, b, 0);
			curve_num(o, p->mean, 0);
			curve_num(o, p->sd, 0);
			curve_num(o, p->lo, 0);
			rc = curve_num(o, p->hi, 1);
		}
	return rc;
}

static int
text_curves(const struct lt_out *o, const struct lt_groups *gs)
{
	fprintf(o->fp, "# score: %s (%s is better)\n# each group: the mean "
	    "of its runs at each episode they all have,\n# with its "
	    "%.10g %% interval (Student's t)\n# ", gs->score_name,
	    gs->dir == LT_STATS_MIN ? "lower" : "higher", gs->level);
	return curves_rows(o, gs);
}

/*
 * Tasks.
 */

/* Each task with its direction, score name, events and span; a direction
 * or name nobody set is the default, and the text says so. */
static int
task_table(const struct lt_out *o, const struct lt_task_list *l, int people)
{
	static const char *const hdr[] = { "task", "direction",
	    "score_name", "times", "events", "first", "last" };
	struct lt_table *tb = lt_table_new(o, 7, hdr);
	const struct lt_task_row *r;
	char b[128];
	size_t i;

	for (i = 0; i < l->n; i++) {
		r = &l->v[i];
		lt_table_str(tb, r->task);
		snprintf(b, sizeof(b), "%s%s", lt_stats_mode_name(r->dir),
		    people && !r->dir_set ? " (default)" :
		    "");
		lt_table_str(tb, b);
		snprintf(b, sizeof(b), "%s%s", r->score_name,
		    people && !r->score_set ?
		    " (default)" : "");
		lt_table_str(tb, b);
		lt_table_str(tb, r->times_order ? "order" : "measured");
		lt_table_int(tb, (long long)r->count);
		lt_table_time(tb, r->first);
		lt_table_time(tb, r->last);
	}
	return lt_table_print(tb);
}

static int
text_tasks(const struct lt_out *o, const struct lt_task_list *l)
{
	return task_table(o, l, 1);
}

static int
pipe_tasks(const struct lt_out *o, const struct lt_task_list *l)
{
	return task_table(o, l, 0);
}

/*
 * Forecasts.
 */

/* The curve of model m in the direction's form, x as the task has it. */
static const char *
formula(enum lt_forecast_model m, enum lt_stats_mode mode)
{
	if (m == LT_FORECAST_POWER)
		return mode == LT_STATS_MIN ? "y = a + b x^-c" :
		    "y = a - b x^-c";
	return mode == LT_STATS_MIN ? "y = a + b exp(-c x)" :
	    "y = a - b exp(-c x)";
}

/* An episode as "episode 57.9" and, when known, its time, counted from
 * the last point, into buf. */
static void
crossing(const struct lt_forecast_task *r, char *buf, size_t size)
{
	char date[64], dur[64];
	int k;

	k = snprintf(buf, size, "episode %.1f", r->target_episode);
	if (isnan(r->target_episode))
		k = snprintf(buf, size, "x %.6g", r->fc.target_x);
	if (isnan(r->target_time) || k < 0 || (size_t)k >= size)
		return;
	lt_out_localtime(r->target_time, date, sizeof(date));
	duration(r->target_time - r->last_ts, dur, sizeof(dur));
	snprintf(buf + k, size - (size_t)k, ", %s (%s %s the last point)",
	    date, dur, r->target_time >= r->last_ts ? "after" : "before");
}

/* Where the curve stands to the target, for people. */
static void
reach_text(const struct lt_forecast_task *r, char *buf, size_t size)
{
	const struct lt_forecast *fc = &r->fc;
	char at[200];

	switch (fc->reach) {
	case LT_REACH_AT:
		crossing(r, at, sizeof(at));
		snprintf(buf, size, "reached at %s", at);
		break;
	case LT_REACH_ALREADY:
		crossing(r, at, sizeof(at));
		snprintf(buf, size, "reached already by the fitted curve, at "
		    "%s", at);
		break;
	case LT_REACH_UNSURE:
		snprintf(buf, size, "uncertain: the curve levels off at %.5g, "
		    "short of it, but its interval [%.5g, %.5g] takes it in",
		    fc->a, fc->a_lo, fc->a_hi);
		break;
	case LT_REACH_NEVER:
		snprintf(buf, size, "not reached at this rate: the curve "
		    "levels off at %.5g [%.5g, %.5g]", fc->a, fc->a_lo,
		    fc->a_hi);
		break;
	case LT_REACH_NONE:
		snprintf(buf, size, "-");
		break;
	}
}

/* "exp -185.1, power -167.3, line -139.3": each model fitted, and the
 * line, by AIC. */
static void
aics(const struct lt_forecast *fc, char *buf, size_t size)
{
	size_t k, len = 0;
	int w;

	buf[0] = '\0';
	for (k = 0; k < LT_FORECAST_NMODELS && len < size; k++) {
		if (isnan(fc->fit[k].aic))
			continue;
		w = snprintf(buf + len, size - len, "%s %.1f%s, ",
		    lt_forecast_model_name((enum lt_forecast_model)k),
		    fc->fit[k].aic, fc->fit[k].status == LT_FORECAST_OK ?
		    "" : " (refused)");
		len += w > 0 ? (size_t)w : 0;
	}
	if (len < size)
		snprintf(buf + len, size - len, "line %.1f", fc->line_aic);
}

/* The forecast, a field a row. */
static int
text_forecast(const struct lt_out *o, const struct lt_forecast_task *r)
{
	static const char *const hdr[] = { "field", "value" };
	const struct lt_forecast *fc = &r->fc;
	const struct lt_forecast_fit *f = &fc->fit[fc->model ==
	    LT_FORECAST_AUTO ? 0 : fc->model];
	struct lt_table *t = lt_table_new(o, 2, hdr);
	char buf[400], k[200], d1[64], d2[64];
	int ep = r->x == LT_X_EPISODE;

	kv(t, "task", r->task);
	kv(t, "metric", r->metric ? r->metric : r->score_name);
	kv(t, "direction", fc->mode == LT_STATS_MIN ?
	    "min (lower is better)" : "max (higher is better)");
	lt_out_localtime(r->first_ts, d1, sizeof(d1));
	lt_out_localtime(r->last_ts, d2, sizeof(d2));
	if (r->times_order)
		snprintf(buf, sizeof(buf), "%zu, episodes %.0f to %.0f",
		    fc->n, r->first_ep, r->last_ep);
	else
		snprintf(buf, sizeof(buf), "%zu, episodes %.0f to %.0f, %s to "
		    "%s", fc->n, r->first_ep, r->last_ep, d1, d2);
	kv(t, "points", buf);
	if (ep)
		snprintf(buf, sizeof(buf), "episode + 1");
	else {
		lt_out_localtime(r->x_origin, d1, sizeof(d1));
		duration(r->first_ts - r->x_origin, d2, sizeof(d2));
		snprintf(buf, sizeof(buf), "seconds since %s (the first point "
		    "less %s, the median interval)", d1, d2);
	}
	kv(t, "x", buf);
	if (fc->status != LT_FORECAST_OK) {
		snprintf(buf, sizeof(buf), "none: %s", r->reason);
		kv(t, "forecast", buf);
	} else {
		snprintf(buf, sizeof(buf), "%s: %s",
		    lt_forecast_model_name(fc->model),
		    formula(fc->model, fc->mode));
		kv(t, "model", buf);
		snprintf(buf, sizeof(buf), "%.5g [%.5g, %.5g] (%g %%)", fc->a,
		    fc->a_lo, fc->a_hi, 100 * LT_FORECAST_LEVEL);
		kv(t, "asymptote", buf);
		snprintf(buf, sizeof(buf), "a %.6g +- %.2g, b %.6g +- %.2g, "
		    "c %.6g +- %.2g", f->a, f->se_a, f->b, f->se_b, f->c,
		    f->se_c);
		kv(t, "parameters", buf);
		snprintf(buf, sizeof(buf), "%.4g on %.0f degrees of freedom",
		    f->resid_sd, fc->dof);
		kv(t, "residual sd", buf);
	}
	if (!isnan(fc->line_aic)) {
		aics(fc, buf, sizeof(buf));
		kv(t, "AIC", buf);
	}
	if (!isnan(r->at)) {
		if (ep)
			snprintf(k, sizeof(k), "at episode %.6g", r->at);
		else {
			lt_out_localtime(r->at, d1, sizeof(d1));
			snprintf(k, sizeof(k), "at %s", d1);
		}
		if (fc->status == LT_FORECAST_OK)
			snprintf(buf, sizeof(buf), "%.5g [%.5g, %.5g]",
			    fc->at_y, fc->at_lo, fc->at_hi);
		else
			snprintf(buf, sizeof(buf), "-");
		kv(t, k, buf);
	}
	if (!isnan(fc->target)) {
		snprintf(k, sizeof(k), "target %.6g", fc->target);
		reach_text(r, buf, sizeof(buf));
		kv(t, k, buf);
	}
	return lt_table_print(t);
}

/* One row, every number in full, for pipes. */
static int
pipe_forecast(const struct lt_out *o, const struct lt_forecast_task *r)
{
	static const char *const hdr[] = { "task", "direction", "x", "n",
	    "status", "model", "asymptote", "asymptote_lo", "asymptote_hi",
	    "a", "b", "c", "se_a", "se_b", "se_c", "residual_sd", "dof",
	    "at", "at_score", "at_lo", "at_hi", "target", "reach",
	    "target_episode", "target_time", "reason" };
	const struct lt_forecast *fc = &r->fc;
	const struct lt_forecast_fit *f = &fc->fit[fc->model ==
	    LT_FORECAST_AUTO ? 0 : fc->model];
	struct lt_table *t = lt_table_new(o, sizeof(hdr) / sizeof(hdr[0]),
	    hdr);
	int ok = fc->status == LT_FORECAST_OK;

	lt_table_str(t, r->task);
	lt_table_str(t, fc->mode == LT_STATS_MIN ? "min" : "max");
	lt_table_str(t, r->x == LT_X_TIME ? "time" : "episode");
	lt_table_int(t, (long long)fc->n);
	lt_table_str(t, lt_forecast_status_name(fc->status));
	lt_table_str(t, fc->model == LT_FORECAST_AUTO ? "" :
	    lt_forecast_model_name(fc->model));
	lt_table_num(t, fc->a, 6);
	lt_table_num(t, fc->a_lo, 6);
	lt_table_num(t, fc->a_hi, 6);
	lt_table_num(t, ok ? f->a : NAN, 6);
	lt_table_num(t, ok ? f->b : NAN, 6);
	lt_table_num(t, ok ? f->c : NAN, 6);
	lt_table_num(t, ok ? f->se_a : NAN, 6);
	lt_table_num(t, ok ? f->se_b : NAN, 6);
	lt_table_num(t, ok ? f->se_c : NAN, 6);
	lt_table_num(t, ok ? f->resid_sd : NAN, 6);
	lt_table_num(t, fc->dof, 0);
	if (r->x == LT_X_TIME)
		lt_table_time(t, r->at);
	else
		lt_table_num(t, r->at, 6);
	lt_table_num(t, fc->at_y, 6);
	lt_table_num(t, fc->at_lo, 6);
	lt_table_num(t, fc->at_hi, 6);
	lt_table_num(t, fc->target, 6);
	lt_table_str(t, isnan(fc->target) ? "" :
	    lt_forecast_reach_name(fc->reach));
	lt_table_num(t, r->target_episode, 6);
	lt_table_time(t, r->target_time);
	lt_table_str(t, r->reason);
	return lt_table_print(t);
}

const struct lt_output_ops lt_render_text = {
	.trend = text_trend,
	.curve = text_curve,
	.converge = text_converge,
	.report = report,
	.metrics = metrics,
	.goals = text_goals,
	.goal = goal,
	.goal_summary = goal_summary,
	.tasks = text_tasks,
	.compare = text_compare,
	.compare_curves = text_curves,
	.forecast = text_forecast,
};

const struct lt_output_ops lt_render_pipe = {
	.trend = pipe_trend,
	.curve = pipe_curve,
	.converge = conv_tasks,
	.report = report,
	.metrics = metrics,
	.goals = pipe_goals,
	.goal = goal,
	.goal_summary = goal_summary,
	.tasks = pipe_tasks,
	.compare = pipe_compare,
	.compare_curves = curves_rows,
	.forecast = pipe_forecast,
};
