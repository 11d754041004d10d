package org.kcyj.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kcyj.mail.MailDispatcher;
import org.kcyj.support.Api;
import org.kcyj.support.ProductionLikeTest;
import org.kcyj.support.Scenario;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Who belongs to a unit: its administrator confirms or refuses (with a reason) those who ask to join, never their own
 * request; a unit's people are hidden from other units; a person belongs to one unit at a time, so joining another
 * ends the first, the history keeps both and the roles follow.
 */
@ProductionLikeTest
class AffiliationRulesTest {
    @LocalServerPort
    int port;
    @Autowired
    MailDispatcher dispatcher;

    @Test
    @SuppressWarnings("unchecked")
    void unitsDecideOnTheirPeopleAndAPersonBelongsToOneUnitAtATime() {
        Onboarding on = new Onboarding(port, dispatcher);
        Onboarding.Client admin = on.as(ProductionLikeTest.ADMIN, ProductionLikeTest.ADMIN_PASSWORD);
        Onboarding.Person a = Onboarding.newPerson("first-unit-admin");
        Onboarding.Client adminOne = on.registered(a);
        long one = on.approvedUnit(adminOne, admin, "第一单位 " + a.username());
        Onboarding.Person c = Onboarding.newPerson("second-unit-admin");
        Onboarding.Client adminTwo = on.registered(c);
        long two = on.approvedUnit(adminTwo, admin, "第二单位 " + c.username());

        // B joins the first unit
        Onboarding.Person b = Onboarding.newPerson("mover");
        Onboarding.Client mover = on.registered(b);
        long first = Onboarding.requestToJoin(mover, one, "APPLICANT");
        assertThat(mover.post("/api/v1/me/affiliations", Map.of("unitId", one, "role", "APPLICANT")).status())
                .as("one open request per unit and role").isEqualTo(409);
        assertThat(adminTwo.post("/api/v1/affiliations/" + first + "/confirmation", Map.of()).status())
                .as("another unit's request is hidden").isEqualTo(404);
        assertThat(mover.post("/api/v1/affiliations/" + first + "/confirmation", Map.of()).status()).isEqualTo(404);
        Api.Response confirmed = adminOne.post("/api/v1/affiliations/" + first + "/confirmation", Map.of());
        assertThat(confirmed.status()).as(confirmed.text()).isEqualTo(200);
        assertThat(mover.get("/api/v1/me").json()).containsEntry("roles", List.of("APPLICANT")).containsEntry("unitId", (int) one);

        // a unit's people and the unit itself are hidden from other units' administrators and from its members
        assertThat(adminTwo.get("/api/v1/units/" + one + "/members").status()).isEqualTo(404);
        assertThat(adminTwo.get("/api/v1/units/" + one).status()).isEqualTo(404);
        assertThat(mover.get("/api/v1/units/" + one + "/members").status()).isEqualTo(404);
        assertThat(adminOne.get("/api/v1/units/" + one + "/members").status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/units/" + one + "/members").status()).isEqualTo(200);

        // nobody confirms their own request
        long own = Onboarding.requestToJoin(adminOne, one, "APPLICANT");
        Api.Response self = adminOne.post("/api/v1/affiliations/" + own + "/confirmation", Map.of());
        assertThat(self.status()).as(self.text()).isEqualTo(403);
        assertThat(self.text()).contains("self-grant");

        // a refusal needs the reason the person is shown
        Onboarding.Person d = Onboarding.newPerson("refused");
        Onboarding.Client refusedPerson = on.registered(d);
        long asked = Onboarding.requestToJoin(refusedPerson, one, "APPLICANT");
        Api.Response noReason = adminOne.post("/api/v1/affiliations/" + asked + "/refusal", Map.of());
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(Scenario.fields(noReason)).containsExactly("reason");
        Api.Response refused = adminOne.post("/api/v1/affiliations/" + asked + "/refusal", Map.of("reason", "查无此人"));
        assertThat(refused.status()).as(refused.text()).isEqualTo(200);
        assertThat(refused.json()).containsEntry("status", "REFUSED").containsEntry("reason", "查无此人");
        assertThat(on.mail(d.email(), "Your request to join was refused").body()).contains("查无此人");
        assertThat(refusedPerson.get("/api/v1/me").json()).containsEntry("roles", List.of()).containsEntry("unitId", null);
        assertThat(adminOne.post("/api/v1/affiliations/" + asked + "/confirmation", Map.of()).status())
                .as("decided once").isEqualTo(409);

        // B moves to the second unit: the first affiliation ends, the history keeps both, the roles follow
        long second = Onboarding.requestToJoin(mover, two, "APPLICANT");
        assertThat(mover.get("/api/v1/me").json()).as("still at the first unit until the second confirms")
                .containsEntry("unitId", (int) one);
        Api.Response moved = adminTwo.post("/api/v1/affiliations/" + second + "/confirmation", Map.of());
        assertThat(moved.status()).as(moved.text()).isEqualTo(200);
        Map<String, Object> me = mover.get("/api/v1/me").json();
        assertThat(me).containsEntry("roles", List.of("APPLICANT")).containsEntry("unitId", (int) two);
        List<Map<String, Object>> history = mover.get("/api/v1/me/affiliations").jsonList();
        assertThat(history).extracting(h -> h.get("id"), h -> h.get("status"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple((int) second, "CONFIRMED"),
                        org.assertj.core.groups.Tuple.tuple((int) first, "ENDED"));
        assertThat((String) history.get(1).get("endReason")).contains("第二单位");
        Map<String, Object> atFirst = ((List<Map<String, Object>>) adminOne.get("/api/v1/units/" + one + "/members?status=ENDED")
                .json().get("items")).stream().filter(m -> m.get("username").equals(b.username())).findFirst().orElseThrow();
        assertThat(atFirst).containsEntry("status", "ENDED");

        // B leaves: the role goes with the unit
        Api.Response noLeaveReason = mover.post("/api/v1/affiliations/" + second + "/end", Map.of());
        assertThat(noLeaveReason.status()).isEqualTo(400);
        Api.Response left = mover.post("/api/v1/affiliations/" + second + "/end", Map.of("reason", "调离"));
        assertThat(left.status()).as(left.text()).isEqualTo(200);
        assertThat(mover.get("/api/v1/me").json()).containsEntry("roles", List.of()).containsEntry("unitId", null);
        Api.Response draft = mover.post("/api/v1/proposals", Map.of("callId", 1));
        assertThat(draft.status()).as("without a unit, no proposals").isEqualTo(403);
    }
}
