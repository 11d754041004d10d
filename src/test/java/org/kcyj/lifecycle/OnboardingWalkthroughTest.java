package org.kcyj.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;
import org.kcyj.mail.MailDispatcher;
import org.kcyj.support.BashScript;
import org.kcyj.support.ProductionLikeTest;
import org.kcyj.support.TestMailServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs the bash blocks of docs/walkthrough-onboarding.md, in order, against a fresh product started as in
 * production (no demo data), with the administrator allowed to fire a waiting timer early as the doc starts it:
 * the doc cannot go stale.
 * The doc reads the mailed links from Mailpit's API; here the mail goes to the test mail server, and a stand-in
 * answers the two Mailpit calls the doc makes (search by recipient and subject, newest first; one message with its
 * text) from what that server received.
 */
@ProductionLikeTest
// its own context, so its own empty database
@TestPropertySource(properties = "kcyj.test.context=onboarding-walkthrough")
class OnboardingWalkthroughTest {
    private static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MailDispatcher dispatcher;

    @Test
    void theOnboardingWalkthroughEndsWithASubmittedProposal() throws Exception {
        String doc = Files.readString(Path.of("docs/walkthrough-onboarding.md"), StandardCharsets.UTF_8);
        List<String> blocks = new ArrayList<>();
        Matcher m = BASH_BLOCK.matcher(doc);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(6);
        Path script = Files.createTempFile("walkthrough-onboarding", ".sh");
        Files.writeString(script, "set -euo pipefail\n" + String.join("\n", blocks) + "\necho \"ONBOARDING-DONE $NO\"\n");

        HttpServer mailpit = mailpit();
        try {
            BashScript.Result run = BashScript.run(script, java.util.Map.of("BASE", "http://localhost:" + port,
                    "MAILPIT", "http://localhost:" + mailpit.getAddress().getPort(),
                    "KCYJ_ADMIN_PASSWORD", ProductionLikeTest.ADMIN_PASSWORD), Duration.ofMinutes(8));
            String output = run.output();
            assertThat(run.exitCode()).as(output).isZero();

            Matcher done = Pattern.compile("ONBOARDING-DONE (\\S+)").matcher(output);
            assertThat(done.find()).as(output).isTrue();
            String number = done.group(1);
            assertThat(jdbc.sql("select status from app.proposal where number = ?").param(number).query(String.class).single())
                    .isEqualTo("SUBMITTED");
            assertThat(jdbc.sql("""
                            select u.name from app.proposal p join app.unit u on u.id = p.unit_id
                            where p.number = ? and p.applicant = 'zhaoming'""")
                    .param(number).query(String.class).single()).isEqualTo("宁波甬江大学");
            assertThat(jdbc.sql("select count(*) from app.app_user").query(Integer.class).single())
                    .as("the administrator, two staff, two people: nobody else").isEqualTo(5);
        } finally {
            mailpit.stop(0);
            Files.deleteIfExists(script);
        }
    }

    /**
     * GET /api/v1/search?query=to:ADDRESS subject:"TEXT" (newest first) and GET /api/v1/message/{ID} (with "Text"),
     * as Mailpit answers them, from the test mail server.
     */
    private HttpServer mailpit() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/search", exchange -> {
            dispatcher.flush();
            String query = URLDecoder.decode(exchange.getRequestURI().getRawQuery().replaceFirst("^query=", ""),
                    StandardCharsets.UTF_8);
            Matcher to = Pattern.compile("to:(\\S+)").matcher(query);
            Matcher subject = Pattern.compile("subject:\"([^\"]*)\"").matcher(query);
            String recipient = to.find() ? to.group(1) : "";
            String about = subject.find() ? subject.group(1) : "";
            List<TestMailServer.Message> all = TestMailServer.all();
            List<java.util.Map<String, Object>> found = new ArrayList<>();
            for (int i = all.size() - 1; i >= 0; i--) {
                TestMailServer.Message mail = all.get(i);
                if (mail.recipient().equalsIgnoreCase(recipient) && mail.subject().contains(about)) {
                    found.add(java.util.Map.of("ID", id(mail), "Subject", mail.subject(),
                            "To", List.of(java.util.Map.of("Name", "", "Address", mail.recipient()))));
                }
            }
            answer(exchange, 200, JSON.writeValueAsBytes(java.util.Map.of("total", all.size(),
                    "messages_count", found.size(), "messages", found)));
        });
        server.createContext("/api/v1/message/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/api/v1/message/".length());
            TestMailServer.Message mail = TestMailServer.all().stream().filter(m -> id(m).equals(id)).findFirst().orElse(null);
            if (mail == null) {
                answer(exchange, 404, "{}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            answer(exchange, 200, JSON.writeValueAsBytes(java.util.Map.of("ID", id, "Subject", mail.subject(),
                    "Text", mail.body())));
        });
        server.start();
        return server;
    }

    /**
     * A message's ID: from its content, not its place in the list, which shifts when mail for another mailbox arrives
     * between the search and the fetch (the test mail server lists mail by mailbox).
     */
    private static String id(TestMailServer.Message mail) {
        return Integer.toHexString((mail.recipient() + "\n" + mail.subject() + "\n" + mail.body()).hashCode());
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
