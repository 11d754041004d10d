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
 * string or body carries an expression ({@code ${...}} or {@code #{...}}), for every role. Bodies must
 * be UTF-8 JSON, so that the check reads what Camunda's JSON reader reads; deployments come only from
 * the application's own processes/ folder.
 */
class CamundaExpressionGuard extends OncePerRequestFilter {
    static final int MAX_BODY_BYTES = 1024 * 1024;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/engine-rest/deployment") && !"GET".equals(request.getMethod())) {
            // Deploying is code execution (delegates, expressions); processes come from the application's own folder.
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "Deployments are made by the application, not through the API.");
            return;
        }
        String query = request.getQueryString();
        if (query != null && carriesExpression(URLDecoder.decode(query.replace("+", "%2B"), StandardCharsets.UTF_8))) {
            refuse(response, HttpServletResponse.SC_BAD_REQUEST, EXPRESSION_REFUSED);
            return;
        }
        String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (contentType.startsWith("application/x-www-form-urlencoded") && path.startsWith("/camunda/")) {
            // The webapps' own login form; read as parameters so they stay readable downstream.
            boolean expression = request.getParameterMap().entrySet().stream()
                    .anyMatch(e -> carriesExpression(e.getKey())
                            || java.util.Arrays.stream(e.getValue()).anyMatch(CamundaExpressionGuard::carriesExpression));
            if (expression) {
                refuse(response, HttpServletResponse.SC_BAD_REQUEST, EXPRESSION_REFUSED);
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "The request body is too large.");
            return;
        }
        if (body.length > 0 && !readableAsUtf8Json(contentType, body)) {
            // The check below reads UTF-8; any other body could hide an expression from it.
            refuse(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "Only UTF-8 JSON bodies are accepted.");
            return;
        }
        if (carriesExpression(new String(body, StandardCharsets.UTF_8))) {
            refuse(response, HttpServletResponse.SC_BAD_REQUEST, EXPRESSION_REFUSED);
            return;
        }
        chain.doFilter(new ReplayedBody(request, body), response);
    }

    /** JSON without a charset other than UTF-8, and with no NUL bytes (which UTF-16 and UTF-32 text has). */
    static boolean readableAsUtf8Json(String contentType, byte[] body) {
        if (!contentType.startsWith("application/json")) {
            return false;
        }
        int charset = contentType.indexOf("charset=");
        if (charset >= 0 && !contentType.substring(charset + 8).trim().replace("\"", "").startsWith("utf-8")) {
            return false;
        }
        for (byte b : body) {
            if (b == 0) {
                return false;
            }
        }
        return !(body.length >= 2 && ((body[0] & 0xFF) == 0xFE || (body[0] & 0xFF) == 0xFF));
    }

    static boolean carriesExpression(String text) {
        String normalized = text.toLowerCase(Locale.ROOT)
                .replace("\\u0024", "$").replace("\\u0023", "#").replace("\\u007b", "{");
        return normalized.contains("${") || normalized.contains("#{");
    }

    private static final String EXPRESSION_REFUSED = "Expressions are not accepted in queries.";

    private static void refuse(HttpServletResponse response, int status, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"urn:kcyj:problem:camunda-request-refused\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}");
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
