/*
 * goals.c - the goals log.
 *
 * The input is a goals log, replayed leniently and strictly; each goal's
 * numbers and the summary are computed and written as JSON, as
 * lt goal summary --json writes them, and that JSON parses.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "goal.h"
#include "json.h"
#include "render.h"

static void
count(void *ctx, const struct lt_error *e)
{
	(void)e;
	(*(size_t *)ctx)++;
}

static void
run(const char *path, unsigned flags)
{
	size_t warned = 0;
	struct lt_reader_opts o = { .flags = flags, .warn = count,
	    .ctx = &warned };
	struct lt_goal_summary s;
	struct lt_goals *g;
	struct lt_error err;
	struct lt_out out;
	char *text = NULL;
	size_t len = 0, i;
	FILE *fp;
	json_t *back;

	if ((g = lt_goals_load(path, NULL, 0, NAN, &o, &err)) == NULL)
		return;
	if (lt_goals_skipped(g) != warned)
		fuzz_fail("%zu bad lines skipped, %zu warned",
		    lt_goals_skipped(g), warned);
	for (i = 0; i < lt_goals_count(g); i++)
		if (lt_goals_find(g, lt_goals_at(g, i)->id) == NULL)
			fuzz_fail("goal %s is not found", lt_goals_at(g, i)->id);
	lt_goals_summary(g, &s);
	if ((fp = open_memstream(&text, &len)) == NULL)
		fuzz_fail("open_memstream");
	lt_render_init(&out, fp, LT_STYLE_TEXT);
	(void)out.ops->goal_summary(&out, &s);
	(void)out.ops->goals(&out, &s.goals);
	fclose(fp);
	free(text);
	if ((fp = open_memstream(&text, &len)) == NULL)
		fuzz_fail("open_memstream");
	lt_render_init(&out, fp, LT_STYLE_JSON);
	(void)out.ops->goal_summary(&out, &s);
	fclose(fp);
	if ((back = json_loadb(text, len, 0, NULL)) == NULL)
		fuzz_fail("the summary is not JSON: %s", text);
	json_decref(back);
	free(text);
	lt_goals_free(g);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/goals.jsonl", fuzz_dir());
	fuzz_write(path, data, size);
	run(path, 0);
	run(path, LT_READ_STRICT);
	return 0;
}
