/*
 * json.c - writing jansson values with shortest round-trip reals.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "num.h"

static void
indent(struct lt_buf *out, unsigned flags, int depth)
{
	int i;

	if (!(flags & LT_JSON_PRETTY))
		return;
	lt_buf_addc(out, '\n');
	for (i = 0; i < depth; i++)
		lt_buf_add(out, "  ", 2);
}

static void
dump_scalar(const json_t *v, struct lt_buf *out)
{
	char *s;

	s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (s == NULL) {
		lt_buf_adds(out, "null");
		return;
	}
	lt_buf_adds(out, s);
	free(s);
}

static void
dump_key(const char *key, struct lt_buf *out)
{
	json_t *k = json_string(key);

	dump_scalar(k, out);
	json_decref(k);
}

static void
dump(const json_t *v, unsigned flags, int depth, struct lt_buf *out)
{
	const char *key;
	json_t *member;
	size_t i, n;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if (json_object_size(v) == 0) {
			lt_buf_add(out, "{}", 2);
			return;
		}
		lt_buf_addc(out, '{');
		i = 0;
		json_object_foreach((json_t *)v, key, member) {
			if (i++ > 0)
				lt_buf_addc(out, ',');
			indent(out, flags, depth + 1);
			dump_key(key, out);
			lt_buf_adds(out, (flags & LT_JSON_PRETTY) ? ": " : ":");
			dump(member, flags, depth + 1, out);
		}
		indent(out, flags, depth);
		lt_buf_addc(out, '}');
		return;
	case JSON_ARRAY:
		n = json_array_size(v);
		if (n == 0) {
			lt_buf_add(out, "[]", 2);
			return;
		}
		lt_buf_addc(out, '[');
		for (i = 0; i < n; i++) {
			if (i > 0)
				lt_buf_addc(out, ',');
			indent(out, flags, depth + 1);
			dump(json_array_get(v, i), flags, depth + 1, out);
		}
		indent(out, flags, depth);
		lt_buf_addc(out, ']');
		return;
	case JSON_REAL:
		lt_json_add_real(out, json_real_value(v));
		return;
	default:
		dump_scalar(v, out);
		return;
	}
}

void
lt_json_dump(const json_t *v, unsigned flags, struct lt_buf *out)
{
	dump(v, flags, 0, out);
}

int
lt_json_print(const json_t *v, unsigned flags, FILE *fp)
{
	struct lt_buf b;
	int rc = 0;

	lt_buf_init(&b);
	lt_json_dump(v, flags, &b);
	lt_buf_addc(&b, '\n');
	if (fwrite(b.data, 1, b.len, fp) != b.len)
		rc = -1;
	lt_buf_release(&b);
	return rc;
}

json_t *
lt_json_real(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

void
lt_json_add_real(struct lt_buf *out, double x)
{
	if (!isfinite(x)) {
		lt_buf_add(out, "null", 4);
		return;
	}
	lt_buf_reserve(out, LT_NUM_BUFSZ);
	out->len += lt_num_format_real(x, out->data + out->len);
}

int
lt_json_plain(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < len && p[i] >= 0x20 && p[i] != '"' && p[i] != '\\';
	    i++)
		;
	return i == len;
}

void
lt_json_add_string(struct lt_buf *out, const char *s, size_t len)
{
	json_t *str;

	if (!lt_json_plain(s, len) && (str = json_stringn(s, len)) != NULL) {
		dump_scalar(str, out);
		json_decref(str);
		return;
	}
	/* Nothing to escape; or not UTF-8, which jansson refuses and no
	 * decoder gives: written as it is rather than lost. */
	lt_buf_addc(out, '"');
	lt_buf_add(out, s, len);
	lt_buf_addc(out, '"');
}
