/*
 * tfevents.c - the TensorBoard event file reader, its fast path against
 * protobuf-c.
 *
 * The first byte of the input says how to make the file: as it is (the
 * record framing and its CRCs under test), or as records whose data are
 * the rest of the input cut by two-byte lengths, framed with the right
 * CRCs (so that the fuzzer reaches the protobuf decoding), some of them
 * spoilt.  The file is read with the fast path and with protobuf-c alone
 * (LT_TFEVENTS_PROTOBUF), stopping at a bad record and skipping bad
 * records: the same scalars, bit for bit, the same warnings, and the same
 * end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "crc32c.h"
#include "fuzz.h"
#include "tfevents.h"

struct seen {
	struct lt_buf	 out;		/* every scalar and warning, as text */
};

static int
scalar(void *ctx, const struct lt_tf_scalar *s)
{
	struct seen *sn = ctx;

	if (strlen(s->tag) != s->tag_len)
		fuzz_fail("a tag of %zu bytes with a NUL", s->tag_len);
	lt_buf_printf(&sn->out, "%a %lld %a %lld ", s->wall_time,
	    (long long)s->step, s->value, s->offset);
	lt_buf_add(&sn->out, s->tag, s->tag_len);
	lt_buf_addc(&sn->out, '\n');
	return 0;
}

static void
warn(void *ctx, const char *path, long long offset, int cut,
    const char *msg)
{
	struct seen *sn = ctx;

	(void)path;
	lt_buf_printf(&sn->out, "warn %lld %d %s\n", offset, cut, msg);
}

static void
put_le(struct lt_buf *b, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		lt_buf_addc(b, (char)(v >> (8 * i)));
}

/* Append to b the records of data cut by two-byte lengths, framed; bit
 * i % 8 of spoil spoils record i's data CRC. */
static void
frame(const uint8_t *data, size_t size, unsigned spoil, struct lt_buf *b)
{
	unsigned char head[8];
	size_t len, i = 0;
	uint32_t crc;
	int k;

	while (size >= 2) {
		len = (size_t)data[0] | (size_t)data[1] << 8;
		data += 2;
		size -= 2;
		if (len > size)
			len = size;
		for (k = 0; k < 8; k++)
			head[k] = (unsigned char)((uint64_t)len >> (8 * k));
		lt_buf_add(b, head, 8);
		put_le(b, lt_crc32c_mask(lt_crc32c(0, head, 8)), 4);
		lt_buf_add(b, data, len);
		crc = lt_crc32c_mask(lt_crc32c(0, data, len));
		put_le(b, crc ^ (spoil >> (i++ % 8) & 1), 4);
		data += len;
		size -= len;
	}
}

static void
compare(const char *path, unsigned flags)
{
	struct seen a, b;
	struct lt_error ea, eb;
	int ra, rb;

	lt_buf_init(&a.out);
	lt_buf_init(&b.out);
	ra = lt_tfevents_read(path, flags, scalar, warn, &a, &ea);
	rb = lt_tfevents_read(path, flags | LT_TFEVENTS_PROTOBUF, scalar, warn,
	    &b, &eb);
	if (ra != rb || a.out.len != b.out.len ||
	    (a.out.len > 0 && memcmp(a.out.data, b.out.data, a.out.len) != 0))
		fuzz_fail("fast path (%d %s):\n%s\nprotobuf-c (%d %s):\n%s",
		    ra, ra < 0 ? ea.msg : "", a.out.data ? a.out.data : "", rb,
		    rb < 0 ? eb.msg : "", b.out.data ? b.out.data : "");
	if (ra < 0 && strcmp(ea.msg, eb.msg) != 0)
		fuzz_fail("fast path says %s, protobuf-c %s", ea.msg, eb.msg);
	lt_buf_release(&a.out);
	lt_buf_release(&b.out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lt_buf file;
	char path[4096];

	if (size == 0)
		return 0;
	snprintf(path, sizeof(path), "%s/events.out.tfevents.1.fuzz",
	    fuzz_dir());
	lt_buf_init(&file);
	if (data[0] & 1)
		lt_buf_add(&file, data + 1, size - 1);
	else
		frame(data + 1, size - 1, data[0] >> 1, &file);
	fuzz_write(path, file.data != NULL ? file.data : "", file.len);
	compare(path, 0);
	compare(path, LT_TFEVENTS_SKIP_BAD);
	lt_buf_release(&file);
	return 0;
}
