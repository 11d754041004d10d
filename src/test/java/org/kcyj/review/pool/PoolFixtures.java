package org.kcyj.review.pool;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.kcyj.shared.CreditCode;

/** Profiles, CSV files and a sign-in check shared by the expert pool's integration tests. */
final class PoolFixtures {
    static final String UNIT_CODE = CreditCode.withCheckCharacter("12330200MB0000077");
    static final String HEADER = String.join(",", ExpertCsv.COLUMNS);

    private PoolFixtures() {
    }

    /** A complete, valid profile body for PUT /api/v1/experts/{username}. */
    static Map<String, Object> profile(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("email", "expert." + Math.abs(name.hashCode()) + "@example.cn");
        body.put("unitName", "宁波示范研究院");
        body.put("unitCreditCode", UNIT_CODE);
        body.put("title", "研究员");
        body.put("disciplineCodes", List.of("430"));
        body.put("relatives", List.of(Map.of("name", "王芳", "relation", "配偶")));
        body.put("collaborations", List.of(Map.of("counterpart", "张明", "kind", "CO_AUTHOR", "year", 2024)));
        return body;
    }

    /** A CSV file: BOM, the header of every column, the rows, CRLF line ends. */
    static byte[] csv(String... rows) {
        StringBuilder text = new StringBuilder("\uFEFF").append(HEADER).append("\r\n");
        for (String row : rows) {
            text.append(row).append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One valid row for the username; the unit name holds a comma, so it is quoted. */
    static String row(String username, String name) {
        return String.join(",", username, name, username + "@example.cn", "\"宁波大学, 材料学院\"", "", "教授",
                "430;43015", "false", "", "false", "true", "王芳:配偶", "张明:CO_AUTHOR:2024");
    }

    /** The status of GET /api/v1/me/tasks with these HTTP Basic credentials. */
    static int signInStatus(int port, String username, String password) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/me/tasks"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
