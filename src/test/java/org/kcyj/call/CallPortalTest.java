package org.kcyj.call;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.kcyj.identity.UserDirectory;
import org.kcyj.shared.BusinessTime;
import org.kcyj.support.Api;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Portal;
import org.kcyj.support.Scenario;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The call's pages: the manager's workspace, the director's approval, the demand owner's demands, the public guide. */
@IntegrationTest
class CallPortalTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserDirectory users;

    @Test
    void managerDirectorAndDemandOwnerWorkThroughThePortal() {
        Scenario scenario = new Scenario(port);
        scenario.leadDays(30);
        LocalDateTime now = LocalDateTime.now(BusinessTime.ZONE).withSecond(0).withNano(0);

        // The manager creates a call that collects demands; a missing field is shown next to it.
        Portal manager = Portal.signIn(port, "manager1");
        assertThat(manager.get("/portal/calls").html()).contains("新建申报批次", "组织方式", "揭榜挂帅");
        Portal.Page missing = manager.submit("/portal/calls", List.of(entry("programmeCode", "XCL"), entry("mode", "CHALLENGE")));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.html()).contains("提交的内容有误", "必填", "is-invalid");
        Portal.Page created = manager.submit("/portal/calls", List.of(entry("programmeCode", "XCL"),
                entry("title", "门户榜单批次"), entry("callYear", String.valueOf(java.time.Year.now(org.kcyj.shared.BusinessTime.ZONE).getValue())), entry("mode", "CHALLENGE"), entry("budget", "3000"),
                entry("demandDeadline", now.plusDays(5).toString()), entry("opensAt", now.plusDays(10).toString()),
                entry("applicationDeadline", now.plusDays(60).toString()), entry("graceMinutes", "")));
        assertThat(created.status()).as(created.html()).isEqualTo(302);
        long id = jdbc.sql("select id from app.programme_call where title = '门户榜单批次'").query(Long.class).single();
        assertThat(created.location()).endsWith("/portal/calls/" + id);
        assertThat(manager.get("/portal/calls/" + id).html()).contains("门户榜单批次", "征集需求中", "揭榜挂帅");

        // The demand owner finds the call among those collecting and submits two demands.
        String owner = Scenario.demandOwner(users, jdbc, "portal-owner", "门户出题科技有限公司", 800);
        Portal enterprise = Portal.signIn(port, owner);
        assertThat(enterprise.get("/portal/demands").html()).contains("正在征集需求的批次", "门户榜单批次");
        String form = "/portal/calls/" + id + "/demands/new";
        assertThat(enterprise.get(form).html()).contains("提交技术需求", "量化目标指标");
        Portal.Page incomplete = enterprise.submit("/portal/calls/" + id + "/demands", List.of(entry("title", "只有标题")));
        assertThat(incomplete.status()).isEqualTo(400);
        assertThat(incomplete.html()).contains("至少填写一项量化目标指标", "必填");
        String adopted = submitDemand(enterprise, id, "高温磁体");
        String rejected = submitDemand(enterprise, id, "低温磁体");
        assertThat(enterprise.get("/portal/demands/" + adopted).html()).contains("待处理", "矫顽力", "kA/m");

        // The collection ends; the manager condenses and rejects in the workspace.
        scenario.fireTimer(id, CallProcess.EVENT_DEMAND_DEADLINE);
        String workspace = manager.get("/portal/calls/" + id).html();
        assertThat(workspace).contains(adopted, rejected, "门户出题科技有限公司", "还有 2 项需求待处理");
        manager.get("/portal/calls/" + id + "/topics/new");
        Portal.Page topicSaved = manager.submit("/portal/calls/" + id + "/topics", List.of(entry("code", "01"),
                entry("title", "耐高温稀土永磁"), entry("description", "研制 200 ℃ 下稳定工作的永磁体。"),
                entry("indicators", "200 ℃ 下矫顽力保持率 ≥ 90%"), entry("maxBudget", "800"), entry("expectedProjects", "1"),
                entry("demandNumbers", adopted)));
        assertThat(topicSaved.status()).as(topicSaved.html()).isEqualTo(302);
        manager.get("/portal/calls/" + id);
        Portal.Page shortReason = manager.submitAndFollow("/portal/demands/" + rejected + "/rejection",
                List.of(entry("reason", "不合适")));
        assertThat(shortReason.html()).contains("至少 10 个字");
        manager.submitAndFollow("/portal/demands/" + rejected + "/rejection",
                List.of(entry("reason", "与本批次榜单方向不符，建议另行申报。")));

        // The guide step is in the manager's inbox and leads to the workspace; the lead time is explained.
        String draftLink = manager.taskLink("CALL-" + id, "Draft guide");
        Portal.Page toWorkspace = manager.get(draftLink);
        assertThat(toWorkspace.status()).isEqualTo(302);
        assertThat(toWorkspace.location()).endsWith("/portal/calls/" + id);
        manager.get("/portal/calls/" + id);
        Portal.Page tooSoon = manager.submit("/portal/calls/" + id + "/guide", List.of(
                entry("intro", "本榜单面向全社会公开揭榜，不设门槛，能者上。"), entry("contacts", "项目主管处室 0574-00000000")));
        assertThat(tooSoon.status()).isEqualTo(409);
        assertThat(tooSoon.html()).contains("至少 30 天", "alert");
        scenario.leadDays(0);
        Portal.Page submitted = manager.submitAndFollow("/portal/calls/" + id + "/guide", List.of(
                entry("intro", "本榜单面向全社会公开揭榜，不设门槛，能者上。"), entry("contacts", "项目主管处室 0574-00000000")));
        assertThat(submitted.html()).contains("指南已提交分管领导审批", "指南待审批");

        // The director previews the guide as it will be published, refuses a return without reason, approves.
        Portal director = Portal.signIn(port, "director");
        String approveLink = director.taskLink("CALL-" + id, "Approve guide");
        assertThat(director.get(approveLink).location()).endsWith("/portal/calls/" + id + "/approval");
        String approval = director.get("/portal/calls/" + id + "/approval").html();
        assertThat(approval).contains("以下为发布后的指南内容", "耐高温稀土永磁", "本榜单面向全社会公开揭榜", "门户出题科技有限公司");
        Portal.Page noReason = director.submit("/portal/calls/" + id + "/approval", List.of(entry("decision", "RETURN")));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.html()).contains("必须填写理由");
        Portal.Page approved = director.submitAndFollow("/portal/calls/" + id + "/approval",
                List.of(entry("decision", "APPROVE")));
        assertThat(approved.html()).contains("已同意，指南已发布", "指南已发布");
        assertThat(Portal.signIn(port, "manager1").get("/portal/calls/" + id + "/approval").html())
                .doesNotContain("approval-form");

        // The owner reads what became of each demand, the reason of the rejection included.
        String demands = enterprise.get("/portal/demands").html();
        assertThat(demands).contains(adopted, "已采纳", rejected, "未采纳", "与本批次榜单方向不符");
        assertThat(enterprise.get("/portal/demands/" + rejected).html()).contains("未采纳的理由", "建议另行申报");

        // Anyone reads the published guide and its PDF; in English too.
        Portal anonymous = Portal.anonymous(port);
        Portal.Page guide = anonymous.get("/guides/" + id);
        assertThat(guide.status()).isEqualTo(200);
        assertThat(guide.html()).contains("耐高温稀土永磁", "揭榜挂帅", "/guides/" + id + "/pdf", "CALL-" + id + "-ZN-1");
        assertThat(anonymous.get("/guides/" + id + "?lang=en").html()).contains("Challenges", "Open challenge");
        assertThat(Api.anonymous(port).get("/guides/" + id + "/pdf").contentType()).startsWith("application/pdf");
    }

    @Test
    void pagesRefuseWhoMayNotUseThem() {
        long id = new Scenario(port).collectingCall("门户权限批次", 5);
        Portal applicant = Portal.signIn(port, "applicant1");
        assertThat(applicant.get("/portal/calls/" + id).status()).isEqualTo(403);
        assertThat(applicant.get("/portal/calls/" + id + "/approval").status()).isEqualTo(403);
        assertThat(applicant.get("/portal/calls/" + id + "/demands/new").status()).isEqualTo(403);
        assertThat(applicant.get("/portal/demands").status()).isEqualTo(403);
        Portal manager = Portal.signIn(port, "manager1");
        manager.get("/portal/calls/" + id);
        assertThat(manager.submit("/portal/calls/" + id + "/guide", List.of(entry("intro", "x"))).status()).isEqualTo(409);
        assertThat(Portal.anonymous(port).get("/guides/" + id).status()).as("not published").isEqualTo(404);
        assertThat(Portal.anonymous(port).get("/portal/calls/" + id).status()).isEqualTo(302);
    }

    /** Submits the demand form as a person filling it in would; returns the new demand's number. */
    private static String submitDemand(Portal portal, long call, String title) {
        portal.get("/portal/calls/" + call + "/demands/new");
        Portal.Page done = portal.submit("/portal/calls/" + call + "/demands", List.of(entry("title", title),
                entry("background", "现有材料在高温下性能衰减，需要新方案。"), entry("indicators[0].indicator", "矫顽力"),
                entry("indicators[0].targetValue", "≥ 2000"), entry("indicators[0].measureUnit", "kA/m"),
                entry("durationMonths", "24"), entry("coFunding", "300"), entry("contact", "王工 0574-11111111")));
        assertThat(done.status()).as(done.html()).isEqualTo(302);
        Matcher number = Pattern.compile("/portal/demands/(XQ\\d{4}-\\d{4})").matcher(done.location());
        assertThat(number.find()).isTrue();
        return number.group(1);
    }
}
