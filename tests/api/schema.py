"""Just enough JSON Schema (the subset src/http/openapi.json uses) to check that what the
server answers is what the OpenAPI document says: $ref, type (also lists, for null), enum,
const, required, properties, additionalProperties, items, minimum/maximum, min/maxLength,
pattern, min/maxItems. Formats are not checked."""

import re


class OpenApi:
    def __init__(self, doc):
        self.doc = doc

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            assert ref.startswith("#/"), ref
            node = self.doc
            for part in ref[2:].split("/"):
                node = node[part]
        return node

    def operation(self, method, path):
        return self.doc["paths"][path][method.lower()]

    def response_schema(self, method, path, status, content_type):
        """The schema for that answer, or None when the document gives none."""
        responses = self.operation(method, path)["responses"]
        resp = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
        if resp is None:
            raise KeyError(f"{method} {path}: el estado {status} no está documentado")
        resp = self.resolve(resp)
        content = resp.get("content")
        if not content:
            return None
        if content_type not in content:
            raise KeyError(f"{method} {path} {status}: tipo {content_type!r} no documentado ({sorted(content)})")
        return content[content_type].get("schema")

    def validate(self, value, schema, where="$"):
        """Returns a list of human-readable mismatches (empty when valid)."""
        errors = []
        self._check(value, schema, where, errors)
        return errors

    def _check(self, v, schema, where, errors):
        schema = self.resolve(schema)
        if schema is None or schema == {}:
            return
        if "const" in schema and v != schema["const"]:
            errors.append(f"{where}: esperaba {schema['const']!r}, llegó {v!r}")
        if "enum" in schema and v not in schema["enum"]:
            errors.append(f"{where}: {v!r} no está en {schema['enum']}")
        types = schema.get("type")
        if types is not None:
            types = types if isinstance(types, list) else [types]
            if not any(_is_type(v, t) for t in types):
                errors.append(f"{where}: tipo {type(v).__name__} ({v!r:.60}), esperaba {types}")
                return
        if isinstance(v, dict):
            for key in schema.get("required", []):
                if key not in v:
                    errors.append(f"{where}: falta la propiedad obligatoria {key!r}")
            props = schema.get("properties", {})
            extra = schema.get("additionalProperties", True)
            for key, val in v.items():
                if key in props:
                    self._check(val, props[key], f"{where}.{key}", errors)
                elif extra is False:
                    errors.append(f"{where}: propiedad no documentada {key!r}")
                elif isinstance(extra, dict):
                    self._check(val, extra, f"{where}.{key}", errors)
        elif isinstance(v, list):
            if "minItems" in schema and len(v) < schema["minItems"]:
                errors.append(f"{where}: menos de {schema['minItems']} elementos")
            if "maxItems" in schema and len(v) > schema["maxItems"]:
                errors.append(f"{where}: más de {schema['maxItems']} elementos")
            if "items" in schema:
                for i, item in enumerate(v[:50]):
                    self._check(item, schema["items"], f"{where}[{i}]", errors)
        elif isinstance(v, str):
            if "maxLength" in schema and len(v) > schema["maxLength"]:
                errors.append(f"{where}: más de {schema['maxLength']} caracteres")
            if "minLength" in schema and len(v) < schema["minLength"]:
                errors.append(f"{where}: menos de {schema['minLength']} caracteres")
            if "pattern" in schema and not re.search(schema["pattern"], v):
                errors.append(f"{where}: {v!r:.60} no cumple {schema['pattern']}")
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            if "minimum" in schema and v < schema["minimum"]:
                errors.append(f"{where}: {v} < {schema['minimum']}")
            if "maximum" in schema and v > schema["maximum"]:
                errors.append(f"{where}: {v} > {schema['maximum']}")


def _is_type(v, t):
    if t == "null":
        return v is None
    if t == "boolean":
        return isinstance(v, bool)
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if t == "string":
        return isinstance(v, str)
    if t == "array":
        return isinstance(v, list)
    if t == "object":
        return isinstance(v, dict)
    raise ValueError(f"tipo desconocido {t}")
