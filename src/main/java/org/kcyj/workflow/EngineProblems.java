package org.kcyj.workflow;

import org.camunda.bpm.engine.ProcessEngineException;
import org.kcyj.shared.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The engine's failures on /api/** as problem documents: a race lost to another transaction in the engine (optimistic
 * locking, a task completed meanwhile, a deadlock the database reported through the engine) is a 409 to try again;
 * any other engine failure stays what it is. Kept here so that only this module knows the engine's exception types;
 * the shared handler turns every other refusal into a problem document. Runs just before it.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.LOWEST_PRECEDENCE - 101)
public class EngineProblems {
    private static final Logger log = LoggerFactory.getLogger(EngineProblems.class);
    private final ProblemResponses problems;

    public EngineProblems(ProblemResponses problems) {
        this.problems = problems;
    }

    /**
     * A race lost in the engine (optimistic locking, a task completed meanwhile, a deadlock or serialization
     * failure the database reported through it) is a 409 to try again; any other engine failure stays what it is.
     */
    @ExceptionHandler(ProcessEngineException.class)
    ProblemDetail engine(ProcessEngineException e) {
        if (!Retries.isLostRace(e)) {
            throw e;
        }
        log.info("Concurrent change refused: {}", e.getMessage());
        return problems.of(HttpStatus.CONFLICT, "error.concurrent-change");
    }
}
