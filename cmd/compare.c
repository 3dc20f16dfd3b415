/*
 * compare.c - lt compare: is one group of runs better than another, or is
 * it noise?  Or, with --curves, each group's mean curve across its runs.
 */
#include <getopt.h>
#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "groups.h"
#include "num.h"
#include "taskinfo.h"

static int
usage(int status)
{
	FILE *fp = status == LT_OK ? stdout : stderr;

	fputs("usage: lt compare -f LOG -f LOG ... | --group NAME=LOG,... ... "
	    "[--task TASK]\n"
	    "                  [--last N] [--summary last|best|mean] "
	    "[--mode max|min]\n"
	    "                  [--confidence PCT] [--bootstrap N] [--seed S]\n"
	    "                  [--check better|worse|different [-q]] "
	    "[--curves] [--strict]\n"
	    "                  [--json | --tsv | --csv]\n"
	    "       lt compare [-f LOG] [--group NAME=TASK,... ...] [options]\n"
	    "\n"
	    "  -f, --file LOG          a run (repeatable; - is stdin); given "
	    "once, its tasks\n"
	    "                          are the runs\n"
	    "      --group NAME=RUNS   a group of runs, the first the "
	    "baseline (repeatable):\n"
	    "                          logs or globs, or with -f LOG its tasks "
	    "or patterns\n"
	    "  -t, --task TASK         the task of each log (default: the one "
	    "it holds)\n"
	    "      --last N            a run is the mean of its last N scores "
	    "(default 10)\n"
	    "      --summary WHAT      last (default), best, or mean of all "
	    "scores\n"
	    "      --mode MODE         max (higher is better) or min, for "
	    "every run\n"
	    "                          (default: each task's direction)\n"
	    "      --confidence PCT    the level of the intervals (default "
	    "95)\n"
	    "      --bootstrap N       resamples of the bootstrap (default "
	    "10000; 0: none)\n"
	    "      --seed S            the bootstrap's seed (default 1)\n"
	    "      --check WHAT        exit 0 if every group is WHAT than the "
	    "baseline, 1 if not\n"
	    "  -q, --quiet             with --check, print nothing\n"
	    "      --curves            the mean curve of each group at each "
	    "episode\n"
	    "      --strict            a bad line is an error\n"
	    "      --json, --tsv, --csv   output style\n", fp);
	return status;
}

enum {
	O_GROUP = 0x200, O_LAST, O_SUMMARY, O_MODE, O_CONFIDENCE,
	O_BOOTSTRAP, O_SEED, O_CHECK, O_CURVES
};

static const struct option longopts[] = {
	{ "bootstrap",	required_argument,	NULL, O_BOOTSTRAP },
	{ "check",	required_argument,	NULL, O_CHECK },
	{ "confidence",	required_argument,	NULL, O_CONFIDENCE },
	{ "csv",	no_argument,		NULL, LT_OPT_CSV },
	{ "curves",	no_argument,		NULL, O_CURVES },
	{ "file",	required_argument,	NULL, 'f' },
	{ "group",	required_argument,	NULL, O_GROUP },
	{ "help",	no_argument,		NULL, 'h' },
	{ "json",	no_argument,		NULL, LT_OPT_JSON },
	{ "last",	required_argument,	NULL, O_LAST },
	{ "mode",	required_argument,	NULL, O_MODE },
	{ "quiet",	no_argument,		NULL, 'q' },
	{ "seed",	required_argument,	NULL, O_SEED },
	{ "strict",	no_argument,		NULL, LT_OPT_STRICT },
	{ "summary",	required_argument,	NULL, O_SUMMARY },
	{ "task",	required_argument,	NULL, 't' },
	{ "tsv",	no_argument,		NULL, LT_OPT_TSV },
	{ NULL,		0,			NULL, 0 }
};

/* The groups of the command line, and the memory their members use. */
struct specs {
	struct lt_groups_spec	*v;
	size_t			 n;
	char			**copies;	/* each --group's text */
	glob_t			*globs;		/* one per pattern expanded */
	size_t			 ncopies, nglobs;
};

static void
specs_release(struct specs *s)
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

/* Take "NAME=RUN,RUN,..." as a group; its members stay as given. */
static int
parse_group(struct specs *s, const char *arg)
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
expand_logs(struct specs *s)
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
one_group_each(struct specs *s, const char *const *paths, size_t n)
{
	size_t i;

	s->v = lt_xcalloc(n, sizeof(*s->v));
	for (i = 0; i < n; i++) {
		s->v[i].name = paths[i];
		add_member(&s->v[i], paths[i]);
	}
	s->n = n;
}

static int
parse_number(const char *opt, const char *text, double *out)
{
	if (lt_num_parse(text, strlen(text), out) != 0 || !isfinite(*out))
		return lt_usage("%s \"%s\" is not a number", opt, text);
	return LT_OK;
}

int
cmd_compare(int argc, char **argv)
{
	struct lt_groups_opts go;
	struct lt_compare_opts co;
	struct lt_select s;
	struct specs sp;
	struct lt_groups *g = NULL;
	struct lt_error err;
	struct lt_out o;
	enum lt_compare_check check = LT_COMPARE_CHECK_BETTER;
	int ch, r, nfiles, status = LT_TROUBLE, checking = 0, quiet = 0;
	size_t nlogs;
	long n;

	lt_groups_opts_init(&go);
	lt_compare_opts_init(&co);
	memset(&sp, 0, sizeof(sp));
	lt_select_init(&s);
	nfiles = lt_select_nfiles(argc, argv);
	while ((ch = getopt_long(argc, argv, ":f:hqt:", longopts,
	    NULL)) != -1) {
		if ((r = lt_select_option(&s, ch, optarg)) != 0) {
			if (r < 0)
				goto out;
			continue;
		}
		switch (ch) {
		case 'h':
			status = usage(LT_OK);
			goto out;
		case 'q':
			quiet = 1;
			break;
		case O_BOOTSTRAP:
			if (lt_parse_count("--bootstrap", optarg, 1, &n))
				goto out;
			co.resamples = (size_t)n;
			break;
		case O_CHECK:
			if (lt_compare_check_parse(optarg, &check, &err)) {
				lt_usage("--%s", err.msg);
				goto out;
			}
			checking = 1;
			break;
		case O_CONFIDENCE:
			if (parse_number("--confidence", optarg, &co.level))
				goto out;
			go.level = co.level;
			break;
		case O_CURVES:
			go.curves = 1;
			break;
		case O_GROUP:
			if (parse_group(&sp, optarg))
				goto out;
			break;
		case O_LAST:
			if (lt_parse_count("--last", optarg, 0, &n))
				goto out;
			go.last = (size_t)n;
			break;
		case O_MODE:
			if (lt_taskinfo_dir_parse(optarg, &go.dir, &err)) {
				lt_usage("--mode: %s", err.msg);
				goto out;
			}
			go.dir_set = 1;
			break;
		case O_SEED:
			if (lt_parse_count("--seed", optarg, 1, &n))
				goto out;
			co.seed = (unsigned long)n;
			break;
		case O_SUMMARY:
			if (lt_compare_summary_parse(optarg, &go.summary,
			    &err)) {
				lt_usage("--%s", err.msg);
				goto out;
			}
			break;
		default:
			status = lt_bad_option(argv, ch);
			goto out;
		}
	}
	if (lt_select_finish(&s, nfiles, argc - optind, argv + optind, 0))
		goto out;
	nlogs = s.deflt != NULL ? 0 : s.npaths;
	if (s.ntasks > 1) {
		lt_usage("--task names one task, the one of each log");
		goto out;
	}
	if (go.last == 0) {
		lt_usage("--last 0 summarises nothing: N is 1 or more");
		goto out;
	}
	if (!(go.level > 0 && go.level < 100)) {
		lt_usage("--confidence %g is not a percentage in (0, 100)",
		    go.level);
		goto out;
	}
	if (checking && go.curves) {
		lt_usage("--check answers of summaries, not of --curves");
		goto out;
	}
	if (quiet && !checking) {
		lt_usage("-q is for --check");
		goto out;
	}
	go.task = s.ntasks > 0 ? s.tasks[0] : NULL;
	go.ropts = s.sel.ropts;
	if (sp.n > 0 && nlogs > 1) {
		lt_usage("--group names its own logs: give them there, not "
		    "with -f");
		goto out;
	}
	if (sp.n > 0 && nlogs == 1 && go.task != NULL) {
		lt_usage("with -f LOG, the groups are tasks of LOG: --task "
		    "chooses a task of each log of a group");
		goto out;
	}
	if (sp.n > 0 && nlogs == 0) {
		if (expand_logs(&sp))
			goto out;
	} else if (sp.n == 0 && (s.npaths > 1 || go.task != NULL))
		one_group_each(&sp, s.paths, s.npaths);
	else
		go.log = s.paths[0];

	g = lt_groups_new(sp.v, sp.n, &go, &err);
	lt_warn_skipped(go.skipped);
	if (g == NULL) {
		lt_warn_error(&err);
		goto out;
	}
	if (checking && g->n < 2) {
		lt_warnx("--check needs a group to compare with the baseline: "
		    "there is one group");
		goto out;
	}
	lt_render_init(&o, stdout, lt_style_pick(s.json, s.tsv, s.csv, 0));
	if (go.curves) {
		status = o.ops->compare_curves(&o, g) ? LT_TROUBLE : LT_OK;
		goto out;
	}
	if (lt_groups_compare(g, &co, &err) != 0) {
		lt_warn_error(&err);
		goto out;
	}
	if (!quiet && o.ops->compare(&o, g) != 0)
		goto out;
	status = !checking || lt_compare_holds(g->cmp, check) ? LT_OK :
	    LT_FALSE;
out:
	lt_groups_free(g);
	specs_release(&sp);
	lt_select_release(&s);
	return status;
}
