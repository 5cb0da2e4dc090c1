package io.quire.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * Typed reads of a request's fields, each failing with a {@link ProtocolException} that names the field, says what
 * was expected and shows what came ({@code expected v to be a non-negative integer, got "x"}).
 */
final class RequestFields {
    /** Longest collection, document, presence or client id: they end up in logs, URLs and storage keys. */
    static final int MAX_NAME_LENGTH = 256;

    /**
     * Names ShareDB refuses as ids ({@code util.isDangerousProperty}): as keys of a plain JavaScript object they
     * would reach {@code Object.prototype}. Refused here too so that no JavaScript consumer of our data meets them.
     */
    private static final Set<String> OBJECT_PROTOTYPE_NAMES = Set.of("constructor", "__defineGetter__",
            "__defineSetter__", "hasOwnProperty", "__lookupGetter__", "__lookupSetter__", "isPrototypeOf",
            "propertyIsEnumerable", "toString", "valueOf", "__proto__", "toLocaleString");

    private static final int MAX_SHOWN_CHARS = 40;

    private final ObjectNode request;

    RequestFields(ObjectNode request) {
        this.request = request;
    }

    /** The field's value, or null if it is absent. JSON null is returned as a NullNode. */
    JsonNode get(String field) {
        return request.get(field);
    }

    /** True when the field is there and not JSON null (the client writes unknown values as null). */
    boolean has(String field) {
        JsonNode node = request.get(field);
        return node != null && !node.isNull();
    }

    /** A required collection, document or other id. */
    String name(String field) {
        return name(field, MAX_NAME_LENGTH);
    }

    String name(String field, int maxLength) {
        JsonNode node = request.get(field);
        String problem = nameProblem(node, maxLength);
        if (problem != null) {
            throw expected(field, problem, node);
        }
        return node.textValue();
    }

    /** An id that may be absent or null; an empty string counts as absent, as ShareDB's {@code ||} has it. */
    String optionalName(String field, ErrorCode code) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull() || (node.isTextual() && node.textValue().isEmpty())) {
            return null;
        }
        String problem = nameProblem(node, MAX_NAME_LENGTH);
        if (problem != null) {
            throw expected(code, field, problem, node);
        }
        return node.textValue();
    }

    /** A version, timestamp or request number that may be absent or null. */
    Long optionalCount(String field) {
        JsonNode node = request.get(field);
        return node == null || node.isNull() ? null : count(field, node);
    }

    /** A required non-negative integer that JavaScript holds exactly. */
    long count(String field) {
        return count(field, request.get(field));
    }

    /** {@code a[field]} where a nested value (e.g. {@code b.ch1}) is read. */
    static long count(String field, JsonNode node) {
        if (node == null || !isWholeNumber(node) || node.doubleValue() < 0) {
            throw expected(field, "a non-negative integer", node);
        }
        if (!isSafe(node)) {
            throw expected(field, "a non-negative integer up to 2^53-1", node);
        }
        return node.longValue();
    }

    /** A required sequence number: an integer from 1. */
    long positive(String field) {
        JsonNode node = request.get(field);
        if (node == null || !isWholeNumber(node) || node.doubleValue() < 1) {
            throw expected(field, "a positive integer", node);
        }
        if (!isSafe(node)) {
            throw expected(field, "a positive integer up to 2^53-1", node);
        }
        return node.longValue();
    }

    static ProtocolException expected(String field, String what, JsonNode got) {
        return expected(ErrorCode.ERR_MESSAGE_BADLY_FORMED, field, what, got);
    }

    static ProtocolException expected(ErrorCode code, String field, String what, JsonNode got) {
        return new ProtocolException(code, "expected " + field + " to be " + what + ", got " + describe(got));
    }

    /** Why {@code node} is not a usable id, as the rest of "expected x to be ...", or null if it is one. */
    static String nameProblem(JsonNode node, int maxLength) {
        if (node == null || !node.isTextual() || node.textValue().isEmpty()) {
            return "a non-empty string";
        }
        return nameProblem(node.textValue(), maxLength);
    }

    static String nameProblem(String name, int maxLength) {
        if (name.isEmpty()) {
            return "a non-empty string";
        }
        if (name.length() > maxLength) {
            return "at most " + maxLength + " characters long";
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return "a string without control characters";
            }
        }
        if (OBJECT_PROTOTYPE_NAMES.contains(name)) {
            return "a name other than an Object.prototype property";
        }
        return null;
    }

    /** A JSON number with no fractional part: {@code 3}, and also {@code 3.0} or {@code 3e0}, as in JavaScript. */
    static boolean isWholeNumber(JsonNode node) {
        if (node.isIntegralNumber()) {
            return true;
        }
        if (!node.isNumber()) {
            return false;
        }
        double value = node.doubleValue();
        return !Double.isInfinite(value) && value == Math.rint(value);
    }

    /** Within {@code Number.MAX_SAFE_INTEGER}; the caller has checked that it is whole and not negative. */
    private static boolean isSafe(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() && node.longValue() <= Protocol.MAX_SAFE_INTEGER;
        }
        return node.doubleValue() <= Protocol.MAX_SAFE_INTEGER;
    }

    /** A value for an error message: its JSON, cut short; "nothing" when the field is absent. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return shorten(node.toString());
    }

    /** {@code text} cut to a length fit for an error message. */
    static String shorten(String text) {
        return text.length() <= MAX_SHOWN_CHARS ? text : text.substring(0, MAX_SHOWN_CHARS) + "...";
    }
}
