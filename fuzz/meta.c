/*
 * meta.c - metadata: KEY=VALUE and KEY:=JSON arguments, and the metadata
 * of a log line.
 *
 * The input, cut at its NUL bytes, is a list of lt record arguments: the
 * object they make (when every one is taken) is canonical metadata, as
 * lt_meta_normalize's fast path and jansson both say.  The input whole
 * is a log line's metadata: the fast path and jansson alone
 * (lt_meta_normalize_ref) take or refuse it alike, and give the same
 * canonical text.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "event.h"
#include "fuzz.h"
#include "json.h"

static void
arguments(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *z;
	json_t *obj = json_object();
	struct lt_buf text, norm;
	char *arg;
	int ok = 1, rc;

	for (; p < end && ok; p = z + 1) {
		if ((z = memchr(p, '\0', (size_t)(end - p))) == NULL)
			z = end;
		arg = lt_xstrndup(p, (size_t)(z - p));
		ok = lt_meta_add_arg(obj, arg, NULL) == 0;
		free(arg);
	}
	if (ok) {
		lt_buf_init(&text);
		lt_buf_init(&norm);
		lt_json_dump(obj, 0, &text);
		rc = lt_meta_normalize(text.data, text.len, &norm, NULL);
		if (rc < 0 || (rc == 1 && (norm.len != text.len ||
		    memcmp(norm.data, text.data, text.len) != 0)))
			fuzz_fail("the arguments' metadata is not canonical: "
			    "%s", text.data);
		if (lt_meta_normalize_ref(text.data, text.len, &norm,
		    NULL) != 1 || norm.len != text.len ||
		    memcmp(norm.data, text.data, text.len) != 0)
			fuzz_fail("jansson does not give back %s", text.data);
		lt_buf_release(&text);
		lt_buf_release(&norm);
	}
	json_decref(obj);
}

static void
line_metadata(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct lt_buf fast, ref;
	int rf, rr;

	lt_buf_init(&fast);
	lt_buf_init(&ref);
	rf = lt_meta_normalize(text, size, &fast, NULL);
	rr = lt_meta_normalize_ref(text, size, &ref, NULL);
	if ((rf < 0) != (rr < 0))
		fuzz_fail("fast path %d, jansson %d", rf, rr);
	/* Canonical already: jansson writes it as it is. */
	if (rf == 0 && (ref.len != size || memcmp(ref.data, text, size) != 0))
		fuzz_fail("the fast path takes a text jansson rewrites");
	if (rf == 1 && (fast.len != ref.len ||
	    memcmp(fast.data, ref.data, ref.len) != 0))
		fuzz_fail("two canonical texts");
	lt_buf_release(&fast);
	lt_buf_release(&ref);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arguments(data, size);
	line_metadata(data, size);
	return 0;
}
