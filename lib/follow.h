/*
 * follow.h - the events a log gained since the last read: what lt serve,
 * lt watch and lt report --since-last read, so that a refresh costs the
 * same on a log of 10^7 events as on one of 10^3.
 *
 * A log is append-only, so a position in it (a byte offset at the end of
 * a whole line) stays a position in the same log for as long as the file
 * is the same: the same device and inode, at least as long as the
 * offset, and the same bytes just before the offset.  Anything else (lt
 * compact renamed a new file over it, it was truncated, copied over or
 * deleted) means the log was replaced: reading starts over from its
 * first byte, and the caller forgets what it had (LT_FOLLOW_RESTART).
 *
 * The lines are those of the engine (engine.h), numbered and judged by
 * one line processor, a CSV header in force across reads.  A last line
 * without its newline is never read: a writer may be writing it, and it
 * is read once finished; lt_follow_pending says how long it is.
 */
#ifndef LT_FOLLOW_H
#define LT_FOLLOW_H

#include <stdint.h>

#include "engine.h"
#include "error.h"
#include "event.h"
#include "format.h"

/* Bytes before a position whose checksum tells the same log. */
#define LT_FOLLOW_PROBE	256

/*
 * Where a reading of a log stopped: all a later process needs to go on
 * from there.  Plain data but for columns.
 */
struct lt_follow_pos {
	uint64_t	 dev;
	uint64_t	 ino;
	uint64_t	 offset;	/* bytes read: whole lines */
	long		 line;		/* lines read */
	uint32_t	 probe;		/* lt_crc32c of the LT_FOLLOW_PROBE
					   bytes (or fewer) before offset */
	enum lt_format	 fmt;		/* AUTO while no line told it */
	char		*columns;	/* CSV: the line whose columns are in
					   force at offset (a header, or the
					   first event line), or NULL; owned */
};

/* Release what pos owns (its columns), leaving it at a log's start. */
void	lt_follow_pos_release(struct lt_follow_pos *pos);

/* What lt_follow_poll found. */
enum lt_follow_state {
	LT_FOLLOW_SAME,		/* nothing new */
	LT_FOLLOW_GREW,		/* lines to read from the position */
	LT_FOLLOW_RESTART,	/* replaced or shrunk: to read from its start,
				   forget what was read before */
	LT_FOLLOW_MISSING	/* no file at the path (yet, or any more) */
};

struct lt_follow;

/*
 * Follow the log at path (copied; "-" is not a log that can be
 * followed), read in format fmt (AUTO: by its name, else its first line),
 * its lines judged under opts (copied; NULL: skip bad lines quietly),
 * from pos (copied; NULL: its start).  Nothing is read before
 * lt_follow_poll.  Returns the follower; free with lt_follow_free.
 */
struct lt_follow *lt_follow_new(const char *path, enum lt_format fmt,
	    const struct lt_reader_opts *opts,
	    const struct lt_follow_pos *pos);
void	lt_follow_free(struct lt_follow *f);

/*
 * Look at the file: whether it is still the log of the position and what
 * it gained.  On LT_FOLLOW_RESTART the position is the start; the file
 * is (re)opened as needed, and checked to be an lt log (sniff.h).
 * Returns the state, or -1 with err (it cannot be opened or read, or is
 * not an lt log).
 */
int	lt_follow_poll(struct lt_follow *f, struct lt_error *err);

/*
 * The next event of the lines the file held at the last poll, in *ev
 * (borrowed until the next call on f, or its free; another follower's
 * calls leave it alone).  Returns 1, 0 when every whole line is read,
 * -1 with err (a read error, or a bad line under LT_READ_STRICT).
 */
int	lt_follow_next(struct lt_follow *f, struct lt_event *ev,
	    struct lt_error *err);

/* Where the reading is: borrowed until the next call on f. */
const struct lt_follow_pos *lt_follow_position(const struct lt_follow *f);

/* Bytes after the position up to the size seen at the last poll that
 * are not a whole line yet (0 once every line read is whole). */
uint64_t lt_follow_pending(const struct lt_follow *f);

/* Lines skipped as bad since lt_follow_new. */
size_t	lt_follow_skipped(const struct lt_follow *f);

/* The path as given. */
const char *lt_follow_path(const struct lt_follow *f);

/*
 * Positions kept in a file between runs (lt report --since-last): a JSON
 * object of the logs by their absolute paths, each with its position;
 * written whole, through a temporary file renamed over the old one.
 */
struct lt_positions;

/* The positions in the file at path (none when it does not exist).
 * Returns them (free with lt_positions_free) or NULL with err (it cannot
 * be read, or is not such a file). */
struct lt_positions *lt_positions_load(const char *path,
	    struct lt_error *err);
void	lt_positions_free(struct lt_positions *p);

/* The position of the log at path (made absolute), or NULL when none is
 * kept: borrowed until the next lt_positions_set or the free. */
const struct lt_follow_pos *lt_positions_get(struct lt_positions *p,
	    const char *log);

/* Keep pos (copied) for the log at path. */
void	lt_positions_set(struct lt_positions *p, const char *log,
	    const struct lt_follow_pos *pos);

/* Write the positions to path, replacing it at once (tempfile.h): the
 * file is the old one or the new one, never a part.  Returns 0, or -1
 * with err and path as it was. */
int	lt_positions_save(const struct lt_positions *p, const char *path,
	    struct lt_error *err);

#endif
