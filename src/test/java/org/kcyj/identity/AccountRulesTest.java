package org.kcyj.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * The rules of registration, units and personal data, on a product started as in production: every problem of a
 * registration is told at once; whatever is already known, a well-formed registration gets the same answer and the
 * mailbox is told what happened; nobody signs in before confirming their address; a credit code is checked and
 * registered once; a person downloads everything held about them and has it erased, keeping what the
 * record-keeping rules require.
 */
@ProductionLikeTest
class AccountRulesTest {
    @LocalServerPort
    int port;
    @Autowired
    MailDispatcher dispatcher;

    private Onboarding on() {
        return new Onboarding(port, dispatcher);
    }

    private Onboarding.Client admin() {
        return on().as(ProductionLikeTest.ADMIN, ProductionLikeTest.ADMIN_PASSWORD);
    }

    @Test
    void aWrongIdCheckDigitIsRefusedWithItsField() {
        Onboarding.Person p = Onboarding.newPerson("wrong-id");
        char last = p.idNumber().charAt(17);
        String wrong = p.idNumber().substring(0, 17) + (last == '0' ? '1' : '0');
        Api.Response refused = on().anonymous().post("/api/v1/registrations",
                Onboarding.Person.registration(p.username(), p.email(), wrong));
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(Scenario.fields(refused)).containsExactly("idNumber");
        Map<String, Object> empty = Onboarding.Person.registration(" ", "not-an-address", "");
        empty.put("consent", false);
        empty.put("password", "short");
        Api.Response all = on().anonymous().post("/api/v1/registrations", empty);
        assertThat(all.status()).isEqualTo(400);
        assertThat(Scenario.fields(all)).contains("username", "email", "idNumber", "password", "consent");
    }

    @Test
    void nobodySignsInBeforeConfirmingTheirAddressAndALinkWorksOnce() {
        Onboarding on = on();
        Onboarding.Person p = Onboarding.newPerson("unverified");
        assertThat(on.register(p).status()).isEqualTo(202);
        Onboarding.Client person = on.as(p.username(), Onboarding.PASSWORD);
        assertThat(person.get("/api/v1/me").status()).isEqualTo(401);
        String token = on.linkToken(p.email());
        assertThat(on.anonymous().post("/api/v1/registrations/verification", Map.of("token", "no-such-token")).status())
                .isEqualTo(400);
        assertThat(on.anonymous().post("/api/v1/registrations/verification", Map.of("token", token)).status()).isEqualTo(200);
        assertThat(person.get("/api/v1/me").status()).isEqualTo(200);
        Api.Response again = on.anonymous().post("/api/v1/registrations/verification", Map.of("token", token));
        assertThat(again.status()).as("a link is used once").isEqualTo(400);
    }

    @Test
    void whateverIsKnownAlreadyTheAnswerIsTheSameAndTheMailboxIsTold() {
        Onboarding on = on();
        Onboarding.Person known = Onboarding.newPerson("known");
        Api.Response first = on.register(known);
        assertThat(first.status()).isEqualTo(202);
        assertThat(on.anonymous().post("/api/v1/registrations/verification", Map.of("token", on.linkToken(known.email())))
                .status()).isEqualTo(200);

        Onboarding.Person sameAddress = Onboarding.newPerson("same-address");
        Api.Response byAddress = on.anonymous().post("/api/v1/registrations",
                Onboarding.Person.registration(sameAddress.username(), known.email(), sameAddress.idNumber()));
        Onboarding.Person sameId = Onboarding.newPerson("same-id");
        Api.Response byId = on.anonymous().post("/api/v1/registrations",
                Onboarding.Person.registration(sameId.username(), sameId.email(), known.idNumber()));
        Onboarding.Person sameName = Onboarding.newPerson("same-name");
        Api.Response byName = on.anonymous().post("/api/v1/registrations",
                Onboarding.Person.registration(known.username(), sameName.email(), sameName.idNumber()));
        for (Api.Response answer : List.of(byAddress, byId, byName)) {
            assertThat(answer.status()).as(answer.text()).isEqualTo(202);
            assertThat(answer.text()).isEqualTo(first.text());
        }
        assertThat(on.mail(known.email(), "You already have an account").body()).contains("/password/forgot");
        assertThat(on.mail(sameId.email(), "These details are already registered").body()).contains("one person, one account");
        assertThat(on.mail(known.email(), "Someone registered with your ID number").body()).doesNotContain(sameId.email());
        assertThat(on.mail(sameName.email(), "That account name is taken").body()).contains(known.username());
        for (Onboarding.Person refused : List.of(sameAddress, sameId, sameName)) {
            assertThat(on.as(refused.username(), Onboarding.PASSWORD).get("/api/v1/me").status()).isEqualTo(401);
        }
        Api.Response people = admin().get("/api/v1/people?q=same-");
        assertThat(people.json().get("items")).asList().isEmpty();
    }

    @Test
    void aCreditCodeIsCheckedAndRegisteredOnce() {
        Onboarding on = on();
        Onboarding.Client person = on.registered(Onboarding.newPerson("unit-rules"));
        String code = Onboarding.newCreditCode();
        char last = code.charAt(17);
        String wrong = code.substring(0, 17) + (last == '0' ? '1' : '0');
        Api.Response refused = person.post("/api/v1/units", Onboarding.unit("校验位错误的单位", wrong));
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(Scenario.fields(refused)).containsExactly("creditCode");
        Api.Response registered = person.post("/api/v1/units", Onboarding.unit("只注册一次的单位", code));
        assertThat(registered.status()).as(registered.text()).isEqualTo(201);
        Onboarding.Client other = on.registered(Onboarding.newPerson("unit-rules-other"));
        Api.Response duplicate = other.post("/api/v1/units", Onboarding.unit("同一信用代码的单位", code.toLowerCase()));
        assertThat(duplicate.status()).as(duplicate.text()).isEqualTo(409);
        assertThat(duplicate.text()).contains("duplicate-credit-code");
        Api.Response staffRefused = admin().post("/api/v1/units", Onboarding.unit("局里注册的单位", Onboarding.newCreditCode()));
        assertThat(staffRefused.status()).as("the bureau decides on units; it does not register them").isEqualTo(403);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPersonDownloadsTheirDataAndHasItErased() {
        Onboarding on = on();
        Onboarding.Person p = Onboarding.newPerson("erased");
        Onboarding.Client person = on.registered(p);
        long unit = on.approvedUnit(person, admin(), "注销测试单位 " + p.username());

        Api.Response export = person.get("/api/v1/me/data");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.headers().getFirst("Content-Disposition")).contains("attachment");
        Map<String, Object> data = export.json();
        assertThat((Map<String, Object>) data.get("account")).containsEntry("idNumber", p.idNumber())
                .containsEntry("email", p.email()).containsEntry("unitId", (int) unit);
        assertThat(data.get("roles")).asList().containsExactly("UNIT_ADMIN");
        assertThat((List<Map<String, Object>>) data.get("affiliations")).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("role", "UNIT_ADMIN").containsEntry("status", "CONFIRMED"));
        assertThat(data.get("privacyConsents")).asList().hasSize(1);

        assertThat(person.post("/api/v1/me/erasure", Map.of()).status()).isEqualTo(400);
        Api.Response wrong = person.post("/api/v1/me/erasure", Map.of("currentPassword", "not-my-password-at-all"));
        assertThat(wrong.status()).as(wrong.text()).isEqualTo(400);
        assertThat(person.get("/api/v1/me").status()).as("still there").isEqualTo(200);

        Api.Response erased = person.post("/api/v1/me/erasure", Map.of("currentPassword", Onboarding.PASSWORD));
        assertThat(erased.status()).as(erased.text()).isEqualTo(200);
        assertThat((List<Map<String, Object>>) erased.json().get("erased")).extracting(f -> f.get("field"))
                .contains("displayName", "email", "idNumber", "password");
        assertThat((List<Map<String, Object>>) erased.json().get("kept")).extracting(k -> k.get("item"))
                .contains("username", "affiliations", "auditLog", "privacyConsents");
        assertThat((List<Map<String, Object>>) erased.json().get("kept"))
                .allSatisfy(k -> assertThat((String) k.get("reason")).isNotBlank().doesNotStartWith("erasure."));
        assertThat(person.get("/api/v1/me").status()).isEqualTo(401);

        Map<String, Object> account = admin().get("/api/v1/people/" + p.username()).json();
        assertThat(account).containsEntry("status", "ERASED").containsEntry("email", null)
                .containsEntry("idNumberMasked", null).containsEntry("roles", List.of());
        assertThat((String) account.get("displayName")).doesNotContain("测试");
        Api.Response members = admin().get("/api/v1/units/" + unit + "/members");
        assertThat(members.json().get("items")).asList().singleElement()
                .satisfies(a -> assertThat((Map<String, Object>) a).containsEntry("status", "ENDED"));

        // the ID number and the address are free again: the same person may register afresh
        Onboarding.Person again = new Onboarding.Person(p.username() + "-2", p.email(), p.idNumber());
        assertThat(on.registered(again).get("/api/v1/me").status()).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLastAdministratorCannotEraseThemselves() {
        Onboarding.Client admin = admin();
        Map<String, Object> admins = admin.get("/api/v1/people?role=ADMIN&status=ACTIVE").json();
        assumeTrue(((Number) admins.get("total")).intValue() == 1, "only the first administrator exists");
        Api.Response refused = admin.post("/api/v1/me/erasure", Map.of("currentPassword", ProductionLikeTest.ADMIN_PASSWORD));
        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.text()).contains("last-admin");
        assertThat(admin.get("/api/v1/me").status()).isEqualTo(200);
    }
}
