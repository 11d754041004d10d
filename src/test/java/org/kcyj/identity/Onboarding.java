package org.kcyj.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kcyj.mail.MailDispatcher;
import org.kcyj.shared.CreditCode;
import org.kcyj.shared.ResidentIdNumber;
import org.kcyj.support.Api;
import org.kcyj.support.TestMailServer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The onboarding steps through the REST API with real passwords (not the demo's): people register and confirm their
 * address from the mailed link, units register, staff accounts are created and change their initial password.
 * Names, addresses, ID numbers and credit codes are unique per call, so tests sharing a database do not meet.
 */
final class Onboarding {
    /** The password every person these tests register chooses. */
    static final String PASSWORD = "Onboarding-passphrase-for-tests-2026";
    private static final Pattern TOKEN = Pattern.compile("/register/verify\\?token=([A-Za-z0-9_-]+)");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final int port;
    private final MailDispatcher dispatcher;

    Onboarding(int port, MailDispatcher dispatcher) {
        this.port = port;
        this.dispatcher = dispatcher;
    }

    /** REST calls as one account, with HTTP Basic and its own password (or anonymous when user is null). */
    record Client(RestClient rest, String user, String password) {
        Api.Response get(String path) {
            return exchange(HttpMethod.GET, path, null);
        }

        Api.Response post(String path, Object body) {
            return exchange(HttpMethod.POST, path, body);
        }

        Api.Response put(String path, Object body) {
            return exchange(HttpMethod.PUT, path, body);
        }

        Api.Response exchange(HttpMethod method, String path, Object body) {
            RestClient.RequestBodySpec spec = rest.method(method).uri(path).headers(h -> {
                if (user != null) {
                    h.set(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder()
                            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
                }
                h.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON, MediaType.ALL));
            });
            if (body != null) {
                spec = spec.contentType(MediaType.APPLICATION_JSON).body(body);
            }
            return spec.exchange((request, response) -> new Api.Response(response.getStatusCode().value(),
                    String.valueOf(response.getHeaders().getContentType()), response.getBody().readAllBytes(),
                    response.getHeaders()));
        }
    }

    Client as(String user, String password) {
        return new Client(RestClient.builder().baseUrl("http://localhost:" + port).build(), user, password);
    }

    Client anonymous() {
        return as(null, null);
    }

    /** A person to register: unique user name, address and ID number (born 1985, a valid check digit). */
    record Person(String username, String email, String idNumber) {
        Map<String, Object> registration() {
            return registration(username, email, idNumber);
        }

        static Map<String, Object> registration(String username, String email, String idNumber) {
            Map<String, Object> body = new HashMap<>();
            body.put("username", username);
            body.put("displayName", "测试 " + username);
            body.put("email", email);
            body.put("phone", "13800001234");
            body.put("idType", "RESIDENT_ID");
            body.put("idNumber", idNumber);
            body.put("title", "研究员");
            body.put("degree", "DOCTORATE");
            body.put("disciplineCodes", List.of("43015"));
            body.put("password", PASSWORD);
            body.put("consent", true);
            return body;
        }
    }

    static Person newPerson(String prefix) {
        int n = SEQUENCE.incrementAndGet();
        long nanos = System.nanoTime() % 1000;
        String serial = String.format("%03d", (n * 7 + nanos) % 1000);
        String username = (prefix + "-" + n + "-" + nanos).toLowerCase();
        return new Person(username, username + "@example.org", idNumber(n, serial));
    }

    /** A resident ID number born 1985 on a day picked by n, with a valid check digit. */
    static String idNumber(int n, String serial) {
        return ResidentIdNumber.withCheckDigit(String.format("3302031985%02d%02d%s", 1 + n % 12, 1 + n % 28, serial));
    }

    /** A unified social credit code no other test uses, with a valid check character. */
    static String newCreditCode() {
        int n = SEQUENCE.incrementAndGet();
        String digits = String.format("%08d", (System.nanoTime() / 1000 + n) % 100_000_000L);
        return CreditCode.withCheckCharacter("91330200" + digits + "0");
    }

    Api.Response register(Person person) {
        return anonymous().post("/api/v1/registrations", person.registration());
    }

    /** Waits for the mail to the address whose subject contains the text (after sending what is queued). */
    TestMailServer.Message mail(String email, String subjectContains) {
        dispatcher.flush();
        return TestMailServer.awaitMessage(email, m -> m.subject().contains(subjectContains), Duration.ofSeconds(20));
    }

    /** How many mails to the address have a subject containing the text, so far. */
    static long mails(String email, String subjectContains) {
        return TestMailServer.messagesTo(email).stream().filter(m -> m.subject().contains(subjectContains)).count();
    }

    private static final String CONFIRM = "Confirm your e-mail address";

    /** The token of the registration link mailed to the address last, once the mail numbered {@code nth} arrived. */
    String linkToken(String email, int nth) {
        dispatcher.flush();
        List<TestMailServer.Message> links = TestMailServer.awaitMessagesTo(email, nth, Duration.ofSeconds(20)).stream()
                .filter(m -> m.subject().contains(CONFIRM)).toList();
        if (links.size() < nth) {
            links = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> TestMailServer
                    .messagesTo(email).stream().filter(m -> m.subject().contains(CONFIRM)).toList(), l -> l.size() >= nth);
        }
        assertThat(links).as("registration links mailed to " + email).hasSize(nth);
        TestMailServer.Message mail = links.get(nth - 1);
        Matcher token = TOKEN.matcher(mail.body());
        assertThat(token.find()).as(mail.body()).isTrue();
        return token.group(1);
    }

    /** The token of the first registration link mailed to the address. */
    String linkToken(String email) {
        return linkToken(email, 1);
    }

    /** Registers the person and confirms their address from the mailed link: they can sign in from now on. */
    Client registered(Person person) {
        int nth = (int) mails(person.email(), CONFIRM) + 1;
        Api.Response registered = register(person);
        assertThat(registered.status()).as(registered.text()).isEqualTo(202);
        Api.Response verified = anonymous().post("/api/v1/registrations/verification", Map.of("token", linkToken(person.email(), nth)));
        assertThat(verified.status()).as(verified.text()).isEqualTo(200);
        assertThat(verified.json()).containsEntry("username", person.username());
        return as(person.username(), PASSWORD);
    }

    /** A unit body with the given name and credit code, registered in the city. */
    static Map<String, Object> unit(String name, String creditCode) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("creditCode", creditCode);
        body.put("type", "UNIVERSITY");
        body.put("address", "宁波市鄞州区学府路 1 号");
        body.put("district", "鄞州区");
        body.put("localRegistered", true);
        body.put("contactName", "王老师");
        body.put("contactPhone", "0574-88880000");
        body.put("contactEmail", "contact@example.org");
        return body;
    }

    /**
     * The person registers a unit and the administrator approves it: the person is its UNIT_ADMIN. Returns the
     * unit's id.
     */
    long approvedUnit(Client registrant, Client admin, String name) {
        Api.Response unit = registrant.post("/api/v1/units", unit(name, newCreditCode()));
        assertThat(unit.status()).as(unit.text()).isEqualTo(201);
        assertThat(unit.json()).containsEntry("status", "PENDING");
        long id = ((Number) unit.json().get("id")).longValue();
        Api.Response approved = admin.post("/api/v1/units/" + id + "/approval", Map.of());
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.json()).containsEntry("status", "APPROVED");
        return id;
    }

    /** The person asks to join the unit in the role; returns the affiliation's id. */
    static long requestToJoin(Client person, long unitId, String role) {
        Api.Response asked = person.post("/api/v1/me/affiliations", Map.of("unitId", unitId, "role", role));
        assertThat(asked.status()).as(asked.text()).isEqualTo(201);
        assertThat(asked.json()).containsEntry("status", "REQUESTED");
        return ((Number) asked.json().get("id")).longValue();
    }

    /** The person asks to join and the unit's administrator confirms: the person holds the role at the unit. */
    static long joined(Client person, Client unitAdmin, long unitId, String role) {
        long affiliation = requestToJoin(person, unitId, role);
        Api.Response confirmed = unitAdmin.post("/api/v1/affiliations/" + affiliation + "/confirmation", Map.of());
        assertThat(confirmed.status()).as(confirmed.text()).isEqualTo(200);
        assertThat(confirmed.json()).containsEntry("status", "CONFIRMED");
        return affiliation;
    }

    /**
     * The administrator creates a staff account with an initial password; its holder changes it to {@link #PASSWORD}.
     */
    Client staff(Client admin, String username, List<String> roles, List<String> programmes) {
        String initial = "Initial-password-" + username + "-handed-over";
        Map<String, Object> body = new HashMap<>();
        body.put("username", username);
        body.put("displayName", "工作人员 " + username);
        body.put("email", username + "@bureau.example.org");
        body.put("roles", roles);
        body.put("programmes", programmes);
        body.put("initialPassword", initial);
        body.put("reason", "新员工入职");
        Api.Response created = admin.post("/api/v1/staff", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        Client first = as(username, initial);
        Api.Response blocked = first.get("/api/v1/me");
        assertThat(blocked.status()).as("an initial password must be changed first: " + blocked.text()).isEqualTo(403);
        assertThat(blocked.text()).contains("password-change-required");
        Api.Response changed = first.post("/api/v1/me/password", Map.of("currentPassword", initial, "newPassword", PASSWORD));
        assertThat(changed.status()).as(changed.text()).isEqualTo(204);
        Client client = as(username, PASSWORD);
        assertThat(client.get("/api/v1/me").status()).isEqualTo(200);
        return client;
    }
}
