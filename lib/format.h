/*
 * format.h - events as lines of CSV (through libcsv) or JSONL (through
 * jansson), both ways, and which format a file is in.
 *
 * Every event is one line: lt never writes a newline inside a field (a
 * task_type has no control characters and metadata is compact JSON), so
 * a torn line damages only itself.  Decoding has a fast path for the
 * exact lines lt writes and falls back to libcsv's and jansson's full
 * parsers for anything else; both give the same events.
 */
#ifndef LT_FORMAT_H
#define LT_FORMAT_H

#include <stddef.h>

#include "buf.h"
#include "error.h"
#include "event.h"

enum lt_format {
	LT_FORMAT_AUTO = 0,	/* not known yet: sniff the first byte */
	LT_FORMAT_CSV,
	LT_FORMAT_JSONL,
	LT_FORMAT_JSON		/* an event as the class's LearningEvent
				   object, of the export document and
				   lt record -v --json: written only */
};

/* The CSV header line, with its newline. */
extern const char lt_csv_header[];

/* The format a file name implies: .csv, .jsonl or .ndjson, else AUTO. */
enum lt_format	lt_format_from_name(const char *path);

/* The format named "csv" or "jsonl" (also "ndjson"), or AUTO. */
enum lt_format	lt_format_parse(const char *name);

/* "csv", "jsonl", "json" or "auto". */
const char	*lt_format_name(enum lt_format f);

/* The length of the UTF-8 byte-order mark at the start of buf[0..len):
 * 3, or 0 when it has none.  Spreadsheets and editors on Windows put one
 * before a CSV's header; a log or a batch may start with one, which every
 * reader skips. */
size_t	lt_format_bom(const char *buf, size_t len);

/* The format of a text starting with buf[0..len) (after a byte-order
 * mark): JSONL when its first byte that is not white space is '{', CSV
 * otherwise, AUTO when the text is empty or all white space. */
enum lt_format	lt_format_sniff(const char *buf, size_t len);

/* Whether a line (without its newline) is blank: nothing but spaces and
 * tabs, and a CR at its end. */
int	lt_format_blank(const char *line, size_t len);

/* Whether a CSV line (without its newline) is a header: its first field
 * names an event field.  A decoder takes such a line, anywhere, as the
 * columns of the lines after it (two logs concatenated). */
int	lt_csv_is_header(const char *line, size_t len);

/* Append ev as one line of format f, CSV or JSONL, with its newline; or
 * for LT_FORMAT_JSON as the class's object, the same keys in the same
 * order as JSONL, every real written as a real ("1.0"), no newline.  ev
 * must have passed lt_event_check or come from a decoder.  The one writer
 * of events. */
void	lt_format_encode(enum lt_format f, const struct lt_event *ev,
	    struct lt_buf *out);

/*
 * Decoding, a line at a time.  A CSV decoder learns the columns from the
 * header line (any order; unknown columns are folded into metadata); a
 * file without a header is read in the standard column order.
 */
struct lt_decoder;

/* A decoder for format f (CSV or JSONL); free with lt_decoder_free. */
struct lt_decoder *lt_decoder_new(enum lt_format f);
void	lt_decoder_free(struct lt_decoder *d);


/* Whether d has read a CSV header (so the header need not be written). */
int	lt_decoder_saw_header(const struct lt_decoder *d);

/* Whether the CSV decoder d knows its columns: from a header, or the
 * standard order taken for a first line that starts with a time. */
int	lt_decoder_has_columns(const struct lt_decoder *d);

/*
 * Make d decode through libcsv and jansson alone, every fast path
 * skipped: the reference that the fuzz harness fuzz/decode.c holds the
 * fast paths to, on every input (the same events, or both refuse).  A
 * fast path added to the decoder must honour this.
 */
void	lt_decoder_reference(struct lt_decoder *d);

/*
 * Decode one line, given without its newline (a trailing CR is ignored;
 * no NUL is needed after it).  A JSONL line is modified, a CSV line is
 * not.  Returns 1 with *ev filled (its strings borrowed
 * until the next call or the line's reuse; a timestamp not given is NaN),
 * 0 for a line that holds no event (blank, a CSV header), or -1 with err
 * saying what is wrong with the line (file and line left for the caller).
 * Types are checked (numbers finite, the episode an integer, metadata a
 * JSON object with each key once and none that an extra column or key
 * also gives, text valid UTF-8, the time from 1970 to the year 9999);
 * the recording rules are lt_event_check's.
 */
int	lt_decoder_line(struct lt_decoder *d, char *line, size_t len,
	    struct lt_event *ev, struct lt_error *err);

#endif
