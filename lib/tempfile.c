/*
 * tempfile.c - temporary files removed at exit and on the signals that
 * end a process.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "tempfile.h"

/* The registered files.  Changed only with the signals below blocked in
 * the changing thread, and read by the handler. */
static struct lt_tempfile *volatile registry;

static const int signals[] = { SIGHUP, SIGINT, SIGPIPE, SIGTERM };
#define NSIGNALS	(sizeof(signals) / sizeof(signals[0]))

/* What each signal did before the handler was installed. */
static struct sigaction before[NSIGNALS];

/* Remove the files this process registered: async-signal-safe; also
 * run at exit. */
static void
remove_all(void)
{
	struct lt_tempfile *t;
	pid_t me = getpid();

	for (t = registry; t != NULL; t = t->next)
		if (t->owner == me)
			(void)unlink(t->path);
}

static void
on_signal(int sig)
{
	int saved = errno;
	size_t i;

	remove_all();
	for (i = 0; i < NSIGNALS; i++)
		if (signals[i] == sig)
			sigaction(sig, &before[i], NULL);
	/* Blocked until this handler returns, then delivered under the old
	 * disposition: the default ends the process as the signal would. */
	raise(sig);
	errno = saved;
}

static void
install(void)
{
	static int done;
	struct sigaction sa;
	size_t i;

	if (done)
		return;
	done = 1;
	atexit(remove_all);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NSIGNALS; i++) {
		if (sigaction(signals[i], NULL, &before[i]) != 0 ||
		    before[i].sa_handler == SIG_IGN)
			continue;
		sigaction(signals[i], &sa, NULL);
	}
}

void
lt_tempfile_block_signals(sigset_t *old)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < NSIGNALS; i++)
		sigaddset(&set, signals[i]);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

struct lt_tempfile *
lt_tempfile_new(const char *tmpl, mode_t mode, struct lt_error *err)
{
	struct lt_tempfile *t = lt_xcalloc(1, sizeof(*t));
	sigset_t old;
	int e;

	t->path = lt_xstrdup(tmpl);
	t->owner = getpid();
	install();
	/* Made and registered with no signal in between. */
	lt_tempfile_block_signals(&old);
	if ((t->fd = mkostemp(t->path, O_CLOEXEC)) >= 0) {
		t->next = registry;
		registry = t;
	}
	e = errno;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (t->fd < 0) {
		lt_error_set(err, "cannot create a temporary file %s: %s", tmpl,
		    strerror(e));
		free(t->path);
		free(t);
		errno = e;
		return NULL;
	}
	if ((mode & 07777) != 0600 && fchmod(t->fd, mode & 07777) != 0) {
		e = errno;
		lt_error_set(err, "cannot set the mode of %s: %s", t->path,
		    strerror(e));
		lt_tempfile_delete(t);
		errno = e;
		return NULL;
	}
	return t;
}

FILE *
lt_tempfile_stream(struct lt_tempfile *t)
{
	if (t->fp == NULL && t->fd >= 0 &&
	    (t->fp = fdopen(t->fd, "w+")) == NULL)
		abort();	/* only out of memory makes fdopen fail here */
	return t->fp;
}

int
lt_tempfile_close(struct lt_tempfile *t, int sync, struct lt_error *err)
{
	int rc = 0, e = 0;

	if (t->fp != NULL && (fflush(t->fp) != 0 || ferror(t->fp))) {
		e = errno;
		rc = lt_error_set(err, "cannot write: %s", strerror(e));
	}
	if (rc == 0 && sync && t->fd >= 0 && fsync(t->fd) != 0) {
		e = errno;
		rc = lt_error_set(err, "cannot sync: %s", strerror(e));
	}
	if (t->fp != NULL)
		fclose(t->fp);
	else if (t->fd >= 0)
		close(t->fd);
	t->fp = NULL;
	t->fd = -1;
	errno = e;
	return rc;
}

/* Take t out of the registry and free it; its file is left as it is. */
static void
forget(struct lt_tempfile *t)
{
	struct lt_tempfile *volatile *p;
	sigset_t old;

	lt_tempfile_block_signals(&old);
	for (p = &registry; *p != NULL; p = &(*p)->next)
		if (*p == t) {
			*p = t->next;
			break;
		}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	free(t->path);
	free(t);
}

int
lt_tempfile_rename(struct lt_tempfile *t, const char *path,
    struct lt_error *err)
{
	int e;

	if (lt_tempfile_close(t, 0, err) != 0) {
		e = errno;
		lt_tempfile_delete(t);
		errno = e;
		return -1;
	}
	/* Renamed before it is forgotten: a signal in between removes a
	 * name that is gone, never leaves the file behind. */
	if (rename(t->path, path) != 0) {
		e = errno;
		lt_error_at(err, path, 0, "cannot rename %s over it: %s",
		    t->path, strerror(e));
		lt_tempfile_delete(t);
		errno = e;
		return -1;
	}
	forget(t);
	return 0;
}

void
lt_tempfile_delete(struct lt_tempfile *t)
{
	if (t == NULL)
		return;
	(void)lt_tempfile_close(t, 0, NULL);
	(void)unlink(t->path);
	forget(t);
}

struct lt_tempfile *
lt_tempfile_beside(const char *path, mode_t mode, struct lt_error *err)
{
	struct lt_tempfile *t;
	struct lt_buf tmpl;
	const char *base = strrchr(path, '/');
	char *dir;
	struct stat st;
	int e;

	base = base == NULL ? path : base + 1;
	if ((stat(path, &st) == 0 && S_ISDIR(st.st_mode)) || *base == '\0') {
		errno = EISDIR;
		lt_error_at(err, path, 0, "is a directory");
		return NULL;
	}
	/* Renaming over /dev/null or a FIFO would replace it with a file. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		errno = EINVAL;
		lt_error_at(err, path, 0, "is not a regular file");
		return NULL;
	}
	dir = lt_tempfile_dirname(path);
	lt_buf_init(&tmpl);
	lt_buf_printf(&tmpl, "%s/.%s.XXXXXX", dir, base);
	free(dir);
	t = lt_tempfile_new(tmpl.data, mode, err);
	e = errno;
	lt_buf_release(&tmpl);
	if (t == NULL)
		lt_error_at(err, path, 0, "cannot create a temporary file "
		    "beside it: %s", strerror(e));
	errno = e;
	return t;
}

mode_t
lt_tempfile_mode(const char *path)
{
	struct stat st;
	mode_t mask;

	if (stat(path, &st) == 0)
		return st.st_mode & 07777;
	mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

char *
lt_tempfile_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return lt_xstrdup(".");
	if (slash == path)
		return lt_xstrdup("/");
	return lt_xstrndup(path, (size_t)(slash - path));
}

int
lt_tempfile_commit(struct lt_tempfile *t, const char *path,
    struct lt_error *err)
{
	char *dir;
	int fd, rc, e;

	if (lt_tempfile_close(t, 1, err) != 0) {
		e = errno;
		if (err != NULL)
			snprintf(err->file, sizeof(err->file), "%s", path);
		lt_tempfile_delete(t);
		errno = e;
		return -1;
	}
	if (lt_tempfile_rename(t, path, err) != 0)
		return -1;
	/* The rename is on the disk once the directory is. */
	dir = lt_tempfile_dirname(path);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		rc = lt_error_at(err, dir, 0, "cannot open the directory: %s",
		    strerror(errno));
	else if ((rc = fsync(fd)) != 0)
		lt_error_at(err, dir, 0, "cannot sync the directory: %s",
		    strerror(errno));
	if (fd >= 0)
		close(fd);
	free(dir);
	return rc;
}

int
lt_tempfile_anon(const char *dir, struct lt_error *err)
{
	struct lt_buf tmpl;
	sigset_t old;
	int fd, e;

	if ((fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600)) >= 0)
		return fd;
	lt_buf_init(&tmpl);
	lt_buf_printf(&tmpl, "%s/.lt-tmp.XXXXXX", dir);
	lt_tempfile_block_signals(&old);
	if ((fd = mkostemp(tmpl.data, O_CLOEXEC)) >= 0)
		(void)unlink(tmpl.data);
	e = errno;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (fd < 0)
		lt_error_set(err, "cannot make a temporary file in %s: %s",
		    dir, strerror(e));
	lt_buf_release(&tmpl);
	errno = e;
	return fd;
}
