/*
 * engine.h - from bytes to events: the one place where the lines of a
 * log become events, and where the rules every reader shares are kept.
 *
 * Every reader of events (the scan of logs, on one thread or several,
 * the batch, the tail reader, compaction, lt record --stream) cuts its
 * input into lines and hands them to a line processor, which decodes
 * each with one decoder (format.h) and applies one policy:
 *
 *  - Lines are numbered from 1 at the input's start.
 *  - The format, when the caller does not know it, is the first line's
 *    that is not blank: JSONL when it starts with '{', else CSV.
 *  - A blank line holds nothing.  A CSV header, wherever it stands,
 *    names the columns of the lines after it (logs concatenated, columns
 *    in another order); a file without one is in the standard order.
 *  - A line is bad when it does not decode, when its event has no
 *    timestamp (with LT_LP_STAMP it gets the time of reading instead),
 *    and, with LT_LP_CHECK, when the event breaks the recording rules of
 *    lt_event_check.
 *  - A bad line is an error naming file and line under LT_READ_STRICT;
 *    otherwise it is passed to the warn callback, file and line named,
 *    counted, and skipped.
 *  - The last line of an input may lack its newline: a writer was killed
 *    mid-line, or never ended its last line.  It is decoded like any
 *    other, so a whole event is kept and a torn one is one bad line.
 *  - A UTF-8 byte-order mark at the input's start is skipped.
 *  - A line longer than LT_LINE_MAX bytes is bad.  Readers keep no more
 *    than LT_LINE_MAX + 1 bytes of it and drop the rest up to its
 *    newline, so that memory stays bounded whatever the input.
 *  - Under LT_LP_EACH (lt record --stream) each line's form is its own:
 *    a JSON object, or a CSV row under the last header seen (in the
 *    standard order before any, when its first field is a time); a line
 *    that is neither (a program's banner) is bad.
 *
 * Threads decode chunks of whole lines (struct lt_chunk) on line
 * processors of their own, which neither warn nor count; the consumer
 * then replays each chunk's events and bad lines in file order with
 * lt_chunk_next, under its own processor, so a read in chunks warns,
 * counts and stops exactly where a read line by line does.
 */
#ifndef LT_ENGINE_H
#define LT_ENGINE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"
#include "event.h"
#include "format.h"

/* The longest line a log may hold: an event's line is far shorter (a
 * task name of 256 bytes, numbers, and metadata). */
#define LT_LINE_MAX	(64u << 20)

/*
 * Lines: whole lines out of a descriptor, the last one possibly without
 * its newline; a byte-order mark before the first is skipped, a line
 * past LT_LINE_MAX is cut to LT_LINE_MAX + 1 bytes.
 */
struct lt_lines;

/* Read lines from fd (not closed by lt_lines_free). */
struct lt_lines	*lt_lines_new(int fd);
void		 lt_lines_free(struct lt_lines *l);

/* The next line, without its newline, in *line (modifiable, valid until
 * the next call) and *len.  Returns 1, 0 at the end, -1 on a read error
 * (errno set).  *complete says whether the line had its newline. */
int	lt_lines_next(struct lt_lines *l, char **line, size_t *len,
	    int *complete);

/* Whether a whole line is already buffered, so the next call will not
 * wait for input. */
int	lt_lines_ready(const struct lt_lines *l);

/* Once *stop is set (by a signal handler installed without SA_RESTART),
 * a read that a signal interrupts makes lt_lines_next return -1 with
 * errno EINTR instead of reading again; the lines buffered stay there.
 * stop is borrowed for l's life. */
void	lt_lines_stop_on(struct lt_lines *l, const volatile sig_atomic_t *stop);

/* Bytes of the descriptor consumed so far by returned lines (a line cut
 * short and a byte-order mark counted whole). */
uint64_t lt_lines_offset(const struct lt_lines *l);

/*
 * How a command reads logs.
 */
#define LT_READ_STRICT	0x1	/* a bad line is an error, not a warning */

struct lt_reader_opts {
	unsigned	  flags;
	/* Called once per skipped line with its file, line and reason. */
	void		(*warn)(void *ctx, const struct lt_error *e);
	void		 *ctx;
	/* Threads that decode a large log or a batch (pscan.h): 0 for the
	 * default, two; 1 for the calling thread alone. */
	unsigned	  threads;
	/* The directory of the count cache of lt_count_events (tail.h), or
	 * NULL for none: the command that reads from a log's end owns it. */
	const char	 *count_cache;
	/* Where an analysis keeps what it does not hold in memory (the
	 * report's scores, for an exact median), or NULL: in memory. */
	const char	 *tmpdir;
	/* Bytes the scan reads at a time (pscan.h): 0 for LT_PSCAN_CHUNK;
	 * the fuzz tests make it small, to cut inputs in many chunks. */
	size_t		  chunk;
};

/*
 * The line processor.
 */
#define LT_LP_STAMP	0x1	/* an event without a timestamp gets now */
#define LT_LP_CHECK	0x2	/* an event must pass lt_event_check */
#define LT_LP_EACH	0x4	/* each line's form its own (a stream) */

struct lt_lineproc {
	struct lt_decoder	*dec;		/* NULL: format not known */
	struct lt_decoder	*jdec;		/* LT_LP_EACH's JSONL decoder */
	enum lt_format		 fmt;
	unsigned		 rules;		/* LT_LP_STAMP, LT_LP_CHECK */
	unsigned		 check;		/* lt_event_check flags */
	struct lt_reader_opts	 opts;		/* strictness, warnings */
	const char		*name;		/* the input, in messages */
	long			 line;		/* lines read so far */
	size_t			 skipped;	/* bad lines skipped */
};

/*
 * Start lp for the input name (borrowed until lt_lineproc_release; "-"
 * is shown as "(stdin)"), of format fmt (AUTO: told by its first line
 * that is not blank; with LT_LP_EACH, by each line), with the rules
 * (LT_LP_*; check: the lt_event_check flags of LT_LP_CHECK) and opts
 * (copied; NULL: warn of nothing, skip).
 */
void	lt_lineproc_init(struct lt_lineproc *lp, const char *name,
	    enum lt_format fmt, unsigned rules, unsigned check,
	    const struct lt_reader_opts *opts);
void	lt_lineproc_release(struct lt_lineproc *lp);

/*
 * The next line of the input (given without its newline; modified):
 * counted, decoded and judged.  Returns 1 with *ev (its strings borrowed
 * until the next call or the line's reuse), 0 when the line holds no
 * event (blank, a header, or bad and skipped), -1 with err naming file
 * and line for a bad line under LT_READ_STRICT.
 */
int	lt_lineproc_line(struct lt_lineproc *lp, char *line, size_t len,
	    struct lt_event *ev, struct lt_error *err);

/*
 * The policy for the bad line numbered line, what is wrong with it in
 * *why: under LT_READ_STRICT, -1 with err (file and line named);
 * otherwise 0, the line counted and passed to the warn callback.
 */
int	lt_lineproc_bad(struct lt_lineproc *lp, long line,
	    const struct lt_error *why, struct lt_error *err);

/*
 * Start lp's decoder afresh in format fmt, in the state of one that has
 * read the line cols[0..len) first (the columns of a CSV header, or the
 * standard order after an event line; cols NULL: a decoder that has read
 * nothing).  A chunk decoded out of order starts so.
 */
void	lt_lineproc_columns(struct lt_lineproc *lp, enum lt_format fmt,
	    const char *cols, size_t len);

/*
 * Chunks: whole lines of one input, decoded on a thread and handed out
 * in file order by the consumer.
 */
struct lt_chunk_bad {
	size_t		 evpos;		/* events of the chunk before it */
	size_t		 rel;		/* its line in the chunk, from 0 */
	struct lt_error	 e;
};

struct lt_chunk {
	/* The input: bytes of whole lines (the last may lack its newline;
	 * none longer than LT_LINE_MAX + 1 bytes; no byte-order mark), the
	 * format and the columns (a CSV line, or NULL) they start under.
	 * Filled by the caller; data, under and the results are freed by
	 * lt_chunk_release. */
	char		*data;
	size_t		 len;
	size_t		 cap;
	enum lt_format	 fmt;
	char		*under;

	/* The results of lt_chunk_decode. */
	struct lt_event	*ev;		/* strings in strs */
	size_t		 nev;
	size_t		 evcap;
	struct lt_buf	 strs;
	struct lt_chunk_bad *bad;
	size_t		 nbad;
	size_t		 badcap;
	size_t		 nlines;
	char		*last;		/* the line that set the columns it
					   leaves in force, or NULL */
	int		 decoded;	/* by lt_chunk_decode */

	/* The consumer's place in it. */
	size_t		 pos;		/* bytes passed */
	size_t		 evi;
	size_t		 badi;
};

/*
 * Decode c's lines with lp (a thread's own), which is first started
 * afresh under c->fmt and c->under.  Each bad line is kept with its place
 * (under LT_READ_STRICT decoding stops at the first).  Decoding CSV
 * leaves c->data as it was, so a CSV chunk can be decoded again under
 * other columns; a JSONL chunk has no columns and is decoded once.
 */
void	lt_chunk_decode(struct lt_chunk *c, struct lt_lineproc *lp);

/* Make c, filled anew, ready for lt_chunk_next to decode it line by line
 * (it is not decoded). */
void	lt_chunk_start(struct lt_chunk *c);

/*
 * The consumer's side: the next of c's events in *ev (borrowed until the
 * next call, c decoded again or released), under lp's policy: a decoded
 * chunk's bad lines passed to lt_lineproc_bad in their place, numbered
 * from lp->line + 1; a chunk not decoded (lt_chunk_start) decoded here,
 * line by line, by lp, whose decoder must be in the state the chunk
 * starts in.  Returns 1, 0 at the chunk's end (lp->line then counts its
 * lines), or -1 with err for a bad line under LT_READ_STRICT.
 */
int	lt_chunk_next_slow(struct lt_chunk *c, struct lt_lineproc *lp,
	    struct lt_event *ev, struct lt_error *err);

/* Inline for the case of nearly every event: a decoded chunk's next
 * event, no bad line before it. */
static inline int
lt_chunk_next(struct lt_chunk *c, struct lt_lineproc *lp,
    struct lt_event *ev, struct lt_error *err)
{
	if (c->decoded && c->evi < c->nev &&
	    (c->badi == c->nbad || c->bad[c->badi].evpos != c->evi)) {
		*ev = c->ev[c->evi++];
		return 1;
	}
	return lt_chunk_next_slow(c, lp, ev, err);
}

/* Free what c holds and leave it empty. */
void	lt_chunk_release(struct lt_chunk *c);

/*
 * Logs read once.  A log that is not a regular file (a FIFO, a process
 * substitution, a terminal) gives its bytes to one open only, while a
 * command may read its log more than once (the goals follow it, then the
 * report reads it).  lt_log_spool reads such a path once, to its end,
 * into an unnamed temporary file in dir, which lt_log_open then opens in
 * its place for every reader; messages still name path.  "-" is standard
 * input, spooled whatever it is (a command reading its logs once leaves
 * it alone, to stream it).  A regular file, a directory and a path that
 * cannot be opened (its reader will say why) are left alone.  Call it
 * before readers start: the table is not locked.  Returns 0, or -1 with
 * err (the path could not be read, or dir written).
 */
int	lt_log_spool(const char *path, const char *dir, struct lt_error *err);

/* A descriptor for reading path (O_CLOEXEC): its spool when lt_log_spool
 * made one (at offset 0, an offset of its own), else the file; "-"
 * unspooled is a duplicate of standard input, where it stands.  The
 * caller closes it.  Returns -1 with errno set when it cannot be opened. */
int	lt_log_open(const char *path);

/*
 * Side files.  The goals log and the tasks file are JSON Lines of
 * records replayed in order.  Call fn(ctx, rec, err) with each line's
 * object (borrowed for the call) in file order; a line that is not a
 * JSON object (what names it in the message: "goal record"), or that fn
 * refuses by returning -1 with err, is bad: under LT_READ_STRICT an error
 * naming file and line, otherwise warned through ropts (may be NULL:
 * quiet), counted in *skipped (may be NULL) and skipped.  Blank lines
 * hold nothing; a missing file is an empty one.  Returns 0, or -1 with
 * err.
 */
int	lt_jsonl_replay(const char *path, const char *what,
	    const struct lt_reader_opts *ropts,
	    int (*fn)(void *ctx, json_t *rec, struct lt_error *err),
	    void *ctx, size_t *skipped, struct lt_error *err);

#endif
