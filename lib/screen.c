/*
 * screen.c - the text of lt watch's screen (see screen.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "screen.h"
#include "stats.h"

/* Whether task is one s shows. */
static int
shown(const struct lt_screen *s, const char *task)
{
	size_t i;

	if (s->ntasks == 0)
		return 1;
	for (i = 0; i < s->ntasks; i++)
		if (strcmp(s->tasks[i], task) == 0)
			return 1;
	return 0;
}

static int
count_shown(const struct lt_screen *s, const struct lt_live *l)
{
	const struct lt_tasktab *t = lt_live_tasks(l);
	size_t i;
	int n = 0;

	for (i = 0; i < t->n; i++)
		n += shown(s, t->names[i]);
	return n;
}

void
lt_screen_layout(struct lt_screen *s, struct lt_live *l)
{
	const struct lt_goals *g = lt_live_goals(l);
	int rest, tasks = count_shown(s, l), goals;

	goals = g != NULL ? (int)lt_goals_count(g) : 0;
	/* The header and the table's head, then at most a quarter of the
	 * rows for tasks and for goals each, the figure the rest; the last
	 * row stays empty, as a newline there would scroll. */
	rest = s->height - 3;
	s->task_rows = tasks < rest / 4 ? tasks : rest / 4;
	if (s->task_rows < 1 && tasks > 0)
		s->task_rows = 1;
	rest -= s->task_rows;
	s->goal_rows = goals == 0 ? 0 : 1 + (goals < rest / 4 ? goals :
	    rest / 4);
	rest -= s->goal_rows;
	s->plot_rows = rest >= 6 ? rest : 0;
}

/* Write text cut to s's width (padded with spaces to it when s->pad,
 * to cover what was there), and a newline. */
static int
line(FILE *fp, const struct lt_screen *s, const char *text)
{
	return fprintf(fp, "%-*.*s\n", s->pad ? s->width : 0, s->width,
	    text) < 0 ? -1 : 0;
}

static void
fmt_num(double v, char *buf, size_t size)
{
	if (isnan(v))
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.4g", v);
}

int
lt_screen_top(FILE *fp, const struct lt_screen *s, struct lt_live *l)
{
	struct lt_metrics m;
	char buf[512], when[32];
	time_t tt;

	lt_live_metrics(l, &m);
	if (m.empty)
		snprintf(when, sizeof(when), "no events yet");
	else {
		tt = (time_t)m.last_update;
		strftime(when, sizeof(when), "last %H:%M:%S",
		    localtime(&tt));
	}
	/* The logs and the news on the left, the way out on the right. */
	snprintf(buf, sizeof(buf), "lt watch  %s  %llu events  %s",
	    s->title, m.empty ? 0ULL : m.total_learning_events, when);
	if (fprintf(fp, "%-*.*s%s\n", s->width > 9 ? s->width - 9 : 0,
	    s->width > 9 ? s->width - 9 : 0, buf, s->width > 9 ?
	    "  q quits" : "") < 0)
		return -1;
	return lt_screen_tasks(fp, s, l);
}

int
lt_screen_tasks(FILE *fp, const struct lt_screen *s, struct lt_live *l)
{
	const struct lt_tasktab *t = lt_live_tasks(l);
	const struct lt_trend *tr;
	struct lt_trends *trends;
	struct lt_error err;
	char buf[512], latest[32], best[32], p[32];
	size_t i, k;
	int rows = 0, namew;

	namew = s->width - 60 > 12 ? 24 < s->width - 60 ? 24 :
	    s->width - 60 : 12;
	snprintf(buf, sizeof(buf), "%-*s %7s %9s %9s  %-17s %10s", namew,
	    "task", "events", "latest", "best", "trend (last 50)", "p");
	if (line(fp, s, buf) != 0)
		return -1;
	trends = lt_live_trend(l, NULL, LT_LIVE_TREND_WINDOW, &err);
	for (i = 0; i < t->n && rows < s->task_rows; i++) {
		if (!shown(s, t->names[i]))
			continue;
		tr = NULL;
		for (k = 0; trends != NULL && k < trends->n; k++)
			if (strcmp(trends->v[k].task, t->names[i]) == 0)
				tr = &trends->v[k].trend;
		fmt_num(lt_live_latest(l, i), latest, sizeof(latest));
		fmt_num(lt_live_best(l, i), best, sizeof(best));
		if (tr != NULL && tr->enough)
			lt_stats_format_p(tr->p_value, p, sizeof(p));
		else
			snprintf(p, sizeof(p), "-");
		snprintf(buf, sizeof(buf), "%-*.*s %7zu %9s %9s  %-17s %10s",
		    namew, namew, t->names[i], lt_live_count(l, i), latest,
		    best, tr != NULL ? lt_trend_direction(tr) : "-", p);
		if (line(fp, s, buf) != 0)
			break;
		rows++;
	}
	lt_trends_free(trends);
	return rows < s->task_rows && i < t->n ? -1 : 0;
}

/* s as a gnuplot single-quoted string's text: a quote is doubled. */
static void
quoted(struct lt_buf *out, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			lt_buf_addc(out, '\'');
		lt_buf_addc(out, *s);
	}
}

int
lt_screen_plot_script(const struct lt_screen *s, struct lt_live *l,
    struct lt_buf *out, struct lt_error *err)
{
	const struct lt_tasktab *t = lt_live_tasks(l);
	struct lt_buf data;
	struct lt_curve *c;
	double lo = INFINITY, hi = -INFINITY;
	size_t i, j, n = 0;

	/* gnuplot's text terminal starts with a form feed, a line of its
	 * own on a terminal: the figure is one row shorter. */
	lt_buf_init(&data);
	for (i = 0; i < t->n; i++) {
		if (!shown(s, t->names[i]))
			continue;
		if ((c = lt_live_curve(l, t->names[i], LT_LIVE_CURVE_WINDOW,
		    NULL, err)) == NULL)
			continue;
		lt_buf_printf(&data, "$d%zu << EOD\n", i);
		for (j = 0; j < c->n; j++)
			lt_buf_printf(&data, "%.6f %.17g\n", c->pts[j].ts,
			    c->pts[j].y);
		lt_buf_printf(&data, "EOD\n");
		if (c->pts[0].ts < lo)
			lo = c->pts[0].ts;
		if (c->pts[c->n - 1].ts > hi)
			hi = c->pts[c->n - 1].ts;
		lt_curve_free(c);
		n++;
	}
	if (n == 0) {
		lt_buf_release(&data);
		return lt_error_set(err, "no events to draw yet");
	}
	/* Times as a person reads them at that span. */
	if (s->sixel)
		lt_buf_printf(out, "set terminal sixelgd size %d,%d "
		    "truecolor\n", s->width * s->cell_w,
		    (s->plot_rows - 1) * s->cell_h);
	else
		lt_buf_printf(out, "set terminal dumb size %d,%d noenhanced "
		    "nofeed\n", s->width, s->plot_rows - 1);
	lt_buf_printf(out, "set encoding utf8\nset xdata time\n"
	    "set timefmt '%%s'\nset format x '%s' timedate\n"
	    "set key top left horizontal samplen 1\nset border 3\n"
	    "set tics nomirror\n", hi - lo > 2 * 86400 ? "%d %b" :
	    hi - lo > 600 ? "%H:%M" : "%H:%M:%S");
	/* A label every 14 columns or so, so that labels never touch. */
	if (hi > lo)
		lt_buf_printf(out, "set xtics %.17g\n", (hi - lo) /
		    (s->width / 14 > 1 ? s->width / 14 : 1));
	lt_buf_add(out, data.data, data.len);
	lt_buf_release(&data);
	lt_buf_printf(out, "plot");
	for (i = 0, j = 0; i < t->n; i++) {
		if (!shown(s, t->names[i]))
			continue;
		lt_buf_printf(out, "%s $d%zu using 1:2 with lines title '",
		    j++ ? "," : "", i);
		quoted(out, t->names[i]);
		lt_buf_printf(out, "'");
	}
	lt_buf_printf(out, "\n");
	return 0;
}

int
lt_screen_goals(FILE *fp, const struct lt_screen *s, const struct lt_live *l)
{
	const struct lt_goals *g = lt_live_goals(l);
	const struct lt_goal *goal;
	char buf[512], bar[256], cur[32], target[32];
	int i, barw, fill, k;

	if (s->goal_rows == 0 || g == NULL)
		return 0;
	if (line(fp, s, "goals") != 0)
		return -1;
	barw = s->width - 16 - 30;
	if (barw > (int)sizeof(bar) - 3)
		barw = (int)sizeof(bar) - 3;
	for (i = 0; i < s->goal_rows - 1 && (size_t)i < lt_goals_count(g);
	    i++) {
		goal = lt_goals_at(g, (size_t)i);
		fill = barw > 0 ? (int)(goal->percentage / 100 * barw + 0.5) :
		    0;
		bar[0] = '\0';
		if (barw > 0) {
			bar[0] = '[';
			for (k = 0; k < barw; k++)
				bar[1 + k] = k < fill ? '#' : '.';
			bar[1 + barw] = ']';
			bar[2 + barw] = '\0';
		}
		fmt_num(goal->current, cur, sizeof(cur));
		fmt_num(goal->target, target, sizeof(target));
		snprintf(buf, sizeof(buf), "%-15.15s %s %5.1f %%  %s of %s%s",
		    goal->id, bar, goal->percentage, cur, target,
		    goal->completed ? "  done" : "");
		if (line(fp, s, buf) != 0)
			return -1;
	}
	return 0;
}
