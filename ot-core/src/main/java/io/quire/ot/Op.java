package io.quire.ot;

import java.util.Objects;

/**
 * One step of a {@link Delta}: insert content, keep ("retain") a stretch of the document, or delete one.
 *
 * <p>Lengths count UTF-16 code units, as JavaScript's {@code String.length} does (and Java's), so an emoji
 * counts 2; an embed counts 1. Ops are immutable values; {@link DeltaBuilder} is the only place that
 * joins them into canonical form.
 */
public sealed interface Op permits Op.Insert, Op.Retain, Op.Delete {

    /** How much of the document this op covers (retain, delete) or adds (insert). */
    int length();

    /** The formats this op sets; {@link AttributeMap#EMPTY} for none and always for a delete. */
    AttributeMap attributes();

    static Insert insert(String text) {
        return new Insert(text, AttributeMap.EMPTY);
    }

    static Insert insert(String text, AttributeMap attributes) {
        return new Insert(text, attributes);
    }

    static Insert insert(Embed embed, AttributeMap attributes) {
        return new Insert(embed, attributes);
    }

    static Retain retain(int length) {
        return new Retain(length, AttributeMap.EMPTY);
    }

    static Retain retain(int length, AttributeMap attributes) {
        return new Retain(length, attributes);
    }

    static Delete delete(int length) {
        return new Delete(length);
    }

    /** Inserts text (a non-empty {@link String}) or one {@link Embed}. */
    record Insert(Object content, AttributeMap attributes) implements Op {
        public Insert {
            Objects.requireNonNull(attributes, "attributes");
            if (content instanceof String text) {
                if (text.isEmpty()) {
                    throw new IllegalArgumentException("insert text must not be empty");
                }
            } else if (!(content instanceof Embed)) {
                throw new IllegalArgumentException("insert must be text or an embed, got " + content);
            }
        }

        @Override
        public int length() {
            return content instanceof String text ? text.length() : 1;
        }

        public boolean isText() {
            return content instanceof String;
        }

        /** The inserted text; only for a text insert. */
        public String text() {
            return (String) content;
        }

        /** The inserted embed; only for an embed insert. */
        public Embed embed() {
            return (Embed) content;
        }

        /** The part of this insert from {@code offset}, {@code length} units long. */
        Insert slice(int offset, int length) {
            if (offset == 0 && length == length()) {
                return this;
            }
            return new Insert(text().substring(offset, offset + length), attributes);
        }

        /** This insert with other formats. Equal maps in another key order still make a new op: the order shows in JSON. */
        Insert withAttributes(AttributeMap newAttributes) {
            return newAttributes == attributes ? this : new Insert(content, newAttributes);
        }
    }

    record Retain(int length, AttributeMap attributes) implements Op {
        public Retain {
            Objects.requireNonNull(attributes, "attributes");
            if (length <= 0) {
                throw new IllegalArgumentException("retain length must be positive, got " + length);
            }
        }
    }

    record Delete(int length) implements Op {
        public Delete {
            if (length <= 0) {
                throw new IllegalArgumentException("delete length must be positive, got " + length);
            }
        }

        @Override
        public AttributeMap attributes() {
            return AttributeMap.EMPTY;
        }
    }
}
