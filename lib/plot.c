/*
 * plot.c - the learning-progress figure: down-sampled curves, the score
 * histogram, the gnuplot script, and gnuplot run through a pipe.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "num.h"
#include "plot.h"
#include "scan.h"
#include "stats.h"
#include "tasktab.h"
#include "tempfile.h"

/* An event of a curve: its time, value, index within its task and
 * episode. */
struct pt {
	double		t, y;
	uint64_t	i;
	double		e;
};

/* width consecutive events of a task (fewer in the last bucket). */
struct bucket {
	struct pt	smin, smax;	/* performance_score */
	struct pt	lmin, lmax;	/* learning_rate */
	double		et, ey;		/* the EMA at the last event */
	double		ee;
	uint64_t	n;
};

struct task {
	const char	*name;		/* borrowed from the table */
	size_t		 len;		/* of name */
	uint64_t	 n;		/* events */
	struct bucket	*b;
	size_t		 nb, cap;
	uint64_t	 width;		/* events per full bucket */
	struct lt_ema	 ema;
	int		 drawn;
	int		 order;		/* its times only keep order */
	double		 t0, tend;	/* its first and last times */
	double		 tmin, tmax;	/* its earliest and latest times */
	double		 emin, emax;	/* its lowest and highest episodes */
	struct lt_fpoints fp;		/* every point, for the forecast */
	struct lt_forecast_task *fc;	/* drawn, with a forecast asked */
	size_t		 hist;		/* its score name's histogram */
	enum lt_stats_mode mode;	/* its direction */
	struct pt	 best;		/* its best score in mode */
};

/* The histogram of the scores of one score name: exact values first,
 * then fine bins. */
struct hist {
	const char	*name;		/* borrowed from lt_plot.hnames */
	double		*exact;
	size_t		 nexact;
	uint64_t	*fine;
	double		 flo, fw;
	uint64_t	 nscores;
	double		 smin, smax, sum, comp;
};

struct lt_plot {
	const struct lt_plot_opts *o;
	struct task	*tasks;
	size_t		 ntasks, cap;
	size_t		 last;		/* the task of the last event */
	struct lt_tasktab names;	/* names[i] is tasks[i]'s */

	/* A histogram a score name, never pooled across names (one, of
	 * the metric, with --metric). */
	struct hist	*h;
	size_t		 nh, hcap;
	struct lt_tasktab hnames;
	uint64_t	 nscores;	/* of every name */
	/* The span of the tasks drawn, the x axis's (lt_plot_script). */
	double		 tmin, tmax;
	double		 emin, emax;	/* episodes */
	int		 by_step;	/* x is the episode, not the time */
	int		 forced;	/* ... because times only keep order */
	struct lt_metric metric;	/* o->metric's, when given */
	size_t		 ndrawn;	/* tasks drawn, of ntasks */
	int		 three;		/* the figure without goals */
	int		 wide;		/* this panel spans the figure */
	double		 fc_hi;		/* the forecasts' end on x: Unix
					   seconds, or an episode */
	double		 fc_ylo, fc_yhi; /* their curves' and targets' y */
};

/* Colours of the tasks' lines, cycled. */
static const char *const colours[] = {
	"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
	"#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"
};
#define NCOLOURS (sizeof(colours) / sizeof(colours[0]))

#define GOAL_RED	"#d62728"
#define GOAL_ORANGE	"#ff7f0e"
#define GOAL_GREEN	"#2ca02c"

int
lt_plot_panel_lookup(const char *name)
{
	static const char *const names[] = { "curves", "hist", "lr",
	    "goals" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return LT_PANEL_CURVES + (int)i;
	return -1;
}

int
lt_plot_x_lookup(const char *name)
{
	static const char *const names[] = { "time", "elapsed", "episode" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return LT_PLOT_X_TIME + (int)i;
	return -1;
}

int
lt_plot_term_for(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot == NULL || strchr(dot, '/') != NULL)
		return -1;
	if (strcasecmp(dot, ".png") == 0)
		return LT_TERM_PNG;
	if (strcasecmp(dot, ".svg") == 0)
		return LT_TERM_SVG;
	if (strcasecmp(dot, ".pdf") == 0)
		return LT_TERM_PDF;
	return -1;
}

/* The histogram of the score name of task, made when first needed. */
static size_t
hist_of(struct lt_plot *p, const char *task)
{
	const char *name = p->o->metric != NULL ? p->o->metric :
	    lt_taskinfo_score_name(p->o->facts == NULL ? NULL :
	    lt_taskinfos_get(p->o->facts, task));
	struct hist *h;
	size_t i;
	int added;

	i = lt_tasktab_intern(&p->hnames, name, strlen(name), &added);
	if (!added)
		return i;
	p->h = lt_xgrow(p->h, &p->hcap, i, sizeof(*p->h));
	h = &p->h[i];
	h->name = p->hnames.names[i];
	h->exact = lt_xmalloc(LT_PLOT_EXACT * sizeof(*h->exact));
	h->smin = HUGE_VAL;
	h->smax = -HUGE_VAL;
	p->nh = i + 1;
	return i;
}

static struct task *
task_add(struct lt_plot *p, const char *name, size_t len)
{
	struct task *t;
	size_t i;
	int added;

	i = lt_tasktab_intern(&p->names, name, len, &added);
	if (p->ntasks == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 8;
		p->tasks = lt_xrealloc(p->tasks, p->cap * sizeof(*p->tasks));
	}
	t = &p->tasks[p->ntasks++];
	memset(t, 0, sizeof(*t));
	t->name = p->names.names[i];
	t->len = len;
	t->width = 1;
	lt_fpoints_init(&t->fp);
	t->order = p->o->facts != NULL && lt_taskinfos_get(p->o->facts,
	    t->name) != NULL && lt_taskinfos_get(p->o->facts,
	    t->name)->times_order;
	t->hist = hist_of(p, t->name);
	t->mode = lt_taskinfo_mode_for(p->o->facts, p->o->mode, p->o->metric,
	    t->name);
	t->best.y = NAN;
	/* The weight was checked by lt_plot_new. */
	(void)lt_ema_init(&t->ema, p->o->smooth ? p->o->alpha : 0, NULL);
	return t;
}

struct lt_plot *
lt_plot_new(const struct lt_plot_opts *o, struct lt_error *err)
{
	struct lt_plot *p;
	struct lt_ema probe;
	size_t i;

	if (o->smooth && lt_ema_init(&probe, o->alpha, err) != 0)
		return NULL;
	p = lt_xcalloc(1, sizeof(*p));
	p->o = o;
	p->tmin = p->emin = p->fc_ylo = HUGE_VAL;
	p->tmax = p->emax = p->fc_yhi = p->fc_hi = -HUGE_VAL;
	if (o->metric != NULL)
		lt_metric_init(&p->metric, o->metric);
	/* Named tasks come first, in the order named, once each. */
	for (i = 0; i < o->ntasks; i++)
		if (lt_tasktab_find(&p->names, o->tasks[i],
		    strlen(o->tasks[i])) == -1)
			task_add(p, o->tasks[i], strlen(o->tasks[i]));
	return p;
}

void
lt_plot_free(struct lt_plot *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->ntasks; i++) {
		free(p->tasks[i].b);
		lt_fpoints_release(&p->tasks[i].fp);
		lt_forecast_task_free(p->tasks[i].fc);
	}
	free(p->tasks);
	lt_tasktab_release(&p->names);
	for (i = 0; i < p->nh; i++) {
		free(p->h[i].exact);
		free(p->h[i].fine);
	}
	free(p->h);
	lt_tasktab_release(&p->hnames);
	if (p->o->metric != NULL)
		lt_metric_release(&p->metric);
	free(p);
}

/* Up to this many tasks, task_find looks through them in turn: cheaper
 * than hashing the name of each of millions of events. */
#define FEW_TASKS	8

/* Whether ev is of task t; names that differ mostly differ in their last
 * byte (task1, task2), tested before memcmp is called. */
static int
task_is(const struct task *t, const struct lt_event *ev)
{
	return t->len == ev->task_len && (t->len == 0 ||
	    t->name[t->len - 1] == ev->task[t->len - 1]) &&
	    memcmp(t->name, ev->task, ev->task_len) == 0;
}

static struct task *
task_find(struct lt_plot *p, const struct lt_event *ev)
{
	long i;

	if (p->ntasks > 0 && task_is(&p->tasks[p->last], ev))
		return &p->tasks[p->last];
	if (p->ntasks <= FEW_TASKS) {
		for (i = 0; i < (long)p->ntasks; i++)
			if (task_is(&p->tasks[i], ev))
				break;
		if (i == (long)p->ntasks)
			i = -1;
	} else
		i = lt_tasktab_find(&p->names, ev->task, ev->task_len);
	if (i != -1) {
		p->last = (size_t)i;
		return &p->tasks[p->last];
	}
	if (p->o->ntasks > 0)
		return NULL;
	p->last = p->ntasks;
	return task_add(p, ev->task, ev->task_len);
}

/* Keep the lower (first on ties) and the higher (first on ties). */
static void
pt_min(struct pt *a, const struct pt *b)
{
	if (b->y < a->y)
		*a = *b;
}

static void
pt_max(struct pt *a, const struct pt *b)
{
	if (b->y > a->y)
		*a = *b;
}

/* Merge neighbouring buckets in pairs: half as many, twice as wide. */
static void
task_halve(struct task *t)
{
	size_t k;

	for (k = 0; k < t->nb / 2; k++) {
		struct bucket m = t->b[2 * k];
		const struct bucket *b = &t->b[2 * k + 1];

		pt_min(&m.smin, &b->smin);
		pt_max(&m.smax, &b->smax);
		pt_min(&m.lmin, &b->lmin);
		pt_max(&m.lmax, &b->lmax);
		m.et = b->et;
		m.ey = b->ey;
		m.ee = b->ee;
		m.n += b->n;
		t->b[k] = m;
	}
	t->nb /= 2;
	t->width *= 2;
}

static void
task_push(struct task *t, double time, double ep, double score, double lr,
    double ema)
{
	struct pt s = { time, score, t->n, ep }, l = { time, lr, t->n, ep };
	struct bucket *b;

	if (t->n == 0) {
		t->t0 = t->tmin = t->tmax = time;
		t->emin = t->emax = ep;
	}
	/* Comparisons, not fmin and fmax, which are calls to libm: time is
	 * finite (lt_plot_add), and so is an episode. */
	t->tend = time;
	if (time < t->tmin)
		t->tmin = time;
	if (time > t->tmax)
		t->tmax = time;
	if (ep < t->emin)
		t->emin = ep;
	if (ep > t->emax)
		t->emax = ep;
	if (t->nb == 0 || t->b[t->nb - 1].n == t->width) {
		if (t->nb == LT_PLOT_BUCKETS)
			task_halve(t);
		if (t->nb == t->cap) {
			t->cap = t->cap ? 2 * t->cap : 16;
			t->b = lt_xrealloc(t->b, t->cap * sizeof(*t->b));
		}
		b = &t->b[t->nb++];
		b->smin = b->smax = s;
		b->lmin = b->lmax = l;
		b->n = 0;
	} else {
		b = &t->b[t->nb - 1];
		pt_min(&b->smin, &s);
		pt_max(&b->smax, &s);
		pt_min(&b->lmin, &l);
		pt_max(&b->lmax, &l);
	}
	b->et = time;
	b->ey = ema;
	b->ee = ep;
	b->n++;
	t->n++;
}

/* Widen the fine bins until y falls in them: up, or down, by doubling. */
static void
fine_cover(struct hist *p, double y)
{
	uint64_t tmp[LT_PLOT_FINE];
	size_t k, h = LT_PLOT_FINE / 2;

	while (y >= p->flo + p->fw * LT_PLOT_FINE) {
		for (k = 0; k < h; k++)
			p->fine[k] = p->fine[2 * k] + p->fine[2 * k + 1];
		memset(p->fine + h, 0, h * sizeof(*p->fine));
		p->fw *= 2;
	}
	while (y < p->flo) {
		memset(tmp, 0, h * sizeof(*tmp));
		for (k = 0; k < h; k++)
			tmp[h + k] = p->fine[2 * k] + p->fine[2 * k + 1];
		memcpy(p->fine, tmp, sizeof(tmp));
		p->flo -= p->fw * LT_PLOT_FINE;
		p->fw *= 2;
	}
}

static void
fine_add(struct hist *p, double y)
{
	double x;
	long k;

	fine_cover(p, y);
	/* The bin is floor(x) kept in [0, LT_PLOT_FINE): below 0 it is 0,
	 * and from 0 on the cast is floor, without a call to libm. */
	x = (y - p->flo) / p->fw;
	k = x < 0 ? 0 : (long)x;
	if (k >= LT_PLOT_FINE)
		k = LT_PLOT_FINE - 1;
	p->fine[k]++;
}

/* Past LT_PLOT_EXACT scores, count them in fine bins instead. */
static void
fine_start(struct hist *p)
{
	double range = p->smax - p->smin;
	size_t i;

	if (!(range > 0))
		range = (p->smin != 0 ? fabs(p->smin) : 1) * 1e-6;
	p->fine = lt_xcalloc(LT_PLOT_FINE, sizeof(*p->fine));
	p->flo = p->smin;
	p->fw = range / (LT_PLOT_FINE - 1);
	for (i = 0; i < p->nexact; i++)
		fine_add(p, p->exact[i]);
	free(p->exact);
	p->exact = NULL;
	p->nexact = 0;
}

static void
hist_add(struct hist *p, double y)
{
	double s = p->sum + y;

	/* Neumaier's compensated sum: the mean of 10^7 scores stays exact
	 * to the last digits. */
	if (fabs(p->sum) >= fabs(y))
		p->comp += (p->sum - s) + y;
	else
		p->comp += (y - s) + p->sum;
	p->sum = s;
	p->nscores++;
	if (y < p->smin)
		p->smin = y;
	if (y > p->smax)
		p->smax = y;
	if (p->fine == NULL) {
		if (p->nexact < LT_PLOT_EXACT) {
			p->exact[p->nexact++] = y;
			return;
		}
		fine_start(p);
	}
	fine_add(p, y);
}

void
lt_plot_add(struct lt_plot *p, const struct lt_event *ev)
{
	struct task *t;
	double ema, y;

	y = p->o->metric != NULL ? lt_metric_of(&p->metric, ev) : ev->score;
	if (!isfinite(ev->timestamp) || !isfinite(y) ||
	    (t = task_find(p, ev)) == NULL)
		return;
	ema = p->o->smooth ? lt_ema_push(&t->ema, y) : y;
	task_push(t, ev->timestamp, (double)ev->episode, y, ev->lr, ema);
	if (p->o->forecast)
		lt_fpoints_add(&t->fp, ev->timestamp, (double)ev->episode, y);
	hist_add(&p->h[t->hist], y);
	p->nscores++;
	if (t->best.y != t->best.y || (t->mode == LT_STATS_MIN ?
	    y < t->best.y : y > t->best.y)) {
		t->best.t = ev->timestamp;
		t->best.y = y;
		t->best.e = (double)ev->episode;
		t->best.i = t->n - 1;
	}
}

/*
 * The script.
 */

/* Unix time t as gnuplot should show it: local time, as seconds. */
static double
local_secs(double t)
{
	time_t s = (time_t)floor(t);
	struct tm tm;

	if (localtime_r(&s, &tm) == NULL)
		return t;
	return t + (double)tm.tm_gmtoff;
}

static void
put_num(struct lt_buf *out, double x)
{
	char buf[LT_NUM_BUFSZ];

	lt_num_format(x, buf);
	lt_buf_adds(out, buf);
}

/* The x of a task's point s (the task's first time t0). */
static double
x_of(const struct lt_plot *p, const struct pt *s, double t0)
{
	if (p->by_step)
		return s->e;
	if (p->o->x == LT_PLOT_X_ELAPSED)
		return s->t - t0;
	return local_secs(s->t);
}

static void
put_pt(const struct lt_plot *p, struct lt_buf *out, const struct pt *s,
    double t0)
{
	put_num(out, x_of(p, s, t0));
	lt_buf_addc(out, ' ');
	put_num(out, s->y);
	lt_buf_addc(out, '\n');
}

/* s inside a gnuplot single-quoted string, then end: the quote is
 * doubled; a control character (a newline a log's JSON may hold in a
 * task's name), which would end the command, is written as '?', as in
 * put_comment. */
static void
put_bare(struct lt_buf *out, const char *s, const char *end)
{
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			lt_buf_addc(out, '\'');
		lt_buf_addc(out, (unsigned char)*s < 0x20 || *s == 0x7f ?
		    '?' : *s);
	}
	lt_buf_adds(out, end);
}

/* A gnuplot single-quoted string. */
static void
put_str(struct lt_buf *out, const char *s)
{
	lt_buf_addc(out, '\'');
	put_bare(out, s, "'");
}

/* The minimum and maximum of a bucket, in the order they came. */
static void
put_pair(const struct lt_plot *p, struct lt_buf *out, const struct pt *lo,
    const struct pt *hi, double t0)
{
	const struct pt *a = lo->i <= hi->i ? lo : hi;
	const struct pt *b = a == lo ? hi : lo;

	put_pt(p, out, a, t0);
	if (b->i != a->i)
		put_pt(p, out, b, t0);
}

/* s in a comment, which ends at the line's end: a control character (a
 * newline a log's JSON may hold) is written as '?', so that what follows
 * it is not read as a command. */
static void
put_comment(struct lt_buf *out, const char *s)
{
	for (; *s != '\0'; s++)
		lt_buf_addc(out, (unsigned char)*s < 0x20 || *s == 0x7f ?
		    '?' : *s);
}

static void
put_curves(struct lt_plot *p, struct lt_buf *out)
{
	size_t i, k, np, n = 0;

	for (i = 0; i < p->ntasks; i++) {
		struct task *t = &p->tasks[i];

		if (!t->drawn)
			continue;
		n++;
		/* What stands for what: gnuplot gets points, not events. */
		for (k = 0, np = 0; k < t->nb; k++)
			np += t->b[k].smin.i != t->b[k].smax.i ? 2 : 1;
		lt_buf_adds(out, "# ");
		put_comment(out, t->name);
		lt_buf_printf(out, ": %llu events as %zu points: %zu "
		    "buckets of %llu event%s (the last %llu), each drawn by "
		    "its lowest and highest score\n",
		    (unsigned long long)t->n, np, t->nb,
		    (unsigned long long)t->width, t->width == 1 ? "" : "s",
		    t->nb > 0 ? (unsigned long long)t->b[t->nb - 1].n : 0ULL);
		lt_buf_printf(out, "$score%zu << EOD\n", n);
		for (k = 0; k < t->nb; k++)
			put_pair(p, out, &t->b[k].smin, &t->b[k].smax, t->t0);
		lt_buf_adds(out, "EOD\n");
		lt_buf_printf(out, "$lr%zu << EOD\n", n);
		for (k = 0; k < t->nb; k++)
			put_pair(p, out, &t->b[k].lmin, &t->b[k].lmax, t->t0);
		lt_buf_adds(out, "EOD\n");
		/* The best score in the task's direction, marked. */
		lt_buf_printf(out, "$best%zu << EOD\n", n);
		put_pt(p, out, &t->best, t->t0);
		lt_buf_adds(out, "EOD\n");
		if (!p->o->smooth)
			continue;
		lt_buf_printf(out, "$ema%zu << EOD\n", n);
		for (k = 0; k < t->nb; k++) {
			struct pt e = { t->b[k].et, t->b[k].ey, 0,
			    t->b[k].ee };

			put_pt(p, out, &e, t->t0);
		}
		lt_buf_adds(out, "EOD\n");
	}
}

/* The data block of the n-th histogram: $hist, $hist2, ... */
static void
hist_name(struct lt_buf *out, size_t n)
{
	lt_buf_adds(out, "$hist");
	if (n > 1)
		lt_buf_printf(out, "%zu", n);
}

/* The histogram's bins, from the lowest score to the highest, as the
 * n-th data block (hist_name). */
static void
put_hist(struct hist *p, size_t n, struct lt_buf *out, double *binlo,
    double *binw, uint64_t *maxcount)
{
	uint64_t count[LT_PLOT_BINS] = { 0 };
	double lo = p->smin, hi = p->smax, w, y;
	size_t i;
	long k;

	if (!(hi > lo)) {
		w = 0.1 * (lo != 0 ? fabs(lo) : 1);
		lo -= w / 2;
		hi += w / 2;
	}
	w = (hi - lo) / LT_PLOT_BINS;
	for (i = 0; i < (p->fine ? (size_t)LT_PLOT_FINE : p->nexact); i++) {
		if (p->fine != NULL) {
			if (p->fine[i] == 0)
				continue;
			y = p->flo + (i + 0.5) * p->fw;
		} else
			y = p->exact[i];
		k = (long)floor((y - lo) / w);
		if (k < 0)
			k = 0;
		if (k >= LT_PLOT_BINS)
			k = LT_PLOT_BINS - 1;
		count[k] += p->fine ? p->fine[i] : 1;
	}
	hist_name(out, n);
	lt_buf_adds(out, " << EOD\n");
	for (k = 0; k < LT_PLOT_BINS; k++) {
		put_num(out, lo + (k + 0.5) * w);
		lt_buf_printf(out, " %llu\n", (unsigned long long)count[k]);
	}
	lt_buf_adds(out, "EOD\n");
	for (k = 0; k < LT_PLOT_BINS; k++)
		if (count[k] > *maxcount)
			*maxcount = count[k];
	*binlo = lo;
	*binw = w;
}

static void
put_goals(const struct lt_plot_opts *o, struct lt_buf *out)
{
	size_t i;
	const char *s;

	if (o->ngoals == 0)
		return;
	lt_buf_adds(out, "$goals << EOD\n");
	/* gnuplot stacks rows upwards: the last first puts the first goal on
	 * top, where it is read first. */
	for (i = o->ngoals; i-- > 0;) {
		double pct = o->goals[i].pct;
		char label[32];

		if (!(pct >= 0))
			pct = 0;
		if (pct > 100)
			pct = 100;
		/* Truncated, so that 99.96 % is not shown as done. */
		if (pct >= 100)
			snprintf(label, sizeof(label), "100%%");
		else {
			snprintf(label, sizeof(label), "%.1f",
			    floor(pct * 10) / 10);
			if ((s = strstr(label, ".0")) != NULL && s[2] == '\0')
				label[s - label] = '\0';
			strcat(label, "%");
		}
		lt_buf_addc(out, '"');
		for (s = o->goals[i].id; *s != '\0'; s++)
			if (*s != '"' && *s != '\\')
				lt_buf_addc(out, *s);
		lt_buf_adds(out, "\" ");
		put_num(out, pct);
		lt_buf_printf(out, " 0x%s \"%s\"\n", (pct < 50 ? GOAL_RED :
		    pct < 100 ? GOAL_ORANGE : GOAL_GREEN) + 1, label);
	}
	lt_buf_adds(out, "EOD\n");
}

/* A tick step giving about n ticks over span seconds. */
static double
time_step(double span, int n)
{
	static const double steps[] = {
		0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900,
		1800, 3600, 7200, 10800, 21600, 43200, 86400, 2 * 86400,
		3 * 86400, 4 * 86400, 7 * 86400, 14 * 86400, 28 * 86400,
		56 * 86400, 91 * 86400,
		182 * 86400, 364 * 86400
	};
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (span / steps[i] <= n)
			return steps[i];
	return 364 * 86400 * ceil(span / n / (364 * 86400));
}

/* Ticks on the first of every k months, lo and hi being local time as
 * seconds: months are not all as long, so no fixed step lands on them. */
static void
put_month_tics(struct lt_buf *out, double lo, double hi, int n)
{
	static const int ks[] = { 1, 2, 3, 6, 12, 24, 60, 120 };
	time_t s = (time_t)floor(lo);
	struct tm tm;
	double months = (hi - lo) / (30.44 * 86400), t;
	size_t i;
	int k = 240;
	const char *sep = "";

	for (i = 0; i < sizeof(ks) / sizeof(ks[0]); i++)
		if (months / ks[i] <= n) {
			k = ks[i];
			break;
		}
	gmtime_r(&s, &tm);
	tm.tm_mday = 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	/* Align to k months within the year, so quarters start in Jan. */
	tm.tm_mon -= tm.tm_mon % (k < 12 ? k : 12);
	lt_buf_adds(out, "set xtics (");
	for (i = 0; i < 1000; i++) {
		t = (double)timegm(&tm);
		if (t > hi)
			break;
		if (t >= lo) {
			lt_buf_adds(out, sep);
			put_num(out, t);
			sep = ", ";
		}
		tm.tm_mon += k;
	}
	lt_buf_adds(out, ")\n");
}

/* The episodes on x: asked for, or for tasks whose times only keep
 * order; with fc, as far as the forecasts go. */
static void
put_step_axis(struct lt_plot *p, struct lt_buf *out, int fc)
{
	double lo = p->emin, hi = fc ? fmax(p->emax, p->fc_hi) : p->emax;

	if (!(hi > lo)) {
		lo -= 1;
		hi += 1;
	}
	lt_buf_adds(out, "set xrange [");
	put_num(out, lo);
	lt_buf_addc(out, ':');
	put_num(out, hi);
	lt_buf_printf(out, "]\nset xlabel 'episode%s'\n", p->forced ?
	    "_count (a source had no times)" : "");
}

/* About how many ticks fit on the x axis of a panel. */
static int
x_ticks(const struct lt_plot *p)
{
	int n;

	int half = p->o->panel == LT_PANEL_ALL && !p->wide;

	if (p->o->term == LT_TERM_DUMB)
		n = p->o->width / (half ? 36 : 18);
	else
		n = p->o->width / (half ? 200 : 100);
	return n < 2 ? 2 : n;
}

/* The time since each drawn task's first event, from 0 to the longest
 * task's span: as h:mm from an hour, m:ss under it, tenths of a second
 * under ten seconds, so that no two ticks read the same. */
static void
put_elapsed_axis(struct lt_plot *p, struct lt_buf *out)
{
	double span = 0;
	const char *fmt = "%tH:%tM", *unit = "h:mm";
	size_t i;

	for (i = 0; i < p->ntasks; i++)
		if (p->tasks[i].drawn)
			span = fmax(span, p->tasks[i].tend - p->tasks[i].t0);
	if (!(span > 0))
		span = 1;
	if (span < 10) {
		fmt = "%tM:%.1tS";
		unit = "m:ss.s";
	} else if (span < 3600) {
		fmt = "%tM:%tS";
		unit = "m:ss";
	}
	lt_buf_printf(out, "set format x '%s' time\nset xtics ", fmt);
	put_num(out, time_step(span, x_ticks(p)));
	lt_buf_adds(out, "\nset xrange [0:");
	put_num(out, span);
	lt_buf_printf(out, "]\nset xlabel 'time since each run''s first "
	    "event (%s)'\n", unit);
}

/* The x axis: episodes, time since the start, or the time of day with
 * its range, ticks and their format chosen from the span; with fc, as far
 * as the forecasts go. */
static void
put_time_axis(struct lt_plot *p, struct lt_buf *out, int fc)
{
	double lo = local_secs(p->tmin), hi = local_secs(fc ?
	    fmax(p->tmax, p->fc_hi) : p->tmax);
	double span = hi - lo, step;
	const char *fmt;
	char start[64], zone[16];
	time_t s = (time_t)floor(p->tmin);
	struct tm tm;
	int nticks;

	if (p->by_step) {
		put_step_axis(p, out, fc);
		return;
	}
	if (p->o->x == LT_PLOT_X_ELAPSED) {
		put_elapsed_axis(p, out);
		return;
	}
	if (span <= 0) {
		lo -= 1;
		hi += 1;
		span = 2;
	}
	if (span < 10)
		fmt = "%H:%M:%.1S";
	else if (span < 3600)
		fmt = "%H:%M:%S";
	else if (span < 86400)
		fmt = "%H:%M";
	else if (span < 4 * 86400)
		fmt = "%d %b %H:%M";
	else if (span < 300 * 86400)
		fmt = "%d %b";
	else
		fmt = "%b %Y";
	nticks = x_ticks(p);
	localtime_r(&s, &tm);
	strftime(start, sizeof(start), "%Y-%m-%d %H:%M:%S", &tm);
	strftime(zone, sizeof(zone), "%Z", &tm);
	lt_buf_adds(out, "set xdata time\nset timefmt '%s'\n");
	lt_buf_printf(out, "set format x '%s' timedate\n", fmt);
	if (span >= 56 * 86400)
		put_month_tics(out, lo, hi, nticks);
	else {
		/* Dates without hours: a tick a day at most, or two ticks
		 * would read the same. */
		step = time_step(span, nticks);
		if (span >= 4 * 86400 && step < 86400)
			step = 86400;
		lt_buf_adds(out, "set xtics ");
		put_num(out, step);
		lt_buf_addc(out, '\n');
	}
	lt_buf_adds(out, "set xrange [");
	put_num(out, lo);
	lt_buf_addc(out, ':');
	put_num(out, hi);
	lt_buf_printf(out, "]\nset xlabel 'time (%s), from %s'\n", zone,
	    start);
}

/* The legend, outside the data, where it hides no curve: at the right
 * of the plot on an image, above it in text, where columns are few;
 * below it on an image where the panel is a quarter of the figure (with
 * goals), whose width a legend at the right would halve. */
static void
put_key(const struct lt_plot_opts *o, int quarter, struct lt_buf *out)
{
	if (o->term == LT_TERM_DUMB)
		lt_buf_adds(out, "set key above horizontal samplen 2\n");
	else if (quarter)
		lt_buf_adds(out, "set key outside below center horizontal Left "
		    "reverse samplen 2\n");
	else
		lt_buf_adds(out, "set key outside right top vertical Left "
		    "reverse samplen 2 box\n");
}

/* Where a panel goes in the figure without goals: the curves across the
 * top, the histogram and the learning rate side by side below.  The 2x2
 * figure and a panel alone are placed by gnuplot. */
static void
put_place(struct lt_plot *p, struct lt_buf *out, enum lt_plot_panel panel)
{
	p->wide = p->three && panel == LT_PANEL_CURVES;
	if (!p->three)
		return;
	switch (panel) {
	case LT_PANEL_CURVES:
		lt_buf_adds(out, "set origin 0,0.47\nset size 1,0.49\n");
		break;
	case LT_PANEL_HIST:
		lt_buf_adds(out, "set origin 0,0\nset size 0.5,0.47\n");
		break;
	default:
		lt_buf_adds(out, "set origin 0.5,0\nset size 0.5,0.47\n");
		break;
	}
}

/* What the curves' values are: the metric asked for, or the score. */
static const char *
y_name(const struct lt_plot *p)
{
	return p->o->metric != NULL ? p->o->metric : "performance score";
}

/* A grid helps on an image; in characters it is only noise. */
static void
put_grid(const struct lt_plot_opts *o, struct lt_buf *out, const char *which)
{
	if (o->term != LT_TERM_DUMB)
		lt_buf_printf(out, "set grid%s\n", which);
}

/* A y range with a margin, so a flat line does not sit on the border. */
static void
put_yrange(struct lt_buf *out, double lo, double hi, int logscale)
{
	double m;

	if (logscale) {
		lo /= 1.5;
		hi *= 1.5;
	} else {
		m = hi > lo ? (hi - lo) * 0.05 : (lo != 0 ? fabs(lo) : 1) *
		    0.05;
		lo -= m;
		hi += m;
	}
	lt_buf_adds(out, "set yrange [");
	put_num(out, lo);
	lt_buf_addc(out, ':');
	put_num(out, hi);
	lt_buf_adds(out, "]\n");
}

/* "#rrggbb" blended halfway and more toward white, into out[8]: a faded
 * line without transparency, which not every SVG renderer gets right. */
static void
lighten(const char *colour, char out[8])
{
	unsigned long rgb = strtoul(colour + 1, NULL, 16), c[3];
	int i;

	for (i = 0; i < 3; i++) {
		c[i] = (rgb >> (16 - 8 * i)) & 0xff;
		c[i] += (255 - c[i]) * 55 / 100;
	}
	snprintf(out, 8, "#%02lx%02lx%02lx", c[0], c[1], c[2]);
}

/* "Learning curves", the EMA in text, and "5 of 11 tasks (--task to
 * choose)" when not every task is drawn. */
static void
put_curves_title(const struct lt_plot *p, struct lt_buf *out)
{
	char t[160];
	int n;

	n = snprintf(t, sizeof(t), "Learning curves");
	if (p->o->term == LT_TERM_DUMB && p->o->smooth)
		n += snprintf(t + n, sizeof(t) - (size_t)n, ", EMA %g",
		    p->o->alpha);
	if (p->ndrawn < p->ntasks)
		snprintf(t + n, sizeof(t) - (size_t)n, ": %zu of %zu tasks "
		    "(--task to choose)", p->ndrawn, p->ntasks);
	put_str(out, t);
}

/*
 * Forecasts.
 */

/* Points of a forecast's curve past the last point. */
#define FC_POINTS	200

/* x of fc's fit as the curves' x: local seconds, or the episode. */
static double
fc_plot_x(const struct lt_plot *p, const struct lt_forecast_task *fc,
    double x)
{
	return p->by_step ? x + fc->x_origin : local_secs(x + fc->x_origin);
}

/* Where the forecasts end, on the axis (Unix seconds or episodes): half
 * the span past the last event, or past a linked target's crossing up to
 * twice the span. */
static void
forecast_end(struct lt_plot *p)
{
	const struct lt_forecast_task *fc;
	double lo = p->by_step ? p->emin : p->tmin;
	double hi = p->by_step ? p->emax : p->tmax;
	double span = hi > lo ? hi - lo : 1, c;
	size_t i, k;

	p->fc_hi = hi + span / 2;
	for (i = 0; i < p->ntasks; i++)
		for (k = 0; (fc = p->tasks[i].fc) != NULL &&
		    k < p->o->ntargets; k++) {
			if (strcmp(p->o->targets[k].task, p->tasks[i].name) != 0 ||
			    lt_forecast_reach(&fc->fc, p->o->targets[k].target,
			    &c) != LT_REACH_AT)
				continue;
			c += fc->x_origin;
			if (c <= hi + 2 * span)
				p->fc_hi = fmax(p->fc_hi, c + span / 20);
		}
}

/* Fit each task drawn; the y the targets need. */
static void
forecast_tasks(struct lt_plot *p)
{
	struct lt_forecast_task_opts o;
	struct lt_error ferr;
	struct task *t;
	size_t i, k;

	p->fc_ylo = HUGE_VAL;
	p->fc_yhi = -HUGE_VAL;
	for (i = 0; i < p->ntasks; i++) {
		t = &p->tasks[i];
		if (!t->drawn)
			continue;
		lt_forecast_task_opts_init(&o);
		o.x = p->by_step ? LT_X_EPISODE : LT_X_TIME;
		o.times_order = t->order;
		o.mode = lt_taskinfo_dir(p->o->facts == NULL ? NULL :
		    lt_taskinfos_get(p->o->facts, t->name));
		t->fc = lt_xcalloc(1, sizeof(*t->fc));
		if (lt_forecast_points(&t->fp, &o, t->fc, &ferr) != 0) {
			/* Said in the legend, as a refusal is. */
			t->fc->fc.status = LT_FORECAST_NOT_TRIED;
			snprintf(t->fc->reason, sizeof(t->fc->reason), "%.*s",
			    (int)sizeof(t->fc->reason) - 1, ferr.msg);
		}
		lt_fpoints_release(&t->fp);
		for (k = 0; k < p->o->ntargets; k++)
			if (strcmp(p->o->targets[k].task, t->name) == 0) {
				p->fc_ylo = fmin(p->fc_ylo,
				    p->o->targets[k].target);
				p->fc_yhi = fmax(p->fc_yhi,
				    p->o->targets[k].target);
			}
	}
	forecast_end(p);
}

/* The datablock $fcN of each task with a forecast: x, the curve, its
 * band, from the task's last point to the end. */
static void
put_forecasts(struct lt_plot *p, struct lt_buf *out)
{
	double x[FC_POINTS], y[FC_POINTS], lo[FC_POINTS], hi[FC_POINTS];
	double x0, x1;
	struct lt_forecast_task *fc;
	size_t i, k, n = 0;

	for (i = 0; i < p->ntasks; i++) {
		if (!p->tasks[i].drawn)
			continue;
		n++;
		if ((fc = p->tasks[i].fc) == NULL ||
		    fc->fc.status != LT_FORECAST_OK)
			continue;
		x0 = fc->fc.x_max;
		x1 = p->fc_hi - fc->x_origin;
		if (!(x1 > x0))
			continue;
		for (k = 0; k < FC_POINTS; k++)
			x[k] = x0 + (x1 - x0) * (double)k / (FC_POINTS - 1);
		if (lt_forecast_curve(&fc->fc, x, FC_POINTS, y, lo, hi,
		    NULL) != 0)
			continue;
		lt_buf_printf(out, "$fc%zu << EOD\n", n);
		for (k = 0; k < FC_POINTS; k++) {
			p->fc_ylo = fmin(p->fc_ylo, y[k]);
			p->fc_yhi = fmax(p->fc_yhi, y[k]);
			put_num(out, fc_plot_x(p, fc, x[k]));
			lt_buf_addc(out, ' ');
			put_num(out, y[k]);
			lt_buf_addc(out, ' ');
			put_num(out, lo[k]);
			lt_buf_addc(out, ' ');
			put_num(out, hi[k]);
			lt_buf_addc(out, '\n');
		}
		lt_buf_adds(out, "EOD\n");
	}
}

/* Whether target g belongs to a task drawn. */
static int
target_drawn(const struct lt_plot *p, const struct lt_plot_target *g)
{
	size_t i;

	for (i = 0; i < p->ntasks; i++)
		if (p->tasks[i].drawn && strcmp(p->tasks[i].name, g->task) == 0)
			return 1;
	return 0;
}

/* The names of the targets of the goals linked to the tasks drawn: above
 * their lines, or below them in the upper half of the y range lo..hi,
 * away from the border. */
static void
put_targets(const struct lt_plot *p, struct lt_buf *out, double lo,
    double hi)
{
	const struct lt_plot_target *g;
	char label[200];
	size_t k;

	for (k = 0; p->o->forecast && k < p->o->ntargets; k++) {
		g = &p->o->targets[k];
		if (!target_drawn(p, g))
			continue;
		lt_buf_adds(out, "set label ");
		snprintf(label, sizeof(label), "goal %s: %g", g->id,
		    g->target);
		put_str(out, label);
		lt_buf_adds(out, " at graph 0.01, first ");
		put_num(out, g->target);
		lt_buf_printf(out, " offset 0,%s tc rgb '#555555' front\n",
		    g->target > (lo + hi) / 2 ? "-0.7" : "0.7");
	}
}

/* Their lines, dotted across the panel: plotted, not arrows, so that
 * text draws them too. */
static const char *
plot_targets(const struct lt_plot *p, struct lt_buf *out, const char *sep)
{
	const struct lt_plot_target *g;
	size_t k;

	for (k = 0; p->o->forecast && k < p->o->ntargets; k++) {
		g = &p->o->targets[k];
		if (!target_drawn(p, g))
			continue;
		lt_buf_adds(out, sep);
		put_num(out, g->target);
		lt_buf_adds(out, " with lines dt 3 lw 1.5 lc rgb '#555555' "
		    "notitle");
		sep = ", \\\n     ";
	}
	return sep;
}

/* Task t's forecast (the n-th task drawn) on the curves panel: its band,
 * its curve dashed, or, without one, why, in the legend. */
static const char *
plot_forecast(const struct lt_plot *p, struct lt_buf *out,
    const struct task *t, size_t n, const char *sep)
{
	const struct lt_forecast *fc = &t->fc->fc;
	const char *colour = colours[n % NCOLOURS];
	int dumb = p->o->term == LT_TERM_DUMB;
	char title[400], c[8];

	if (fc->status != LT_FORECAST_OK) {
		if (dumb || p->o->panel == LT_PANEL_ALL)
			snprintf(title, sizeof(title), "%s: no forecast",
			    t->name);
		else
			snprintf(title, sizeof(title), "%s: no forecast, %.300s",
			    t->name, t->fc->reason);
		lt_buf_printf(out, "%sNaN with lines lt %zu dt 2 lw 2 "
		    "lc rgb '%s' title ", sep, n + 1, colour);
		put_str(out, title);
		return ", \\\n     ";
	}
	if (!(p->fc_hi - t->fc->x_origin > fc->x_max))
		return sep;
	/* In text a band of characters would hide the curves. */
	if (!dumb) {
		lighten(colour, c);
		lt_buf_printf(out, "%s$fc%zu using 1:3:4 with filledcurves "
		    "fc rgb '%s' fs transparent solid 0.35 noborder notitle",
		    sep, n + 1, c);
		sep = ", \\\n     ";
	}
	/* The figure's panel, and text, have room for a short title. */
	if (dumb || p->o->panel == LT_PANEL_ALL)
		snprintf(title, sizeof(title), "%s forecast (%s)", t->name,
		    lt_forecast_model_name(fc->model));
	else
		snprintf(title, sizeof(title), "%s forecast: %s, asymptote "
		    "%.4g [%.4g, %.4g]", t->name,
		    lt_forecast_model_name(fc->model), fc->a, fc->a_lo,
		    fc->a_hi);
	/* The task's linetype: in text, its character continues. */
	lt_buf_printf(out, "%s$fc%zu using 1:2 with lines lt %zu dt 2 lw 2 "
	    "lc rgb '%s' title ", sep, n + 1, n + 1, colour);
	put_str(out, title);
	return ", \\\n     ";
}

/* The score name as an axis says it: "performance score" for the
 * class's, else the name itself. */
static void
put_score_name(struct lt_buf *out, const char *name)
{
	if (strcmp(name, LT_SCORE_NAME) == 0)
		lt_buf_adds(out, "'performance score'");
	else
		put_str(out, name);
}

/* The y label of the curves: the metric; else the score's name, or the
 * names when the curves hold several. */
static void
put_curves_ylabel(const struct lt_plot *p, struct lt_buf *out)
{
	size_t i, first;
	int several = 0;

	lt_buf_adds(out, "\nset ylabel ");
	for (i = 0; i < p->ntasks && !p->tasks[i].drawn; i++)
		continue;
	first = i;
	for (; i < p->ntasks; i++)
		if (p->tasks[i].drawn &&
		    p->tasks[i].hist != p->tasks[first].hist)
			several = 1;
	if (p->o->metric != NULL)
		put_str(out, y_name(p));
	else if (!several && first < p->ntasks)
		put_score_name(out, p->h[p->tasks[first].hist].name);
	else {
		lt_buf_adds(out, "'score: ");
		for (i = 0; i < p->nh; i++)
			put_bare(out, p->h[i].name, i + 1 < p->nh ? ", " : "'");
	}
	lt_buf_addc(out, '\n');
}

/* The plot clauses of task t, the nth drawn, after sep; returns the
 * separator of the next clause.  Smoothed, the raw curve fades behind
 * the EMA, as in TensorBoard; in text, where it would only garble the
 * EMA, it is left out.  A task keeps its linetype (its character in
 * text) in every panel. */
static const char *
put_task_curves(const struct lt_plot *p, struct lt_buf *out,
    const struct task *t, size_t n, const char *sep)
{
	int dumb = p->o->term == LT_TERM_DUMB;
	char c[8], title[300];

	if (!(p->o->smooth && dumb)) {
		if (p->o->smooth)
			lighten(colours[n % NCOLOURS], c);
		else
			snprintf(c, sizeof(c), "%s", colours[n % NCOLOURS]);
		lt_buf_printf(out, "%s$score%zu using 1:2 with lines "
		    "lt %zu lw 1.5 lc rgb '%s' ", sep, n + 1, n + 1, c);
		if (p->o->smooth)
			lt_buf_adds(out, "notitle");
		else {
			lt_buf_adds(out, "title ");
			put_str(out, t->name);
		}
		sep = ", \\\n     ";
	}
	if (p->o->smooth) {
		/* In text, the panel's title names the EMA: the legend
		 * must stay short. */
		if (dumb)
			snprintf(title, sizeof(title), "%s", t->name);
		else
			snprintf(title, sizeof(title), "%s (EMA %g)", t->name,
			    p->o->alpha);
		lt_buf_printf(out, "%s$ema%zu using 1:2 with lines "
		    "lt %zu lw 2.5 lc rgb '%s' title ", sep, n + 1, n + 1,
		    colours[n % NCOLOURS]);
		put_str(out, title);
		sep = ", \\\n     ";
	}
	lt_buf_printf(out, "%s$best%zu using 1:2 with points pt 7 "
	    "ps 1.3 lc rgb '%s' notitle", sep, n + 1, colours[n % NCOLOURS]);
	sep = ", \\\n     ";
	if (t->fc != NULL)
		sep = plot_forecast(p, out, t, n, sep);
	return sep;
}

static void
panel_curves(struct lt_plot *p, struct lt_buf *out)
{
	double lo = HUGE_VAL, hi = -HUGE_VAL;
	size_t i, k, n = 0;
	const char *sep = "plot ";

	for (i = 0; i < p->ntasks; i++)
		for (k = 0; p->tasks[i].drawn && k < p->tasks[i].nb; k++) {
			lo = fmin(lo, p->tasks[i].b[k].smin.y);
			hi = fmax(hi, p->tasks[i].b[k].smax.y);
		}
	lt_buf_adds(out, "# panel: curves\nreset\n");
	put_place(p, out, LT_PANEL_CURVES);
	lt_buf_adds(out, "set title ");
	put_curves_title(p, out);
	put_curves_ylabel(p, out);
	put_key(p->o, p->o->panel == LT_PANEL_ALL && !p->three, out);
	put_grid(p->o, out, "");
	put_time_axis(p, out, 1);
	lo = fmin(lo, p->fc_ylo);
	hi = fmax(hi, p->fc_yhi);
	put_yrange(out, lo, hi, 0);
	put_targets(p, out, lo, hi);
	for (i = 0; i < p->ntasks; i++)
		if (p->tasks[i].drawn)
			sep = put_task_curves(p, out, &p->tasks[i], n++, sep);
	plot_targets(p, out, sep);
	lt_buf_addc(out, '\n');
}

static void
panel_hist(struct lt_plot *p, const struct hist *h, size_t n,
    struct lt_buf *out, double binlo, double binw, uint64_t maxcount)
{
	double mean = (h->sum + h->comp) / (double)h->nscores;

	lt_buf_adds(out, "# panel: hist\nreset\n");
	put_place(p, out, LT_PANEL_HIST);
	lt_buf_adds(out, "set xlabel ");
	if (p->o->metric != NULL)
		put_str(out, y_name(p));
	else
		put_score_name(out, h->name);
	lt_buf_adds(out, "\nset ylabel 'events'\n"
	    "set style fill solid 0.6 border -1\n"
	    "set style textbox opaque noborder\n");
	put_grid(p->o, out, " ytics");
	/* Room above the highest bar for the mean's label. */
	lt_buf_printf(out, "set yrange [0:%g]\n", ceil(maxcount * 1.15 + 0.5));
	lt_buf_adds(out, "set xrange [");
	put_num(out, binlo);
	lt_buf_addc(out, ':');
	put_num(out, binlo + LT_PLOT_BINS * binw);
	lt_buf_adds(out, "]\nset boxwidth ");
	put_num(out, binw);
	lt_buf_adds(out, " absolute\nmean = ");
	put_num(out, mean);
	lt_buf_adds(out, "\nset arrow 1 from mean, graph 0 to mean, graph 1 "
	    "nohead lw 2 dt 2 lc rgb '#d62728' front\n");
	/* In text, the arrow would run through a label beside it. */
	lt_buf_adds(out, "title = ");
	if (p->o->metric != NULL) {
		char t[300];

		snprintf(t, sizeof(t), "Distribution of %s", p->o->metric);
		put_str(out, t);
	} else
		put_str(out, "Performance distribution");
	lt_buf_addc(out, '\n');
	if (p->o->term == LT_TERM_DUMB)
		lt_buf_adds(out, "set title sprintf('%s, mean %.4g', title, "
		    "mean)\n");
	else
		/* Beside the line, on the side with room for it. */
		lt_buf_printf(out, "set title title\n"
		    "set label 1 sprintf('mean %%.4g', mean) at mean, "
		    "graph 0.93 %s tc rgb '#d62728' boxed front\n",
		    mean - binlo > 0.75 * LT_PLOT_BINS * binw ?
		    "right offset -2,0" : "left offset 2,0");
	lt_buf_adds(out, "plot ");
	hist_name(out, n);
	lt_buf_adds(out, " using 1:2 with boxes lc rgb '#1f77b4' notitle\n");
}

/* A constant rate gets one tick, at its value as it reads: the ticks
 * gnuplot spreads over the margin around it (0.00096, 0.00098, ...) are
 * values no event has. */
static void
put_constant_tics(struct lt_buf *out, double lo, double hi)
{
	if (!(lo == hi))
		return;
	lt_buf_adds(out, "set ytics (");
	put_num(out, lo);
	lt_buf_adds(out, ")\nset format y '%g'\n");
}

static void
panel_lr(struct lt_plot *p, struct lt_buf *out)
{
	double lo = HUGE_VAL, hi = -HUGE_VAL;
	size_t i, k, n = 0;
	int logscale;
	const char *sep = "plot ";

	for (i = 0; i < p->ntasks; i++)
		for (k = 0; p->tasks[i].drawn && k < p->tasks[i].nb; k++) {
			lo = fmin(lo, p->tasks[i].b[k].lmin.y);
			hi = fmax(hi, p->tasks[i].b[k].lmax.y);
		}
	/* Log scale when the rate spans two decades or more. */
	logscale = lo > 0 && hi / lo >= 100;
	lt_buf_adds(out, "# panel: lr\nreset\n");
	put_place(p, out, LT_PANEL_LR);
	lt_buf_adds(out, "set title 'Learning rate'\n");
	/* In text, a label left of the plot runs into the panel beside;
	 * the title says it. */
	if (!(p->o->term == LT_TERM_DUMB && p->o->panel == LT_PANEL_ALL))
		lt_buf_adds(out, "set ylabel 'learning rate'\n");
	/* In the figure, the curves' legend serves for both: a task has
	 * its colour in every panel. */
	if (p->o->panel == LT_PANEL_ALL)
		lt_buf_adds(out, "unset key\n");
	else
		put_key(p->o, 0, out);
	put_grid(p->o, out, "");
	if (logscale)
		lt_buf_adds(out, "set logscale y\nset format y '%.0e'\n");
	put_time_axis(p, out, 0);
	put_yrange(out, lo, hi, logscale);
	put_constant_tics(out, lo, hi);
	for (i = 0; i < p->ntasks; i++) {
		if (!p->tasks[i].drawn)
			continue;
		lt_buf_printf(out, "%s$lr%zu using 1:2 with steps lt %zu "
		    "lw 1.5 lc rgb '%s' title ", sep, n + 1, n + 1,
		    colours[n % NCOLOURS]);
		put_str(out, p->tasks[i].name);
		sep = ", \\\n     ";
		n++;
	}
	lt_buf_addc(out, '\n');
}

static void
panel_goals(const struct lt_plot_opts *o, struct lt_buf *out)
{
	lt_buf_adds(out, "# panel: goals\nreset\n"
	    "set title 'Goal completion'\n");
	if (o->ngoals == 0) {
		lt_buf_adds(out, "unset tics\nunset border\n"
		    "set xrange [0:1]\nset yrange [0:1]\n"
		    "set label 1 'no goals' at graph 0.5, graph 0.5 center\n"
		    "plot 2 notitle\n");
		return;
	}
	put_grid(o, out, " xtics");
	lt_buf_printf(out, "set xlabel 'completion (%%)'\n"
	    "set xrange [0:%d]\nset xtics 0, 25, 100\n"
	    "set yrange [-0.6:%zu.6]\n"
	    "set ytics nomirror\n"
	    "set style fill solid 0.85 noborder\n"
	    "plot $goals using ($2/2):0:($2/2):(0.35):3:ytic(1) "
	    "with boxxyerror fc rgb variable notitle, \\\n"
	    "     $goals using 2:0:4 with labels left offset 0.5,0 "
	    "notitle\n", o->term == LT_TERM_DUMB ? 130 : 118, o->ngoals - 1);
}

static int
count_cmp(const void *a, const void *b)
{
	const struct task *const *x = a, *const *y = b;

	if ((*x)->n != (*y)->n)
		return (*x)->n > (*y)->n ? -1 : 1;
	return *x < *y ? -1 : *x > *y;
}

/* Mark the tasks to draw: those named, else the most frequent few. */
static int
choose(struct lt_plot *p, struct lt_error *err)
{
	struct task **by;
	size_t i;

	if (p->o->ntasks > 0) {
		for (i = 0; i < p->ntasks; i++) {
			if (p->tasks[i].n == 0 && p->o->metric != NULL)
				return lt_error_set(err, "task \"%s\" has no "
				    "event with a number for %s",
				    p->tasks[i].name, p->o->metric);
			if (p->tasks[i].n == 0)
				return lt_error_set(err, "task \"%s\" has no "
				    "events in the log", p->tasks[i].name);
			p->tasks[i].drawn = 1;
		}
		p->ndrawn = p->ntasks;
		return 0;
	}
	by = lt_xmalloc((p->ntasks + 1) * sizeof(*by));
	for (i = 0; i < p->ntasks; i++)
		by[i] = &p->tasks[i];
	qsort(by, p->ntasks, sizeof(*by), count_cmp);
	for (i = 0; i < p->ntasks && i < LT_PLOT_TASKS; i++)
		by[i]->drawn = 1;
	p->ndrawn = i;
	free(by);
	return 0;
}

static void
put_terminal(const struct lt_plot_opts *o, struct lt_buf *out)
{
	switch (o->term) {
	case LT_TERM_PNG:
		lt_buf_printf(out, "set terminal pngcairo size %d,%d "
		    "font 'sans,9' noenhanced\n", o->width, o->height);
		break;
	case LT_TERM_SVG:
		lt_buf_printf(out, "set terminal svg size %d,%d "
		    "font 'sans,9' background '#ffffff' noenhanced\n",
		    o->width, o->height);
		break;
	case LT_TERM_PDF:
		/* 100 pixels to the inch. */
		lt_buf_printf(out, "set terminal pdfcairo size %gin,%gin "
		    "font 'sans,7' noenhanced\n", o->width / 100.0,
		    o->height / 100.0);
		break;
	case LT_TERM_DUMB:
		lt_buf_printf(out, "set terminal dumb size %d,%d "
		    "noenhanced\n", o->width, o->height);
		break;
	}
}

int
lt_plot_script(struct lt_plot *p, struct lt_buf *out, struct lt_error *err)
{
	const struct lt_plot_opts *o = p->o;
	enum lt_plot_panel panel = o->panel;
	double *binlo, *binw;
	uint64_t *maxcount;
	size_t i, nh = 0;
	int nogoals;

	if (choose(p, err) != 0)
		return -1;
	/* The x axis spans the tasks drawn, not the ones left out. */
	for (i = 0; i < p->ntasks; i++) {
		if (!p->tasks[i].drawn)
			continue;
		p->forced |= p->tasks[i].order;
		p->tmin = fmin(p->tmin, p->tasks[i].tmin);
		p->tmax = fmax(p->tmax, p->tasks[i].tmax);
		p->emin = fmin(p->emin, p->tasks[i].emin);
		p->emax = fmax(p->emax, p->tasks[i].emax);
	}
	p->forced &= o->x != LT_PLOT_X_EPISODE;
	p->by_step = p->forced || o->x == LT_PLOT_X_EPISODE;
	p->three = panel == LT_PANEL_ALL && o->ngoals == 0;
	if (p->nscores == 0 && o->metric != NULL)
		return lt_error_set(err, "no event has a number for %s",
		    o->metric);
	if (p->nscores == 0)
		return lt_error_set(err, "no events to plot");
	if (o->forecast)
		forecast_tasks(p);
	lt_buf_printf(out, "# lt plot: %llu events\n",
	    (unsigned long long)p->nscores);
	put_terminal(o, out);
	lt_buf_adds(out, "set encoding utf8\n");
	put_curves(p, out);
	put_forecasts(p, out);
	binlo = lt_xcalloc(p->nh + 1, sizeof(*binlo));
	binw = lt_xcalloc(p->nh + 1, sizeof(*binw));
	maxcount = lt_xcalloc(p->nh + 1, sizeof(*maxcount));
	for (i = 0; i < p->nh; i++)
		if (p->h[i].nscores > 0) {
			put_hist(&p->h[i], i + 1, out, &binlo[i], &binw[i],
			    &maxcount[i]);
			nh++;
		}
	put_goals(o, out);
	/* A histogram a score name: more than one takes more panels, in
	 * rows of two. */
	nogoals = p->three;
	if (nh > 1)
		p->three = 0;
	if (p->three)
		lt_buf_adds(out, "set multiplot title 'Learning progress'\n");
	else if (panel == LT_PANEL_ALL)
		lt_buf_printf(out, "set multiplot layout %zu,2 "
		    "title 'Learning progress'\n", (nh + 4 - nogoals) / 2);
	else if (panel == LT_PANEL_HIST && nh > 1)
		lt_buf_printf(out, "set multiplot layout %zu,1\n", nh);
	if (panel == LT_PANEL_ALL || panel == LT_PANEL_CURVES)
		panel_curves(p, out);
	for (i = 0; i < p->nh; i++)
		if ((panel == LT_PANEL_ALL || panel == LT_PANEL_HIST) &&
		    p->h[i].nscores > 0)
			panel_hist(p, &p->h[i], i + 1, out, binlo[i], binw[i],
			    maxcount[i]);
	if (panel == LT_PANEL_ALL || panel == LT_PANEL_LR)
		panel_lr(p, out);
	if ((panel == LT_PANEL_ALL && !nogoals) || panel == LT_PANEL_GOALS)
		panel_goals(o, out);
	if (panel == LT_PANEL_ALL || (panel == LT_PANEL_HIST && nh > 1))
		lt_buf_adds(out, "unset multiplot\n");
	free(binlo);
	free(binw);
	free(maxcount);
	return 0;
}

/*
 * Groups' mean curves in their bands.
 */

/* One group's points: episode, mean, and the band (the mean itself where
 * one run gives none). */
static void
put_band_data(const struct lt_plot_band *b, size_t k, struct lt_buf *out)
{
	const struct lt_compare_point *p;
	size_t i;

	lt_buf_printf(out, "$band%zu << EOD\n", k + 1);
	for (i = 0; i < b->npts; i++) {
		p = &b->pts[i];
		put_num(out, (double)p->step);
		lt_buf_addc(out, ' ');
		put_num(out, p->mean);
		lt_buf_addc(out, ' ');
		put_num(out, isnan(p->lo) ? p->mean : p->lo);
		lt_buf_addc(out, ' ');
		put_num(out, isnan(p->hi) ? p->mean : p->hi);
		lt_buf_addc(out, '\n');
	}
	lt_buf_adds(out, "EOD\n");
}

int
lt_plot_bands(const struct lt_plot_band *b, size_t n, double level,
    const char *ylabel, const struct lt_plot_opts *o, struct lt_buf *out,
    struct lt_error *err)
{
	double xlo = HUGE_VAL, xhi = -HUGE_VAL, ylo = HUGE_VAL, yhi = -HUGE_VAL;
	const struct lt_compare_point *p;
	const char *sep = "plot ", *c;
	int dumb = o->term == LT_TERM_DUMB;
	char title[300], t[128];
	size_t i, k;

	for (k = 0; k < n; k++)
		for (i = 0; i < b[k].npts; i++) {
			p = &b[k].pts[i];
			xlo = fmin(xlo, (double)p->step);
			xhi = fmax(xhi, (double)p->step);
			ylo = fmin(ylo, isnan(p->lo) ? p->mean : p->lo);
			yhi = fmax(yhi, isnan(p->hi) ? p->mean : p->hi);
		}
	if (!(xlo <= xhi))
		return lt_error_set(err, "no group has an episode that all its "
		    "runs have");
	if (!(xhi > xlo)) {
		xlo -= 1;
		xhi += 1;
	}
	lt_buf_printf(out, "# lt plot --group: %zu groups\n", n);
	put_terminal(o, out);
	lt_buf_adds(out, "set encoding utf8\n");
	for (k = 0; k < n; k++)
		put_band_data(&b[k], k, out);
	snprintf(title, sizeof(title), "Mean across runs, with its %.10g %% "
	    "interval", level);
	lt_buf_adds(out, "set title ");
	put_str(out, title);
	lt_buf_adds(out, "\nset xlabel 'episode'\nset ylabel ");
	put_str(out, ylabel);
	lt_buf_addc(out, '\n');
	put_key(o, 0, out);
	put_grid(o, out, "");
	lt_buf_adds(out, "set xrange [");
	put_num(out, xlo);
	lt_buf_addc(out, ':');
	put_num(out, xhi);
	lt_buf_adds(out, "]\n");
	put_yrange(out, ylo, yhi, 0);
	/* The bands first, so that no band hides another group's line;
	 * shaded see-through on an image, their edges in dots in text. */
	for (k = 0; k < n; k++) {
		c = colours[k % NCOLOURS];
		if (dumb)
			lt_buf_printf(out, "%s$band%zu using 1:3 with dots "
			    "lt %zu notitle, \\\n     $band%zu using 1:4 "
			    "with dots lt %zu notitle", sep, k + 1, k + 1,
			    k + 1, k + 1);
		else
			lt_buf_printf(out, "%s$band%zu using 1:3:4 with "
			    "filledcurves fc rgb '%s' fs transparent solid 0.2 "
			    "noborder notitle", sep, k + 1, c);
		sep = ", \\\n     ";
	}
	for (k = 0; k < n; k++) {
		snprintf(t, sizeof(t), "%s (%zu run%s)", b[k].name,
		    b[k].nruns, b[k].nruns == 1 ? "" : "s");
		lt_buf_printf(out, "%s$band%zu using 1:2 with lines lt %zu "
		    "lw 2 lc rgb '%s' title ", sep, k + 1, k + 1,
		    colours[k % NCOLOURS]);
		put_str(out, t);
	}
	lt_buf_addc(out, '\n');
	return 0;
}

/*
 * Running gnuplot.
 */

/* Keep at most this much of gnuplot's standard error for the message. */
#define ERR_KEEP	4096

/* The last line of what gnuplot said, trimmed, into msg: gnuplot echoes
 * the faulty line and a caret before the line naming the error. */
static void
last_line(const struct lt_buf *b, char *msg, size_t size)
{
	const char *s = b->data ? b->data : "", *e = s + b->len, *l;
	size_t n;

	while (e > s && (e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\t'))
		e--;
	for (l = e; l > s && l[-1] != '\n'; l--)
		;
	while (l < e && (*l == ' ' || *l == '\t'))
		l++;
	n = (size_t)(e - l);
	if (n >= size)
		n = size - 1;
	memcpy(msg, l, n);
	msg[n] = '\0';
}

/*
 * Feed script to fd in while collecting fd errfd and copying fd outfd
 * (-1: none) to standard output, until all are done.  gnuplot does not
 * say when it cannot write its output, so what it writes to standard
 * output passes through here: a write that fails sets *werr to its errno
 * (what is left is read and dropped, for gnuplot to end), except EPIPE,
 * whose reader had enough: outfd is then closed, as gnuplot's standard
 * output would have been.
 */
static int
pump(int in, const char *script, size_t len, int errfd, int outfd,
    struct lt_buf *errs, int *werr)
{
	struct pollfd pfd[3];
	size_t off = 0, i;
	char chunk[4096];
	ssize_t n;
	int e;

	*werr = 0;
	(void)fcntl(in, F_SETFL, fcntl(in, F_GETFL) | O_NONBLOCK);
	pfd[0].fd = in;
	pfd[1].fd = errfd;
	pfd[2].fd = outfd;
	while (pfd[0].fd >= 0 || pfd[1].fd >= 0 || pfd[2].fd >= 0) {
		pfd[0].events = POLLOUT;
		pfd[1].events = POLLIN;
		pfd[2].events = POLLIN;
		if (poll(pfd, 3, -1) < 0) {
			e = errno;
			if (e == EINTR)
				continue;
			for (i = 0; i < 3; i++)
				if (pfd[i].fd >= 0)
					close(pfd[i].fd);
			errno = e;
			return -1;
		}
		if (pfd[2].fd >= 0 && pfd[2].revents != 0) {
			n = read(outfd, chunk, sizeof(chunk));
			if (n > 0 && *werr == 0 && lt_write_all(STDOUT_FILENO,
			    chunk, (size_t)n) != 0) {
				if (errno == EPIPE)
					n = 0;
				else
					*werr = errno;
			}
			if (n == 0 || (n < 0 && errno != EINTR &&
			    errno != EAGAIN)) {
				close(outfd);
				pfd[2].fd = -1;
			}
		}
		if (pfd[0].fd >= 0 && pfd[0].revents != 0) {
			n = write(in, script + off, len - off);
			if (n > 0)
				off += (size_t)n;
			/* gnuplot gone early (EPIPE): its status says why. */
			if ((n < 0 && errno != EAGAIN && errno != EINTR) ||
			    off == len) {
				close(in);
				pfd[0].fd = -1;
			}
		}
		if (pfd[1].fd >= 0 && pfd[1].revents != 0) {
			n = read(errfd, chunk, sizeof(chunk));
			if (n > 0)
				lt_buf_add(errs, chunk, (size_t)n);
			/* The end says what failed: keep the end. */
			if (errs->len > 2 * ERR_KEEP) {
				memmove(errs->data, errs->data + errs->len -
				    ERR_KEEP, ERR_KEEP);
				errs->len = ERR_KEEP;
				errs->data[errs->len] = '\0';
			}
			if (n == 0 || (n < 0 && errno != EINTR &&
			    errno != EAGAIN)) {
				close(errfd);
				pfd[1].fd = -1;
			}
		}
	}
	return 0;
}

/* Start prog with in as its standard input, out as its standard output,
 * errw as its standard error; a failed exec is reported through a
 * close-on-exec pipe, so it is told apart from gnuplot failing. */
static pid_t
spawn(const char *prog, int in, int out, int errw, struct lt_error *err)
{
	int ep[2], e;
	pid_t pid;
	ssize_t n;

	if (pipe2(ep, O_CLOEXEC) != 0) {
		lt_error_set(err, "cannot make a pipe: %s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) < 0) {
		lt_error_set(err, "cannot fork: %s", strerror(errno));
		close(ep[0]);
		close(ep[1]);
		return -1;
	}
	if (pid == 0) {
		close(ep[0]);
		signal(SIGPIPE, SIG_DFL);
		if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(errw, 2) < 0)
			e = errno;
		else {
			execlp(prog, prog, (char *)NULL);
			e = errno;
		}
		n = write(ep[1], &e, sizeof(e));
		(void)n;
		_exit(127);
	}
	close(ep[1]);
	do
		n = read(ep[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(ep[0]);
	if (n == (ssize_t)sizeof(e)) {
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		lt_error_set(err, "cannot run gnuplot \"%s\": %s%s", prog,
		    strerror(e), e == ENOENT ? " (install gnuplot-nox, or "
		    "set LT_GNUPLOT)" : "");
		return -1;
	}
	return pid;
}

/* What became of a run of gnuplot. */
struct gp_run {
	int	status;		/* waitpid's; -1 when it could not say */
	int	perr;		/* errno of talking to it, or 0 */
	int	werr;		/* errno of copying its output, or 0 */
	char	msg[300];	/* the last line it wrote to standard error */
};

/* Run prog with its standard output on out, feed it script and wait for
 * it, filling *r.  op is the pipe of its output to copy to standard
 * output, { -1, -1 } when out is a file; both ends are closed here (-1
 * then).  Returns 0, or -1 with err when gnuplot could not be run. */
static int
gp_talk(const char *prog, const char *script, size_t len, int out, int op[2],
    struct gp_run *r, struct lt_error *err)
{
	struct sigaction ign, old;
	struct lt_buf errs;
	int in[2], ep[2];
	pid_t pid;

	if (pipe2(in, O_CLOEXEC) != 0)
		return lt_error_set(err, "cannot make a pipe: %s",
		    strerror(errno));
	if (pipe2(ep, O_CLOEXEC) != 0) {
		lt_error_set(err, "cannot make a pipe: %s", strerror(errno));
		close(in[0]);
		close(in[1]);
		return -1;
	}
	pid = spawn(prog, in[0], out, ep[1], err);
	close(in[0]);
	close(ep[1]);
	if (op[1] >= 0)
		close(op[1]);
	op[1] = -1;
	if (pid < 0) {
		close(in[1]);
		close(ep[0]);
		return -1;
	}
	/* A gnuplot that dies early must not kill lt with SIGPIPE. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	lt_buf_init(&errs);
	r->perr = pump(in[1], script, len, ep[0], op[0], &errs, &r->werr) !=
	    0 ? errno : 0;
	op[0] = -1;		/* closed by pump */
	sigaction(SIGPIPE, &old, NULL);
	while (waitpid(pid, &r->status, 0) < 0)
		if (errno != EINTR) {
			r->status = -1;
			break;
		}
	last_line(&errs, r->msg, sizeof(r->msg));
	lt_buf_release(&errs);
	return 0;
}

/* Whether the run r of prog made what was asked: 0, or -1 with err
 * saying why not.  out is its output file (output names it), or the pipe
 * to standard output (output NULL). */
static int
gp_judge(const struct gp_run *r, const char *prog, const char *output,
    int out, struct lt_error *err)
{
	const char *sep = r->msg[0] != '\0' ? ": " : "";
	struct stat st;

	if (r->perr != 0)
		return lt_error_set(err, "cannot talk to gnuplot: %s",
		    strerror(r->perr));
	if (r->werr != 0)
		return lt_error_set(err, "cannot write standard output: %s",
		    strerror(r->werr));
	/* Whoever read our output had enough. */
	if (output == NULL && r->status != -1 && WIFSIGNALED(r->status) &&
	    WTERMSIG(r->status) == SIGPIPE)
		return 0;
	if (r->status == -1 || !WIFEXITED(r->status) ||
	    WEXITSTATUS(r->status) != 0) {
		if (WIFSIGNALED(r->status))
			return lt_error_set(err, "gnuplot \"%s\" was killed "
			    "by signal %d%s%s", prog, WTERMSIG(r->status), sep,
			    r->msg);
		return lt_error_set(err, "gnuplot \"%s\" failed%s%s", prog,
		    sep, r->msg);
	}
	if (output != NULL && (fstat(out, &st) != 0 || st.st_size == 0))
		return lt_error_set(err, "gnuplot \"%s\" wrote nothing%s%s",
		    prog, sep, r->msg);
	return 0;
}

int
lt_plot_run(const char *script, size_t len, const char *prog,
    const char *output, struct lt_error *err)
{
	struct lt_tempfile *t = NULL;
	struct gp_run r;
	int op[2] = { -1, -1 }, out, rc = -1;

	if (output != NULL) {
		t = lt_tempfile_beside(output, lt_tempfile_mode(output), err);
		if (t == NULL)
			return lt_error_set(err, "cannot write \"%s\": %s",
			    output, strerror(errno));
		out = t->fd;
	} else if (pipe2(op, O_CLOEXEC) != 0)
		return lt_error_set(err, "cannot make a pipe: %s",
		    strerror(errno));
	else
		out = op[1];
	if (gp_talk(prog, script, len, out, op, &r, err) == 0 &&
	    gp_judge(&r, prog, output, out, err) == 0) {
		rc = 0;
		/* Renamed into place or removed: t is gone either way. */
		if (output != NULL && (rc = lt_tempfile_commit(t, output,
		    err)) != 0)
			lt_error_set(err, "cannot write \"%s\": %s", output,
			    strerror(errno));
		if (output != NULL)
			t = NULL;
	}
	if (op[0] >= 0)
		close(op[0]);
	if (op[1] >= 0)
		close(op[1]);
	lt_tempfile_delete(t);
	return rc;
}
