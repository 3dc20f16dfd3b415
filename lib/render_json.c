/*
 * render_json.c - the class's JSON of each result, and the JSON style.
 */
#include <math.h>

#include "json.h"
#include "render.h"
#include "render_json.h"

json_t *
lt_render_json_trend(const struct lt_trend *t)
{
	json_t *o = json_object();

	json_object_set_new(o, "trend", lt_json_real(t->trend));
	json_object_set_new(o, "confidence", lt_json_real(t->confidence));
	json_object_set_new(o, "recent_avg", lt_json_real(t->recent_avg));
	json_object_set_new(o, "improvement_rate",
	    lt_json_real(t->improvement_rate));
	json_object_set_new(o, "n", json_integer((json_int_t)t->n));
	json_object_set_new(o, "intercept", lt_json_real(t->intercept));
	json_object_set_new(o, "p_value", lt_json_real(t->p_value));
	json_object_set_new(o, "stderr", lt_json_real(t->stderr_slope));
	json_object_set_new(o, "direction",
	    json_string(lt_trend_direction(t)));
	return o;
}

json_t *
lt_render_json_trends(const struct lt_trends *r)
{
	json_t *o = json_object(), *t;
	size_t i;

	for (i = 0; i < r->n; i++) {
		t = lt_render_json_trend(&r->v[i].trend);
		if (r->has_plateau)
			json_object_set_new(t, "plateau",
			    json_boolean(r->v[i].plateau));
		if (r->single) {
			json_decref(o);
			return t;
		}
		json_object_set_new(o, r->v[i].task, t);
	}
	return o;
}

json_t *
lt_render_json_curve(const struct lt_curve *c)
{
	json_t *o = json_object(), *ts, *ys, *ss, *xs;
	size_t i;

	json_object_set_new(o, "timestamps", ts = json_array());
	json_object_set_new(o, "scores", ys = json_array());
	ss = c->smoothed ? json_array() : NULL;
	xs = c->x != LT_X_TIME ? json_array() : NULL;
	for (i = 0; i < c->n; i++) {
		json_array_append_new(ts, lt_json_real(c->pts[i].ts));
		json_array_append_new(ys, lt_json_real(c->pts[i].y));
		if (ss)
			json_array_append_new(ss, lt_json_real(c->pts[i].s));
		if (xs)
			json_array_append_new(xs, lt_json_real(c->pts[i].x));
	}
	if (ss)
		json_object_set_new(o, "smoothed", ss);
	if (xs)
		json_object_set_new(o, "x", xs);
	return o;
}

json_t *
lt_render_json_conv(const struct lt_conv *c)
{
	json_t *o = json_object(), *ts, *t, *rc;
	const struct lt_conv_task *s;
	size_t i;

	json_object_set_new(o, "total_convergences",
	    json_integer((json_int_t)c->total_convergences));
	json_object_set_new(o, "convergence_rate",
	    lt_json_real(c->convergence_rate));
	json_object_set_new(o, "task_statistics", ts = json_object());
	for (i = 0; i < c->ntasks; i++) {
		s = &c->tasks[i];
		t = json_object();
		json_object_set_new(t, "count",
		    json_integer((json_int_t)s->count));
		json_object_set_new(t, "avg_convergence_metric",
		    lt_json_real(s->avg_convergence_metric));
		json_object_set_new(t, "last_convergence",
		    lt_json_real(s->last_convergence));
		json_object_set_new(t, "first_convergence_episode",
		    json_integer((json_int_t)s->first_convergence_episode));
		json_object_set_new(ts, s->task, t);
	}
	json_object_set_new(o, "recent_convergences", rc = json_array());
	for (i = 0; i < c->nrecent; i++)
		json_array_append_new(rc, json_pack("[o,s,o]",
		    lt_json_real(c->recent[i].ts), c->recent[i].task,
		    lt_json_real(c->recent[i].metric)));
	return o;
}

json_t *
lt_render_json_report(const struct lt_report *r)
{
	const struct lt_summary *op = &r->overall_performance;
	const struct lt_report_task *t;
	json_t *o = json_object(), *p, *ta;
	size_t i;

	json_object_set_new(o, "report_timestamp",
	    lt_json_real(r->report_timestamp));
	json_object_set_new(o, "total_learning_events",
	    json_integer((json_int_t)r->total_learning_events));
	json_object_set_new(o, "recent_events_analyzed",
	    json_integer((json_int_t)r->recent_events_analyzed));
	json_object_set_new(o, "overall_performance", p = json_object());
	json_object_set_new(p, "average", lt_json_real(op->mean));
	json_object_set_new(p, "std_deviation", lt_json_real(op->sd));
	json_object_set_new(p, "min", lt_json_real(op->min));
	json_object_set_new(p, "max", lt_json_real(op->max));
	json_object_set_new(p, "median", lt_json_real(op->median));
	json_object_set_new(o, "learning_dynamics", p = json_object());
	json_object_set_new(p, "average_learning_rate",
	    lt_json_real(r->average_learning_rate));
	json_object_set_new(p, "convergence_analysis",
	    lt_render_json_conv(&r->convergence_analysis));
	json_object_set_new(o, "task_analysis", ta = json_object());
	for (i = 0; i < r->ntasks; i++) {
		t = &r->tasks[i];
		p = json_object();
		json_object_set_new(p, "event_count",
		    json_integer((json_int_t)t->event_count));
		json_object_set_new(p, "avg_performance",
		    lt_json_real(t->avg_performance));
		json_object_set_new(p, "performance_trend",
		    lt_render_json_trend(&t->performance_trend));
		json_object_set_new(p, "latest_score",
		    lt_json_real(t->latest_score));
		json_object_set_new(ta, t->task, p);
	}
	json_object_set_new(o, "goal_summary",
	    lt_render_json_goal_summary(&r->goal_summary));
	json_object_set_new(o, "time_span_hours",
	    lt_json_real(r->time_span_hours));
	return o;
}

json_t *
lt_render_json_metrics(const struct lt_metrics *m)
{
	json_t *o = json_object();

	if (m->empty)
		return o;
	json_object_set_new(o, "current_performance",
	    lt_json_real(m->current_performance));
	json_object_set_new(o, "current_learning_rate",
	    lt_json_real(m->current_learning_rate));
	json_object_set_new(o, "recent_avg_performance",
	    lt_json_real(m->recent_avg_performance));
	json_object_set_new(o, "performance_trend",
	    json_string(lt_metrics_trend_name(m->performance_trend)));
	json_object_set_new(o, "active_goals_count",
	    json_integer(m->active_goals_count));
	json_object_set_new(o, "total_learning_events",
	    json_integer((json_int_t)m->total_learning_events));
	json_object_set_new(o, "last_update", lt_json_real(m->last_update));
	return o;
}

static json_t *
opt_string(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

json_t *
lt_render_json_goal(const struct lt_goal *g)
{
	json_t *o = json_object();

	json_object_set_new(o, "goal_id", json_string(g->id));
	json_object_set_new(o, "goal_description",
	    json_string(g->description));
	json_object_set_new(o, "creation_time", json_real(g->creation_time));
	json_object_set_new(o, "target_performance", json_real(g->target));
	json_object_set_new(o, "current_performance",
	    json_real(isnan(g->current) ? 0.0 : g->current));
	json_object_set_new(o, "completion_percentage",
	    json_real(g->percentage));
	json_object_set_new(o, "estimated_completion_time",
	    lt_json_real(g->eta));
	json_object_set_new(o, "is_completed", json_boolean(g->completed));
	json_object_set_new(o, "completion_time",
	    lt_json_real(g->completion_time));
	json_object_set_new(o, "direction",
	    json_string(lt_goal_dir_name(g->dir)));
	json_object_set_new(o, "baseline", lt_json_real(g->baseline));
	json_object_set_new(o, "task", opt_string(g->task));
	json_object_set_new(o, "metric", opt_string(g->metric));
	json_object_set_new(o, "estimate",
	    json_string(lt_goal_eta_name(g->eta_kind)));
	return o;
}

json_t *
lt_render_json_goals(const struct lt_goal_list *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < l->n; i++)
		json_array_append_new(a, lt_render_json_goal(l->v[i]));
	return a;
}

json_t *
lt_render_json_goal_summary(const struct lt_goal_summary *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "total_goals",
	    json_integer((json_int_t)s->total_goals));
	json_object_set_new(o, "completed_goals",
	    json_integer((json_int_t)s->completed_goals));
	json_object_set_new(o, "active_goals",
	    json_integer((json_int_t)s->active_goals));
	json_object_set_new(o, "completion_rate",
	    json_real(s->completion_rate));
	json_object_set_new(o, "avg_completion_time",
	    json_real(s->avg_completion_time));
	json_object_set_new(o, "goals", lt_render_json_goals(&s->goals));
	return o;
}

/* {"a": ..., "b": ..., "c": ...}. */
static json_t *
abc(double a, double b, double c)
{
	json_t *o = json_object();

	json_object_set_new(o, "a", lt_json_real(a));
	json_object_set_new(o, "b", lt_json_real(b));
	json_object_set_new(o, "c", lt_json_real(c));
	return o;
}

static json_t *
pair(double lo, double hi)
{
	json_t *a = json_array();

	json_array_append_new(a, lt_json_real(lo));
	json_array_append_new(a, lt_json_real(hi));
	return a;
}

static json_t *
forecast_models(const struct lt_forecast *fc)
{
	const struct lt_forecast_fit *f;
	json_t *o = json_object(), *m;
	size_t k;

	for (k = 0; k < LT_FORECAST_NMODELS; k++) {
		f = &fc->fit[k];
		m = json_object();
		json_object_set_new(m, "status",
		    json_string(lt_forecast_status_name(f->status)));
		json_object_set_new(m, "aic", lt_json_real(f->aic));
		json_object_set_new(m, "rss", lt_json_real(f->rss));
		json_object_set_new(m, "residual_sd",
		    lt_json_real(f->resid_sd));
		json_object_set_new(m, "parameters", abc(f->a, f->b, f->c));
		json_object_set_new(m, "standard_errors", abc(f->se_a,
		    f->se_b, f->se_c));
		json_object_set_new(o, lt_forecast_model_name(
		    (enum lt_forecast_model)k), m);
	}
	return o;
}

json_t *
lt_render_json_forecast(const struct lt_forecast_task *r)
{
	const struct lt_forecast *fc = &r->fc;
	const struct lt_forecast_fit *f = &fc->fit[fc->model ==
	    LT_FORECAST_AUTO ? 0 : fc->model];
	int ok = fc->status == LT_FORECAST_OK;
	json_t *o = json_object(), *v;

	json_object_set_new(o, "task", json_string(r->task));
	json_object_set_new(o, "metric", json_string(r->metric ? r->metric :
	    "performance_score"));
	json_object_set_new(o, "direction",
	    json_string(fc->mode == LT_STATS_MIN ? "min" : "max"));
	json_object_set_new(o, "x", json_string(r->x == LT_X_TIME ? "time" :
	    "episode"));
	json_object_set_new(o, "x_origin", lt_json_real(r->x_origin));
	json_object_set_new(o, "n", json_integer((json_int_t)fc->n));
	json_object_set_new(o, "status",
	    json_string(lt_forecast_status_name(fc->status)));
	json_object_set_new(o, "reason", ok ? json_null() :
	    json_string(r->reason));
	json_object_set_new(o, "model", fc->model == LT_FORECAST_AUTO ?
	    json_null() : json_string(lt_forecast_model_name(fc->model)));
	json_object_set_new(o, "asymptote", lt_json_real(fc->a));
	json_object_set_new(o, "asymptote_interval", ok ?
	    pair(fc->a_lo, fc->a_hi) : json_null());
	json_object_set_new(o, "confidence_level",
	    json_real(LT_FORECAST_LEVEL));
	json_object_set_new(o, "parameters", ok ? abc(f->a, f->b, f->c) :
	    json_null());
	json_object_set_new(o, "standard_errors", ok ? abc(f->se_a, f->se_b,
	    f->se_c) : json_null());
	json_object_set_new(o, "residual_sd", ok ? lt_json_real(f->resid_sd) :
	    json_null());
	json_object_set_new(o, "dof", ok ? json_integer((json_int_t)fc->dof) :
	    json_null());
	json_object_set_new(o, "models", forecast_models(fc));
	v = json_object();
	json_object_set_new(v, "intercept", lt_json_real(fc->line_intercept));
	json_object_set_new(v, "slope", lt_json_real(fc->line_slope));
	json_object_set_new(v, "rss", lt_json_real(fc->line_rss));
	json_object_set_new(v, "aic", lt_json_real(fc->line_aic));
	json_object_set_new(o, "line", v);
	v = json_null();
	if (!isnan(r->at)) {
		v = json_object();
		json_object_set_new(v, "at", lt_json_real(r->at));
		json_object_set_new(v, "score", lt_json_real(fc->at_y));
		json_object_set_new(v, "interval", ok ? pair(fc->at_lo,
		    fc->at_hi) : json_null());
	}
	json_object_set_new(o, "prediction", v);
	v = json_null();
	if (!isnan(fc->target)) {
		v = json_object();
		json_object_set_new(v, "value", lt_json_real(fc->target));
		json_object_set_new(v, "reach",
		    json_string(lt_forecast_reach_name(fc->reach)));
		json_object_set_new(v, "episode",
		    lt_json_real(r->target_episode));
		json_object_set_new(v, "timestamp",
		    lt_json_real(r->target_time));
	}
	json_object_set_new(o, "target", v);
	return o;
}

/*
 * The JSON style: each result's JSON, indented on a terminal.
 */

/* [lo, hi], or null when there is no interval. */
static json_t *
ci_pair(double lo, double hi)
{
	json_t *a;

	if (isnan(lo) || isnan(hi))
		return json_null();
	a = json_array();
	json_array_append_new(a, lt_json_real(lo));
	json_array_append_new(a, lt_json_real(hi));
	return a;
}

/* What the groups are: the score, the direction, and each group's runs,
 * into o. */
static json_t *
groups_head(const struct lt_groups *g)
{
	json_t *o = json_object();

	json_object_set_new(o, "score_name", json_string(g->score_name));
	json_object_set_new(o, "direction",
	    json_string(g->dir == LT_STATS_MIN ? "min" : "max"));
	return o;
}

static json_t *
group_runs(const struct lt_groups_group *gr, int summaries)
{
	json_t *a = json_array(), *r;
	size_t j;

	for (j = 0; j < gr->nruns; j++) {
		r = json_object();
		json_object_set_new(r, "log", json_string(gr->runs[j].log));
		json_object_set_new(r, "task", json_string(gr->runs[j].task));
		if (summaries) {
			json_object_set_new(r, "n",
			    json_integer((json_int_t)gr->runs[j].n));
			json_object_set_new(r, "summary",
			    lt_json_real(gr->runs[j].summary));
		}
		json_array_append_new(a, r);
	}
	return a;
}

json_t *
lt_render_json_compare(const struct lt_groups *gs)
{
	const struct lt_compare *r = gs->cmp;
	const struct lt_compare_group *g;
	json_t *o = groups_head(gs), *a = json_array(), *j;
	char v[256];
	size_t i;

	json_object_set_new(o, "unit", json_string(gs->unit ==
	    LT_COMPARE_SCORES ? "scores" : "runs"));
	json_object_set_new(o, "summary",
	    json_string(lt_compare_summary_name(gs->summary)));
	json_object_set_new(o, "last", json_integer((json_int_t)gs->last));
	json_object_set_new(o, "confidence", lt_json_real(r->opts.level));
	json_object_set_new(o, "bootstrap",
	    json_integer((json_int_t)r->opts.resamples));
	json_object_set_new(o, "seed", json_integer((json_int_t)r->opts.seed));
	for (i = 0; i < r->ngroups; i++) {
		g = &r->groups[i];
		j = json_object();
		json_object_set_new(j, "name", json_string(g->name));
		json_object_set_new(j, "runs", group_runs(&gs->v[i], 1));
		json_object_set_new(j, "n", json_integer((json_int_t)g->n));
		json_object_set_new(j, "mean", lt_json_real(g->mean));
		json_object_set_new(j, "sd", lt_json_real(g->sd));
		json_object_set_new(j, "min", lt_json_real(g->min));
		json_object_set_new(j, "max", lt_json_real(g->max));
		json_object_set_new(j, "median", lt_json_real(g->median));
		json_object_set_new(j, "iqm", lt_json_real(g->iqm));
		json_object_set_new(j, "mean_ci",
		    ci_pair(g->mean_lo, g->mean_hi));
		json_object_set_new(j, "iqm_ci", ci_pair(g->iqm_lo, g->iqm_hi));
		json_object_set_new(j, "verdict",
		    json_string(lt_compare_verdict_name(g->verdict)));
		lt_compare_verdict_format(r, i, v, sizeof(v));
		json_object_set_new(j, "verdict_text", json_string(v));
		json_object_set_new(j, "diff", lt_json_real(g->diff));
		json_object_set_new(j, "diff_ci",
		    ci_pair(g->diff_lo, g->diff_hi));
		json_object_set_new(j, "t", lt_json_real(g->t));
		json_object_set_new(j, "df", lt_json_real(g->df));
		json_object_set_new(j, "p_welch", lt_json_real(g->p_welch));
		json_object_set_new(j, "u", lt_json_real(g->u));
		json_object_set_new(j, "p_mwu", lt_json_real(g->p_mwu));
		json_object_set_new(j, "poi", lt_json_real(g->poi));
		json_object_set_new(j, "poi_ci", ci_pair(g->poi_lo, g->poi_hi));
		json_array_append_new(a, j);
	}
	json_object_set_new(o, "groups", a);
	return o;
}

json_t *
lt_render_json_compare_curves(const struct lt_groups *gs)
{
	static const char *const keys[] = { "episode", "n", "mean", "sd",
	    "lo", "hi" };
	const struct lt_compare_point *p;
	json_t *o = groups_head(gs), *a = json_array(), *j, *col[6];
	size_t i, k, c;

	json_object_set_new(o, "confidence", lt_json_real(gs->level));
	for (i = 0; i < gs->n; i++) {
		j = json_object();
		json_object_set_new(j, "name", json_string(gs->v[i].name));
		json_object_set_new(j, "runs", group_runs(&gs->v[i], 0));
		json_object_set_new(j, "repeats",
		    json_integer((json_int_t)gs->v[i].repeats));
		for (c = 0; c < 6; c++)
			json_object_set_new(j, keys[c], col[c] = json_array());
		for (k = 0; k < gs->v[i].npts; k++) {
			p = &gs->v[i].pts[k];
			json_array_append_new(col[0],
			    json_integer((json_int_t)p->step));
			json_array_append_new(col[1],
			    json_integer((json_int_t)p->n));
			json_array_append_new(col[2], lt_json_real(p->mean));
			json_array_append_new(col[3], lt_json_real(p->sd));
			json_array_append_new(col[4], lt_json_real(p->lo));
			json_array_append_new(col[5], lt_json_real(p->hi));
		}
		json_array_append_new(a, j);
	}
	json_object_set_new(o, "groups", a);
	return o;
}

static int
put(const struct lt_out *o, json_t *v)
{
	int rc = lt_out_json(o, v);

	json_decref(v);
	return rc;
}

static int
trend(const struct lt_out *o, const struct lt_trends *r)
{
	return put(o, lt_render_json_trends(r));
}

static int
curve(const struct lt_out *o, const struct lt_curve *c)
{
	return put(o, lt_render_json_curve(c));
}

static int
converge(const struct lt_out *o, const struct lt_conv *c)
{
	return put(o, lt_render_json_conv(c));
}

static int
report(const struct lt_out *o, const struct lt_report *r)
{
	return put(o, lt_render_json_report(r));
}

static int
metrics(const struct lt_out *o, const struct lt_metrics *m)
{
	return put(o, lt_render_json_metrics(m));
}

static int
goals(const struct lt_out *o, const struct lt_goal_list *l)
{
	return put(o, lt_render_json_goals(l));
}

static int
goal(const struct lt_out *o, const struct lt_goal *g)
{
	return put(o, lt_render_json_goal(g));
}

static int
goal_summary(const struct lt_out *o, const struct lt_goal_summary *s)
{
	return put(o, lt_render_json_goal_summary(s));
}

static int
compare(const struct lt_out *o, const struct lt_groups *g)
{
	return put(o, lt_render_json_compare(g));
}

static int
compare_curves(const struct lt_out *o, const struct lt_groups *g)
{
	return put(o, lt_render_json_compare_curves(g));
}

static int
forecast(const struct lt_out *o, const struct lt_forecast_task *r)
{
	return put(o, lt_render_json_forecast(r));
}

const struct lt_output_ops lt_render_json = {
	.trend = trend,
	.curve = curve,
	.converge = converge,
	.report = report,
	.metrics = metrics,
	.goals = goals,
	.goal = goal,
	.goal_summary = goal_summary,
	.compare = compare,
	.compare_curves = compare_curves,
	.forecast = forecast,
};
