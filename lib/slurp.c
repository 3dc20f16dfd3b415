/*
 * slurp.c - a whole file into a buffer.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "slurp.h"

int
lt_slurp(const char *path, struct lt_buf *out, struct lt_error *err)
{
	struct stat st;
	ssize_t n;
	int fd;

	lt_buf_reset(out);
	lt_buf_reserve(out, 0);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return lt_error_at(err, path, 0, "cannot open: %s",
		    strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return lt_error_at(err, path, 0, "is a directory");
	}
	if (fstat(fd, &st) == 0 && st.st_size > 0)
		lt_buf_reserve(out, (size_t)st.st_size);
	for (;;) {
		lt_buf_reserve(out, 65536);
		n = read(fd, out->data + out->len, out->cap - out->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			lt_error_at(err, path, 0, "cannot read: %s",
			    strerror(errno));
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
	}
	out->data[out->len] = '\0';
	close(fd);
	return 0;
}
