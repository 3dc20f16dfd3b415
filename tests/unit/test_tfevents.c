/*
 * test_tfevents.c - lib/tfevents.c and lib/crc32c.c on the real
 * TensorBoard files of fixtures/tensorboard/ (fixtures/README.md, 6).
 *
 * Run from the repository root; LT_FIXTURES names the fixtures directory
 * (default ../shared/fixtures).  The expected numbers were counted once,
 * independently, by a Python script that parses the TFRecord framing,
 * checks both CRCs and decodes the protobuf wire format by hand (no
 * TensorFlow); its per-scalar output matched lt_tfevents_read's line for
 * line on every fixture (offset, tag, step, value to 17 digits, time):
 *
 *   file                         records  scalars
 *   keras-tf2-ecg/train               33       32  (tensor summaries)
 *   keras-tf2-ecg/validation          33       32
 *   lightning-lstm-textgen         15445    15441
 *   sb3-sac-her (9272)               518      517
 *   sb2-ppo1-tf1-graph              4261     4509  (10 values a record)
 *   detectron2-orbital (32352)      1225     1224  (24 tags)
 *   the three header-only files        1        0
 */
#define _POSIX_C_SOURCE 200809L		/* mkdtemp */

#include <errno.h>
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

#include "crc32c.h"
#include "error.h"
#include "tfevents.h"
#include "tfevents.pb-c.h"

#define TB		"tensorboard/"
#define KERAS_TRAIN	TB "keras-tf2-ecg/train/" \
			    "events.out.tfevents.1703537577.achu.15978.0.v2"
#define KERAS_VAL	TB "keras-tf2-ecg/validation/" \
			    "events.out.tfevents.1703537651.achu.15978.1.v2"
#define KERAS_EMPTY	TB "keras-tf2-ecg/train-empty/events.out.tfevents." \
			    "1703142350.DESKTOP-LGGLJOK.2924.0.v2"
#define LIGHTNING	TB "lightning-lstm-textgen/version_0/" \
			    "events.out.tfevents.1716735746.99c8c45923de.3769.0"
#define SB3		TB "sb3-sac-her/events.out.tfevents." \
			    "1745670413.DESKTOP-OD0P7ID.9272.0"
#define SB3_EMPTY	TB "sb3-sac-her/events.out.tfevents." \
			    "1745670089.DESKTOP-OD0P7ID.39348.0"
#define SB2		TB "sb2-ppo1-tf1-graph/" \
			    "events.out.tfevents.1618039634.LiteComs-MBP.lan"
#define D2		TB "detectron2-orbital/events.out.tfevents." \
			    "1630109529.DESKTOP-874IR8N.32352.0"
#define D2_EMPTY	TB "detectron2-orbital/events.out.tfevents." \
			    "1630109473.DESKTOP-874IR8N.12828.0"

#define MAX_TAGS	32

/* What one read saw, per tag. */
struct series {
	char	 tag[64];
	long	 n;
	long	 nan;
	long	 backwards;	/* steps smaller than the one before */
	int64_t	 first_step, last_step;
	double	 first, last;
	long long first_offset;
	int64_t	 steps[64];	/* the first 64 steps */
};

struct seen {
	struct series	 s[MAX_TAGS];
	int		 ntags;
	long		 total;
	long		 stop_after;	/* if > 0, return 7 after so many */
	int		 nwarn;
	int		 ncut;		/* warnings of a record cut short */
	long long	 warn_offset;
	char		 warn_msg[512];
	char		 warn_path[512];
};

static char tmpdir[256];

static const char *
fixtures(void)
{
	const char *d = getenv("LT_FIXTURES");

	return d != NULL && d[0] != '\0' ? d : "../shared/fixtures";
}

static const char *
fixture(const char *rel)
{
	static char path[1024];

	snprintf(path, sizeof(path), "%s/%s", fixtures(), rel);
	return path;
}

static int
on_scalar(void *ctx, const struct lt_tf_scalar *sc)
{
	struct seen *seen = ctx;
	struct series *s = NULL;
	int i;

	for (i = 0; i < seen->ntags; i++)
		if (strcmp(seen->s[i].tag, sc->tag) == 0)
			s = &seen->s[i];
	if (s == NULL) {
		assert_true(seen->ntags < MAX_TAGS);
		s = &seen->s[seen->ntags++];
		snprintf(s->tag, sizeof(s->tag), "%s", sc->tag);
		s->first_step = sc->step;
		s->first = sc->value;
		s->first_offset = sc->offset;
	} else if (sc->step < s->last_step)
		s->backwards++;
	if (s->n < 64)
		s->steps[s->n] = sc->step;
	s->n++;
	if (isnan(sc->value))
		s->nan++;
	s->last_step = sc->step;
	s->last = sc->value;
	seen->total++;
	if (seen->stop_after > 0 && seen->total == seen->stop_after)
		return 7;
	return 0;
}

static void
on_warn(void *ctx, const char *path, long long offset, int cut,
    const char *msg)
{
	struct seen *seen = ctx;

	seen->nwarn++;
	seen->ncut += cut;
	seen->warn_offset = offset;
	snprintf(seen->warn_msg, sizeof(seen->warn_msg), "%s", msg);
	snprintf(seen->warn_path, sizeof(seen->warn_path), "%s", path);
}

static const struct series *
series(const struct seen *seen, const char *tag)
{
	int i;

	for (i = 0; i < seen->ntags; i++)
		if (strcmp(seen->s[i].tag, tag) == 0)
			return &seen->s[i];
	fail_msg("no tag %s", tag);
	return NULL;
}

/* Read path into a fresh *seen and return what lt_tfevents_read did. */
static int
read_all(const char *path, unsigned flags, struct seen *seen,
    struct lt_error *err)
{
	memset(seen, 0, sizeof(*seen));
	return lt_tfevents_read(path, flags, on_scalar, on_warn, seen, err);
}

static void
read_ok(const char *rel, struct seen *seen)
{
	struct lt_error err;
	int rc;

	rc = read_all(fixture(rel), 0, seen, &err);
	if (rc != 0)
		fail_msg("%s: %s", err.file, err.msg);
	assert_int_equal(seen->nwarn, 0);
}

/* Check the count and the first and last points of one tag; values are
 * float32 on disk, so the expectations are written as float literals. */
static void
check_series(const struct seen *seen, const char *tag, long n,
    int64_t first_step, double first, int64_t last_step, double last)
{
	const struct series *s = series(seen, tag);

	assert_int_equal(s->n, n);
	assert_int_equal(s->first_step, first_step);
	assert_int_equal(s->last_step, last_step);
	assert_true(s->first == first);
	assert_true(s->last == last);
}

/* Copy the first len bytes (all of them if len < 0) of the fixture rel
 * into tmpdir/name, flipping the byte at flip if flip >= 0. */
static const char *
copy_fixture(const char *rel, const char *name, long len, long flip)
{
	static char path[512];
	FILE *in, *out;
	long i;
	int c;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	assert_non_null(in = fopen(fixture(rel), "rb"));
	assert_non_null(out = fopen(path, "wb"));
	for (i = 0; (len < 0 || i < len) && (c = getc(in)) != EOF; i++)
		putc(i == flip ? c ^ 0x20 : c, out);
	fclose(in);
	assert_int_equal(fclose(out), 0);
	return path;
}

static void
test_crc32c_known_values(void **state)
{
	unsigned char buf[32];
	size_t i;

	(void)state;
	assert_int_equal(lt_crc32c(0, "123456789", 9), 0xe3069283);
	assert_int_equal(lt_crc32c(0, NULL, 0), 0);
	/* RFC 3720, B.4 */
	memset(buf, 0, sizeof(buf));
	assert_int_equal(lt_crc32c(0, buf, sizeof(buf)), 0x8a9136aa);
	memset(buf, 0xff, sizeof(buf));
	assert_int_equal(lt_crc32c(0, buf, sizeof(buf)), 0x62a8ab43);
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)i;
	assert_int_equal(lt_crc32c(0, buf, sizeof(buf)), 0x46dd794e);
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(31 - i);
	assert_int_equal(lt_crc32c(0, buf, sizeof(buf)), 0x113fdb5c);
	assert_int_equal(lt_crc32c_mask(0), 0xa282ead8);
}

/* The definition, one bit at a time, to check the tables against. */
static uint32_t
crc32c_bitwise(const unsigned char *p, size_t len)
{
	uint32_t crc = 0xffffffff;
	int k;

	while (len-- > 0) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = crc & 1 ? (crc >> 1) ^ 0x82f63b78 : crc >> 1;
	}
	return ~crc;
}

static void
test_crc32c_matches_bitwise_definition(void **state)
{
	static unsigned char buf[4096 + 16];
	uint32_t x = 12345;
	size_t i, start, len, cut;

	(void)state;
	for (i = 0; i < sizeof(buf); i++) {
		x = x * 1103515245 + 12345;
		buf[i] = (unsigned char)(x >> 16);
	}
	for (start = 0; start < 9; start++)
		for (len = 0; len < 300; len += 7) {
			assert_int_equal(lt_crc32c(0, buf + start, len),
			    crc32c_bitwise(buf + start, len));
			cut = len / 3;
			assert_int_equal(lt_crc32c(lt_crc32c(0, buf + start,
			    cut), buf + start + cut, len - cut),
			    crc32c_bitwise(buf + start, len));
		}
	assert_int_equal(lt_crc32c(0, buf, sizeof(buf)),
	    crc32c_bitwise(buf, sizeof(buf)));
	assert_int_equal(lt_crc32c_portable(0, buf, sizeof(buf)),
	    crc32c_bitwise(buf, sizeof(buf)));
	for (start = 0; start < 16; start++)
		for (len = 0; len < 300; len += 7)
			assert_int_equal(lt_crc32c_portable(0, buf + start,
			    len), crc32c_bitwise(buf + start, len));
}

static void
test_sniff_tells_tfrecord_from_text(void **state)
{
	unsigned char buf[64];
	const char *csv = "step,loss\n0,0.57\n1,0.31\n";
	FILE *fp;
	size_t n;

	(void)state;
	assert_non_null(fp = fopen(fixture(KERAS_TRAIN), "rb"));
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	assert_int_equal(n, sizeof(buf));
	assert_int_equal(lt_tfevents_sniff(buf, n), 1);
	assert_int_equal(lt_tfevents_sniff(buf, 12), 1);
	assert_int_equal(lt_tfevents_sniff(buf, 11), 0);
	buf[3] ^= 1;
	assert_int_equal(lt_tfevents_sniff(buf, n), 0);
	assert_int_equal(lt_tfevents_sniff((const unsigned char *)csv,
	    strlen(csv)), 0);
	assert_int_equal(lt_tfevents_sniff(NULL, 0), 0);
}

static void
test_keras_tf2_tensor_summaries(void **state)
{
	struct seen seen;

	(void)state;
	read_ok(KERAS_TRAIN, &seen);
	assert_int_equal(seen.total, 32);
	assert_int_equal(seen.ntags, 2);
	/* The same 0.5771145224571228 as training.log's epoch 0. */
	check_series(&seen, "epoch_loss", 16, 0, 0.5771145224571228f,
	    15, 0.028911784291267395f);
	check_series(&seen, "epoch_lr", 16, 0, 0.0010000000474974513f,
	    15, 0.00010000000474974513f);
	assert_int_equal(series(&seen, "epoch_loss")->first_offset, 78);

	read_ok(KERAS_VAL, &seen);
	assert_int_equal(seen.total, 32);
	check_series(&seen, "epoch_loss", 16, 0, 0.3094366490840912f,
	    15, 0.28911563754081726f);
	check_series(&seen, "evaluation_loss_vs_iterations", 16,
	    13, 0.3094366490840912f, 208, 0.28911563754081726f);
}

static void
test_lightning_simple_values(void **state)
{
	struct seen seen;

	(void)state;
	read_ok(LIGHTNING, &seen);
	assert_int_equal(seen.total, 15441);
	assert_int_equal(seen.ntags, 4);	/* no _hparams_/ tag */
	check_series(&seen, "train_loss", 7691, 49, 2.0573372840881348f,
	    384549, 0.23888538777828217f);
	check_series(&seen, "epoch", 7720, 49, 0.0f, 384597, 28.0f);
	check_series(&seen, "val_loss", 29, 13261, 0.3606380522251129f,
	    384597, 0.2555515468120575f);
	check_series(&seen, "hp_metric", 1, 0, -1.0f, 0, -1.0f);
}

static void
test_sb3_steps_that_go_backwards(void **state)
{
	static const int64_t want[] = {
		21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 10000, 32, 33
	};
	static const char *train[] = {
		"train/actor_loss", "train/alpha_loss", "train/critic_loss",
		"train/ent_coef"
	};
	struct seen seen;
	size_t i;

	(void)state;
	read_ok(SB3, &seen);
	assert_int_equal(seen.total, 517);
	assert_int_equal(seen.ntags, 7);
	check_series(&seen, "rollout/ep_rew_mean", 83, 0, -50.0f,
	    82, -46.72289276123047f);
	assert_int_equal(series(&seen, "rollout/success_rate")->n, 83);
	assert_int_equal(series(&seen, "time/episodes")->n, 83);
	assert_int_equal(series(&seen, "rollout/ep_rew_mean")->backwards, 0);
	for (i = 0; i < sizeof(train) / sizeof(train[0]); i++) {
		assert_int_equal(series(&seen, train[i])->n, 67);
		assert_int_equal(series(&seen, train[i])->backwards, 5);
	}
	check_series(&seen, "train/actor_loss", 67, 21, 37.60519790649414f,
	    82, 10.338455200195312f);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(series(&seen, "train/actor_loss")->steps[i],
		    want[i]);
}

static void
test_sb2_graph_def_records_are_skipped(void **state)
{
	static const int64_t want[] = {
		0, 1024, 2048, 3072, 1024, 2048, 3072, 4096, 2048
	};
	struct seen seen;
	size_t i;
	int k;

	(void)state;
	read_ok(SB2, &seen);
	assert_int_equal(seen.total, 4509);
	assert_int_equal(seen.ntags, 11);
	check_series(&seen, "episode_reward", 4229, 0, 0.0f, 7165, 1.0f);
	check_series(&seen, "loss/loss", 28, 0, 0.5046623349189758f,
	    9216, 0.5040314197540283f);
	assert_int_equal(series(&seen, "loss/loss")->backwards, 6);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(series(&seen, "loss/loss")->steps[i],
		    want[i]);
	/* One record, after the graph_def ones, carries the ten loss/ and
	 * input_info/ values. */
	for (k = 0; k < seen.ntags; k++)
		if (strcmp(seen.s[k].tag, "episode_reward") != 0) {
			assert_int_equal(seen.s[k].n, 28);
			assert_int_equal(seen.s[k].first_offset, 423189);
		}
}

static void
test_detectron2_nan_values(void **state)
{
	static const char *nan_tags[] = {
		"bbox/APm", "bbox/APl", "bbox/AP-Objects"
	};
	struct seen seen;
	const struct series *s;
	size_t i;
	int k;

	(void)state;
	read_ok(D2, &seen);
	assert_int_equal(seen.total, 1224);
	assert_int_equal(seen.ntags, 24);
	check_series(&seen, "total_loss", 75, 19, 2.129901885986328f,
	    1499, 0.282428503036499f);
	check_series(&seen, "bbox/AP", 3, 499, 21.284427642822266f,
	    1499, 27.6629638671875f);
	for (i = 0; i < sizeof(nan_tags) / sizeof(nan_tags[0]); i++) {
		s = series(&seen, nan_tags[i]);
		assert_int_equal(s->n, 3);
		assert_int_equal(s->nan, 3);
		assert_int_equal(s->first_step, 499);
		assert_int_equal(s->last_step, 1499);
	}
	for (k = 0; k < seen.ntags; k++)
		if (strncmp(seen.s[k].tag, "bbox/", 5) == 0)
			assert_int_equal(seen.s[k].n, 3);
		else
			assert_int_equal(seen.s[k].n, 75);
}

static void
test_header_only_files_give_nothing(void **state)
{
	static const char *files[] = {
		KERAS_EMPTY, SB3_EMPTY, D2_EMPTY
	};
	struct seen seen;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		read_ok(files[i], &seen);
		assert_int_equal(seen.total, 0);
	}
}

static void
test_callback_stops_the_read(void **state)
{
	struct seen seen;
	struct lt_error err;

	(void)state;
	memset(&seen, 0, sizeof(seen));
	seen.stop_after = 3;
	assert_int_equal(lt_tfevents_read(fixture(SB3), 0, on_scalar, NULL,
	    &seen, &err), 7);
	assert_int_equal(seen.total, 3);
	assert_string_equal(err.msg, "");
}

/* The data of the train/actor_loss record at byte 3734 of SB3 (38 bytes
 * of data from byte 3746) loses one bit. */
static void
test_bad_data_crc_skips_one_record(void **state)
{
	struct seen seen;
	struct lt_error err;
	const char *path;

	(void)state;
	path = copy_fixture(SB3, "data-flip", -1, 3746 + 20);
	assert_int_equal(read_all(path, 0, &seen, &err), -1);
	assert_string_equal(err.file, path);
	assert_string_equal(err.msg, "record at byte 3734: data crc mismatch");
	assert_int_equal(seen.total, 66);	/* the records before */
	assert_int_equal(seen.nwarn, 0);

	assert_int_equal(read_all(path, LT_TFEVENTS_SKIP_BAD, &seen, &err),
	    0);
	assert_int_equal(seen.nwarn, 1);
	assert_int_equal(seen.warn_offset, 3734);
	assert_string_equal(seen.warn_path, path);
	assert_non_null(strstr(seen.warn_msg, "record at byte 3734"));
	assert_non_null(strstr(seen.warn_msg, "record skipped"));
	assert_int_equal(seen.total, 516);
	assert_int_equal(series(&seen, "train/actor_loss")->n, 66);
	assert_int_equal(series(&seen, "train/actor_loss")->first_step, 22);
	assert_int_equal(series(&seen, "train/alpha_loss")->n, 67);
}

/* Its length loses one bit: where the next record starts is unknown. */
static void
test_bad_length_crc_stops_the_file(void **state)
{
	struct seen seen;
	struct lt_error err;
	const char *path;

	(void)state;
	path = copy_fixture(SB3, "length-flip", -1, 3734);
	assert_int_equal(read_all(path, 0, &seen, &err), -1);
	assert_string_equal(err.msg,
	    "record at byte 3734: length crc mismatch");
	assert_int_equal(seen.total, 66);

	assert_int_equal(read_all(path, LT_TFEVENTS_SKIP_BAD, &seen, &err),
	    0);
	assert_int_equal(seen.nwarn, 1);
	assert_int_equal(seen.warn_offset, 3734);
	assert_non_null(strstr(seen.warn_msg, "rest of file skipped"));
	assert_int_equal(seen.total, 66);
}

/* LIGHTNING cut inside the header, then inside the data, of the
 * val_loss record at byte 25205 (31 bytes of data, 47 in all); 531
 * scalars, 265 of them train_loss, come before it.  A file that ends
 * inside a record is one still being written: what came before is read,
 * with a warning, with or without LT_TFEVENTS_SKIP_BAD. */
static void
test_truncated_file_names_the_last_record(void **state)
{
	static const long cuts[] = { 25205 + 5, 25205 + 12, 25205 + 30,
	    25205 + 46 };
	static const unsigned flags[] = { 0, LT_TFEVENTS_SKIP_BAD };
	struct seen seen;
	struct lt_error err;
	const char *path;
	char name[32];
	size_t i, f;

	(void)state;
	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		snprintf(name, sizeof(name), "cut-%ld", cuts[i]);
		path = copy_fixture(LIGHTNING, name, cuts[i], -1);
		for (f = 0; f < 2; f++) {
			assert_int_equal(read_all(path, flags[f], &seen, &err),
			    0);
			assert_int_equal(seen.nwarn, 1);
			assert_int_equal(seen.ncut, 1);
			assert_int_equal(seen.warn_offset, 25205);
			assert_string_equal(seen.warn_path, path);
			assert_true(strncmp(seen.warn_msg, "record at byte "
			    "25205: the file ends ", 36) == 0);
			assert_int_equal(seen.total, 531);
			assert_int_equal(series(&seen, "train_loss")->n, 265);
		}
	}
}

/* Every scalar of a file, as the callback saw it. */
struct point {
	long long	 offset;
	int64_t		 step;
	double		 wall_time;
	double		 value;
	char		 tag[64];
};

struct points {
	struct point	*p;
	size_t		 n, cap;
};

static int
on_point(void *ctx, const struct lt_tf_scalar *sc)
{
	struct points *ps = ctx;
	struct point *p;

	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? 2 * ps->cap : 1024;
		assert_non_null(ps->p = realloc(ps->p, ps->cap *
		    sizeof(*ps->p)));
	}
	p = &ps->p[ps->n++];
	memset(p, 0, sizeof(*p));
	p->offset = sc->offset;
	p->step = sc->step;
	p->wall_time = sc->wall_time;
	p->value = sc->value;
	assert_int_equal(strlen(sc->tag), sc->tag_len);
	assert_true(sc->tag_len < sizeof(p->tag));
	memcpy(p->tag, sc->tag, sc->tag_len);
	return 0;
}

/* The fast path and protobuf-c give the same scalars, bit for bit, for
 * every record of every fixture (the NaNs of detectron2 included). */
static void
test_fast_path_matches_protobuf_c(void **state)
{
	static const char *files[] = {
		KERAS_TRAIN, KERAS_VAL, KERAS_EMPTY, LIGHTNING, SB3,
		SB3_EMPTY, SB2, D2, D2_EMPTY
	};
	static const size_t counts[] = { 32, 32, 0, 15441, 517, 0, 4509,
	    1224, 0 };
	struct points a = { 0 }, b = { 0 };
	struct lt_error err;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		a.n = b.n = 0;
		assert_int_equal(lt_tfevents_read(fixture(files[i]), 0,
		    on_point, NULL, &a, &err), 0);
		assert_int_equal(lt_tfevents_read(fixture(files[i]),
		    LT_TFEVENTS_PROTOBUF, on_point, NULL, &b, &err), 0);
		assert_int_equal(a.n, counts[i]);
		assert_int_equal(b.n, counts[i]);
		for (j = 0; j < a.n; j++) {
			assert_int_equal(a.p[j].offset, b.p[j].offset);
			assert_int_equal(a.p[j].step, b.p[j].step);
			assert_memory_equal(&a.p[j].wall_time,
			    &b.p[j].wall_time, sizeof(double));
			assert_memory_equal(&a.p[j].value, &b.p[j].value,
			    sizeof(double));
			assert_string_equal(a.p[j].tag, b.p[j].tag);
		}
	}
	free(a.p);
	free(b.p);
}

static void
test_text_file_is_not_a_tfrecord(void **state)
{
	struct seen seen;
	struct lt_error err;

	(void)state;
	assert_int_equal(read_all(fixture(
	    "tensorboard/keras-tf2-ecg/training.log"), 0, &seen, &err), -1);
	assert_string_equal(err.msg, "record at byte 0: length crc mismatch");
	assert_int_equal(read_all(fixture("tensorboard/no-such-file"), 0,
	    &seen, &err), -1);
	assert_string_equal(err.msg, strerror(ENOENT));
	assert_int_equal(seen.total, 0);
}

/* Append one TFRecord holding data to fp. */
static void
put_record(FILE *fp, const void *data, size_t len)
{
	unsigned char b[12];
	uint32_t crc;
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)((uint64_t)len >> (8 * i));
	crc = lt_crc32c_mask(lt_crc32c(0, b, 8));
	for (i = 0; i < 4; i++)
		b[8 + i] = (unsigned char)(crc >> (8 * i));
	fwrite(b, 1, 12, fp);
	fwrite(data, 1, len, fp);
	crc = lt_crc32c_mask(lt_crc32c(0, data, len));
	for (i = 0; i < 4; i++)
		b[i] = (unsigned char)(crc >> (8 * i));
	fwrite(b, 1, 4, fp);
}

/* Append an Event at step with one value holding tensor t, under plugin
 * (NULL: no metadata). */
static void
put_tensor(FILE *fp, int64_t step, const char *tag, const char *plugin,
    LtTf__TensorProto *t)
{
	LtTf__Event ev = LT_TF__EVENT__INIT;
	LtTf__Summary sum = LT_TF__SUMMARY__INIT;
	LtTf__SummaryValue v = LT_TF__SUMMARY_VALUE__INIT;
	LtTf__SummaryValue *vp = &v;
	LtTf__SummaryMetadata md = LT_TF__SUMMARY_METADATA__INIT;
	LtTf__PluginData pd = LT_TF__PLUGIN_DATA__INIT;
	unsigned char buf[256];
	size_t n;

	ev.has_wall_time = 1;
	ev.wall_time = 1700000000.5;
	ev.has_step = 1;
	ev.step = step;
	ev.summary = &sum;
	sum.n_value = 1;
	sum.value = &vp;
	v.tag = (char *)tag;
	v.tensor = t;
	if (plugin != NULL) {
		pd.plugin_name = (char *)plugin;
		md.plugin_data = &pd;
		v.metadata = &md;
	}
	n = lt_tf__event__get_packed_size(&ev);
	assert_true(n <= sizeof(buf));
	lt_tf__event__pack(&ev, buf);
	put_record(fp, buf, n);
}

/* Tensors that are scalars of each dtype and encoding, and ones that are
 * not, written with protobuf-c through tfevents.proto. */
static void
test_tensor_encodings(void **state)
{
	LtTf__TensorProto t;
	LtTf__TensorShapeProto shape = LT_TF__TENSOR_SHAPE_PROTO__INIT;
	LtTf__TensorShapeProto__Dim dim = LT_TF__TENSOR_SHAPE_PROTO__DIM__INIT;
	LtTf__TensorShapeProto__Dim *dims[1] = { &dim };
	float f2[2] = { 1.5f, 2.5f };
	double d = -2.25;
	int32_t i32 = -7;
	int64_t i64 = 1LL << 40;
	unsigned char content[8] = { 0, 0, 0, 0, 0, 0, 0x12, 0x40 }; /* 4.5 */
	unsigned char junk[] = { 0x0a, 0xff, 0xff };
	struct seen seen;
	struct lt_error err;
	char path[512];
	FILE *fp;

	(void)state;
	snprintf(path, sizeof(path), "%s/tensors", tmpdir);
	assert_non_null(fp = fopen(path, "wb"));
	/* step 1: double_val, plugin scalars */
	t = (LtTf__TensorProto)LT_TF__TENSOR_PROTO__INIT;
	t.has_dtype = 1, t.dtype = 2, t.n_double_val = 1, t.double_val = &d;
	put_tensor(fp, 1, "d", "scalars", &t);
	/* step 2: double in tensor_content, no metadata */
	t = (LtTf__TensorProto)LT_TF__TENSOR_PROTO__INIT;
	t.has_dtype = 1, t.dtype = 2, t.has_tensor_content = 1;
	t.tensor_content.len = 8, t.tensor_content.data = content;
	put_tensor(fp, 2, "c", NULL, &t);
	/* step 3: int32 */
	t = (LtTf__TensorProto)LT_TF__TENSOR_PROTO__INIT;
	t.has_dtype = 1, t.dtype = 3, t.n_int_val = 1, t.int_val = &i32;
	put_tensor(fp, 3, "i", "scalars", &t);
	/* step 4: int64, shape [1] */
	t = (LtTf__TensorProto)LT_TF__TENSOR_PROTO__INIT;
	t.has_dtype = 1, t.dtype = 9, t.n_int64_val = 1, t.int64_val = &i64;
	dim.has_size = 1, dim.size = 1;
	shape.n_dim = 1, shape.dim = dims;
	t.tensor_shape = &shape;
	put_tensor(fp, 4, "l", "scalars", &t);
	/* step 5: shape [2] is not a scalar */
	t = (LtTf__TensorProto)LT_TF__TENSOR_PROTO__INIT;
	t.has_dtype = 1, t.dtype = 1, t.n_float_val = 2, t.float_val = f2;
	dim.size = 2;
	t.tensor_shape = &shape;
	put_tensor(fp, 5, "vector", "scalars", &t);
	/* step 6: a one-element float of another plugin */
	t = (LtTf__TensorProto)LT_TF__TENSOR_PROTO__INIT;
	t.has_dtype = 1, t.dtype = 1, t.n_float_val = 1, t.float_val = f2;
	put_tensor(fp, 6, "pr", "pr_curves", &t);
	/* step 7: a string tensor */
	t = (LtTf__TensorProto)LT_TF__TENSOR_PROTO__INIT;
	t.has_dtype = 1, t.dtype = 7;
	put_tensor(fp, 7, "text", NULL, &t);
	/* good CRCs around data that is not an Event */
	put_record(fp, junk, sizeof(junk));
	/* step 8: float_val, the TF2 way of some writers */
	t = (LtTf__TensorProto)LT_TF__TENSOR_PROTO__INIT;
	t.has_dtype = 1, t.dtype = 1, t.n_float_val = 1, t.float_val = f2;
	put_tensor(fp, 8, "f", "scalars", &t);
	assert_int_equal(fclose(fp), 0);

	assert_int_equal(read_all(path, 0, &seen, &err), -1);
	assert_non_null(strstr(err.msg, "not an Event protobuf"));
	assert_int_equal(seen.total, 4);
	assert_int_equal(read_all(path, LT_TFEVENTS_SKIP_BAD, &seen, &err),
	    0);
	assert_int_equal(seen.nwarn, 1);
	assert_int_equal(seen.total, 5);
	assert_int_equal(seen.ntags, 5);
	check_series(&seen, "d", 1, 1, -2.25, 1, -2.25);
	check_series(&seen, "c", 1, 2, 4.5, 2, 4.5);
	check_series(&seen, "i", 1, 3, -7.0, 3, -7.0);
	check_series(&seen, "l", 1, 4, 1099511627776.0, 4, 1099511627776.0);
	check_series(&seen, "f", 1, 8, 1.5, 8, 1.5);
}

static int
setup(void **state)
{
	const char *t = getenv("TMPDIR");

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/lt-tfevents-XXXXXX",
	    t != NULL && t[0] != '\0' ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		fprintf(stderr, "mkdtemp %s: %s\n", tmpdir, strerror(errno));
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	static const char *names[] = {
		"data-flip", "length-flip", "cut-25210", "cut-25217",
		"cut-25235", "cut-25251", "tensors"
	};
	char path[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, names[i]);
		unlink(path);
	}
	return rmdir(tmpdir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32c_known_values),
		cmocka_unit_test(test_crc32c_matches_bitwise_definition),
		cmocka_unit_test(test_sniff_tells_tfrecord_from_text),
		cmocka_unit_test(test_keras_tf2_tensor_summaries),
		cmocka_unit_test(test_lightning_simple_values),
		cmocka_unit_test(test_sb3_steps_that_go_backwards),
		cmocka_unit_test(test_sb2_graph_def_records_are_skipped),
		cmocka_unit_test(test_detectron2_nan_values),
		cmocka_unit_test(test_header_only_files_give_nothing),
		cmocka_unit_test(test_callback_stops_the_read),
		cmocka_unit_test(test_bad_data_crc_skips_one_record),
		cmocka_unit_test(test_bad_length_crc_stops_the_file),
		cmocka_unit_test(test_truncated_file_names_the_last_record),
		cmocka_unit_test(test_fast_path_matches_protobuf_c),
		cmocka_unit_test(test_text_file_is_not_a_tfrecord),
		cmocka_unit_test(test_tensor_encodings),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
