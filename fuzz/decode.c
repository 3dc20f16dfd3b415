/*
 * decode.c - the event decoders, fast paths against the reference.
 *
 * Each line of the input goes, as CSV and again as JSONL, through a
 * decoder with its fast paths and through one made lt_decoder_reference
 * (libcsv and jansson alone), each keeping its state from line to line
 * (CSV headers): both give the same event, bit for bit, or both refuse
 * the line.  An event that passes the recording rules is encoded in both
 * formats, as one line each, and decodes back to itself.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "format.h"
#include "fuzz.h"

/* Encode ev in format f and decode it with a new decoder: the same
 * event, on one line. */
static void
round_trip(enum lt_format f, const struct lt_event *ev)
{
	struct lt_decoder *d = lt_decoder_new(f);
	struct lt_event back;
	struct lt_error err;
	struct lt_buf out;
	int rc;

	lt_buf_init(&out);
	lt_format_encode(f, ev, &out);
	if (out.len == 0 || out.data[out.len - 1] != '\n' ||
	    memchr(out.data, '\n', out.len - 1) != NULL)
		fuzz_fail("%s encoding is not one line: %s", lt_format_name(f),
		    out.data);
	rc = lt_decoder_line(d, out.data, out.len - 1, &back, &err);
	if (rc != 1)
		fuzz_fail("%s encoding does not decode (%s): %s",
		    lt_format_name(f), err.msg, out.data);
	if (!fuzz_same_event(ev, &back))
		fuzz_fail("%s encoding decodes to another event: %s",
		    lt_format_name(f), out.data);
	lt_buf_release(&out);
	lt_decoder_free(d);
}

static void
run(enum lt_format f, const uint8_t *data, size_t size)
{
	struct lt_decoder *fast = lt_decoder_new(f), *ref = lt_decoder_new(f);
	struct lt_event a, b;
	struct lt_error ea, eb;
	const uint8_t *p = data, *end = data + size, *nl;
	char *la, *lb;
	size_t len;
	int ra, rb;

	lt_decoder_reference(ref);
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		len = (size_t)(nl - p);
		/* A JSONL line is decoded in place: one copy each. */
		la = lt_xstrndup((const char *)p, len);
		lb = lt_xstrndup((const char *)p, len);
		ra = lt_decoder_line(fast, la, len, &a, &ea);
		rb = lt_decoder_line(ref, lb, len, &b, &eb);
		if (ra != rb)
			fuzz_fail("%s: fast path %d (%s), reference %d (%s)",
			    lt_format_name(f), ra, ra < 0 ? ea.msg : "",
			    rb, rb < 0 ? eb.msg : "");
		if (ra == 1 && !fuzz_same_event(&a, &b))
			fuzz_fail("%s: fast path and reference give other "
			    "events: %s %s against %s %s", lt_format_name(f),
			    a.task, a.meta, b.task, b.meta);
		if (ra == 1 && lt_event_check(&a, LT_LENIENT | LT_META_CHECKED,
		    NULL) == 0) {
			round_trip(LT_FORMAT_CSV, &a);
			round_trip(LT_FORMAT_JSONL, &a);
		}
		free(la);
		free(lb);
	}
	lt_decoder_free(fast);
	lt_decoder_free(ref);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(LT_FORMAT_CSV, data, size);
	run(LT_FORMAT_JSONL, data, size);
	return 0;
}
