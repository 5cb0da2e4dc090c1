package io.quire.server.it;

import static io.quire.server.it.Api.object;
import static io.quire.server.it.CompactionApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server's operator on a secured server: a token with the {@code quire_operator} claim may take backups and
 * compact every book, and is no member of anyone's book for all that; an ordinary token may do neither.
 */
class OperatorApiTest {
    private static final String SECRET = "operator-test-secret-of-at-least-32-chars";

    @RegisterExtension
    static final SecuredServer server = new SecuredServer(SECRET);


    private static Api operator() {
        return new Api(server.port(), server.tokens().issue("ops", "Operations", Duration.ofHours(1), true));
    }

    @Test
    void anOperatorTokenTakesBackupsAndCompactsEveryBook() {
        Api olga = server.as("olga");
        olga.post("/books", object().put("id", "olgas").put("title", "Olga's")).ok();
        olga.post("/books/olgas/chapters", object().put("id", "one").put("title", "One")).ok();

        Api.Reply backup = operator().post("/admin/backups", object().put("name", "by-operator"));
        assertThat(backup.status()).as(backup.raw()).isEqualTo(201);
        assertThat(Path.of(backup.body().path("path").asText())).isDirectory();
        assertThat(operator().get("/admin/backups").ok().path("backups").findValuesAsText("name")).contains("by-operator");

        Api.Reply compacted = operator().post("/admin/compact", object().put("olderThan", "P30D"));
        assertThat(compacted.status()).as(compacted.raw()).isEqualTo(200);
        assertThat(compacted.body().path("documents").asLong()).as("olga's chapter among them").isGreaterThanOrEqualTo(1);

        // Operating the server is not a role in its books.
        assertError(operator().get("/books/olgas"), 404, "NOT_FOUND");
    }

    @Test
    void anOrdinaryTokenMayNotOperateTheServer() {
        Api bob = server.as("bob");

        assertError(bob.post("/admin/backups", object().put("name", "by-bob")), 403, "FORBIDDEN", "quire_operator");
        assertError(bob.get("/admin/backups"), 403, "FORBIDDEN");
        assertError(bob.post("/admin/compact", object().put("olderThan", "P30D")), 403, "FORBIDDEN", "operator");
        assertThat(Files.exists(server.dataFolder().resolveSibling("data-backups").resolve("by-bob"))).isFalse();
    }
}
