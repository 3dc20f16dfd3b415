/*
 * test_compact.c - whole-file replacement and compaction, on files in a
 * temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "compact.h"
#include "tempfile.h"

static char dir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/lt-test-compact.XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static char *
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

/* The number of entries in dir, to see that no temporary is left. */
static int
entries(void)
{
	char cmd[128];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof(cmd), "ls -A '%s' | wc -l", dir);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_int_equal(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

static void
test_beside_commit_replaces(void **state)
{
	struct lt_tempfile *t;
	struct lt_error err;
	struct stat st;
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/out.txt", dir);
	write_file(path, "old\n");
	assert_non_null(t = lt_tempfile_beside(path, 0640, &err));
	fputs("new\n", lt_tempfile_stream(t));
	/* Until the commit, the old file is in place. */
	assert_string_equal(read_file(path), "old\n");
	assert_int_equal(entries(), 2);
	assert_int_equal(lt_tempfile_commit(t, path, &err), 0);
	assert_string_equal(read_file(path), "new\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_int_equal(entries(), 1);
}

static void
test_beside_delete_keeps_old(void **state)
{
	struct lt_tempfile *t;
	struct lt_error err;
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/out.txt", dir);
	write_file(path, "old\n");
	assert_non_null(t = lt_tempfile_beside(path, 0644, &err));
	fputs("half", lt_tempfile_stream(t));
	lt_tempfile_delete(t);
	assert_string_equal(read_file(path), "old\n");
	assert_int_equal(entries(), 1);
}

static void
test_beside_refuses_directory(void **state)
{
	struct lt_error err;

	(void)state;
	assert_null(lt_tempfile_beside(dir, 0644, &err));
	assert_string_equal(err.msg, "is a directory");
	assert_null(lt_tempfile_beside("/dev/null", 0644, &err));
	assert_string_equal(err.msg, "is not a regular file");
}

static void
test_compact_counts(void **state)
{
	struct lt_compact_stats st;
	struct lt_error err;
	char path[128];
	static const char log[] =
	    "timestamp,task_type,performance_score,learning_rate,"
	    "episode_count,convergence_metric,metadata\n"
	    "1,a,0.1,0.1,1,1,{}\n"
	    "oops\n"
	    "2,a,0.2,0.1,2,1,{}\n"
	    "3,a,0.3,0.1,3,1,{}\n"
	    "not,a,number,0.1,4,1,{}\n"
	    "4,a,0.4,0.1,4,1,{}\n";

	(void)state;
	snprintf(path, sizeof(path), "%s/run.csv", dir);
	write_file(path, log);
	assert_int_equal(lt_compact(path, 2, LT_COMPACT_DRY_RUN, &st, &err),
	    0);
	assert_int_equal(st.events, 4);
	assert_int_equal(st.bad, 2);
	assert_int_equal(st.kept, 2);
	assert_int_equal(st.dropped, 2);
	assert_int_equal(st.bad_dropped, 1);
	assert_int_equal(st.replaced, 0);
	assert_string_equal(read_file(path), log);
	assert_int_equal(lt_compact(path, 2, 0, &st, &err), 0);
	assert_int_equal(st.replaced, 1);
	assert_string_equal(read_file(path),
	    "timestamp,task_type,performance_score,learning_rate,"
	    "episode_count,convergence_metric,metadata\n"
	    "3,a,0.3,0.1,3,1,{}\n"
	    "not,a,number,0.1,4,1,{}\n"
	    "4,a,0.4,0.1,4,1,{}\n");
	assert_int_equal(st.bytes_after, strlen(read_file(path)));
	assert_int_equal(entries(), 1);
	assert_int_equal(lt_compact(path, 0, 0, &st, &err), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_beside_commit_replaces,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_beside_delete_keeps_old,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_beside_refuses_directory,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_compact_counts, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
