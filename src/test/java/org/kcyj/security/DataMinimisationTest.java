package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.kcyj.shared.ResidentIdNumber;
import org.kcyj.support.Api;
import org.kcyj.support.Applications;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Portal;
import org.kcyj.support.Scenario;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Each role sees what its task needs of a person's data (docs/security.md, personal data per field and role): the PI's phone and
 * e-mail only for the applicant, the lead unit's administrators and programme managers, on every path they
 * could take (application JSON, the 申报书 PDF, portal pages); a veto names whose integrity record stops the
 * proposal, never the record, to anyone but programme staff.
 */
@IntegrationTest
class DataMinimisationTest {
    static final String PHONE = "13800000001";
    static final String EMAIL = "zhang.ming@example.cn";
    /** The demo's banned person (see DemoData): a serious record for falsified results. */
    static final String BANNED = ResidentIdNumber.withCheckDigit("33020319850312003");

    @LocalServerPort
    int port;

    Api as(String user) {
        return Api.as(port, user);
    }

    @Test
    void thePisContactDataReachOnlyThoseWhoseTaskIsToReachThePi() throws IOException {
        Scenario scenario = new Scenario(port);
        long call = scenario.openCall("数据最小化测试批次", 10);
        String no = scenario.submitted("applicant1", call, Applications.uniquePi());
        scenario.underReview(no);

        // The application as JSON, per role.
        Map<String, Boolean> seesContact = Map.of("applicant1", true, "unitadmin1", true, "manager1", true,
                "director", false, "admin", false, "reviewer1", false, "reviewer2", false);
        seesContact.forEach((user, sees) -> {
            Api.Response content = as(user).get("/api/v1/proposals/" + no + "/content");
            assertThat(content.status()).as(user).isEqualTo(200);
            if (sees) {
                assertThat(content.json()).as(user).containsEntry("piPhone", PHONE).containsEntry("piEmail", EMAIL);
            } else {
                assertThat(content.json()).as(user).doesNotContainKeys("piPhone", "piEmail");
                assertThat(content.text()).as(user).doesNotContain(PHONE, EMAIL);
            }
        });
        // Reviewers still judge conflicts of interest: names, units and the team stay.
        Map<String, Object> asReviewer = as("reviewer1").get("/api/v1/proposals/" + no + "/content").json();
        assertThat(asReviewer).containsKeys("piName", "unitName", "team", "partners");
        assertThat(asReviewer.get("piName")).isEqualTo("张明");

        // The 申报书 every reader downloads (reviewers and panel members included) carries neither.
        for (String user : List.of("reviewer1", "applicant1", "manager1")) {
            Api.Response form = as(user).get("/api/v1/documents/" + no + "-SBS-1");
            assertThat(form.status()).as(user).isEqualTo(200);
            assertThat(text(form.body())).as(user).contains("张明").doesNotContain(PHONE, EMAIL);
        }
        // Nor does any page a reviewer reaches from the proposal.
        Portal reviewer = Portal.signIn(port, "reviewer1");
        for (String path : List.of("/portal/proposals/" + no, "/portal/reviews")) {
            Portal.Page page = reviewer.get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.html()).as(path).doesNotContain(PHONE, EMAIL);
        }
    }

    @Test
    void aVetoNamesWhoseRecordStopsTheProposalButShowsTheRecordOnlyToProgrammeStaff() throws IOException {
        Scenario scenario = new Scenario(port);
        long call = scenario.openCall("诚信否决最小化测试批次", 10);
        Map<String, Object> application = Applications.complete(scenario.topicOf(call));
        application.put("piIdNumber", BANNED);
        Map<String, Object> body = new HashMap<>();
        body.put("callId", call);
        String no = (String) as("applicant1").post("/api/v1/proposals", body).json().get("number");
        assertThat(as("applicant1").post("/api/v1/proposals/" + no + "/submission", application).status()).isEqualTo(200);
        assertThat(as("unitadmin1").post("/api/v1/proposals/" + no + "/endorsement", Map.of("decision", "ENDORSE"))
                .status()).isEqualTo(200);
        assertThat(as("manager1").get("/api/v1/proposals/" + no).json().get("proposal").toString()).contains("VETOED");

        // The record's details (misconduct, penalty, legal basis, period) stay with programme staff.
        List<String> details = List.of("伪造论文成果", "5年内不得申报", "第二十八条", "2030-05-31");
        String staffFindings = as("manager1").get("/api/v1/proposals/" + no + "/formal-check/findings").text();
        assertThat(staffFindings).contains(details.get(0));
        for (String user : List.of("applicant1", "unitadmin1")) {
            String notice = text(as(user).get("/api/v1/documents/" + no + "-XSSC-1").body());
            assertThat(notice).as(user).contains("一票否决", "科研失信");
            details.forEach(d -> assertThat(notice).as(user).doesNotContain(d));
            String overview = as(user).get("/api/v1/proposals/" + no).text();
            assertThat(overview).as(user).contains("VETO");
            details.forEach(d -> assertThat(overview).as(user).doesNotContain(d));
            String page = Portal.signIn(port, user).get("/portal/proposals/" + no).html();
            assertThat(page).as(user).contains("诚信一票否决");
            details.forEach(d -> assertThat(page).as(user).doesNotContain(d));
            assertThat(as(user).get("/api/v1/proposals/" + no + "/formal-check/findings").status()).as(user)
                    .isIn(403, 404);
            assertThat(as(user).get("/api/v1/integrity-records").status()).as(user).isEqualTo(403);
        }
    }

    static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }
}
