/*
 * import_mlflow.c - MLflow file-store runs (mlruns/EXP/RUN/), and YAML
 * through libyaml.
 *
 * A run directory holds meta.yaml (run_name, or the older run_uuid),
 * metrics/NAME files of "TIMESTAMP_MS VALUE STEP" lines, params/NAME and
 * tags/NAME files of one value each.  A name with '/' is a nested path
 * (metrics/train/box_loss), so the directories are walked and the names
 * rebuilt; hidden files (.DS_Store) are not metrics.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

#include "import.h"
#include "num.h"

static json_t *
yaml_node_json(yaml_document_t *doc, yaml_node_t *node, int depth)
{
	yaml_node_pair_t *pair;
	yaml_node_item_t *item;
	yaml_node_t *k;
	json_t *out, *v;

	if (node == NULL || depth > 64)
		return json_null();
	switch (node->type) {
	case YAML_SCALAR_NODE:
		if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
			return json_stringn((const char *)
			    node->data.scalar.value, node->data.scalar.length);
		v = lt_import_cell((const char *)node->data.scalar.value,
		    node->data.scalar.length);
		return v ? v : json_null();
	case YAML_SEQUENCE_NODE:
		out = json_array();
		for (item = node->data.sequence.items.start;
		    item < node->data.sequence.items.top; item++)
			json_array_append_new(out, yaml_node_json(doc,
			    yaml_document_get_node(doc, *item), depth + 1));
		return out;
	case YAML_MAPPING_NODE:
		out = json_object();
		for (pair = node->data.mapping.pairs.start;
		    pair < node->data.mapping.pairs.top; pair++) {
			k = yaml_document_get_node(doc, pair->key);
			if (k == NULL || k->type != YAML_SCALAR_NODE)
				continue;
			json_object_setn_new(out, (const char *)
			    k->data.scalar.value, k->data.scalar.length,
			    yaml_node_json(doc, yaml_document_get_node(doc,
			    pair->value), depth + 1));
		}
		return out;
	default:
		return json_null();
	}
}

json_t *
lt_import_yaml(const char *path, struct lt_error *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	json_t *out;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		lt_error_at(err, path, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, fp);
	if (!yaml_parser_load(&parser, &doc)) {
		lt_error_at(err, path, (long)parser.problem_mark.line + 1,
		    "%s", parser.problem ? parser.problem : "bad YAML");
		yaml_parser_delete(&parser);
		fclose(fp);
		return NULL;
	}
	out = yaml_node_json(&doc, yaml_document_get_root_node(&doc), 0);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	fclose(fp);
	return out;
}

static int
read_small(const char *path, struct lt_buf *out, struct lt_error *err)
{
	char chunk[8192];
	size_t n;
	FILE *fp;

	lt_buf_reset(out);
	if ((fp = fopen(path, "rb")) == NULL)
		return lt_error_at(err, path, 0, "cannot open: %s",
		    strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		lt_buf_add(out, chunk, n);
	n = ferror(fp);
	fclose(fp);
	if (n)
		return lt_error_at(err, path, 0, "cannot read");
	if (out->data == NULL)
		lt_buf_add(out, "", 0);
	return 0;
}

/* One metric file: "TIMESTAMP_MS VALUE STEP" a line. */
static int
metric_file(struct lt_import_run *r, const char *path, const char *name,
    struct lt_buf *text, struct lt_error *err)
{
	struct lt_import_row *row;
	char *s, *end, *nl, *f[3], *save;
	double ms, v;
	int64_t step;
	long line = 0;
	int i;

	if (read_small(path, text, err) != 0)
		return -1;
	s = text->data;
	end = s + text->len;
	if (memchr(s, '\0', text->len) != NULL)
		return lt_error_at(err, path, 0, "binary data: not an MLflow "
		    "metric file");
	for (; s < end; s = nl + 1) {
		line++;
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		*nl = '\0';
		if (strspn(s, " \t\r") == (size_t)(nl - s))
			continue;
		for (i = 0; i < 3; i++)
			f[i] = strtok_r(i == 0 ? s : NULL, " \t\r", &save);
		if (f[2] == NULL || strtok_r(NULL, " \t\r", &save) != NULL ||
		    lt_num_parse(f[0], strlen(f[0]), &ms) != 0 ||
		    lt_num_parse_int(f[2], strlen(f[2]), &step) != 0)
			return lt_error_at(err, path, line, "expected "
			    "\"TIMESTAMP VALUE STEP\"");
		row = lt_import_row(r, step, 0);
		if (isnan(row->time) || ms / 1000 > row->time)
			row->time = ms / 1000;
		if (lt_num_parse(f[1], strlen(f[1]), &v) == 0)
			lt_import_set(r, row, name, json_real(v));
	}
	return 0;
}

/*
 * Walk dir/rel: for metrics, read each file; for params, add each to
 * r->hparams.
 */
static int
walk_values(struct lt_import_run *r, const char *dir, const char *rel,
    int metrics, struct lt_buf *text, struct lt_error *err)
{
	struct dirent **ents;
	char path[4096], name[2048];
	struct stat st;
	int n, i, rc = 0;

	snprintf(path, sizeof(path), "%s%s%s", dir, *rel ? "/" : "", rel);
	if ((n = scandir(path, &ents, NULL, alphasort)) < 0)
		return errno == ENOENT ? 0 : lt_error_at(err, path, 0,
		    "cannot read the directory: %s", strerror(errno));
	for (i = 0; i < n; i++) {
		if (rc != 0 || ents[i]->d_name[0] == '.')
			continue;
		snprintf(name, sizeof(name), "%s%s%s", rel, *rel ? "/" : "",
		    ents[i]->d_name);
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			rc = walk_values(r, dir, name, metrics, text, err);
			continue;
		}
		if (metrics)
			rc = metric_file(r, path, name, text, err);
		else if ((rc = read_small(path, text, err)) == 0) {
			json_t *v = lt_import_cell(text->data, text->len);

			json_object_set_new(r->hparams, name, v ? v :
			    json_string(""));
		}
	}
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	return rc;
}

int
lt_import_mlflow_run(struct lt_import_run *r, const char *dir,
    struct lt_error *err)
{
	struct lt_buf text;
	char path[4096];
	json_t *meta, *v;
	int rc;

	r->key = NULL;
	snprintf(path, sizeof(path), "%s/meta.yaml", dir);
	if ((meta = lt_import_yaml(path, err)) == NULL)
		return -1;
	if ((v = json_object_get(meta, "run_name")) != NULL &&
	    json_is_string(v) && json_string_length(v) > 0) {
		free(r->name);
		r->name = lt_xstrdup(json_string_value(v));
	}
	json_decref(meta);
	lt_buf_init(&text);
	snprintf(path, sizeof(path), "%s/metrics", dir);
	rc = walk_values(r, path, "", 1, &text, err);
	if (rc == 0) {
		r->hparams = json_object();
		snprintf(path, sizeof(path), "%s/params", dir);
		rc = walk_values(r, path, "", 0, &text, err);
	}
	lt_buf_release(&text);
	return rc;
}
