package io.quire.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.RoutingContext;


/** Reads and checks request parameters and bodies; anything wrong becomes a 400 that names the problem. */
final class Params {
    private Params() {
    }

    /** A version in a path or query: a whole number >= 0. */
    static long version(String value, String name) {
        long version;
        try {
            version = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + " must be a whole number, got \"" + value + "\"");
        }
        if (version < 0) {
            throw ApiError.badRequest(name + " must be >= 0, got " + version);
        }
        return version;
    }

    static Long optionalVersion(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        return value == null ? null : version(value, name);
    }

    static long versionOr(RoutingContext ctx, String name, long fallback) {
        Long value = optionalVersion(ctx, name);
        return value == null ? fallback : value;
    }

    static long requiredVersion(RoutingContext ctx, String name) {
        Long value = optionalVersion(ctx, name);
        if (value == null) {
            throw ApiError.badRequest("the query needs \"" + name + "\" (a version)");
        }
        return value;
    }

    static String optional(RoutingContext ctx, String name, String fallback) {
        String value = ctx.request().getParam(name);
        return value == null ? fallback : value;
    }

    static int limit(RoutingContext ctx, int fallback, int max) {
        String value = ctx.request().getParam("limit");
        if (value == null) {
            return fallback;
        }
        int limit;
        try {
            limit = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("limit must be a whole number, got \"" + value + "\"");
        }
        if (limit < 1 || limit > max) {
            throw ApiError.badRequest("limit must be between 1 and " + max + ", got " + limit);
        }
        return limit;
    }

    /** The request's JSON object body. */
    static JsonNode body(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw ApiError.badRequest("the request needs a JSON object body");
        }
        JsonNode node;
        try {
            node = HistoryJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest("the body must be a JSON object");
        }
        return node;
    }

    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw ApiError.badRequest("the body needs \"" + field + "\" (a string)");
        }
        return value.asText();
    }

    static long number(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isIntegralNumber()) {
            throw ApiError.badRequest("the body needs \"" + field + "\" (a whole number)");
        }
        if (value.asLong() < 0) {
            throw ApiError.badRequest(field + " must be >= 0, got " + value.asLong());
        }
        return value.asLong();
    }

    /** A string field that may be absent (null then); present, it must be a string. */
    static String optionalText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiError.badRequest("\"" + field + "\" must be a string");
        }
        return value.asText();
    }

    /** A whole-number field that may be absent ({@code fallback} then). */
    static long optionalNumber(JsonNode body, String field, long fallback) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? fallback : number(body, field);
    }

    /** A whole number from 0 to {@code max}, so that a huge value is a 400 rather than an overflow. */
    static int boundedNumber(JsonNode body, String field, int max) {
        long value = number(body, field);
        if (value > max) {
            throw ApiError.badRequest(field + " must be at most " + max + ", got " + value);
        }
        return (int) value;
    }

    static io.quire.server.auth.Role role(JsonNode body, String field) {
        try {
            return io.quire.server.auth.Role.parse(text(body, field));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    /** A list of strings field. */
    static java.util.List<String> texts(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isArray()) {
            throw ApiError.badRequest("the body needs \"" + field + "\" (an array of strings)");
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw ApiError.badRequest("\"" + field + "\" must hold only strings");
            }
            out.add(item.asText());
        }
        return out;
    }
}
