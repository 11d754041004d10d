package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.kcyj.mail.MailDispatcher;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Portal;
import org.kcyj.support.Scenario;
import org.kcyj.support.TestMailServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reviewers stay anonymous to applicants everywhere. After a proposal has been reviewed, decided and its
 * opinions read and rated, the applicant fetches everything they can reach — every portal page linked from
 * their pages, every GET endpoint of the API with their own ids, every PDF (text and metadata) and every
 * e-mail sent to them — and none of it names a reviewer: no display name, login or e-mail address.
 */
@IntegrationTest
class ReviewerAnonymityTest {
    private static final Pattern HREF = Pattern.compile("href=\"(/[^\"#?]*)");
    private static final Set<String> NEVER_FOLLOW = Set.of("/logout", "/camunda", "/engine-rest", "/webjars", "/css",
            "/swagger-ui", "/v3/api-docs");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MailDispatcher mail;

    @Test
    @SuppressWarnings("unchecked")
    void anApplicantCanReachNothingThatNamesAReviewer() throws Exception {
        Scenario scenario = new Scenario(port);
        long call = scenario.openCall("匿名性检查", 3);
        String no = scenario.submitted("applicant1", call, org.kcyj.support.Applications.uniquePi());
        scenario.underReview(no);
        int score = 80;
        for (String reviewer : Scenario.REVIEWERS) {
            scenario.review(no, reviewer, score += 3, "FUNDABLE");
        }
        // A careless reviewer might sign an opinion: that must not reach the applicant either.
        String signer = Scenario.REVIEWERS.get(0);
        String signature = jdbc.sql("select display_name from app.app_user where username = ?").param(signer)
                .query(String.class).single();
        jdbc.sql("update app.review set opinion = opinion || ? where reviewer = ? and proposal_id = (select id from app.proposal where number = ?)")
                .params("（评审专家：" + signature + "，" + signer + "）", signer, no).update();
        Api manager = Api.as(port, "manager1");
        assertThat(manager.post("/api/v1/proposals/" + no + "/funding-proposal", Map.of("decision", "FUND", "amount", 100)).status())
                .isEqualTo(200);
        assertThat(Api.as(port, "director").post("/api/v1/proposals/" + no + "/funding-approval",
                Map.of("decision", "APPROVE")).status()).isEqualTo(200);
        Api applicant = Api.as(port, "applicant1");
        assertThat(applicant.get("/api/v1/proposals/" + no + "/opinions").status()).isEqualTo(200);
        assertThat(applicant.post("/api/v1/proposals/" + no + "/opinions/1/rating", Map.of("rating", 3)).status()).isEqualTo(200);

        Set<String> identities = identities(Scenario.REVIEWERS);
        List<String> reached = new ArrayList<>();

        // Portal pages: everything linked from the applicant's pages, followed within the portal.
        Portal portal = Portal.signIn(port, "applicant1");
        Deque<String> queue = new ArrayDeque<>(List.of("/", "/portal/inbox", "/portal/proposals", "/portal/proposals/" + no,
                "/portal/proposals/" + no + "/review", "/portal/reviews", "/portal/calls"));
        Set<String> seen = new HashSet<>();
        while (!queue.isEmpty() && seen.size() < 200) {
            String path = queue.pop();
            if (!seen.add(path) || NEVER_FOLLOW.stream().anyMatch(path::startsWith)) {
                continue;
            }
            if (path.startsWith("/api/") || path.endsWith("/pdf") || path.contains("/documents/")) {
                scan(applicant.get(path), path, identities, reached);
                continue;
            }
            Portal.Page page = portal.get(path);
            assertNoIdentity(page.html(), path, identities);
            reached.add(path);
            Matcher links = HREF.matcher(page.html());
            while (links.find()) {
                queue.add(links.group(1));
            }
        }

        // The API: every GET endpoint the OpenAPI document lists, with the applicant's own ids filled in.
        Map<String, Object> paths = (Map<String, Object>) applicant.get("/v3/api-docs").json().get("paths");
        for (Map.Entry<String, Object> entry : paths.entrySet()) {
            if (!((Map<?, ?>) entry.getValue()).containsKey("get")) {
                continue;
            }
            String path = entry.getKey().replace("{number}", no).replace("{subject}", no)
                    .replace("{callId}", String.valueOf(call)).replace("{id}", String.valueOf(call));
            if (path.contains("{")) {
                path = path.replaceAll("\\{[^}]+}", "1");
            }
            scan(applicant.get(path), path, identities, reached);
        }

        // Documents of the proposal, as PDFs: text and metadata.
        for (String number : jdbc.sql("select number from app.document where subject_number in (?, ?)")
                .params(no, "CALL-" + call).query(String.class).list()) {
            scan(applicant.get("/api/v1/documents/" + number), "/api/v1/documents/" + number, identities, reached);
            scan(applicant.get("/api/v1/documents/" + number + "/metadata"), "/api/v1/documents/" + number + "/metadata",
                    identities, reached);
        }
        assertThat(reached).anyMatch(p -> p.contains("-PSFK-")).as("the anonymised opinions PDF was reached");

        // E-mails to the applicant.
        mail.flush();
        String address = jdbc.sql("select email from app.app_user where username = 'applicant1'").query(String.class).single();
        TestMailServer.awaitMessage(address, m -> m.subject().contains(no) && m.subject().contains("评审进展"),
                java.time.Duration.ofSeconds(10));
        for (TestMailServer.Message message : TestMailServer.messagesTo(address)) {
            assertNoIdentity(message.subject() + "\n" + message.body(), "mail " + message.subject(), identities);
        }

        int mails = TestMailServer.messagesTo(address).size();
        assertThat(TestMailServer.messagesTo(address)).as("the applicant was told that the written review is complete")
                .anyMatch(m -> m.subject().contains(no) && m.subject().contains("评审进展"));
        System.out.printf("Reviewer anonymity: %d pages, endpoints and documents reached, %d e-mails read, %d identities searched%n",
                reached.size(), mails, identities.size());

        // Audit views are for staff only.
        assertThat(applicant.get("/api/v1/audit-events?subject=" + no).status()).isEqualTo(403);
        assertThat(reached).hasSizeGreaterThan(20);
    }

    private Set<String> identities(List<String> reviewers) {
        Set<String> identities = new LinkedHashSet<>();
        for (String reviewer : reviewers) {
            identities.add(reviewer);
            jdbc.sql("select display_name, email from app.app_user where username = ?").param(reviewer)
                    .query(rs -> {
                        identities.add(rs.getString(1));
                        identities.add(rs.getString(2));
                    });
            jdbc.sql("select name from app.expert where username = ?").param(reviewer).query(String.class).optional()
                    .ifPresent(identities::add);
        }
        identities.removeIf(s -> s == null || s.isBlank());
        return identities;
    }

    private static void scan(Api.Response response, String path, Set<String> identities, List<String> reached) throws IOException {
        if (response.status() != 200) {
            return;
        }
        reached.add(path);
        if (response.contentType() != null && response.contentType().startsWith("application/pdf")) {
            try (PDDocument pdf = Loader.loadPDF(response.body())) {
                assertNoIdentity(new PDFTextStripper().getText(pdf), path + " (text)", identities);
                PDDocumentInformation info = pdf.getDocumentInformation();
                StringBuilder metadata = new StringBuilder();
                for (String key : info.getMetadataKeys()) {
                    metadata.append(key).append('=').append(info.getCustomMetadataValue(key)).append('\n');
                }
                if (pdf.getDocumentCatalog().getMetadata() != null) {
                    metadata.append(new String(pdf.getDocumentCatalog().getMetadata().toByteArray(),
                            java.nio.charset.StandardCharsets.UTF_8));
                }
                assertNoIdentity(metadata.toString(), path + " (metadata)", identities);
            }
            return;
        }
        assertNoIdentity(response.text(), path, identities);
    }

    private static void assertNoIdentity(String content, String where, Set<String> identities) {
        for (String identity : identities) {
            assertThat(content).as("%s names reviewer identity %s", where, identity).doesNotContain(identity);
        }
    }
}
