package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserDirectory;
import org.kcyj.support.Api;
import org.kcyj.support.Applications;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Scenario;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Holding several roles never widens what a user may do on a proposal: unit, own proposal, reviewers. */
@IntegrationTest
class SeparationOfDutiesTest {
    @LocalServerPort
    int port;
    @Autowired
    UserDirectory users;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void rolesCombinedDoNotCrossUnitsOrReachOnesOwnProposal() {
        long university = users.unitByName("宁波甬江示范大学").orElseThrow();
        long institute = users.unitByName("甬江新材料研究院").orElseThrow();
        users.createUser("sod-manager-unitadmin", "demo", "处室兼研究院管理员", null, institute, false,
                EnumSet.of(Role.PROGRAM_MANAGER, Role.UNIT_ADMIN));
        users.createUser("sod-manager-applicant", "demo", "处室兼申报人", null, university, false,
                EnumSet.of(Role.PROGRAM_MANAGER, Role.APPLICANT));
        users.createUser("sod-reviewer-same-unit", "demo", "同单位专家", "same-unit@experts.example", university, false,
                EnumSet.of(Role.REVIEWER));

        long call = new Scenario(port).openCall("职责分离批次", 20);
        Api manager = Api.as(port, "manager1");

        Api own = Api.as(port, "sod-manager-applicant");
        String no = (String) own.post("/api/v1/proposals", Map.of("callId", call)).json().get("number");
        assertThat(own.post("/api/v1/proposals/" + no + "/submission",
                Applications.titled(new Scenario(port).topicOf(call), "职责分离测试项目")).status())
                .isEqualTo(200);

        // A programme manager who is also the institute's unit admin cannot endorse the university's proposal.
        Api otherUnit = Api.as(port, "sod-manager-unitadmin");
        assertThat(otherUnit.post("/api/v1/proposals/" + no + "/endorsement", Map.of("decision", "ENDORSE")).status())
                .isEqualTo(409);
        assertThat(otherUnit.get("/api/v1/me/tasks").text()).doesNotContain(no);
        assertThat(Api.as(port, "unitadmin1").post("/api/v1/proposals/" + no + "/endorsement",
                Map.of("decision", "ENDORSE")).status()).isEqualTo(200);

        // The applicant who is also a programme manager cannot pass the formal check of their own proposal.
        Api.Response ownCheck = own.post("/api/v1/proposals/" + no + "/formal-check", Map.of("decision", "PASS"));
        assertThat(ownCheck.status()).isEqualTo(403);
        assertThat((String) ownCheck.json().get("detail")).contains("利益回避");
        assertThat(manager.post("/api/v1/proposals/" + no + "/formal-check", Map.of("decision", "PASS")).status())
                .isEqualTo(200);

        // An expert of the applicant's unit is refused as a reviewer, with the rule and its evidence.
        String universityCode = jdbc.sql("select credit_code from app.unit where id = ?").param(university)
                .query(String.class).single();
        Api.Response profile = Api.as(port, "admin").put("/api/v1/experts/sod-reviewer-same-unit", Map.of(
                "name", "同单位专家", "email", "same-unit@experts.example", "unitName", "宁波甬江示范大学",
                "unitCreditCode", universityCode, "disciplineCodes", List.of("430"), "international", false,
                "finance", false, "available", true));
        assertThat(profile.status()).as(profile.text()).isEqualTo(200);
        Api.Response sameUnit = manager.post("/api/v1/proposals/" + no + "/reviewer-assignment",
                Map.of("reviewers", List.of("reviewer1", "reviewer3", "sod-reviewer-same-unit")));
        assertThat(sameUnit.status()).isEqualTo(400);
        assertThat(sameUnit.text()).contains("同一法人单位", "为本项目牵头单位");
        assertThat(manager.post("/api/v1/proposals/" + no + "/reviewer-assignment",
                Map.of("reviewers", List.of("reviewer1", "reviewer3", "reviewer5"))).status()).isEqualTo(200);
    }
}
