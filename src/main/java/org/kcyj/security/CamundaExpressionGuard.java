package org.kcyj.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Camunda 7.24's task query evaluates expressions nested in {@code orQueries}; the fix exists only in
 * enterprise patches. This guard refuses any request to Camunda's REST API or webapp API whose query
 * string or body carries an expression ({@code ${...}} or {@code #{...}}), for every role.
 */
class CamundaExpressionGuard extends OncePerRequestFilter {
    static final int MAX_BODY_BYTES = 1024 * 1024;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null && carriesExpression(URLDecoder.decode(query.replace("+", "%2B"), StandardCharsets.UTF_8))) {
            refuse(response);
            return;
        }
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            // Form posts (the webapps' login) are read as parameters, which keeps them readable downstream.
            boolean expression = request.getParameterMap().entrySet().stream()
                    .anyMatch(e -> carriesExpression(e.getKey()) || java.util.Arrays.stream(e.getValue()).anyMatch(CamundaExpressionGuard::carriesExpression));
            if (expression) {
                refuse(response);
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        if (carriesExpression(new String(body, StandardCharsets.UTF_8))) {
            refuse(response);
            return;
        }
        chain.doFilter(new ReplayedBody(request, body), response);
    }

    static boolean carriesExpression(String text) {
        String normalized = text.toLowerCase(Locale.ROOT)
                .replace("\\u0024", "$").replace("\\u0023", "#").replace("\\u007b", "{");
        return normalized.contains("${") || normalized.contains("#{");
    }

    private static void refuse(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"urn:kcyj:problem:expression-refused\",\"title\":\"Bad Request\","
                + "\"status\":400,\"detail\":\"Expressions are not accepted in queries.\"}");
    }

    /** Hands the already-read body on to Camunda. */
    private static final class ReplayedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        ReplayedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    try {
                        return in.available() == 0;
                    } catch (IOException e) {
                        return true;
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
