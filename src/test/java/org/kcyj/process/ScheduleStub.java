package org.kcyj.process;

import java.time.OffsetDateTime;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * Stands in for the {@code callSchedule} and {@code publicitySchedule} beans that the timer
 * expressions call, e.g. {@code ${callSchedule.applicationDeadline(execution)}}. Each method
 * returns a fixed ISO-8601 date (Ningbo time) and remembers the variables of the execution it
 * was called with, so tests can check the expression hands the execution over.
 */
public class ScheduleStub {

    public static final String APPLICATION_DEADLINE = "2030-03-31T17:00:00+08:00";
    public static final String PROPOSAL_DEADLINE = "2030-03-31T17:00:00+08:00";
    public static final String PUBLICITY_END = "2030-09-08T09:00:00+08:00";

    private String applicationDeadline = APPLICATION_DEADLINE;
    private String proposalDeadline = PROPOSAL_DEADLINE;
    private String publicityEnd = PUBLICITY_END;

    private final Map<String, Map<String, Object>> variablesSeen = new HashMap<>();

    public String applicationDeadline(DelegateExecution execution) {
        return remember("applicationDeadline", execution, applicationDeadline);
    }

    public String proposalDeadline(DelegateExecution execution) {
        return remember("proposalDeadline", execution, proposalDeadline);
    }

    public String publicityEnd(DelegateExecution execution) {
        return remember("publicityEnd", execution, publicityEnd);
    }

    public ScheduleStub withApplicationDeadline(String iso) {
        this.applicationDeadline = iso;
        return this;
    }

    public ScheduleStub withProposalDeadline(String iso) {
        this.proposalDeadline = iso;
        return this;
    }

    public ScheduleStub withPublicityEnd(String iso) {
        this.publicityEnd = iso;
        return this;
    }

    /** The variables of the execution the named method was last called with; null if never called. */
    public Map<String, Object> variablesSeenBy(String method) {
        return variablesSeen.get(method);
    }

    /** The instant an ISO-8601 string with offset stands for, as the engine stores a job's due date. */
    public static Date asDate(String iso) {
        return Date.from(OffsetDateTime.parse(iso).toInstant());
    }

    private String remember(String method, DelegateExecution execution, String answer) {
        variablesSeen.put(method, new HashMap<>(execution.getVariables()));
        return answer;
    }
}
