package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The guard's rules one by one: what it refuses (and with which status), and what it lets through unchanged. */
class CamundaExpressionGuardTest {

    private record Result(int status, HttpServletRequest passed, String body) {
    }

    private static Result send(MockHttpServletRequest request) {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        try {
            new CamundaExpressionGuard(null).doFilter(request, response, chain);
            return new Result(response.getStatus(), (HttpServletRequest) chain.getRequest(), response.getContentAsString());
        } catch (ServletException | IOException e) {
            throw new AssertionError(e);
        }
    }

    private static MockHttpServletRequest post(String path, String contentType, byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        if (contentType != null) {
            request.addHeader("Content-Type", contentType);
            request.setContentType(contentType);
        }
        request.setContent(body);
        return request;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anHonestJsonBodyPassesAndIsReplayedByteForByte() throws IOException {
        byte[] body = utf8("{\"orQueries\":[{\"name\":\"科创 $ # { } 100%\",\"n\":[1,\"2\",{\"x\":null}]}]}");
        Result result = send(post("/engine-rest/task", "application/json; charset=UTF-8", body));
        assertThat(result.passed()).isNotNull();
        assertThat(result.passed().getInputStream().readAllBytes()).isEqualTo(body);
        assertThat(result.passed().getContentLength()).isEqualTo(body.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "multipart/form-data; boundary=x", "application/xml", "text/json",
            "application/vnd.camunda+json", "application/json; charset=UTF-16", "application/json; charset=iso-8859-1",
            "application/jsonx", "not a type"})
    void anyBodyButJsonIsUnsupported(String contentType) {
        assertThat(send(post("/engine-rest/task", contentType, utf8("{}"))).status()).isEqualTo(415);
    }

    @Test
    void aBodyWithoutContentTypeOrWithTwoIsUnsupported() {
        assertThat(send(post("/engine-rest/task", null, utf8("{}"))).status()).isEqualTo(415);
        MockHttpServletRequest two = post("/engine-rest/task", "application/json", utf8("{}"));
        two.addHeader("Content-Type", "text/plain");
        assertThat(send(two).status()).isEqualTo(415);
    }

    @Test
    void byteOrderMarksUtf16AndUtf32AreRefused() {
        String json = "{\"a\":\"b\"}";
        assertThat(send(post("/engine-rest/task", "application/json", ExpressionAttacks.concat(
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(json)))).status()).isEqualTo(415);
        assertThat(send(post("/engine-rest/task", "application/json", json.getBytes(StandardCharsets.UTF_16BE))).status()).isEqualTo(415);
        assertThat(send(post("/engine-rest/task", "application/json", json.getBytes(StandardCharsets.UTF_16LE))).status()).isEqualTo(415);
        assertThat(send(post("/engine-rest/task", "application/json", json.getBytes(StandardCharsets.UTF_16))).status()).isEqualTo(415);
        assertThat(send(post("/engine-rest/task", "application/json", json.getBytes(java.nio.charset.Charset.forName("UTF-32LE"))))
                .status()).isEqualTo(415);
    }

    @ParameterizedTest
    @ValueSource(strings = {"C0A4", "E080A4", "F08080A4", "F8808080A4", "FC80808080A4", "EDA080", "EDA080EDB080", "C2", "E282",
            "F09F98", "FF", "80", "C0"})
    void invalidUtf8InAJsonStringIsRefused(String hex) {
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        byte[] body = ExpressionAttacks.concat(utf8("{\"name\":\"x"), bad, utf8("y\"}"));
        Result result = send(post("/engine-rest/task", "application/json", body));
        assertThat(result.status()).isEqualTo(400);
        assertThat(result.body()).contains("camunda.malformed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\":}", "{\"a\":1}}", "[1,2", "{'a':1}", "{a:1}", "{\"a\":1} {", "{\"a\":\"b\" /* c */}",
            "{\"a\":NaN}", "{\"a\":\"\\q\"}"})
    void malformedJsonIsABadRequest(String body) {
        assertThat(send(post("/engine-rest/task", "application/json", utf8(body))).status()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"${x}\":1}", "{\"a\":[[[{\"b\":\"#{x}\"}]]]}", "{\"a\":\"x\",\"a\":\"${x}\"}",
            "{\"a\":1} {\"b\":\"${x}\"}", "{\"a\":\"\\u0024{x}\"}", "{\"a\":\"\\u0023\\u007B\"}", "{\"a\":\"\\\\u0024{x}\"}",
            "{\"value\":\"{\\\"a\\\":\\\"\\\\u0024{x}\\\"}\"}", "{\"a\":\"%24%7Bx%7D\"}", "{\"a\":\"&#36;{x}\"}",
            "{\"a\":\"$\\u007bx}\"}", "{\"a\":\"#\\u007Bx}\"}"})
    void expressionsAreFoundInKeysValuesDuplicatesTrailingValuesAndEscapes(String body) {
        Result result = send(post("/engine-rest/task", "application/json", utf8(body)));
        assertThat(result.status()).as(body).isEqualTo(400);
        assertThat(result.body()).contains("camunda.expression");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "br", "identity, gzip", "x-gzip"})
    void compressedBodiesAreRefused(String encoding) {
        MockHttpServletRequest request = post("/engine-rest/task", "application/json", utf8("{}"));
        request.addHeader("Content-Encoding", encoding);
        assertThat(send(request).status()).isEqualTo(415);
        MockHttpServletRequest identity = post("/engine-rest/task", "application/json", utf8("{}"));
        identity.addHeader("Content-Encoding", "identity");
        assertThat(send(identity).passed()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"})
    void methodOverridesAreRefused(String header) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/engine-rest/task");
        request.addHeader(header, "DELETE");
        assertThat(send(request).status()).isEqualTo(400);
        MockHttpServletRequest parameter = new MockHttpServletRequest("POST", "/engine-rest/deployment/x");
        parameter.setQueryString("_method=DELETE");
        assertThat(send(parameter).status()).isIn(400, 403);
        MockHttpServletRequest query = new MockHttpServletRequest("POST", "/engine-rest/task");
        query.setQueryString("_method=GET");
        assertThat(send(query).status()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"name=%zz", "%zz=1", "name=%", "name=%2", "name=%C0%A4", "name=%ED%A0%80", "name=%F8%80%80%80%A4",
            "name=%E2%82", "name=%u0024", "name=caf\u00e9", "name=a b"})
    void invalidQueryStringsAreBadRequests(String query) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/engine-rest/task");
        request.setQueryString(query);
        Result result = send(request);
        assertThat(result.status()).as(query).isEqualTo(400);
        assertThat(result.body()).contains("camunda.malformed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"name=%24%7Bx%7D", "%24%7Bx%7D=1", "name=a&name=%23%7Bx%7D", "name=$%7B", "name=%2524%257B",
            "name=%5Cu0024%7B", "name=$%7B+x}"})
    void expressionsInQueryStringsAreRefused(String query) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/engine-rest/task");
        request.setQueryString(query);
        Result result = send(request);
        assertThat(result.status()).as(query).isIn(400);
    }

    @Test
    void honestQueryStringsPass() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/engine-rest/task");
        request.setQueryString("maxResults=10&name=%E7%A7%91%E5%88%9B+x&nameLike=%25a%25&sortBy=name");
        assertThat(send(request).passed()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/engine-rest/task/%24%7Bx%7D", "/engine-rest/task/$%7Bx%7D;a=b", "/engine-rest/task/x;a=%23%7Bx%7D",
            "/engine-rest/task/%zz", "/engine-rest/task/%C0%A4", "/engine-rest/task/a%2Fb", "/engine-rest/task/../deployment"})
    void pathsAreDecodedStrictlyAndChecked(String path) {
        assertThat(send(new MockHttpServletRequest("GET", path)).status()).as(path).isEqualTo(400);
    }

    @ParameterizedTest
    @CsvSource({"POST, /engine-rest/deployment/create", "POST, /engine-rest/engine/default/deployment/create",
            "post, /engine-rest/engine/default/deployment/create", "PATCH, /engine-rest/deployment/x",
            "POST, /engine-rest/engine/x/deployment/y/redeploy", "DELETE, /engine-rest/engine/default/deployment/x",
            "DELETE, /camunda/api/engine/engine/default/deployment/x", "POST, /camunda/api/engine/engine/default/deployment/create",
            "DELETE, /engine-rest/process-definition/x", "DELETE, /engine-rest/process-definition/key/k/tenant-id/t",
            "DELETE, /engine-rest/decision-definition/x", "DELETE, /engine-rest/case-definition/x",
            "PUT, /engine-rest/process-definition/x/history-time-to-live",
            "PUT, /engine-rest/decision-definition/key/k/history-time-to-live",
            "PUT, /engine-rest/case-definition/x/history-time-to-live",
            "PUT, /camunda/api/engine/engine/default/process-definition/x/history-time-to-live",
            "POST, /ENGINE-REST/DEPLOYMENT/CREATE", "POST, /engine-rest/%64eployment/create",
            "POST, /engine-rest/%44EPLOYMENT/create", "POST, /engine-rest//deployment//create/",
            "POST, /engine-rest/./deployment/create", "POST, /engine-rest/deployment;v=1/create",
            "POST, /engine-rest/engine/default;x=y/deployment/create", "DELETE, /engine-rest/deployment/x;cascade=true",
            "POST, /engine-rest/engine/%64efault/deployment/create"})
    void deploymentChangesAreForbiddenOnEveryPath(String method, String path) {
        MockHttpServletRequest request = post(path, "application/json", utf8("{}"));
        request.setMethod(method);
        Result result = send(request);
        assertThat(result.status()).as(method + " " + path).isEqualTo(403);
        assertThat(result.body()).contains("camunda.deployment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/engine-rest/deployment", "/engine-rest/engine/default/deployment/x/resources",
            "/camunda/api/engine/engine/default/deployment/x", "/engine-rest/process-definition/x"})
    void readingDeploymentsAndDefinitionsStaysOpen(String path) {
        assertThat(send(new MockHttpServletRequest("GET", path)).passed()).isNotNull();
    }

    @Test
    void webappFormsAreDecodedStrictlyAndOfferedAsParameters() {
        MockHttpServletRequest form = post("/camunda/api/admin/auth/user/default/login/cockpit",
                "application/x-www-form-urlencoded", utf8("username=admin&password=p%40ss+word&x=%E7%A7%91"));
        form.setQueryString("a=1");
        Result result = send(form);
        assertThat(result.passed()).isNotNull();
        assertThat(result.passed().getParameter("password")).isEqualTo("p@ss word");
        assertThat(result.passed().getParameter("x")).isEqualTo("科");
        assertThat(result.passed().getParameterMap()).containsKeys("a", "username", "password", "x");

        for (String body : List.of("u=%24%7Bx%7D", "u=%C0%A4%7B", "u=%zz", "%23%7B=1", "u=\u00e9")) {
            assertThat(send(post("/camunda/api/admin/auth/user/default/login/cockpit", "application/x-www-form-urlencoded",
                    utf8(body))).status()).as(body).isEqualTo(400);
        }
        assertThat(send(post("/engine-rest/task", "application/x-www-form-urlencoded", utf8("a=b"))).status())
                .as("the REST API takes no forms").isEqualTo(415);
    }

    @Test
    void tooLargeBodiesAreRefused() {
        byte[] body = new byte[CamundaExpressionGuard.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(body, (byte) ' ');
        assertThat(send(post("/engine-rest/task", "application/json", body)).status()).isEqualTo(413);
    }

    @Test
    void refusalsAreProblemDocuments() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/engine-rest/task");
        request.setQueryString("a=%zz");
        MockHttpServletResponse response = new MockHttpServletResponse();
        try {
            new CamundaExpressionGuard(null).doFilter(request, response, new MockFilterChain());
        } catch (ServletException | IOException e) {
            throw new AssertionError(e);
        }
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(Map.of("body", new String(response.getContentAsByteArray(), StandardCharsets.UTF_8)).get("body"))
                .contains("\"status\":400", "urn:kcyj:problem:camunda.malformed");
    }
}
