package io.quire.ot;

import java.util.Map;

/**
 * Non-text content inserted as one unit, such as {@code {"image": "https://…"}} or {@code {"formula": "e=mc^2"}}.
 * Its length is 1. The JSON object is held as normalized values (see {@link JsonValues}), so equality is deep.
 */
public final class Embed {
    private final Map<String, Object> value;

    private Embed(Map<String, Object> value) {
        this.value = value;
    }

    @SuppressWarnings("unchecked")
    public static Embed of(Map<String, ?> value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("an embed must be a non-empty object such as {\"image\": \"url\"}");
        }
        return new Embed((Map<String, Object>) JsonValues.normalize(value));
    }

    public static Embed of(String type, Object data) {
        return of(Map.of(type, data));
    }

    /** The embed's type: its first key, as Quill reads it. */
    public String type() {
        return value.keySet().iterator().next();
    }

    /** The embed as an unmodifiable JSON object. */
    public Map<String, Object> asMap() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof Embed other && value.equals(other.value));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return JsonValues.toJson(value);
    }
}
