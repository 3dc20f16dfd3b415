/*
 * goal.c - lt goal: add, update and remove goals in the goals log, and
 * show their progress, their summary, and whether they are reached.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "event.h"
#include "goal.h"
#include "num.h"
#include "sniff.h"

static int
usage(int status)
{
	FILE *fp = status == LT_OK ? stdout : stderr;

	fputs("usage: lt goal add ID --target X [--desc TEXT] [--direction "
	    "max|min]\n"
	    "                [--baseline B] [--task TASK --metric FIELD] "
	    "[--replace] [--time T]\n"
	    "       lt goal update ID VALUE [--time T]\n"
	    "       lt goal list [--active | --completed] [--json | --tsv | "
	    "--csv]\n"
	    "       lt goal show ID [--json]\n"
	    "       lt goal summary [--json]\n"
	    "       lt goal check [--json] [ID ...]\n"
	    "       lt goal rm ID [--time T]\n\n"
	    "  --target X            the value to reach\n"
	    "  --desc TEXT           what the goal is\n"
	    "  --direction max|min   rise to the target (max, default) or fall "
	    "to it\n"
	    "  --baseline B          where progress starts (default: 0 for "
	    "max,\n"
	    "                        the first value for min)\n"
	    "  --task TASK --metric FIELD\n"
	    "                        follow FIELD (an event field or metadata "
	    "key)\n"
	    "                        of TASK's latest event in the log\n"
	    "  --replace             replace a goal of the same ID\n"
	    "  --time T              when, Unix seconds or ISO 8601 (default: "
	    "now)\n"
	    "  --active, --completed list only those goals\n"
	    "  -f, --file FILE       the event log (default: $LT_FILE, else "
	    "lt.jsonl)\n"
	    "      --goals FILE      the goals log (default: $LT_GOALS, else "
	    "NAME.goals.jsonl\n"
	    "                        beside the event log NAME.EXT)\n"
	    "      --no-sync         do not fdatasync the goals log\n"
	    "      --json, --tsv, --csv  output style\n", fp);
	return status;
}

/* Options, and the subcommands that take them. */
enum {
	O_ACTIVE = 0x1, O_BASELINE = 0x2, O_COMPLETED = 0x4, O_DESC = 0x8,
	O_DIR = 0x10, O_METRIC = 0x20, O_REPLACE = 0x40, O_TARGET = 0x80,
	O_TASK = 0x100, O_TIME = 0x200, O_JSON = 0x400, O_TABLE = 0x800
};

static const struct option longopts[] = {
	{ "active",	no_argument,		NULL, 'a' },
	{ "baseline",	required_argument,	NULL, 'b' },
	{ "completed",	no_argument,		NULL, 'C' },
	{ "csv",	no_argument,		NULL, 'c' },
	{ "desc",	required_argument,	NULL, 'd' },
	{ "direction",	required_argument,	NULL, 'D' },
	{ "file",	required_argument,	NULL, 'f' },
	{ "goals",	required_argument,	NULL, 'g' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "json",	no_argument,		NULL, 'j' },
	{ "metric",	required_argument,	NULL, 'm' },
	{ "no-sync",	no_argument,		NULL, 'N' },
	{ "replace",	no_argument,		NULL, 'R' },
	{ "target",	required_argument,	NULL, 'T' },
	{ "task",	required_argument,	NULL, 't' },
	{ "time",	required_argument,	NULL, 'w' },
	{ "tsv",	no_argument,		NULL, 's' },
	{ NULL,		0,			NULL, 0 }
};

struct opts {
	const char		*file, *goals;
	const char		*log;		/* the event log in use */
	char			*path;		/* the goals log */
	struct lt_goal_spec	 spec;
	const char		*target;
	unsigned		 given;
	int			 json, tsv, csv, nosync;
};

static int
number(const char *what, const char *text, double *out)
{
	if (lt_num_parse(text, strlen(text), out) != 0) {
		lt_usage("%s \"%s\" is not a finite number", what, text);
		return -1;
	}
	return 0;
}

static struct lt_goals *
load(const struct opts *o)
{
	struct lt_reader_opts ropts = lt_read_opts(0);
	struct lt_goals *g;
	struct lt_error err;

	if ((g = lt_goals_load(o->path, &o->log, 1, &ropts, &err)) == NULL)
		lt_warn_error(&err);
	else
		lt_warn_skipped(lt_goals_skipped(g));
	return g;
}

/* Whether goal is among names[0..n), or n is 0. */
static int
named(const struct lt_goal *goal, int n, char **names)
{
	int j;

	for (j = 0; j < n; j++)
		if (strcmp(names[j], goal->id) == 0)
			return 1;
	return n == 0;
}

/* Print the goals named in names[0..n) (n 0: all) in out's style.
 * which: 0 all, 'a' active, 'c' completed. */
static int
print_list(const struct lt_out *out, const struct lt_goals *g, int which,
    int n, char **names)
{
	struct lt_goal_list all = lt_goals_list(g), l = { NULL, 0 };
	const struct lt_goal **v = lt_xcalloc(all.n + 1, sizeof(*v));
	size_t i;
	int rc;

	for (i = 0; i < all.n; i++)
		if (!(which == 'a' && all.v[i]->completed) &&
		    !(which == 'c' && !all.v[i]->completed) &&
		    named(all.v[i], n, names))
			v[l.n++] = all.v[i];
	l.v = v;
	rc = out->ops->goals(out, &l);
	free(v);
	return rc == 0 ? LT_OK : LT_TROUBLE;
}

/* Exit 0 when every named goal (default: all) is completed, else list the
 * open ones and exit 1. */
static int
check(const struct lt_out *out, const struct lt_goals *g, int argc,
    char **argv)
{
	const struct lt_goal *goal;
	size_t i, nopen = 0;
	int j, rc;

	for (j = 0; j < argc; j++)
		if (lt_goals_find(g, argv[j]) == NULL) {
			lt_warnx("no goal \"%s\"", argv[j]);
			return LT_TROUBLE;
		}
	for (i = 0; i < lt_goals_count(g); i++) {
		goal = lt_goals_at(g, i);
		if (named(goal, argc, argv) && !goal->completed)
			nopen++;
	}
	if (nopen == 0)
		return LT_OK;
	rc = print_list(out, g, 'a', argc, argv);
	return rc == LT_OK ? LT_FALSE : rc;
}

static int
run(const char *sub, struct opts *o, int argc, char **argv)
{
	struct lt_goal_summary sum;
	struct lt_goals *g;
	struct lt_error err;
	const struct lt_goal *goal;
	struct lt_out out;
	double value;
	int rc = LT_OK;

	lt_error_clear(&err);
	if (strcmp(sub, "add") == 0) {
		if (o->target == NULL)
			return lt_usage("add needs --target");
		if (number("target", o->target, &o->spec.target) != 0)
			return LT_TROUBLE;
		o->spec.id = argv[0];
		if (lt_goal_add(o->path, &o->spec, (o->given & O_REPLACE) != 0,
		    &o->log, 1, o->nosync, &err) != 0)
			rc = LT_TROUBLE;
	} else if (strcmp(sub, "update") == 0) {
		if (number("value", argv[1], &value) != 0)
			return LT_TROUBLE;
		if (lt_goal_update(o->path, argv[0], value, o->spec.time,
		    o->nosync, &err) != 0)
			rc = LT_TROUBLE;
	} else if (strcmp(sub, "rm") == 0) {
		if (lt_goal_rm(o->path, argv[0], o->spec.time, o->nosync,
		    &err) != 0)
			rc = LT_TROUBLE;
	} else {
		if ((g = load(o)) == NULL)
			return LT_TROUBLE;
		lt_render_init(&out, stdout, lt_style_pick(o->json, o->tsv,
		    o->csv, 0));
		if (strcmp(sub, "list") == 0)
			rc = print_list(&out, g, o->given & O_ACTIVE ? 'a' :
			    o->given & O_COMPLETED ? 'c' : 0, 0, NULL);
		else if (strcmp(sub, "summary") == 0) {
			lt_goals_summary(g, &sum);
			rc = out.ops->goal_summary(&out, &sum) ? LT_TROUBLE :
			    LT_OK;
		} else if (strcmp(sub, "check") == 0)
			rc = check(&out, g, argc, argv);
		else if ((goal = lt_goals_find(g, argv[0])) == NULL) {
			lt_warnx("no goal \"%s\"", argv[0]);
			rc = LT_TROUBLE;
		} else if (lt_output_now(&out.now) != 0)
			rc = LT_TROUBLE;
		else
			rc = out.ops->goal(&out, goal) ? LT_TROUBLE : LT_OK;
		lt_goals_free(g);
		return rc;
	}
	if (rc != LT_OK)
		lt_warn_error(&err);
	return rc;
}

/* Subcommands: the options each takes, and how many arguments. */
static const struct sub {
	const char	*name;
	unsigned	 opts;
	int		 min, max;	/* max -1: any number */
	const char	*args;
} subs[] = {
	{ "add", O_BASELINE | O_DESC | O_DIR | O_METRIC | O_REPLACE |
	  O_TARGET | O_TASK | O_TIME, 1, 1, "ID" },
	{ "check", O_JSON | O_TABLE, 0, -1, "[ID ...]" },
	{ "list", O_ACTIVE | O_COMPLETED | O_JSON | O_TABLE, 0, 0, "" },
	{ "rm", O_TIME, 1, 1, "ID" },
	{ "show", O_JSON, 1, 1, "ID" },
	{ "summary", O_JSON, 0, 0, "" },
	{ "update", O_TIME, 2, 2, "ID VALUE" },
};

static const char *const optnames[] = { "--active", "--baseline",
    "--completed", "--desc", "--direction", "--metric", "--replace",
    "--target", "--task", "--time", "--json", "--tsv or --csv" };

int
cmd_goal(int argc, char **argv)
{
	struct opts o = { .spec = { .baseline = NAN, .time = NAN } };
	const struct sub *sub = NULL;
	struct lt_error err;
	unsigned bad;
	size_t i;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":f:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			o.given |= O_ACTIVE;
			break;
		case 'b':
			o.given |= O_BASELINE;
			if (number("baseline", optarg, &o.spec.baseline) != 0)
				return LT_TROUBLE;
			break;
		case 'c':
			o.given |= O_TABLE;
			o.csv = 1;
			break;
		case 'C':
			o.given |= O_COMPLETED;
			break;
		case 'd':
			o.given |= O_DESC;
			o.spec.description = optarg;
			break;
		case 'D':
			o.given |= O_DIR;
			if (lt_goal_dir_parse(optarg, &o.spec.dir) != 0)
				return lt_usage("--direction \"%s\" is not max "
				    "or min", optarg);
			break;
		case 'f':
			o.file = optarg;
			break;
		case 'g':
			o.goals = optarg;
			break;
		case 'h':
			return usage(LT_OK);
		case 'j':
			o.given |= O_JSON;
			o.json = 1;
			break;
		case 'm':
			o.given |= O_METRIC;
			o.spec.metric = optarg;
			break;
		case 'N':
			o.nosync = 1;
			break;
		case 'R':
			o.given |= O_REPLACE;
			break;
		case 's':
			o.given |= O_TABLE;
			o.tsv = 1;
			break;
		case 't':
			o.given |= O_TASK;
			o.spec.task = optarg;
			break;
		case 'T':
			o.given |= O_TARGET;
			o.target = optarg;
			break;
		case 'w':
			o.given |= O_TIME;
			if (lt_time_parse(optarg, strlen(optarg), &o.spec.time,
			    &err) != 0) {
				lt_warn_error(&err);
				return LT_TROUBLE;
			}
			break;
		default:
			return lt_bad_option(argv, ch);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		return lt_usage("missing subcommand: add, update, list, show, "
		    "summary, check or rm");
	for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(subs[i].name, argv[0]) == 0)
			sub = &subs[i];
	if (sub == NULL)
		return lt_usage("unknown subcommand \"%s\"", argv[0]);
	argc--;
	argv++;
	if (argc < sub->min || (sub->max >= 0 && argc > sub->max))
		return lt_usage("%s takes %s", sub->name,
		    *sub->args ? sub->args : "no arguments");
	if ((bad = o.given & ~sub->opts) != 0) {
		for (i = 0; !(bad & (1u << i)); i++)
			continue;
		return lt_usage("%s does not take %s", sub->name, optnames[i]);
	}
	if ((o.given & O_ACTIVE) && (o.given & O_COMPLETED))
		return lt_usage("--active and --completed exclude each other");
	if (o.json + o.tsv + o.csv > 1)
		return lt_usage("--json, --tsv and --csv exclude each other");
	o.log = lt_log_path(o.file);
	/* Goals beside a file that is not an lt log would follow nothing. */
	if (lt_sniff_logs(&o.log, 1, &err) != 0) {
		lt_warn_error(&err);
		return LT_TROUBLE;
	}
	o.path = lt_goals_file(o.goals, o.log);
	rc = run(sub->name, &o, argc, argv);
	free(o.path);
	return rc;
}
