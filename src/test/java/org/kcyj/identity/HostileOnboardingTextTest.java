package org.kcyj.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.kcyj.mail.MailDispatcher;
import org.kcyj.support.Api;
import org.kcyj.support.HtmlTree;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Portal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Markup typed into the registration and unit forms (name, title, unit name, address, district, contact) is stored
 * as typed and shown as text on every page that shows it to others: the unit administrator's members page, the
 * bureau's units and people pages, the person's own pages. No page gains an element or an event attribute.
 */
@IntegrationTest
class HostileOnboardingTextTest {
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String IMAGE = "<img src=x onerror=alert(2)>";
    private static final String QUOTE = "\"><svg onload=alert(3)>";

    @LocalServerPort
    int port;
    @Autowired
    MailDispatcher dispatcher;

    @Test
    void markupInAccountAndUnitFieldsReadsBackAsTextOnEveryPage() {
        Onboarding on = new Onboarding(port, dispatcher);
        Onboarding.Person person = Onboarding.newPerson("hostile");
        Map<String, Object> registration = new HashMap<>(person.registration());
        registration.put("displayName", "张" + SCRIPT);
        registration.put("title", "教授" + QUOTE);
        Api.Response registered = on.anonymous().post("/api/v1/registrations", registration);
        assertThat(registered.status()).as(registered.text()).isEqualTo(202);
        Onboarding.Client hostile = on.as(person.username(), Onboarding.PASSWORD);
        Api.Response verified = on.anonymous().post("/api/v1/registrations/verification",
                Map.of("token", on.linkToken(person.email())));
        assertThat(verified.status()).as(verified.text()).isEqualTo(200);

        // they ask to join the demo university, and register a unit of their own with markup in every text
        long university = ((Number) ((List<Map<String, Object>>) Api.as(port, "unitadmin1").get("/api/v1/me").json()
                .get("affiliations")).get(0).get("unitId")).longValue();
        Onboarding.requestToJoin(hostile, university, "APPLICANT");
        Map<String, Object> unit = Onboarding.unit("单位" + IMAGE, Onboarding.newCreditCode());
        unit.put("address", "地址" + QUOTE);
        unit.put("district", "区" + SCRIPT);
        unit.put("contactName", "联系人" + IMAGE);
        Api.Response created = hostile.post("/api/v1/units", unit);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json()).containsEntry("name", "单位" + IMAGE).containsEntry("address", "地址" + QUOTE);

        Portal unitAdmin = Portal.signIn(port, "unitadmin1");
        readsAsText(unitAdmin.get("/portal/unit/members?status=REQUESTED").html(), "张" + SCRIPT, "教授" + QUOTE);
        Portal admin = Portal.signIn(port, "admin");
        readsAsText(admin.get("/portal/admin/units?status=PENDING").html(), "单位" + IMAGE, "地址" + QUOTE,
                "区" + SCRIPT, "联系人" + IMAGE);
        readsAsText(admin.get("/portal/admin/people?q=" + person.username()).html(), "张" + SCRIPT);
        readsAsText(admin.get("/portal/admin/people/" + person.username()).html(), "张" + SCRIPT);
    }

    /** The page has no element a payload could add, and shows each payload as the text it is. */
    private static void readsAsText(String html, String... payloads) {
        HtmlTree page = HtmlTree.parse(html);
        assertThat(page.elements()).extracting(HtmlTree.Element::name)
                .as("no element the payloads name").doesNotContain("svg", "img");
        assertThat(page.elements()).as("no inline script with the payload")
                .noneMatch(e -> e.name().equals("script") && e.text().contains("alert("));
        assertThat(page.elements()).as("no event attributes")
                .noneMatch(e -> e.attributes().keySet().stream().anyMatch(a -> Set.of("onerror", "onload").contains(a)));
        for (String payload : payloads) {
            assertThat(page.text()).as("shown as typed").contains(payload);
        }
    }
}
