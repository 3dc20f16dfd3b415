/*
 * complete.c - lt complete: the words a shell may complete the last word
 * of a command line with, made of the command table, the options tables,
 * and the tasks and goals of the logs the line names.  The scripts of
 * completion/ (bash, zsh) print what it says.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "goal.h"
#include "tasktab.h"

/* What the line says so far. */
struct line {
	const struct lt_cmd	*cmd;
	const char		*sub;	/* the subcommand, or NULL */
	struct lt_strv		 files;	/* -f's */
	const char		*goals;	/* --goals */
	int			 dashes; /* a "--" was given */
	int			 noperands;
};

/* Print word, and its description on the same line, when it starts with
 * prefix. */
static void
offer(const char *word, const char *desc, const char *prefix)
{
	if (strncmp(word, prefix, strlen(prefix)) != 0)
		return;
	fputs(word, stdout);
	if (desc != NULL) {
		putchar('\t');
		for (; *desc != '\0'; desc++)
			putchar(*desc == '\n' ? ' ' : *desc);
	}
	putchar('\n');
}

/* The option word names: "--name" (or a prefix of one name alone, as
 * getopt_long takes it), "--name=...", "-x", or the last option of a
 * cluster "-vx" (the one taking a value, when the rest of the word is
 * that value).  *inword says whether the value is in the word.  NULL when
 * it names none. */
static const struct lt_opt *
option_of(const struct lt_cmd *c, const char *word, int *inword)
{
	const struct lt_opt *o = NULL, *found = NULL;
	const char *p;
	size_t i, len;
	int n = 0;

	*inword = 0;
	if (word[0] != '-' || word[1] == '\0')
		return NULL;
	if (word[1] != '-') {
		for (p = word + 1; *p != '\0'; p++) {
			for (i = 0; (o = lt_opts_at(c, i)) != NULL; i++)
				if (o->letter == *p)
					break;
			if (o == NULL)
				return NULL;
			if (o->arg != NULL && !(o->flags & LT_OPTF_OPTARG)) {
				*inword = p[1] != '\0';
				return o;
			}
		}
		return o;
	}
	len = strcspn(word + 2, "=");
	*inword = word[2 + len] == '=';
	for (i = 0; (o = lt_opts_at(c, i)) != NULL; i++) {
		if (strlen(o->name) == len &&
		    strncmp(o->name, word + 2, len) == 0)
			return o;
		if (strncmp(o->name, word + 2, len) == 0) {
			found = o;
			n++;
		}
	}
	return n == 1 ? found : NULL;
}

/* The value word gives option o in itself ("--file=x", "-fx"). */
static const char *
value_in(const char *word, const struct lt_opt *o)
{
	if (word[1] == '-')
		return strchr(word, '=') + 1;
	return strchr(word, o->letter) + 1;
}

/* The choices of o ("a|b|c"), or NULL. */
static const char *
choices_of(const struct lt_opt *o)
{
	if (o->choices != NULL)
		return o->choices;
	if (o->arg != NULL && strchr(o->arg, '|') != NULL)
		return o->arg;
	return NULL;
}

/* The tasks of the logs the line names, else of the default log. */
static void
offer_tasks(const struct line *l, const char *prefix)
{
	struct lt_tasktab t = { 0 };
	const char *deflt = lt_log_path(NULL);
	size_t i;

	if (lt_log_tasks(l->files.n > 0 ? l->files.v : &deflt,
	    l->files.n > 0 ? l->files.n : 1, &t) == 0)
		for (i = 0; i < t.n; i++)
			offer(t.names[i], NULL, prefix);
	lt_tasktab_release(&t);
}

/* The goals of the goals log of the line's logs. */
static void
offer_goals(const struct line *l, const char *prefix)
{
	struct lt_goals *g;
	struct lt_error err;
	const char *log = l->files.n > 0 ? l->files.v[0] : lt_log_path(NULL);
	char *path = lt_goals_path(l->goals, log);
	size_t i;

	if ((g = lt_goals_load(path, NULL, 0, NAN, NULL, &err)) != NULL) {
		for (i = 0; i < lt_goals_count(g); i++)
			offer(lt_goals_at(g, i)->id, NULL, prefix);
		lt_goals_free(g);
	}
	free(path);
}

/* A value of o starting with prefix; pre goes before each word offered
 * ("--color=" when the value is in the same word). */
static void
offer_values(const struct line *l, const struct lt_opt *o, const char *pre,
    const char *prefix)
{
	const char *p, *bar, *ch = choices_of(o);
	char word[256];

	if (ch != NULL) {
		for (p = ch; ; p = bar + 1) {
			bar = strchr(p, '|');
			snprintf(word, sizeof(word), "%s%.*s", pre, bar != NULL ?
			    (int)(bar - p) : (int)strlen(p), p);
			offer(word, NULL, prefix);
			if (bar == NULL)
				break;
		}
	} else if (o->flags & LT_OPTF_TASK)
		offer_tasks(l, prefix + strlen(pre));
	else if (o->flags & LT_OPTF_FILE)
		printf(":files\n");
}

/* The options of the line's command (of its subcommand, when it has one)
 * starting with prefix, by their long names. */
static void
offer_options(const struct line *l, const char *prefix)
{
	const struct lt_opt *o;
	char word[128];
	size_t i;

	for (i = 0; (o = lt_opts_at(l->cmd, i)) != NULL; i++) {
		if (!lt_opts_form_takes(l->cmd, l->sub, o))
			continue;
		snprintf(word, sizeof(word), "--%s", o->name);
		offer(word, o->help, prefix);
	}
	offer("--help", "this help", prefix);
}

/* An operand. */
static void
offer_operands(const struct line *l, const char *prefix)
{
	const struct lt_form *f;

	if (l->cmd->forms[0].sub != NULL && l->sub == NULL) {
		for (f = l->cmd->forms; f->words != NULL; f++)
			offer(f->sub, NULL, prefix);
		return;
	}
	if (l->dashes && (l->cmd->select & LT_SEL_FILES)) {
		printf(":files\n");
		return;
	}
	switch (l->cmd->operands) {
	case LT_ARGS_TASK:
		offer_tasks(l, prefix);
		break;
	case LT_ARGS_FILE:
		printf(":files\n");
		break;
	case LT_ARGS_GOAL:
		if (l->sub != NULL && strcmp(l->sub, "add") != 0 &&
		    !(strcmp(l->sub, "update") == 0 && l->noperands > 1))
			offer_goals(l, prefix);
		break;
	case LT_ARGS_NONE:
		break;
	}
}

int
lt_complete(int n, char **words)
{
	static char *none[] = { "" };
	const struct lt_opt *o, *want = NULL;
	const char *cur, *eq;
	struct line l;
	char pre[128];
	size_t i;
	int k, inword;

	if (n == 0) {
		n = 1;
		words = none;
	}
	cur = words[n - 1];
	if (n == 1 || (n == 2 && strcmp(words[0], "help") == 0)) {
		for (i = 0; i < lt_ncommands; i++)
			offer(lt_commands[i]->name, lt_commands[i]->summary,
			    cur);
		if (n == 1) {
			offer("help", "the help of lt or of a command", cur);
			offer("--help", "the help of lt", cur);
			offer("--version", "lt's version", cur);
		}
		return LT_OK;
	}
	memset(&l, 0, sizeof(l));
	if ((l.cmd = lt_cmd_lookup(words[0])) == NULL)
		return LT_OK;
	/* The words before the last: options and their values, operands. */
	for (k = 1; k < n - 1; k++) {
		if (want != NULL) {
			if (strcmp(want->name, "file") == 0)
				lt_strv_add(&l.files, words[k]);
			else if (strcmp(want->name, "goals") == 0)
				l.goals = words[k];
			want = NULL;
		} else if (l.dashes || words[k][0] != '-' ||
		    words[k][1] == '\0') {
			if (!l.dashes && l.cmd->forms[0].sub != NULL &&
			    l.sub == NULL)
				l.sub = words[k];
			else
				l.noperands++;
		} else if (strcmp(words[k], "--") == 0)
			l.dashes = 1;
		else if ((o = option_of(l.cmd, words[k], &inword)) != NULL &&
		    o->arg != NULL && !(o->flags & LT_OPTF_OPTARG)) {
			if (!inword)
				want = o;
			else if (strcmp(o->name, "file") == 0)
				lt_strv_add(&l.files, value_in(words[k], o));
			else if (strcmp(o->name, "goals") == 0)
				l.goals = value_in(words[k], o);
		}
	}
	if (want != NULL)
		offer_values(&l, want, "", cur);
	else if (!l.dashes && strncmp(cur, "--", 2) == 0 &&
	    (eq = strchr(cur, '=')) != NULL) {
		/* "--color=al": the value, in the same word. */
		if ((o = option_of(l.cmd, cur, &inword)) != NULL &&
		    o->arg != NULL) {
			snprintf(pre, sizeof(pre), "%.*s", (int)(eq - cur + 1),
			    cur);
			offer_values(&l, o, pre, cur);
		}
	} else if (!l.dashes && cur[0] == '-' && cur[1] != '\0')
		offer_options(&l, cur);
	else
		offer_operands(&l, cur);
	lt_strv_release(&l.files);
	return LT_OK;
}
