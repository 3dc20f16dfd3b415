/*
 * watch.c - inotify wake-ups, and a signature of sizes and times.
 */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "hashtab.h"
#include "watch.h"

/* As deep as lt import walks. */
#define DEPTH_MAX	8
#define MASK		(IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | \
			    IN_MOVED_TO | IN_MOVED_FROM | IN_ATTRIB)

struct lt_watch {
	char		**paths;
	size_t		  n;
	int		  fd;		/* inotify, or -1 */
	uint64_t	  sig;		/* of the tree as last seen */
};

/* Mix what a stat says of path into *h, and watch it. */
static void
look(struct lt_watch *w, const char *path, int depth, uint64_t *h)
{
	struct dirent **ents;
	struct stat st;
	char sub[4096];
	int n, i;
	uint64_t x[5];

	if (stat(path, &st) != 0) {
		*h = lt_hash_u64(*h ^ 0x5bd1e995);
		return;
	}
	x[0] = *h;
	x[1] = (uint64_t)st.st_ino;
	x[2] = (uint64_t)st.st_size;
	x[3] = (uint64_t)st.st_mtim.tv_sec;
	x[4] = (uint64_t)st.st_mtim.tv_nsec;
	*h = lt_hash_bytes(x, sizeof(x));
	if (!S_ISDIR(st.st_mode) || depth > DEPTH_MAX)
		return;
	if (w->fd >= 0)
		inotify_add_watch(w->fd, path, MASK);
	if ((n = scandir(path, &ents, NULL, alphasort)) < 0)
		return;
	for (i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.') {
			snprintf(sub, sizeof(sub), "%s/%s", path,
			    ents[i]->d_name);
			*h = lt_hash_bytes(ents[i]->d_name,
			    strlen(ents[i]->d_name)) ^ lt_hash_u64(*h);
			look(w, sub, depth + 1, h);
		}
		free(ents[i]);
	}
	free(ents);
}

static uint64_t
signature(struct lt_watch *w)
{
	uint64_t h = 0;
	size_t i;

	for (i = 0; i < w->n; i++) {
		if (w->fd >= 0)
			inotify_add_watch(w->fd, w->paths[i], MASK);
		look(w, w->paths[i], 0, &h);
	}
	return h;
}

struct lt_watch *
lt_watch_new(const char *const *paths, size_t n, struct lt_error *err)
{
	struct lt_watch *w;
	struct stat st;
	size_t i;

	for (i = 0; i < n; i++)
		if (stat(paths[i], &st) != 0) {
			lt_error_at(err, paths[i], 0, "cannot watch: %s",
			    strerror(errno));
			return NULL;
		}
	w = lt_xcalloc(1, sizeof(*w));
	w->paths = lt_xcalloc(n ? n : 1, sizeof(*w->paths));
	for (i = 0; i < n; i++)
		w->paths[i] = lt_xstrdup(paths[i]);
	w->n = n;
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	w->sig = signature(w);
	return w;
}

void
lt_watch_free(struct lt_watch *w)
{
	size_t i;

	if (w == NULL)
		return;
	if (w->fd >= 0)
		close(w->fd);
	for (i = 0; i < w->n; i++)
		free(w->paths[i]);
	free(w->paths);
	free(w);
}

/* Wait up to ms for an inotify event (or just sleep without inotify),
 * or for fd (unless -1) to be readable, under the signal mask mask;
 * drain what came.  Returns 2 when fd is readable, 1 for events, 0 for
 * none, -1 for a signal. */
static int
wake(struct lt_watch *w, int ms, const sigset_t *mask, int fd)
{
	struct pollfd pfd[2];
	struct timespec ts;
	char buf[4096];
	int rc;

	pfd[0].fd = w->fd;
	pfd[0].events = POLLIN;
	pfd[0].revents = 0;
	pfd[1].fd = fd;
	pfd[1].events = POLLIN;
	pfd[1].revents = 0;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000;
	if ((rc = ppoll(pfd, 2, &ts, mask)) < 0)
		return errno == EINTR ? -1 : 0;
	if (fd >= 0 && pfd[1].revents != 0)
		return 2;
	if (rc == 0 || w->fd < 0)
		return 0;
	while (read(w->fd, buf, sizeof(buf)) > 0)
		continue;
	return 1;
}

int
lt_watch_wait_fd(struct lt_watch *w, int interval_ms, int settle_ms,
    const sigset_t *mask, int fd)
{
	int rc, waited;

	for (;;) {
		if ((rc = wake(w, interval_ms, mask, fd)) < 0)
			return 0;
		if (rc == 2)
			return 2;
		if (signature(w) == w->sig)
			continue;
		/* Let a burst of writes end, but not wait for a writer
		 * that never pauses longer than an interval. */
		for (waited = 0; waited < interval_ms; waited += settle_ms)
			if ((rc = wake(w, settle_ms, mask, -1)) < 0)
				return 0;
			else if (rc == 0)
				break;
		w->sig = signature(w);
		return 1;
	}
}

int
lt_watch_wait(struct lt_watch *w, int interval_ms, int settle_ms,
    const sigset_t *mask)
{
	return lt_watch_wait_fd(w, interval_ms, settle_ms, mask, -1);
}
