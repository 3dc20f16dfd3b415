/*
 * test_store.c - appending to a log: the header of a new CSV log, the
 * torn last line ended, logs of another format or header refused and
 * left as they were, the rollback, and the lock that follows a log
 * replaced by rename.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "store.h"

static char dir[] = "/tmp/lt-test-store.XXXXXX";

static const char *
path_of(const char *name)
{
	static char path[4][160];
	static int k;
	char *p = path[k++ % 4];

	snprintf(p, 160, "%s/%s", dir, name);
	return p;
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static const char *
read_file(const char *path)
{
	static char buf[4096];
	FILE *fp = fopen(path, "r");
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

#define HDR "timestamp,task_type,performance_score,learning_rate," \
	"episode_count,convergence_metric,metadata\n"
#define EV "1,a,0.5,0.1,1,0.1,{}\n"

/* A new CSV log gets the header under the lock, before the first line. */
static void
test_new_csv_gets_header(void **state)
{
	const char *path = path_of("new.csv");
	struct lt_store s;
	struct lt_error err;

	(void)state;
	assert_int_equal(lt_store_init(&s, path, LT_FORMAT_AUTO, &err), 0);
	assert_int_equal(s.fmt, LT_FORMAT_CSV);
	assert_int_equal(access(path, F_OK), -1);	/* nothing made yet */
	assert_int_equal(lt_store_lock(&s, &err), 0);
	assert_int_equal(lt_store_append(&s, EV, strlen(EV), &err), 0);
	lt_store_unlock(&s);
	assert_int_equal(lt_store_sync(&s, &err), 0);
	lt_store_close(&s);
	assert_string_equal(read_file(path), HDR EV);
}

/* A last line without its newline (a writer killed mid-line) is ended
 * before the next append, so the damage stays one line. */
static void
test_torn_tail_ended(void **state)
{
	const char *path = path_of("torn.jsonl");
	struct lt_store s;
	struct lt_error err;

	(void)state;
	write_file(path, "{\"a\":1}\n{\"b\"");
	assert_int_equal(lt_store_init(&s, path, LT_FORMAT_AUTO, &err), 0);
	assert_int_equal(lt_store_lock(&s, &err), 0);
	assert_true(s.repaired);
	assert_int_equal(lt_store_append(&s, "{\"c\":3}\n", 8, &err), 0);
	lt_store_close(&s);
	assert_string_equal(read_file(path), "{\"a\":1}\n{\"b\"\n{\"c\":3}\n");
}

/* A log in the other format, or a CSV log under another header, is
 * refused and left byte for byte as it was. */
static void
test_foreign_logs_refused(void **state)
{
	const char *jl = path_of("holds-jsonl.csv");
	const char *other = path_of("other.csv");
	struct lt_store s;
	struct lt_error err;

	(void)state;
	write_file(jl, "{\"timestamp\":1}\n");
	assert_int_equal(lt_store_init(&s, jl, LT_FORMAT_AUTO, &err), 0);
	assert_int_equal(lt_store_lock(&s, &err), -1);
	assert_non_null(strstr(err.msg, "holds JSONL, not CSV"));
	lt_store_close(&s);
	assert_string_equal(read_file(jl), "{\"timestamp\":1}\n");

	write_file(other, "step,loss\n1,0.5\n");
	assert_int_equal(lt_store_init(&s, other, LT_FORMAT_AUTO, &err), 0);
	assert_int_equal(lt_store_lock(&s, &err), -1);
	assert_non_null(strstr(err.msg, "does not start with lt's CSV header"));
	lt_store_close(&s);
	assert_string_equal(read_file(other), "step,loss\n1,0.5\n");

	/* A new file whose name does not tell its format. */
	assert_int_equal(lt_store_init(&s, path_of("log"), LT_FORMAT_AUTO,
	    &err), -1);
	assert_non_null(strstr(err.msg, "cannot tell the format"));
}

/* What was appended after the lock was taken can be taken back. */
static void
test_rollback(void **state)
{
	const char *path = path_of("roll.csv");
	struct lt_store s;
	struct lt_error err;

	(void)state;
	write_file(path, HDR EV);
	assert_int_equal(lt_store_init(&s, path, LT_FORMAT_AUTO, &err), 0);
	assert_int_equal(lt_store_lock(&s, &err), 0);
	assert_int_equal(lt_store_append(&s, "2,a,0.5,0.1,2,0.1,{}\n", 21,
	    &err), 0);
	assert_string_equal(read_file(path), HDR EV "2,a,0.5,0.1,2,0.1,{}\n");
	assert_int_equal(lt_store_rollback(&s), 0);
	lt_store_close(&s);
	assert_string_equal(read_file(path), HDR EV);
}

/* A staged file is appended whole, in the kernel or through a buffer. */
static void
test_append_file(void **state)
{
	const char *path = path_of("copy.jsonl");
	const char *stage = path_of("stage");
	struct lt_store s;
	struct lt_error err;
	char line[64];
	int fd, i;

	(void)state;
	fd = open(stage, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	for (i = 0; i < 1000; i++) {
		snprintf(line, sizeof(line), "{\"i\":%04d}\n", i);
		assert_int_equal(write(fd, line, 11), 11);
	}
	write_file(path, "{\"i\":-1}\n");
	assert_int_equal(lt_store_init(&s, path, LT_FORMAT_AUTO, &err), 0);
	assert_int_equal(lt_store_lock(&s, &err), 0);
	assert_int_equal(lt_store_append_file(&s, fd, 11000, &err), 0);
	/* The descriptor appends again afterwards. */
	assert_int_equal(lt_store_append(&s, "{\"i\":1000}\n", 11, &err), 0);
	lt_store_close(&s);
	close(fd);
	fd = open(path, O_RDONLY);
	assert_int_equal(lseek(fd, 0, SEEK_END), 9 + 11000 + 11);
	assert_int_equal(pread(fd, line, 11, 9 + 999 * 11), 11);
	assert_memory_equal(line, "{\"i\":0999}\n", 11);
	close(fd);
}

/* lt_store_copy copies a range to the end of a file opened with or
 * without O_APPEND, in the kernel and, across file systems (/dev/shm is
 * tmpfs), through its buffer. */
static void
test_copy_range(void **state)
{
	char shm[] = "/dev/shm/lt-test-store.XXXXXX";
	const char *from_dir = path_of("from");
	struct lt_error err;
	char buf[64];
	int k, from, to;

	(void)state;
	for (k = 0; k < 2; k++) {
		from = k == 1 ? mkstemp(shm) :
		    open(from_dir, O_RDWR | O_CREAT | O_TRUNC, 0600);
		if (k == 1 && from < 0)
			skip();
		assert_true(from >= 0);
		assert_int_equal(write(from, "0123456789", 10), 10);
		to = open(path_of("to"), O_RDWR | O_CREAT | O_TRUNC |
		    (k ? O_APPEND : 0), 0600);
		assert_int_equal(write(to, "ab", 2), 2);
		assert_int_equal(lt_store_copy(from, "from", 3, 4, to, "to",
		    &err), 0);
		assert_int_equal(lt_store_copy(from, "from", 0, 2, to, "to",
		    &err), 0);
		assert_int_equal(pread(to, buf, sizeof(buf), 0), 8);
		assert_memory_equal(buf, "ab345601", 8);
		/* Past the source's end: an error naming it. */
		assert_int_equal(lt_store_copy(from, "from", 8, 5, to, "to",
		    &err), -1);
		assert_string_equal(err.file, "from");
		close(to);
		close(from);
	}
	unlink(shm);
}

/* A descriptor on a file renamed away while waiting is let go: the lock
 * is taken on the file now at the path. */
static void
test_lock_follows_rename(void **state)
{
	const char *path = path_of("moved.jsonl");
	const char *other = path_of("other.jsonl");
	struct lt_error err;
	struct stat st, now;
	int fd;

	(void)state;
	write_file(path, "old\n");
	write_file(other, "new\n");
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(rename(other, path), 0);
	assert_int_equal(stat(path, &now), 0);
	assert_int_equal(lt_store_lock_path(&fd, path, O_RDONLY, LOCK_SH, &st,
	    &err), 0);
	assert_int_equal(st.st_ino, now.st_ino);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_ino, now.st_ino);
	close(fd);

	fd = -1;
	assert_int_equal(lt_store_lock_path(&fd, path_of("none"), O_RDONLY,
	    LOCK_SH, &st, &err), -1);
	assert_int_equal(fd, -1);
	assert_string_equal(err.msg, "cannot open: No such file or directory");
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[200];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_csv_gets_header),
		cmocka_unit_test(test_torn_tail_ended),
		cmocka_unit_test(test_foreign_logs_refused),
		cmocka_unit_test(test_rollback),
		cmocka_unit_test(test_append_file),
		cmocka_unit_test(test_copy_range),
		cmocka_unit_test(test_lock_follows_rename),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
