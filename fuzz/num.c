/*
 * num.c - numbers and times as text.
 *
 * The input is a number's text: lt_num_parse takes it exactly when
 * strtod reads all of it as a finite decimal (no hex, inf or nan), to the
 * same double; what lt_num_format writes reads back bit for bit; an
 * integer parses to the double's value.  It is also a time (Unix
 * seconds, ISO 8601, a time back from now): parsed or refused without
 * undefined behaviour, and a time taken is one lt keeps, written as
 * ISO 8601 without fault.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "event.h"
#include "fuzz.h"
#include "num.h"

/* What lt_num_parse takes: [+-]digits[.digits][e[+-]digits], some digit
 * before the exponent. */
static int
decimal(const char *s)
{
	int digits = 0;

	if (*s == '+' || *s == '-')
		s++;
	for (; isdigit((unsigned char)*s); s++)
		digits++;
	if (*s == '.')
		for (s++; isdigit((unsigned char)*s); s++)
			digits++;
	if (digits == 0)
		return 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!isdigit((unsigned char)*s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
	}
	return *s == '\0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, buf[LT_NUM_BUFSZ], iso[64];
	double v, w, t;
	int64_t i;
	int rc;

	if (size > 200 || memchr(data, '\0', size) != NULL)
		return 0;
	s = lt_xstrndup((const char *)data, size);
	rc = lt_num_parse(s, size, &v);
	w = strtod(s, NULL);
	if (rc == 0 && (!decimal(s) || memcmp(&v, &w, sizeof(v)) != 0))
		fuzz_fail("lt_num_parse gives %a for \"%s\", strtod %a", v, s,
		    w);
	if (rc != 0 && decimal(s) && size < 128 && isfinite(w))
		fuzz_fail("lt_num_parse refuses \"%s\", strtod reads %a", s, w);
	if (rc == 0) {
		lt_num_format(v, buf);
		if (lt_num_parse(buf, strlen(buf), &w) != 0 ||
		    memcmp(&v, &w, sizeof(v)) != 0)
			fuzz_fail("%a is written %s, which reads back as %a",
			    v, buf, w);
		lt_num_format_real(v, buf);
		(void)lt_num_json_kind(buf, strlen(buf));
	}
	if (lt_num_parse_int(s, size, &i) == 0 &&
	    (lt_num_parse(s, size, &v) != 0 || v != (double)i))
		fuzz_fail("\"%s\" is the integer %lld but not that number", s,
		    (long long)i);
	if (lt_time_parse(s, size, &t, NULL) == 0 && !lt_time_valid(t))
		fuzz_fail("\"%s\" is the time %a, which lt does not keep", s,
		    t);
	if (lt_time_parse_rel(s, size, 1795600800, &t, NULL) == 0) {
		if (!isfinite(t))
			fuzz_fail("\"%s\" is the time %a", s, t);
		if (lt_time_valid(t))
			lt_time_iso(t, iso, sizeof(iso));
	}
	free(s);
	return 0;
}
