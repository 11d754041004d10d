package org.kcyj.review.pool;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserDirectory;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Portal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The expert pool's pages: the list, a profile with its record, a new expert, availability, CSV import. */
@IntegrationTest
class ExpertPortalTest {
    @LocalServerPort
    int port;
    @Autowired
    UserDirectory users;

    @Test
    void managersSeeThePoolInTheNavigationAndOthersDoNot() {
        Portal manager = Portal.signIn(port, "manager1");
        String list = manager.get("/portal/experts").html();

        assertThat(list).contains("href=\"/portal/experts\"", "专家库", "reviewer1", "reviewer20", "甬江新材料研究院",
                "国际", "财务", "暂停抽取", "下载 CSV 模板", "enctype=\"multipart/form-data\"");
        assertThat(Portal.signIn(port, "applicant1").get("/portal/inbox").html()).doesNotContain("/portal/experts");
        assertThat(Portal.signIn(port, "director").get("/portal/inbox").html()).doesNotContain("/portal/experts");
        assertThat(Portal.signIn(port, "admin").get("/portal/inbox").html()).contains("/portal/experts");
    }

    @Test
    void theTemplateDownloadsAsUtf8Csv() throws Exception {
        Portal manager = Portal.signIn(port, "manager1");
        assertThat(manager.get("/portal/experts/template.csv").status()).isEqualTo(200);
        java.net.http.HttpHeaders headers = manager.headers("/portal/experts/template.csv");
        assertThat(headers.firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(headers.firstValue("Content-Disposition").orElseThrow()).contains("attachment", ".csv");
        String body = manager.get("/portal/experts/template.csv").html();
        assertThat(body).startsWith("\uFEFF" + PoolFixtures.HEADER + "\r\n").contains("zhang.san");
    }

    @Test
    void aManagerCreatesAnExpertSeesThePasswordOnceAndEditsTheProfile() throws Exception {
        Portal manager = Portal.signIn(port, "manager1");
        assertThat(manager.get("/portal/experts/new").html()).contains("新增专家", "name=\"username\"",
                "name=\"relatives[0].name\"", "name=\"collaborations[1].kind\"");

        Portal.Page invalid = manager.submit("/portal/experts", List.of(entry("username", "portal.expert"),
                entry("name", "门户专家"), entry("email", "portal.expert@example.cn"), entry("disciplineCodes", "430; 4x"),
                entry("collaborations[0].counterpart", "张明"), entry("collaborations[0].kind", "CO_AUTHOR"),
                entry("collaborations[0].year", "1900"), entry("available", "true")));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.html()).contains("提交的内容有误", "is-invalid", "学科代码“4x”不正确", "应在 1950 至",
                "value=\"portal.expert\"", "value=\"430; 4x\"");
        assertThat(users.exists("portal.expert")).isFalse();

        Portal.Page created = manager.submit("/portal/experts", List.of(entry("username", "portal.expert"),
                entry("name", "门户专家"), entry("email", "portal.expert@example.cn"), entry("unitName", "宁波示范研究院"),
                entry("disciplineCodes", "430; 43015"), entry("international", "true"), entry("languages", "英语"),
                entry("available", "true"), entry("relatives[0].name", "王芳"), entry("relatives[0].relation", "配偶"),
                entry("relatives[1].name", ""), entry("relatives[1].relation", ""),
                entry("collaborations[0].counterpart", "张明"), entry("collaborations[0].kind", "CO_AUTHOR"),
                entry("collaborations[0].year", "2024")));
        assertThat(created.status()).as(created.html()).isEqualTo(200);
        java.util.regex.Matcher password = java.util.regex.Pattern.compile("初始密码：(\\w+)").matcher(created.html());
        assertThat(password.find()).as(created.html()).isTrue();
        // signed in, but the initial password must be changed first
        assertThat(PoolFixtures.signInStatus(port, "portal.expert", password.group(1))).isEqualTo(403);
        assertThat(users.rolesOf("portal.expert")).containsExactly(Role.REVIEWER);

        String profile = manager.get("/portal/experts/portal.expert").html();
        assertThat(profile).contains("门户专家", "value=\"430; 43015\"", "value=\"王芳\"", "评审记录", "收到邀请")
                .doesNotContain(password.group(1), "初始密码");
        Portal.Page updated = manager.submit("/portal/experts/portal.expert/profile", List.of(entry("name", "门户专家"),
                entry("email", "portal.expert@example.cn"), entry("disciplineCodes", "520"), entry("finance", "true"),
                entry("relatives[0].name", ""), entry("relatives[0].relation", "")));
        assertThat(updated.status()).as(updated.html()).isEqualTo(200);
        Map<String, Object> stored = Api.as(port, "manager1").get("/api/v1/experts/portal.expert").json();
        assertThat(stored).containsEntry("disciplineCodes", List.of("520")).containsEntry("finance", true)
                .containsEntry("international", false).containsEntry("available", false)
                .containsEntry("relatives", List.of()).containsEntry("collaborations", List.of());

        manager.get("/portal/experts");
        Portal.Page toggled = manager.submit("/portal/experts/portal.expert/availability", List.of(entry("available", "true")));
        assertThat(toggled.status()).isEqualTo(302);
        assertThat(toggled.location()).endsWith("/portal/experts");
        assertThat(Api.as(port, "manager1").get("/api/v1/experts/portal.expert").json()).containsEntry("available", true);
    }

    @Test
    void anImportWithErrorsShowsEveryRowAndColumnAndAGoodOneThePasswords() {
        Portal manager = Portal.signIn(port, "manager1");
        manager.get("/portal/experts");
        Portal.Page refused = manager.upload("/portal/experts/import", "file", "experts.csv",
                PoolFixtures.csv(PoolFixtures.row("portal.imp1", "导入甲"), "portal.imp2,导入乙,bad,,,,430,false,,false,true,,"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.html()).contains("import-errors", "<td>3</td>", "<code>email</code>", "电子邮箱格式不正确",
                "1 处错误");
        assertThat(users.exists("portal.imp1")).isFalse();

        Portal.Page imported = manager.upload("/portal/experts/import", "file", "experts.csv",
                PoolFixtures.csv(PoolFixtures.row("portal.imp1", "导入甲"), PoolFixtures.row("portal.imp2", "导入乙")));
        assertThat(imported.status()).as(imported.html()).isEqualTo(200);
        assertThat(imported.html()).contains("已导入 2 位专家：新增 2 位，更新 0 位", "initial-passwords", "portal.imp1",
                "portal.imp2", "导入甲");
        assertThat(users.rolesOf("portal.imp2")).containsExactly(Role.REVIEWER);
    }

    @Test
    void anImportWithoutTheCsrfTokenIsRefused() throws Exception {
        Portal manager = Portal.signIn(port, "manager1");
        manager.get("/portal/inbox");
        String boundary = "b0undary";
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n\r\n"
                + new String(PoolFixtures.csv(PoolFixtures.row("portal.forged", "伪造")), StandardCharsets.UTF_8)
                + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        Portal.Page forged = manager.postWithoutToken("/portal/experts/import", "multipart/form-data; boundary=" + boundary,
                new String(body, StandardCharsets.UTF_8));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(users.exists("portal.forged")).isFalse();
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/portal/experts/template.csv")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(302);
    }
}
