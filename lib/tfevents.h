/*
 * tfevents.h - the scalars of TensorBoard event files, streamed.
 *
 * What `lt import --from tensorboard` reads: an events.out.tfevents.*
 * file is a TFRecord stream (a little-endian uint64 length, the masked
 * CRC-32C of those 8 bytes, the data, the masked CRC-32C of the data) of
 * protobuf Event records, each with a wall time, a step and, in a
 * summary, tagged values.  lt takes the scalars:
 *
 *   - simple_value, written by TF1, tensorboardX, torch SummaryWriter
 *     (Stable-Baselines3, Lightning) and detectron2;
 *   - TF2 tensor summaries of one element of dtype float, double, int32
 *     or int64, whose plugin is "scalars" or not named (TF2 names it).
 *
 * Everything else (the file_version header, graph_def, meta_graph_def,
 * histograms, images, text, the _hparams_/ records) is skipped in
 * silence.  The file is read one record at a time into one reused
 * buffer, so memory is bounded by the largest record, never by the file.
 */
#ifndef LT_TFEVENTS_H
#define LT_TFEVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/*
 * One scalar, as the callback of lt_tfevents_read sees it.  wall_time is
 * in Unix seconds by the writer's clock; step may go backwards and
 * repeat (a resumed run); tag (tag_len bytes, NUL-terminated; a tag
 * that holds a NUL byte ends there, as protobuf-c reads it) is
 * borrowed, valid during the call; value is NaN or infinite when the
 * writer wrote that; offset is the byte offset of the record, for
 * messages.
 */
struct lt_tf_scalar {
	double		 wall_time;
	int64_t		 step;
	const char	*tag;
	size_t		 tag_len;
	double		 value;
	long long	 offset;
};

/*
 * Flags of lt_tfevents_read.
 *
 * LT_TFEVENTS_SKIP_BAD: a bad record is a warning, not an error.  When
 * the data's CRC is wrong, or the data is not an Event, the length was
 * good: the record is skipped and reading goes on with the next one.
 * When the length's CRC is wrong there is no reliable way to find where
 * the next record starts, so the rest of the file is skipped and
 * lt_tfevents_read returns 0 after the scalars before it.
 *
 * LT_TFEVENTS_PROTOBUF: decode every record with protobuf-c, none by the
 * fast path (for the tests that check both give the same scalars).
 *
 * A file that ends inside a record is not an error, with or without
 * flags: its writer has not finished that record (it is still writing,
 * or it was killed), everything before it is good, and the read ends
 * there with a warning.
 */
#define LT_TFEVENTS_SKIP_BAD	0x1u
#define LT_TFEVENTS_PROTOBUF	0x2u

/*
 * Read the TensorBoard event file at path and call scalar(ctx, s) for
 * each scalar, in file order (the values of one record in their order).
 * s and s->tag are borrowed until scalar returns; copy what you keep.
 *
 * A corrupt record is an error naming its byte offset, unless flags has
 * LT_TFEVENTS_SKIP_BAD: then warn(ctx, path, offset, cut, msg) is called
 * (warn may be NULL) and reading resumes as described above; a record
 * cut short by the end of the file is warned of the same way, with cut
 * set (0 otherwise).  msg is borrowed until warn returns.
 *
 * Returns 0 at the end of the file; -1 with err filled (err->file is
 * path, err->msg names the record's offset) if the file cannot be read,
 * memory runs out or a record is bad; or the first nonzero value scalar
 * returns, at once and unchanged (err is left cleared: return a positive
 * value to tell a stop from a failure).  err may be NULL.
 */
int	lt_tfevents_read(const char *path, unsigned flags,
	    int (*scalar)(void *ctx, const struct lt_tf_scalar *s),
	    void (*warn)(void *ctx, const char *path, long long offset,
	    int cut, const char *msg), void *ctx, struct lt_error *err);

/*
 * Return 1 if the len bytes at buf start like a TFRecord stream (at
 * least 12 bytes, and the 4 after the first 8 are the masked CRC-32C of
 * those 8), else 0.  For format detection: a text file passes by chance
 * once in 2^32.  Reads buf only.
 */
int	lt_tfevents_sniff(const unsigned char *buf, size_t len);

#endif
