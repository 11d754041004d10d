package org.kcyj.review.pool;

import org.kcyj.review.ExpertPool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kcyj.audit.AuditLog;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserDirectory;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** CSV import through POST /api/v1/experts/import: all rows or none, every error with its row and column. */
@IntegrationTest
class ExpertImportTest {
    @LocalServerPort
    int port;
    @Autowired
    UserDirectory users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AuditLog audit;

    private Api.Response upload(byte[] file) {
        return Api.as(port, "manager1").upload("/api/v1/experts/import", "experts.csv", file);
    }

    private int experts(String... usernames) {
        return jdbc.sql("select count(*) from app.expert where username in (:names)").param("names", List.of(usernames))
                .query(Integer.class).single();
    }

    private int accounts(String... usernames) {
        return jdbc.sql("select count(*) from app.app_user where username in (:names)").param("names", List.of(usernames))
                .query(Integer.class).single();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> errors(Api.Response response) {
        return (List<Map<String, Object>>) response.json().get("errors");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aValidFileCreatesExpertsWhoseNewAccountsSignInWithTheirInitialPasswords() throws Exception {
        Map<String, Object> existing = PoolFixtures.profile("旧专家");
        existing.put("email", "imp.existing@example.cn");   // a manager may not re-point it later
        assertThat(Api.as(port, "manager1").put("/api/v1/experts/imp.existing", existing).status())
                .isEqualTo(200);
        byte[] file = PoolFixtures.csv(PoolFixtures.row("imp.new1", "新专家甲"),
                "imp.new2,New Expert B,imp.new2@example.org,University of Leeds,,Professor,520,true,英语;德语,true,false,,",
                PoolFixtures.row("imp.existing", "旧专家（改名）"),
                "");

        Api.Response answer = upload(file);

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        Map<String, Object> report = answer.json();
        assertThat(report).containsEntry("rows", 3).containsEntry("created", 2).containsEntry("updated", 1)
                .containsEntry("errors", List.of());
        Map<String, String> passwords = (Map<String, String>) report.get("initialPasswords");
        assertThat(passwords).containsOnlyKeys("imp.new1", "imp.new2");

        Map<String, Object> first = Api.as(port, "manager1").get("/api/v1/experts/imp.new1").json();
        assertThat(first).containsEntry("name", "新专家甲").containsEntry("unitName", "宁波大学, 材料学院")
                .containsEntry("disciplineCodes", List.of("430", "43015"))
                .containsEntry("relatives", List.of(Map.of("name", "王芳", "relation", "配偶")))
                .containsEntry("collaborations", List.of(Map.of("counterpart", "张明", "kind", "CO_AUTHOR", "year", 2024)));
        assertThat(Api.as(port, "manager1").get("/api/v1/experts/imp.new2").json())
                .containsEntry("international", true).containsEntry("languages", List.of("英语", "德语"))
                .containsEntry("finance", true).containsEntry("available", false);
        assertThat(Api.as(port, "manager1").get("/api/v1/experts/imp.existing").json())
                .containsEntry("name", "旧专家（改名）");

        for (String username : List.of("imp.new1", "imp.new2")) {
            // signed in, but the initial password must be changed first
            assertThat(PoolFixtures.signInStatus(port, username, passwords.get(username))).isEqualTo(403);
            assertThat(PoolFixtures.signInStatus(port, username, "demo")).isEqualTo(401);
            assertThat(users.rolesOf(username)).containsExactly(Role.REVIEWER);
        }
        assertThat(users.require("imp.new2").international()).isTrue();
        assertThat(audit.forSubject("EXPERT-imp.new1")).extracting(AuditLog.Event::action, AuditLog.Event::actor)
                .containsExactly(tuple("EXPERT_IMPORTED", "manager1"));
        assertThat(audit.forSubject("EXPERT-imp.existing")).extracting(AuditLog.Event::action)
                .containsExactly("EXPERT_SAVED", "EXPERT_IMPORTED");
        assertThat(audit.forSubject("EXPERT-imp.existing").get(1).detail()).contains("name: 旧专家 -> 旧专家（改名）");
    }

    @Test
    void oneBadRowAmongGoodOnesImportsNothingAndEveryErrorIsListed() {
        String badCode = PoolFixtures.UNIT_CODE.substring(0, 17) + (PoolFixtures.UNIT_CODE.endsWith("0") ? "1" : "0");
        byte[] file = PoolFixtures.csv(
                PoolFixtures.row("bad.good1", "好甲"),
                "bad.row3,坏乙,not-an-address,某单位,,,43,false,,false,true,,",
                PoolFixtures.row("bad.good2", "好丙"),
                "bad.row5,坏丁,bad.row5@example.cn,某单位," + badCode + ",,430,false,,false,true,,\"张明:CO_AUTHOR:2024;李华:FRIEND:2024\"",
                PoolFixtures.row("unitadmin1", "单位管理员不能当专家"));

        Api.Response answer = upload(file);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).contains("application/problem+json");
        assertThat(answer.json()).containsEntry("rows", 5);
        assertThat((String) answer.json().get("detail")).contains("5 处错误", "未导入任何专家");
        assertThat(errors(answer)).extracting(e -> e.get("row"), e -> e.get("column")).containsExactly(
                tuple(3, "email"), tuple(3, "discipline_codes"), tuple(5, "unit_credit_code"),
                tuple(5, "collaborations"), tuple(6, "username"));
        assertThat(errors(answer)).extracting(e -> (String) e.get("message")).satisfiesExactly(
                m -> assertThat(m).contains("电子邮箱"),
                m -> assertThat(m).contains("学科代码“43”"),
                m -> assertThat(m).contains("校验"),
                m -> assertThat(m).startsWith("第 2 项：").contains("CO_AUTHOR"),
                m -> assertThat(m).contains("unitadmin1", "UNIT_ADMIN"));
        assertThat(errors(answer)).allSatisfy(e -> assertThat(e.get("field")).isEqualTo(e.get("column")));
        assertThat(experts("bad.good1", "bad.good2", "bad.row3", "bad.row5", "unitadmin1")).isZero();
        assertThat(accounts("bad.good1", "bad.good2", "bad.row3", "bad.row5")).isZero();
        assertThat(users.rolesOf("unitadmin1")).containsExactly(Role.UNIT_ADMIN);
    }

    @Test
    void aUsernameTwiceInTheFileIsAnErrorOfTheLaterRow() {
        Api.Response answer = upload(PoolFixtures.csv(PoolFixtures.row("dup.one", "甲"), PoolFixtures.row("dup.two", "乙"),
                PoolFixtures.row("DUP.ONE", "丙")));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(errors(answer)).extracting(e -> e.get("row"), e -> e.get("column"), e -> e.get("message"))
                .containsExactly(tuple(4, "username", "用户名与第 2 行重复。"));
        assertThat(experts("dup.one", "dup.two")).isZero();
    }

    @Test
    void aBrokenHeaderOrSyntaxIsReportedWithItsRow() {
        Api.Response header = upload("username,name,e-mail,discipline_codes\r\nx.y,甲,x@example.cn,430\r\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(header.status()).isEqualTo(400);
        assertThat(errors(header)).extracting(e -> e.get("row"), e -> e.get("column"))
                .containsExactlyInAnyOrder(tuple(1, "e-mail"), tuple(1, "email"));

        Api.Response quote = upload(PoolFixtures.csv(PoolFixtures.row("quote.ok", "甲"), "quote.bad,\"乙,x"));
        assertThat(quote.status()).isEqualTo(400);
        assertThat(errors(quote)).extracting(e -> e.get("row"), e -> e.get("message"))
                .containsExactly(tuple(3, "引号未闭合。"));

        Api.Response english = Api.as(port, "manager1").upload("/api/v1/experts/import?lang=en", "experts.csv",
                PoolFixtures.csv("a", "b,c"));
        assertThat(english.status()).isEqualTo(400);
        assertThat(errors(english)).extracting(e -> e.get("row"), e -> e.get("message")).containsExactly(
                tuple(2, "The row has 1 fields but the header has 13 (quote text that holds commas in double quotes)."),
                tuple(3, "The row has 2 fields but the header has 13 (quote text that holds commas in double quotes)."));
        assertThat(experts("quote.ok", "x.y")).isZero();
    }

    @Test
    void filesOverFiveMegabytesOrFiveThousandRowsAreRefusedWhole() {
        byte[] large = new byte[ExpertPool.MAX_IMPORT_BYTES + 1];
        byte[] start = PoolFixtures.csv(PoolFixtures.row("big.one", "甲"));
        System.arraycopy(start, 0, large, 0, start.length);
        java.util.Arrays.fill(large, start.length, large.length, (byte) ' ');
        Api.Response tooLarge = upload(large);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.contentType()).contains("application/problem+json");
        assertThat((String) tooLarge.json().get("detail")).contains("5 MB");

        String[] rows = new String[ExpertPool.MAX_IMPORT_ROWS + 1];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = PoolFixtures.row("many." + i, "专家" + i);
        }
        Api.Response tooMany = upload(PoolFixtures.csv(rows));
        assertThat(tooMany.status()).isEqualTo(413);
        assertThat((String) tooMany.json().get("detail")).contains("5000");
        assertThat(experts("big.one", "many.0", "many.5000")).isZero();
    }

    @Test
    void anUploadWithoutAFileIsRefused() {
        Api.Response answer = Api.as(port, "manager1").post("/api/v1/experts/import", Map.of());
        assertThat(answer.status()).isEqualTo(400);
        assertThat(org.kcyj.support.Scenario.fields(answer)).containsExactly("file");
    }
}
