/*
 * plot.c - lt plot: the learning-progress figure (curves, score histogram,
 * learning rate, goals) drawn by gnuplot, into a file, in the terminal, or
 * as PNG on standard output.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "pscan.h"
#include "goal.h"
#include "num.h"
#include "plot.h"

#define DEFAULT_W	1200
#define DEFAULT_H	800

static int
usage(int status)
{
	FILE *fp = status == LT_OK ? stdout : stderr;

	fputs("usage: lt plot [-f FILE ...] [--task TASK ...] "
	    "[-o FILE.{png,svg,pdf}]\n"
	    "               [--terminal png|svg|pdf|dumb] "
	    "[--panel curves|hist|lr|goals]\n"
	    "               [--size WxH] [--smooth ALPHA] [--goals FILE] "
	    "[--script]\n"
	    "               [--strict] [-- FILE ...]\n\n"
	    "  -f, --file FILE          a log to read (repeatable; - is "
	    "stdin)\n"
	    "  -t, --task TASK          draw this task (repeatable; default: "
	    "the 5 largest)\n"
	    "  -o, --output FILE        write FILE; .png, .svg or .pdf picks "
	    "the format\n"
	    "      --terminal NAME      png, svg, pdf or dumb (text)\n"
	    "      --panel NAME         draw one panel: curves, hist, lr or "
	    "goals\n"
	    "      --size WxH           pixels (dumb: characters); default "
	    "1200x800\n"
	    "      --smooth ALPHA       overlay TensorBoard's EMA of weight "
	    "ALPHA in [0, 1)\n"
	    "      --goals FILE         the goals log (default: $LT_GOALS, "
	    "else NAME.goals.jsonl)\n"
	    "      --script             print the gnuplot script instead of "
	    "running it\n"
	    "      --strict             a bad line is an error, not a "
	    "warning\n", fp);
	return status;
}

static const struct option longopts[] = {
	{ "file",	required_argument,	NULL, 'f' },
	{ "goals",	required_argument,	NULL, 'g' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "output",	required_argument,	NULL, 'o' },
	{ "panel",	required_argument,	NULL, 'P' },
	{ "script",	no_argument,		NULL, 'S' },
	{ "size",	required_argument,	NULL, 'z' },
	{ "smooth",	required_argument,	NULL, 'm' },
	{ "strict",	no_argument,		NULL, 'X' },
	{ "task",	required_argument,	NULL, 't' },
	{ "terminal",	required_argument,	NULL, 'T' },
	{ NULL,		0,			NULL, 0 }
};

static int
parse_size(const char *arg, int *w, int *h)
{
	const char *text = arg;
	char *end;
	long a, b;

	a = strtol(text, &end, 10);
	if (end == text || (*end != 'x' && *end != 'X'))
		goto bad;
	text = end + 1;
	b = strtol(text, &end, 10);
	if (end == text || *end != '\0' || a < 1 || b < 1 || a > 20000 ||
	    b > 20000)
		goto bad;
	*w = (int)a;
	*h = (int)b;
	return 0;
bad:
	lt_usage("size \"%s\" is not WxH, two integers from 1 to 20000",
	    arg);
	return -1;
}

static int
parse_term(const char *name)
{
	static const char *const names[] = { "png", "svg", "pdf", "dumb" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return LT_TERM_PNG + (int)i;
	return -1;
}

/* The dumb terminal's size: the terminal's, less a line for the prompt. */
static void
term_size(int *w, int *h)
{
	struct winsize ws;

	*w = 80;
	*h = 24;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 &&
	    ws.ws_row > 1) {
		*w = ws.ws_col;
		*h = ws.ws_row - 1;
	}
}

/* The gnuplot to run: $LT_GNUPLOT, else the one on PATH. */
static const char *
gnuplot(void)
{
	const char *prog = getenv("LT_GNUPLOT");

	return prog != NULL && *prog != '\0' ? prog : "gnuplot";
}

/* Read every event of the logs into p. */
static int
collect(struct lt_plot *p, const char *const *paths, size_t n, int strict)
{
	struct lt_reader_opts ro = lt_read_opts(strict);
	struct lt_events *r;
	struct lt_error err;
	struct lt_event ev;
	int rc;

	if ((r = lt_events_open(paths, n, &ro, &err)) == NULL) {
		lt_warn_error(&err);
		return -1;
	}
	while ((rc = lt_events_next(r, &ev, &err)) == 1)
		lt_plot_add(p, &ev);
	if (rc < 0)
		lt_warn_error(&err);
	lt_warn_skipped(lt_events_skipped(r));
	lt_events_close(r);
	return rc;
}

/* The goals' bars. */
static struct lt_goals *
load_goals(const char *opt, const char *const *paths, size_t n, int strict,
    struct lt_plot_goal **bars, size_t *nbars)
{
	struct lt_goals *g;
	size_t i;

	if ((g = lt_select_goals(opt, paths, n, strict)) == NULL)
		return NULL;
	*nbars = lt_goals_count(g);
	*bars = lt_xcalloc(*nbars + 1, sizeof(**bars));
	for (i = 0; i < *nbars; i++) {
		(*bars)[i].id = lt_goals_at(g, i)->id;
		(*bars)[i].pct = lt_goals_at(g, i)->percentage;
	}
	return g;
}

int
cmd_plot(int argc, char **argv)
{
	struct lt_plot_opts o = { .panel = LT_PANEL_ALL };
	const char **paths, **tasks;
	const char *out = NULL, *goals_opt = NULL;
	struct lt_goals *goals = NULL;
	struct lt_plot_goal *bars = NULL;
	struct lt_plot *p = NULL;
	struct lt_taskinfos *facts = NULL;
	struct lt_error err;
	struct lt_buf script;
	size_t npaths = 0, ntasks = 0;
	int ch, script_only = 0, strict = 0, status = LT_TROUBLE, k, term = -1;
	double alpha;

	paths = lt_xcalloc((size_t)argc + 1, sizeof(*paths));
	tasks = lt_xcalloc((size_t)argc + 1, sizeof(*tasks));
	lt_buf_init(&script);
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":f:ho:t:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			paths[npaths++] = optarg;
			break;
		case 'g':
			goals_opt = optarg;
			break;
		case 'h':
			status = usage(LT_OK);
			goto out;
		case 'm':
			if (lt_num_parse(optarg, strlen(optarg), &alpha) != 0 ||
			    !(alpha >= 0 && alpha < 1)) {
				lt_usage("smoothing weight \"%s\" is not a "
				    "number in [0, 1)", optarg);
				goto out;
			}
			o.smooth = 1;
			o.alpha = alpha;
			break;
		case 'o':
			out = optarg;
			break;
		case 'P':
			if ((k = lt_plot_panel_lookup(optarg)) < 0) {
				lt_usage("no panel \"%s\"; curves, hist, lr "
				    "or goals", optarg);
				goto out;
			}
			o.panel = (enum lt_plot_panel)k;
			break;
		case 'S':
			script_only = 1;
			break;
		case 't':
			tasks[ntasks++] = optarg;
			break;
		case 'T':
			if ((k = parse_term(optarg)) < 0) {
				lt_usage("no terminal \"%s\"; png, svg, pdf "
				    "or dumb", optarg);
				goto out;
			}
			term = k;
			break;
		case 'X':
			strict = 1;
			break;
		case 'z':
			if (parse_size(optarg, &o.width, &o.height) != 0)
				goto out;
			break;
		default:
			status = lt_bad_option(argv, ch);
			goto out;
		}
	}
	while (optind < argc)
		paths[npaths++] = argv[optind++];
	if (npaths == 0)
		paths[npaths++] = lt_log_path(NULL);

	if (term < 0 && out != NULL && (term = lt_plot_term_for(out)) < 0) {
		lt_usage("cannot tell the format of \"%s\"; name it .png, "
		    ".svg or .pdf, or give --terminal", out);
		goto out;
	}
	if (term < 0)
		term = isatty(STDOUT_FILENO) && !script_only ?
		    LT_TERM_DUMB : LT_TERM_PNG;
	o.term = (enum lt_plot_term)term;
	if (o.width == 0) {
		if (o.term == LT_TERM_DUMB)
			term_size(&o.width, &o.height);
		else {
			o.width = DEFAULT_W;
			o.height = DEFAULT_H;
		}
	}
	o.tasks = tasks;
	o.ntasks = ntasks;
	if ((goals = load_goals(goals_opt, paths, npaths, strict, &bars,
	    &o.ngoals)) == NULL)
		goto out;
	o.goals = bars;
	if ((facts = lt_taskinfos_load(paths, npaths, NULL, &err)) == NULL) {
		lt_warn_error(&err);
		goto out;
	}
	o.facts = facts;

	if ((p = lt_plot_new(&o, &err)) == NULL) {
		lt_warn_error(&err);
		goto out;
	}
	if (collect(p, paths, npaths, strict) != 0)
		goto out;
	if (lt_plot_script(p, &script, &err) != 0) {
		lt_warn_error(&err);
		goto out;
	}
	if (script_only) {
		fwrite(script.data, 1, script.len, stdout);
		status = LT_OK;
	} else if (lt_plot_run(script.data, script.len, gnuplot(), out,
	    &err) != 0)
		lt_warn_error(&err);
	else
		status = LT_OK;
out:
	lt_plot_free(p);
	lt_taskinfos_free(facts);
	free(bars);
	lt_goals_free(goals);
	lt_buf_release(&script);
	free(paths);
	free(tasks);
	return status;
}
