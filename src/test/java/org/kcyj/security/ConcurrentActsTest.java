package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserDirectory;
import org.kcyj.support.Api;
import org.kcyj.support.Applications;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.Scenario;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Two managers acting on one step at the same moment: exactly one wins, the other gets 409, the process moves once. */
@IntegrationTest
class ConcurrentActsTest {
    @LocalServerPort
    int port;
    @Autowired
    UserDirectory users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TaskService tasks;

    @Test
    void twoManagersOnOneFormalCheck() throws Exception {
        if (!users.exists("manager2")) {
            users.createUser("manager2", "demo", "项目主管处室（二）", null, null, false, EnumSet.of(Role.PROGRAM_MANAGER));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String no = endorsedProposal();
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Integer>> answers = new ArrayList<>();
                for (String manager : List.of("manager1", "manager2")) {
                    answers.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return Api.as(port, manager).post("/api/v1/proposals/" + no + "/formal-check",
                                Map.of("decision", "PASS")).status();
                    }));
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> answer : answers) {
                    statuses.add(answer.get(60, TimeUnit.SECONDS));
                }
                assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(200, 409);
                assertThat(jdbc.sql("""
                                select count(*) from app.stage_decision d join app.proposal p on p.id = d.proposal_id
                                where p.number = ? and d.stage = 'FORMAL_CHECK'""").param(no).query(Integer.class).single())
                        .isEqualTo(1);
                assertThat(tasks.createTaskQuery().processInstanceBusinessKey(no).taskDefinitionKey("Task_AssignReviewers")
                        .count()).isEqualTo(1);
                assertThat(jdbc.sql("select status from app.proposal where number = ?").param(no).query(String.class)
                        .single()).isEqualTo("UNDER_REVIEW");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private String endorsedProposal() {
        long call = new Scenario(port).openCall("并发测试批次", 10);
        Api applicant = Api.as(port, "applicant2");
        String no = (String) applicant.post("/api/v1/proposals", Map.of("callId", call)).json().get("number");
        applicant.post("/api/v1/proposals/" + no + "/submission",
                Applications.titled(new Scenario(port).topicOf(call), "并发测试项目"));
        assertThat(Api.as(port, "unitadmin1").post("/api/v1/proposals/" + no + "/endorsement",
                Map.of("decision", "ENDORSE")).status()).isEqualTo(200);
        return no;
    }
}
