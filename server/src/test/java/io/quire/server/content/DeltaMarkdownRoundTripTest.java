package io.quire.server.content;

import io.quire.ot.Delta;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: {@code fromMarkdown(toMarkdown(d)).equals(d)} for every document over the formats Markdown
 * expresses. Seeds run from 0; {@code -Dquire.content.iterations=N} runs more. A failure names its seed.
 */
class DeltaMarkdownRoundTripTest {

    @Test
    void markdownRoundTripsEveryDocumentOfItsSubset() {
        for (int seed = 0; seed < DeltaHtmlRoundTripTest.ITERATIONS; seed++) {
            Delta document = RandomDocuments.document(new Random(seed), RandomDocuments.Profile.MARKDOWN);
            String markdown = DeltaMarkdown.toMarkdown(document);
            assertThat(DeltaMarkdown.fromMarkdown(markdown))
                    .as("seed %d%nmarkdown:%n%s%nhtml:%n%s", seed, markdown, DeltaHtml.toHtml(DeltaMarkdown.fromMarkdown(markdown)))
                    .isEqualTo(document);
        }
    }
}
