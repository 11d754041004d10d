package org.kcyj.lifecycle;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.kcyj.shared.BusinessTime;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Applications;
import org.kcyj.support.Portal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The lifecycle clicked through the portal's pages and forms, each step found in the user's inbox. */
@IntegrationTest
class PortalJourneyTest {
    private static final String OPINION = "选题紧扣产业需求，技术方案可行，前期基础较好，经费预算基本合理，建议给予支持。".repeat(6);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void demoUsersTakeAProposalFromCallToAcceptanceInThePortal() {
        // The call: created with its window (the guide is published at least 30 days before it opens),
        // one topic, the guide submitted from the inbox step and approved by the director; the
        // administrator then opens the window at once instead of waiting for it.
        LocalDateTime now = LocalDateTime.now(BusinessTime.ZONE).withSecond(0).withNano(0);
        // This journey has no panel (会评): say so, whatever other tests of the shared context set.
        new org.kcyj.support.Scenario(port).parameter("panel.required", "false");
        Portal manager = Portal.signIn(port, "manager1");
        assertThat(manager.get("/portal/calls").html()).contains("新建申报批次");
        Portal.Page missing = manager.submit("/portal/calls", List.of(entry("programmeCode", "XCL")));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.html()).contains("必填");
        assertThat(manager.submit("/portal/calls", List.of(entry("programmeCode", "XCL"), entry("title", "门户演示批次"),
                entry("callYear", String.valueOf(java.time.Year.now(org.kcyj.shared.BusinessTime.ZONE).getValue())), entry("mode", "COMPETITIVE"), entry("budget", "3000"),
                entry("opensAt", now.plusDays(31).toString()), entry("applicationDeadline", now.plusDays(60).toString())))
                .status()).isEqualTo(302);
        long callId = jdbc.sql("select id from app.programme_call where title = '门户演示批次'").query(Long.class).single();
        manager.get("/portal/calls/" + callId + "/topics/new");
        assertThat(manager.submit("/portal/calls/" + callId + "/topics", List.of(entry("code", "01"),
                entry("title", "先进结构材料"), entry("description", "轻量化高强度结构材料及其工程应用。"),
                entry("indicators", "抗拉强度 ≥ 1500 MPa"), entry("maxBudget", "500"), entry("expectedProjects", "3")))
                .status()).isEqualTo(302);
        String draftGuide = manager.taskLink("CALL-" + callId, "Draft guide");
        manager.get(manager.get(draftGuide).location().replaceAll("^https?://[^/]+", ""));
        assertThat(manager.submit("/portal/calls/" + callId + "/guide", List.of(
                entry("intro", "本指南面向新材料领域，公开征集重大专项项目。"), entry("contacts", "项目主管处室 0574-00000000")))
                .status()).isEqualTo(302);
        Portal director = Portal.signIn(port, "director");
        String approveGuide = director.taskLink("CALL-" + callId, "Approve guide");
        director.get(director.get(approveGuide).location().replaceAll("^https?://[^/]+", ""));
        assertThat(director.submit("/portal/calls/" + callId + "/approval", List.of(entry("decision", "APPROVE"))).status())
                .isEqualTo(302);
        Portal opener = Portal.signIn(port, "admin");
        Matcher opens = Pattern.compile("<td>CALL-" + callId + "</td>\\s*<td>Event_WindowOpens</td>.*?action=\"(/portal/admin/timers/[^\"]+)\"",
                Pattern.DOTALL).matcher(opener.get("/portal/admin/timers").html());
        assertThat(opens.find()).isTrue();
        assertThat(opener.submitAndFollow(opens.group(1), List.of()).html()).contains("定时器已触发");

        Portal applicant = Portal.signIn(port, "applicant1");
        assertThat(applicant.get("/portal/calls").html()).contains("门户演示批次");
        Portal.Page draft = applicant.submit("/portal/calls/" + callId + "/proposals", List.of());
        assertThat(draft.status()).isEqualTo(302);
        String number = draft.location().replaceAll(".*/portal/proposals/", "");
        String submit = applicant.taskLink(number, "Draft and submit proposal");
        assertThat(applicant.get(submit).html()).contains("项目申报书", "宁波甬江示范大学");
        Portal.Page saved = applicant.submitAndFollow(submit, List.of(entry("_action", "save"), entry("title", "门户演示项目")));
        assertThat(saved.html()).contains("草稿已保存", "门户演示项目");
        Portal.Page invalid = applicant.submit(submit, List.of(entry("_action", "complete"), entry("title", "门户演示项目")));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.html()).contains("提交的内容有误").contains("必填");
        applicant.get(submit);
        long topic = jdbc.sql("select id from app.call_topic where call_id = ?").param(callId).query(Long.class).single();
        List<Map.Entry<String, String>> complete = new java.util.ArrayList<>(
                Applications.portalFields(Applications.titled(topic, "门户演示项目")));
        complete.add(entry("_action", "complete"));
        assertThat(applicant.submit(submit, complete).status()).isEqualTo(302);
        assertThat(applicant.get("/portal/proposals/" + number).html()).contains("已提交", number + "-SBS-1");

        act("unitadmin1", number, "Unit endorsement", List.of(entry("decision", "ENDORSE")));
        act("manager1", number, "Formal check", List.of(entry("decision", "PASS")));
        act("manager1", number, "Draw or assign reviewers", List.of(entry("reviewers", "reviewer1"), entry("reviewers", "reviewer2"),
                entry("reviewers", "reviewer7")));
        for (String reviewer : List.of("reviewer1", "reviewer2", "reviewer7")) {
            act(reviewer, number, "Respond to invitation", List.of(entry("response", "ACCEPT"), entry("noConflict", "true")));
            List<Map.Entry<String, String>> review = new java.util.ArrayList<>();
            int row = 0;
            for (Map.Entry<String, Integer> c : org.kcyj.support.Reviews.CRITERIA.entrySet()) {
                review.add(entry("criteria[" + row + "].criterion", c.getKey()));
                review.add(entry("criteria[" + row++ + "].score", String.valueOf(c.getValue() - 2)));
            }
            review.addAll(List.of(entry("grade", "A"), entry("fundingOpinion", "PRIORITY"), entry("opinion", OPINION)));
            act(reviewer, number, "Review proposal", review);
        }
        act("manager1", number, "Propose funding", List.of(entry("decision", "FUND"), entry("amount", "100")));
        act("director", number, "Approve funding", List.of(entry("decision", "APPROVE")));
        assertThat(new Portal.Page(0, Portal.signIn(port, "applicant2").get("/").html(), "").html())
                .contains("立项公示", number);

        Portal admin = Portal.signIn(port, "admin");
        String timers = admin.get("/portal/admin/timers").html();
        Matcher fire = Pattern.compile("<td>" + number + "</td>\\s*<td>Event_PublicityEnded</td>.*?action=\"(/portal/admin/timers/[^\"]+)\"",
                Pattern.DOTALL).matcher(timers);
        assertThat(fire.find()).as(timers).isTrue();
        assertThat(admin.submitAndFollow(fire.group(1), List.of()).html()).contains("定时器已触发").doesNotContain(number);
        assertThat(Portal.signIn(port, "manager1").get("/portal/admin/timers").status()).isEqualTo(403);

        LocalDate start = LocalDate.now(BusinessTime.ZONE).plusDays(5);
        act("applicant1", number, "Draft task book", List.of(entry("objectives", "完成样机并通过测试"),
                entry("startDate", start.toString()), entry("endDate", start.plusYears(1).toString()),
                entry("budget", "100"), entry("milestones[0].title", "样机完成"),
                entry("milestones[0].dueDate", start.plusMonths(6).toString()), entry("milestones[0].indicator", "样机 1 台"),
                entry("milestones[1].title", ""), entry("milestones[1].dueDate", "")));
        act("manager1", number, "Confirm task book", List.of(entry("decision", "CONFIRM")));
        act("applicant1", number, "Report milestone", List.of(entry("report", "样机已完成并通过测试。")));
        act("manager1", number, "Check milestone", List.of(entry("decision", "PASS")));
        act("applicant1", number, "Apply for acceptance", List.of(entry("selfEvaluation", "任务书各项指标均已完成。")));
        act("manager1", number, "Record acceptance", List.of(entry("conclusion", "PASSED"), entry("comment", "同意通过验收。")));

        String page = Portal.signIn(port, "applicant1").get("/portal/proposals/" + number).html();
        assertThat(page).contains("已结束", number + "-TZS-1", number + "-RWS-1", number + "-YSS-1");
        assertThat(page).doesNotContain("reviewer1", "reviewer2", "reviewer7", "评审专家1");
        // The record of decisions names each stage in words, the milestone by its number.
        assertThat(page).contains("单位推荐", "形式审查", "立项建议", "立项审批", "任务书确认", "第 1 个里程碑检查", "验收")
                .doesNotContain("MILESTONE_1", "FUNDING_APPROVAL", "??");
        String englishPage = Portal.signIn(port, "applicant1").get("/portal/proposals/" + number + "?lang=en").html();
        Matcher english = Pattern.compile("Closed").matcher(englishPage);
        assertThat(english.find()).isTrue();
        assertThat(englishPage).contains("Milestone 1 check", "Funding approval").doesNotContain("??");
    }

    /** Signs in, opens the step from the inbox, sends its form, and expects to be taken back to the inbox. */
    private void act(String user, String number, String step, List<Map.Entry<String, String>> fields) {
        Portal portal = Portal.signIn(port, user);
        String link = portal.taskLink(number, step);
        assertThat(portal.get(link).status()).isEqualTo(200);
        Portal.Page done = portal.submit(link, fields);
        assertThat(done.status()).as(user + " " + step + ": " + done.html()).isEqualTo(302);
        assertThat(done.location()).endsWith("/portal/inbox");
    }
}
