/*
 * compact.c - lt compact: keep the last N events of a log (the class's
 * max_history), replacing the log all at once under its lock.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>

#include "cmd.h"
#include "compact.h"

#define DEFAULT_MAX	50000	/* the class's max_history */

static int	cmd_compact(int, char **);

struct args {
	const char	*file;
	long		 max;
	int		 dry, verbose;
};

#define OFF(f)	offsetof(struct args, f)

static const struct lt_opt opts[] = {
	{ .name = "file", .letter = 'f', .arg = "FILE",
	  .help = "the log (default: $LT_FILE, else lt.jsonl)",
	  .kind = LT_OPT_STRING, .off = OFF(file), .flags = LT_OPTF_FILE },
	{ .name = "max-history", .letter = 'n', .arg = "N",
	  .help = "events to keep, the last ones (default 50000)",
	  .kind = LT_OPT_COUNT, .off = OFF(max), .flags = LT_OPTF_POSITIVE },
	{ .name = "dry-run",
	  .help = "say what would be kept and dropped; change nothing",
	  .kind = LT_OPT_FLAG, .off = OFF(dry) },
	{ .name = "verbose", .letter = 'v',
	  .help = "say what was kept and dropped",
	  .kind = LT_OPT_FLAG, .off = OFF(verbose) },
	{ .name = NULL }
};

static const struct lt_form forms[] = {
	{ .words = "@" },
	{ .words = NULL }
};

const struct lt_cmd lt_cmd_compact = {
	.name = "compact",
	.summary = "keep only the last N events of a log",
	.forms = forms,
	.opts = opts,
	.run = cmd_compact,
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

static int
cmd_compact(int argc, char **argv)
{
	struct args a = { .max = DEFAULT_MAX };
	struct lt_compact_stats st;
	struct lt_error err;
	const char *path;
	int status;

	if ((status = lt_opts_parse(&lt_cmd_compact, &argc, &argv, &a,
	    NULL)) != LT_PARSED)
		return status;
	if (argc > 0)
		return lt_usage("unexpected argument \"%s\"", argv[0]);
	path = lt_log_path(a.file);
	if (lt_compact(path, (uint64_t)a.max, a.dry ? LT_COMPACT_DRY_RUN : 0,
	    &st, &err) != 0) {
		lt_warn_error(&err);
		return LT_TROUBLE;
	}
	if (a.dry || a.verbose)
		summary(path, &st, a.dry);
	return LT_OK;
}
