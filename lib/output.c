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
	o->width = 0;
	o->color = 0;
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
	struct tm tm;
	time_t t;

	/* Converted only once known to fit: a NaN or a time past what
	 * time_t holds makes the conversion undefined. */
	if (!isfinite(ts) || !lt_time_valid(ts)) {
		snprintf(buf, size, "-");
		return;
	}
	t = (time_t)floor(ts);
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

void
lt_out_num(double v, int digits, char *buf, size_t size)
{
	int shown;

	/* The significant digits "%.*f" shows of a number below 1. */
	shown = v != 0 && fabs(v) < 1 ?
	    digits + (int)floor(log10(fabs(v))) + 1 : digits;
	if (shown < (digits < 3 ? digits : 3))
		snprintf(buf, size, "%.*g", digits > 0 ? digits : 1, v);
	else
		snprintf(buf, size, "%.*f", digits, v);
}

/* SGR colours of the tones: green, red, yellow. */
static const char *const tone_sgr[] = {
	[LT_TONE_NONE] = "",
	[LT_TONE_GOOD] = "\033[32m",
	[LT_TONE_BAD] = "\033[31m",
	[LT_TONE_WARN] = "\033[33m",
};

const char *
lt_out_toned(const struct lt_out *o, enum lt_tone tone, const char *s,
    char *buf, size_t size)
{
	if (o->color && o->style == LT_STYLE_TEXT && tone != LT_TONE_NONE)
		snprintf(buf, size, "%s%s\033[0m", tone_sgr[tone], s);
	else
		snprintf(buf, size, "%s", s);
	return buf;
}

struct lt_table {
	const struct lt_out	*o;
	int			 people;	/* rounded numbers, local times */
	size_t			 ncols;
	char			**cells;	/* row-major, headers first */
	unsigned char		*tones;		/* enum lt_tone of each cell */
	int			*text;		/* column holds a non-number */
	int			*fixed;		/* column holds text not to cut */
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
	t->fixed = lt_xcalloc(ncols, sizeof(int));
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
		t->tones = lt_xrealloc(t->tones, t->cap);
	}
	if (!right && t->ncells >= t->ncols)
		t->text[t->ncells % t->ncols] = 1;
	t->tones[t->ncells] = LT_TONE_NONE;
	t->cells[t->ncells++] = s;
}

void
lt_table_str(struct lt_table *t, const char *s)
{
	add_cell(t, lt_xstrdup(s ? s : ""), 0);
}

void
lt_table_fixed(struct lt_table *t, const char *s)
{
	t->fixed[t->ncells % t->ncols] = 1;
	lt_table_str(t, s);
}

void
lt_table_tone(struct lt_table *t, enum lt_tone tone)
{
	if (t->ncells > 0)
		t->tones[t->ncells - 1] = (unsigned char)tone;
}

void
lt_table_num(struct lt_table *t, double v, int digits)
{
	char buf[64];

	if (!isfinite(v))
		snprintf(buf, sizeof(buf), "%s", isnan(v) ? "-" : v > 0 ?
		    "inf" : "-inf");
	else if (t->people)
		lt_out_num(v, digits, buf, sizeof(buf));
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
	lt_table_fixed(t, buf);
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

/* Fit the table to width: leave out the fewest columns from the right
 * (shown[c] = 0; the first stays) such that narrowing the others to
 * their least width would do, then narrow those that may be cut, widest
 * first, only as much as needed. */
static void
fit(const struct lt_table *t, size_t *w, const size_t *least, int *shown,
    size_t width)
{
	size_t c, n, total, smallest, widest;

	for (n = t->ncols; n > 1; n--) {
		for (c = 0, smallest = 0; c < n; c++)
			smallest += least[c] + (c > 0 ? 2 : 0);
		if (smallest <= width)
			break;
	}
	for (c = n; c < t->ncols; c++)
		shown[c] = 0;
	for (c = 0, total = 0; c < n; c++)
		total += w[c] + (c > 0 ? 2 : 0);
	while (total > width) {
		widest = n;
		for (c = 0; c < n; c++)
			if (w[c] > least[c] && (widest == n ||
			    w[c] > w[widest]))
				widest = c;
		if (widest == n)
			break;
		w[widest]--;
		total--;
	}
}

/* The first n columns of UTF-8 text s, as bytes. */
static size_t
prefix(const char *s, size_t n)
{
	size_t i = 0;

	for (; s[i] != '\0'; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && n-- == 0)
			break;
	return i;
}

/* "(columns not shown: eta, progress)", the headers of the
 * columns from the first left out, its words wrapped to the width. */
static void
footer(const struct lt_table *t, size_t first, FILE *fp)
{
	struct lt_buf b;
	const char *p, *w;
	size_t c, col = 0, len;

	lt_buf_init(&b);
	lt_buf_adds(&b, "(columns not shown:");
	for (c = first; c < t->ncols; c++)
		lt_buf_printf(&b, " %s%s", t->cells[c], c + 1 < t->ncols ?
		    "," : ")");
	for (p = b.data; *p != '\0'; p += len) {
		w = p;
		len = strcspn(p + 1, " ") + 1;
		if (col > 0 && col + len > (size_t)t->o->width) {
			fputc('\n', fp);
			w++;		/* the blank that breaks the line */
			col = 0;
		}
		fwrite(w, 1, len - (size_t)(w - p), fp);
		col += len - (size_t)(w - p);
	}
	fputc('\n', fp);
	lt_buf_release(&b);
}

/* Columns two spaces apart, each as wide as its widest cell, or fitted to
 * the width of the terminal; numbers align right, unless the column
 * mixes in text. */
static void
print_text(const struct lt_table *t, FILE *fp)
{
	size_t *w = lt_xcalloc(t->ncols, sizeof(size_t)), i, c, gap, cw, last;
	size_t *least = lt_xcalloc(t->ncols, sizeof(size_t));
	int *shown = lt_xcalloc(t->ncols, sizeof(int)), right, dropped = 0;
	const char *cell;

	for (i = 0; i < t->ncells; i++)
		if (width(t->cells[i]) > w[i % t->ncols])
			w[i % t->ncols] = width(t->cells[i]);
	for (c = 0; c < t->ncols; c++) {
		shown[c] = 1;
		/* Text may be cut down to its header, 8 at least; numbers,
		 * times and bars never. */
		least[c] = w[c];
		if (t->text[c] && !t->fixed[c]) {
			least[c] = width(t->cells[c]) > 8 ?
			    width(t->cells[c]) : 8;
			if (least[c] > w[c])
				least[c] = w[c];
		}
	}
	if (t->o->width > 0)
		fit(t, w, least, shown, (size_t)t->o->width);
	for (last = t->ncols - 1; last > 0 && !shown[last]; last--)
		dropped++;
	for (i = 0; i < t->ncells; i++) {
		c = i % t->ncols;
		if (!shown[c])
			continue;
		cell = t->cells[i];
		cw = width(cell);
		right = !t->text[c] && t->ncells > t->ncols;
		gap = cw > w[c] ? 0 : w[c] - cw;
		if (right)
			pad(fp, gap);
		if (t->o->color && t->tones[i] != LT_TONE_NONE)
			fputs(tone_sgr[t->tones[i]], fp);
		if (cw > w[c]) {
			/* Cut, a '~' for what is left out. */
			fwrite(cell, 1, prefix(cell, w[c] - 1), fp);
			fputc('~', fp);
		} else
			fputs(cell, fp);
		if (t->o->color && t->tones[i] != LT_TONE_NONE)
			fputs("\033[0m", fp);
		if (c == last) {
			fputc('\n', fp);
			continue;
		}
		if (!right)
			pad(fp, gap);
		fputs("  ", fp);
	}
	if (dropped > 0)
		footer(t, last + 1, fp);
	free(w);
	free(least);
	free(shown);
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
	free(t->tones);
	free(t->text);
	free(t->fixed);
	free(t);
}
