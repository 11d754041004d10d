package org.kcyj.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/** A small HTTP client for tests: requests as a demo user (HTTP Basic, password "demo"). */
public final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RestClient client;
    private final String user;

    private Api(int port, String user) {
        this.client = RestClient.builder().baseUrl("http://localhost:" + port).build();
        this.user = user;
    }

    public static Api as(int port, String user) {
        return new Api(port, user);
    }

    public static Api anonymous(int port) {
        return new Api(port, null);
    }

    public record Response(int status, String contentType, byte[] body, HttpHeaders headers) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public Map<String, Object> json() {
            try {
                return JSON.readValue(body, new TypeReference<>() { });
            } catch (java.io.IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + text(), e);
            }
        }

        public List<Map<String, Object>> jsonList() {
            try {
                return JSON.readValue(body, new TypeReference<>() { });
            } catch (java.io.IOException e) {
                throw new AssertionError("Not a JSON list (" + status + "): " + text(), e);
            }
        }
    }

    public Response get(String path) {
        return exchange(HttpMethod.GET, path, null);
    }

    public Response post(String path, Object body) {
        return exchange(HttpMethod.POST, path, body);
    }

    public Response put(String path, Object body) {
        return exchange(HttpMethod.PUT, path, body);
    }

    /** A multipart upload of one file in the part "file", as a browser sends it. */
    public Response upload(String path, String fileName, byte[] bytes) {
        org.springframework.util.LinkedMultiValueMap<String, Object> parts = new org.springframework.util.LinkedMultiValueMap<>();
        parts.add("file", new org.springframework.core.io.ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return fileName;
            }
        });
        return client.post().uri(path)
                .headers(h -> {
                    if (user != null) {
                        h.set(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder()
                                .encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
                    }
                    h.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
                })
                .contentType(MediaType.MULTIPART_FORM_DATA).body(parts)
                .exchange((request, response) -> new Response(response.getStatusCode().value(),
                        String.valueOf(response.getHeaders().getContentType()), response.getBody().readAllBytes(),
                        response.getHeaders()));
    }

    public Response exchange(HttpMethod method, String path, Object body) {
        RestClient.RequestBodySpec spec = client.method(method).uri(path)
                .headers(h -> {
                    if (user != null) {
                        h.set(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder()
                                .encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
                    }
                    h.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON, MediaType.ALL));
                });
        if (body != null) {
            spec = spec.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return spec.exchange((request, response) -> new Response(response.getStatusCode().value(),
                String.valueOf(response.getHeaders().getContentType()), response.getBody().readAllBytes(),
                response.getHeaders()));
    }
}
