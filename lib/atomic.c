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
	struct lt_buf tmpl;
	const char *base;
	char *dir;
	struct stat st;
	int e;

	memset(a, 0, sizeof(*a));
	a->fd = -1;
	base = strrchr(path, '/');
	base = base == NULL ? path : base + 1;
	if ((stat(path, &st) == 0 && S_ISDIR(st.st_mode)) || *base == '\0') {
		errno = EISDIR;
		return lt_error_at(err, path, 0, "is a directory");
	}
	/* Renaming over /dev/null or a FIFO would replace it with a file. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		errno = EINVAL;
		return lt_error_at(err, path, 0, "is not a regular file");
	}
	dir = lt_atomic_dirname(path);
	lt_buf_init(&tmpl);
	lt_buf_printf(&tmpl, "%s/.%s.XXXXXX", dir, base);
	free(dir);
	a->tmp = lt_tempfile_new(tmpl.data, mode, err);
	e = errno;
	lt_buf_release(&tmpl);
	if (a->tmp == NULL) {
		lt_error_at(err, path, 0, "cannot create a temporary file "
		    "beside it: %s", strerror(e));
		errno = e;
		return -1;
	}
	a->fd = lt_tempfile_fd(a->tmp);
	a->path = lt_xstrdup(path);
	return 0;
}

mode_t
lt_atomic_mode(const char *path)
{
	struct stat st;
	mode_t mask;

	if (stat(path, &st) == 0)
		return st.st_mode & 07777;
	mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

FILE *
lt_atomic_stream(struct lt_atomic *a)
{
	return a->tmp != NULL ? lt_tempfile_stream(a->tmp) : NULL;
}

int
lt_atomic_commit(struct lt_atomic *a, struct lt_error *err)
{
	struct lt_tempfile *t = a->tmp;
	char *dir;
	int rc;

	a->tmp = NULL;
	a->fd = -1;
	if (lt_tempfile_close(t, 1, err) != 0) {
		if (err != NULL)
			snprintf(err->file, sizeof(err->file), "%s", a->path);
		lt_tempfile_delete(t);
		return -1;
	}
	if (lt_tempfile_rename(t, a->path, err) != 0)
		return -1;
	dir = lt_atomic_dirname(a->path);
	rc = lt_atomic_sync_dir(dir, err);
	free(dir);
	return rc;
}

void
lt_atomic_release(struct lt_atomic *a)
{
	lt_tempfile_delete(a->tmp);
	a->tmp = NULL;
	a->fd = -1;
	free(a->path);
	a->path = NULL;
}
