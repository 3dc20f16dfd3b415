/*
 * output.h - what commands print: tables for people, TSV or CSV for
 * pipes, JSON for programs, behind one interface.
 *
 * A command fills a table cell by cell with typed values; the table's
 * style decides how each is written: aligned columns with rounded numbers
 * and local times for people, full-precision numbers and ISO 8601 UTC
 * times in TSV or CSV, a Markdown table for reports.  JSON goes through
 * lt_out_json.  This is the only module of the library that writes to a
 * stream, and only to the one the command gives it.
 */
#ifndef LT_OUTPUT_H
#define LT_OUTPUT_H

#include <stdio.h>

#include <jansson.h>

enum lt_style {
	LT_STYLE_TEXT,		/* aligned columns for a terminal */
	LT_STYLE_TSV,
	LT_STYLE_CSV,
	LT_STYLE_MARKDOWN,
	LT_STYLE_JSON
};

struct lt_out {
	FILE		*fp;
	enum lt_style	 style;
	int		 tty;		/* fp is a terminal */
};

/* Set up o to write to fp in style. */
void	lt_out_init(struct lt_out *o, FILE *fp, enum lt_style style);

/* Write v as JSON: indented on a terminal, one line otherwise. */
int	lt_out_json(const struct lt_out *o, const json_t *v);

/*
 * Tables.  Cells are added left to right, top to bottom; a row ends after
 * its last column.  Free with lt_table_print or lt_table_free.
 */
struct lt_table;

/* A table of ncols columns with these headers (copied). */
struct lt_table *lt_table_new(const struct lt_out *o, size_t ncols,
	    const char *const *headers);

void	lt_table_str(struct lt_table *t, const char *s);
/* A number: with digits decimals for people, in full otherwise. */
void	lt_table_num(struct lt_table *t, double v, int digits);
void	lt_table_int(struct lt_table *t, long long v);
/* A time in Unix seconds: local for people, ISO 8601 UTC otherwise. */
void	lt_table_time(struct lt_table *t, double ts);

/* Print the table and free it.  Returns 0, or -1 on a write error. */
int	lt_table_print(struct lt_table *t);
void	lt_table_free(struct lt_table *t);

/* Format ts as local time "2026-11-25 10:00:00" into buf. */
void	lt_out_localtime(double ts, char *buf, size_t size);

/* A progress bar of LT_BAR_WIDTH cells for pct in [0, 100] ("####....")
 * into buf (at least LT_BAR_WIDTH + 1 bytes); returns buf. */
#define LT_BAR_WIDTH	20
const char *lt_out_bar(double pct, char *buf);

/* Format a duration in seconds as "3h 20m", "45s", "2d 4h" into buf. */
void	lt_out_duration(double secs, char *buf, size_t size);

#endif
