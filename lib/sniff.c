/*
 * sniff.c - telling sources and lt logs apart.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine.h"
#include "format.h"
#include "sniff.h"
#include "tfevents.h"

/* How much of a file the foreign-file check reads, and how many of its
 * lines it tries: a log whose first lines are all bad is not read. */
#define HEAD_SIZE	16384
#define HEAD_LINES	8

static const char *const names[LT_SRC_COUNT] = {
	"auto", "keras", "lightning", "hf", "sb3", "mlflow", "tensorboard",
	"yolo", "detectron2"
};

static const char *const whats[LT_SRC_COUNT] = {
	"a log lt import does not know",
	"a Keras CSVLogger log",
	"a PyTorch Lightning CSVLogger metrics.csv",
	"a Hugging Face trainer_state.json",
	"a Stable-Baselines3 log",
	"an MLflow run",
	"a TensorBoard event file",
	"an Ultralytics results.csv",
	"a detectron2 metrics.json"
};

const char *
lt_source_name(enum lt_source s)
{
	return names[s];
}

const char *
lt_source_what(enum lt_source s)
{
	return whats[s];
}

int
lt_source_parse(const char *name)
{
	int k;

	for (k = 0; k < LT_SRC_COUNT; k++)
		if (strcmp(name, names[k]) == 0)
			return k;
	return -1;
}

static const char *
last_part(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

int
lt_sniff_name(enum lt_source s, const char *name)
{
	int k;

	switch (s) {
	case LT_SRC_AUTO:
		for (k = 1; k < LT_SRC_COUNT; k++)
			if (k != LT_SRC_KERAS && lt_sniff_name(k, name))
				return 1;
		return 0;
	case LT_SRC_KERAS:
		return ends_with(name, ".log");
	case LT_SRC_LIGHTNING:
		return strcmp(name, "metrics.csv") == 0;
	case LT_SRC_HF:
		return strcmp(name, "trainer_state.json") == 0;
	case LT_SRC_SB3:
		return strcmp(name, "progress.csv") == 0 ||
		    ends_with(name, "monitor.csv");
	case LT_SRC_TENSORBOARD:
		return strncmp(name, "events.out.tfevents.", 20) == 0;
	case LT_SRC_YOLO:
		return strcmp(name, "results.csv") == 0;
	case LT_SRC_DETECTRON2:
		return strcmp(name, "metrics.json") == 0;
	default:
		return 0;
	}
}

int
lt_sniff_mlflow_run(const char *dir)
{
	char p[4096];
	struct stat st;

	snprintf(p, sizeof(p), "%s/meta.yaml", dir);
	if (stat(p, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	snprintf(p, sizeof(p), "%s/metrics", dir);
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Whether the CSV header line[0..len) has a column named name (spaces
 * around a name, as YOLOv5 pads them, do not count). */
static int
has_col(const char *line, size_t len, const char *name, int prefix)
{
	const char *p = line, *end = line + len, *comma, *a, *b;
	size_t n = strlen(name);

	for (; p <= end; p = comma + 1) {
		if ((comma = memchr(p, ',', (size_t)(end - p))) == NULL)
			comma = end;
		for (a = p; a < comma && (*a == ' ' || *a == '"'); a++)
			continue;
		for (b = comma; b > a && (b[-1] == ' ' || b[-1] == '"' ||
		    b[-1] == '\r'); b--)
			continue;
		if ((size_t)(b - a) == n && memcmp(a, name, n) == 0)
			return 1;
		if (prefix && (size_t)(b - a) > n && memcmp(a, name, n) == 0)
			return 1;
		if (comma == end)
			break;
	}
	return 0;
}

static enum lt_source
sniff_csv(const char *line, size_t len)
{
	static const char *const sb3_cols[] = { "EpRewMean", "TimestepsSoFar",
	    "EpisodesSoFar", "episodes", "steps", "mean 100 episode reward",
	    "r", NULL };
	static const char *const sb3_prefixes[] = { "rollout/", "time/",
	    "eval/", NULL };
	int i;

	if (has_col(line, len, "epoch", 0)) {
		if (has_col(line, len, "step", 0))
			return LT_SRC_LIGHTNING;
		if (memchr(line, '/', len) != NULL)
			return LT_SRC_YOLO;
		return LT_SRC_KERAS;
	}
	for (i = 0; sb3_cols[i] != NULL; i++)
		if (has_col(line, len, sb3_cols[i], 0))
			return LT_SRC_SB3;
	for (i = 0; sb3_prefixes[i] != NULL; i++)
		if (has_col(line, len, sb3_prefixes[i], 1))
			return LT_SRC_SB3;
	return LT_SRC_AUTO;
}

enum lt_source
lt_sniff(const char *name, const void *buf, size_t len)
{
	const char *p = buf, *end = p + len, *nl;
	const char *base = last_part(name);

	if (lt_sniff_name(LT_SRC_TENSORBOARD, base) ||
	    lt_tfevents_sniff(buf, len))
		return LT_SRC_TENSORBOARD;
	if (memchr(p, '\0', len) != NULL)
		return LT_SRC_AUTO;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
	    *p == '\n'))
		p++;
	if (p == end)
		return LT_SRC_AUTO;
	if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
		nl = end;
	if (*p == '{') {
		if (lt_sniff_name(LT_SRC_HF, base) ||
		    memmem(p, (size_t)(end - p), "\"log_history\"", 13))
			return LT_SRC_HF;
		if (memmem(p, (size_t)(nl - p), "\"iteration\":", 12))
			return LT_SRC_DETECTRON2;
		return LT_SRC_AUTO;
	}
	/* Stable-Baselines' monitor.csv: "#{...}" or "# {...} ". */
	if (*p == '#')
		return memmem(p, (size_t)(nl - p), "\"t_start\"", 9) ?
		    LT_SRC_SB3 : LT_SRC_AUTO;
	return sniff_csv(p, (size_t)(nl - p));
}

/* Whether the complete lines of buf[0..len) start like an lt log. */
static int
looks_like_lt(char *buf, size_t len)
{
	struct lt_lineproc lp;
	struct lt_event ev;
	char *p = buf + lt_format_bom(buf, len), *end = buf + len, *nl;
	int lines = 0, ok = 0;
	enum lt_format f = lt_format_sniff(buf, len);

	if (f == LT_FORMAT_AUTO)
		return 1;		/* blank */
	/* An event as every reader takes one: the engine's rules. */
	lt_lineproc_init(&lp, "", LT_FORMAT_JSONL, 0, 0, NULL);
	for (; p < end && lines < HEAD_LINES && !ok; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			/* The first line is longer than was read: it
			 * cannot be judged, so it is not refused. */
			ok = lines == 0 && len == HEAD_SIZE;
			break;
		}
		if (strspn(p, " \t\r") >= (size_t)(nl - p))
			continue;
		lines++;
		if (f == LT_FORMAT_CSV) {
			ok = lt_csv_is_header(p, (size_t)(nl - p));
			break;
		}
		ok = lt_lineproc_line(&lp, p, (size_t)(nl - p), &ev, NULL) == 1;
	}
	lt_lineproc_release(&lp);
	return ok;
}

int
lt_sniff_log(int fd, const char *path, int strict, struct lt_error *err)
{
	char buf[HEAD_SIZE];
	struct stat st;
	enum lt_source k;
	ssize_t n;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0)
		return 0;
	if ((n = pread(fd, buf, sizeof(buf), 0)) <= 0)
		return 0;		/* the reader will say why */
	if (memchr(buf, '\0', (size_t)n) == NULL &&
	    looks_like_lt(buf, (size_t)n))
		return 0;
	k = lt_sniff(path, buf, (size_t)n);
	if (k == LT_SRC_AUTO && !strict)
		return 0;
	if (k == LT_SRC_AUTO)
		return lt_error_set(err, "%s is not an lt log (no lt header or "
		    "event in its first lines)", path);
	return lt_error_set(err, "%s looks like %s, not an lt log; import it "
	    "with: lt import --from %s %s", path, whats[k], names[k], path);
}

int
lt_sniff_logs(const char *const *paths, size_t n, struct lt_error *err)
{
	struct stat st;
	size_t i;
	int fd, rc = 0;

	/* Only a regular file is sniffed: a FIFO opened here would give its
	 * bytes to this open, not to the reader's. */
	for (i = 0; i < n && rc == 0; i++) {
		if (strcmp(paths[i], "-") == 0 || stat(paths[i], &st) != 0 ||
		    !S_ISREG(st.st_mode) || (fd = lt_log_open(paths[i])) < 0)
			continue;	/* whoever reads it says why */
		rc = lt_sniff_log(fd, paths[i], 1, err);
		close(fd);
	}
	return rc;
}
