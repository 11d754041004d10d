package org.kcyj.shared;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.apache.ibatis.exceptions.PersistenceException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kcyj.workflow.EngineProblems;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Failures of the database under load reach the user as what they are, in their language, not as a 500. */
class ApiExceptionHandlerTest {
    private MockMvc mvc;

    @RestController
    static class Failing {
        @PostMapping("/api/v1/failing/{kind}")
        String fail(@PathVariable String kind) {
            throw switch (kind) {
                case "no-connection" -> new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
                        new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 30000ms"));
                case "no-connection-outside-transaction" -> new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                        new SQLTransientConnectionException("request timed out"));
                case "engine-deadlock" -> new ProcessEngineException("ENGINE-03083 Exception while executing Batch Database Operations",
                        new PersistenceException(new SQLException("ERROR: deadlock detected", "40P01")));
                case "engine-fault" -> new ProcessEngineException("ENGINE-09005 Could not parse BPMN process");
                default -> new CannotAcquireLockException("deadlock detected");
            };
        }
    }

    @BeforeEach
    void setUp() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        mvc = MockMvcBuilders.standaloneSetup(new Failing())
                .setControllerAdvice(new EngineProblems(new ProblemResponses(messages)),
                        new ApiExceptionHandler(new ProblemResponses(messages))).build();
    }

    @Test
    void noFreeConnectionIsA503ThatSaysWhenToLookAgain() throws Exception {
        for (String kind : new String[] {"no-connection", "no-connection-outside-transaction"}) {
            mvc.perform(post("/api/v1/failing/" + kind).header("Accept-Language", "zh-CN"))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string("Retry-After", "60"))
                    .andExpect(jsonPath("$.title").value("系统繁忙"))
                    .andExpect(jsonPath("$.detail").value("系统此刻繁忙，请稍候一分钟后刷新页面查看；如操作没有生效，请再试一次。"));
        }
    }

    @Test
    void aLockLostToAnotherTransactionIsAConflictToTryAgain() throws Exception {
        for (String kind : new String[] {"lock", "engine-deadlock"}) {
            mvc.perform(post("/api/v1/failing/" + kind).header("Accept-Language", "en"))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail").value("Someone else changed this item just now; reload and try again."));
        }
    }

    @Test
    void anEngineFaultThatIsNoRaceIsNotPassedOffAsOne() {
        assertThatThrownBy(() -> mvc.perform(post("/api/v1/failing/engine-fault")))
                .hasRootCauseInstanceOf(ProcessEngineException.class).hasRootCauseMessage("ENGINE-09005 Could not parse BPMN process");
    }
}
