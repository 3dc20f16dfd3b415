/*
 * replay.c - a harness's main without libFuzzer: runs
 * LLVMFuzzerTestOneInput once on each file named, or on each file in each
 * directory named, and says how many.  What `make test` runs over the
 * corpora in testdata/fuzz/, so that an input that once found a fault
 * fails the suite if the fault comes back.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "fuzz.h"

static size_t runs;

static void
run_file(const char *path)
{
	struct lt_buf b;
	char chunk[65536], *exact;
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL)
		fuzz_fail("cannot open %s: %s", path, strerror(errno));
	lt_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		lt_buf_add(&b, chunk, n);
	if (ferror(fp))
		fuzz_fail("cannot read %s", path);
	fclose(fp);
	/* Exactly its bytes, so that a read past its end is caught. */
	exact = lt_xmalloc(b.len > 0 ? b.len : 1);
	if (b.len > 0)
		memcpy(exact, b.data, b.len);
	(void)LLVMFuzzerTestOneInput((const uint8_t *)exact, b.len);
	free(exact);
	lt_buf_release(&b);
	runs++;
}

static void
run_path(const char *path)
{
	struct dirent *de;
	struct stat st;
	struct lt_buf p;
	DIR *d;

	if (stat(path, &st) != 0)
		fuzz_fail("%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	if ((d = opendir(path)) == NULL)
		fuzz_fail("cannot open %s: %s", path, strerror(errno));
	lt_buf_init(&p);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		lt_buf_reset(&p);
		lt_buf_printf(&p, "%s/%s", path, de->d_name);
		run_path(p.data);
	}
	lt_buf_release(&p);
	closedir(d);
}

int
main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		run_path(argv[i]);
	printf("%s: %zu inputs\n", argc > 0 ? argv[0] : "replay", runs);
	return 0;
}
