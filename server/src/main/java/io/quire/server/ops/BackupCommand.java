package io.quire.server.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * {@code quire-server.jar backup [--url URL] [--token TOKEN] [--name NAME]}: asks a running server for an online
 * backup ({@code POST /api/v1/admin/backups}) and prints where it is. The token may also come from
 * {@code QUIRE_TOKEN}, which keeps it off the command line.
 */
public final class BackupCommand {
    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    /** A checkpoint that copies (another file system) takes a while for a large store. */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private BackupCommand() {
    }

    /** Returns the exit code: 0 done, 1 the server refused or could not be reached, 2 a usage error. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String url = DEFAULT_URL;
        String token = env.get("QUIRE_TOKEN");
        String name = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (!flag.equals("--url") && !flag.equals("--token") && !flag.equals("--name")) {
                err.println("quire backup: unknown argument '" + flag + "' (expected --url, --token or --name)");
                return 2;
            }
            if (i + 1 >= args.length) {
                err.println("quire backup: " + flag + " needs a value");
                return 2;
            }
            String value = args[++i];
            switch (flag) {
                case "--url" -> url = value.replaceAll("/+$", "");
                case "--token" -> token = value;
                default -> name = value;
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode body = json.createObjectNode();
        if (name != null) {
            body.put("name", name);
        }
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url + "/api/v1/admin/backups"))
                    .timeout(TIMEOUT)
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        } catch (IllegalArgumentException e) {
            err.println("quire backup: --url '" + url + "' is not a URL: " + e.getMessage());
            return 2;
        }
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = parse(json, response.body());
            if (response.statusCode() != 201) {
                String message = answer.path("error").path("message").asText(response.body());
                err.println("quire backup: the server answered " + response.statusCode() + ": " + message);
                return 1;
            }
            out.println("Backup " + answer.path("name").asText() + " written to " + answer.path("path").asText()
                    + " (" + answer.path("bytes").asLong() + " bytes, sequence " + answer.path("sequence").asLong() + ")");
            return 0;
        } catch (IOException e) {
            err.println("quire backup: cannot reach " + url + ": " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static JsonNode parse(ObjectMapper json, String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }
}
