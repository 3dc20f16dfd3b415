/*
 * export.c - a log converted, or written as the class's export document,
 * one event at a time.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* What the document is made of besides the events. */
struct doc {
	struct lt_goals		*goals;
	struct lt_sel		 sel;		/* the events it holds */
	double			 now;
	const char		*name;
	const char		*tmpdir;
	/* The report, made on a thread of its own while the events stream:
	 * it reads the log again, and that second pass then costs little
	 * time where there is a second core. */
	pthread_t		 th;
	int			 started;
	struct lt_report	*report;
	struct lt_error		 err;
};

static void *
report_thread(void *arg)
{
	struct doc *d = arg;

	/* The goals are only read, here and by write_goals. */
	d->report = lt_analysis_report(&d->sel, 0, d->now, d->goals,
	    &d->err);
	return NULL;
}

/* Start the report, on a thread when one can be made. */
static void
report_start(struct doc *d)
{
	sigset_t old;

	lt_tempfile_block_signals(&old);
	d->started = pthread_create(&d->th, NULL, report_thread, d) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!d->started)
		report_thread(d);
}

/* Wait for the report; the result is in d->report (NULL: d->err). */
static void
report_wait(struct doc *d)
{
	if (d->started)
		pthread_join(d->th, NULL);
	d->started = 0;
}

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
	json_t *v;

	report_wait(d);
	if (d->report == NULL) {
		*err = d->err;
		return -1;
	}
	v = lt_render_json_report(d->report);
	lt_report_free(d->report);
	d->report = NULL;
	return dump_to(fp, d->name, v, err);
}

/* ,"tasks":{TASK: {"direction", "score_name", "times"}} for each task
 * selected that the tasks files say something of; nothing when there is
 * none, so that a log without a tasks file exports as the class did. */
static int
write_tasks(struct doc *d, FILE *fp, struct lt_error *err)
{
	struct lt_reader_opts quiet = { 0 };
	struct lt_taskinfos *facts;
	const struct lt_taskinfo *f;
	struct lt_buf b;
	json_t *o = json_object(), *t;
	size_t i, j;
	int rc = 0;

	if ((facts = lt_taskinfos_load(d->sel.paths, d->sel.npaths, &quiet,
	    err)) == NULL) {
		json_decref(o);
		return -1;
	}
	for (i = 0; i < lt_taskinfos_count(facts); i++) {
		f = lt_taskinfos_at(facts, i);
		for (j = 0; j < d->sel.ntasks; j++)
			if (strcmp(d->sel.tasks[j], f->task) == 0)
				break;
		if (d->sel.ntasks > 0 && j == d->sel.ntasks)
			continue;
		json_object_set_new(o, f->task, t = json_object());
		json_object_set_new(t, "direction",
		    json_string(lt_stats_mode_name(lt_taskinfo_dir(f))));
		json_object_set_new(t, "score_name",
		    json_string(lt_taskinfo_score_name(f)));
		json_object_set_new(t, "times",
		    json_string(f->times_order ? "order" : "measured"));
	}
	lt_taskinfos_free(facts);
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
		if (!lt_sel_keeps(&d->sel, &ev))
			continue;
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
	if (rc != 0)
		goto out;
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
	const struct lt_reader_opts *ropts = &sel->ropts;
	struct doc p;
	struct lt_events *r = NULL;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	p.now = now;
	p.name = name;
	p.tmpdir = tmpdir;
	p.goals = lt_goals_load(goals_path, sel->paths, sel->npaths, now,
	    ropts, err);
	if (p.goals == NULL)
		return -1;
	/* The selection's events, and its report (its tasks and span, of
	 * the logs read again).  The events' pass warns of each bad line;
	 * the report's runs beside it, on one thread. */
	p.sel = *sel;
	p.sel.ropts.warn = NULL;
	p.sel.ropts.threads = 1;
	if ((r = lt_events_open(sel->paths, sel->npaths, ropts, err)) != NULL) {
		report_start(&p);
		rc = document(&p, r, fp, err);
	}
	*skipped = r != NULL ? lt_events_skipped(r) : 0;
	report_wait(&p);
	lt_report_free(p.report);
	lt_events_close(r);
	lt_goals_free(p.goals);
	return rc;
}
