/*
 * import_tb.c - TensorBoard event files into runs.
 */
#include <math.h>
#include <string.h>

#include "import_tb.h"
#include "tfevents.h"

/* Writers log a few tags in turn: their columns are kept at hand. */
#define NRECENT	8

struct tb_ctx {
	struct lt_run	*run;
	long long	 offset;	/* of the record being filed, or -1 */
	uint32_t	 recent[NRECENT];	/* columns of recent tags */
	size_t		 rlen[NRECENT];		/* their tags' lengths */
	size_t		 nrecent, next;
	void		(*note)(void *, const struct lt_error *);
	void		*ctx;
};

static uint32_t
column(struct tb_ctx *c, const char *tag, size_t len)
{
	const char *name;
	size_t i;

	/* The length first: most tags that differ differ in it, and
	 * memcmp is then not called. */
	for (i = 0; i < c->nrecent; i++) {
		if (c->rlen[i] != len)
			continue;
		name = lt_run_col_name(c->run, c->recent[i]);
		if (memcmp(name, tag, len) == 0)
			return c->recent[i];
	}
	i = c->next++ % NRECENT;
	if (c->nrecent < NRECENT)
		c->nrecent++;
	c->rlen[i] = len;
	return c->recent[i] = lt_run_column(c->run, tag, len);
}

static int
on_scalar(void *ctx, const struct lt_tf_scalar *s)
{
	struct tb_ctx *c = ctx;
	struct lt_run *r = c->run;

	if (s->offset != c->offset) {
		lt_run_begin(r, s->step, s->wall_time, 0);
		c->offset = s->offset;
	}
	lt_run_real(r, column(c, s->tag, s->tag_len), s->value);
	return 0;
}

static void
on_warn(void *ctx, const char *path, long long offset, int cut,
    const char *msg)
{
	struct tb_ctx *c = ctx;
	struct lt_error e;

	(void)offset;	/* msg names it */
	if (cut) {
		c->run->held_back = 1;
		return;
	}
	lt_error_at(&e, path, 0, "%s", msg);
	if (c->note != NULL)
		c->note(c->ctx, &e);
}

int
lt_import_tb(struct lt_run *r, const char *path, int skip_bad,
    void (*note)(void *ctx, const struct lt_error *e), void *ctx,
    struct lt_error *err)
{
	struct tb_ctx c = { r, -1, { 0 }, { 0 }, 0, 0, note, ctx };
	int rc;

	r->step_name = "step";
	rc = lt_tfevents_read(path, skip_bad ? LT_TFEVENTS_SKIP_BAD : 0,
	    on_scalar, on_warn, &c, err);
	lt_run_end(r);
	return rc == 0 ? 0 : -1;
}
