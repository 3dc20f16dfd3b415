/*
 * yamljson.c - YAML to JSON through libyaml's document loader.
 */
#include <yaml.h>

#include "buf.h"
#include "event.h"
#include "slurp.h"
#include "yamljson.h"

/* Deeper than any configuration file; bounds the recursion against an
 * alias loop or a hostile file. */
#define DEPTH_MAX	64

static json_t *
node_json(yaml_document_t *doc, yaml_node_t *node, int depth)
{
	yaml_node_pair_t *pair;
	yaml_node_item_t *item;
	yaml_node_t *k;
	json_t *out, *v;

	if (node == NULL || depth > DEPTH_MAX)
		return json_null();
	switch (node->type) {
	case YAML_SCALAR_NODE:
		if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
			v = json_stringn((const char *)node->data.scalar.value,
			    node->data.scalar.length);
		else
			v = lt_meta_value((const char *)node->data.scalar.value,
			    node->data.scalar.length);
		return v != NULL ? v : json_null();	/* not UTF-8 */
	case YAML_SEQUENCE_NODE:
		out = json_array();
		for (item = node->data.sequence.items.start;
		    item < node->data.sequence.items.top; item++)
			json_array_append_new(out, node_json(doc,
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
			    node_json(doc, yaml_document_get_node(doc,
			    pair->value), depth + 1));
		}
		return out;
	default:
		return json_null();
	}
}

json_t *
lt_yaml_load(const char *path, struct lt_error *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	struct lt_buf text;
	json_t *out = NULL;

	lt_buf_init(&text);
	if (lt_slurp(path, &text, err) != 0) {
		lt_buf_release(&text);
		return NULL;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text.data,
	    text.len);
	if (!yaml_parser_load(&parser, &doc))
		lt_error_at(err, path, (long)parser.problem_mark.line + 1, "%s",
		    parser.problem ? parser.problem : "bad YAML");
	else {
		out = node_json(&doc, yaml_document_get_root_node(&doc), 0);
		yaml_document_delete(&doc);
	}
	yaml_parser_delete(&parser);
	lt_buf_release(&text);
	return out;
}
