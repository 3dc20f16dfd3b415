/*
 * import_map.c - the default columns of each format, the choice among
 * the columns a run has, and the points of each task.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "import_map.h"
#include "num.h"

/*
 * The default mapping, for each format: patterns (fnmatch(3), case
 * ignored) tried in order, each against the run's columns in the order
 * they were first logged.  A pattern "!P" is never chosen for the score
 * (nor as a last resort for the convergence metric).  Keep in step with
 * the tables of man/lt-import.1.
 */
#define NPAT	28

struct dflt {
	const char	*score[NPAT];
	const char	*conv[12];
	const char	*lr[8];
	const char	*episode[8];
	const char	*time[4];
};

static const struct dflt dflts[LT_SRC_COUNT] = {
	[LT_SRC_KERAS] = {
		{ "val_accuracy", "val_acc", "val_*", "accuracy", "acc",
		  "!lr", "!learning_rate", "*" },
		{ "loss", "val_loss" },
		{ "lr", "learning_rate" },
		{ NULL }, { NULL }
	},
	[LT_SRC_LIGHTNING] = {
		{ "val_acc", "val_accuracy", "val/acc", "val/accuracy",
		  "val_*", "val/*", "valid*", "accuracy", "acc", "train_acc*",
		  "!epoch", "!lr", "!lr-*", "!lr_*", "!learning_rate",
		  "!hp_metric", "*" },
		{ "train_loss", "train/loss", "loss", "train_loss_epoch",
		  "train_loss_step", "train*loss*" },
		{ "lr", "learning_rate", "lr-*" },
		{ NULL }, { NULL }
	},
	[LT_SRC_HF] = {
		{ "eval_accuracy", "eval_f1", "!eval_runtime",
		  "!eval_*_per_second", "!epoch", "!learning_rate",
		  "!grad_norm", "!total_flos", "!train_runtime",
		  "!train_*_per_second", "!num_input_tokens_seen", "eval_*",
		  "*" },
		{ "loss", "train_loss", "eval_loss" },
		{ "learning_rate" },
		{ NULL }, { NULL }
	},
	[LT_SRC_SB3] = {
		{ "eval/mean_reward", "rollout/ep_rew_mean", "EpRewMean",
		  "mean 100 episode reward", "r", "!time/*", "!TimeElapsed",
		  "!TimestepsSoFar", "!EpisodesSoFar", "!steps", "!episodes",
		  "!train/learning_rate", "!t" },
		{ "train/loss", "train/value_loss", "train/critic_loss",
		  "loss_vf_loss", "loss", "l", "rollout/ep_len_mean",
		  "EpLenMean" },
		{ "train/learning_rate" },
		{ "time/total_timesteps", "TimestepsSoFar", "steps",
		  "time/episodes", "EpisodesSoFar", "episodes" },
		{ "time/time_elapsed", "TimeElapsed" }
	},
	[LT_SRC_MLFLOW] = {
		{ "metrics/mAP50-95B", "metrics/mAP50-95(B)", "val_accuracy",
		  "val_acc", "val_f1", "val_*", "val/*", "metrics/*",
		  "accuracy", "acc", "!lr", "!lr/*", "!lr-*",
		  "!learning_rate", "!epoch", "*" },
		{ "train/box_loss", "train_loss", "train_cross_entropy",
		  "loss" },
		{ "lr/pg0", "lr", "learning_rate" },
		{ NULL }, { NULL }
	},
	[LT_SRC_TENSORBOARD] = {
		{ "eval/mean_reward", "rollout/ep_rew_mean", "episode_reward",
		  "bbox/AP", "segm/AP", "epoch_val_accuracy", "val_acc",
		  "val_accuracy", "val_*", "val/*", "valid*",
		  "epoch_accuracy", "accuracy", "fast_rcnn/cls_accuracy",
		  "!epoch", "!lr", "!lr-*", "!lr/*", "!epoch_lr",
		  "!learning_rate", "!*/learning_rate", "!hp_metric",
		  "!time/*", "!data_time", "!eta_seconds", "epoch_*", "*" },
		{ "epoch_loss", "train_loss", "train/loss", "total_loss",
		  "loss", "train/value_loss", "train/critic_loss",
		  "loss/loss" },
		{ "epoch_lr", "lr", "learning_rate", "train/learning_rate",
		  "input_info/learning_rate", "lr-*", "lr/pg0" },
		{ NULL }, { NULL }
	},
	[LT_SRC_YOLO] = {
		{ "metrics/mAP50-95(B)", "metrics/mAP_0.5:0.95",
		  "metrics/mAP50-95", "metrics/mAP50-95(M)", "metrics/*",
		  "!lr/*", "!x/lr*", "!time", "*" },
		{ "train/box_loss", "val/box_loss" },
		{ "lr/pg0", "x/lr0" },
		{ NULL },
		{ "time" }
	},
	[LT_SRC_DETECTRON2] = {
		{ "bbox/AP", "segm/AP", "fast_rcnn/cls_accuracy", "!lr",
		  "!time", "!data_time", "!rank_data_time", "!eta_seconds",
		  "*" },
		{ "total_loss" },
		{ "lr" },
		{ NULL }, { NULL }
	},
};

/* Run-level facts that give a constant learning rate: the keys of
 * hparams.yaml and of MLflow's params, in this order. */
static const char *const lr_facts[] = { "lr", "learning_rate", "lr0",
    NULL };

static const char *const cost_words[] = { "loss", "error", "err", "rmse",
    "mse", "mae", "wer", "cer", "perplexity", "ppl", "nll", NULL };

/* Whether a word of name[0..len) is w (case ignored). */
static int
has_word(const char *name, const char *w)
{
	const char *p = name, *q;
	size_t n = strlen(w);

	while (*p != '\0') {
		while (*p != '\0' && !isalnum((unsigned char)*p))
			p++;
		for (q = p; isalnum((unsigned char)*q); q++)
			continue;
		if ((size_t)(q - p) == n && strncasecmp(p, w, n) == 0)
			return 1;
		p = q;
	}
	return 0;
}

int
lt_import_is_cost(const char *name)
{
	int i;

	for (i = 0; cost_words[i] != NULL; i++)
		if (has_word(name, cost_words[i]))
			return 1;
	return 0;
}

/* The score's preference: 1 for a metric that rises (an accuracy, a
 * reward), 2 for a specific cost (an RMSE, a WER), 3 for a loss. */
static int
tier(const char *name)
{
	if (!lt_import_is_cost(name))
		return 1;
	return has_word(name, "loss") ? 3 : 2;
}

static int
match(const char *pat, const char *name)
{
	return fnmatch(pat, name, FNM_CASEFOLD) == 0;
}

static int
excluded(const char *const *pats, const char *name)
{
	int i;

	for (i = 0; i < NPAT && pats[i] != NULL; i++)
		if (pats[i][0] == '!' && match(pats[i] + 1, name))
			return 1;
	return 0;
}

static const char *
step_word(const struct lt_run *r)
{
	return r->step_is_row ? "row" : r->step_name != NULL ? r->step_name :
	    "step";
}

/*
 * Choosing columns.
 */

/* What keeps a column from being a task's convergence metric. */
static const char *
conv_refusal(const struct lt_run *r, uint32_t c, uint32_t score,
    char *buf, size_t size)
{
	const struct lt_run_col *col = &r->col[c];
	char num[LT_NUM_BUFSZ];

	if (col->nvals == 0)
		return "no values";
	if (!col->all_num)
		return "not numbers";
	if (col->min < 0) {
		lt_num_format(col->min, num);
		snprintf(buf, size, "negative values (down to %s), and "
		    "convergence_metric must be >= 0", num);
		return buf;
	}
	if (col->first_row > r->col[score].first_row) {
		snprintf(buf, size, "first logged at %s %lld, after the first "
		    "\"%s\" at %lld", step_word(r), (long long)
		    r->rows[col->first_row].step, lt_run_col_name(r, score),
		    (long long)r->rows[r->col[score].first_row].step);
		return buf;
	}
	return NULL;
}

static long
choose_score(const struct lt_run *r, const char *const *pats)
{
	size_t c, n = lt_run_ncols(r);
	const char *name;
	int t, i;

	for (t = 1; t <= 3; t++)
		for (i = 0; i < NPAT && pats[i] != NULL; i++) {
			if (pats[i][0] == '!')
				continue;
			for (c = 0; c < n; c++) {
				name = lt_run_col_name(r, (uint32_t)c);
				if (!match(pats[i], name) ||
				    excluded(pats, name) || tier(name) != t ||
				    r->col[c].nvals == 0 || !r->col[c].all_num)
					continue;
				return (long)c;
			}
		}
	return -1;
}

/* Whether column c is taken by another field of the task. */
static int
taken(const struct lt_import_task *t, long c)
{
	int f;

	if ((long)t->score == c)
		return 1;
	for (f = 0; f < LT_IF_COUNT; f++)
		if (t->col[f] == c)
			return 1;
	return 0;
}

/*
 * The convergence metric of task t: the format's columns, then any cost
 * column, then any other column, the first that is numbers >= 0 logged
 * from the task's first score on.  What was refused, and why, goes into
 * why (for the message when nothing fits, or the note when something
 * else did).
 */
static long
choose_conv(const struct lt_run *r, const struct dflt *d,
    const struct lt_import_task *t, struct lt_buf *why, int *last_resort)
{
	size_t c, n = lt_run_ncols(r);
	const char *name, *no;
	char buf[256];
	unsigned char *tried = lt_xcalloc(n ? n : 1, 1);
	long found = -1;
	int i, npat, stage;

	/* Stage 0: the format's columns; 1: any cost; 2: anything. */
	for (stage = 0; stage < 3 && found < 0; stage++) {
		for (npat = 0; stage == 0 && npat < 12 &&
		    d->conv[npat] != NULL; npat++)
			continue;
		for (i = 0; i < (stage == 0 ? npat : 1) && found < 0; i++)
			for (c = 0; c < n && found < 0; c++) {
				name = lt_run_col_name(r, (uint32_t)c);
				if (tried[c] ||
				    (stage == 0 && !match(d->conv[i], name)) ||
				    (stage == 1 && !lt_import_is_cost(name)) ||
				    (stage == 2 && (excluded(d->score, name) ||
				    (long)c == (long)t->score)) ||
				    ((long)c != (long)t->score &&
				    taken(t, (long)c)))
					continue;
				tried[c] = 1;
				no = conv_refusal(r, (uint32_t)c, t->score,
				    buf, sizeof(buf));
				if (no == NULL)
					found = (long)c;
				else if (stage < 2)
					lt_buf_printf(why, "%s\"%s\": %s",
					    why->len ? "; " : "", name, no);
			}
	}
	*last_resort = found >= 0 && stage == 3;
	free(tried);
	return found;
}

/* The first column matching pats that is numbers (integers >= 0 for an
 * episode, >= 0 for a learning rate), or -1. */
static long
choose_plain(const struct lt_run *r, const char *const *pats, int npats,
    int field)
{
	size_t c, n = lt_run_ncols(r);
	const struct lt_run_col *col;
	int i;

	for (i = 0; i < npats && pats[i] != NULL; i++)
		for (c = 0; c < n; c++) {
			col = &r->col[c];
			if (!match(pats[i], lt_run_col_name(r, (uint32_t)c)) ||
			    col->nvals == 0 || !col->all_num ||
			    (field == LT_IF_EPISODE && (!col->all_int ||
			    col->min < 0)) ||
			    (field == LT_IF_LR && col->min < 0))
				continue;
			return (long)c;
		}
	return -1;
}

/* A constant learning rate from the run's facts: hparams.yaml's or
 * MLflow's params' lr, learning_rate or lr0. */
static const char *
lr_fact(const struct lt_run *r, double *v)
{
	static const char *const holders[] = { "hparams", "params", NULL };
	static char from[64];
	json_t *h, *x;
	double d;
	int i, j;

	for (i = 0; holders[i] != NULL; i++) {
		if ((h = json_object_get(r->facts, holders[i])) == NULL)
			continue;
		for (j = 0; lr_facts[j] != NULL; j++) {
			x = json_object_get(h, lr_facts[j]);
			if (json_is_string(x) && lt_num_parse(
			    json_string_value(x), json_string_length(x),
			    &d) == 0)
				;
			else if (json_is_number(x))
				d = json_number_value(x);
			else
				continue;
			if (!isfinite(d) || d < 0)
				continue;
			*v = d;
			snprintf(from, sizeof(from), "%s %s", holders[i],
			    lr_facts[j]);
			return from;
		}
	}
	return NULL;
}

static void
note(const struct lt_import_opts *o, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
note(const struct lt_import_opts *o, const char *file, const char *fmt, ...)
{
	struct lt_error e;
	va_list ap;

	if (o->note == NULL)
		return;
	lt_error_at(&e, file, 0, "%s", "");
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
	va_end(ap);
	o->note(o->ctx, &e);
}

static char *
task_name(const struct lt_run *r, const char *col,
    const struct lt_import_opts *o, size_t nruns, size_t nscores)
{
	struct lt_buf b;

	lt_buf_init(&b);
	if (o->task == NULL)
		lt_buf_printf(&b, "%s/%s", r->name, col);
	else {
		lt_buf_adds(&b, o->task);
		if (nruns > 1)
			lt_buf_printf(&b, "/%s", r->name);
		if (nscores > 1)
			lt_buf_printf(&b, "/%s", col);
	}
	return b.data;
}

/* A column an option names must be in the run. */
static long
named(const struct lt_run *r, const char *name, const char *opt,
    struct lt_buf *why)
{
	long c = lt_run_find_col(r, name);

	if (c < 0)
		lt_buf_printf(why, "%sno column \"%s\" (%s)", why->len ? "; " :
		    "", name, opt);
	return c;
}

/*
 * Fill in the columns of task t (its score set): from the options, else
 * the defaults.  What cannot be mapped is added to why.
 */
static void
resolve(struct lt_import_task *t, const struct dflt *d,
    const struct lt_import_opts *o, struct lt_buf *why)
{
	struct lt_run *r = t->run;
	struct lt_buf refused;
	const char *lr_from;
	int last_resort;
	long c;

	lt_buf_init(&refused);
	/* The episode, time and learning rate come first: the
	 * convergence metric's last resort must not take them. */
	t->col[LT_IF_EPISODE] = o->col[LT_IF_EPISODE] != NULL ?
	    named(r, o->col[LT_IF_EPISODE], "--episode", why) :
	    choose_plain(r, d->episode, 8, LT_IF_EPISODE);
	t->col[LT_IF_TIME] = o->col[LT_IF_TIME] != NULL ?
	    named(r, o->col[LT_IF_TIME], "--time", why) :
	    choose_plain(r, d->time, 4, LT_IF_TIME);
	t->lr_value = 0;
	t->lr_from = NULL;
	if (o->col[LT_IF_LR] != NULL)
		t->col[LT_IF_LR] = named(r, o->col[LT_IF_LR], "--lr", why);
	else if (o->has_lr_value) {
		t->col[LT_IF_LR] = -1;
		t->lr_value = o->lr_value;
		t->lr_from = "--lr-value";
	} else {
		t->col[LT_IF_LR] = choose_plain(r, d->lr, 8, LT_IF_LR);
		if ((lr_from = lr_fact(r, &t->lr_value)) != NULL)
			t->lr_from = lr_from;
		if (t->col[LT_IF_LR] < 0 && lr_from == NULL)
			note(o, NULL, "%s: no learning rate is logged: "
			    "learning_rate 0 (--lr COL or --lr-value X gives "
			    "one)", r->name);
	}
	if (o->col[LT_IF_CONV] != NULL)
		t->col[LT_IF_CONV] = named(r, o->col[LT_IF_CONV],
		    "--convergence", why);
	else {
		c = choose_conv(r, d, t, &refused, &last_resort);
		t->col[LT_IF_CONV] = c;
		if (c < 0)
			lt_buf_printf(why, "%s--convergence COL is needed for "
			    "\"%s\" (%s)", why->len ? "; " : "",
			    lt_run_col_name(r, t->score), refused.len ?
			    refused.data : "no column of numbers >= 0 is "
			    "logged from its first value on");
		else if (last_resort || refused.len > 0)
			note(o, NULL, "%s: convergence_metric from \"%s\"%s%s"
			    "%s (--convergence COL chooses another)", t->name,
			    lt_run_col_name(r, (uint32_t)c), last_resort ?
			    ", no loss fits" : "", refused.len ? "; refused " :
			    "", refused.len ? refused.data : "");
	}
	lt_buf_release(&refused);
}

/*
 * The points.
 */

/* The time of the time column's value x, by its scale: Unix
 * milliseconds, Unix seconds, or seconds since the start. */
static double
time_of(const struct lt_run *r, double x, double hi)
{
	if (hi >= 1e11)
		return x / 1000;
	if (hi >= 1e8)
		return x;
	return r->mtime - (hi - x);
}

static int
point_error(const struct lt_import_task *t, const struct lt_run_row *row,
    struct lt_error *err, const char *what, long col, const char *why)
{
	return lt_error_at(err, t->run->file, row->line, "%s %lld: %s "
	    "\"%s\"%s", step_word(t->run), (long long)row->step, what,
	    lt_run_col_name(t->run, (uint32_t)col), why);
}

/* Why the row cannot be a point of t, in err, or 0: its score is not a
 * number, or a mapped column has no value yet or not an episode's. */
static int
point_check(const struct lt_import_task *t, const struct lt_run_row *row,
    const struct lt_run_cell *sc, const struct lt_run_cell *const *carry,
    struct lt_error *err)
{
	static const char *const late = " logged yet (--skip-invalid skips "
	    "such points)";
	double x;

	if (isnan(lt_run_cell_num(sc)))
		return point_error(t, row, err, "the value of", (long)t->score,
		    " is not a number");
	if (t->col[LT_IF_CONV] >= 0 && carry[LT_IF_CONV] == NULL)
		return point_error(t, row, err, "no value of",
		    t->col[LT_IF_CONV], late);
	if (t->col[LT_IF_EPISODE] < 0)
		return 0;
	if (carry[LT_IF_EPISODE] == NULL)
		return point_error(t, row, err, "no value of",
		    t->col[LT_IF_EPISODE], late);
	x = lt_run_cell_num(carry[LT_IF_EPISODE]);
	if (!(x == floor(x) && x >= 0 && x <= 9e15))
		return point_error(t, row, err, "the value of",
		    t->col[LT_IF_EPISODE], " is not an integer >= 0, as an "
		    "episode_count must be");
	return 0;
}

/* Append to t the point of row ri (scored by sc, the mapped columns'
 * latest cells in carry), and mark the values it holds as used. */
static void
add_point(struct lt_import_task *t, size_t ri,
    const struct lt_run_cell *sc, const struct lt_run_cell *const *carry,
    double hi)
{
	struct lt_run *r = t->run;
	const struct lt_run_row *row = &r->rows[ri];
	struct lt_run_cell *c;
	struct lt_import_point *p;
	int f;

	t->pts = lt_xgrow(t->pts, &t->cap, t->npts, sizeof(*t->pts));
	p = &t->pts[t->npts++];
	p->row = (uint32_t)ri;
	p->score = lt_run_cell_num(sc);
	p->conv = carry[LT_IF_CONV] ? lt_run_cell_num(carry[LT_IF_CONV]) :
	    NAN;
	p->lr = carry[LT_IF_LR] ? lt_run_cell_num(carry[LT_IF_LR]) :
	    t->lr_value;
	p->episode = carry[LT_IF_EPISODE] ? (int64_t)lt_run_cell_num(
	    carry[LT_IF_EPISODE]) : row->step;
	/* The score's own time, where its record had one. */
	if (carry[LT_IF_TIME] != NULL)
		p->time = time_of(r, lt_run_cell_num(carry[LT_IF_TIME]), hi);
	else if (!isnan(sc->time))
		p->time = sc->time;
	else
		p->time = row->time;
	/* The row is the event's; the carried values are in it. */
	for (c = (struct lt_run_cell *)lt_run_first_cell(r, row); c != NULL;
	    c = (struct lt_run_cell *)lt_run_next_cell(r, c))
		c->used = 1;
	for (f = 0; f < LT_IF_COUNT; f++)
		if (carry[f] != NULL)
			((struct lt_run_cell *)carry[f])->used = 1;
}

/* Fill t's points; -1 with err at the first bad one (unless skipping). */
static int
points(struct lt_import_task *t, const struct lt_import_opts *o,
    struct lt_error *err)
{
	struct lt_run *r = t->run;
	const struct lt_run_cell *carry[LT_IF_COUNT] = { NULL }, *c, *sc;
	double hi = -INFINITY, x;
	size_t i, skipped = 0;
	int f;

	t->times = LT_TIMES_REAL;
	if (t->col[LT_IF_TIME] >= 0) {
		for (i = 0; i < r->ncells; i++)
			if (r->cells[i].col == (uint32_t)t->col[LT_IF_TIME] &&
			    (x = lt_run_cell_num(&r->cells[i])) > hi)
				hi = x;
		t->times = hi >= 1e8 ? LT_TIMES_REAL : LT_TIMES_RELATIVE;
	}
	for (i = 0; i < r->nrows; i++) {
		sc = NULL;
		for (c = lt_run_first_cell(r, &r->rows[i]); c != NULL;
		    c = lt_run_next_cell(r, c)) {
			if (c->col == t->score)
				sc = c;
			for (f = 0; f < LT_IF_COUNT; f++)
				if ((long)c->col == t->col[f])
					carry[f] = c;
		}
		if (sc == NULL)
			continue;
		if (point_check(t, &r->rows[i], sc, carry, err) == 0)
			add_point(t, i, sc, carry, hi);
		else if (!o->skip_invalid)
			return -1;
		else if (skipped++ < 5 && o->note != NULL)
			o->note(o->ctx, err);
	}
	if (skipped > 0)
		note(o, NULL, "%s: %zu point%s skipped", t->name, skipped,
		    skipped == 1 ? "" : "s");
	return 0;
}

/* A timed task whose row lacks a time takes its neighbour's; a task
 * with no times at all gets order times when it is staged. */
static void
fill_times(struct lt_import_task *t)
{
	size_t i, n = 0;
	double last = NAN;

	for (i = 0; i < t->npts; i++)
		n += !isnan(t->pts[i].time);
	if (n == 0) {
		t->times = LT_TIMES_ORDER;
		return;
	}
	for (i = 0; i < t->npts; i++)
		if (isnan(t->pts[i].time))
			t->pts[i].time = last;
		else
			last = t->pts[i].time;
	for (i = t->npts; i-- > 0;)
		if (isnan(t->pts[i].time))
			t->pts[i].time = last;
		else
			last = t->pts[i].time;
}

int
lt_import_map_run(struct lt_run *r, enum lt_source kind,
    const struct lt_import_opts *o, size_t nruns,
    struct lt_import_task **tasks, size_t *ntasks, struct lt_error *err)
{
	const struct dflt *d = &dflts[kind];
	struct lt_import_task *t;
	struct lt_buf why;
	size_t i, first = *ntasks, nscores = o->nscores ? o->nscores : 1;
	long c;
	int f, rc = 0;

	lt_buf_init(&why);
	for (i = 0; i < nscores; i++) {
		if (o->nscores > 0)
			c = named(r, o->scores[i], "--score", &why);
		else if ((c = choose_score(r, d->score)) < 0)
			lt_buf_printf(&why, "%s--score COL is needed (no column "
			    "of numbers fits the format's default)",
			    why.len ? "; " : "");
		if (c < 0)
			continue;
		*tasks = lt_xrealloc(*tasks, (*ntasks + 1) * sizeof(**tasks));
		t = &(*tasks)[(*ntasks)++];
		memset(t, 0, sizeof(*t));
		t->run = r;
		t->score = (uint32_t)c;
		for (f = 0; f < LT_IF_COUNT; f++)
			t->col[f] = -1;
		t->name = task_name(r, lt_run_col_name(r, t->score), o, nruns,
		    nscores);
		t->dir = o->has_mode ? o->mode : lt_import_is_cost(
		    lt_run_col_name(r, t->score)) ? LT_STATS_MIN : LT_STATS_MAX;
		resolve(t, d, o, &why);
	}
	if (why.len > 0) {
		lt_error_at(err, r->file, 0, "run \"%s\": %s", r->name,
		    why.data);
		rc = -1;
	}
	for (i = first; rc == 0 && i < *ntasks; i++) {
		t = &(*tasks)[i];
		if ((rc = points(t, o, err)) == 0)
			fill_times(t);
	}
	lt_buf_release(&why);
	return rc;
}

/* Say which columns have how many values in no event: the columns with
 * the same counts in one note, as long as it stays short. */
static void
say_unused(const struct lt_run *r, const size_t *unused, size_t c0,
    unsigned char *said, const struct lt_import_opts *o)
{
	struct lt_buf names;
	size_t c, k = 0, n = lt_run_ncols(r);
	const char *one = NULL;

	lt_buf_init(&names);
	for (c = c0; c < n; c++) {
		if (said[c] || unused[c] != unused[c0] ||
		    r->col[c].nvals != r->col[c0].nvals || names.len > 300)
			continue;
		said[c] = 1;
		one = lt_run_col_name(r, (uint32_t)c);
		lt_buf_printf(&names, "%s\"%s\"", k++ ? ", " : "", one);
	}
	if (k == 1)
		note(o, NULL, "%s: %zu of %zu values of %s are at %ss where no "
		    "score was logged; not imported (--score %s imports them)",
		    r->name, unused[c0], r->col[c0].nvals, names.data,
		    step_word(r), one);
	else
		note(o, NULL, "%s: %zu of %zu values of each of %s are at %ss "
		    "where no score was logged; not imported (--score COL "
		    "imports a column's)", r->name, unused[c0],
		    r->col[c0].nvals, names.data, step_word(r));
	lt_buf_release(&names);
}

void
lt_import_map_account(const struct lt_run *r, const struct lt_import_opts *o)
{
	size_t c, i, ncols = lt_run_ncols(r), *unused;
	unsigned char *said;

	unused = lt_xcalloc(ncols ? ncols : 1, sizeof(*unused));
	said = lt_xcalloc(ncols ? ncols : 1, 1);
	for (i = 0; i < r->ncells; i++)
		if (!r->cells[i].used)
			unused[r->cells[i].col]++;
	for (c = 0; c < ncols; c++)
		if (unused[c] > 0 && !said[c])
			say_unused(r, unused, c, said, o);
	for (c = 0; c < ncols; c++)
		if (r->col[c].nbad > 0)
			note(o, NULL, "%s: %zu value%s of \"%s\" %s NaN, "
			    "infinite or not text; not imported (an event "
			    "cannot hold %s)", r->name, r->col[c].nbad,
			    r->col[c].nbad == 1 ? "" : "s",
			    lt_run_col_name(r, (uint32_t)c),
			    r->col[c].nbad == 1 ? "is" : "are",
			    r->col[c].nbad == 1 ? "it" : "them");
	free(said);
	free(unused);
}

void
lt_import_task_release(struct lt_import_task *t)
{
	free(t->name);
	free(t->pts);
	memset(t, 0, sizeof(*t));
}
