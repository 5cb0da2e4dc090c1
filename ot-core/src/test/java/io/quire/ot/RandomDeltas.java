package io.quire.ot;

import java.util.LinkedHashMap;
import java.util.Random;

/**
 * Random documents and changes for property tests: text with spaces, newlines, accents and emoji
 * (surrogate pairs), embeds, and formats drawn from a small set so that they collide often.
 */
final class RandomDeltas {
    private static final String[] WORDS = {"a", "b", "quire", " ", "\n", "é", "😀", "ab😀c", "\t", "xyz "};
    private static final String[] FORMAT_NAMES = {"bold", "italic", "color", "link", "header"};
    private static final Object[][] FORMAT_VALUES = {
            {true, null}, {true, null}, {"red", "blue", null}, {"https://a.example", null}, {1L, 2L, null}};

    private final Random random;

    RandomDeltas(Random random) {
        this.random = random;
    }

    /** A document of roughly {@code maxLength} units or fewer. */
    Delta document(int maxLength) {
        DeltaBuilder doc = new DeltaBuilder();
        int target = random.nextInt(maxLength + 1);
        int length = 0;
        while (length < target) {
            Op.Insert insert = insert();
            doc.push(insert);
            length += insert.length();
        }
        return doc.build();
    }

    /** A change that fits a document of {@code documentLength} units. */
    Delta change(int documentLength) {
        DeltaBuilder change = new DeltaBuilder();
        int remaining = documentLength;
        int steps = 1 + random.nextInt(6);
        for (int i = 0; i < steps; i++) {
            int kind = random.nextInt(10);
            if (kind < 4) {
                change.push(insert());
            } else if (remaining > 0 && kind < 6) {
                int n = 1 + random.nextInt(Math.min(remaining, 8));
                change.delete(n);
                remaining -= n;
            } else if (remaining > 0) {
                int n = 1 + random.nextInt(Math.min(remaining, 8));
                change.retain(n, random.nextInt(3) == 0 ? attributes(true) : AttributeMap.EMPTY);
                remaining -= n;
            }
        }
        return change.chop().build();
    }

    /** A change that fits, whose ops may also run to the document's end. */
    Delta changeOf(Delta document) {
        return change(document.length());
    }

    Op.Insert insert() {
        AttributeMap attributes = random.nextInt(3) == 0 ? attributes(false) : AttributeMap.EMPTY;
        if (random.nextInt(8) == 0) {
            Embed embed = random.nextBoolean() ? Embed.of("image", "a.png") : Embed.of("video", "v" + random.nextInt(2));
            return Op.insert(embed, attributes);
        }
        StringBuilder text = new StringBuilder();
        int words = 1 + random.nextInt(3);
        for (int i = 0; i < words; i++) {
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return Op.insert(text.toString(), attributes);
    }

    /** One or two formats; removals (null values) only where they mean something, on retains. */
    AttributeMap attributes(boolean allowRemovals) {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        int n = 1 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            int f = random.nextInt(FORMAT_NAMES.length);
            Object[] values = FORMAT_VALUES[f];
            Object value = values[random.nextInt(values.length)];
            if (value == null && !allowRemovals) {
                value = values[0];
            }
            map.put(FORMAT_NAMES[f], value);
        }
        return AttributeMap.of(map);
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
