/*
 * serve.c - the dashboard's HTTP server on libmicrohttpd (see serve.h).
 */
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <microhttpd.h>

#include "buf.h"
#include "groups.h"
#include "num.h"
#include "render.h"
#include "serve.h"

/* The page, built from serve_page.html: its lines, then NULL. */
extern const char *const lt_serve_page[];

/* The few functions of libmicrohttpd lt uses, found by dlsym. */
static struct {
	void	*so;
	struct MHD_Daemon *(*start_daemon)(unsigned int, uint16_t,
		    MHD_AcceptPolicyCallback, void *,
		    MHD_AccessHandlerCallback, void *, ...);
	void	 (*stop_daemon)(struct MHD_Daemon *);
	struct MHD_Response *(*from_buffer)(size_t, void *,
		    enum MHD_ResponseMemoryMode);
	enum MHD_Result (*add_header)(struct MHD_Response *, const char *,
		    const char *);
	enum MHD_Result (*queue)(struct MHD_Connection *, unsigned int,
		    struct MHD_Response *);
	void	 (*destroy)(struct MHD_Response *);
	int	 (*values)(struct MHD_Connection *, enum MHD_ValueKind,
		    MHD_KeyValueIterator, void *);
} mhd;

/* An answer of /api/learning/compare, kept until the logs change. */
struct kept {
	uint64_t	 gen;		/* lt_live_generation's when made */
	char		*key;		/* the query, canonical; NULL: none */
	unsigned	 status;
	char		*body;
	size_t		 len;
	unsigned long	 used;		/* when last used: the oldest goes */
};

struct lt_serve {
	struct MHD_Daemon	*d;
	struct lt_serve_opts	 o;
	unsigned		 port;
	char			 url[INET6_ADDRSTRLEN + 24];
	char			*page;		/* the page, whole */
	size_t			 pagelen;
	char			*torn;		/* the torn line last warned */
	long			 tornline;
	struct kept		 kept[LT_SERVE_COMPARE_KEPT];
	unsigned long		 uses;
};

/* A function of the library into *fnp (a function pointer of size sz):
 * dlsym gives a void *, which ISO C does not convert to a function. */
static int
sym(const char *name, void *fnp, size_t sz)
{
	void *p = dlsym(mhd.so, name);

	if (p == NULL || sz != sizeof(p))
		return -1;
	memcpy(fnp, &p, sz);
	return 0;
}

#define SYM(f, name)	sym(name, &mhd.f, sizeof(mhd.f))

static int
load_mhd(struct lt_error *err)
{
	if (mhd.so != NULL)
		return 0;
	if ((mhd.so = dlopen("libmicrohttpd.so.12", RTLD_NOW)) == NULL &&
	    (mhd.so = dlopen("libmicrohttpd.so", RTLD_NOW)) == NULL)
		return lt_error_set(err, "cannot load libmicrohttpd "
		    "(Debian: apt-get install libmicrohttpd12): %s",
		    dlerror());
	if (SYM(start_daemon, "MHD_start_daemon") != 0 ||
	    SYM(stop_daemon, "MHD_stop_daemon") != 0 ||
	    SYM(from_buffer, "MHD_create_response_from_buffer") != 0 ||
	    SYM(add_header, "MHD_add_response_header") != 0 ||
	    SYM(queue, "MHD_queue_response") != 0 ||
	    SYM(destroy, "MHD_destroy_response") != 0 ||
	    SYM(values, "MHD_get_connection_values") != 0) {
		dlclose(mhd.so);
		mhd.so = NULL;
		return lt_error_set(err, "libmicrohttpd lacks a function lt "
		    "needs: too old a version");
	}
	return 0;
}

int
lt_serve_address(const char *listen, struct sockaddr_storage *ss,
    socklen_t *len, int *loopback, struct lt_error *err)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon, *h;
	unsigned long port;
	size_t hl;
	char *end;

	memset(ss, 0, sizeof(*ss));
	if ((colon = strrchr(listen, ':')) == NULL)
		goto bad;
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || errno != 0 || port > 65535 ||
	    colon[1] == '-' || colon[1] == '+' || colon[1] == ' ')
		return lt_error_set(err, "--listen \"%s\": the port is not a "
		    "number from 0 to 65535", listen);
	hl = (size_t)(colon - listen);
	h = listen;
	if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
		h++;
		hl -= 2;
	} else if (memchr(h, ':', hl) != NULL)
		goto bad;	/* an IPv6 address needs its brackets */
	if (hl >= sizeof(host))
		goto bad;
	memcpy(host, h, hl);
	host[hl] = '\0';
	if (hl == 0)
		snprintf(host, sizeof(host), "127.0.0.1");
	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
		*len = sizeof(*in4);
		*loopback = (ntohl(in4->sin_addr.s_addr) >> 24) == 127;
		return 0;
	}
	if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*in6);
		*loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
		return 0;
	}
bad:
	return lt_error_set(err, "--listen \"%s\" is not ADDRESS:PORT (a "
	    "numeric IPv4 address, or an IPv6 one in brackets)", listen);
}

/*
 * Answering.
 */

/* What a request gets. */
struct reply {
	unsigned	 status;
	const char	*type;
	char		*body;		/* malloc'd */
	size_t		 len;
	int		 page;		/* the HTML page's headers */
};

/* The query's parameters, checked against the route's. */
#define QUERY_MAX	8

struct query {
	const char *const	*allowed;	/* NULL-ended */
	const char		*key[QUERY_MAX];
	const char		*val[QUERY_MAX];
	size_t			 n;
	char			 bad[160];	/* why it is refused */
};

static void
reply_error(struct reply *r, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
reply_error(struct reply *r, unsigned status, const char *fmt, ...)
{
	char msg[1024];
	json_t *j;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	free(r->body);
	j = json_pack("{s:s}", "error", msg);
	r->body = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	r->len = strlen(r->body);
	/* A line, as the commands end theirs. */
	r->body = lt_xrealloc(r->body, r->len + 2);
	memcpy(r->body + r->len, "\n", 2);
	r->len++;
	r->status = status;
	r->type = "application/json";
}

static void
reply_lt_error(struct reply *r, unsigned status, const struct lt_error *e)
{
	char buf[1024];

	lt_error_format(e, buf, sizeof(buf));
	reply_error(r, status, "%s", buf);
}

static enum MHD_Result
query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *val)
{
	struct query *q = cls;
	size_t i;

	(void)kind;
	if (q->bad[0] != '\0')
		return MHD_NO;
	for (i = 0; q->allowed != NULL && q->allowed[i] != NULL; i++)
		if (strcmp(q->allowed[i], key) == 0)
			break;
	if (q->allowed == NULL || q->allowed[i] == NULL) {
		snprintf(q->bad, sizeof(q->bad), "unknown parameter \"%.64s\"",
		    key);
		return MHD_NO;
	}
	for (i = 0; i < q->n; i++)
		if (strcmp(q->key[i], key) == 0) {
			snprintf(q->bad, sizeof(q->bad), "parameter \"%s\" "
			    "given twice", key);
			return MHD_NO;
		}
	if (q->n == QUERY_MAX) {
		snprintf(q->bad, sizeof(q->bad), "too many parameters");
		return MHD_NO;
	}
	q->key[q->n] = key;
	q->val[q->n++] = val != NULL ? val : "";
	return MHD_YES;
}

static const char *
query_get(const struct query *q, const char *key)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (strcmp(q->key[i], key) == 0)
			return q->val[i];
	return NULL;
}

/* The whole-number parameter key into *w (def when absent), min to max:
 * 0, or -1 with the reply a 400. */
static int
query_whole(const struct query *q, const char *key, long long def,
    long long min, long long max, long long *w, struct reply *r)
{
	const char *v = query_get(q, key);
	char *end;

	*w = def;
	if (v == NULL)
		return 0;
	errno = 0;
	*w = strtoll(v, &end, 10);
	if (*v < '0' || *v > '9' || *end != '\0' || errno != 0 || *w < min ||
	    *w > max) {
		reply_error(r, 400, "%s \"%.64s\" is not a whole number "
		    "from %lld to %lld", key, v, min, max);
		return -1;
	}
	return 0;
}

static int
query_window(const struct query *q, long def, long min, long max, long *w,
    struct reply *r)
{
	long long v;

	if (query_whole(q, "window", def, min, max, &v, r) != 0)
		return -1;
	*w = (long)v;
	return 0;
}

/* The task parameter: it must be given and not empty. */
static const char *
query_task(const struct query *q, int needed, struct reply *r)
{
	const char *t = query_get(q, "task");

	if (t == NULL && !needed)
		return NULL;
	if (t == NULL || *t == '\0')
		reply_error(r, 400, "parameter \"task\" is needed");
	return t != NULL && *t != '\0' ? t : NULL;
}

/* Warn once of a log's last line that stays unfinished. */
static void
warn_torn(struct lt_serve *s)
{
	struct lt_error e;
	const char *path;
	long line;

	if ((path = lt_live_torn(s->o.live, &line)) == NULL)
		return;
	if (s->torn != NULL && strcmp(s->torn, path) == 0 &&
	    s->tornline == line)
		return;
	free(s->torn);
	s->torn = lt_xstrdup(path);
	s->tornline = line;
	if (s->o.warn == NULL)
		return;
	lt_error_clear(&e);
	lt_error_at(&e, path, line, "the last line has no newline yet; it "
	    "is read once it is finished");
	s->o.warn(s->o.ctx, &e);
}

/* Read what the logs gained; with events, a log must exist.  Returns 0,
 * or -1 with the reply an error. */
static int
refresh(struct lt_serve *s, int events, struct reply *r)
{
	struct lt_error err;
	const char *missing;

	lt_error_clear(&err);
	if (lt_live_refresh(s->o.live, &err) < 0) {
		reply_lt_error(r, 500, &err);
		return -1;
	}
	warn_torn(s);
	if (events && (missing = lt_live_missing(s->o.live)) != NULL) {
		reply_error(r, 503, "%s: no such log (yet)", missing);
		return -1;
	}
	return 0;
}

/* Start writing a result as its command writes --json to a pipe. */
static FILE *
json_start(struct reply *r, struct lt_out *o)
{
	FILE *fp;

	/* As lt_xmalloc does, running out of memory ends the process. */
	if ((fp = open_memstream(&r->body, &r->len)) == NULL)
		abort();
	lt_render_init(o, fp, LT_STYLE_JSON);
	o->tty = 0;
	return fp;
}

static void
json_end(struct reply *r, FILE *fp, int rc)
{
	if (fclose(fp) != 0 || rc != 0) {
		reply_error(r, 500, "cannot write the answer");
		return;
	}
	r->status = 200;
	r->type = "application/json";
}

static double
now_of(const struct lt_serve *s)
{
	return isnan(s->o.now) ? lt_time_now() : s->o.now;
}

static void
route_metrics(struct lt_serve *s, const struct query *q, struct reply *r)
{
	struct lt_metrics m;
	struct lt_out o;
	FILE *fp;

	(void)q;
	if (refresh(s, 1, r) != 0)
		return;
	lt_live_metrics(s->o.live, &m);
	fp = json_start(r, &o);
	json_end(r, fp, o.ops->metrics(&o, &m));
}

static void
route_report(struct lt_serve *s, const struct query *q, struct reply *r)
{
	struct lt_report *rep;
	struct lt_error err;
	struct lt_out o;
	FILE *fp;

	(void)q;
	if (refresh(s, 1, r) != 0)
		return;
	if ((rep = lt_live_report(s->o.live, now_of(s), &err)) == NULL) {
		reply_lt_error(r, 500, &err);
		return;
	}
	fp = json_start(r, &o);
	json_end(r, fp, o.ops->report(&o, rep));
	lt_report_free(rep);
}

static void
route_goals(struct lt_serve *s, const struct query *q, struct reply *r)
{
	struct lt_goal_summary sum;
	struct lt_out o;
	FILE *fp;

	(void)q;
	if (refresh(s, 0, r) != 0)
		return;
	lt_live_now(s->o.live, now_of(s));
	lt_goals_summary(lt_live_goals(s->o.live), &sum);
	fp = json_start(r, &o);
	json_end(r, fp, o.ops->goal_summary(&o, &sum));
}

/* A task that has no events is 404; anything else wrong is 500. */
static void
reply_result_error(struct lt_serve *s, const char *task, struct reply *r,
    const struct lt_error *err)
{
	const struct lt_tasktab *t = lt_live_tasks(s->o.live);

	if (task != NULL && lt_tasktab_find(t, task, strlen(task)) < 0)
		reply_lt_error(r, 404, err);
	else
		reply_lt_error(r, 500, err);
}

static void
route_trend(struct lt_serve *s, const struct query *q, struct reply *r)
{
	struct lt_trends *t;
	struct lt_error err;
	const char *task;
	struct lt_out o;
	long window;
	FILE *fp;

	task = query_task(q, 0, r);
	if (r->status != 0 || query_window(q, LT_LIVE_TREND_WINDOW, 0,
	    LONG_MAX, &window, r) != 0 || refresh(s, 1, r) != 0)
		return;
	if ((t = lt_live_trend(s->o.live, task, window, &err)) == NULL) {
		reply_result_error(s, task, r, &err);
		return;
	}
	fp = json_start(r, &o);
	json_end(r, fp, o.ops->trend(&o, t));
	lt_trends_free(t);
}

/* The longest curve asked for: memory grows with it. */
#define CURVE_WINDOW_MAX	100000

static void
route_curve(struct lt_serve *s, const struct query *q, struct reply *r)
{
	struct lt_curve *c;
	struct lt_error err;
	const char *task, *smooth = query_get(q, "smooth");
	struct lt_smoother sm;
	struct lt_out o;
	long window;
	FILE *fp;

	if ((task = query_task(q, 1, r)) == NULL ||
	    query_window(q, LT_LIVE_CURVE_WINDOW, 1, CURVE_WINDOW_MAX,
	    &window, r) != 0)
		return;
	if (smooth != NULL) {
		if (lt_smoother_init(&sm, smooth, &err) != 0) {
			reply_error(r, 400, "smooth \"%.64s\": %s", smooth,
			    err.msg);
			return;
		}
		lt_smoother_release(&sm);
	}
	if (refresh(s, 1, r) != 0)
		return;
	if ((c = lt_live_curve(s->o.live, task, window, smooth,
	    &err)) == NULL) {
		reply_result_error(s, task, r, &err);
		return;
	}
	fp = json_start(r, &o);
	json_end(r, fp, o.ops->curve(&o, c));
	lt_curve_free(c);
}

/*
 * The comparison of lt compare without --group: several logs, each a run
 * (of task, or of the one task it holds); one log, each of its tasks (a
 * task named compares that task of that one log, which is one run, an
 * error as it is for the command).
 */

/* The comparison's parameters, as lt compare's options. */
struct cmpq {
	const char		*task;		/* NULL: each log's own */
	struct lt_groups_opts	 go;
	struct lt_compare_opts	 co;
	struct lt_buf		 key;		/* canonical, for kept */
};

/* Read the parameters into *c: 0 with c->key to release, or -1 with the
 * reply a 400. */
static int
compare_query(const struct query *q, struct cmpq *c, struct reply *r)
{
	const char *v;
	struct lt_error err;
	long long n;
	double d;
	char num[32];

	lt_groups_opts_init(&c->go);
	lt_compare_opts_init(&c->co);
	c->task = query_task(q, 0, r);
	if (r->status != 0)
		return -1;
	if (query_whole(q, "last", LT_GROUPS_LAST, 1, LT_SERVE_COMPARE_LAST,
	    &n, r) != 0)
		return -1;
	c->go.last = (size_t)n;
	if ((v = query_get(q, "summary")) != NULL &&
	    lt_compare_summary_parse(v, &c->go.summary, &err) != 0) {
		reply_error(r, 400, "summary \"%.64s\" is not last, best or "
		    "mean", v);
		return -1;
	}
	if ((v = query_get(q, "mode")) != NULL) {
		if (strcmp(v, "max") != 0 && strcmp(v, "min") != 0) {
			reply_error(r, 400, "mode \"%.64s\" is not max or min",
			    v);
			return -1;
		}
		c->go.dir_set = 1;
		c->go.dir = strcmp(v, "max") == 0 ? LT_STATS_MAX :
		    LT_STATS_MIN;
	}
	if ((v = query_get(q, "confidence")) != NULL) {
		if (lt_num_parse(v, strlen(v), &d) != 0 || !isfinite(d) ||
		    !(d > 0 && d < 100)) {
			reply_error(r, 400, "confidence \"%.64s\" is not a "
			    "percentage in (0, 100)", v);
			return -1;
		}
		c->go.level = c->co.level = d;
	}
	if (query_whole(q, "bootstrap", LT_COMPARE_RESAMPLES, 0,
	    LT_SERVE_COMPARE_RESAMPLES, &n, r) != 0)
		return -1;
	c->co.resamples = (size_t)n;
	if (query_whole(q, "seed", LT_COMPARE_SEED, 0, 0xffffffffLL, &n,
	    r) != 0)
		return -1;
	c->co.seed = (unsigned long)n;
	lt_num_format(c->co.level, num);
	lt_buf_init(&c->key);
	lt_buf_printf(&c->key, "%zu %d %d %d %s %zu %lu %s", c->go.last,
	    (int)c->go.summary, c->go.dir_set, (int)c->go.dir, num,
	    c->co.resamples, c->co.seed, c->task != NULL ? c->task : "");
	return 0;
}

/* The comparison made, into the reply. */
static void
compare_make(struct lt_serve *s, struct cmpq *c, struct reply *r)
{
	const struct lt_tasktab *t = lt_live_tasks(s->o.live);
	struct lt_groups_spec *specs = NULL;
	struct lt_groups *g = NULL;
	struct lt_error err;
	struct lt_out o;
	size_t i, n = 0;
	FILE *fp;

	c->go.task = c->task;
	c->go.ropts = s->o.ropts;
	/* What live does not keep is read from the logs (live.h): each bad
	 * line was warned of once already, as live read it. */
	c->go.ropts.warn = NULL;
	c->go.ropts.count_cache = NULL;		/* no file is written */
	if (s->o.npaths > 1 || c->task != NULL) {
		n = s->o.npaths;
		specs = lt_xcalloc(n, sizeof(*specs));
		for (i = 0; i < n; i++) {
			specs[i].name = s->o.paths[i];
			specs[i].members = &s->o.paths[i];
			specs[i].nmembers = 1;
		}
	} else
		c->go.log = s->o.paths[0];
	lt_error_clear(&err);
	if ((g = lt_live_compare(s->o.live, specs, n, &c->go, &err)) == NULL) {
		if (c->task != NULL &&
		    lt_tasktab_find(t, c->task, strlen(c->task)) < 0)
			reply_lt_error(r, 404, &err);
		else
			reply_lt_error(r, 409, &err);
	} else if (lt_groups_compare(g, &c->co, &err) != 0)
		reply_lt_error(r, 400, &err);
	else {
		fp = json_start(r, &o);
		json_end(r, fp, o.ops->compare(&o, g));
	}
	lt_groups_free(g);
	free(specs);
}

static void
route_compare(struct lt_serve *s, const struct query *q, struct reply *r)
{
	struct kept *k, *old;
	struct cmpq c;
	uint64_t gen;
	size_t i;

	if (compare_query(q, &c, r) != 0)
		return;
	if (refresh(s, 1, r) != 0) {
		lt_buf_release(&c.key);
		return;
	}
	gen = lt_live_generation(s->o.live);
	old = &s->kept[0];
	for (i = 0; i < LT_SERVE_COMPARE_KEPT; i++) {
		k = &s->kept[i];
		if (k->key != NULL && k->gen == gen &&
		    strcmp(k->key, c.key.data) == 0) {
			k->used = ++s->uses;
			r->status = k->status;
			r->type = "application/json";
			r->body = lt_xmalloc(k->len + 1);
			memcpy(r->body, k->body, k->len + 1);
			r->len = k->len;
			lt_buf_release(&c.key);
			return;
		}
		if (k->used < old->used)
			old = k;
	}
	compare_make(s, &c, r);
	if (r->status == 500) {
		/* An accident, not an answer to keep. */
		lt_buf_release(&c.key);
		return;
	}
	free(old->key);
	free(old->body);
	old->gen = gen;
	old->key = c.key.data;		/* taken */
	old->status = r->status;
	old->body = lt_xmalloc(r->len + 1);
	memcpy(old->body, r->body, r->len);
	old->body[r->len] = '\0';
	old->len = r->len;
	old->used = ++s->uses;
}

static void
route_page(struct lt_serve *s, const struct query *q, struct reply *r)
{
	(void)q;
	r->body = lt_xmalloc(s->pagelen + 1);
	memcpy(r->body, s->page, s->pagelen + 1);
	r->len = s->pagelen;
	r->status = 200;
	r->type = "text/html; charset=utf-8";
	r->page = 1;
}

static const char *const no_params[] = { NULL };
static const char *const trend_params[] = { "task", "window", NULL };
static const char *const curve_params[] = { "task", "window", "smooth",
	NULL };
static const char *const compare_params[] = { "task", "last", "summary",
	"mode", "confidence", "bootstrap", "seed", NULL };

static const struct route {
	const char		*path;
	const char *const	*params;
	void			(*fn)(struct lt_serve *, const struct query *,
				    struct reply *);
} routes[] = {
	{ "/",				no_params,	route_page },
	{ "/api/learning/compare",	compare_params,	route_compare },
	{ "/api/learning/curve",	curve_params,	route_curve },
	{ "/api/learning/goals",	no_params,	route_goals },
	{ "/api/learning/metrics",	no_params,	route_metrics },
	{ "/api/learning/report",	no_params,	route_report },
	{ "/api/learning/trend",	trend_params,	route_trend },
};

static enum MHD_Result
send_reply(struct MHD_Connection *c, struct reply *r, int allow)
{
	struct MHD_Response *resp;
	enum MHD_Result rc;

	resp = mhd.from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(r->body);
		return MHD_NO;
	}
	mhd.add_header(resp, "Content-Type", r->type);
	mhd.add_header(resp, "Cache-Control", "no-store");
	mhd.add_header(resp, "X-Content-Type-Options", "nosniff");
	if (allow)
		mhd.add_header(resp, "Allow", "GET, HEAD");
	if (r->page) {
		/* The page's own script and style, and requests to this
		 * server only. */
		mhd.add_header(resp, "Content-Security-Policy",
		    "default-src 'none'; script-src 'unsafe-inline'; "
		    "style-src 'unsafe-inline'; connect-src 'self'; "
		    "img-src data:; base-uri 'none'; form-action 'none'; "
		    "frame-ancestors 'none'");
		mhd.add_header(resp, "Referrer-Policy", "no-referrer");
	}
	rc = mhd.queue(c, r->status, resp);
	mhd.destroy(resp);
	return rc;
}

static enum MHD_Result
answer(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct lt_serve *s = cls;
	const struct route *rt = NULL;
	struct reply r = { 0 };
	struct query q = { 0 };
	size_t i;

	(void)version;
	(void)upload;
	(void)con_cls;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		reply_error(&r, 405, "method %.32s is not allowed: this "
		    "server only reads", method);
		return send_reply(c, &r, 1);
	}
	*upload_size = 0;
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (strcmp(routes[i].path, url) == 0)
			rt = &routes[i];
	if (rt == NULL) {
		reply_error(&r, 404, "no such page: the routes are /, "
		    "/api/learning/{metrics,report,goals,trend,curve,compare}");
		return send_reply(c, &r, 0);
	}
	q.allowed = rt->params;
	mhd.values(c, MHD_GET_ARGUMENT_KIND, query_arg, &q);
	if (q.bad[0] != '\0')
		reply_error(&r, 400, "%s", q.bad);
	else
		rt->fn(s, &q, &r);
	return send_reply(c, &r, 0);
}

/* The value of hex digit c, or -1. */
static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * libmicrohttpd decodes %XX in the path and the parameters with this.
 * A %00 stays as it is written: a NUL would end the C string early, and
 * "/api/learning/metrics%00/../x" must not be the metrics.
 */
static size_t
unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char *w = s, *r = s;
	unsigned v;
	int hi, lo;

	(void)cls;
	(void)c;
	for (; *r != '\0'; r++) {
		if (r[0] == '%' && (hi = hexval(r[1])) >= 0 &&
		    (lo = hexval(r[2])) >= 0 && (v = (unsigned)(hi << 4 |
		    lo)) != 0) {
			*w++ = (char)v;
			r += 2;
		} else
			*w++ = *r;
	}
	*w = '\0';
	return (size_t)(w - s);
}

/* The page, its lines joined. */
static void
page_build(struct lt_serve *s)
{
	struct lt_buf b;
	size_t i;

	lt_buf_init(&b);
	for (i = 0; lt_serve_page[i] != NULL; i++)
		lt_buf_add(&b, lt_serve_page[i], strlen(lt_serve_page[i]));
	s->page = b.data;
	s->pagelen = b.len;
}

struct lt_serve *
lt_serve_start(const struct sockaddr_storage *ss, socklen_t len,
    const struct lt_serve_opts *o, struct lt_error *err)
{
	struct sockaddr_storage bound;
	socklen_t blen = sizeof(bound);
	char host[INET6_ADDRSTRLEN];
	struct lt_serve *s;
	unsigned flags;
	int fd, one = 1;

	if (load_mhd(err) != 0)
		return NULL;
	fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		lt_error_set(err, "cannot make a socket: %s",
		    strerror(errno));
		return NULL;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (const struct sockaddr *)ss, len) != 0 ||
	    listen(fd, 64) != 0 ||
	    getsockname(fd, (struct sockaddr *)&bound, &blen) != 0) {
		lt_error_set(err, "cannot listen there: %s", strerror(errno));
		close(fd);
		return NULL;
	}
	s = lt_xcalloc(1, sizeof(*s));
	s->o = *o;
	s->port = ntohs(bound.ss_family == AF_INET6 ?
	    ((struct sockaddr_in6 *)&bound)->sin6_port :
	    ((struct sockaddr_in *)&bound)->sin_port);
	if (bound.ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&bound)->sin6_addr,
		    host, sizeof(host));
		snprintf(s->url, sizeof(s->url), "http://[%s]:%u/", host,
		    s->port);
	} else {
		inet_ntop(AF_INET, &((struct sockaddr_in *)&bound)->sin_addr,
		    host, sizeof(host));
		snprintf(s->url, sizeof(s->url), "http://%s:%u/", host,
		    s->port);
	}
	page_build(s);
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO;
	if (ss->ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->d = mhd.start_daemon(flags, 0, NULL, NULL, answer, s,
	    MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)LT_SERVE_CONNECTIONS,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)LT_SERVE_TIMEOUT,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)LT_SERVE_MEMORY,
	    MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
	    MHD_OPTION_END);
	if (s->d == NULL) {
		lt_error_set(err, "libmicrohttpd would not start");
		close(fd);
		free(s->page);
		free(s);
		return NULL;
	}
	return s;
}

unsigned
lt_serve_port(const struct lt_serve *s)
{
	return s->port;
}

const char *
lt_serve_url(const struct lt_serve *s)
{
	return s->url;
}

void
lt_serve_stop(struct lt_serve *s)
{
	size_t i;

	if (s == NULL)
		return;
	mhd.stop_daemon(s->d);
	for (i = 0; i < LT_SERVE_COMPARE_KEPT; i++) {
		free(s->kept[i].key);
		free(s->kept[i].body);
	}
	free(s->page);
	free(s->torn);
	free(s);
}
