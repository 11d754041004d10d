package org.kcyj.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Scenario;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The public verification page, anonymously, on a real application form (an internal document): not by its
 * number alone, with its check code shown with its status (current, superseded after a resubmission,
 * withdrawn with its proposal); a wrong code answers exactly as an unknown number.
 */
@IntegrationTest
class PublicVerificationTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    String code(String number) {
        return jdbc.sql("select check_code from app.document where number = ?").param(number).query(String.class).single();
    }

    Api.Response verify(String number, String code) {
        return Api.anonymous(port).get("/verify/" + number + (code == null ? "" : "?code=" + code));
    }

    @Test
    void anApplicationFormIsShownOnlyWithItsCodeAndWithItsStatus() {
        Scenario scenario = new Scenario(port);
        String no = scenario.submitted("applicant1", scenario.openCall("公开核验测试批次", 10));
        String first = no + "-SBS-1";
        String code = code(first);

        Api.Response byNumber = verify(first, null);
        Api.Response wrongCode = verify(first, (code.charAt(0) == 'A' ? "B" : "A") + code.substring(1));
        Api.Response unknown = verify(no + "-SBS-9", code);
        String expected = byNumber.text().replace(first, "{number}");
        for (Api.Response answer : new Api.Response[] {byNumber, wrongCode, unknown}) {
            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.contentType()).isEqualTo(byNumber.contentType());
            // the same body but for the number asked about, which the answer repeats as its "instance"
            assertThat(answer.text().replace(first, "{number}").replace(no + "-SBS-9", "{number}")).isEqualTo(expected);
        }
        assertThat(expected).doesNotContain("SBS", "申报书", "CURRENT");

        Api.Response shown = verify(first, code);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json()).containsEntry("number", first).containsEntry("typeCode", "SBS")
                .containsEntry("status", "CURRENT").doesNotContainKey("ownerUsername");

        // the applicant takes it back and submits again: the first form is superseded by the second
        assertThat(Api.as(port, "applicant1").post("/api/v1/proposals/" + no + "/recall", null).status()).isEqualTo(200);
        assertThat(Api.as(port, "applicant1").post("/api/v1/proposals/" + no + "/submission", Map.of()).status())
                .isEqualTo(200);
        assertThat(verify(first, code).json()).containsEntry("status", "SUPERSEDED");
        assertThat(verify(no + "-SBS-2", code(no + "-SBS-2")).json()).containsEntry("status", "CURRENT");

        // withdrawn for good: every document of the proposal shows it
        Api.Response withdrawn = Api.as(port, "applicant1").post("/api/v1/proposals/" + no + "/withdrawal",
                Map.of("reason", "团队调整，不再申报。"));
        assertThat(withdrawn.status()).as(withdrawn.text()).isEqualTo(200);
        assertThat(verify(first, code).json()).containsEntry("status", "WITHDRAWN");
        assertThat(verify(no + "-SBS-2", code(no + "-SBS-2")).json()).containsEntry("status", "WITHDRAWN");
    }
}
