package org.kcyj.proposal;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kcyj.support.Api;
import org.kcyj.support.Applications;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Portal;
import org.kcyj.support.Scenario;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The application, the programme's parameters and the integrity records in the portal's pages. */
@IntegrationTest
class ApplicationPortalTest {
    @LocalServerPort
    int port;

    @Test
    void anApplicantFillsTheFullFormSeesEveryErrorThenSubmits() throws Exception {
        Scenario scenario = new Scenario(port);
        long call = scenario.openCall("门户申报批次", 10);
        long topic = scenario.topicOf(call);
        String number = (String) Api.as(port, "applicant1").post("/api/v1/proposals", Map.of("callId", call)).json()
                .get("number");

        Portal applicant = Portal.signIn(port, "applicant1");
        String task = applicant.taskLink(number, "Draft and submit proposal");
        assertThat(applicant.get(task).html()).contains("项目申报书", "合作单位", "经费明细", "申请回避专家", "诚信承诺",
                "宁波甬江示范大学", "上传附件");

        Map<String, Object> application = Applications.complete(topic);
        String pi = Applications.PI_ID;
        application.put("piIdNumber", pi.substring(0, 17) + (pi.endsWith("1") ? "2" : "1"));
        List<Map.Entry<String, String>> wrong = new ArrayList<>(Applications.portalFields(application));
        wrong.add(entry("_action", "complete"));
        Portal.Page refused = applicant.submit(task, wrong);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.html()).contains("提交的内容有误", "高性能稀土永磁材料关键技术研究");

        byte[] preview = Api.as(port, "applicant1").get("/api/v1/proposals/" + number + "/preview").body();
        assertThat(ApplicationIntegrationTest.text(preview)).contains("草稿", "DRAFT");

        applicant.get(task);
        List<Map.Entry<String, String>> right = new ArrayList<>(Applications.portalFields(Applications.complete(topic)));
        right.add(entry("_action", "complete"));
        assertThat(applicant.submit(task, right).status()).isEqualTo(302);
        String page = applicant.get("/portal/proposals/" + number).html();
        assertThat(page).contains("已提交", number + "-SBS-1", number + "-HZ-1", "撤回修改");
        assertThat(Portal.signIn(port, "applicant2").get("/portal/proposals/" + number).status()).isEqualTo(404);
    }

    @Test
    void managersChangeParametersWithAReasonThatStaysOnRecord() {
        Portal manager = Portal.signIn(port, "manager1");
        assertThat(manager.get("/portal/programmes/ZNZZ/parameters").html()).contains("similarity.threshold", "0.3");
        Portal.Page noReason = manager.submit("/portal/programmes/ZNZZ/parameters/similarity.threshold",
                List.of(entry("value", "0.5"), entry("reason", "")));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(manager.submit("/portal/programmes/ZNZZ/parameters/similarity.threshold",
                List.of(entry("value", "0.5"), entry("reason", "减少误报，提高重复率阈值"))).status()).isEqualTo(302);
        assertThat(manager.get("/portal/programmes/ZNZZ/parameters").html()).contains("0.3 → 0.5", "减少误报");
        assertThat(Portal.signIn(port, "applicant1").get("/portal/programmes/ZNZZ/parameters").status()).isEqualTo(403);
    }

    @Test
    void integrityRecordsAreShownToStaffOnly() {
        assertThat(Portal.signIn(port, "director").get("/portal/integrity-records").html()).contains("王某（演示）", "严重失信",
                "取消申报资格，5年内不得申报市级科技计划项目", "《科研失信行为调查处理规则》第二十八条");
        assertThat(Portal.signIn(port, "applicant1").get("/portal/integrity-records").status()).isEqualTo(403);
    }
}
