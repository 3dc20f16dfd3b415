/*
 * faultshim.c - an LD_PRELOAD shim for the fault tests: makes one system
 * call fail as a sick or full disk would.
 *
 *	LT_FAULT=CALL:ERRNO[:N]
 *
 * CALL is write (write, pwrite and copy_file_range, on regular files
 * only, so that messages still reach the terminal), fdatasync, fsync or
 * rename (rename and renameat); ERRNO is EIO, ENOSPC or EFBIG; the call
 * fails from its Nth time on (default 1).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* Whether this call of name must fail, with errno set. */
static int
fault(const char *name)
{
	static long count;
	const char *spec = getenv("LT_FAULT"), *colon;
	size_t n = strlen(name);
	char code[16];
	long from = 1;
	int e;

	if (spec == NULL || strncmp(spec, name, n) != 0 || spec[n] != ':')
		return 0;
	colon = strchr(spec + n + 1, ':');
	snprintf(code, sizeof(code), "%.*s", colon != NULL ?
	    (int)(colon - spec - n - 1) : (int)strlen(spec + n + 1),
	    spec + n + 1);
	if (colon != NULL)
		from = atol(colon + 1);
	e = strcmp(code, "ENOSPC") == 0 ? ENOSPC :
	    strcmp(code, "EFBIG") == 0 ? EFBIG : EIO;
	if (++count < from)
		return 0;
	errno = e;
	return 1;
}

static int
regular(int fd)
{
	struct stat st;

	return fd > 2 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

#define REAL(type, name, args) \
	static type (*real) args; \
	if (real == NULL) \
		*(void **)&real = dlsym(RTLD_NEXT, name)

ssize_t
write(int fd, const void *buf, size_t len)
{
	REAL(ssize_t, "write", (int, const void *, size_t));
	if (regular(fd) && fault("write"))
		return -1;
	return real(fd, buf, len);
}

ssize_t
pwrite(int fd, const void *buf, size_t len, off_t off)
{
	REAL(ssize_t, "pwrite", (int, const void *, size_t, off_t));
	if (regular(fd) && fault("write"))
		return -1;
	return real(fd, buf, len, off);
}

ssize_t
copy_file_range(int in, off_t *inoff, int out, off_t *outoff, size_t len,
    unsigned flags)
{
	REAL(ssize_t, "copy_file_range", (int, off_t *, int, off_t *, size_t,
	    unsigned));
	if (regular(out) && fault("write"))
		return -1;
	return real(in, inoff, out, outoff, len, flags);
}

int
fdatasync(int fd)
{
	REAL(int, "fdatasync", (int));
	if (fault("fdatasync"))
		return -1;
	return real(fd);
}

int
fsync(int fd)
{
	REAL(int, "fsync", (int));
	if (fault("fsync"))
		return -1;
	return real(fd);
}

int
rename(const char *from, const char *to)
{
	REAL(int, "rename", (const char *, const char *));
	if (fault("rename"))
		return -1;
	return real(from, to);
}

int
renameat(int fromdir, const char *from, int todir, const char *to)
{
	REAL(int, "renameat", (int, const char *, int, const char *));
	if (fault("rename"))
		return -1;
	return real(fromdir, from, todir, to);
}
