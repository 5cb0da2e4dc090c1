package io.quire.server.webhooks;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The v1 signature: HMAC-SHA256(secret, timestamp + "." + body), hex, checked in constant time. */
class WebhookSignatureTest {
    private static final String SECRET = "whsec_0123456789abcdef";
    private static final String TIMESTAMP = "1793700930";
    private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"member.joined\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void matchesAKnownAnswer() {
        // python3: hmac.new(b"whsec_0123456789abcdef", b'1793700930.' + body, hashlib.sha256).hexdigest()
        assertThat(WebhookSignature.sign(SECRET, TIMESTAMP, BODY))
                .isEqualTo("v1=8a6cedc4f56f21d7080cf79cc7499e3783dfee69cb7db1dfeb06ac2ef0d4766a");
    }

    @Test
    void verifiesWithTheRightSecret() {
        String header = WebhookSignature.sign(SECRET, TIMESTAMP, BODY);
        assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, BODY, header)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, new String(BODY, StandardCharsets.UTF_8), header)).isTrue();
    }

    @Test
    void failsWithAWrongSecret() {
        String header = WebhookSignature.sign(SECRET, TIMESTAMP, BODY);
        assertThat(WebhookSignature.verify(SECRET + "x", TIMESTAMP, BODY, header)).isFalse();
        assertThat(WebhookSignature.verify(Webhook.newSecret(), TIMESTAMP, BODY, header)).isFalse();
    }

    @Test
    void failsWhenTheBodyOrTimestampChanged() {
        String header = WebhookSignature.sign(SECRET, TIMESTAMP, BODY);
        byte[] changed = BODY.clone();
        changed[changed.length - 3] ^= 1;
        assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, changed, header)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "1793700931", BODY, header)).isFalse();
        // The full stop separates the two: moving characters across it changes the message.
        assertThat(WebhookSignature.verify(SECRET, "179370093", ("0" + new String(BODY, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8), header)).isFalse();
    }

    @Test
    void acceptsAnyMatchingV1EntryAndIgnoresOtherSchemes() {
        String good = WebhookSignature.sign(SECRET, TIMESTAMP, BODY);
        String other = WebhookSignature.sign("whsec_old", TIMESTAMP, BODY);
        assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, BODY, other + ", " + good)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, BODY, "v0=abc," + good.toUpperCase().replace("V1", "v1")))
                .isTrue();
        assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, BODY, good.replace("v1=", "v2="))).isFalse();
    }

    @Test
    void rejectsMalformedOrMissingHeaders() {
        assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, BODY, (String) null)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, BODY, "")).isFalse();
        assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, BODY, "v1")).isFalse();
        assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, BODY, "v1=")).isFalse();
        assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, BODY, "v1=zz")).isFalse();
        assertThat(WebhookSignature.verify(SECRET, null, BODY, WebhookSignature.sign(SECRET, TIMESTAMP, BODY))).isFalse();
    }
}
