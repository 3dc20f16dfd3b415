/*
 * groups.c - the --group option of lt compare and lt plot: groups of runs
 * as the command line gives them, and which kind of run they are.
 */
#include <glob.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "taskinfo.h"

void
lt_groupargs_release(struct lt_groupargs *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free((void *)s->v[i].members);
	for (i = 0; i < s->ncopies; i++)
		free(s->copies[i]);
	for (i = 0; i < s->nglobs; i++)
		globfree(&s->globs[i]);
	free(s->v);
	free(s->copies);
	free(s->globs);
}

static void
add_member(struct lt_groups_spec *g, const char *m)
{
	const char **v = (const char **)g->members;

	v = lt_xrealloc(v, (g->nmembers + 1) * sizeof(*v));
	v[g->nmembers++] = m;
	g->members = v;
}

int
lt_groupargs_add(struct lt_groupargs *s, const char *arg)
{
	struct lt_groups_spec *g;
	char *text, *eq, *m, *next;

	text = lt_xstrdup(arg);
	s->copies = lt_xrealloc(s->copies, (s->ncopies + 1) *
	    sizeof(*s->copies));
	s->copies[s->ncopies++] = text;
	if ((eq = strchr(text, '=')) == NULL || eq == text)
		return lt_usage("--group \"%s\" is not NAME=RUN,RUN,...",
		    arg);
	*eq = '\0';
	s->v = lt_xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	g = &s->v[s->n++];
	memset(g, 0, sizeof(*g));
	g->name = text;
	for (m = eq + 1; m != NULL; m = next) {
		if ((next = strchr(m, ',')) != NULL)
			*next++ = '\0';
		if (*m == '\0')
			return lt_usage("--group \"%s\" has an empty run",
			    arg);
		add_member(g, m);
	}
	return LT_OK;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Whether the glob's match k is the tasks or goals file beside another of
 * its logs (NAME.tasks.jsonl, NAME.goals.jsonl beside NAME.EXT), which a
 * pattern such as "seed*.jsonl" matches too.  side[0..n) are the tasks
 * files of the matches, sorted.
 */
static int
side_file(const char *m, char **side, size_t n)
{
	static const char goals[] = ".goals.jsonl";
	size_t len = strlen(m), g = sizeof(goals) - 1;
	char *t;
	int found;

	if (bsearch(&m, side, n, sizeof(*side), by_name) != NULL)
		return 1;
	if (len <= g || strcmp(m + len - g, goals) != 0)
		return 0;
	t = lt_xmalloc(len - g + sizeof(".tasks.jsonl"));
	memcpy(t, m, len - g);
	strcpy(t + len - g, ".tasks.jsonl");
	found = bsearch(&t, side, n, sizeof(*side), by_name) != NULL;
	free(t);
	return found;
}

/* Add the logs gl matched to g, without the logs' own side files. */
static void
add_matches(struct lt_groups_spec *g, const glob_t *gl)
{
	char **side = lt_xcalloc(gl->gl_pathc + 1, sizeof(*side));
	size_t k, n = 0;

	for (k = 0; k < gl->gl_pathc; k++)
		if ((side[n] = lt_taskinfo_path(gl->gl_pathv[k])) != NULL)
			n++;
	qsort(side, n, sizeof(*side), by_name);
	for (k = 0; k < gl->gl_pathc; k++)
		if (!side_file(gl->gl_pathv[k], side, n))
			add_member(g, gl->gl_pathv[k]);
	for (k = 0; k < n; k++)
		free(side[k]);
	free(side);
}

/* Members that are logs: each pattern expanded by glob(3), in its
 * sorted order, the tasks and goals files of its logs left out; one that
 * matches nothing is an error. */
static int
expand_logs(struct lt_groupargs *s)
{
	struct lt_groups_spec *g;
	const char *const *members;
	glob_t *gl;
	size_t i, j, n;
	int rc;

	for (i = 0; i < s->n; i++) {
		g = &s->v[i];
		members = g->members;
		n = g->nmembers;
		g->members = NULL;
		g->nmembers = 0;
		for (j = 0; j < n; j++) {
			if (strpbrk(members[j], "*?[") == NULL) {
				add_member(g, members[j]);
				continue;
			}
			s->globs = lt_xrealloc(s->globs, (s->nglobs + 1) *
			    sizeof(*s->globs));
			gl = &s->globs[s->nglobs];
			memset(gl, 0, sizeof(*gl));
			if ((rc = glob(members[j], 0, NULL, gl)) != 0) {
				globfree(gl);
				lt_warnx("group \"%s\": %s \"%s\"", g->name,
				    rc == GLOB_NOMATCH ? "no log matches" :
				    "cannot expand", members[j]);
				free((void *)members);
				return LT_TROUBLE;
			}
			s->nglobs++;
			add_matches(g, gl);
		}
		free((void *)members);
	}
	return LT_OK;
}

/* Each log given a group of its own, named by the log. */
static void
one_group_each(struct lt_groupargs *s, const char *const *paths, size_t n)
{
	size_t i;

	s->v = lt_xcalloc(n, sizeof(*s->v));
	for (i = 0; i < n; i++) {
		s->v[i].name = paths[i];
		add_member(&s->v[i], paths[i]);
	}
	s->n = n;
}

int
lt_groupargs_finish(struct lt_groupargs *s, const char *const *paths,
    size_t npaths, int given, struct lt_groups_opts *go)
{
	size_t nlogs = given ? npaths : 0;

	if (s->n > 0 && nlogs > 1)
		return lt_usage("--group names its own logs: give them there, "
		    "not with -f");
	if (s->n > 0 && nlogs == 1 && go->task != NULL)
		return lt_usage("with -f LOG, the groups are tasks of LOG: "
		    "--task chooses a task of each log of a group");
	if (s->n > 0 && nlogs == 0)
		return expand_logs(s);
	if (s->n == 0 && (npaths > 1 || go->task != NULL))
		one_group_each(s, paths, npaths);
	else
		go->log = paths[0];
	return LT_OK;
}
