package org.kcyj.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.RawClient;
import org.kcyj.support.RawClient.Reply;
import org.kcyj.support.Portal;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every bad request gets a 4xx, never a 500: a page in the user's language on the portal, a problem document on
 * the API. Classes crawled: invalid language values, malformed query strings and path segments, wrong types in
 * path variables, missing parameters, wrong methods, unsupported media types, oversized uploads, /error opened
 * directly, refusals raised in portal controllers.
 */
@IntegrationTest
class ErrorPagesTest {
    @LocalServerPort
    int port;


    private Reply send(String method, String rawPath, String contentType, byte[] body, String... headers) {
        return new RawClient(port).send(method, rawPath, contentType, body, headers);
    }

    /** A request as written on the wire, for what no URI class lets through (%zz). */
    private Reply raw(String rawPath, String... headers) {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            StringBuilder request = new StringBuilder("GET " + rawPath + " HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nConnection: close\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            java.util.regex.Matcher type = java.util.regex.Pattern.compile("(?im)^Content-Type: *([^\r\n]*)").matcher(response);
            int bodyStart = response.indexOf("\r\n\r\n");
            return Reply.of(status, bodyStart < 0 ? "" : response.substring(bodyStart + 4), type.find() ? type.group(1) : "");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private static void isPage(Reply reply, int status, String text) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).as("a page").startsWith("text/html");
        assertThat(reply.body()).contains("<html").contains(text);
    }

    private static void isProblem(Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body()).contains("\"status\":" + status);
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidLanguageValuesAreBadRequestsNotServerErrors() {
        for (String lang : List.of("xx", "fr", "zh-CN-", "..%2F..", "%00", "e", "en_US_POSIX_extra_long_value")) {
            isPage(send("GET", "/?lang=" + lang, null, null, "Accept", BROWSER), 400, "不支持所选语言");
            isPage(send("GET", "/login?lang=" + lang, null, null, "Accept", BROWSER, "Accept-Language", "en"), 400,
                    "This language is not offered");
        }
        Reply malformed = raw("/?lang=%zz", "Accept", BROWSER);
        assertThat(malformed.status()).as(malformed.body()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("text/html");
        for (String lang : List.of("en", "zh_CN", "zh-CN", "EN", "zh")) {
            assertThat(send("GET", "/?lang=" + lang, null, null, "Accept", BROWSER).status()).as(lang).isEqualTo(200);
        }
        assertThat(send("GET", "/", null, null, "Accept", BROWSER, "Cookie", "kcyj-lang=%%%; x").status())
                .as("a nonsense language cookie is ignored").isEqualTo(200);
    }

    @Test
    void openingTheErrorPathDirectlyIsNotFound() {
        for (String method : List.of("GET", "POST", "DELETE")) {
            Reply direct = send(method, "/error", null, null, "Accept", BROWSER);
            assertThat(direct.status()).as(method).isIn(403, 404);
            assertThat(direct.body()).doesNotContain("999");
        }
        isPage(send("GET", "/error", null, null, "Accept", BROWSER), 404, "您访问的页面不存在");
        isPage(send("GET", "/error", null, null, "Accept", "application/json"), 404, "您访问的页面不存在");
    }

    @Test
    void malformedQueriesAndPathsAnswer400() {
        Portal manager = Portal.signIn(port, "manager1");
        String cookie = "JSESSIONID=" + manager.cookie("JSESSIONID");
        Reply query = raw("/portal/inbox?x=%zz", "Accept", BROWSER, "Cookie", cookie);
        assertThat(query.status()).as(query.body()).isEqualTo(400);
        assertThat(query.contentType()).startsWith("text/html");
        Reply path = raw("/portal/calls/%zz", "Accept", BROWSER, "Cookie", cookie);
        assertThat(path.status()).as(path.body()).isEqualTo(400);
        isPage(send("GET", "/portal/calls/abc", null, null, "Accept", BROWSER, "Cookie", cookie), 400, "请求格式有误");
        isPage(send("GET", "/portal/calls/99999999999999999999", null, null, "Accept", BROWSER, "Cookie", cookie), 400,
                "请求格式有误");
        isPage(send("GET", "/portal/calls/abc", null, null, "Accept", BROWSER, "Cookie", cookie, "Accept-Language", "en"),
                400, "The request could not be read");
        isProblem(send("GET", "/api/v1/calls/abc", null, null, "Authorization", basic("manager1")), 400);
        Reply apiQuery = raw("/api/v1/me/tasks?x=%zz", "Authorization", basic("manager1"));
        assertThat(apiQuery.status()).as(apiQuery.body()).isEqualTo(400);
    }

    @Test
    void wrongMethodsMissingParametersMediaTypesAndSizesAnswer4xxPagesOnThePortalAndProblemsOnTheApi() {
        Portal manager = Portal.signIn(port, "manager1");
        manager.get("/portal/inbox");
        Portal.Page wrongMethod = manager.submit("/portal/inbox", List.of(Map.entry("x", "1")));
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.html()).contains("<html").contains("此地址不支持这种请求方式");
        isProblem(send("DELETE", "/api/v1/me/tasks", null, null, "Authorization", basic("manager1")), 405);
        isProblem(send("POST", "/api/v1/calls", "text/plain", "x".getBytes(), "Authorization", basic("manager1")), 415);
        isProblem(send("GET", "/api/v1/no-such-thing", null, null, "Authorization", basic("manager1")), 404);

        Portal applicant = Portal.signIn(port, "applicant1");
        applicant.get("/portal/inbox");
        Portal.Page noFile = applicant.upload("/portal/proposals/NOPE-1/attachments", "other", "a.pdf", new byte[10]);
        assertThat(noFile.status()).as("the file part is missing").isEqualTo(400);
        assertThat(noFile.html()).contains("<html");
        applicant.get("/portal/inbox");
        Portal.Page tooLarge = applicant.upload("/portal/proposals/NOPE-1/attachments", "file", "big.pdf",
                new byte[20 * 1024 * 1024 + 4096]);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.html()).contains("<html").contains("上传内容超过大小限制");
    }

    @Test
    void refusalsRaisedOnThePortalArePages() {
        Portal applicant = Portal.signIn(port, "applicant1");
        Portal.Page missing = applicant.get("/portal/proposals/NOPE-1");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.html()).contains("<html");
        Portal.Page forbidden = applicant.get("/portal/experts");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.html()).contains("<html").doesNotStartWith("{");
        Portal.Page nowhere = applicant.get("/portal/no-such-page");
        assertThat(nowhere.status()).isIn(403, 404);
        assertThat(nowhere.html()).contains("<html");
    }
}
