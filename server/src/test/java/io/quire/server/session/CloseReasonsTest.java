package io.quire.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseReasonsTest {
    @Test
    void shortReasonsAreKept() {
        assertThat(CloseReasons.fit("ERR_MESSAGE_TOO_LARGE: 1 MiB")).isEqualTo("ERR_MESSAGE_TOO_LARGE: 1 MiB");
    }

    @Test
    void longReasonsFitIn123BytesOfUtf8WithoutSplittingAPair() {
        for (String unit : new String[] {"x", "é", "€", "\uD83D\uDE00"}) {
            String reason = "ERR_MESSAGE_BADLY_FORMED: got " + unit.repeat(200);
            String fitted = CloseReasons.fit(reason);
            assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).as(unit).isLessThanOrEqualTo(123);
            assertThat(fitted).startsWith("ERR_MESSAGE_BADLY_FORMED: got ").endsWith("…");
            assertThat(Character.isHighSurrogate(fitted.charAt(fitted.length() - 2))).isFalse();
        }
    }
}
