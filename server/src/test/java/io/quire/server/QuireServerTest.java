package io.quire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.server.config.ServerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real server on a free loopback port, driven over real HTTP. */
class QuireServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path tempDir;

    private static Path dataDir;
    private static QuireServer server;
    private static HttpClient http;

    @BeforeAll
    static void startServer() throws Exception {
        dataDir = tempDir.resolve("nested").resolve("quire-data");
        server = new QuireServer();
        server.start(ServerConfig.defaults().withPort(0).withDataDir(dataDir))
                .await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.stop().await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .timeout(TIMEOUT)
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listensOnAnActualPortWhenAskedForPortZero() {
        assertThat(server.actualPort()).isBetween(1, 65_535);
    }

    @Test
    void webSocketUpgradeDeclinesCompressionThatTheClientOffers() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            String request = "GET /ws HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            List<String> head = new ArrayList<>();
            for (String line = reader.readLine(); line != null && !line.isEmpty() && head.size() < 50; line = reader.readLine()) {
                head.add(line.toLowerCase(Locale.ROOT));
            }

            assertThat(head).first().asString().startsWith("http/1.1 101");
            assertThat(head).contains("upgrade: websocket");
            assertThat(head).noneMatch(line -> line.startsWith("sec-websocket-extensions"));
        }
    }

    @Test
    void healthReportsUp() throws Exception {
        HttpResponse<String> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"status\":\"up\"}");
    }

    @Test
    void rootServesYourBooks() throws Exception {
        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).contains("<title>Your books · Quire</title>", "id=\"books\"", "id=\"create-book\"");
    }

    /** The app's book page: one page for every book and chapter, like the embed page. */
    @Test
    void booksServesTheBookPageWithOrWithoutAChapter() throws Exception {
        HttpResponse<String> book = get("/books/testbook");
        HttpResponse<String> chapter = get("/books/testbook/ch1?token=abc");

        for (HttpResponse<String> response : List.of(book, chapter)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
            assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
            assertThat(response.headers().firstValue("referrer-policy")).hasValue("no-referrer");
        }
        assertThat(book.body()).contains("id=\"chapters\"", "id=\"editor\"", "id=\"members\"");
        assertThat(chapter.body()).isEqualTo(book.body());
        assertThat(get("/books/testbook/ch1/more").statusCode()).isEqualTo(404);
    }

    /** The same page for every chapter: it reads book and chapter from its address. Its assets are Vite's build. */
    @Test
    void embedServesTheBuiltEditorPageForAnyChapter() throws Exception {
        HttpResponse<String> response = get("/embed/testbook/ch1?token=abc");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(response.headers().firstValue("referrer-policy")).hasValue("no-referrer");
        assertThat(response.body()).contains("<title>Quire editor</title>", "id=\"editor\"");
        assertThat(get("/embed/another%20book/chapter-2").body()).isEqualTo(response.body());

        Matcher script = Pattern.compile("src=\"(/assets/embed-[^\"]+\\.js)\"").matcher(response.body());
        assertThat(script.find()).withFailMessage("no built script in %s", response.body()).isTrue();
        HttpResponse<String> asset = get(script.group(1));
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).contains("javascript"));
    }

    @Test
    void embedNeedsABookAndAChapter() throws Exception {
        assertThat(get("/embed/testbook").statusCode()).isEqualTo(404);
        assertThat(get("/embed/testbook/ch1/more").statusCode()).isEqualTo(404);
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        assertThat(get("/no/such/page").statusCode()).isEqualTo(404);
    }

    @Test
    void createsTheDataFolderWithItsParents() {
        assertThat(dataDir).isDirectory();
    }

    @Test
    void startFailsClearlyWhenTheDataFolderIsAFile() throws Exception {
        Path file = Files.writeString(tempDir.resolve("not-a-folder"), "x");
        QuireServer other = new QuireServer();
        try {
            assertThatThrownBy(() -> other.start(ServerConfig.defaults().withPort(0).withDataDir(file))
                    .await(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .hasMessageContaining("cannot create data folder")
                    .hasMessageContaining("not-a-folder");
            assertThat(other.actualPort()).isEqualTo(-1);
        } finally {
            other.stop().await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
