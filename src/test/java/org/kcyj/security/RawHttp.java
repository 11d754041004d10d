package org.kcyj.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HTTP/1.1 requests written byte for byte, so tests can send what ordinary clients refuse to build:
 * invalid percent escapes, overlong UTF-8 in a body, odd content types and encodings.
 */
final class RawHttp {
    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    record Answer(int status, String head, String body) {
        /** The value of a cookie the answer sets, or null. */
        String cookie(String name) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("set-cookie: " + name.toLowerCase(java.util.Locale.ROOT) + "=")) {
                    String value = line.substring(line.indexOf('=') + 1);
                    return value.contains(";") ? value.substring(0, value.indexOf(';')) : value;
                }
            }
            return null;
        }
    }

    Answer send(String method, String target, Map<String, String> headers, byte[] body) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", "localhost:" + port);
        all.put("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:demo".getBytes(StandardCharsets.US_ASCII)));
        all.put("Connection", "close");
        all.putAll(headers);
        if (body != null) {
            all.put("Content-Length", Integer.toString(body.length));
        }
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write((method + " " + target + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (Map.Entry<String, String> h : all.entrySet()) {
                request.write((h.getKey() + ": " + h.getValue() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            request.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                request.write(body);
            }
            out.write(request.toByteArray());
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new AssertionError(method + " " + target, e);
        }
    }

    Answer json(String method, String target, byte[] body) {
        return send(method, target, Map.of("Content-Type", "application/json"), body);
    }

    private static Answer read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int space = text.indexOf(' ');
        if (!text.startsWith("HTTP/1.1 ") || space < 0) {
            throw new IOException("Not an HTTP answer: " + text);
        }
        int status = Integer.parseInt(text.substring(space + 1, space + 4));
        int headersEnd = text.indexOf("\r\n\r\n");
        String body = headersEnd < 0 ? "" : new String(all, headersEnd + 4, all.length - headersEnd - 4, StandardCharsets.UTF_8);
        return new Answer(status, headersEnd < 0 ? text : text.substring(0, headersEnd), body);
    }
}
