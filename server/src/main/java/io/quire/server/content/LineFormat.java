package io.quire.server.content;

import io.quire.ot.AttributeMap;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One line's block formats, as carried by the attributes of the line's {@code "\n"} insert, checked.
 *
 * <p>Quill gives a line at most one block kind: {@code header} (1-6), {@code list} (ordered | bullet | checked |
 * unchecked), {@code blockquote} (true) or {@code code-block} (true or a language name). {@code align} (center |
 * right | justify) and {@code indent} (1-8) combine with any kind but code. A delta from a hostile client may
 * carry several kinds; the first of code, header, list, blockquote wins, as the converters can show only one.
 *
 * @param value the header level (Long), list type (String), or code-block value (TRUE or a language); else null
 * @param indent 0 for none; for a list item, its nesting depth
 */
record LineFormat(Kind kind, Object value, String align, int indent) {
    static final String HEADER = "header";
    static final String LIST = "list";
    static final String BLOCKQUOTE = "blockquote";
    static final String CODE_BLOCK = "code-block";
    static final String ALIGN = "align";
    static final String INDENT = "indent";

    static final int MAX_INDENT = 8;
    static final Set<String> LIST_TYPES = Set.of("ordered", "bullet", "checked", "unchecked");
    static final Set<String> ALIGNS = Set.of("center", "right", "justify");

    static final LineFormat PARAGRAPH = new LineFormat(Kind.PARAGRAPH, null, null, 0);

    enum Kind { PARAGRAPH, HEADER, LIST, BLOCKQUOTE, CODE }

    /** Reads a line's formats, ignoring what is unknown or invalid. */
    static LineFormat of(AttributeMap attributes) {
        if (attributes.isEmpty()) {
            return PARAGRAPH;
        }
        Object code = attributes.get(CODE_BLOCK);
        if (Boolean.TRUE.equals(code) || code instanceof String language && Formats.isSafeLanguage(language)) {
            return new LineFormat(Kind.CODE, code, null, 0);
        }
        String align = attributes.get(ALIGN) instanceof String a && ALIGNS.contains(a) ? a : null;
        int indent = attributes.get(INDENT) instanceof Long n && n >= 1 && n <= MAX_INDENT ? n.intValue() : 0;
        if (attributes.get(HEADER) instanceof Long level && level >= 1 && level <= 6) {
            return new LineFormat(Kind.HEADER, level, align, indent);
        }
        if (attributes.get(LIST) instanceof String type && LIST_TYPES.contains(type)) {
            return new LineFormat(Kind.LIST, type, align, indent);
        }
        if (Boolean.TRUE.equals(attributes.get(BLOCKQUOTE))) {
            return new LineFormat(Kind.BLOCKQUOTE, Boolean.TRUE, align, indent);
        }
        return align == null && indent == 0 ? PARAGRAPH : new LineFormat(Kind.PARAGRAPH, null, align, indent);
    }

    /** The attributes of this line's "\n" insert. */
    AttributeMap toAttributes() {
        Map<String, Object> map = new LinkedHashMap<>();
        switch (kind) {
            case HEADER -> map.put(HEADER, value);
            case LIST -> map.put(LIST, value);
            case BLOCKQUOTE -> map.put(BLOCKQUOTE, Boolean.TRUE);
            case CODE -> map.put(CODE_BLOCK, value);
            case PARAGRAPH -> { }
        }
        if (align != null) {
            map.put(ALIGN, align);
        }
        if (indent > 0) {
            map.put(INDENT, (long) indent);
        }
        return AttributeMap.of(map);
    }

    int headerLevel() {
        return ((Long) value).intValue();
    }

    String listType() {
        return (String) value;
    }
}
