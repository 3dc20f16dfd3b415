/*
 * options.c - options declared in tables (cmd.h), not parsed by hand:
 * getopt_long's table, the values, --help, the synopsis, the suggestion
 * of the nearest word and what completion offers (complete.c) are made of
 * each command's entry and of the shared table below.
 */
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "event.h"
#include "format.h"
#include "num.h"

/* More options than a command has; checked when the list is built. */
#define MAX_OPTS	64

static lt_opt_parse_fn parse_time, parse_x, parse_color;

#define SOFF(f)	offsetof(struct lt_select, f)

/* The shared options: the LT_SEL_ bit that brings each, and the option,
 * its value going into struct lt_select. */
static const struct shared {
	unsigned	sel;
	struct lt_opt	opt;
} shared[] = {
	{ LT_SEL_TASKS, { .name = "task", .letter = 't', .arg = "TASK",
	  .help = "a task (repeatable; default: every task)",
	  .kind = LT_OPT_LIST, .off = SOFF(tasks), .flags = LT_OPTF_TASK } },
	{ LT_SEL_FILES, { .name = "file", .letter = 'f', .arg = "FILE",
	  .help = "a log (repeatable, - is standard input; default:\n"
	  "$LT_FILE, else lt.jsonl)",
	  .kind = LT_OPT_LIST, .off = SOFF(files), .flags = LT_OPTF_FILE } },
	{ LT_SEL_TIME, { .name = "since", .arg = "T",
	  .help = "only events at or after T (Unix seconds, ISO 8601,\n"
	  "30m, 2h, 7d, today, yesterday)",
	  .kind = LT_OPT_PARSE, .off = SOFF(sel.since),
	  .parse = parse_time } },
	{ LT_SEL_TIME, { .name = "until", .arg = "T",
	  .help = "only events at or before T",
	  .kind = LT_OPT_PARSE, .off = SOFF(sel.until),
	  .parse = parse_time } },
	{ LT_SEL_STRICT, { .name = "strict",
	  .help = "a bad line is an error, not a warning",
	  .kind = LT_OPT_FLAG, .off = SOFF(strict) } },
	{ LT_SEL_SERIES, { .name = "metric", .arg = "FIELD",
	  .help = "an event field or a metadata key (default:\n"
	  "performance_score)",
	  .kind = LT_OPT_PARSE, .off = SOFF(sel.metric),
	  .parse = lt_parse_metric } },
	{ LT_SEL_SERIES, { .name = "x", .arg = "index|episode|time",
	  .help = "what the x axis is",
	  .kind = LT_OPT_PARSE, .off = SOFF(sel.x), .parse = parse_x } },
	{ LT_SEL_MODE, { .name = "mode", .arg = "max|min",
	  .help = "read every task as higher is better (max) or lower\n"
	  "(min) for this run (default: each task's own direction)",
	  .kind = LT_OPT_CHOICE, .off = SOFF(sel.mode) } },
	{ LT_SEL_GOALS, { .name = "goals", .arg = "FILE",
	  .help = "the goals log (default: $LT_GOALS, else\n"
	  "NAME.goals.jsonl beside the log NAME.EXT)",
	  .kind = LT_OPT_STRING, .off = SOFF(goals), .flags = LT_OPTF_FILE } },
	{ LT_SEL_JSON, { .name = "json", .help = "the class's JSON",
	  .kind = LT_OPT_FLAG, .off = SOFF(style), .val = LT_STYLE_JSON,
	  .excl = 1 } },
	{ LT_SEL_TABLE, { .name = "tsv",
	  .help = "tab-separated values, numbers in full",
	  .kind = LT_OPT_FLAG, .off = SOFF(style), .val = LT_STYLE_TSV,
	  .excl = 1 } },
	{ LT_SEL_TABLE, { .name = "csv",
	  .help = "comma-separated values, numbers in full",
	  .kind = LT_OPT_FLAG, .off = SOFF(style), .val = LT_STYLE_CSV,
	  .excl = 1 } },
	{ LT_SEL_MARKDOWN, { .name = "markdown",
	  .help = "Markdown, for a mail or a wiki",
	  .kind = LT_OPT_FLAG, .off = SOFF(style), .val = LT_STYLE_MARKDOWN,
	  .excl = 1 } },
	{ LT_SEL_COLOR, { .name = "color", .arg = "WHEN",
	  .choices = "auto|always|never",
	  .help = "colour verdicts and goals: auto (on a terminal, unless "
	  "NO_COLOR is set; the default), always (--color alone) or never",
	  .kind = LT_OPT_PARSE, .off = SOFF(color), .flags = LT_OPTF_OPTARG,
	  .parse = parse_color } },
};

#define NSHARED	(sizeof(shared) / sizeof(shared[0]))

/* The options of a command: its own, then the shared ones it takes. */
struct optlist {
	const struct lt_opt	*v[MAX_OPTS];
	int			 own[MAX_OPTS];	/* its own, not shared */
	size_t			 n;
};

static void
optlist(const struct lt_cmd *c, struct optlist *l)
{
	const struct lt_opt *o;
	size_t i;

	l->n = 0;
	for (o = c->opts; o != NULL && o->name != NULL; o++) {
		l->own[l->n] = 1;
		l->v[l->n++] = o;
		if (l->n + NSHARED > MAX_OPTS) {
			/* A table past the bound is a mistake of the code. */
			fprintf(stderr, "lt %s: more than %d options\n",
			    c->name, MAX_OPTS);
			abort();
		}
	}
	for (i = 0; i < NSHARED; i++)
		if (c->select & shared[i].sel) {
			l->own[l->n] = 0;
			l->v[l->n++] = &shared[i].opt;
		}
}

/* The option named by word ("--name" or "-x"), or -1. */
static int
find(const struct optlist *l, const char *word, size_t len)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (len == 2 && word[0] == '-' && word[1] == l->v[i]->letter &&
		    l->v[i]->letter != 0)
			return (int)i;
		if (len > 2 && word[0] == '-' && word[1] == '-' &&
		    strlen(l->v[i]->name) == len - 2 &&
		    memcmp(word + 2, l->v[i]->name, len - 2) == 0)
			return (int)i;
	}
	return -1;
}

void
lt_strv_add(struct lt_strv *sv, const char *s)
{
	sv->v = lt_xrealloc(sv->v, (sv->n + 2) * sizeof(*sv->v));
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void
lt_strv_release(struct lt_strv *sv)
{
	free(sv->v);
	sv->v = NULL;
	sv->n = 0;
}

/*
 * Spelling.
 */

/* How the synopsis writes o: "-w N", "--x index|episode|time",
 * "--color[=WHEN]", and with dots "-f FILE ..." for one that repeats. */
static void
spell(const struct lt_opt *o, int dots, struct lt_buf *b)
{
	if (o->letter != 0)
		lt_buf_printf(b, "-%c", o->letter);
	else
		lt_buf_printf(b, "--%s", o->name);
	if (o->arg != NULL && (o->flags & LT_OPTF_OPTARG))
		lt_buf_printf(b, "[=%s]", o->arg);
	else if (o->arg != NULL)
		lt_buf_printf(b, " %s", o->arg);
	if (dots && o->kind == LT_OPT_LIST)
		lt_buf_printf(b, " ...");
}

/* Mark in named[] the options the words of f name. */
static void
mark_named(const struct optlist *l, const char *words, int *named)
{
	const char *p = words, *s, *e;
	int k;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		s = p;
		while (*p != '\0' && *p != ' ')
			p++;
		e = p;
		while (s < e && *s == '[')
			s++;
		while (e > s && e[-1] == ']')
			e--;
		if (e > s && *s == '-' && (k = find(l, s, (size_t)(e - s))) >= 0)
			named[k] = 1;
	}
}

/* The options "@" stands for in a form of words: c's own options that no
 * form names, and the shared ones that this form does not. */
static void
at_set(const struct lt_cmd *c, const struct optlist *l, const char *words,
    int *rest)
{
	const struct lt_form *f;
	int any[MAX_OPTS] = { 0 }, here[MAX_OPTS] = { 0 };
	size_t i;

	for (f = c->forms; f->words != NULL; f++)
		mark_named(l, f->words, any);
	mark_named(l, words, here);
	for (i = 0; i < l->n; i++)
		rest[i] = l->own[i] ? !any[i] : !here[i];
}

/* "[-x]" for each option of rest[], the ones of a group together:
 * "[--json | --tsv | --csv]". */
static void
spell_rest(const struct optlist *l, const int *rest, struct lt_buf *b)
{
	int done[MAX_OPTS] = { 0 };
	size_t i, j;

	for (i = 0; i < l->n; i++) {
		if (!rest[i] || done[i])
			continue;
		lt_buf_printf(b, "%s[", b->len > 0 ? " " : "");
		spell(l->v[i], 1, b);
		for (j = i + 1; j < l->n && l->v[i]->excl != 0; j++)
			if (rest[j] && l->v[j]->excl == l->v[i]->excl) {
				lt_buf_printf(b, " | ");
				spell(l->v[j], 1, b);
				done[j] = 1;
			}
		lt_buf_printf(b, "]");
	}
}

/* The words of a form with its options spelled out, into b. */
static void
expand(const struct optlist *l, const int *rest, const char *words,
    struct lt_buf *b)
{
	const char *p = words, *s, *e, *w;
	int k;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		w = s = p;
		while (*p != '\0' && *p != ' ')
			p++;
		e = p;
		if (b->len > 0 && !(e - w == 1 && *w == '@'))
			lt_buf_printf(b, " ");
		if (e - w == 1 && *w == '@') {
			spell_rest(l, rest, b);
			continue;
		}
		while (s < e && *s == '[')
			s++;
		while (e > s && e[-1] == ']')
			e--;
		if (e > s && *s == '-' &&
		    (k = find(l, s, (size_t)(e - s))) >= 0) {
			lt_buf_add(b, w, (size_t)(s - w));
			spell(l->v[k], 0, b);
			lt_buf_add(b, e, (size_t)(p - e));
		} else
			lt_buf_add(b, w, (size_t)(p - w));
	}
}

/* Write text at column col of fp, breaking lines before column 80
 * outside brackets, and not between an option and its value;
 * continuation lines start at column indent. */
static void
wrap(FILE *fp, const char *text, size_t col, size_t indent)
{
	const char *p = text, *w;
	size_t len;
	int depth = 0, words;

	while (*p != '\0') {
		/* A unit: a word up to a space outside brackets, and the word
		 * after it when it is an option's value. */
		w = p;
		for (words = 0; words < 2; words++) {
			while (*p != '\0' && (*p != ' ' || depth > 0)) {
				depth += *p == '[' ? 1 : *p == ']' ? -1 : 0;
				p++;
			}
			if (*w != '-' || p[0] != ' ' || p[1] == '-' ||
			    p[1] == '[' || p[1] == '\0')
				break;
			p++;
		}
		len = (size_t)(p - w);
		if (w != text && col + 1 + len > 79) {
			fprintf(fp, "\n%*s", (int)indent, "");
			col = indent;
		} else if (w != text) {
			fputc(' ', fp);
			col++;
		}
		fwrite(w, 1, len, fp);
		col += len;
		while (*p == ' ')
			p++;
	}
	fputc('\n', fp);
}

/* The subcommand being run, once known: a usage error shows its line. */
static const struct lt_form *current_sub;

void
lt_opts_synopsis(const struct lt_cmd *c, FILE *fp)
{
	const struct lt_form *f;
	struct optlist l;
	struct lt_buf b;
	int rest[MAX_OPTS], first = 1;
	char head[64];

	optlist(c, &l);
	lt_buf_init(&b);
	for (f = c->forms; f->words != NULL; f++) {
		if (current_sub != NULL && f != current_sub)
			continue;
		at_set(c, &l, f->words, rest);
		lt_buf_reset(&b);
		lt_buf_adds(&b, "");
		if (f->sub != NULL)
			lt_buf_printf(&b, "%s", f->sub);
		expand(&l, rest, f->words, &b);
		snprintf(head, sizeof(head), "%s lt %s ", first ? "usage:" :
		    "      ", c->name);
		first = 0;
		fputs(head, fp);
		wrap(fp, b.data, strlen(head), strlen(head) + 2);
	}
	lt_buf_release(&b);
}

/* Help text at column HELP_COL, its words wrapped before column 80; a
 * "\n" in it breaks the line too. */
#define HELP_COL	27

static void
help_text(FILE *fp, const char *h)
{
	size_t col = HELP_COL, len;

	while (*h != '\0') {
		len = strcspn(h, " \n");
		if (col > HELP_COL && col + 1 + len > 79) {
			fprintf(fp, "\n%*s", HELP_COL, "");
			col = HELP_COL;
		} else if (col > HELP_COL) {
			fputc(' ', fp);
			col++;
		}
		fwrite(h, 1, len, fp);
		col += len;
		h += len;
		if (*h == '\n' && h[1] != '\0') {
			fprintf(fp, "\n%*s", HELP_COL, "");
			col = HELP_COL;
		}
		if (*h != '\0')
			h++;
	}
	fputc('\n', fp);
}

void
lt_opts_help(const struct lt_cmd *c, FILE *fp)
{
	struct optlist l;
	struct lt_buf b;
	size_t i;

	lt_opts_synopsis(c, fp);
	optlist(c, &l);
	lt_buf_init(&b);
	fputc('\n', fp);
	for (i = 0; i < l.n; i++) {
		lt_buf_reset(&b);
		if (l.v[i]->letter != 0)
			lt_buf_printf(&b, "  -%c, ", l.v[i]->letter);
		else
			lt_buf_printf(&b, "      ");
		lt_buf_printf(&b, "--%s", l.v[i]->name);
		if (l.v[i]->arg != NULL)
			lt_buf_printf(&b, (l.v[i]->flags & LT_OPTF_OPTARG) ?
			    "[=%s]" : " %s", l.v[i]->arg);
		fputs(b.data, fp);
		if (b.len > HELP_COL - 2)
			fprintf(fp, "\n%*s", HELP_COL, "");
		else
			fprintf(fp, "%*s", (int)(HELP_COL - b.len), "");
		help_text(fp, l.v[i]->help);
	}
	fprintf(fp, "  -h, --help%*sthis help\n", HELP_COL - 12, "");
	lt_buf_release(&b);
}

/*
 * Suggestions.
 */

/* The optimal string alignment distance of a and b (Damerau-Levenshtein
 * with adjacent transpositions), as git's levenshtein.c counts. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d, *row0, *row1, *row2,
	    *t;

	row0 = lt_xcalloc(lb + 1, sizeof(size_t));
	row1 = lt_xcalloc(lb + 1, sizeof(size_t));
	row2 = lt_xcalloc(lb + 1, sizeof(size_t));
	for (j = 0; j <= lb; j++)
		row1[j] = j;
	for (i = 0; i < la; i++) {
		row2[0] = i + 1;
		for (j = 0; j < lb; j++) {
			d = row1[j] + (a[i] != b[j]);
			if (i > 0 && j > 0 && a[i] == b[j - 1] &&
			    a[i - 1] == b[j] && row0[j - 1] + 1 < d)
				d = row0[j - 1] + 1;
			if (row1[j + 1] + 1 < d)
				d = row1[j + 1] + 1;
			if (row2[j] + 1 < d)
				d = row2[j] + 1;
			row2[j + 1] = d;
		}
		t = row0;
		row0 = row1;
		row1 = row2;
		row2 = t;
	}
	d = row1[lb];
	free(row0);
	free(row1);
	free(row2);
	return d;
}

void
lt_suggest(const char *word, const char *const *cands, size_t n,
    const char *quote, char *buf, size_t size)
{
	size_t i, k, d, best = SIZE_MAX, len = strlen(word), near, shown = 0;
	size_t *dist = lt_xcalloc(n + 1, sizeof(size_t));
	int off;

	buf[0] = '\0';
	/* A third of the word's letters (an option's dashes aside) may be
	 * wrong, at least one. */
	near = (len - strspn(word, "-")) / 3;
	if (near < 1)
		near = 1;
	for (i = 0; i < n; i++) {
		d = distance(word, cands[i]);
		/* A beginning of two letters or more is nearer than a typo. */
		if (len >= 2 && strncmp(cands[i], word, len) == 0)
			d = 0;
		dist[i] = d;
		if (d <= near && d < best)
			best = d;
	}
	for (i = 0; i < n && best != SIZE_MAX; i++)
		if (dist[i] == best)
			shown++;
	for (i = 0, k = 0; i < n && best != SIZE_MAX; i++) {
		if (dist[i] != best)
			continue;
		off = (int)strlen(buf);
		snprintf(buf + off, size - (size_t)off, "%s%s%s%s%s",
		    k == 0 ? "; did you mean " : k + 1 < shown ? ", " : " or ",
		    quote, cands[i], quote, k + 1 == shown ? "?" : "");
		k++;
	}
	free(dist);
}

/*
 * Usage errors.
 */

int
lt_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lt_vwarnx(fmt, ap);
	va_end(ap);
	if (lt_current != NULL)
		lt_opts_synopsis(lt_current, stderr);
	fprintf(stderr, "Try '%s --help'.\n", lt_progname);
	return LT_TROUBLE;
}

/* getopt_long returned ch ('?' or ':') for argv[optind - 1]: say which
 * option was unknown, lacked its value or had one it takes none of, and
 * which option was perhaps meant. */
static int
bad_option(const struct optlist *l, char **argv, int ch)
{
	const char *last = argv[optind - 1], *eq, *names[MAX_OPTS + 1];
	char word[128], hint[256];
	size_t i;

	if (strncmp(last, "--", 2) != 0) {
		/* A short option: the letter getopt stopped at. */
		snprintf(word, sizeof(word), "-%c", optopt);
		if (ch == ':')
			return lt_usage("option '%s' needs a value", word);
		return lt_usage("unknown option '%s'", word);
	}
	eq = strchr(last, '=');
	snprintf(word, sizeof(word), "%.*s", eq != NULL ? (int)(eq - last) :
	    (int)strlen(last), last);
	if (ch == ':')
		return lt_usage("option '%s' needs a value", word);
	if (eq != NULL && find(l, word, strlen(word)) >= 0)
		return lt_usage("option '%s' takes no value", word);
	for (i = 0; i < l->n; i++) {
		names[i] = lt_xmalloc(strlen(l->v[i]->name) + 3);
		sprintf((char *)names[i], "--%s", l->v[i]->name);
	}
	names[l->n] = "--help";
	lt_suggest(word, names, l->n + 1, "'", hint, sizeof(hint));
	for (i = 0; i < l->n; i++)
		free((char *)names[i]);
	return lt_usage("unknown option '%s'%s", word, hint);
}

/*
 * Reading the values.
 */

/* "a, b or c" of choices "a|b|c", into buf. */
static void
choices_text(const char *choices, char *buf, size_t size)
{
	const char *p, *bar;
	size_t n = 0, len;

	buf[0] = '\0';
	for (p = choices; ; p = bar + 1) {
		bar = strchr(p, '|');
		len = bar != NULL ? (size_t)(bar - p) : strlen(p);
		n = strlen(buf);
		snprintf(buf + n, size - n, "%s%.*s", p == choices ? "" :
		    bar != NULL ? ", " : " or ", (int)len, p);
		if (bar == NULL)
			break;
	}
}

/* The index of arg among choices "a|b|c", or -1. */
static int
choice(const char *choices, const char *arg)
{
	const char *p = choices, *bar;
	size_t len;
	int i;

	for (i = 0; ; i++, p = bar + 1) {
		bar = strchr(p, '|');
		len = bar != NULL ? (size_t)(bar - p) : strlen(p);
		if (strlen(arg) == len && strncmp(p, arg, len) == 0)
			return i;
		if (bar == NULL)
			return -1;
	}
}

/* Put arg into o's field in base. */
static int
apply(const struct lt_opt *o, const char *arg, char *base)
{
	void *field = base + o->off;
	struct lt_error err;
	char text[256];
	double d;
	int64_t v;
	int k;

	switch (o->kind) {
	case LT_OPT_FLAG:
		*(int *)field = o->val != 0 ? o->val : 1;
		return 0;
	case LT_OPT_STRING:
		*(const char **)field = arg;
		return 0;
	case LT_OPT_LIST:
		lt_strv_add(field, arg);
		return 0;
	case LT_OPT_COUNT:
		if (lt_num_json_kind(arg, strlen(arg)) != 1 ||
		    lt_num_parse_int(arg, strlen(arg), &v) != 0 ||
		    v < ((o->flags & LT_OPTF_POSITIVE) ? 1 : 0))
		{
			lt_usage("--%s \"%s\" is not a %s integer", o->name,
			    arg, (o->flags & LT_OPTF_POSITIVE) ? "positive" :
			    "non-negative");
			return -1;
		}
		*(long *)field = (long)v;
		return 0;
	case LT_OPT_NUMBER:
		if (lt_num_parse(arg, strlen(arg), &d) != 0 || !isfinite(d) ||
		    ((o->flags & LT_OPTF_NONNEG) && d < 0) ||
		    ((o->flags & LT_OPTF_POSITIVE) && !(d > 0))) {
			lt_usage("--%s \"%s\" is not a number%s", o->name, arg,
			    (o->flags & LT_OPTF_NONNEG) ? " >= 0" :
			    (o->flags & LT_OPTF_POSITIVE) ? " > 0" : "");
			return -1;
		}
		*(double *)field = d;
		return 0;
	case LT_OPT_CHOICE:
		if ((k = choice(o->arg, arg)) < 0) {
			choices_text(o->arg, text, sizeof(text));
			lt_usage("--%s \"%s\" is not %s", o->name, arg, text);
			return -1;
		}
		*(int *)field = k;
		return 0;
	case LT_OPT_PARSE:
		if (o->parse(o, arg, field, &err) != 0) {
			lt_usage("%s", err.msg);
			return -1;
		}
		return 0;
	}
	return -1;
}

/* The options the form of sub allows, into ok[]. */
static void
sub_options(const struct lt_cmd *c, const struct optlist *l,
    const struct lt_form *f, int *ok)
{
	int rest[MAX_OPTS];
	size_t i;

	memset(ok, 0, sizeof(int) * MAX_OPTS);
	mark_named(l, f->words, ok);
	if (strstr(f->words, "@") != NULL) {
		at_set(c, l, f->words, rest);
		for (i = 0; i < l->n; i++)
			ok[i] |= rest[i];
	}
}

/* The operands a form's words name: the words that are no option and
 * not "@", into buf. */
static void
operands_text(const struct optlist *l, const char *words, char *buf,
    size_t size)
{
	const char *p = words, *s, *e, *w;
	size_t n;
	int opt = 0;

	buf[0] = '\0';
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		w = s = p;
		while (*p != '\0' && *p != ' ')
			p++;
		e = p;
		while (s < e && *s == '[')
			s++;
		while (e > s && e[-1] == ']')
			e--;
		/* An option, its "...", "@": not operands. */
		if (e == w || (p - w == 1 && (*w == '@' || *w == '|')) ||
		    (*s == '-' && find(l, s, (size_t)(e - s)) >= 0) ||
		    (e - s == 3 && strncmp(s, "...", 3) == 0 && opt)) {
			opt = *s == '-';
			continue;
		}
		opt = 0;
		n = strlen(buf);
		snprintf(buf + n, size - n, "%s%.*s", n > 0 ? " " : "",
		    (int)(p - w), w);
	}
}

/* Check the subcommand of argv[0..argc) against c's forms. */
static int
check_sub(const struct lt_cmd *c, const struct optlist *l, const int *given,
    int argc, char **argv)
{
	const struct lt_form *f, *sub = NULL;
	const char *names[32];
	char hint[256], args[256];
	int ok[MAX_OPTS];
	size_t i, n = 0;

	for (f = c->forms; f->words != NULL; f++) {
		if (n < 32)
			names[n++] = f->sub;
		if (argc > 0 && strcmp(f->sub, argv[0]) == 0)
			sub = f;
	}
	if (argc == 0) {
		lt_usage("missing subcommand");
		return -1;
	}
	if (sub == NULL) {
		lt_suggest(argv[0], names, n, "'", hint, sizeof(hint));
		lt_usage("unknown subcommand '%s'%s", argv[0], hint);
		return -1;
	}
	current_sub = sub;
	sub_options(c, l, sub, ok);
	for (i = 0; i < l->n; i++)
		if (given[i] && !ok[i]) {
			lt_usage("%s does not take --%s", sub->sub,
			    l->v[i]->name);
			return -1;
		}
	if (argc - 1 < sub->min || (sub->max >= 0 && argc - 1 > sub->max)) {
		operands_text(l, sub->words, args, sizeof(args));
		lt_usage("%s takes %s", sub->sub, *args ? args :
		    "no arguments");
		return -1;
	}
	return 0;
}

int
lt_opts_parse(const struct lt_cmd *c, int *argcp, char ***argvp, void *opts,
    struct lt_select *s)
{
	struct option longopts[MAX_OPTS + 2];
	struct optlist l;
	char shortopts[3 * MAX_OPTS + 4], *p = shortopts;
	char **argv = *argvp;
	int argc = *argcp, given[MAX_OPTS] = { 0 }, ch, code, i, j;
	const struct lt_opt *o;

	optlist(c, &l);
	*p++ = ':';
	*p++ = 'h';
	for (i = 0; i < (int)l.n; i++) {
		o = l.v[i];
		longopts[i].name = o->name;
		longopts[i].has_arg = o->arg == NULL ? no_argument :
		    (o->flags & LT_OPTF_OPTARG) ? optional_argument :
		    required_argument;
		longopts[i].flag = NULL;
		longopts[i].val = 0x100 + i;
		if (o->letter != 0) {
			*p++ = (char)o->letter;
			if (o->arg != NULL)
				*p++ = ':';
			if (o->arg != NULL && (o->flags & LT_OPTF_OPTARG))
				*p++ = ':';
		}
	}
	*p = '\0';
	longopts[l.n] = (struct option){ "help", no_argument, NULL, 'h' };
	longopts[l.n + 1] = (struct option){ NULL, 0, NULL, 0 };

	if (s != NULL && (c->select & LT_SEL_FILES))
		for (i = 1; i < argc; i++)
			if (strcmp(argv[i], "--") == 0) {
				s->nfiles = argc - i - 1;
				break;
			}
	optind = 0;	/* getopt starts afresh (GNU) */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, shortopts, longopts,
	    NULL)) != -1) {
		if (ch == 'h') {
			lt_opts_help(c, stdout);
			return LT_OK;
		}
		code = -1;
		if (ch >= 0x100 && ch < 0x100 + (int)l.n)
			code = ch - 0x100;
		for (i = 0; code < 0 && ch != '?' && ch != ':' &&
		    i < (int)l.n; i++)
			if (l.v[i]->letter == ch)
				code = i;
		if (code < 0)
			return bad_option(&l, argv, ch);
		o = l.v[code];
		for (j = 0; o->excl != 0 && j < (int)l.n; j++)
			if (j != code && given[j] && l.v[j]->excl == o->excl)
				return lt_usage("--%s and --%s exclude each "
				    "other", l.v[j]->name, o->name);
		given[code] = 1;
		if (apply(o, optarg, l.own[code] ? opts : (void *)s) != 0)
			return LT_TROUBLE;
	}
	*argcp = argc - optind;
	*argvp = argv + optind;
	if (c->forms[0].sub != NULL &&
	    check_sub(c, &l, given, *argcp, *argvp) != 0)
		return LT_TROUBLE;
	return LT_PARSED;
}

const struct lt_opt *
lt_opts_at(const struct lt_cmd *c, size_t i)
{
	struct optlist l;

	optlist(c, &l);
	return i < l.n ? l.v[i] : NULL;
}

int
lt_opts_form_takes(const struct lt_cmd *c, const char *sub,
    const struct lt_opt *o)
{
	const struct lt_form *f;
	struct optlist l;
	int ok[MAX_OPTS];
	size_t i;

	for (f = c->forms; f->words != NULL; f++)
		if (f->sub != NULL && sub != NULL && strcmp(f->sub, sub) == 0)
			break;
	if (f->words == NULL)
		return 1;
	optlist(c, &l);
	sub_options(c, &l, f, ok);
	for (i = 0; i < l.n; i++)
		if (l.v[i] == o)
			return ok[i];
	return 0;
}

/*
 * The shared options' readers.
 */

static int
parse_time(const struct lt_opt *o, const char *arg, void *field,
    struct lt_error *err)
{
	char msg[sizeof(err->msg)];

	if (lt_time_parse_rel(arg, strlen(arg), lt_time_now(), field,
	    err) == 0)
		return 0;
	memcpy(msg, err->msg, sizeof(msg));
	return lt_error_set(err, "--%s: %.480s", o->name, msg);
}

int
lt_parse_metric(const struct lt_opt *o, const char *arg, void *field,
    struct lt_error *err)
{
	(void)o;
	if (lt_metric_check(arg, err) != 0)
		return -1;
	*(const char **)field = arg;
	return 0;
}

static int
parse_x(const struct lt_opt *o, const char *arg, void *field,
    struct lt_error *err)
{
	(void)o;
	return lt_xaxis_parse(arg, field, err);
}

/* --color alone is always, as git takes it. */
static int
parse_color(const struct lt_opt *o, const char *arg, void *field,
    struct lt_error *err)
{
	int k = arg == NULL ? LT_COLOR_ALWAYS : choice(o->choices, arg);

	if (k < 0)
		return lt_error_set(err, "--color \"%s\" is not auto, always "
		    "or never", arg);
	*(int *)field = k;
	return 0;
}

int
lt_parse_format(const struct lt_opt *o, const char *arg, void *field,
    struct lt_error *err)
{
	enum lt_format f = lt_format_parse(arg);

	if (f == LT_FORMAT_AUTO)
		return lt_error_set(err, "--%s \"%s\" is not csv or jsonl",
		    o->name, arg);
	*(int *)field = (int)f;
	return 0;
}
