/*
 * import.c - lt import of one framework's logs, built once per format
 * (FUZZ_FROM names it: keras, lightning, hf, sb3, mlflow, tensorboard,
 * yolo, detectron2).
 *
 * The input is the source's main file, then sections "\0NAME\nTEXT" for
 * the files beside it (a Lightning hparams.yaml; for MLflow the run's
 * meta.yaml is the main file and the sections are metrics/NAME,
 * params/NAME and tags/NAME).  The first byte chooses --from FUZZ_FROM
 * or auto, the file's name among those the format has, and whether the
 * source is named as a file or as its directory.  The import is read,
 * mapped, staged and marked as lt import does, nothing committed: every
 * staged line decodes to an event that passes the rules an import's
 * events pass.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "buf.h"
#include "fuzz.h"
#include "import.h"

#ifndef FUZZ_FROM
#error "FUZZ_FROM names the format"
#endif

static const struct {
	const char	*from;
	const char	*names[2];	/* of the main file, under src/ */
} formats[] = {
	{ "keras",	 { "training.log", "history.csv" } },
	{ "lightning",	 { "metrics.csv", "version_0/metrics.csv" } },
	{ "hf",		 { "trainer_state.json",
	    "checkpoint-10/trainer_state.json" } },
	{ "sb3",	 { "progress.csv", "0.monitor.csv" } },
	{ "mlflow",	 { "mlruns/1/0123abcd/meta.yaml",
	    "mlruns/1/0123abcd/meta.yaml" } },
	{ "tensorboard", { "events.out.tfevents.1.host",
	    "run/events.out.tfevents.2.host" } },
	{ "yolo",	 { "results.csv", "train/results.csv" } },
	{ "detectron2",	 { "metrics.json", "output/metrics.json" } },
};

static void
note(void *ctx, const struct lt_error *e)
{
	char buf[1024];

	(void)ctx;
	lt_error_format(e, buf, sizeof(buf));
}

/* Whether a section's name stays under src/: letters, digits, "._-/",
 * no "..", not absolute. */
static int
safe_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || s[0] == '/' || memmem(s, n, "..", 2) != NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (!(s[i] >= 'a' && s[i] <= 'z') &&
		    !(s[i] >= 'A' && s[i] <= 'Z') &&
		    !(s[i] >= '0' && s[i] <= '9') &&
		    strchr("._-/", s[i]) == NULL)
			return 0;
	return 1;
}

/* Write the input's files under dir/src/; returns the main file's path
 * (caller frees). */
static char *
write_files(const char *dir, const char *main, const uint8_t *data,
    size_t size)
{
	const char *p = (const char *)data, *end = p + size, *z, *nl, *base;
	struct lt_buf path;
	char *mainpath;

	lt_buf_init(&path);
	lt_buf_printf(&path, "%s/src/%s", dir, main);
	mainpath = lt_xstrdup(path.data);
	if ((z = memchr(p, '\0', size)) == NULL)
		z = end;
	fuzz_write(mainpath, p, (size_t)(z - p));
	/* Sections go beside the main file. */
	base = strrchr(main, '/');
	while (z < end) {
		p = z + 1;
		if ((z = memchr(p, '\0', (size_t)(end - p))) == NULL)
			z = end;
		if ((nl = memchr(p, '\n', (size_t)(z - p))) == NULL ||
		    !safe_name(p, (size_t)(nl - p)))
			continue;
		lt_buf_reset(&path);
		lt_buf_printf(&path, "%s/src/%.*s%.*s", dir,
		    base != NULL ? (int)(base - main + 1) : 0, main,
		    (int)(nl - p), p);
		/* A name the sections made a directory, or under a file
		 * they made: no such section. */
		(void)fuzz_try_write(path.data, nl + 1, (size_t)(z - nl - 1));
	}
	lt_buf_release(&path);
	return mainpath;
}

/* Every staged line decodes to an event an import may append. */
static void
check_staged(const struct lt_batch *b)
{
	struct lt_decoder *d = lt_decoder_new(b->store.fmt);
	char *p = b->mem.data, *end, *nl;
	struct lt_event ev;
	struct lt_error err;

	/* Nothing staged: no buffer, no arithmetic on its NULL. */
	end = p != NULL ? p + b->mem.len : p;
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			fuzz_fail("a staged line without its newline");
		if (lt_decoder_line(d, p, (size_t)(nl - p), &ev, &err) != 1)
			fuzz_fail("a staged line does not decode: %s", err.msg);
		if (lt_event_check(&ev, LT_LENIENT, &err) != 0)
			fuzz_fail("a staged event breaks the rules: %s",
			    err.msg);
	}
	lt_decoder_free(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lt_import_opts o = { .note = note };
	struct lt_reader_opts ro = { 0 };
	const char *dir = fuzz_dir(), *source;
	struct lt_import *im;
	struct lt_seen *seen;
	struct lt_batch b;
	struct lt_error err;
	struct lt_buf log, srcdir;
	char *mainpath;
	size_t f;
	int rc;

	if (size == 0)
		return 0;
	for (f = 0; strcmp(formats[f].from, FUZZ_FROM) != 0; f++)
		;
	fuzz_clean();
	mainpath = write_files(dir, formats[f].names[data[0] & 1], data + 1,
	    size - 1);
	lt_buf_init(&srcdir);
	lt_buf_printf(&srcdir, "%s/src", dir);
	source = (data[0] & 2) || strcmp(FUZZ_FROM, "mlflow") == 0 ?
	    srcdir.data : mainpath;
	o.from = data[0] & 4 ? LT_SRC_AUTO :
	    (enum lt_source)lt_source_parse(FUZZ_FROM);
	o.skip_invalid = (data[0] & 8) != 0;
	lt_buf_init(&log);
	lt_buf_printf(&log, "%s/log.%s", dir, data[0] & 16 ? "csv" : "jsonl");
	im = lt_import_new(&o);
	rc = lt_import_read(im, source, &err);
	if (rc == 0)
		rc = lt_import_map(im, &err);
	if (rc == 0) {
		if (lt_batch_begin(&b, log.data, LT_FORMAT_AUTO,
		    LT_LENIENT | LT_META_CHECKED, &err) != 0)
			fuzz_fail("lt_batch_begin: %s", err.msg);
		seen = lt_seen_new();
		if (lt_import_stage(im, seen, log.data, &ro, &b, &err) >= 0) {
			if (b.tmp == NULL)
				check_staged(&b);
			(void)lt_import_mark(im, log.data, 1, &err);
			lt_import_account(im);
		}
		lt_seen_free(seen);
		lt_batch_end(&b);
	}
	lt_import_free(im);
	lt_buf_release(&log);
	lt_buf_release(&srcdir);
	free(mainpath);
	return 0;
}
