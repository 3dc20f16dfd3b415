/*
 * fuzz.c - what the fuzz harnesses share (see fuzz.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fuzz.h"

static char *dir;

void
fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("fuzz: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

int
fuzz_memfd(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz", MFD_CLOEXEC);
	size_t off = 0;
	ssize_t n;

	if (fd < 0)
		fuzz_fail("memfd_create: %s", strerror(errno));
	while (off < size) {
		if ((n = write(fd, data + off, size - off)) <= 0)
			fuzz_fail("write: %s", strerror(errno));
		off += (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) != 0)
		fuzz_fail("lseek: %s", strerror(errno));
	return fd;
}

static int
remove_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	if (ftw->level > 0)
		(void)remove(path);
	return 0;
}

void
fuzz_clean(void)
{
	if (dir != NULL)
		(void)nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
remove_dir(void)
{
	fuzz_clean();
	(void)rmdir(dir);
}

const char *
fuzz_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	struct lt_buf b;

	if (dir != NULL)
		return dir;
	lt_buf_init(&b);
	lt_buf_printf(&b, "%s/lt-fuzz.XXXXXX", tmp != NULL && *tmp != '\0' ?
	    tmp : "/tmp");
	if (mkdtemp(b.data) == NULL)
		fuzz_fail("mkdtemp %s: %s", b.data, strerror(errno));
	dir = b.data;
	atexit(remove_dir);
	return dir;
}

int
fuzz_try_write(const char *path, const void *data, size_t size)
{
	char *slash, *d = lt_xstrdup(path);
	FILE *fp;
	int rc;

	for (slash = strchr(d + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		(void)mkdir(d, 0700);
		*slash = '/';
	}
	free(d);
	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	rc = fwrite(data, 1, size, fp) == size ? 0 : -1;
	if (fclose(fp) != 0)
		rc = -1;
	return rc;
}

void
fuzz_write(const char *path, const void *data, size_t size)
{
	char *slash, *d = lt_xstrdup(path);
	FILE *fp;

	for (slash = strchr(d + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		(void)mkdir(d, 0700);
		*slash = '/';
	}
	free(d);
	if ((fp = fopen(path, "w")) == NULL ||
	    fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
		fuzz_fail("cannot write %s: %s", path, strerror(errno));
}

static struct fuzz_item *
push(struct fuzz_list *l)
{
	l->v = lt_xgrow(l->v, &l->cap, l->n, sizeof(*l->v));
	memset(&l->v[l->n], 0, sizeof(l->v[l->n]));
	return &l->v[l->n++];
}

void
fuzz_list_event(struct fuzz_list *l, const struct lt_event *ev)
{
	struct fuzz_item *it = push(l);

	it->ev = *ev;
	it->ev.task = lt_xstrndup(ev->task, ev->task_len);
	it->ev.meta = lt_xstrndup(ev->meta, ev->meta_len);
}

void
fuzz_list_bad(struct fuzz_list *l, const struct lt_error *e)
{
	struct fuzz_item *it = push(l);

	it->bad = 1;
	it->line = e->line;
	it->msg = lt_xstrdup(e->msg);
}

void
fuzz_list_end(struct fuzz_list *l, int rc, const struct lt_error *e)
{
	char buf[1024];

	l->rc = rc;
	if (rc < 0 && e != NULL) {
		lt_error_format(e, buf, sizeof(buf));
		l->end = lt_xstrdup(buf);
	}
}

void
fuzz_list_free(struct fuzz_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free((char *)l->v[i].ev.task);
		free((char *)l->v[i].ev.meta);
		free(l->v[i].msg);
	}
	free(l->v);
	free(l->end);
	memset(l, 0, sizeof(*l));
}

static int
same_double(double a, double b)
{
	return memcmp(&a, &b, sizeof(a)) == 0;
}

int
fuzz_same_event(const struct lt_event *a, const struct lt_event *b)
{
	return same_double(a->timestamp, b->timestamp) &&
	    a->task_len == b->task_len &&
	    memcmp(a->task, b->task, a->task_len) == 0 &&
	    same_double(a->score, b->score) && same_double(a->lr, b->lr) &&
	    a->episode == b->episode && same_double(a->conv, b->conv) &&
	    a->meta_len == b->meta_len &&
	    memcmp(a->meta, b->meta, a->meta_len) == 0;
}

void
fuzz_list_compare(const char *what, const struct fuzz_list *a,
    const struct fuzz_list *b)
{
	const struct fuzz_item *x, *y;
	size_t i;

	for (i = 0; i < a->n && i < b->n; i++) {
		x = &a->v[i];
		y = &b->v[i];
		if (x->bad != y->bad)
			fuzz_fail("%s: item %zu: %s against %s", what, i,
			    x->bad ? x->msg : "an event",
			    y->bad ? y->msg : "an event");
		if (x->bad && (x->line != y->line ||
		    strcmp(x->msg, y->msg) != 0))
			fuzz_fail("%s: item %zu: line %ld %s against line %ld "
			    "%s", what, i, x->line, x->msg, y->line, y->msg);
		if (!x->bad && !fuzz_same_event(&x->ev, &y->ev))
			fuzz_fail("%s: item %zu: event %s %s against %s %s",
			    what, i, x->ev.task, x->ev.meta, y->ev.task,
			    y->ev.meta);
	}
	if (a->n != b->n)
		fuzz_fail("%s: %zu items against %zu", what, a->n, b->n);
	if (a->rc != b->rc || (a->end == NULL) != (b->end == NULL) ||
	    (a->end != NULL && strcmp(a->end, b->end) != 0))
		fuzz_fail("%s: ended %d (%s) against %d (%s)", what, a->rc,
		    a->end ? a->end : "", b->rc, b->end ? b->end : "");
}

void
fuzz_warn(void *ctx, const struct lt_error *e)
{
	fuzz_list_bad(ctx, e);
}
