/*
 * sigshim.c - an LD_PRELOAD shim for the signal tests: the first
 * fsync(2) of a process raises the signal numbered $LT_SIGSHIM, before
 * syncing, so that a test interrupts a command at a known point (a
 * temporary file made and written, not yet renamed) instead of racing it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>

int
fsync(int fd)
{
	static int (*real)(int);
	static int done;
	const char *sig = getenv("LT_SIGSHIM");

	if (!done && sig != NULL && *sig != '\0') {
		done = 1;
		raise(atoi(sig));
	}
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "fsync");
	return real(fd);
}
