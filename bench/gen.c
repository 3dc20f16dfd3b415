/*
 * gen.c - a log of N events on standard output, fast enough for 10^8
 * (make bench-huge): lt's own writer (lt_format_encode) on events of 12
 * tasks, one a second, scores that rise with noise from a fixed 64-bit
 * LCG (Knuth's MMIX constants), learning rates that decay, convergence
 * metrics that fall; the same bytes on every run.
 *
 * usage: gen N csv|jsonl
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"

static uint64_t lcg = 42;

/* Uniform in [0, 1). */
static double
uniform(void)
{
	lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(lcg >> 11) / 9007199254740992.0;
}

int
main(int argc, char **argv)
{
	static const char *const tasks[12] = {
		"task_0", "task_1", "task_2", "task_3", "task_4", "task_5",
		"task_6", "task_7", "task_8", "task_9", "task_10", "task_11"
	};
	struct lt_event ev;
	struct lt_buf out;
	enum lt_format f;
	long long n, i, ep;
	double s;

	if (argc != 3 || (n = atoll(argv[1])) < 0 ||
	    (f = lt_format_parse(argv[2])) == LT_FORMAT_AUTO) {
		fprintf(stderr, "usage: gen N csv|jsonl\n");
		return 2;
	}
	lt_buf_init(&out);
	if (f == LT_FORMAT_CSV)
		lt_buf_adds(&out, lt_csv_header);
	ev.meta = "{}";
	ev.meta_len = 2;
	for (i = 0; i < n; i++) {
		ep = i / 12;
		s = 0.3 + 0.6 * (double)ep / ((double)n / 12 + 1) +
		    (uniform() - 0.5) * 0.1;
		ev.timestamp = 1764064800.0 + (double)i;
		ev.task = tasks[i % 12];
		ev.task_len = strlen(ev.task);
		/* Three decimals, as training scripts round them. */
		ev.score = (double)(long long)((s < 0 ? 0 : s > 1 ? 1 : s) *
		    1000 + 0.5) / 1000;
		ev.lr = 0.01 / (double)(1 + ep / 1000);
		ev.episode = ep;
		ev.conv = (double)(long long)(1e6 / (double)(1 + ep) +
		    uniform() * 1e4) / 1e6;
		lt_format_encode(f, &ev, &out);
		if (out.len >= (1 << 16)) {
			if (fwrite(out.data, 1, out.len, stdout) != out.len)
				return 1;
			lt_buf_reset(&out);
		}
	}
	if (fwrite(out.data, 1, out.len, stdout) != out.len ||
	    fflush(stdout) != 0)
		return 1;
	lt_buf_release(&out);
	return 0;
}
