package io.quire.server.http;

import io.vertx.ext.web.Router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Serves the API's OpenAPI 3 document, kept as a resource ({@code openapi.json}) that a test holds to the routes. */
final class OpenApiRoute {
    static final String RESOURCE = "/openapi.json";

    private OpenApiRoute() {
    }

    static void mount(Router api) {
        String document = load();
        api.get("/openapi.json").handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .end(document));
    }

    static String load() {
        try (InputStream in = OpenApiRoute.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the server jar lacks " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
