/*
 * json.h - jansson values written with shortest round-trip reals.
 *
 * jansson writes reals with 17 significant digits, so 0.1 comes out as
 * 0.10000000000000001.  lt writes every real in the shortest text that
 * reads back as the same double (see num.h), in metadata, in --json
 * output and in exports; jansson still parses everything and writes
 * every string, integer and literal.
 */
#ifndef LT_JSON_H
#define LT_JSON_H

#include <stdio.h>

#include <jansson.h>

#include "buf.h"

#define LT_JSON_PRETTY	0x1	/* indent by two spaces, one member a line */

/* Append the text of v (any JSON value) to out.  Object members keep
 * their insertion order; non-finite reals, which jansson cannot hold,
 * never occur. */
void	lt_json_dump(const json_t *v, unsigned flags, struct lt_buf *out);

/* Write v to fp followed by a newline.  Returns 0, or -1 on a write
 * error (errno set). */
int	lt_json_print(const json_t *v, unsigned flags, FILE *fp);

/* A real, or null when x is not finite (JSON has no NaN or infinity). */
json_t	*lt_json_real(double x);

/* Append x to out as lt_json_dump writes a real: shortest, always with a
 * point or an exponent ("1.0", as Python's json.dumps writes a float),
 * null when not finite. */
void	lt_json_add_real(struct lt_buf *out, double x);

/* Append s[0..len), valid UTF-8, to out as a JSON string, escaped as
 * jansson escapes it. */
void	lt_json_add_string(struct lt_buf *out, const char *s, size_t len);

/* Whether s[0..len) stands in a JSON string as it is: no quote, no
 * backslash, no control character. */
int	lt_json_plain(const char *s, size_t len);

#endif
