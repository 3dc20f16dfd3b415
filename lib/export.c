/*
 * export.c - a log converted, or written as the class's export document,
 * one event at a time.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "buf.h"
#include "export.h"
#include "goal.h"
#include "json.h"
#include "render_json.h"
#include "scan.h"
#include "taskinfo.h"
#include "tempfile.h"

#define FLUSH_AT	(1u << 16)	/* bytes gathered before a write */
#define CONVERGED	0.01		/* the class's threshold */
#define FEED_BATCH	4096		/* events the report gets at once */
#define FEED_NBATCH	4		/* batches filled while one is read */

static int
put(FILE *fp, const char *name, struct lt_buf *b, struct lt_error *err)
{
	if (b->len > 0 && fwrite(b->data, 1, b->len, fp) != b->len)
		return lt_error_at(err, name, 0, "cannot write: %s",
		    strerror(errno));
	lt_buf_reset(b);
	return 0;
}

int
lt_export_convert(struct lt_events *r, const struct lt_sel *keep,
    enum lt_format f, FILE *fp, const char *name, uint64_t *n,
    struct lt_error *err)
{
	struct lt_tasktab seen = { 0 };
	struct lt_event ev;
	struct lt_buf b;
	uint64_t count = 0;
	int rc, added;

	lt_buf_init(&b);
	if (f == LT_FORMAT_CSV)
		lt_buf_adds(&b, lt_csv_header);
	while ((rc = lt_events_next(r, &ev, err)) == 1) {
		if (keep != NULL && !lt_sel_keeps(keep, &ev))
			continue;
		if (keep != NULL && keep->ntasks > 0)
			lt_tasktab_intern(&seen, ev.task, ev.task_len, &added);
		lt_format_encode(f, &ev, &b);
		count++;
		if (b.len >= FLUSH_AT && (rc = put(fp, name, &b, err)) != 0)
			break;
	}
	if (rc == 0)
		rc = put(fp, name, &b, err);
	/* A task named that has no events is a mistake to say. */
	if (rc == 0 && keep != NULL)
		rc = lt_sel_check_named(keep, &seen, err);
	lt_tasktab_release(&seen);
	lt_buf_release(&b);
	if (n != NULL)
		*n = count;
	return rc;
}

/* Append the convergence triple of ev: [timestamp, task_type,
 * convergence_metric]. */
static void
add_triple(const struct lt_event *ev, struct lt_buf *b)
{
	lt_buf_addc(b, '[');
	lt_json_add_real(b, ev->timestamp);
	lt_buf_addc(b, ',');
	lt_json_add_string(b, ev->task, ev->task_len);
	lt_buf_addc(b, ',');
	lt_json_add_real(b, ev->conv);
	lt_buf_addc(b, ']');
}

/* Copy the spooled convergence triples from tmp to fp. */
static int
copy_spool(FILE *tmp, FILE *fp, const char *name, struct lt_error *err)
{
	char buf[1 << 15];
	size_t n;

	if (fflush(tmp) != 0 || fseek(tmp, 0, SEEK_SET) != 0)
		return lt_error_set(err, "cannot read back a temporary file: "
		    "%s", strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), tmp)) > 0)
		if (fwrite(buf, 1, n, fp) != n)
			return lt_error_at(err, name, 0, "cannot write: %s",
			    strerror(errno));
	if (ferror(tmp))
		return lt_error_set(err, "cannot read back a temporary file");
	return 0;
}

/*
 * The report's state, fed the events selected in their order: on a
 * thread of its own when threads may be used (its pushes cost about a
 * third of what the writing thread, the document's bottleneck, spends on
 * the events), else on the caller's.  The events go in batches, a ring of
 * FEED_NBATCH; the one being filled is the producer's, a full one the
 * report thread's until it marks it free again.
 */
struct feed_batch {
	struct lt_event		 ev[FEED_BATCH];	/* task: see off */
	size_t			 off[FEED_BATCH];	/* each task in tasks */
	size_t			 n;
	struct lt_buf		 tasks;
	int			 full;
};

struct feed {
	struct lt_report_acc	*acc;
	int			 threaded;
	pthread_t		 th;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	struct feed_batch	*b;		/* FEED_NBATCH */
	size_t			 in, out;	/* batches filled, read */
	int			 done;
};

static void *
feed_thread(void *arg)
{
	struct feed *f = arg;
	struct feed_batch *b;
	size_t i;

	pthread_mutex_lock(&f->mu);
	for (;;) {
		b = &f->b[f->out % FEED_NBATCH];
		while (!b->full && !f->done)
			pthread_cond_wait(&f->cv, &f->mu);
		if (!b->full)
			break;
		pthread_mutex_unlock(&f->mu);
		for (i = 0; i < b->n; i++) {
			b->ev[i].task = b->tasks.data + b->off[i];
			lt_report_acc_push(f->acc, &b->ev[i]);
		}
		b->n = 0;
		lt_buf_reset(&b->tasks);
		pthread_mutex_lock(&f->mu);
		b->full = 0;
		f->out++;
		pthread_cond_broadcast(&f->cv);
	}
	pthread_mutex_unlock(&f->mu);
	return NULL;
}

/* Free the batches and the lock (the thread is gone or never was):
 * the events go to the report on the calling thread from now on. */
static void
feed_unthread(struct feed *f)
{
	size_t i;

	pthread_mutex_destroy(&f->mu);
	pthread_cond_destroy(&f->cv);
	for (i = 0; i < FEED_NBATCH; i++)
		lt_buf_release(&f->b[i].tasks);
	free(f->b);
	f->b = NULL;
	f->threaded = 0;
}

/* Start feeding acc, on a thread unless threads is 1 or none can be
 * made. */
static void
feed_start(struct feed *f, struct lt_report_acc *acc, unsigned threads)
{
	sigset_t old;
	size_t i;

	memset(f, 0, sizeof(*f));
	f->acc = acc;
	if (threads == 1)
		return;
	f->b = lt_xcalloc(FEED_NBATCH, sizeof(*f->b));
	for (i = 0; i < FEED_NBATCH; i++)
		lt_buf_init(&f->b[i].tasks);
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->cv, NULL);
	/* Signals stay with the thread that removes the temporary files. */
	lt_tempfile_block_signals(&old);
	f->threaded = pthread_create(&f->th, NULL, feed_thread, f) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!f->threaded)
		feed_unthread(f);
}

/* Hand the batch being filled to the report thread, and wait for the
 * next one to be free. */
static void
feed_hand(struct feed *f)
{
	pthread_mutex_lock(&f->mu);
	f->b[f->in % FEED_NBATCH].full = 1;
	f->in++;
	pthread_cond_broadcast(&f->cv);
	while (f->b[f->in % FEED_NBATCH].full)
		pthread_cond_wait(&f->cv, &f->mu);
	pthread_mutex_unlock(&f->mu);
}

/* Give ev (borrowed for the call) to the report. */
static void
feed_push(struct feed *f, const struct lt_event *ev)
{
	struct feed_batch *b;

	if (!f->threaded) {
		lt_report_acc_push(f->acc, ev);
		return;
	}
	b = &f->b[f->in % FEED_NBATCH];
	b->ev[b->n] = *ev;
	/* The report reads no metadata. */
	b->ev[b->n].meta = "";
	b->ev[b->n].meta_len = 0;
	b->off[b->n] = b->tasks.len;
	lt_buf_add(&b->tasks, ev->task, ev->task_len + 1);
	if (++b->n == FEED_BATCH)
		feed_hand(f);
}

/* Every event pushed is in the report once this returns; may be called
 * again. */
static void
feed_finish(struct feed *f)
{
	if (!f->threaded)
		return;
	pthread_mutex_lock(&f->mu);
	if (f->b[f->in % FEED_NBATCH].n > 0) {
		f->b[f->in % FEED_NBATCH].full = 1;
		f->in++;
	}
	f->done = 1;
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
	pthread_join(f->th, NULL);
	feed_unthread(f);
}

/*
 * What the document is made of besides the events.  Everything in it
 * comes from one pass over the logs: each event is written, pushed into
 * the report's state when selected, and into the linked goals whether
 * selected or not (they follow the whole logs).
 */
struct doc {
	const struct lt_sel	*sel;		/* the events it holds */
	double			 now;
	const char		*name;
	const char		*tmpdir;
	struct lt_goals		*goals;
	int			 linked;	/* lt_goals_linked */
	struct lt_taskinfos	*facts;		/* the logs' tasks files */
	struct lt_report_acc	*acc;
	struct feed		 feed;		/* into acc */
};

/* Write v and free it. */
static int
dump_to(FILE *fp, const char *name, json_t *v, struct lt_error *err)
{
	struct lt_buf b;
	int rc;

	lt_buf_init(&b);
	lt_json_dump(v, 0, &b);
	json_decref(v);
	rc = put(fp, name, &b, err);
	lt_buf_release(&b);
	return rc;
}

static int
write_goals(struct doc *d, FILE *fp, struct lt_error *err)
{
	struct lt_goal_list l = lt_goals_list(d->goals);

	return dump_to(fp, d->name, lt_render_json_goals(&l), err);
}

static int
write_report(struct doc *d, FILE *fp, struct lt_error *err)
{
	struct lt_report *r;
	json_t *v;

	if ((r = lt_report_acc_result(d->acc, d->now, d->goals, err)) == NULL)
		return -1;
	v = lt_render_json_report(r);
	lt_report_free(r);
	return dump_to(fp, d->name, v, err);
}

/* ,"tasks":{TASK: {"direction", "score_name", "times"}} for each task
 * selected that the tasks files say something of; nothing when there is
 * none, so that a log without a tasks file exports as the class did. */
static int
write_tasks(struct doc *d, FILE *fp, struct lt_error *err)
{
	const struct lt_taskinfos *facts = d->facts;
	const struct lt_taskinfo *f;
	struct lt_buf b;
	json_t *o = json_object(), *t;
	size_t i, j;
	int rc = 0;

	for (i = 0; i < lt_taskinfos_count(facts); i++) {
		f = lt_taskinfos_at(facts, i);
		for (j = 0; j < d->sel->ntasks; j++)
			if (strcmp(d->sel->tasks[j], f->task) == 0)
				break;
		if (d->sel->ntasks > 0 && j == d->sel->ntasks)
			continue;
		json_object_set_new(o, f->task, t = json_object());
		json_object_set_new(t, "direction",
		    json_string(lt_stats_mode_name(lt_taskinfo_dir(f))));
		json_object_set_new(t, "score_name",
		    json_string(lt_taskinfo_score_name(f)));
		json_object_set_new(t, "times",
		    json_string(f->times_order ? "order" : "measured"));
	}
	if (json_object_size(o) > 0) {
		lt_buf_init(&b);
		lt_buf_adds(&b, ",\n\"tasks\":");
		rc = put(fp, d->name, &b, err);
		lt_buf_release(&b);
		if (rc == 0)
			return dump_to(fp, d->name, o, err);
	}
	json_decref(o);
	return rc;
}

/* The document: the events of r as they come, the rest around them. */
static int
document(struct doc *d, struct lt_events *r, FILE *fp,
    struct lt_error *err)
{
	const char *name = d->name;
	struct lt_event ev;
	struct lt_buf b, c;
	uint64_t count = 0, conv = 0;
	FILE *tmp;
	int rc, fd;

	if ((fd = lt_tempfile_anon(d->tmpdir, err)) < 0)
		return -1;
	if ((tmp = fdopen(fd, "w+")) == NULL)
		abort();	/* only out of memory makes fdopen fail here */
	lt_buf_init(&b);
	lt_buf_init(&c);
	lt_buf_adds(&b, "{\"export_timestamp\":");
	lt_json_add_real(&b, d->now);
	lt_buf_adds(&b, ",\n\"learning_events\":[");
	while ((rc = lt_events_next(r, &ev, err)) == 1) {
		if (d->linked)
			lt_goals_push(d->goals, &ev);
		if (!lt_sel_keeps(d->sel, &ev))
			continue;
		feed_push(&d->feed, &ev);
		lt_buf_adds(&b, count++ == 0 ? "\n" : ",\n");
		lt_format_encode(LT_FORMAT_JSON, &ev, &b);
		if (ev.conv < CONVERGED) {
			lt_buf_adds(&c, conv++ == 0 ? "\n" : ",\n");
			add_triple(&ev, &c);
			if (c.len >= FLUSH_AT &&
			    (rc = put(tmp, "(temporary file)", &c, err)) != 0)
				break;
		}
		if (b.len >= FLUSH_AT && (rc = put(fp, name, &b, err)) != 0)
			break;
	}
	/* A task named that has no events is a mistake to say; the linked
	 * goals, all their values read, are estimated as lt_goals_load
	 * would. */
	feed_finish(&d->feed);
	if (rc != 0 ||
	    (rc = lt_sel_check_named(d->sel, lt_report_acc_tasks(d->acc),
	    err)) != 0)
		goto out;
	lt_goals_estimate(d->goals, d->facts, d->now);
	lt_buf_adds(&b, "\n],\n\"goals\":");
	if ((rc = put(fp, name, &b, err)) != 0 ||
	    (rc = write_goals(d, fp, err)) != 0 ||
	    (rc = put(tmp, "(temporary file)", &c, err)) != 0)
		goto out;
	lt_buf_adds(&b, ",\n\"convergence_history\":[");
	if ((rc = put(fp, name, &b, err)) != 0 ||
	    (rc = copy_spool(tmp, fp, name, err)) != 0)
		goto out;
	lt_buf_adds(&b, "\n],\n\"learning_report\":");
	if ((rc = put(fp, name, &b, err)) != 0 ||
	    (rc = write_report(d, fp, err)) != 0 ||
	    (rc = write_tasks(d, fp, err)) != 0)
		goto out;
	lt_buf_adds(&b, "}\n");
	rc = put(fp, name, &b, err);
out:
	fclose(tmp);
	lt_buf_release(&b);
	lt_buf_release(&c);
	return rc;
}

int
lt_export_class(const struct lt_sel *sel, const char *goals_path,
    const char *tmpdir, double now, FILE *fp, const char *name,
    size_t *skipped, struct lt_error *err)
{
	struct lt_reader_opts quiet = sel->ropts;
	struct lt_events *r = NULL;
	struct doc d;
	int rc = -1;

	memset(&d, 0, sizeof(d));
	d.sel = sel;
	d.now = now;
	d.name = name;
	d.tmpdir = tmpdir;
	*skipped = 0;
	/* The tasks files are read as lt report reads them, its warnings
	 * left to the events' pass; the goals log is replayed, and its
	 * linked goals get their values from that pass too, so the logs
	 * (standard input among them) are read once. */
	quiet.warn = NULL;
	if ((d.facts = lt_taskinfos_load(sel->paths, sel->npaths, &quiet,
	    err)) == NULL)
		return -1;
	if ((d.goals = lt_goals_load(goals_path, NULL, 0, now, &sel->ropts,
	    err)) == NULL)
		goto out;
	d.linked = lt_goals_linked(d.goals);
	if ((d.acc = lt_report_acc_new(0, err)) == NULL)
		goto out;
	lt_report_acc_facts(d.acc, d.facts, sel->mode);
	lt_report_acc_keep(d.acc, tmpdir);
	if ((r = lt_events_open(sel->paths, sel->npaths, &sel->ropts,
	    err)) == NULL)
		goto out;
	feed_start(&d.feed, d.acc, sel->ropts.threads);
	rc = document(&d, r, fp, err);
	feed_finish(&d.feed);
	*skipped = lt_events_skipped(r);
out:
	lt_events_close(r);
	lt_report_acc_free(d.acc);
	lt_goals_free(d.goals);
	lt_taskinfos_free(d.facts);
	return rc;
}
