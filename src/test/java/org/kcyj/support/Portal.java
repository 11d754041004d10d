package org.kcyj.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without the rendering: one signed-in portal session (cookies, CSRF token from each
 * page's form) that fetches pages and posts their forms as a person clicking through would.
 */
public final class Portal {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private final HttpClient http;
    private final CookieManager cookies = new CookieManager();
    private final String base;
    private String lastPage = "";

    public record Page(int status, String html, String location) {
    }

    private Portal(int port) {
        this.base = "http://localhost:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A browser that has not signed in. */
    public static Portal anonymous(int port) {
        return new Portal(port);
    }

    public static Portal signIn(int port, String user) {
        Portal portal = new Portal(port);
        portal.get("/login");
        Page after = portal.submit("/login", List.of(Map.entry("username", user), Map.entry("password", "demo")));
        if (after.status() != 302 || after.location().contains("error")) {
            throw new AssertionError("Sign-in failed for " + user + ": " + after.status() + " " + after.location());
        }
        return portal;
    }

    public Page get(String path) {
        Page page = send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
        lastPage = page.html();
        return page;
    }

    /** Posts a form of the page fetched last (its CSRF token), following one redirect like a browser. */
    public Page submit(String path, List<Map.Entry<String, String>> fields) {
        Matcher csrf = CSRF.matcher(lastPage);
        String token = csrf.find() ? csrf.group(1) : "";
        String body = fields.stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&")) + "&_csrf=" + encode(token);
        Page page = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        lastPage = page.html();
        return page;
    }

    /** Posts one file in a multipart form of the page fetched last (with its CSRF token), as a browser does. */
    public Page upload(String path, String field, String fileName, byte[] content) {
        Matcher csrf = CSRF.matcher(lastPage);
        String token = csrf.find() ? csrf.group(1) : "";
        String boundary = "----portal-test-" + Long.toHexString(System.nanoTime());
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + token + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        Page page = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
        lastPage = page.html();
        return page;
    }

    /** Posts a form as a forged request would: with the session cookie but without the CSRF token. */
    public Page postWithoutToken(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
    }

    /** The response headers of a plain GET. */
    public java.net.http.HttpHeaders headers(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).headers();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Page submitAndFollow(String path, List<Map.Entry<String, String>> fields) {
        Page posted = submit(path, fields);
        return posted.status() == 302 ? get(posted.location().replace(base, "")) : posted;
    }

    /** The link of the inbox row for this step (its name) and proposal number. */
    public String taskLink(String number, String stepName) {
        String inbox = get("/portal/inbox").html();
        Matcher row = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL).matcher(inbox);
        while (row.find()) {
            String r = row.group(1);
            if (r.contains(number) && r.contains(stepName)) {
                Matcher link = Pattern.compile("href=\"(/portal/tasks/[^\"]+)\"").matcher(r);
                if (link.find()) {
                    return link.group(1);
                }
            }
        }
        throw new AssertionError("No task '" + stepName + "' for " + number + " in the inbox:\n" + inbox);
    }

    private Page send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Page(response.statusCode(), response.body(), response.headers().firstValue("Location").orElse(""));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
