/*
 * event.c - the rules of an event, metadata from arguments, and time.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "event.h"
#include "json.h"
#include "num.h"

const char *const lt_field_names[LT_F_COUNT] = {
	"timestamp", "task_type", "performance_score", "learning_rate",
	"episode_count", "convergence_metric", "metadata"
};

int
lt_field_lookup(const char *name, size_t len)
{
	static const size_t lens[LT_F_COUNT] = { 9, 9, 17, 13, 13, 18, 8 };
	int i;

	for (i = 0; i < LT_F_COUNT; i++)
		if (lens[i] == len && memcmp(lt_field_names[i], name, len) == 0)
			return i;
	return -1;
}

int
lt_time_valid(double t)
{
	return t >= 0 && t < LT_TIME_END;
}

int
lt_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;
	unsigned int c, min;
	int n, i;

	while (p < end) {
		c = *p++;
		if (c < 0x80)
			continue;
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			min = 0x80;
			c &= 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			min = 0x800;
			c &= 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			min = 0x10000;
			c &= 0x07;
		} else
			return 0;
		if (end - p < n)
			return 0;
		for (i = 0; i < n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (p[i] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		p += n;
	}
	return 1;
}

/* Whether the UTF-8 text has a C0 or C1 control character or DEL. */
static int
has_control(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return 1;
		/* U+0080..U+009F are encoded C2 80..C2 9F. */
		if (p[i] == 0xc2 && i + 1 < len && p[i + 1] <= 0x9f)
			return 1;
	}
	return 0;
}

static int
check_real(const char *name, double v, struct lt_error *err)
{
	if (!isfinite(v))
		return lt_error_set(err, "%s %g is not finite", name, v);
	return 0;
}

/* The first bytes of s for a message, with control characters and bytes
 * that are not ASCII written as \xHH, so that a message never carries a
 * terminal escape or a line break. */
static const char *
shown(const char *s, size_t len, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i, n = 0;

	for (i = 0; i < len && n + 5 < size && i < 40; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			buf[n++] = (char)p[i];
			continue;
		}
		buf[n++] = '\\';
		buf[n++] = 'x';
		buf[n++] = hex[p[i] >> 4];
		buf[n++] = hex[p[i] & 0xf];
	}
	buf[n] = '\0';
	return buf;
}

int
lt_name_check(const char *what, const char *s, size_t len,
    struct lt_error *err)
{
	char show[200];

	if (len == 0)
		return lt_error_set(err, "%s is empty", what);
	if (len > LT_TASK_MAX)
		return lt_error_set(err, "%s \"%.40s...\" is %zu bytes, "
		    "more than %d", what, s, len, LT_TASK_MAX);
	if (!lt_utf8_valid(s, len))
		return lt_error_set(err, "%s \"%s\" is not valid UTF-8", what,
		    shown(s, len, show, sizeof(show)));
	if (has_control(s, len) || memchr(s, '\0', len) != NULL)
		return lt_error_set(err, "%s \"%s\" has a control character",
		    what, shown(s, len, show, sizeof(show)));
	return 0;
}

int
lt_event_check(const struct lt_event *ev, unsigned flags,
    struct lt_error *err)
{
	char num[LT_NUM_BUFSZ];

	if (isnan(ev->timestamp))
		return lt_error_set(err, "timestamp is missing");
	if (!lt_time_valid(ev->timestamp)) {
		lt_num_format(ev->timestamp, num);
		return lt_error_set(err, "timestamp %s is not a time from 1970 "
		    "to the year 9999", isfinite(ev->timestamp) ? num : "inf");
	}
	if (lt_name_check("task_type", ev->task, ev->task_len, err) != 0)
		return -1;
	if (check_real("performance_score", ev->score, err) != 0 ||
	    check_real("learning_rate", ev->lr, err) != 0 ||
	    check_real("convergence_metric", ev->conv, err) != 0)
		return -1;
	if (!(flags & LT_LENIENT) && (ev->score < 0 || ev->score > 1)) {
		lt_num_format(ev->score, num);
		return lt_error_set(err, "performance_score %s is outside "
		    "[0, 1] (--lenient accepts any finite score)", num);
	}
	if (flags & LT_LENIENT ? ev->lr < 0 : ev->lr <= 0) {
		lt_num_format(ev->lr, num);
		return lt_error_set(err, "learning_rate %s is not %s", num,
		    flags & LT_LENIENT ? ">= 0" : "> 0 (--lenient accepts 0)");
	}
	if (ev->episode < 0 || ev->episode > LT_EPISODE_MAX)
		return lt_error_set(err, "episode_count %lld is outside "
		    "[0, 2^53]", (long long)ev->episode);
	if (ev->conv < 0) {
		lt_num_format(ev->conv, num);
		return lt_error_set(err, "convergence_metric %s is negative",
		    num);
	}
	if (!(flags & LT_META_CHECKED) &&
	    (ev->meta_len != 2 || memcmp(ev->meta, "{}", 2) != 0)) {
		if (lt_meta_normalize(ev->meta, ev->meta_len, NULL, err) < 0)
			return -1;
	}
	return 0;
}

/*
 * Metadata.
 */

json_t *
lt_meta_value(const char *text, size_t len)
{
	char *end, tmp[64];
	long long i;
	double d;
	int kind = lt_num_json_kind(text, len);

	if (kind == 1 && len < sizeof(tmp)) {
		memcpy(tmp, text, len);
		tmp[len] = '\0';
		errno = 0;
		i = strtoll(tmp, &end, 10);
		if (*end == '\0' && errno == 0)
			return json_integer(i);
	}
	/* A real, or an integer too large for a JSON integer. */
	if (kind != 0 && lt_num_parse(text, len, &d) == 0)
		return json_real(d);
	if (len == 4 && memcmp(text, "true", 4) == 0)
		return json_true();
	if (len == 5 && memcmp(text, "false", 5) == 0)
		return json_false();
	if (len == 4 && memcmp(text, "null", 4) == 0)
		return json_null();
	return json_stringn(text, len);
}

int
lt_meta_add_arg(json_t *obj, const char *arg, struct lt_error *err)
{
	const char *eq = strchr(arg, '=');
	json_error_t jerr;
	size_t klen;
	int raw;
	char *key;
	json_t *v;

	if (eq == NULL)
		return lt_error_set(err, "argument \"%s\" is not KEY=VALUE "
		    "or KEY:=JSON", arg);
	raw = eq > arg && eq[-1] == ':';
	klen = (size_t)(eq - arg) - (raw ? 1 : 0);
	if (klen == 0)
		return lt_error_set(err, "argument \"%s\" has an empty key",
		    arg);
	if (lt_field_lookup(arg, klen) >= 0)
		return lt_error_set(err, "metadata key \"%.*s\" is an event "
		    "field; use its option", (int)klen, arg);
	if (!lt_utf8_valid(arg, strlen(arg)))
		return lt_error_set(err, "argument \"%s\" is not valid UTF-8",
		    arg);
	key = lt_xstrndup(arg, klen);
	if (json_object_get(obj, key) != NULL) {
		free(key);
		return lt_error_set(err, "metadata key \"%.*s\" is given "
		    "twice", (int)klen, arg);
	}
	if (raw) {
		v = json_loads(eq + 1, JSON_DECODE_ANY | LT_JSON_DECODE, &jerr);
		if (v == NULL) {
			free(key);
			return lt_error_set(err, "argument \"%s\": %s", arg,
			    jerr.text);
		}
	} else
		v = lt_meta_value(eq + 1, strlen(eq + 1));
	/* Valid UTF-8 (checked above) and a value: jansson takes it. */
	if (json_object_set_new(obj, key, v) != 0)
		abort();
	free(key);
	return 0;
}

static int
canonical_real(const char *s, size_t len)
{
	char buf[LT_NUM_BUFSZ];
	double v;

	return lt_num_parse(s, len, &v) == 0 &&
	    lt_num_format_real(v, buf) == len && memcmp(buf, s, len) == 0;
}

/* Keys the fast path compares for duplicates; an object with more goes
 * to jansson, so that the check stays cheap. */
#define FLAT_KEYS	32

/*
 * The fast path: the flat objects lt writes, {"k":v,...} where each key is
 * a string without escapes, found once, and each value a number, such a
 * string, true, false or null, with no spaces.  Anything else, a key
 * twice included, goes to jansson.  Returns 1 when the text is such an
 * object (and its keys are allowed), 0 when jansson must decide, -1 with
 * err for a reserved key.
 */
static int
scan_flat(const char *s, size_t len, struct lt_error *err)
{
	const char *p = s, *end = s + len, *k, *q, *keys[FLAT_KEYS];
	size_t klen[FLAT_KEYS], nkeys = 0, i;

	if (len < 2 || *p != '{' || end[-1] != '}')
		return 0;
	p++;
	if (p == end - 1)
		return 1;
	for (;;) {
		if (*p != '"')
			return 0;
		k = ++p;
		while (p < end && *p != '"') {
			if (*p == '\\' || (unsigned char)*p < 0x20)
				return 0;
			p++;
		}
		if (p >= end || !lt_utf8_valid(k, (size_t)(p - k)))
			return 0;
		if (lt_field_lookup(k, (size_t)(p - k)) >= 0)
			return lt_error_set(err, "metadata key \"%.*s\" is an "
			    "event field", (int)(p - k), k);
		if (nkeys == FLAT_KEYS)
			return 0;
		for (i = 0; i < nkeys; i++)
			if (klen[i] == (size_t)(p - k) &&
			    memcmp(keys[i], k, klen[i]) == 0)
				return 0;
		keys[nkeys] = k;
		klen[nkeys++] = (size_t)(p - k);
		if (++p >= end || *p++ != ':')
			return 0;
		if (p < end && *p == '"') {
			q = ++p;
			while (p < end && *p != '"') {
				if (*p == '\\' || (unsigned char)*p < 0x20)
					return 0;
				p++;
			}
			if (p >= end || !lt_utf8_valid(q, (size_t)(p - q)))
				return 0;
			p++;
		} else {
			q = p;
			while (p < end && *p != ',' && *p != '}')
				p++;
			if (p >= end)
				return 0;
			if (!lt_num_json_kind(q, (size_t)(p - q)) &&
			    !(p - q == 4 && memcmp(q, "true", 4) == 0) &&
			    !(p - q == 5 && memcmp(q, "false", 5) == 0) &&
			    !(p - q == 4 && memcmp(q, "null", 4) == 0))
				return 0;
			/* An integer past 18 digits may not fit jansson's
			 * json_int_t: jansson decides. */
			if (lt_num_json_kind(q, (size_t)(p - q)) == 1 &&
			    (size_t)(p - q) - (*q == '-') > 18)
				return 0;
			/* jansson writes the integer -0 as 0. */
			if (p - q == 2 && q[0] == '-' && q[1] == '0')
				return 0;
			/* A real must be as lt writes it: shortest. */
			if (lt_num_json_kind(q, (size_t)(p - q)) == 2 &&
			    !canonical_real(q, (size_t)(p - q)))
				return 0;
		}
		if (p == end - 1 && *p == '}')
			return 1;
		if (*p++ != ',')
			return 0;
	}
}

int
lt_meta_normalize(const char *text, size_t len, struct lt_buf *out,
    struct lt_error *err)
{
	int rc;

	if ((rc = scan_flat(text, len, err)) != 0)
		return rc < 0 ? -1 : 0;
	return lt_meta_normalize_ref(text, len, out, err);
}

int
lt_meta_normalize_ref(const char *text, size_t len, struct lt_buf *out,
    struct lt_error *err)
{
	json_error_t jerr;
	const char *key;
	json_t *root, *v;

	root = json_loadb(text, len, LT_JSON_DECODE, &jerr);
	if (root == NULL)
		return lt_error_set(err, "metadata %.60s is not JSON: %s",
		    text, jerr.text);
	if (!json_is_object(root)) {
		json_decref(root);
		return lt_error_set(err, "metadata %.60s is not a JSON object",
		    text);
	}
	json_object_foreach(root, key, v) {
		if (lt_field_lookup(key, strlen(key)) >= 0) {
			lt_error_set(err, "metadata key \"%s\" is an event "
			    "field", key);
			json_decref(root);
			return -1;
		}
	}
	if (out != NULL) {
		lt_buf_reset(out);
		lt_json_dump(root, 0, out);
	}
	json_decref(root);
	return 1;
}

/*
 * Time.
 */

double
lt_time_round(double t)
{
	if (!isfinite(t) || fabs(t) >= 9e9)
		return t;
	return nearbyint(t * 1e6) / 1e6;
}

double
lt_time_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return lt_time_round((double)ts.tv_sec + ts.tv_nsec / 1000 / 1e6);
}

/* Read exactly n digits at *p into *v. */
static int
digits(const char **p, const char *end, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (*p >= end || !isdigit((unsigned char)**p))
			return -1;
		*v = *v * 10 + (*(*p)++ - '0');
	}
	return 0;
}

static int
parse_iso(const char *s, size_t len, double *out)
{
	const char *p = s, *end = s + len;
	int y, mo, d, h = 0, mi = 0, sec = 0, oh, om, zone = 0, off = 0;
	double frac = 0, scale = 0.1;
	struct tm tm;
	time_t t;

	if (digits(&p, end, 4, &y) || p >= end || *p++ != '-' ||
	    digits(&p, end, 2, &mo) || p >= end || *p++ != '-' ||
	    digits(&p, end, 2, &d))
		return -1;
	if (p < end && (*p == 'T' || *p == ' ')) {
		p++;
		if (digits(&p, end, 2, &h) || p >= end || *p++ != ':' ||
		    digits(&p, end, 2, &mi))
			return -1;
		if (p < end && *p == ':') {
			p++;
			if (digits(&p, end, 2, &sec))
				return -1;
			if (p < end && (*p == '.' || *p == ',')) {
				p++;
				if (p >= end || !isdigit((unsigned char)*p))
					return -1;
				while (p < end && isdigit((unsigned char)*p)) {
					frac += (*p++ - '0') * scale;
					scale /= 10;
				}
			}
		}
		if (p < end && (*p == 'Z' || *p == 'z')) {
			p++;
			zone = 1;
		} else if (p < end && (*p == '+' || *p == '-')) {
			int sign = *p++ == '-' ? -1 : 1;

			if (digits(&p, end, 2, &oh))
				return -1;
			if (p < end && *p == ':')
				p++;
			om = 0;
			if (p < end && digits(&p, end, 2, &om))
				return -1;
			if (oh > 23 || om > 59)
				return -1;
			zone = 1;
			off = sign * (oh * 3600 + om * 60);
		}
	}
	if (p != end || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || sec > 60)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	t = zone ? timegm(&tm) : mktime(&tm);
	if (t == (time_t)-1 && !(y == 1969 && mo == 12 && d == 31))
		return -1;
	/* mktime and timegm normalise 31 February into March: refuse it. */
	if (tm.tm_mday != d || tm.tm_mon != mo - 1)
		return -1;
	*out = lt_time_round((double)t - off + frac);
	return 0;
}

int
lt_time_parse(const char *s, size_t len, double *out, struct lt_error *err)
{
	double v;

	if (lt_num_parse(s, len, &v) == 0 || parse_iso(s, len, &v) == 0) {
		if (v < 0)
			return lt_error_set(err, "time \"%.*s\" is before 1970",
			    (int)(len > 64 ? 64 : len), s);
		if (!lt_time_valid(v))
			return lt_error_set(err, "time \"%.*s\" is past the "
			    "year 9999", (int)(len > 64 ? 64 : len), s);
		*out = lt_time_round(v);
		return 0;
	}
	return lt_error_set(err, "time \"%.*s\" is neither Unix seconds nor "
	    "ISO 8601 (2026-11-25T10:00:00Z)", (int)(len > 64 ? 64 : len), s);
}

/* Local midnight days_back days before the day of now. */
static double
midnight(double now, int days_back)
{
	time_t t = (time_t)floor(now);
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_mday -= days_back;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (double)mktime(&tm);
}

int
lt_time_parse_rel(const char *s, size_t len, double now, double *out,
    struct lt_error *err)
{
	static const struct {
		const char	*unit;
		double		 secs;
	} units[] = {
		{ "s", 1 }, { "sec", 1 }, { "m", 60 }, { "min", 60 },
		{ "h", 3600 }, { "d", 86400 }, { "w", 604800 }
	};
	const char *p = s;
	char buf[64], *end;
	size_t i, n = len;
	double v;

	if (lt_time_parse(s, len, out, NULL) == 0)
		return 0;
	if (len == 3 && memcmp(s, "now", 3) == 0) {
		*out = lt_time_round(now);
		return 0;
	}
	if ((len == 5 && memcmp(s, "today", 5) == 0) ||
	    (len == 9 && memcmp(s, "yesterday", 9) == 0)) {
		*out = midnight(now, len == 9);
		return 0;
	}
	/* N UNIT, "N UNIT ago" or -N UNIT: that long before now. */
	if (n > 4 && memcmp(p + n - 4, " ago", 4) == 0)
		n -= 4;
	else if (n > 0 && *p == '-') {
		p++;
		n--;
	}
	if (n > 0 && n < sizeof(buf) && isdigit((unsigned char)*p)) {
		memcpy(buf, p, n);
		buf[n] = '\0';
		errno = 0;
		v = lt_num_strtod(buf, &end);
		while (*end == ' ')
			end++;
		for (i = 0; errno == 0 && isfinite(v) &&
		    i < sizeof(units) / sizeof(units[0]); i++) {
			if (strcmp(end, units[i].unit) != 0)
				continue;
			if (v * units[i].secs > now)
				return lt_error_set(err, "time \"%s\" is "
				    "before 1970", buf);
			*out = lt_time_round(now - v * units[i].secs);
			return 0;
		}
	}
	return lt_error_set(err, "time \"%.*s\" is neither Unix seconds, "
	    "ISO 8601 (2026-11-25T10:00:00Z) nor a time back from now (30m, "
	    "2h, 7d, today, yesterday)", (int)(len > 64 ? 64 : len), s);
}

void
lt_time_iso(double t, char *buf, size_t size)
{
	time_t sec = (time_t)floor(t);
	long us = lround((t - floor(t)) * 1e6);
	struct tm tm;
	size_t n;
	int i;

	if (us >= 1000000) {
		sec++;
		us -= 1000000;
	}
	gmtime_r(&sec, &tm);
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	if (us > 0 && n + 9 < size) {
		snprintf(buf + n, size - n, ".%06ld", us);
		n += 7;
		for (i = 0; i < 5 && buf[n - 1] == '0'; i++)
			n--;
	}
	if (n + 2 <= size) {
		buf[n++] = 'Z';
		buf[n] = '\0';
	}
}
