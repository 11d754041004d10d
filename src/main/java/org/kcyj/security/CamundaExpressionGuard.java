package org.kcyj.security;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.camunda.bpm.engine.rest.mapper.JacksonConfigurator;
import org.kcyj.shared.ProblemResponses;
import org.springframework.context.ApplicationContext;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Camunda 7.24's task query evaluates expressions nested in {@code orQueries}; the fix exists only in
 * enterprise patches. This guard stands in front of Camunda's REST API and webapp API and lets a request
 * through only when it can read the request exactly as Camunda will, and finds no expression
 * ({@code ${...}} or {@code #{...}}) in it, for every role:
 * <ul>
 * <li>the path, every query parameter's name and value and every form field are percent-decoded strictly
 * (an invalid escape or invalid UTF-8 is refused, never guessed at);</li>
 * <li>a body is accepted only as strictly valid UTF-8 (no overlong forms, surrogates, truncated sequences,
 * byte order mark or NUL, which would make Camunda's JSON reader guess another encoding), and only as JSON,
 * read token by token with the very JSON factory Camunda's REST API reads with (every key and every string at
 * every depth, duplicates and trailing values included), or, for the webapps, as a form;</li>
 * <li>a compressed body, a method-override header and a body of any other type are refused;</li>
 * <li>escaped forms of {@code $}, {@code #} and <code>{</code> inside decoded text (JSON, percent and character
 * references) count as the characters themselves, since a value may be decoded again downstream;</li>
 * <li>no deployment is changed through the API (deploy, redeploy, delete; deleting a definition; changing a
 * definition's history time-to-live): processes come only from the application's own processes/ folder.
 * workflow's {@code EngineDeploymentLock} refuses the same inside the engine.</li>
 * </ul>
 */
class CamundaExpressionGuard extends OncePerRequestFilter {
    static final int MAX_BODY_BYTES = 1024 * 1024;

    /** Camunda's REST API (and the webapps' engine API) read JSON with a plain ObjectMapper so configured. */
    private static final ObjectMapper CAMUNDA_JSON = JacksonConfigurator.configureObjectMapper(new ObjectMapper());

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> DEFINITIONS = Set.of("process-definition", "decision-definition", "case-definition",
            "decision-requirements-definition");
    private static final List<String> METHOD_OVERRIDES = List.of("X-HTTP-Method-Override", "X-HTTP-Method",
            "X-Method-Override");

    private static final Pattern DOLLAR = Pattern.compile("\\\\+u+0*24|\\\\+x0*24|%24|&#0*36;?|&#x0*24;?|&dollar;");
    private static final Pattern HASH = Pattern.compile("\\\\+u+0*23|\\\\+x0*23|%23|&#0*35;?|&#x0*23;?|&num;");
    private static final Pattern BRACE = Pattern.compile("\\\\+u+0*7b|\\\\+x0*7b|%7b|&#0*123;?|&#x0*7b;?|&lcub;|&lbrace;");
    private static final Pattern PERCENT = Pattern.compile("%25");

    private final ApplicationContext context;

    CamundaExpressionGuard(ApplicationContext context) {
        this.context = context;
    }

    /** Why a request is refused: its status and the message key of its problem document. */
    enum Refusal {
        MALFORMED(HttpStatus.BAD_REQUEST, "error.camunda.malformed"),
        EXPRESSION(HttpStatus.BAD_REQUEST, "error.camunda.expression"),
        METHOD_OVERRIDE(HttpStatus.BAD_REQUEST, "error.camunda.method-override"),
        DEPLOYMENT(HttpStatus.FORBIDDEN, "error.camunda.deployment"),
        TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "error.camunda.too-large"),
        MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "error.camunda.media-type"),
        CONTENT_ENCODING(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "error.camunda.content-encoding");

        final HttpStatus status;
        final String code;

        Refusal(HttpStatus status, String code) {
            this.status = status;
            this.code = code;
        }
    }

    /** Thrown while reading a request that must be refused. */
    static final class Refused extends Exception {
        final Refusal refusal;

        Refused(Refusal refusal) {
            super(refusal.code, null, false, false);
            this.refusal = refusal;
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpServletRequest checked;
        try {
            checked = inspect(request);
        } catch (Refused e) {
            refuse(request, response, e.refusal);
            return;
        }
        chain.doFilter(checked, response);
    }

    /** The request to hand on to Camunda (with its body replayed), or {@link Refused}. */
    static HttpServletRequest inspect(HttpServletRequest request) throws Refused, IOException {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String path = request.getRequestURI().substring(request.getContextPath().length());
        List<String> segments = pathSegments(path);
        if (changesDeployments(method, segments)) {
            // Deploying is code execution (delegates, expressions); processes come from the application's own folder.
            throw new Refused(Refusal.DEPLOYMENT);
        }
        for (String header : METHOD_OVERRIDES) {
            if (request.getHeader(header) != null) {
                throw new Refused(Refusal.METHOD_OVERRIDE);
            }
        }
        Map<String, List<String>> query = parseUrlEncoded(request.getQueryString());
        if (query.containsKey("_method")) {
            throw new Refused(Refusal.METHOD_OVERRIDE);
        }
        List<String> encodings = Collections.list(request.getHeaders("Content-Encoding"));
        for (String encoding : encodings) {
            for (String coding : encoding.split(",")) {
                if (!coding.isBlank() && !"identity".equalsIgnoreCase(coding.trim())) {
                    throw new Refused(Refusal.CONTENT_ENCODING);
                }
            }
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new Refused(Refusal.TOO_LARGE);
        }
        if (body.length == 0) {
            return new ReplayedBody(request, body, null);
        }
        MediaType type = contentType(request);
        if (isType(type, MediaType.APPLICATION_JSON)) {
            checkJson(body);
            return new ReplayedBody(request, body, null);
        }
        if (isType(type, MediaType.APPLICATION_FORM_URLENCODED) && path.startsWith("/camunda/")) {
            // The webapps' own forms (login, logout): read here, and offered downstream as parameters too.
            Map<String, List<String>> form = parseUrlEncoded(asciiText(body));
            Map<String, List<String>> parameters = new LinkedHashMap<>();
            query.forEach((name, values) -> parameters.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
            form.forEach((name, values) -> parameters.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
            return new ReplayedBody(request, body, parameters);
        }
        throw new Refused(Refusal.MEDIA_TYPE);
    }

    /**
     * The decoded, lower-cased path segments with their parameters ({@code ;x=y}) removed; each segment's
     * text, parameters included, must carry no expression.
     */
    static List<String> pathSegments(String rawPath) throws Refused {
        requirePrintableAscii(rawPath);
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/", -1)) {
            String decoded = percentDecode(raw, false);
            requireNoExpression(decoded);
            int parameters = decoded.indexOf(';');
            String name = (parameters >= 0 ? decoded.substring(0, parameters) : decoded).toLowerCase(Locale.ROOT).trim();
            if (name.equals("..") || decoded.contains("/") || decoded.contains("\\")) {
                throw new Refused(Refusal.MALFORMED);
            }
            if (!name.isEmpty() && !name.equals(".")) {
                segments.add(name);
            }
        }
        return segments;
    }

    /**
     * Every request that changes what is deployed, on any engine path (/engine-rest/..., /engine-rest/engine/{name}/...,
     * /camunda/api/engine/engine/{name}/...): deployments created, redeployed or deleted; definitions deleted; a
     * definition's history time-to-live changed.
     */
    static boolean changesDeployments(String method, List<String> segments) {
        if (SAFE_METHODS.contains(method)) {
            return false;
        }
        for (String segment : segments) {
            if (segment.equals("deployment") || segment.equals("history-time-to-live")
                    || (method.equals("DELETE") && DEFINITIONS.contains(segment))) {
                return true;
            }
        }
        return false;
    }

    /** Names and values of a query string or form, each decoded strictly, none carrying an expression. */
    static Map<String, List<String>> parseUrlEncoded(String raw) throws Refused {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        requirePrintableAscii(raw);
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String rawName = equals >= 0 ? pair.substring(0, equals) : pair;
            String rawValue = equals >= 0 ? pair.substring(equals + 1) : "";
            // "+" is a space to a form reader and a plus to others: both readings are checked
            requireNoExpression(percentDecode(rawName, false));
            requireNoExpression(percentDecode(rawValue, false));
            String name = percentDecode(rawName, true);
            String value = percentDecode(rawValue, true);
            requireNoExpression(name);
            requireNoExpression(value);
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    /** Percent-decoding that refuses an escape other than two hex digits, raw non-ASCII and invalid UTF-8. */
    static String percentDecode(String raw, boolean plusIsSpace) throws Refused {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new Refused(Refusal.MALFORMED);
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0 || raw.charAt(i + 1) > 0x7F || raw.charAt(i + 2) > 0x7F) {
                    throw new Refused(Refusal.MALFORMED);
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c > 0x7F) {
                throw new Refused(Refusal.MALFORMED);
            } else {
                bytes.write(plusIsSpace && c == '+' ? ' ' : c);
            }
        }
        return strictUtf8(bytes.toByteArray());
    }

    /** UTF-8 as the standard defines it: overlong forms, surrogates, 5- and 6-byte forms and truncated sequences refused. */
    static String strictUtf8(byte[] bytes) throws Refused {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Refused(Refusal.MALFORMED);
        }
    }

    /**
     * A JSON body: strictly valid UTF-8 that Camunda's reader cannot take for another encoding (no byte order mark,
     * no NUL), well-formed throughout, and no expression in any key or string value at any depth.
     */
    static void checkJson(byte[] body) throws Refused {
        if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
            throw new Refused(Refusal.MEDIA_TYPE);
        }
        for (byte b : body) {
            if (b == 0) {
                throw new Refused(Refusal.MEDIA_TYPE);
            }
        }
        String text = strictUtf8(body);
        requireNoExpression(text);
        try (JsonParser parser = CAMUNDA_JSON.getFactory().createParser(body)) {
            // every token of every value in the body, not only the first (which is all Camunda reads)
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME || token.isScalarValue()) {
                    requireNoExpression(parser.getText());
                }
            }
        } catch (IOException e) {
            throw new Refused(Refusal.MALFORMED);
        }
    }

    static void requireNoExpression(String text) throws Refused {
        if (carriesExpression(text)) {
            throw new Refused(Refusal.EXPRESSION);
        }
    }

    /**
     * Whether text holds the start of an expression, counting escaped forms of {@code $}, {@code #} and
     * <code>{</code> (JSON and Java {@code \u0024}, {@code \x24}, percent escapes, HTML character references)
     * as the characters themselves, because a value may be decoded once more downstream (a serialized
     * variable is JSON inside a JSON string).
     */
    static boolean carriesExpression(String text) {
        String normalized = text.toLowerCase(Locale.ROOT);
        for (int round = 0; round < 8; round++) {
            if (normalized.contains("${") || normalized.contains("#{")) {
                return true;
            }
            String next = PERCENT.matcher(normalized).replaceAll("%");
            next = DOLLAR.matcher(next).replaceAll("\\$");
            next = HASH.matcher(next).replaceAll("#");
            next = BRACE.matcher(next).replaceAll("{");
            if (next.equals(normalized)) {
                return false;
            }
            normalized = next;
        }
        // still changing after many rounds of unescaping: nothing an honest client sends
        return true;
    }

    private static void requirePrintableAscii(String raw) throws Refused {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                throw new Refused(Refusal.MALFORMED);
            }
        }
    }

    private static String asciiText(byte[] body) throws Refused {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        requirePrintableAscii(text);
        return text;
    }

    /** The one Content-Type of a request with a body, parsed; charset, if given, must be UTF-8. */
    private static MediaType contentType(HttpServletRequest request) throws Refused {
        List<String> headers = Collections.list(request.getHeaders("Content-Type"));
        if (headers.size() != 1) {
            throw new Refused(Refusal.MEDIA_TYPE);
        }
        try {
            MediaType type = MediaType.parseMediaType(headers.get(0));
            String charset = type.getParameter("charset");
            if (charset != null && !"utf-8".equalsIgnoreCase(charset.replace("\"", "").trim())) {
                throw new Refused(Refusal.MEDIA_TYPE);
            }
            return type;
        } catch (InvalidMediaTypeException e) {
            throw new Refused(Refusal.MEDIA_TYPE);
        }
    }

    private static boolean isType(MediaType type, MediaType expected) {
        return type.getType().equalsIgnoreCase(expected.getType()) && type.getSubtype().equalsIgnoreCase(expected.getSubtype());
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, Refusal refusal) throws IOException {
        String language = request.getHeader("Accept-Language");
        Locale locale = language != null && language.toLowerCase(Locale.ROOT).startsWith("en")
                ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
        LocaleContextHolder.setLocale(locale);
        ProblemDetail problem;
        if (context != null) {
            problem = context.getBean(ProblemResponses.class).of(refusal.status, refusal.code);
        } else {
            problem = ProblemDetail.forStatusAndDetail(refusal.status, refusal.code);
            problem.setType(java.net.URI.create("urn:kcyj:problem:" + refusal.code.replace("error.", "")));
        }
        response.setStatus(refusal.status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        CAMUNDA_JSON.writeValue(response.getOutputStream(), problem);
    }

    /** Hands the already-read body on to Camunda; for a form, its fields as parameters too. */
    private static final class ReplayedBody extends HttpServletRequestWrapper {
        private final byte[] body;
        private final Map<String, String[]> parameters;

        ReplayedBody(HttpServletRequest request, byte[] body, Map<String, List<String>> parameters) {
            super(request);
            this.body = body;
            if (parameters == null) {
                this.parameters = null;
            } else {
                Map<String, String[]> map = new LinkedHashMap<>();
                parameters.forEach((name, values) -> map.put(name, values.toArray(String[]::new)));
                this.parameters = Collections.unmodifiableMap(map);
            }
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
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public String getParameter(String name) {
            if (parameters == null) {
                return super.getParameter(name);
            }
            String[] values = parameters.get(name);
            return values == null || values.length == 0 ? null : values[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters == null ? super.getParameterMap() : parameters;
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return parameters == null ? super.getParameterNames() : Collections.enumeration(parameters.keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            if (parameters == null) {
                return super.getParameterValues(name);
            }
            String[] values = parameters.get(name);
            return values == null ? null : values.clone();
        }
    }
}
