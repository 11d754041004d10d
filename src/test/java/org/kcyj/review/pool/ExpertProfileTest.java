package org.kcyj.review.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.kcyj.audit.AuditLog;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserDirectory;
import org.kcyj.shared.BusinessTime;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Scenario;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Experts one by one through /api/v1/experts: create, replace, validation, accounts, availability, access. */
@IntegrationTest
class ExpertProfileTest {
    @LocalServerPort
    int port;
    @Autowired
    UserDirectory users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AuditLog audit;

    private Api manager() {
        return Api.as(port, "manager1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void creatingAnExpertCreatesTheirAccountAndAnswersItsPasswordOnceThenReplacesTheProfile() throws Exception {
        Api.Response created = manager().put("/api/v1/experts/prof.new", PoolFixtures.profile("新专家"));

        assertThat(created.status()).as(created.text()).isEqualTo(200);
        String password = (String) created.json().get("initialPassword");
        assertThat(password).hasSizeGreaterThanOrEqualTo(12);
        Map<String, Object> expert = (Map<String, Object>) created.json().get("expert");
        assertThat(expert).containsEntry("username", "prof.new").containsEntry("name", "新专家")
                .containsEntry("unitCreditCode", PoolFixtures.UNIT_CODE).containsEntry("available", true)
                .containsEntry("international", false).containsEntry("disciplineCodes", List.of("430"));
        // the password signs in, but the manager saw it: the expert must change it first (403 until then)
        assertThat(PoolFixtures.signInStatus(port, "prof.new", password)).isEqualTo(403);
        assertThat(users.rolesOf("prof.new")).containsExactly(Role.REVIEWER);
        assertThat(users.require("prof.new").unitId()).isNull();

        Map<String, Object> changed = PoolFixtures.profile("新专家");
        String email = (String) changed.get("email");
        changed.put("email", "prof.new@example.org");
        Api.Response repointed = manager().put("/api/v1/experts/prof.new", changed);
        assertThat(repointed.status()).as("only the expert changes their address").isEqualTo(409);
        assertThat(repointed.text()).contains("我的账户");
        changed.put("email", email);
        changed.put("disciplineCodes", "430; 520");
        changed.put("relatives", List.of());
        changed.put("collaborations", List.of(Map.of("counterpart", "李华", "kind", "STUDENT", "year", "2020"),
                Map.of("counterpart", "王五", "kind", "合作", "year", 2023)));
        Api.Response replaced = manager().put("/api/v1/experts/prof.new", changed);

        assertThat(replaced.status()).as(replaced.text()).isEqualTo(200);
        assertThat(replaced.json()).containsEntry("initialPassword", null);
        Map<String, Object> stored = manager().get("/api/v1/experts/prof.new").json();
        assertThat(stored).containsEntry("email", email).containsEntry("relatives", List.of())
                .containsEntry("disciplineCodes", List.of("430", "520"))
                .containsEntry("collaborations", List.of(Map.of("counterpart", "李华", "kind", "STUDENT", "year", 2020),
                        Map.of("counterpart", "王五", "kind", "COLLABORATOR", "year", 2023)));
        assertThat(users.require("prof.new").email()).isEqualTo(email);
        assertThat(PoolFixtures.signInStatus(port, "prof.new", password)).as("the password is unchanged").isEqualTo(403);

        List<AuditLog.Event> events = audit.forSubject("EXPERT-prof.new");
        assertThat(events).extracting(AuditLog.Event::action, AuditLog.Event::stateBefore, AuditLog.Event::stateAfter)
                .containsExactly(tuple("EXPERT_SAVED", null, "AVAILABLE"), tuple("EXPERT_SAVED", "AVAILABLE", "AVAILABLE"));
        assertThat(events.get(0).detail()).contains("account created", "name=新专家").doesNotContain(password);
        assertThat(events.get(1).detail()).contains("disciplineCodes:", "relatives: 王芳:配偶 -> ");
    }

    @Test
    void invalidFieldsAreRefusedTogetherAndNothingIsStored() {
        Map<String, Object> body = PoolFixtures.profile("有误的专家");
        String code = PoolFixtures.UNIT_CODE;
        body.put("unitCreditCode", code.substring(0, 17) + (code.endsWith("0") ? "1" : "0"));
        body.put("disciplineCodes", List.of("430", "4a0"));
        body.put("collaborations", List.of(Map.of("counterpart", "张明", "kind", "RIVAL", "year", 2024)));

        Api.Response refused = manager().put("/api/v1/experts/prof.invalid", body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).contains("application/problem+json");
        assertThat(Scenario.fields(refused))
                .containsExactlyInAnyOrder("unitCreditCode", "disciplineCodes", "collaborations[0].kind");
        assertThat(refused.text()).contains("校验码", "4a0", "CO_AUTHOR");
        assertThat(users.exists("prof.invalid")).isFalse();
        assertThat(manager().get("/api/v1/experts/prof.invalid").status()).isEqualTo(404);

        Api.Response empty = manager().put("/api/v1/experts/no", Map.of());
        assertThat(Scenario.fields(empty)).containsExactlyInAnyOrder("username", "name", "email", "disciplineCodes");
    }

    @Test
    void anAccountWithAStaffOrUnitRoleIsNeverTurnedIntoAnExpert() {
        for (String account : List.of("manager1", "unitadmin1", "director", "enterprise1")) {
            Api.Response refused = Api.as(port, "admin").put("/api/v1/experts/" + account, PoolFixtures.profile("冒用"));

            assertThat(refused.status()).as(account).isEqualTo(409);
            assertThat((String) refused.json().get("detail")).contains(account, "不能同时作为评审专家");
        }
        assertThat(users.rolesOf("manager1")).containsExactly(Role.PROGRAM_MANAGER);
        assertThat(jdbc.sql("select count(*) from app.expert where username in ('manager1', 'unitadmin1', 'director', 'enterprise1')")
                .query(Integer.class).single()).isZero();
    }

    @Test
    void aResearcherMayAlsoBeAnExpertAndKeepsTheirNameAndAddress() {
        users.createUser("researcher.expert", "researcher-password", "钱研究员", "qian@research.example", null, false,
                EnumSet.of(Role.APPLICANT));
        Api.Response elsewhere = Api.as(port, "admin").put("/api/v1/experts/researcher.expert", PoolFixtures.profile("冒用"));
        assertThat(elsewhere.status()).as("the pool never re-points a person's address").isEqualTo(409);

        Map<String, Object> own = new java.util.HashMap<String, Object>(PoolFixtures.profile("冒用"));
        own.put("email", "qian@research.example");
        Api.Response saved = Api.as(port, "admin").put("/api/v1/experts/researcher.expert", own);
        assertThat(saved.status()).as(saved.text()).isEqualTo(200);
        assertThat(users.rolesOf("researcher.expert")).containsExactlyInAnyOrder(Role.APPLICANT, Role.REVIEWER);
        assertThat(users.require("researcher.expert").displayName()).as("the person's own name stays").isEqualTo("钱研究员");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anExpertWhoErasesTheirDataLeavesThePoolAnonymised() {
        users.createUser("erased.expert", "demo", "孙专家", "sun@research.example", null, false, EnumSet.of(Role.APPLICANT));
        Map<String, Object> profile = new java.util.HashMap<String, Object>(PoolFixtures.profile("孙专家"));
        profile.put("email", "sun@research.example");
        profile.put("relatives", List.of(Map.of("name", "孙某", "relation", "配偶")));
        Api.Response saved = Api.as(port, "admin").put("/api/v1/experts/erased.expert", profile);
        assertThat(saved.status()).as(saved.text()).isEqualTo(200);

        Api.Response erased = Api.as(port, "erased.expert").post("/api/v1/me/erasure", Map.of("currentPassword", "demo"));
        assertThat(erased.status()).as(erased.text()).isEqualTo(200);
        assertThat((List<Map<String, Object>>) erased.json().get("erased")).extracting(e -> e.get("field"))
                .contains("expertProfile", "idNumber", "email");
        Map<String, Object> left = jdbc.sql("select name, unit_name, title, available from app.expert where username = ?")
                .param("erased.expert").query().singleRow();
        assertThat(left.get("name")).isEqualTo("已注销专家 erased.expert");
        assertThat(left.get("unit_name")).isNull();
        assertThat(left.get("title")).isNull();
        assertThat(left.get("available")).isEqualTo(false);
        assertThat(jdbc.sql("select count(*) from app.expert_relative where username = 'erased.expert'")
                .query(Integer.class).single()).isZero();
    }

    @Test
    void anAccountWithoutRolesBecomesAReviewerAndKeepsItsPassword() throws Exception {
        users.createUser("prof.bare", "bare-password", "无角色账号", (String) PoolFixtures.profile("无角色账号").get("email"),
                null, false, EnumSet.noneOf(Role.class));

        Api.Response saved = manager().put("/api/v1/experts/prof.bare", PoolFixtures.profile("无角色账号"));

        assertThat(saved.status()).as(saved.text()).isEqualTo(200);
        assertThat(saved.json()).containsEntry("initialPassword", null);
        assertThat(users.rolesOf("prof.bare")).containsExactly(Role.REVIEWER);
        assertThat(PoolFixtures.signInStatus(port, "prof.bare", "bare-password")).isEqualTo(200);
    }

    @Test
    void availabilityIsSwitchedAndRecorded() {
        assertThat(manager().put("/api/v1/experts/prof.leave", PoolFixtures.profile("休假专家")).status()).isEqualTo(200);

        Api.Response off = manager().put("/api/v1/experts/prof.leave/availability", Map.of("available", false));

        assertThat(off.status()).as(off.text()).isEqualTo(200);
        assertThat(off.json()).containsEntry("available", false);
        assertThat(manager().put("/api/v1/experts/prof.leave/availability", Map.of("available", false)).status())
                .isEqualTo(200);
        assertThat(Api.as(port, "admin").put("/api/v1/experts/prof.leave/availability", Map.of("available", true))
                .json()).containsEntry("available", true);
        assertThat(audit.forSubject("EXPERT-prof.leave")).filteredOn(e -> e.action().equals("EXPERT_AVAILABILITY"))
                .extracting(AuditLog.Event::actor, AuditLog.Event::stateBefore, AuditLog.Event::stateAfter)
                .containsExactly(tuple("manager1", "AVAILABLE", "UNAVAILABLE"), tuple("admin", "UNAVAILABLE", "AVAILABLE"));
        assertThat(Scenario.fields(manager().put("/api/v1/experts/prof.leave/availability", Map.of())))
                .containsExactly("available");
        assertThat(manager().put("/api/v1/experts/nobody.here/availability", Map.of("available", false)).status())
                .isEqualTo(404);
        assertThat(manager().get("/api/v1/experts/nobody.here/record").status()).isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDemoPoolHasTwentyExpertsToDrawFrom() {
        List<Map<String, Object>> all = manager().get("/api/v1/experts").jsonList();
        Map<String, Map<String, Object>> demo = new java.util.LinkedHashMap<>();
        all.stream().filter(e -> ((String) e.get("username")).matches("reviewer\\d+"))
                .forEach(e -> demo.put((String) e.get("username"), e));

        assertThat(demo).hasSize(20);
        List<String> usernames = all.stream().map(e -> (String) e.get("username")).toList();
        assertThat(usernames).isSortedAccordingTo(String::compareTo);
        Function<String, List<String>> with = flag -> demo.values().stream().filter(e -> Boolean.TRUE.equals(e.get(flag)))
                .map(e -> (String) e.get("username")).sorted().toList();
        assertThat(with.apply("international")).containsExactly("reviewer15", "reviewer16", "reviewer7", "reviewer8");
        assertThat(demo.values()).filteredOn(e -> Boolean.TRUE.equals(e.get("international")))
                .allSatisfy(e -> assertThat((List<String>) e.get("languages")).contains("英语"));
        assertThat(with.apply("finance")).containsExactly("reviewer18", "reviewer19", "reviewer20");
        assertThat(demo.values()).filteredOn(e -> Boolean.FALSE.equals(e.get("available")))
                .extracting(e -> e.get("username")).containsExactly("reviewer14");
        long materials = demo.values().stream().filter(e -> Boolean.TRUE.equals(e.get("available")))
                .filter(e -> ((List<String>) e.get("disciplineCodes")).stream().anyMatch(c -> c.startsWith("430")))
                .count();
        assertThat(materials).as("available experts for discipline 43015").isGreaterThanOrEqualTo(15);
        int year = LocalDate.now(BusinessTime.ZONE).getYear();
        assertThat(demo.get("reviewer9").get("collaborations"))
                .isEqualTo(List.of(Map.of("counterpart", "张明", "kind", "CO_AUTHOR", "year", year)));
        assertThat(demo.get("reviewer6").get("relatives")).isEqualTo(List.of(Map.of("name", "李华", "relation", "配偶")));
        assertThat(demo.get("reviewer2")).containsEntry("unitName", "甬江新材料研究院");
        assertThat(demo.get("reviewer1")).containsEntry("relatives", List.of()).containsEntry("collaborations", List.of());
        assertThat(users.rolesOf("reviewer20")).containsExactly(Role.REVIEWER);
    }

    @Test
    void theApiDescribesTheProfileBody() {
        String doc = Api.anonymous(port).get("/v3/api-docs").text();
        assertThat(doc).contains("\"/api/v1/experts/{username}\"", "\"/api/v1/experts/import\"", "ExpertProfileInput",
                "disciplineCodes", "initialPassword");
    }

    @Test
    void onlyManagersAndAdminsReachThePool() {
        byte[] file = PoolFixtures.csv(PoolFixtures.row("access.ok", "权限专家"));
        for (String user : List.of("applicant1", "reviewer1", "unitadmin1", "enterprise1", "director")) {
            Api api = Api.as(port, user);
            assertThat(List.of(api.get("/api/v1/experts").status(), api.get("/api/v1/experts/reviewer1").status(),
                    api.put("/api/v1/experts/access.ok", PoolFixtures.profile("权限专家")).status(),
                    api.upload("/api/v1/experts/import", "experts.csv", file).status(),
                    api.put("/api/v1/experts/reviewer1/availability", Map.of("available", false)).status(),
                    api.get("/api/v1/experts/reviewer1/record").status()))
                    .as(user).containsOnly(403);
        }
        assertThat(users.exists("access.ok")).isFalse();
        assertThat(Api.anonymous(port).get("/api/v1/experts").status()).isEqualTo(401);

        for (String user : List.of("manager1", "admin")) {
            Api api = Api.as(port, user);
            String username = "access." + user;
            Map<String, Object> profile = PoolFixtures.profile("权限专家");
            profile.put("email", username + "@example.cn");   // the file's address: a manager may not re-point it
            assertThat(List.of(api.get("/api/v1/experts").status(), api.get("/api/v1/experts/reviewer1").status(),
                    api.put("/api/v1/experts/" + username, profile).status(),
                    api.upload("/api/v1/experts/import", "experts.csv",
                            PoolFixtures.csv(PoolFixtures.row(username, "权限专家"))).status(),
                    api.put("/api/v1/experts/" + username + "/availability", Map.of("available", false)).status(),
                    api.get("/api/v1/experts/reviewer1/record").status()))
                    .as(user).containsOnly(200);
        }
    }
}
