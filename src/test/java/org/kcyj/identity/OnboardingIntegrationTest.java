package org.kcyj.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.Year;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kcyj.mail.MailDispatcher;
import org.kcyj.shared.BusinessTime;
import org.kcyj.support.Api;
import org.kcyj.support.Applications;
import org.kcyj.support.ProductionLikeTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * From an empty product (production start-up: only the first administrator) to a submitted proposal, through the
 * REST API alone: the administrator sets up the programme and the bureau's staff, who change their initial
 * passwords; a researcher registers, confirms the mailed link and registers their university, which the bureau
 * approves; a colleague registers and joins it as applicant; the manager publishes a call; the colleague submits.
 */
@ProductionLikeTest
class OnboardingIntegrationTest {
    @LocalServerPort
    int port;
    @Autowired
    MailDispatcher dispatcher;

    @Test
    void fromAnEmptyProductToASubmittedProposal() {
        Onboarding on = new Onboarding(port, dispatcher);
        Onboarding.Client admin = on.as(ProductionLikeTest.ADMIN, ProductionLikeTest.ADMIN_PASSWORD);
        assertThat(on.as("applicant1", "demo").get("/api/v1/me").status()).as("no demo users").isEqualTo(401);
        assertThat(admin.get("/api/v1/me").json().get("roles")).asList().containsExactly("ADMIN");

        // the programme and the bureau's staff
        Api.Response programme = admin.post("/api/v1/programmes", Map.of("code", "XCL", "name", "新材料重大专项"));
        assertThat(programme.status()).as(programme.text()).isEqualTo(201);
        assertThat(admin.post("/api/v1/programmes", Map.of("code", "XCL", "name", "again")).status()).isEqualTo(409);
        Onboarding.Client manager = on.staff(admin, "xcl-manager", List.of("PROGRAM_MANAGER"), List.of("XCL"));
        Onboarding.Client director = on.staff(admin, "bureau-director", List.of("DIRECTOR"), List.of());
        assertThat(manager.get("/api/v1/me").json()).containsEntry("programmes", List.of("XCL"))
                .containsEntry("roles", List.of("PROGRAM_MANAGER"));

        // person A registers, confirms the link, registers a unit; the bureau approves it: A administers it
        Onboarding.Person a = Onboarding.newPerson("researcher-a");
        Api.Response registered = on.register(a);
        assertThat(registered.status()).as(registered.text()).isEqualTo(202);
        assertThat(registered.json()).containsEntry("status", "CHECK_MAILBOX");
        Onboarding.Client personA = on.as(a.username(), Onboarding.PASSWORD);
        assertThat(personA.get("/api/v1/me").status()).as("not before the address is confirmed").isEqualTo(401);
        Api.Response verified = on.anonymous().post("/api/v1/registrations/verification", Map.of("token", on.linkToken(a.email())));
        assertThat(verified.status()).as(verified.text()).isEqualTo(200);
        Map<String, Object> meA = personA.get("/api/v1/me").json();
        assertThat(meA).containsEntry("username", a.username()).containsEntry("roles", List.of()).containsEntry("unitId", null);
        assertThat((String) meA.get("idNumberMasked")).doesNotContain(a.idNumber().substring(6, 14));

        String creditCode = Onboarding.newCreditCode();
        Api.Response unit = personA.post("/api/v1/units", Onboarding.unit("宁波甬江示范大学（入驻测试）", creditCode));
        assertThat(unit.status()).as(unit.text()).isEqualTo(201);
        assertThat(unit.json()).containsEntry("status", "PENDING").containsEntry("creditCode", creditCode)
                .containsEntry("administrators", List.of(a.username()));
        long unitId = ((Number) unit.json().get("id")).longValue();
        assertThat(admin.get("/api/v1/units?status=PENDING&q=" + creditCode).json().get("items")).asList().hasSize(1);
        Api.Response approved = admin.post("/api/v1/units/" + unitId + "/approval", Map.of());
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.json()).containsEntry("status", "APPROVED").containsEntry("decidedBy", ProductionLikeTest.ADMIN);
        assertThat(on.mail(a.email(), "Your unit was approved").body()).contains("宁波甬江示范大学（入驻测试）");
        meA = personA.get("/api/v1/me").json();
        assertThat(meA.get("roles")).asList().containsExactly("UNIT_ADMIN");
        assertThat(((Number) meA.get("unitId")).longValue()).isEqualTo(unitId);

        // person B registers and asks to join as applicant; A confirms
        Onboarding.Person b = Onboarding.newPerson("researcher-b");
        Onboarding.Client personB = on.registered(b);
        Api.Response found = personB.get("/api/v1/units?q=" + creditCode);
        assertThat(found.json().get("items")).asList().hasSize(1);
        Api.Response early = personB.post("/api/v1/proposals", Map.of("callId", 1));
        // the APPLICANT role comes only with a confirmed affiliation: the refusal says so
        assertThat(early.status()).as(early.text()).isEqualTo(403);
        assertThat(early.json()).containsEntry("type", "urn:kcyj:problem:no-confirmed-affiliation");
        assertThat((String) early.json().get("detail")).contains("尚未获得依托单位确认");
        Api.Response asked = personB.post("/api/v1/me/affiliations", Map.of("unitCreditCode", creditCode, "role", "APPLICANT"));
        assertThat(asked.status()).as(asked.text()).isEqualTo(201);
        assertThat(asked.json()).containsEntry("status", "REQUESTED").containsEntry("role", "APPLICANT");
        long affiliation = ((Number) asked.json().get("id")).longValue();
        assertThat(on.mail(a.email(), "A person asks to join your unit").body()).contains("测试 " + b.username());
        assertThat(personB.get("/api/v1/me").json()).containsEntry("roles", List.of());
        Api.Response members = personA.get("/api/v1/units/" + unitId + "/members?status=REQUESTED");
        assertThat(members.status()).as(members.text()).isEqualTo(200);
        assertThat(members.json().get("items")).asList().extracting("username").containsExactly(b.username());
        Api.Response confirmed = personA.post("/api/v1/affiliations/" + affiliation + "/confirmation", Map.of());
        assertThat(confirmed.status()).as(confirmed.text()).isEqualTo(200);
        assertThat(confirmed.json()).containsEntry("status", "CONFIRMED").containsEntry("decidedBy", a.username());
        assertThat(on.mail(b.email(), "You joined your unit").body()).contains("宁波甬江示范大学（入驻测试）");
        Map<String, Object> meB = personB.get("/api/v1/me").json();
        assertThat(meB.get("roles")).asList().containsExactly("APPLICANT");
        assertThat(((Number) meB.get("unitId")).longValue()).isEqualTo(unitId);

        // the manager publishes a call (the guide 30 days before the window, as XCL's default asks); the
        // window-opens timer is fired early by the administrator
        LocalDateTime now = LocalDateTime.now(BusinessTime.ZONE).withNano(0).withSecond(0);
        Api.Response call = manager.post("/api/v1/calls", Map.of("programmeCode", "XCL", "title", "新材料重大专项（入驻测试）",
                "callYear", Year.now(BusinessTime.ZONE).getValue(), "mode", "COMPETITIVE", "budget", 1000,
                "opensAt", now.plusDays(31).toString(), "applicationDeadline", now.plusDays(60).toString()));
        assertThat(call.status()).as(call.text()).isEqualTo(201);
        long callId = ((Number) call.json().get("id")).longValue();
        Api.Response topic = manager.post("/api/v1/calls/" + callId + "/topics", Map.of("code", "01",
                "title", "高性能稀土永磁材料", "description", "面向新能源汽车驱动电机的低重稀土永磁材料研究。",
                "indicators", "矫顽力不低于 2000 kA/m；中试线 1 条", "maxBudget", 500, "expectedProjects", 3));
        assertThat(topic.status()).as(topic.text()).isEqualTo(201);
        long topicId = ((Number) topic.json().get("id")).longValue();
        Api.Response guide = manager.post("/api/v1/calls/" + callId + "/guide", Map.of(
                "intro", "本指南面向新材料重大专项，围绕产业急需的关键材料组织申报。", "contacts", "项目主管处室 0574-00000000"));
        assertThat(guide.status()).as(guide.text()).isEqualTo(200);
        Api.Response guideApproved = director.post("/api/v1/calls/" + callId + "/guide/approval", Map.of("decision", "APPROVE"));
        assertThat(guideApproved.status()).as(guideApproved.text()).isEqualTo(200);
        assertThat(manager.get("/api/v1/calls/" + callId).json()).containsEntry("status", "ANNOUNCED");
        String timer = admin.get("/api/v1/timers?businessKey=CALL-" + callId).jsonList().stream()
                .filter(t -> "Event_WindowOpens".equals(t.get("activityId"))).map(t -> (String) t.get("id"))
                .findFirst().orElseThrow();
        Api.Response fired = admin.post("/api/v1/timers/" + timer + "/execution", Map.of());
        assertThat(fired.status()).as(fired.text()).isEqualTo(200);
        assertThat(personB.get("/api/v1/calls/" + callId).json()).containsEntry("status", "OPEN");

        // B drafts and submits; A, the unit's administrator, endorses it
        Api.Response draft = personB.post("/api/v1/proposals", Map.of("callId", callId));
        assertThat(draft.status()).as(draft.text()).isEqualTo(201);
        String number = (String) draft.json().get("number");
        assertThat(number).matches("KCYJ\\d{4}-XCL-\\d{4}");
        assertThat(status(personB, number)).isEqualTo("DRAFT");
        Api.Response submitted = personB.post("/api/v1/proposals/" + number + "/submission", Applications.complete(topicId));
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(200);
        assertThat(status(personB, number)).isEqualTo("SUBMITTED");
        assertThat(personA.get("/api/v1/proposals/" + number).status()).isEqualTo(200);
        Api.Response endorsed = personA.post("/api/v1/proposals/" + number + "/endorsement", Map.of("decision", "ENDORSE"));
        assertThat(endorsed.status()).as(endorsed.text()).isEqualTo(200);
        assertThat(status(manager, number)).isEqualTo("ENDORSED");
    }

    @SuppressWarnings("unchecked")
    static String status(Onboarding.Client reader, String number) {
        Api.Response read = reader.get("/api/v1/proposals/" + number);
        assertThat(read.status()).as(read.text()).isEqualTo(200);
        return (String) ((Map<String, Object>) read.json().get("proposal")).get("status");
    }
}
