/*
 * compact.c - lt compact: keep the last N events of a log (the class's
 * max_history), replacing the log all at once under its lock.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "cmd.h"
#include "compact.h"

#define DEFAULT_MAX	50000	/* the class's max_history */

static int
usage(int status)
{
	FILE *fp = status == LT_OK ? stdout : stderr;

	fputs("usage: lt compact [-f FILE] [--max-history N] [--dry-run] "
	    "[-v]\n\n"
	    "  -n, --max-history N   events to keep, the last ones "
	    "(default 50000)\n"
	    "      --dry-run         say what would be kept and dropped; "
	    "change nothing\n"
	    "  -f, --file FILE       the log (default: $LT_FILE, else "
	    "lt.jsonl)\n"
	    "  -v, --verbose         say what was kept and dropped\n", fp);
	return status;
}

static const struct option longopts[] = {
	{ "dry-run",		no_argument,		NULL, 'D' },
	{ "file",		required_argument,	NULL, 'f' },
	{ "help",		no_argument,		NULL, 'h' },
	{ "max-history",	required_argument,	NULL, 'n' },
	{ "verbose",		no_argument,		NULL, 'v' },
	{ NULL,			0,			NULL, 0 }
};

static void
summary(const char *path, const struct lt_compact_stats *st, int dry)
{
	if (st->dropped == 0) {
		printf("%s: %" PRIu64 " event%s, none to drop\n", path,
		    st->events, st->events == 1 ? "" : "s");
		return;
	}
	printf("%s: %" PRIu64 " events; %s the last %" PRIu64 ", %s the %"
	    PRIu64 " before them", path, st->events, dry ? "would keep" :
	    "kept", st->kept, dry ? "drop" : "dropped", st->dropped);
	if (st->bad_dropped > 0)
		printf(" and %" PRIu64 " bad line%s among them",
		    st->bad_dropped, st->bad_dropped == 1 ? "" : "s");
	printf("; %" PRIu64 " -> %" PRIu64 " bytes\n", st->bytes_before,
	    st->bytes_after);
}

int
cmd_compact(int argc, char **argv)
{
	struct lt_compact_stats st;
	struct lt_error err;
	const char *file = NULL, *path;
	long max = DEFAULT_MAX;
	int ch, dry = 0, verbose = 0;

	while ((ch = getopt_long(argc, argv, ":f:hn:v", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'D':
			dry = 1;
			break;
		case 'f':
			file = optarg;
			break;
		case 'h':
			return usage(LT_OK);
		case 'n':
			if (lt_parse_count("--max-history", optarg, 0,
			    &max) != 0)
				return LT_TROUBLE;
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			return lt_bad_option(argv, ch);
		}
	}
	if (optind < argc)
		return lt_usage("unexpected argument \"%s\"", argv[optind]);
	path = lt_log_path(file);
	if (lt_compact(path, (uint64_t)max, dry ? LT_COMPACT_DRY_RUN : 0,
	    &st, &err) != 0) {
		lt_warn_error(&err);
		return LT_TROUBLE;
	}
	if (dry || verbose)
		summary(path, &st, dry);
	return LT_OK;
}
