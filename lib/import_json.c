/*
 * import_json.c - Hugging Face trainer_state.json and detectron2
 * metrics.json, through jansson.
 *
 * detectron2 writes Python's json.dumps output, which has bare NaN (and
 * could have Infinity) tokens that strict JSON parsers, jansson among
 * them, reject: they are rewritten to null before parsing, and nulls are
 * values not logged.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "num.h"

void
lt_import_json_nan(const char *buf, size_t len, struct lt_buf *out)
{
	size_t i = 0, start = 0;
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
		if (ch == 'N' && len - i >= 3 && memcmp(buf + i, "NaN", 3) == 0) {
			lt_buf_add(out, buf + start, i - start);
			lt_buf_adds(out, "null");
			i += 3;
			start = i;
			continue;
		}
		if ((ch == 'I' || ch == '-') && len - i >= 8 &&
		    (memcmp(buf + i, "Infinity", 8) == 0 || (len - i >= 9 &&
		    memcmp(buf + i, "-Infinity", 9) == 0))) {
			lt_buf_add(out, buf + start, i - start);
			lt_buf_adds(out, "null");
			i += ch == '-' ? 9 : 8;
			start = i;
			continue;
		}
		i++;
	}
	lt_buf_add(out, buf + start, len - start);
}

static int
read_all(const char *path, struct lt_buf *text, struct lt_error *err)
{
	char chunk[65536];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL)
		return lt_error_at(err, path, 0, "cannot open: %s",
		    strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		lt_buf_add(text, chunk, n);
	if (ferror(fp)) {
		fclose(fp);
		return lt_error_at(err, path, 0, "cannot read: %s",
		    strerror(errno));
	}
	fclose(fp);
	if (text->len == 0)
		return lt_error_at(err, path, 0, "empty file");
	return 0;
}

/* The values of one log entry; step is its step key's value. */
static int
entry(struct lt_import_run *r, json_t *obj, const char *stepkey, long line,
    struct lt_error *err)
{
	struct lt_import_row *row;
	const char *key;
	json_t *v, *s;
	double x;

	if (!json_is_object(obj))
		return lt_error_at(err, r->file, line, "not a JSON object");
	s = json_object_get(obj, stepkey);
	x = s != NULL && json_is_number(s) ? json_number_value(s) : 0.5;
	if (x != floor(x) || fabs(x) > 9e15)
		return lt_error_at(err, r->file, line, "no integer \"%s\"",
		    stepkey);
	row = lt_import_row(r, (int64_t)x, line);
	json_object_foreach(obj, key, v) {
		if (json_is_null(v))
			continue;
		lt_import_set(r, row, key, json_incref(v));
	}
	return 0;
}

static int
import_hf(struct lt_import_run *r, struct lt_buf *text, struct lt_error *err)
{
	json_error_t jerr;
	json_t *root, *hist, *v;
	const char *key;
	size_t i;
	int rc = 0;

	root = json_loadb(text->data, text->len, 0, &jerr);
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
			char msg[sizeof(err->msg)];

			snprintf(msg, sizeof(msg), "%s", err->msg);
			lt_error_at(err, r->file, 0, "log_history[%zu]: %s", i,
			    msg);
			break;
		}
	if (rc == 0) {
		r->hparams = json_object();
		json_object_foreach(root, key, v)
			if (strcmp(key, "log_history") != 0 && !json_is_null(v))
				json_object_set(r->hparams, key, v);
	}
	json_decref(root);
	return rc;
}

static int
import_d2(struct lt_import_run *r, struct lt_buf *text, struct lt_error *err)
{
	struct lt_buf fixed;
	json_error_t jerr;
	char *s = text->data, *end = s + text->len, *nl;
	long line = 0;
	json_t *obj;
	int rc = 0;

	lt_buf_init(&fixed);
	for (; s < end && rc == 0; s = nl + 1) {
		line++;
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL)
			nl = end;
		if (strspn(s, " \t\r") >= (size_t)(nl - s))
			continue;
		lt_import_json_nan(s, (size_t)(nl - s), &fixed);
		if ((obj = json_loadb(fixed.data, fixed.len, 0, &jerr)) ==
		    NULL) {
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
lt_import_json(struct lt_import_run *r, const char *path, struct lt_error *err)
{
	struct lt_buf text;
	int rc;

	lt_buf_init(&text);
	r->key = r->kind == LT_IMPORT_HF ? "step" : "iteration";
	if ((rc = read_all(path, &text, err)) == 0)
		rc = r->kind == LT_IMPORT_HF ? import_hf(r, &text, err) :
		    import_d2(r, &text, err);
	lt_buf_release(&text);
	return rc;
}
