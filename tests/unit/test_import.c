/*
 * test_import.c - the bottom of lt import: records filed into rows
 * (lib/run.c), the hash index (lib/hashtab.c), the names that mean a
 * cost (lib/import_map.c) and the recognition of formats and of lt logs
 * (lib/sniff.c), on made-up records and on the heads of the real
 * fixtures (LT_FIXTURES, default ../shared/fixtures).
 */
#define _POSIX_C_SOURCE 200809L		/* mkdtemp, fileno */

#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "hashtab.h"
#include "import_map.h"
#include "run.h"
#include "sniff.h"

static char tmpdir[256];

static const char *
fixture(const char *rel)
{
	static char path[1024];
	const char *d = getenv("LT_FIXTURES");

	snprintf(path, sizeof(path), "%s/%s", d != NULL && d[0] != '\0' ? d :
	    "../shared/fixtures", rel);
	return path;
}

/* A run of no file; the columns "a", "b", "c" are 0, 1, 2. */
static void
start(struct lt_run *r)
{
	lt_run_init(r, "/nonexistent", "t");
	assert_int_equal(lt_run_column(r, "a", 1), 0);
	assert_int_equal(lt_run_column(r, "b", 1), 1);
	assert_int_equal(lt_run_column(r, "c", 1), 2);
}

/* One record of step with the values of cols at vals (NaN: none). */
static void
rec(struct lt_run *r, int64_t step, double a, double b)
{
	lt_run_begin(r, step, NAN, 0);
	if (!isnan(a))
		lt_run_real(r, 0, a);
	if (!isnan(b))
		lt_run_real(r, 1, b);
	lt_run_end(r);
}

/* The value of column col in row, or NaN. */
static double
value(const struct lt_run *r, size_t row, uint32_t col)
{
	const struct lt_run_cell *c;

	for (c = lt_run_first_cell(r, &r->rows[row]); c != NULL;
	    c = lt_run_next_cell(r, c))
		if (c->col == col)
			return lt_run_cell_num(c);
	return NAN;
}

static void
test_records_of_one_step_make_one_row(void **state)
{
	struct lt_run r;

	(void)state;
	start(&r);
	rec(&r, 49, 1.0, NAN);		/* a learning-rate row */
	rec(&r, 49, NAN, 2.0);		/* the train row of its step */
	rec(&r, 99, 3.0, NAN);
	rec(&r, 49, 1.0, NAN);		/* again, same value: kept once */
	assert_int_equal(r.nrows, 2);
	assert_int_equal(r.rows[0].step, 49);
	assert_true(value(&r, 0, 0) == 1.0);
	assert_true(value(&r, 0, 1) == 2.0);
	assert_int_equal(r.col[0].nvals, 2);
	lt_run_release(&r);
}

static void
test_steps_that_restart_make_new_rows_in_order(void **state)
{
	struct lt_run r;

	(void)state;
	start(&r);
	rec(&r, 9, 1.0, 10.0);
	rec(&r, 29, 2.0, 20.0);
	rec(&r, 9, 3.0, 30.0);		/* a second run appended */
	rec(&r, 29, 4.0, 40.0);
	rec(&r, 49, 5.0, 50.0);
	assert_int_equal(r.nrows, 5);
	assert_int_equal(r.rows[2].step, 9);
	assert_true(value(&r, 2, 0) == 3.0);
	assert_true(value(&r, 2, 1) == 30.0);
	assert_true(value(&r, 0, 0) == 1.0);
	/* A record that conflicts in one column moves whole. */
	rec(&r, 49, 5.0, 51.0);
	assert_int_equal(r.nrows, 6);
	assert_true(value(&r, 5, 0) == 5.0);
	assert_true(value(&r, 5, 1) == 51.0);
	assert_true(isnan(value(&r, 4, 2)));
	lt_run_release(&r);
}

static void
test_a_column_twice_in_a_record_is_two_measurements(void **state)
{
	struct lt_run r;

	(void)state;
	start(&r);
	lt_run_begin(&r, 5, 100.0, 0);
	lt_run_real(&r, 0, 1.0);
	lt_run_real(&r, 1, 2.0);
	lt_run_real(&r, 0, 3.0);
	lt_run_end(&r);
	assert_int_equal(r.nrows, 2);
	assert_true(value(&r, 0, 0) == 1.0);
	assert_true(value(&r, 1, 0) == 3.0);
	assert_true(r.rows[1].time == 100.0);
	lt_run_release(&r);
}

static void
test_cells_of_text_are_typed(void **state)
{
	struct lt_run r;
	const struct lt_run_cell *c;

	(void)state;
	start(&r);
	lt_run_begin(&r, 1, NAN, 3);
	lt_run_text(&r, 0, "  12 ", 5);
	lt_run_text(&r, 1, "1e-05\r", 6);
	lt_run_text(&r, 2, "adam", 4);
	lt_run_end(&r);
	lt_run_begin(&r, 2, NAN, 4);
	lt_run_text(&r, 0, "nan", 3);
	lt_run_text(&r, 1, "", 0);
	lt_run_text(&r, 2, "-inf", 4);
	lt_run_end(&r);
	c = lt_run_first_cell(&r, &r.rows[0]);
	assert_int_equal(c->type, LT_RV_INT);
	assert_int_equal(c->v.i, 12);
	c = lt_run_next_cell(&r, c);
	assert_int_equal(c->type, LT_RV_REAL);
	assert_true(c->v.d == 1e-05);
	c = lt_run_next_cell(&r, c);
	assert_int_equal(c->type, LT_RV_JSON);
	assert_string_equal(json_string_value(c->v.j), "adam");
	assert_int_equal(r.nrows, 1);		/* row 2 held no value */
	assert_int_equal(r.col[0].nbad, 1);
	assert_int_equal(r.col[2].nbad, 1);
	assert_int_equal(r.col[1].nvals, 1);
	assert_false(r.col[2].all_num);
	assert_true(r.col[0].all_int);
	assert_int_equal(r.rows[0].line, 3);
	lt_run_release(&r);
}

struct ints {
	const int64_t	*v;
	int64_t		 key;
};

static int
same_int(const void *ctx, size_t ix)
{
	const struct ints *k = ctx;

	return k->v[ix] == k->key;
}

static void
test_hashtab_finds_what_it_holds(void **state)
{
	static int64_t v[5000];
	struct lt_hashtab t = { 0 };
	struct ints k = { v, 0 };
	size_t i;

	(void)state;
	for (i = 0; i < 5000; i++) {
		v[i] = (int64_t)i * 1024 - 70000;
		lt_hashtab_add(&t, lt_hash_u64((uint64_t)v[i]), i);
	}
	for (i = 0; i < 5000; i++) {
		k.key = v[i];
		assert_int_equal(lt_hashtab_find(&t, lt_hash_u64((uint64_t)
		    k.key), same_int, &k), i);
		k.key = v[i] + 1;
		assert_int_equal(lt_hashtab_find(&t, lt_hash_u64((uint64_t)
		    k.key), same_int, &k), -1);
	}
	assert_int_equal(t.n, 5000);
	assert_true(t.nslots >= 10000);
	lt_hashtab_release(&t);
	assert_int_equal(lt_hashtab_find(&t, 1, same_int, &k), -1);
}

static void
test_cost_names_by_their_words(void **state)
{
	static const char *const cost[] = { "loss", "val_loss", "Valid MSE",
	    "train/nll_loss", "eval_wer", "val/rmse_loss", "loss_box_reg",
	    "test-PPL", "Error", NULL };
	static const char *const gain[] = { "val_accuracy", "metrics/mAP50-95(B)",
	    "cancer_acc", "power", "lossless_rate", "val_cross_entropy",
	    "rollout/ep_rew_mean", NULL };
	int i;

	(void)state;
	for (i = 0; cost[i] != NULL; i++)
		assert_true(lt_import_is_cost(cost[i]));
	for (i = 0; gain[i] != NULL; i++)
		assert_false(lt_import_is_cost(gain[i]));
}

/* The first bytes of a fixture, told. */
static enum lt_source
sniff_fixture(const char *rel)
{
	char buf[16384];
	FILE *fp;
	size_t n;

	assert_non_null(fp = fopen(fixture(rel), "rb"));
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	return lt_sniff(rel, buf, n);
}

static void
test_sniff_tells_every_fixture_format(void **state)
{
	static const struct {
		const char	*rel;
		enum lt_source	 k;
	} cases[] = {
		{ "keras-csvlogger/brats2020-unet-training.log", LT_SRC_KERAS },
		{ "keras-csvlogger/braincnn-old-acc-training.log",
		  LT_SRC_KERAS },
		{ "lightning-csvlogger/ml-aos-v1/metrics.csv",
		  LT_SRC_LIGHTNING },
		{ "lightning-csvlogger/chem-mlp-v0/metrics.csv",
		  LT_SRC_LIGHTNING },
		{ "hf-trainer-state/mt5-az-summarize-trainer_state.json",
		  LT_SRC_HF },
		{ "rl-monitor/sb3-bipedalwalker-ppo.monitor.csv", LT_SRC_SB3 },
		{ "rl-monitor/baselines-deepcars-0.0.monitor.csv", LT_SRC_SB3 },
		{ "rl-progress/sb3-sac-her-progress.csv", LT_SRC_SB3 },
		{ "rl-progress/baselines-deepq-deepcars-progress.csv",
		  LT_SRC_SB3 },
		{ "rl-progress/baselines-ppo1-simple-progress.csv",
		  LT_SRC_SB3 },
		{ "yolo-results/yolov5-pcb-padded-results.csv", LT_SRC_YOLO },
		{ "yolo-results/yolov8-ppe-header-padded-results.csv",
		  LT_SRC_YOLO },
		{ "detectron2-metrics-json/orbital-frcnn-nan-metrics.json",
		  LT_SRC_DETECTRON2 },
		{ "tensorboard/sb2-ppo1-tf1-graph/events.out.tfevents."
		  "1618039634.LiteComs-MBP.lan", LT_SRC_TENSORBOARD },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (sniff_fixture(cases[i].rel) != cases[i].k)
			fail_msg("%s: %s, not %s", cases[i].rel,
			    lt_source_name(sniff_fixture(cases[i].rel)),
			    lt_source_name(cases[i].k));
	assert_int_equal(lt_sniff("run.jsonl", "{\"timestamp\":1", 14),
	    LT_SRC_AUTO);
	assert_int_equal(lt_sniff("run.csv", "timestamp,task_type\n", 20),
	    LT_SRC_AUTO);
}

/* A file of text in tmpdir, open for reading. */
static int
file_of(const char *name, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	assert_non_null(fp = fopen(path, "wb"));
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	return open(path, O_RDONLY);
}

static void
test_sniff_log_refuses_what_is_not_an_lt_log(void **state)
{
	struct lt_error err;
	int fd;

	(void)state;
	fd = file_of("a.jsonl", "{\"timestamp\":1,\"task_type\":\"t\","
	    "\"performance_score\":0.5,\"learning_rate\":0.1,"
	    "\"episode_count\":1,\"convergence_metric\":0.2,"
	    "\"metadata\":{}}\n");
	assert_int_equal(lt_sniff_log(fd, "a.jsonl", 1, &err), 0);
	close(fd);
	fd = file_of("b.csv", "timestamp,task_type,performance_score,"
	    "learning_rate,episode_count,convergence_metric,metadata\n");
	assert_int_equal(lt_sniff_log(fd, "b.csv", 1, &err), 0);
	close(fd);
	fd = file_of("empty", "");
	assert_int_equal(lt_sniff_log(fd, "empty", 1, &err), 0);
	close(fd);
	fd = file_of("training.log", "epoch,acc,loss\r\n0,0.5,0.25\r\n");
	assert_int_equal(lt_sniff_log(fd, "training.log", 0, &err), -1);
	assert_string_equal(err.msg, "training.log looks like a Keras "
	    "CSVLogger log, not an lt log; import it with: lt import --from "
	    "keras training.log");
	close(fd);
	fd = file_of("notes.txt", "hello\n");
	assert_int_equal(lt_sniff_log(fd, "notes.txt", 1, &err), -1);
	assert_string_equal(err.msg, "notes.txt is not an lt log (no lt "
	    "header or event in its first lines)");
	/* Not strict, as the store appends to goals and tasks files. */
	assert_int_equal(lt_sniff_log(fd, "notes.txt", 0, &err), 0);
	close(fd);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/lt-import-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records_of_one_step_make_one_row),
		cmocka_unit_test(test_steps_that_restart_make_new_rows_in_order),
		cmocka_unit_test(
		    test_a_column_twice_in_a_record_is_two_measurements),
		cmocka_unit_test(test_cells_of_text_are_typed),
		cmocka_unit_test(test_hashtab_finds_what_it_holds),
		cmocka_unit_test(test_cost_names_by_their_words),
		cmocka_unit_test(test_sniff_tells_every_fixture_format),
		cmocka_unit_test(test_sniff_log_refuses_what_is_not_an_lt_log),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
