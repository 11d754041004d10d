package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;

import org.camunda.bpm.engine.rest.mapper.JacksonConfigurator;
import org.glassfish.jersey.uri.UriComponent;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever the guard lets through carries no expression once Camunda reads it: the body as Camunda's REST API
 * reads JSON (its ObjectMapper, every value in the body), the query string and the path as Jersey decodes them.
 */
class CamundaExpressionGuardPropertyTest {
    /** Camunda's REST API reads JSON with this mapper (JAX-RS provider with Camunda's JacksonConfigurator). */
    private static final ObjectMapper CAMUNDA = JacksonConfigurator.configureObjectMapper(new ObjectMapper());

    /** What the guard did with one request, and what Camunda read from what it let through. */
    record Outcome(int status, boolean passed, List<String> camundaRead) {
    }

    static Outcome run(String method, String path, String query, String contentType, byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setQueryString(query);
        if (contentType != null) {
            request.setContentType(contentType);
        }
        if (body != null) {
            request.setContent(body);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        try {
            new CamundaExpressionGuard(null).doFilter(request, response, chain);
        } catch (ServletException | IOException e) {
            throw new AssertionError(e);
        }
        ServletRequest passed = chain.getRequest();
        if (passed == null) {
            return new Outcome(response.getStatus(), false, List.of());
        }
        return new Outcome(response.getStatus(), true, camundaReads((HttpServletRequest) passed));
    }

    /** Every text Camunda reads from a request: keys and strings of every JSON value of the body, query, path. */
    static List<String> camundaReads(HttpServletRequest request) {
        List<String> texts = new ArrayList<>();
        try {
            byte[] body = request.getInputStream().readAllBytes();
            if (body.length > 0) {
                try (MappingIterator<Object> values = CAMUNDA.readerFor(Object.class).readValues(body)) {
                    while (values.hasNext()) {
                        collect(values.next(), texts);
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError("the guard let through a body Camunda cannot read", e);
        }
        if (request.getQueryString() != null) {
            UriComponent.decodeQuery(request.getQueryString(), true).forEach((name, values) -> {
                texts.add(name);
                texts.addAll(values);
            });
        }
        texts.add(UriComponent.decodePath(request.getRequestURI(), true).toString());
        return texts;
    }

    private static void collect(Object value, List<String> texts) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                texts.add(String.valueOf(k));
                collect(v, texts);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, texts));
        } else if (value != null) {
            texts.add(String.valueOf(value));
        }
    }

    static boolean expression(List<String> texts) {
        return texts.stream().anyMatch(t -> t.contains("${") || t.contains("#{"));
    }

    /** What Camunda would read from the attack with no guard in front (null when it cannot read it at all). */
    static List<String> unguardedRead(ExpressionAttacks.Attack attack) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/engine-rest/task" + attack.pathSuffix());
        request.setQueryString(attack.query());
        if (attack.body() != null) {
            request.setContent(attack.body());
        }
        try {
            return camundaReads(request);
        } catch (AssertionError | RuntimeException e) {
            return null;
        }
    }

    @Property(tries = 3000, seed = "20260407")
    void nothingTheGuardLetsThroughCarriesAnExpressionAsCamundaReadsIt(@ForAll("attacks") ExpressionAttacks.Attack attack) {
        for (String path : List.of("/engine-rest/task", "/camunda/api/engine/engine/default/task")) {
            Outcome outcome = run("POST", path + attack.pathSuffix(), attack.query(), "application/json", attack.body());
            Statistics.label("guard").collect(outcome.passed() ? "passed" : "refused " + outcome.status());
            assertThat(outcome.status()).as("an answer, never a server error").isNotEqualTo(500);
            if (outcome.passed()) {
                assertThat(expression(outcome.camundaRead())).as(attack + " read as " + outcome.camundaRead()).isFalse();
            } else {
                assertThat(outcome.status()).isIn(400, 403, 413, 415);
            }
        }
    }

    @Provide
    Arbitrary<ExpressionAttacks.Attack> attacks() {
        return ExpressionAttacks.attacks();
    }

    /**
     * The generator is worth something: a good share of the attacks reach Camunda as an expression when no guard
     * stands in front (overlong forms and JSON escapes among them), and the guard lets none of those through.
     */
    @Example
    void theGeneratedAttacksWouldReachCamundaAsExpressionsWithoutTheGuard() {
        List<ExpressionAttacks.Attack> sample = ExpressionAttacks.sample(7, 2000);
        AtomicInteger dangerous = new AtomicInteger();
        AtomicInteger overlongDangerous = new AtomicInteger();
        for (ExpressionAttacks.Attack attack : sample) {
            List<String> read = unguardedRead(attack);
            if (read != null && expression(read)) {
                dangerous.incrementAndGet();
                if (attack.description().contains("<C0>") || attack.description().contains("<E0>")
                        || attack.description().contains("<F0>")) {
                    overlongDangerous.incrementAndGet();
                }
                Outcome outcome = run("POST", "/engine-rest/task" + attack.pathSuffix(), attack.query(), "application/json",
                        attack.body());
                assertThat(outcome.passed()).as(attack.toString()).isFalse();
            }
        }
        System.out.printf("%d of %d generated attacks reach Camunda as an expression without the guard, %d of them "
                + "through overlong UTF-8; the guard refused them all%n", dangerous.get(), sample.size(), overlongDangerous.get());
        assertThat(dangerous.get()).as("attacks Camunda would read as an expression").isGreaterThan(500);
        assertThat(overlongDangerous.get()).as("of them through overlong UTF-8").isGreaterThan(200);
    }

    /** The guard is not a wall: JSON with any text but an expression passes, and Camunda reads it unchanged. */
    @Property(tries = 500)
    void honestJsonPasses(@ForAll("honestText") String key, @ForAll("honestText") String value) throws IOException {
        byte[] body = CAMUNDA.writeValueAsBytes(Map.of("orQueries", List.of(Map.of(key, value, "n", List.of(1, "2", value)))));
        Outcome outcome = run("POST", "/engine-rest/task", "maxResults=10&name=" + UriComponent.encode(value,
                UriComponent.Type.QUERY_PARAM_SPACE_ENCODED), "application/json;charset=UTF-8", body);
        assertThat(outcome.passed()).as(new String(body, java.nio.charset.StandardCharsets.UTF_8)).isTrue();
        assertThat(outcome.camundaRead()).contains(key, value);
    }

    @Provide
    Arbitrary<String> honestText() {
        // any text from the Basic Multilingual Plane and beyond, without the characters an expression starts with
        return Arbitraries.strings().withCharRange(' ', '\uD7FF').withCharRange('\uE000', '\uFFFD')
                .excludeChars('$', '#', '%', '&', '\\', '\uFEFF').ofMaxLength(30)
                .map(s -> s + "科创甬江\uD83D\uDE00");
    }
}
