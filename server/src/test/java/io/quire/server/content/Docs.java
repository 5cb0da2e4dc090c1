package io.quire.server.content;

import io.quire.ot.AttributeMap;
import io.quire.ot.Delta;
import io.quire.ot.DeltaBuilder;
import io.quire.ot.Embed;

import java.util.LinkedHashMap;
import java.util.Map;

/** Short-hand for building documents in tests: {@code doc().text("a", "bold", true).line("header", 1).build()}. */
final class Docs {
    private final DeltaBuilder builder = new DeltaBuilder();

    static Docs doc() {
        return new Docs();
    }

    Docs text(String text, Object... formats) {
        builder.insert(text, attributes(formats));
        return this;
    }

    Docs embed(String type, String value, Object... formats) {
        builder.insert(Embed.of(type, value), attributes(formats));
        return this;
    }

    /** Ends a line with the given line formats. */
    Docs line(Object... formats) {
        builder.insert("\n", attributes(formats));
        return this;
    }

    Delta build() {
        return builder.build();
    }

    static AttributeMap attributes(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return AttributeMap.of(map);
    }
}
