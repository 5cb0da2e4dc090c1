package io.quire.server.content;

import io.quire.ot.Delta;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: {@code fromHtml(toHtml(d)).equals(d)} for every document over the supported formats. Seeds run
 * from 0; {@code -Dquire.content.iterations=N} runs more. A failure names its seed.
 */
class DeltaHtmlRoundTripTest {
    static final int ITERATIONS = Integer.getInteger("quire.content.iterations", 1000);

    @Test
    void htmlRoundTripsEveryDocument() {
        for (int seed = 0; seed < ITERATIONS; seed++) {
            Delta document = RandomDocuments.document(new Random(seed), RandomDocuments.Profile.HTML);
            String html = DeltaHtml.toHtml(document);
            assertThat(DeltaHtml.fromHtml(html))
                    .as("seed %d%nhtml: %s", seed, html)
                    .isEqualTo(document);
        }
    }
}
