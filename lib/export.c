/*
 * export.c - a log converted, or written as the class's export document,
 * one event at a time.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "buf.h"
#include "export.h"
#include "goal.h"
#include "json.h"
#include "render_json.h"

#define FLUSH_AT	(1u << 16)	/* bytes gathered before a write */

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
lt_export_convert(struct lt_reader *r, enum lt_format f, FILE *fp,
    const char *name, uint64_t *n, struct lt_error *err)
{
	struct lt_event ev;
	struct lt_buf b;
	uint64_t count = 0;
	int rc;

	lt_buf_init(&b);
	if (f == LT_FORMAT_CSV)
		lt_buf_adds(&b, lt_csv_header);
	while ((rc = lt_reader_next(r, &ev, err)) == 1) {
		lt_format_encode(f, &ev, &b);
		count++;
		if (b.len >= FLUSH_AT && (rc = put(fp, name, &b, err)) != 0)
			break;
	}
	if (rc == 0)
		rc = put(fp, name, &b, err);
	lt_buf_release(&b);
	if (n != NULL)
		*n = count;
	return rc;
}

/*
 * Append the event as the class's LearningEvent object.  The metadata is
 * already the canonical text lt_json_dump gives (the decoder normalizes
 * it), so it is spliced in rather than parsed again for every event.
 */
static void
dump_event(const struct lt_event *ev, struct lt_buf *b)
{
	json_t *o = json_object();

	json_object_set_new(o, "timestamp", lt_json_real(ev->timestamp));
	json_object_set_new(o, "task_type", json_stringn(ev->task,
	    ev->task_len));
	json_object_set_new(o, "performance_score", lt_json_real(ev->score));
	json_object_set_new(o, "learning_rate", lt_json_real(ev->lr));
	json_object_set_new(o, "episode_count", json_integer(ev->episode));
	json_object_set_new(o, "convergence_metric", lt_json_real(ev->conv));
	lt_json_dump(o, 0, b);
	json_decref(o);
	b->len--;	/* the closing brace */
	lt_buf_adds(b, ",\"metadata\":");
	lt_buf_add(b, ev->meta, ev->meta_len);
	lt_buf_addc(b, '}');
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

int
lt_export_document(struct lt_reader *r, double now,
    const struct lt_export_parts *parts, FILE *fp, const char *name,
    uint64_t *n, struct lt_error *err)
{
	struct lt_event ev;
	struct lt_buf b, c;
	json_t *v;
	FILE *tmp;
	uint64_t count = 0, conv = 0;
	int rc;

	if ((tmp = tmpfile()) == NULL)
		return lt_error_set(err, "cannot make a temporary file: %s",
		    strerror(errno));
	lt_buf_init(&b);
	lt_buf_init(&c);
	lt_buf_adds(&b, "{\"export_timestamp\":");
	v = lt_json_real(now);
	lt_json_dump(v, 0, &b);
	json_decref(v);
	lt_buf_adds(&b, ",\n\"learning_events\":[");
	while ((rc = lt_reader_next(r, &ev, err)) == 1) {
		lt_buf_adds(&b, count++ == 0 ? "\n" : ",\n");
		dump_event(&ev, &b);
		if (ev.conv < LT_EXPORT_CONVERGED) {
			lt_buf_adds(&c, conv++ == 0 ? "\n" : ",\n");
			v = json_pack("[o,s%,o]", lt_json_real(ev.timestamp),
			    ev.task, ev.task_len, lt_json_real(ev.conv));
			lt_json_dump(v, 0, &c);
			json_decref(v);
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
	    (rc = parts->goals(parts->ctx, fp, err)) != 0 ||
	    (rc = put(tmp, "(temporary file)", &c, err)) != 0)
		goto out;
	lt_buf_adds(&b, ",\n\"convergence_history\":[");
	if ((rc = put(fp, name, &b, err)) != 0 ||
	    (rc = copy_spool(tmp, fp, name, err)) != 0)
		goto out;
	lt_buf_adds(&b, "\n],\n\"learning_report\":");
	if ((rc = put(fp, name, &b, err)) != 0 ||
	    (rc = parts->report(parts->ctx, fp, err)) != 0)
		goto out;
	lt_buf_adds(&b, "}\n");
	rc = put(fp, name, &b, err);
out:
	fclose(tmp);
	lt_buf_release(&b);
	lt_buf_release(&c);
	if (n != NULL)
		*n = count;
	return rc;
}

/* What the document's goal list and report are made from. */
struct class_parts {
	struct lt_goals		*goals;
	struct lt_sel		 sel;
	double			 now;
	const char		*name;
};

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
class_goals(void *ctx, FILE *fp, struct lt_error *err)
{
	struct class_parts *p = ctx;
	struct lt_goal_list l = lt_goals_list(p->goals);

	return dump_to(fp, p->name, lt_render_json_goals(&l), err);
}

static int
class_report(void *ctx, FILE *fp, struct lt_error *err)
{
	struct class_parts *p = ctx;
	struct lt_report *r;
	json_t *v;

	if ((r = lt_analysis_report(&p->sel, 0, p->now, p->goals,
	    err)) == NULL)
		return -1;
	v = lt_render_json_report(r);
	lt_report_free(r);
	return dump_to(fp, p->name, v, err);
}

/* Copy standard input to a new temporary file; its path in *path
 * (caller unlinks and frees).  Returns 0, or -1 with err. */
static int
spool_stdin(char **path, struct lt_error *err)
{
	const char *dir = getenv("TMPDIR");
	char buf[1 << 16];
	struct lt_buf b;
	ssize_t n, w, off;
	int fd;

	lt_buf_init(&b);
	lt_buf_printf(&b, "%s/lt-export.XXXXXX", dir != NULL && *dir != '\0' ?
	    dir : "/tmp");
	if ((fd = mkostemp(b.data, O_CLOEXEC)) < 0) {
		lt_error_set(err, "cannot make a temporary file in %s: %s",
		    dir != NULL && *dir != '\0' ? dir : "/tmp",
		    strerror(errno));
		lt_buf_release(&b);
		return -1;
	}
	*path = b.data;
	for (;;) {
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (off = 0; off < n; off += w) {
			w = write(fd, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				w = 0;
			else if (w < 0)
				goto fail;
		}
	}
	if (n < 0)
		goto fail;
	close(fd);
	return 0;
fail:
	lt_error_set(err, "cannot copy standard input to %s: %s", *path,
	    strerror(errno));
	close(fd);
	unlink(*path);
	free(*path);
	*path = NULL;
	return -1;
}

/* Standard input, read from its copy, keeps its name in messages. */
struct stdin_name {
	const struct lt_reader_opts	*opts;
	const char			*spooled;
};

static void
rename_stdin(const char *spooled, struct lt_error *e)
{
	if (spooled != NULL && strcmp(e->file, spooled) == 0)
		snprintf(e->file, sizeof(e->file), "(stdin)");
}

static void
warn_stdin(void *ctx, const struct lt_error *e)
{
	struct stdin_name *sn = ctx;
	struct lt_error copy = *e;

	rename_stdin(sn->spooled, &copy);
	if (sn->opts->warn != NULL)
		sn->opts->warn(sn->opts->ctx, &copy);
}

int
lt_export_class(const char *const *paths, size_t n, const char *goals_path,
    const struct lt_reader_opts *ropts, double now, FILE *fp,
    const char *name, size_t *skipped, struct lt_error *err)
{
	struct lt_export_parts parts = { class_goals, class_report, NULL };
	struct stdin_name sn = { ropts, NULL };
	struct lt_reader_opts ro = { ropts->flags, warn_stdin, &sn };
	struct class_parts p;
	struct lt_reader *r = NULL;
	const char **logs;
	char *spooled = NULL;
	size_t i;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	logs = lt_xcalloc(n, sizeof(*logs));
	for (i = 0; i < n; i++) {
		logs[i] = paths[i];
		if (strcmp(paths[i], "-") != 0)
			continue;
		if (spooled == NULL && spool_stdin(&spooled, err) != 0)
			goto out;
		logs[i] = spooled;
	}
	sn.spooled = spooled;
	p.now = now;
	p.name = name;
	p.goals = lt_goals_load(goals_path, logs, n, now, &ro, err);
	if (p.goals == NULL)
		goto out;
	lt_sel_init(&p.sel);
	p.sel.paths = logs;
	p.sel.npaths = n;
	/* The events' pass has warned of each bad line already. */
	p.sel.ropts.flags = ropts->flags;
	parts.ctx = &p;
	if ((r = lt_reader_open(logs, n, &ro, err)) != NULL)
		rc = lt_export_document(r, now, &parts, fp, name, NULL, err);
	*skipped = r != NULL ? lt_reader_skipped(r) : 0;
out:
	if (rc != 0)
		rename_stdin(spooled, err);
	lt_reader_close(r);
	if (p.goals != NULL)
		lt_goals_free(p.goals);
	if (spooled != NULL) {
		unlink(spooled);
		free(spooled);
	}
	free(logs);
	return rc;
}
