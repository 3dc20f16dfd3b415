/*
 * output.c - tables in four styles, headings, JSON, local times.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <csv.h>

#include "buf.h"
#include "event.h"
#include "json.h"
#include "num.h"
#include "output.h"

void
lt_out_init(struct lt_out *o, FILE *fp, enum lt_style style)
{
	o->fp = fp;
	o->style = style;
	o->tty = isatty(fileno(fp));
	o->now = lt_time_now();
	o->ops = NULL;
}

int
lt_out_json(const struct lt_out *o, const json_t *v)
{
	return lt_json_print(v, o->tty ? LT_JSON_PRETTY : 0, o->fp);
}

void
lt_out_localtime(double ts, char *buf, size_t size)
{
	time_t t = (time_t)floor(ts);
	struct tm tm;

	if (!isfinite(ts)) {
		snprintf(buf, size, "-");
		return;
	}
	localtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm);
}

int
lt_out_heading(const struct lt_out *o, int level, const char *text)
{
	if (o->style == LT_STYLE_MARKDOWN)
		fprintf(o->fp, level == 1 ? "# %s\n" : "\n## %s\n\n", text);
	else
		fprintf(o->fp, level == 1 ? "%s\n" : "\n%s\n", text);
	return ferror(o->fp) ? -1 : 0;
}

struct lt_table {
	const struct lt_out	*o;
	int			 people;	/* rounded numbers, local times */
	size_t			 ncols;
	char			**cells;	/* row-major, headers first */
	int			*text;		/* column holds a non-number */
	size_t			 ncells;
	size_t			 cap;
};

struct lt_table *
lt_table_new(const struct lt_out *o, size_t ncols, const char *const *headers)
{
	struct lt_table *t = lt_xcalloc(1, sizeof(*t));
	size_t i;

	t->o = o;
	t->people = o->style == LT_STYLE_TEXT ||
	    o->style == LT_STYLE_MARKDOWN || o->style == LT_STYLE_JSON;
	t->ncols = ncols;
	t->text = lt_xcalloc(ncols, sizeof(int));
	for (i = 0; i < ncols; i++)
		lt_table_str(t, headers[i]);
	return t;
}

static void
add_cell(struct lt_table *t, char *s, int right)
{
	if (t->ncells == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->cells = lt_xrealloc(t->cells, t->cap * sizeof(char *));
	}
	if (!right && t->ncells >= t->ncols)
		t->text[t->ncells % t->ncols] = 1;
	t->cells[t->ncells++] = s;
}

void
lt_table_str(struct lt_table *t, const char *s)
{
	add_cell(t, lt_xstrdup(s ? s : ""), 0);
}

void
lt_table_num(struct lt_table *t, double v, int digits)
{
	char buf[64];

	if (!isfinite(v))
		snprintf(buf, sizeof(buf), "%s", isnan(v) ? "-" : v > 0 ?
		    "inf" : "-inf");
	else if (t->people)
		snprintf(buf, sizeof(buf), "%.*f", digits, v);
	else
		lt_num_format(v, buf);
	add_cell(t, lt_xstrdup(buf), 1);
}

void
lt_table_int(struct lt_table *t, long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	add_cell(t, lt_xstrdup(buf), 1);
}

void
lt_table_time(struct lt_table *t, double ts)
{
	char buf[64];

	if (t->people)
		lt_out_localtime(ts, buf, sizeof(buf));
	else if (isfinite(ts))
		lt_time_iso(ts, buf, sizeof(buf));
	else
		buf[0] = '\0';
	add_cell(t, lt_xstrdup(buf), 0);
}

/*
 * Printing, one function a style.
 */

/* Display width of UTF-8 text: one column a code point. */
static size_t
width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

static void
pad(FILE *fp, size_t n)
{
	while (n-- > 0)
		fputc(' ', fp);
}

/* Columns two spaces apart, each as wide as its widest cell; numbers
 * align right, unless the column mixes in text. */
static void
print_text(const struct lt_table *t, FILE *fp)
{
	size_t *w = lt_xcalloc(t->ncols, sizeof(size_t)), i, c, gap;
	int right;

	for (i = 0; i < t->ncells; i++)
		if (width(t->cells[i]) > w[i % t->ncols])
			w[i % t->ncols] = width(t->cells[i]);
	for (i = 0; i < t->ncells; i++) {
		c = i % t->ncols;
		right = !t->text[c] && t->ncells > t->ncols;
		gap = w[c] - width(t->cells[i]);
		if (right)
			pad(fp, gap);
		fputs(t->cells[i], fp);
		if (c + 1 == t->ncols) {
			fputc('\n', fp);
			continue;
		}
		if (!right)
			pad(fp, gap);
		fputs("  ", fp);
	}
	free(w);
}

/* A TSV cell: a tab or line break in it becomes a space. */
static void
tsv_cell(const char *s, FILE *fp)
{
	for (; *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, fp);
}

/* RFC 4180: a cell as it is, or quoted by libcsv when it must be: a
 * comma, a quote, a line break, or a blank at either end (which CSV
 * readers such as libcsv trim from a cell that is not quoted). */
static void
csv_cell(const char *s, FILE *fp)
{
	size_t len = strlen(s);

	if (strcspn(s, ",\"\r\n") == len && (len == 0 ||
	    (s[0] != ' ' && s[0] != '\t' && s[len - 1] != ' ' &&
	    s[len - 1] != '\t')))
		fputs(s, fp);
	else
		csv_fwrite(fp, s, len);
}

/* Tabs between cells. */
static void
print_tsv(const struct lt_table *t, FILE *fp)
{
	size_t i;

	for (i = 0; i < t->ncells; i++) {
		tsv_cell(t->cells[i], fp);
		fputc((i + 1) % t->ncols == 0 ? '\n' : '\t', fp);
	}
}

static void
print_csv(const struct lt_table *t, FILE *fp)
{
	size_t i;

	for (i = 0; i < t->ncells; i++) {
		csv_cell(t->cells[i], fp);
		fputc((i + 1) % t->ncols == 0 ? '\n' : ',', fp);
	}
}

int
lt_out_cell(const struct lt_out *o, const char *s, int last)
{
	if (o->style == LT_STYLE_CSV)
		csv_cell(s, o->fp);
	else
		tsv_cell(s, o->fp);
	fputc(last ? '\n' : o->style == LT_STYLE_CSV ? ',' : '\t', o->fp);
	return ferror(o->fp) ? -1 : 0;
}

/* A pipe table; columns of numbers align right. */
static void
print_markdown(const struct lt_table *t, FILE *fp)
{
	size_t i, k;

	for (i = 0; i < t->ncells; i++) {
		fprintf(fp, "| %s ", t->cells[i]);
		if ((i + 1) % t->ncols != 0)
			continue;
		fputs("|\n", fp);
		if (i + 1 != t->ncols)
			continue;
		for (k = 0; k < t->ncols; k++)
			fputs(t->text[k] ? "| --- " : "| ---: ", fp);
		fputs("|\n", fp);
	}
}

static void (*const print_style[])(const struct lt_table *, FILE *) = {
	[LT_STYLE_TEXT] = print_text,
	[LT_STYLE_TSV] = print_tsv,
	[LT_STYLE_CSV] = print_csv,
	[LT_STYLE_MARKDOWN] = print_markdown,
	[LT_STYLE_JSON] = print_text,	/* JSON has no tables */
};

int
lt_table_print(struct lt_table *t)
{
	FILE *fp = t->o->fp;

	print_style[t->o->style](t, fp);
	lt_table_free(t);
	return ferror(fp) ? -1 : 0;
}

void
lt_table_free(struct lt_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ncells; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->text);
	free(t);
}
