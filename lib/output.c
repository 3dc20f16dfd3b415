/*
 * output.c - tables in four styles, JSON, times and bars for people.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

const char *
lt_out_bar(double pct, char *buf)
{
	int i, fill = (int)lround(pct / 100.0 * LT_BAR_WIDTH);

	for (i = 0; i < LT_BAR_WIDTH; i++)
		buf[i] = i < fill ? '#' : '.';
	buf[LT_BAR_WIDTH] = '\0';
	return buf;
}

void
lt_out_duration(double secs, char *buf, size_t size)
{
	long long s = llround(fabs(secs));

	if (s >= 86400)
		snprintf(buf, size, "%lldd %lldh", s / 86400, s % 86400 / 3600);
	else if (s >= 3600)
		snprintf(buf, size, "%lldh %lldm", s / 3600, s % 3600 / 60);
	else if (s >= 60)
		snprintf(buf, size, "%lldm %llds", s / 60, s % 60);
	else
		snprintf(buf, size, "%llds", s);
}

struct lt_table {
	const struct lt_out	*o;
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
	else if (t->o->style == LT_STYLE_TEXT ||
	    t->o->style == LT_STYLE_MARKDOWN)
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

	if (t->o->style == LT_STYLE_TEXT || t->o->style == LT_STYLE_MARKDOWN)
		lt_out_localtime(ts, buf, sizeof(buf));
	else if (isfinite(ts))
		lt_time_iso(ts, buf, sizeof(buf));
	else
		buf[0] = '\0';
	add_cell(t, lt_xstrdup(buf), 0);
}

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
put_csv(FILE *fp, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

static void
put_tsv(FILE *fp, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, fp);
}

int
lt_table_print(struct lt_table *t)
{
	FILE *fp = t->o->fp;
	size_t *w, i, c, pad, k;
	int right;
	const char *s;

	w = lt_xcalloc(t->ncols, sizeof(size_t));
	for (i = 0; i < t->ncells; i++)
		if (width(t->cells[i]) > w[i % t->ncols])
			w[i % t->ncols] = width(t->cells[i]);
	for (i = 0; i < t->ncells; i++) {
		c = i % t->ncols;
		s = t->cells[i];
		/* Numbers align right, unless the column mixes in text. */
		right = !t->text[c] && t->ncells > t->ncols;
		switch (t->o->style) {
		case LT_STYLE_TSV:
			put_tsv(fp, s);
			fputc(c + 1 == t->ncols ? '\n' : '\t', fp);
			break;
		case LT_STYLE_CSV:
			put_csv(fp, s);
			fputc(c + 1 == t->ncols ? '\n' : ',', fp);
			break;
		case LT_STYLE_MARKDOWN:
			fprintf(fp, "| %s ", s);
			if (c + 1 == t->ncols) {
				fputs("|\n", fp);
				if (i + 1 == t->ncols) {
					for (k = 0; k < t->ncols; k++)
						fputs(!t->text[k] ? "| ---: " :
						    "| --- ", fp);
					fputs("|\n", fp);
				}
			}
			break;
		default:
			pad = w[c] - width(s);
			if (right)
				for (k = 0; k < pad; k++)
					fputc(' ', fp);
			fputs(s, fp);
			if (c + 1 == t->ncols) {
				fputc('\n', fp);
				break;
			}
			if (!right)
				for (k = 0; k < pad; k++)
					fputc(' ', fp);
			fputs("  ", fp);
			break;
		}
	}
	free(w);
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
