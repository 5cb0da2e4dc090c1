package io.quire.server.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The records: URL and event-type checks, secrets, the JSON body, the retry schedule. */
class WebhookModelTest {

    @Nested
    class Urls {
        @ParameterizedTest
        @ValueSource(strings = {"https://example.com/hook", "http://127.0.0.1:8080/x?token=1", "HTTPS://Example.com"})
        void acceptsAbsoluteHttpAndHttpsWithAHost(String url) {
            assertThat(Webhook.validateUrl(url).getHost()).isNotEmpty();
        }

        @Test
        void rejectsOtherSchemesSayingWhatWasExpected() {
            assertThatThrownBy(() -> Webhook.validateUrl("ftp://example.com/hook"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("scheme 'ftp'")
                    .hasMessageContaining("expected: an absolute http or https URL with a host");
        }

        @Test
        void rejectsRelativeHostlessBlankAndMalformedUrls() {
            assertThatThrownBy(() -> Webhook.validateUrl("/hooks/1")).hasMessageContaining("is relative (expected:");
            assertThatThrownBy(() -> Webhook.validateUrl("http:///path")).hasMessageContaining("has no host (expected:");
            assertThatThrownBy(() -> Webhook.validateUrl("https:example.com")).hasMessageContaining("has no host");
            assertThatThrownBy(() -> Webhook.validateUrl(" ")).hasMessageContaining("is missing (expected:");
            assertThatThrownBy(() -> Webhook.validateUrl(null)).hasMessageContaining("is missing");
            assertThatThrownBy(() -> Webhook.validateUrl("http://exa mple.com/")).hasMessageContaining("not a valid URL");
            assertThatThrownBy(() -> Webhook.validateUrl("https://example.com/#top")).hasMessageContaining("#fragment");
            assertThatThrownBy(() -> Webhook.validateUrl("https://example.com/" + "a".repeat(2100)))
                    .hasMessageContaining("(expected: at most 2048)");
        }

        @Test
        void aHookCannotBeMadeWithABadUrl() {
            assertThatThrownBy(() -> Webhook.create("book", "mailto:owner@example.com", Set.of()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Hooks {
        @Test
        void createMakesFreshIdsAndLongRandomSecrets() {
            Webhook a = Webhook.create("book", "https://example.com/a", Set.of());
            Webhook b = Webhook.create("book", "https://example.com/a", Set.of());
            assertThat(a.id()).matches("wh_[0-9a-f]{24}").isNotEqualTo(b.id());
            assertThat(a.secret()).matches("whsec_[0-9a-f]{64}").isNotEqualTo(b.secret());
            assertThat(a.createdAt()).isBeforeOrEqualTo(Instant.now());
        }

        @Test
        void toStringLeavesTheSecretOut() {
            Webhook hook = Webhook.create("book", "https://example.com/a", Set.of(WebhookEvent.MEMBER_JOINED));
            assertThat(hook.toString()).contains(hook.id(), "https://example.com/a", "member.joined")
                    .doesNotContain(hook.secret());
        }

        @Test
        void anEmptyEventSetMeansAllEvents() {
            Webhook all = Webhook.create("book", "https://example.com/a", Set.of());
            Webhook some = Webhook.create("book", "https://example.com/a", Set.of(WebhookEvent.VERSION_LABELLED));
            assertThat(WebhookEvent.TYPES).allMatch(all::accepts);
            assertThat(some.accepts(WebhookEvent.VERSION_LABELLED)).isTrue();
            assertThat(some.accepts(WebhookEvent.CHAPTER_CHANGED)).isFalse();
        }

        @Test
        void unknownEventTypesAreRejectedListingTheKnownOnes() {
            assertThatThrownBy(() -> Webhook.create("book", "https://example.com/a", Set.of("chapter.changd")))
                    .hasMessageContaining("unknown webhook event type 'chapter.changd'")
                    .hasMessageContaining("expected one of: chapter.changed, chapter.created");
        }
    }

    @Nested
    class Events {
        @Test
        void theBodyHasIdTypeBookTimeAndData() throws Exception {
            ObjectNode data = JsonNodeFactory.instance.objectNode().put("userId", "carol");
            WebhookEvent event = new WebhookEvent("evt_1", WebhookEvent.MEMBER_JOINED, "book-1",
                    Instant.parse("2026-11-03T10:15:30.123Z"), data);
            data.put("userId", "changed after construction");
            JsonNode body = new ObjectMapper().readTree(event.toBytes());
            assertThat(body.toString()).isEqualTo("{\"id\":\"evt_1\",\"type\":\"member.joined\",\"bookId\":\"book-1\","
                    + "\"occurredAt\":\"2026-11-03T10:15:30.123Z\",\"data\":{\"userId\":\"carol\"}}");
        }

        @Test
        void idsAreUniqueAndTypesChecked() {
            assertThat(WebhookEvent.of(WebhookEvent.CHAPTER_CREATED, "b", null).id())
                    .matches("evt_[0-9a-f]{32}")
                    .isNotEqualTo(WebhookEvent.of(WebhookEvent.CHAPTER_CREATED, "b", null).id());
            assertThatThrownBy(() -> WebhookEvent.of("book.renamed", "b", null))
                    .hasMessageContaining("unknown webhook event type 'book.renamed'");
        }
    }

    @Nested
    class Settings {
        @Test
        void defaultsSuitProduction() {
            WebhookSettings defaults = WebhookSettings.defaults();
            assertThat(defaults.debounce()).isEqualTo(Duration.ofSeconds(2));
            assertThat(defaults.maxAttempts()).isEqualTo(8);
            assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
            // 1 s, doubling, capped at 5 min.
            assertThat(defaults.retryDelay(1)).isEqualTo(Duration.ofSeconds(1));
            assertThat(defaults.retryDelay(2)).isEqualTo(Duration.ofSeconds(2));
            assertThat(defaults.retryDelay(7)).isEqualTo(Duration.ofSeconds(64));
            assertThat(defaults.retryDelay(20)).isEqualTo(Duration.ofMinutes(5));
        }

        @Test
        void jitterOnlyLengthensAndNeverPassesTheCap() {
            WebhookSettings defaults = WebhookSettings.defaults();
            assertThat(defaults.retryDelayMillis(3, 0.999)).isBetween(4_000L, 4_400L);
            assertThat(defaults.retryDelayMillis(30, 0.999)).isEqualTo(300_000L);
        }

        @Test
        void rejectsNonsense() {
            assertThatThrownBy(() -> new WebhookSettings(Duration.ZERO, Duration.ofSeconds(1), 2, Duration.ofMinutes(1),
                    3, 10, Duration.ofSeconds(1))).hasMessageContaining("debounce is PT0S (expected: > 0)");
            assertThatThrownBy(() -> new WebhookSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5,
                    Duration.ofMinutes(1), 3, 10, Duration.ofSeconds(1))).hasMessageContaining("expected: >= 1");
            assertThatThrownBy(() -> new WebhookSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 2,
                    Duration.ofMinutes(1), 3, 0, Duration.ofSeconds(1))).hasMessageContaining("queueBound is 0");
        }
    }
}
