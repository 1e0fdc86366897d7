package dev.adclick.query;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a JSON answer against a schema of the OpenAPI document: the subset the document uses
 * ({@code $ref}, {@code allOf}, {@code oneOf}, {@code type} or a list of types, {@code properties},
 * {@code required}, {@code items}). An object schema with properties is closed: a field the server
 * writes but the document does not name is a problem, so a new field cannot go undocumented.
 */
final class OpenApiSchemas {
    private final JsonObject doc;

    OpenApiSchemas(JsonObject doc) {
        this.doc = doc;
    }

    /** Resolves {@code #/components/…}. */
    Object resolve(String ref) {
        Object node = doc;
        for (String part : ref.substring(2).split("/")) node = node instanceof JsonObject o ? o.getValue(part) : null;
        return node;
    }

    /** Every difference between {@code value} and {@code schema}, as {@code path: what}; empty if it matches. */
    List<String> problems(Object value, JsonObject schema, String path) {
        List<String> out = new ArrayList<>();
        check(value, schema, path, out);
        return out;
    }

    /** The properties an object schema names (following {@code $ref} and {@code allOf}). */
    Map<String, JsonObject> properties(JsonObject schema) {
        Map<String, JsonObject> props = new LinkedHashMap<>();
        JsonObject s = deref(schema);
        for (Object part : s.getJsonArray("allOf", new JsonArray())) props.putAll(properties((JsonObject) part));
        s.getJsonObject("properties", new JsonObject()).forEach(e -> props.put(e.getKey(), (JsonObject) e.getValue()));
        return props;
    }

    /** The required fields of an object schema (following {@code $ref} and {@code allOf}). */
    Set<String> required(JsonObject schema) {
        Set<String> req = new LinkedHashSet<>();
        JsonObject s = deref(schema);
        for (Object part : s.getJsonArray("allOf", new JsonArray())) req.addAll(required((JsonObject) part));
        s.getJsonArray("required", new JsonArray()).forEach(r -> req.add((String) r));
        return req;
    }

    private void check(Object value, JsonObject schema, String path, List<String> out) {
        JsonObject s = deref(schema);
        if (s.containsKey("oneOf")) {
            for (Object branch : s.getJsonArray("oneOf")) if (problems(value, (JsonObject) branch, path).isEmpty()) return;
            out.add(path + ": matches none of oneOf");
            return;
        }
        if (!typeMatches(value, s)) {
            out.add(path + ": " + value + " is not of type " + s.getValue("type"));
            return;
        }
        if (value instanceof JsonObject o) {
            Map<String, JsonObject> props = properties(s);
            for (String r : required(s)) if (!o.containsKey(r)) out.add(path + ": required field " + r + " is missing");
            if (props.isEmpty()) return; // a free-form object, e.g. a reconciliation report
            for (String field : o.fieldNames()) {
                JsonObject p = props.get(field);
                if (p == null) out.add(path + ": field " + field + " is not documented");
                else check(o.getValue(field), p, path + "." + field, out);
            }
        } else if (value instanceof JsonArray a && s.containsKey("items")) {
            for (int i = 0; i < a.size(); i++) check(a.getValue(i), s.getJsonObject("items"), path + "[" + i + "]", out);
        }
    }

    private boolean typeMatches(Object value, JsonObject s) {
        Object type = s.getValue("type");
        if (type == null) return true; // allOf parts and $refs carry no type of their own
        List<Object> types = type instanceof JsonArray a ? a.getList() : List.of(type);
        for (Object t : types) {
            boolean ok = switch ((String) t) {
                case "null" -> value == null;
                case "object" -> value instanceof JsonObject;
                case "array" -> value instanceof JsonArray;
                case "string" -> value instanceof String;
                case "boolean" -> value instanceof Boolean;
                case "number" -> value instanceof Number;
                case "integer" -> value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                        && !(value instanceof Double || value instanceof Float);
                default -> false;
            };
            if (ok) return true;
        }
        return false;
    }

    private JsonObject deref(JsonObject schema) {
        JsonObject s = schema;
        while (s.containsKey("$ref")) s = (JsonObject) resolve(s.getString("$ref"));
        return s;
    }
}
