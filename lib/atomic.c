/*
 * atomic.c - whole-file replacement through a temporary and rename(2).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "buf.h"

char *
lt_atomic_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return lt_xstrdup(".");
	if (slash == path)
		return lt_xstrdup("/");
	return lt_xstrndup(path, (size_t)(slash - path));
}

int
lt_atomic_sync_dir(const char *dir, struct lt_error *err)
{
	int fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return lt_error_at(err, dir, 0, "cannot open the directory: "
		    "%s", strerror(errno));
	rc = fsync(fd);
	close(fd);
	if (rc != 0)
		return lt_error_at(err, dir, 0, "cannot sync the directory: "
		    "%s", strerror(errno));
	return 0;
}

int
lt_atomic_open(struct lt_atomic *a, const char *path, mode_t mode,
    struct lt_error *err)
{
	struct lt_buf tmp;
	const char *base;
	char *dir;
	struct stat st;

	memset(a, 0, sizeof(*a));
	a->fd = -1;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return lt_error_at(err, path, 0, "is a directory");
	/* Renaming over /dev/null or a FIFO would replace it with a file. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return lt_error_at(err, path, 0, "is not a regular file");
	base = strrchr(path, '/');
	base = base == NULL ? path : base + 1;
	if (*base == '\0')
		return lt_error_at(err, path, 0, "is a directory");
	dir = lt_atomic_dirname(path);
	lt_buf_init(&tmp);
	lt_buf_printf(&tmp, "%s/.%s.XXXXXX", dir, base);
	free(dir);
	if ((a->fd = mkostemp(tmp.data, O_CLOEXEC)) < 0) {
		lt_error_at(err, path, 0, "cannot create a temporary file "
		    "beside it: %s", strerror(errno));
		lt_buf_release(&tmp);
		return -1;
	}
	a->tmp = tmp.data;
	a->path = lt_xstrdup(path);
	if (fchmod(a->fd, mode & 07777) != 0) {
		lt_error_at(err, a->tmp, 0, "cannot set its mode: %s",
		    strerror(errno));
		lt_atomic_release(a);
		return -1;
	}
	return 0;
}

FILE *
lt_atomic_stream(struct lt_atomic *a)
{
	if (a->fp == NULL && a->fd >= 0 &&
	    (a->fp = fdopen(a->fd, "w")) == NULL)
		abort();	/* only out of memory makes fdopen fail here */
	return a->fp;
}

int
lt_atomic_commit(struct lt_atomic *a, struct lt_error *err)
{
	char *dir;
	int rc;

	if (a->fp != NULL && (fflush(a->fp) != 0 || ferror(a->fp))) {
		lt_error_at(err, a->path, 0, "cannot write: %s",
		    strerror(errno));
		goto fail;
	}
	if (fsync(a->fd) != 0) {
		lt_error_at(err, a->path, 0, "cannot sync: %s",
		    strerror(errno));
		goto fail;
	}
	if (rename(a->tmp, a->path) != 0) {
		lt_error_at(err, a->path, 0, "cannot rename %s over it: %s",
		    a->tmp, strerror(errno));
		goto fail;
	}
	free(a->tmp);
	a->tmp = NULL;
	dir = lt_atomic_dirname(a->path);
	rc = lt_atomic_sync_dir(dir, err);
	free(dir);
	return rc;
fail:
	lt_atomic_release(a);
	return -1;
}

void
lt_atomic_release(struct lt_atomic *a)
{
	if (a->fp != NULL)
		fclose(a->fp);
	else if (a->fd >= 0)
		close(a->fd);
	a->fp = NULL;
	a->fd = -1;
	if (a->tmp != NULL)
		unlink(a->tmp);
	free(a->tmp);
	a->tmp = NULL;
	free(a->path);
	a->path = NULL;
}
