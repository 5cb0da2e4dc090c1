package io.quire.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The REST API as a client of it: one caller (a token, an API key, or nobody), JSON in and out, bounded waits. */
final class Api {
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build();

    private final int port;
    private final String credential;

    Api(int port, String credential) {
        this.port = port;
        this.credential = credential;
    }

    /** The same server as someone else. */
    Api as(String otherCredential) {
        return new Api(port, otherCredential);
    }

    record Reply(int status, JsonNode body, String raw, HttpResponse<byte[]> response) {
        JsonNode ok() {
            assertThat(status).as("%s", raw).isBetween(200, 299);
            return body;
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    Reply get(String path) {
        return send("GET", path, null, null);
    }

    Reply post(String path, JsonNode body) {
        return send("POST", path, "application/json", body == null ? null : body.toString());
    }

    Reply patch(String path, JsonNode body) {
        return send("PATCH", path, "application/json", body.toString());
    }

    Reply put(String path, String contentType, String body) {
        return send("PUT", path, contentType, body);
    }

    Reply put(String path, JsonNode body) {
        return send("PUT", path, "application/json", body.toString());
    }

    Reply delete(String path) {
        return send("DELETE", path, null, null);
    }

    Reply send(String method, String path, String contentType, String body) {
        return send(method, path, contentType, body, null, null);
    }

    Reply send(String method, String path, String contentType, String body, String header, String value) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1" + path))
                .timeout(WAIT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("content-type", contentType);
        }
        if (credential != null) {
            request.header("Authorization", "Bearer " + credential);
        }
        if (header != null) {
            request.header(header, value);
        }
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String raw = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
            JsonNode json = null;
            if (response.headers().firstValue("content-type").orElse("").startsWith("application/json") && !raw.isBlank()) {
                json = NodeScripts.JSON.readTree(raw);
            }
            return new Reply(response.statusCode(), json, raw, response);
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }
}
