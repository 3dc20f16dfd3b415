/*
 * import_seen.c - the keys of a log's events, by task.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "hashtab.h"
#include "import_seen.h"
#include "pscan.h"
#include "tasktab.h"

/* One event: the first of its key heads a list of the later ones. */
struct entry {
	uint32_t	 task;
	int64_t		 key;
	double		 score;
	size_t		 next;		/* the next occurrence + 1, or 0 */
	size_t		 tail;		/* of a head: its last occurrence */
};

struct task {
	int		 loaded;
	int		 by_time;
	double		 latest;
};

struct lt_seen {
	struct lt_tasktab	 tasks;
	struct task		*t;
	size_t			 tcap;
	struct entry		*e;
	size_t			 n, cap;
	struct lt_hashtab	 heads;		/* (task, key) to its head */
};

struct key {
	const struct lt_seen	*s;
	uint32_t		 task;
	int64_t			 key;
};

static uint64_t
hash(uint32_t task, int64_t key)
{
	return lt_hash_u64((uint64_t)key * 31 + task);
}

static int
same(const void *ctx, size_t ix)
{
	const struct key *k = ctx;

	return k->s->e[ix].task == k->task && k->s->e[ix].key == k->key;
}

struct lt_seen *
lt_seen_new(void)
{
	return lt_xcalloc(1, sizeof(struct lt_seen));
}

void
lt_seen_free(struct lt_seen *s)
{
	if (s == NULL)
		return;
	lt_tasktab_release(&s->tasks);
	lt_hashtab_release(&s->heads);
	free(s->t);
	free(s->e);
	free(s);
}

int64_t
lt_seen_time_key(double t)
{
	return (int64_t)llround(t * 1e6);
}

static uint32_t
task_ix(struct lt_seen *s, const char *name, size_t len)
{
	size_t i;
	int added;

	i = lt_tasktab_intern(&s->tasks, name, len, &added);
	if (added) {
		s->t = lt_xgrow(s->t, &s->tcap, i, sizeof(*s->t));
		s->t[i].latest = -INFINITY;
	}
	return (uint32_t)i;
}

static void
add(struct lt_seen *s, uint32_t task, int64_t key, double score, double t)
{
	struct key k = { s, task, key };
	uint64_t h = hash(task, key);
	struct entry *e;
	long head;

	s->e = lt_xgrow(s->e, &s->cap, s->n, sizeof(*s->e));
	e = &s->e[s->n];
	e->task = task;
	e->key = key;
	e->score = score;
	e->next = e->tail = 0;
	if ((head = lt_hashtab_find(&s->heads, h, same, &k)) < 0) {
		lt_hashtab_add(&s->heads, h, s->n);
		s->e[s->n].tail = s->n + 1;
	} else {
		s->e[s->e[head].tail - 1].next = s->n + 1;
		s->e[head].tail = s->n + 1;
	}
	s->n++;
	if (!(t <= s->t[task].latest))
		s->t[task].latest = t;
}

int
lt_seen_load(struct lt_seen *s, const char *path, const char *const *names,
    const int *by_time, size_t n, const struct lt_reader_opts *ro,
    struct lt_error *err)
{
	struct lt_tasktab want = { 0 };
	struct lt_events *r;
	struct lt_event ev;
	struct stat st;
	size_t i;
	uint32_t ti;
	int added, rc;

	for (i = 0; i < n; i++) {
		ti = task_ix(s, names[i], strlen(names[i]));
		if (s->t[ti].loaded)
			continue;
		s->t[ti].loaded = 1;
		s->t[ti].by_time = by_time[i];
		lt_tasktab_intern(&want, names[i], strlen(names[i]), &added);
	}
	if (want.n == 0 || (stat(path, &st) == 0 ? st.st_size == 0 :
	    errno == ENOENT)) {
		lt_tasktab_release(&want);
		return 0;
	}
	if ((r = lt_events_open(&path, 1, ro, err)) == NULL) {
		lt_tasktab_release(&want);
		return -1;
	}
	while ((rc = lt_events_next(r, &ev, err)) == 1) {
		if (lt_tasktab_find(&want, ev.task, ev.task_len) < 0)
			continue;
		ti = task_ix(s, ev.task, ev.task_len);
		add(s, ti, s->t[ti].by_time ? lt_seen_time_key(ev.timestamp) :
		    ev.episode, ev.score, ev.timestamp);
	}
	lt_events_close(r);
	lt_tasktab_release(&want);
	return rc < 0 ? -1 : 0;
}

int
lt_seen_has(const struct lt_seen *s, const char *task, int64_t key,
    size_t occ, double *score)
{
	struct key k = { s, 0, key };
	long ti, head;
	size_t j;

	if ((ti = lt_tasktab_find(&s->tasks, task, strlen(task))) < 0)
		return 0;
	k.task = (uint32_t)ti;
	if ((head = lt_hashtab_find(&s->heads, hash(k.task, key), same,
	    &k)) < 0)
		return 0;
	for (j = (size_t)head + 1; occ > 0 && j != 0; occ--)
		j = s->e[j - 1].next;
	if (j == 0)
		return 0;
	*score = s->e[j - 1].score;
	return 1;
}

void
lt_seen_add(struct lt_seen *s, const char *task, int64_t key, double score,
    double time)
{
	add(s, task_ix(s, task, strlen(task)), key, score, time);
}

double
lt_seen_latest(const struct lt_seen *s, const char *task)
{
	long ti = lt_tasktab_find(&s->tasks, task, strlen(task));

	return ti < 0 ? -INFINITY : s->t[ti].latest;
}
