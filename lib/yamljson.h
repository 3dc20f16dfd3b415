/*
 * yamljson.h - a YAML file as JSON, through libyaml: the hparams.yaml of
 * Lightning runs and the meta.yaml of MLflow runs.
 */
#ifndef LT_YAMLJSON_H
#define LT_YAMLJSON_H

#include <jansson.h>

#include "error.h"

/*
 * The first document of the YAML file at path as JSON: mappings as
 * objects (keys that are not scalars left out), sequences as arrays,
 * plain scalars typed as lt record types KEY=VALUE (an integer, a real,
 * true, false, null, else a string), quoted scalars as strings, an empty
 * file as null.  Returns a new reference, or NULL with err naming the
 * file and line.
 */
json_t	*lt_yaml_load(const char *path, struct lt_error *err);

#endif
