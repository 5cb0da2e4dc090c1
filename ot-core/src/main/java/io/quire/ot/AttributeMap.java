package io.quire.ot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The formats carried by an insert or retain, such as {@code {"bold": true, "link": "https://…"}}.
 *
 * <p>Immutable. A key mapped to {@code null} is meaningful: on a retain it means "remove this format".
 * Values are JSON values as {@link JsonValues} normalizes them (String, Boolean, Long, Double, null,
 * or unmodifiable Map/List), so two maps are equal exactly when lodash's {@code isEqual} would say so.
 *
 * <p>Key order is kept because it is visible in the JSON form, and the static operations build their
 * results in the same key order as quill-delta's {@code AttributeMap} so our JSON matches byte for byte.
 */
public final class AttributeMap {
    /** No formats. Ops without attributes share this instance, so "no attributes" is an identity check. */
    public static final AttributeMap EMPTY = new AttributeMap(Collections.emptyMap());

    private final Map<String, Object> values;
    private int hash;

    private AttributeMap(Map<String, Object> values) {
        this.values = values;
    }

    /** Copies {@code values} (in its iteration order), normalizing each value; an empty map gives {@link #EMPTY}. */
    public static AttributeMap of(Map<String, ?> values) {
        if (values == null || values.isEmpty()) {
            return EMPTY;
        }
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(values.size() * 2);
        values.forEach((key, value) -> copy.put(Objects.requireNonNull(key, "attribute name"), JsonValues.normalize(value)));
        return new AttributeMap(Collections.unmodifiableMap(copy));
    }

    /** A map of one format; {@code value} may be null (removal). */
    public static AttributeMap of(String key, Object value) {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>(2);
        map.put(key, JsonValues.normalize(value));
        return new AttributeMap(Collections.unmodifiableMap(map));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public int size() {
        return values.size();
    }

    public boolean containsKey(String key) {
        return values.containsKey(key);
    }

    /** The value of {@code key}, or null when absent or when it is a removal; see {@link #containsKey}. */
    public Object get(String key) {
        return values.get(key);
    }

    public Set<String> keys() {
        return values.keySet();
    }

    /** An unmodifiable view, in key order. */
    public Map<String, Object> asMap() {
        return values;
    }

    public void forEach(BiConsumer<String, Object> action) {
        values.forEach(action);
    }

    /** True when some key maps to null, i.e. this map removes formats. */
    public boolean hasRemovals() {
        return values.containsValue(null);
    }

    /**
     * Formats after applying {@code b} on top of {@code a}: b's keys win, a's other keys stay.
     * With {@code keepNull} false (composing onto an insert) removals in b are dropped, since there is
     * nothing left to remove; with it true (composing two retains) they are kept so they still apply later.
     */
    public static AttributeMap compose(AttributeMap a, AttributeMap b, boolean keepNull) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty() && (keepNull || !b.hasRemovals())) {
            return b;
        }
        LinkedHashMap<String, Object> result = new LinkedHashMap<>();
        b.values.forEach((key, value) -> {
            if (keepNull || value != null) {
                result.put(key, value);
            }
        });
        a.values.forEach((key, value) -> {
            if (!b.values.containsKey(key)) {
                result.put(key, value);
            }
        });
        return wrap(result);
    }

    /** The attributes that turn {@code a} into {@code b}: changed keys take b's value, removed keys null. */
    public static AttributeMap diff(AttributeMap a, AttributeMap b) {
        if (a == b) {
            return EMPTY;
        }
        LinkedHashMap<String, Object> result = new LinkedHashMap<>();
        BiConsumer<String, Object> visit = (key, ignored) -> {
            Object before = a.values.get(key);
            Object after = b.values.get(key);
            boolean same = a.values.containsKey(key) == b.values.containsKey(key) && Objects.equals(before, after);
            if (!same) {
                result.put(key, after);
            }
        };
        a.values.forEach(visit);
        b.values.forEach(visit);
        return wrap(result);
    }

    /**
     * The attributes that undo applying {@code attr} to text formatted with {@code base}: keys attr
     * changed get base's value back, keys base lacked get null.
     */
    public static AttributeMap invert(AttributeMap attr, AttributeMap base) {
        LinkedHashMap<String, Object> result = new LinkedHashMap<>();
        base.values.forEach((key, value) -> {
            if (attr.values.containsKey(key) && !Objects.equals(value, attr.values.get(key))) {
                result.put(key, value);
            }
        });
        attr.values.forEach((key, value) -> {
            if (!base.values.containsKey(key)) {
                result.put(key, null);
            }
        });
        return wrap(result);
    }

    /**
     * {@code b} as it applies after the concurrent {@code a} has been applied. With {@code priority}
     * (a happened first) a's keys win, so they are dropped from b; without it b is kept whole.
     */
    public static AttributeMap transform(AttributeMap a, AttributeMap b, boolean priority) {
        if (!priority || a.isEmpty() || b.isEmpty()) {
            return b;
        }
        LinkedHashMap<String, Object> result = new LinkedHashMap<>();
        b.values.forEach((key, value) -> {
            if (!a.values.containsKey(key)) {
                result.put(key, value);
            }
        });
        return result.size() == b.size() ? b : wrap(result);
    }

    private static AttributeMap wrap(LinkedHashMap<String, Object> map) {
        return map.isEmpty() ? EMPTY : new AttributeMap(Collections.unmodifiableMap(map));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof AttributeMap other && hashCode() == other.hashCode() && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0 && !values.isEmpty()) {
            h = values.hashCode();
            hash = h == 0 ? 1 : h;
        }
        return h;
    }

    @Override
    public String toString() {
        return JsonValues.toJson(values);
    }
}
