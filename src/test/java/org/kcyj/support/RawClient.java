package org.kcyj.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Requests exactly as a test writes them: any method, content type and headers (cookies, Authorization,
 * Origin…), no redirect followed, nothing added.
 */
public final class RawClient {
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final int port;

    public RawClient(int port) {
        this.port = port;
    }

    /** An answer: its status, body and headers. */
    public record Reply(int status, String body, HttpHeaders headers) {
        /** An answer read off the wire, of which only the content type is kept. */
        public static Reply of(int status, String body, String contentType) {
            return new Reply(status, body, HttpHeaders.of(Map.of("Content-Type", List.of(contentType)), (name, value) -> true));
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        public String location() {
            return headers.firstValue("Location").orElse("");
        }
    }

    public Reply send(String method, String path, String contentType, String body, String... headers) {
        return send(method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Sends {@code headers} given as name, value, name, value… */
    public Reply send(String method, String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
