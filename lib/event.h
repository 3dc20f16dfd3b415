/*
 * event.h - the learning event: its fields, its rules, its metadata and
 * its time.
 *
 * An event's strings are borrowed: whoever hands out a struct lt_event
 * says how long they stay valid (a reader: until its next event).  The
 * metadata is kept as the compact JSON text of an object, which is what
 * both log formats store, so events pass from file to file untouched.
 */
#ifndef LT_EVENT_H
#define LT_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "error.h"

#define LT_TASK_MAX	256	/* bytes in a task_type */

/* Times are Unix seconds from 0 to before 10000-01-01T00:00:00Z: what
 * ISO 8601 and the C library's dates can show.  A time past it (1e300)
 * is no time, and converting it to time_t would be undefined. */
#define LT_TIME_END	253402300800.0

/* The fields, in the order of the CSV header. */
enum lt_field {
	LT_F_TIMESTAMP,
	LT_F_TASK,
	LT_F_SCORE,
	LT_F_LR,
	LT_F_EPISODE,
	LT_F_CONV,
	LT_F_META,
	LT_F_COUNT
};

/* Field names, as in both formats and in the class (index: enum lt_field). */
extern const char *const lt_field_names[LT_F_COUNT];

struct lt_event {
	double		 timestamp;	/* Unix seconds; NaN when not given */
	const char	*task;		/* NUL-terminated */
	size_t		 task_len;
	double		 score;
	double		 lr;
	int64_t		 episode;
	double		 conv;
	const char	*meta;		/* compact JSON object, NUL-terminated */
	size_t		 meta_len;
};

/* Flags of lt_event_check. */
#define LT_LENIENT	0x1	/* any finite score, a learning rate of 0 */
#define LT_META_CHECKED	0x2	/* the metadata was checked already: it
				   came from a decoder, or an importer
				   built it with no field names as keys */

/* The field named name, or -1. */
int	lt_field_lookup(const char *name, size_t len);

/* Check ev against the rules of a recorded event (SPEC.md's table):
 * 0, or -1 with err naming the field and its value. */
int	lt_event_check(const struct lt_event *ev, unsigned flags,
	    struct lt_error *err);

/* Check a name (a task_type, a score name): not empty, at most
 * LT_TASK_MAX bytes, valid UTF-8, no control characters.  Returns 0, or
 * -1 with err calling it what ("task_type") and showing it. */
int	lt_name_check(const char *what, const char *s, size_t len,
	    struct lt_error *err);

/* Whether t is a time lt keeps: finite, from 0 to before LT_TIME_END. */
int	lt_time_valid(double t);

/* Whether s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int	lt_utf8_valid(const char *s, size_t len);

/*
 * Metadata.
 */

/* Add one command-line argument to obj: KEY=VALUE stores an integer, a
 * real, true, false or null when VALUE reads as one in JSON, else the
 * string; KEY:=JSON stores the parsed JSON.  Returns 0, or -1 with err
 * naming the argument (no '=', an empty or reserved key, a key obj has
 * already, bad JSON or a key twice in it). */
int	lt_meta_add_arg(json_t *obj, const char *arg, struct lt_error *err);

/* Type a text as KEY=VALUE does: a new reference, or NULL when the text
 * is not valid UTF-8. */
json_t	*lt_meta_value(const char *text, size_t len);

/* Check that text[0..len) is a JSON object whose keys are not field
 * names and appear once each, and put its canonical text (compact,
 * shortest reals) in out.  Returns 0 when text is canonical already (out
 * untouched), 1 when out holds the canonical text, -1 with err when it
 * is not such an object. */
int	lt_meta_normalize(const char *text, size_t len, struct lt_buf *out,
	    struct lt_error *err);

/* lt_meta_normalize through jansson alone, without its fast path for the
 * flat objects lt writes: the reference the fuzz tests hold it to.
 * Returns 1 or -1 as lt_meta_normalize, never 0. */
int	lt_meta_normalize_ref(const char *text, size_t len, struct lt_buf *out,
	    struct lt_error *err);

/* jansson's flags for parsing what a log holds: a key twice is an error,
 * as no reading of it is the writer's for sure. */
#define LT_JSON_DECODE	JSON_REJECT_DUPLICATES

/*
 * Time.
 */

/* Now, as Unix seconds rounded to the microsecond. */
double	lt_time_now(void);

/* t rounded to the microsecond (left alone past the year 2255, where a
 * double no longer holds microseconds). */
double	lt_time_round(double t);

/* Parse Unix seconds ("1764064800.5") or ISO 8601
 * ("2026-11-25T10:00:00Z", "2026-11-25 10:00:00.25+01:00",
 * "2026-11-25"); without a zone the time is local.  Returns 0, or -1
 * with err naming the text (also a time before 1970 or from the year
 * 10000 on: see lt_time_valid). */
int	lt_time_parse(const char *s, size_t len, double *out,
	    struct lt_error *err);

/* As lt_time_parse, and also a time back from now, as journalctl takes
 * it: "30m", "2h", "7d", "1.5w", "45s" (also "2h ago", "-2h"), "now",
 * "today" and "yesterday" (local midnight). */
int	lt_time_parse_rel(const char *s, size_t len, double now, double *out,
	    struct lt_error *err);

/* Write t as ISO 8601 UTC with microseconds ("2026-11-25T10:00:00.25Z",
 * trailing zeros dropped) into buf of at least 40 bytes. */
void	lt_time_iso(double t, char *buf, size_t size);

#endif
