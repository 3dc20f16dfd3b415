/*
 * output.h - what every output style writes with: the stream and its
 * style, tables, headings and JSON values.
 *
 * A table is filled cell by cell with typed values; the style decides how
 * each is written: aligned columns with rounded numbers and local times
 * for people, a Markdown table for reports, full-precision numbers and
 * ISO 8601 UTC times in TSV or CSV (quoted by libcsv).  JSON goes through
 * lt_out_json.  The output styles of render.h are built on these; this
 * and they are the only modules of the library that write to a stream,
 * and only to the one the command gives.
 */
#ifndef LT_OUTPUT_H
#define LT_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

enum lt_style {
	LT_STYLE_TEXT,		/* aligned columns for a terminal */
	LT_STYLE_TSV,
	LT_STYLE_CSV,
	LT_STYLE_MARKDOWN,
	LT_STYLE_JSON
};

struct lt_output_ops;

struct lt_out {
	FILE				*fp;
	enum lt_style			 style;
	int				 tty;	/* fp is a terminal */
	int				 width;	/* text tables fit it; 0: no
						 * limit */
	int				 color;	/* colour verdicts (text) */
	double				 now;	/* what "in 3h" counts from */
	const struct lt_output_ops	*ops;	/* render.h: the style's */
};

/* Set up o to write to fp in style, now the clock's time, no width
 * limit, no colour, no ops (see lt_render_init). */
void	lt_out_init(struct lt_out *o, FILE *fp, enum lt_style style);

/* Write v as JSON: indented on a terminal, one line otherwise.  Returns 0,
 * or -1 on a write error. */
int	lt_out_json(const struct lt_out *o, const json_t *v);

/* A title (level 1) or a section's heading (level 2): "# Title" and
 * "## Section" in Markdown, the bare text otherwise, a section set apart
 * by a blank line.  Returns 0, or -1 on a write error. */
int	lt_out_heading(const struct lt_out *o, int level, const char *text);

/* Format ts as local time "2026-11-25 10:00:00" into buf ("-" when ts is
 * not finite). */
void	lt_out_localtime(double ts, char *buf, size_t size);

/*
 * A number for people with digits decimals ("0.8523"), or, when those
 * would show fewer than three of its significant digits (fewer than
 * digits, when that is less), with digits significant ones: a learning
 * rate of 1e-9 is "1e-09", not "0.000000".  Into buf of size bytes.
 */
void	lt_out_num(double v, int digits, char *buf, size_t size);

/* What a cell says, which text on a terminal shows in colour. */
enum lt_tone {
	LT_TONE_NONE,
	LT_TONE_GOOD,		/* green: improving, completed */
	LT_TONE_BAD,		/* red: declining */
	LT_TONE_WARN		/* yellow: flat, stable, plateau, active */
};

/* s between the escapes of tone when o->color is set, else s, into buf
 * of size bytes; returns buf. */
const char *lt_out_toned(const struct lt_out *o, enum lt_tone tone,
	    const char *s, char *buf, size_t size);

/*
 * Tables.  Cells are added left to right, top to bottom; a row ends after
 * its last column.  Free with lt_table_print or lt_table_free.
 *
 * In text, a table is as wide as its cells, unless o->width is set and
 * it would be wider: then its columns of text (not numbers, times or
 * bars) are narrowed, their cells cut with a '~', down to the width of
 * their header (8 at least); then the columns on the right are dropped
 * (the first one never is) and a line under the table names them.
 */
struct lt_table;

/* A table of ncols columns with these headers (copied). */
struct lt_table *lt_table_new(const struct lt_out *o, size_t ncols,
	    const char *const *headers);

void	lt_table_str(struct lt_table *t, const char *s);
/* Text that must not be cut (a time, a progress bar). */
void	lt_table_fixed(struct lt_table *t, const char *s);
/* The tone of the cell added last (text: colour on a terminal). */
void	lt_table_tone(struct lt_table *t, enum lt_tone tone);
/* A number: with digits decimals for people, in full otherwise. */
void	lt_table_num(struct lt_table *t, double v, int digits);
void	lt_table_int(struct lt_table *t, long long v);
/* A time in Unix seconds: local for people, ISO 8601 UTC otherwise. */
void	lt_table_time(struct lt_table *t, double ts);

/* Print the table and free it.  Returns 0, or -1 on a write error. */
int	lt_table_print(struct lt_table *t);
void	lt_table_free(struct lt_table *t);

/* One cell of a row written at once, for a result too long to hold as a
 * table: as a CSV table's cell in the CSV style, else as a TSV one; then
 * the separator, or a newline when last.  Returns 0, or -1 on a write
 * error. */
int	lt_out_cell(const struct lt_out *o, const char *s, int last);

#endif
