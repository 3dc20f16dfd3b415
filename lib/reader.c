/*
 * reader.c - events out of log files, merged by time.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "reader.h"

struct source {
	char			*name;
	int			 fd;
	struct lt_lines		*lines;
	struct lt_lineproc	 lp;
	struct lt_event		 cur;
	int			 have;		/* cur holds an event */
	int			 done;
};

struct lt_reader {
	struct source		*src;
	size_t			 n;
	int			 started;
	size_t			 last;		/* source of the last event */
};

static int
source_open(struct source *s, const char *path,
    const struct lt_reader_opts *opts, struct lt_error *err)
{
	struct stat st;
	int in = strcmp(path, "-") == 0;

	s->name = lt_xstrdup(path);
	if (in)
		s->fd = STDIN_FILENO;
	else if ((s->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return lt_error_at(err, path, 0, "cannot open: %s",
		    strerror(errno));
	if (fstat(s->fd, &st) == 0 && S_ISDIR(st.st_mode))
		return lt_error_at(err, path, 0, "is a directory");
	s->lines = lt_lines_new(s->fd);
	lt_lineproc_init(&s->lp, s->name, in ? LT_FORMAT_AUTO :
	    lt_format_from_name(path), 0, 0, opts);
	return 0;
}

static void
source_close(struct source *s)
{
	lt_lines_free(s->lines);
	lt_lineproc_release(&s->lp);
	if (s->fd > STDIN_FILENO)
		close(s->fd);
	free(s->name);
}

/* Move s to its next good event.  Returns 1, 0 at its end, -1 on error. */
static int
source_advance(struct source *s, struct lt_error *err)
{
	char *line;
	size_t len;
	int rc, complete;

	s->have = 0;
	while (!s->done) {
		rc = lt_lines_next(s->lines, &line, &len, &complete);
		if (rc < 0)
			return lt_error_at(err, s->lp.name, s->lp.line + 1,
			    "cannot read: %s", strerror(errno));
		if (rc == 0) {
			s->done = 1;
			break;
		}
		if ((rc = lt_lineproc_line(&s->lp, line, len, &s->cur,
		    err)) != 0) {
			s->have = rc == 1;
			return rc;
		}
	}
	return 0;
}

struct lt_reader *
lt_reader_open(const char *const *paths, size_t n,
    const struct lt_reader_opts *opts, struct lt_error *err)
{
	struct lt_reader *r = lt_xcalloc(1, sizeof(*r));
	size_t i;

	r->src = lt_xcalloc(n ? n : 1, sizeof(*r->src));
	for (i = 0; i < n; i++) {
		r->n = i + 1;
		r->src[i].fd = -1;
		if (source_open(&r->src[i], paths[i], opts, err) != 0) {
			lt_reader_close(r);
			return NULL;
		}
	}
	return r;
}

int
lt_reader_next(struct lt_reader *r, struct lt_event *ev,
    struct lt_error *err)
{
	struct source *best = NULL;
	size_t i;

	if (!r->started) {
		r->started = 1;
		for (i = 0; i < r->n; i++)
			if (source_advance(&r->src[i], err) < 0)
				return -1;
	} else if (r->n > 0 && source_advance(&r->src[r->last], err) < 0)
		return -1;
	for (i = 0; i < r->n; i++) {
		if (!r->src[i].have)
			continue;
		if (best == NULL || r->src[i].cur.timestamp <
		    best->cur.timestamp) {
			best = &r->src[i];
			r->last = i;
		}
	}
	if (best == NULL)
		return 0;
	*ev = best->cur;
	return 1;
}

size_t
lt_reader_skipped(const struct lt_reader *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
		n += r->src[i].lp.skipped;
	return n;
}

void
lt_reader_close(struct lt_reader *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		source_close(&r->src[i]);
	free(r->src);
	free(r);
}
