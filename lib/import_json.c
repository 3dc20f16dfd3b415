/*
 * import_json.c - Hugging Face trainer_state.json and detectron2
 * metrics.json, through jansson.
 *
 * Both are written by Python's json module, which writes NaN, Infinity
 * and -Infinity as bare tokens that strict JSON parsers, jansson among
 * them, reject.  Outside strings they are rewritten to a string jansson
 * accepts and no source can write (it starts with a NUL byte), so that
 * the value is counted as non-finite under its own column, not dropped.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "import_json.h"
#include "slurp.h"

#define NONFINITE	"\"\\u0000nonfinite\""

/* Rewrite the non-finite tokens of buf[0..len) into out (replaced). */
static void
fix_nonfinite(const char *buf, size_t len, struct lt_buf *out)
{
	size_t i = 0, start = 0, n;
	int in_str = 0;

	lt_buf_reset(out);
	lt_buf_reserve(out, len);
	while (i < len) {
		char ch = buf[i];

		if (in_str) {
			if (ch == '\\')
				i++;
			else if (ch == '"')
				in_str = 0;
			i++;
			continue;
		}
		if (ch == '"') {
			in_str = 1;
			i++;
			continue;
		}
		n = 0;
		if (ch == 'N' && len - i >= 3 && memcmp(buf + i, "NaN", 3) == 0)
			n = 3;
		else if (ch == 'I' && len - i >= 8 &&
		    memcmp(buf + i, "Infinity", 8) == 0)
			n = 8;
		else if (ch == '-' && len - i >= 9 &&
		    memcmp(buf + i, "-Infinity", 9) == 0)
			n = 9;
		if (n == 0) {
			i++;
			continue;
		}
		lt_buf_add(out, buf + start, i - start);
		lt_buf_adds(out, NONFINITE);
		i += n;
		start = i;
	}
	lt_buf_add(out, buf + start, len - start);
}

static int
is_nonfinite(const json_t *v)
{
	return json_is_string(v) && json_string_length(v) > 0 &&
	    json_string_value(v)[0] == '\0';
}

/* One log entry: a record at its stepkey's value. */
static int
entry(struct lt_run *r, json_t *obj, const char *stepkey, long line,
    struct lt_error *err)
{
	const char *key;
	json_t *v, *s;
	double x;
	uint32_t col;

	if (!json_is_object(obj))
		return lt_error_at(err, r->file, line, "not a JSON object");
	s = json_object_get(obj, stepkey);
	x = json_is_number(s) ? json_number_value(s) : 0.5;
	if (x != floor(x) || fabs(x) > 9e15)
		return lt_error_at(err, r->file, line, "no integer \"%s\"",
		    stepkey);
	lt_run_begin(r, (int64_t)x, NAN, line);
	json_object_foreach(obj, key, v) {
		if (strcmp(key, stepkey) == 0 || json_is_null(v))
			continue;
		col = lt_run_column(r, key, strlen(key));
		if (is_nonfinite(v))
			lt_run_bad(r, col);
		else
			lt_run_json(r, col, json_incref(v));
	}
	lt_run_end(r);
	return 0;
}

static int
read_hf(struct lt_run *r, const struct lt_buf *text, struct lt_error *err)
{
	struct lt_buf fixed;
	json_error_t jerr;
	json_t *root, *hist, *v, *state;
	const char *key;
	char msg[sizeof(err->msg)];
	size_t i;
	int rc = 0;

	lt_buf_init(&fixed);
	fix_nonfinite(text->data, text->len, &fixed);
	root = json_loadb(fixed.data, fixed.len, JSON_ALLOW_NUL, &jerr);
	lt_buf_release(&fixed);
	if (root == NULL)
		return lt_error_at(err, r->file, jerr.line, "%s", jerr.text);
	hist = json_object_get(root, "log_history");
	if (!json_is_array(hist)) {
		json_decref(root);
		return lt_error_at(err, r->file, 0, "no \"log_history\" array: "
		    "not a Hugging Face trainer_state.json");
	}
	/* The entries have no line of their own: name them by index. */
	json_array_foreach(hist, i, v)
		if ((rc = entry(r, v, "step", 0, err)) != 0) {
			snprintf(msg, sizeof(msg), "%s", err->msg);
			lt_error_at(err, r->file, 0, "log_history[%zu]: %s", i,
			    msg);
			break;
		}
	if (rc == 0) {
		state = json_object();
		json_object_foreach(root, key, v)
			if (strcmp(key, "log_history") != 0)
				json_object_set(state, key, is_nonfinite(v) ?
				    json_null() : v);
		lt_run_fact(r, "trainer_state", state);
	}
	json_decref(root);
	return rc;
}

static int
read_d2(struct lt_run *r, struct lt_buf *text, struct lt_error *err)
{
	struct lt_buf fixed;
	json_error_t jerr;
	char *s = text->data, *end = s + text->len, *nl;
	long line = 0;
	json_t *obj;
	int rc = 0;

	/* An unfinished last line is left for the next import. */
	if (end > s && end[-1] != '\n') {
		while (end > s && end[-1] != '\n')
			end--;
		r->held_back = 1;
	}
	lt_buf_init(&fixed);
	for (; s < end && rc == 0; s = nl + 1) {
		line++;
		nl = memchr(s, '\n', (size_t)(end - s));
		if (strspn(s, " \t\r") >= (size_t)(nl - s))
			continue;
		fix_nonfinite(s, (size_t)(nl - s), &fixed);
		if ((obj = json_loadb(fixed.data, fixed.len, JSON_ALLOW_NUL,
		    &jerr)) == NULL) {
			rc = lt_error_at(err, r->file, line, "%s (column %d)",
			    jerr.text, jerr.column);
			break;
		}
		rc = entry(r, obj, "iteration", line, err);
		json_decref(obj);
	}
	lt_buf_release(&fixed);
	return rc;
}

int
lt_import_json(struct lt_run *r, enum lt_source kind, const char *path,
    struct lt_error *err)
{
	struct lt_buf text;
	int rc;

	lt_buf_init(&text);
	r->step_name = kind == LT_SRC_HF ? "step" : "iteration";
	if ((rc = lt_slurp(path, &text, err)) == 0 && text.len == 0)
		rc = lt_error_at(err, path, 0, "empty file");
	if (rc == 0)
		rc = kind == LT_SRC_HF ? read_hf(r, &text, err) :
		    read_d2(r, &text, err);
	lt_buf_release(&text);
	return rc;
}
