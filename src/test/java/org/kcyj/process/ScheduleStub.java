package org.kcyj.process;

import java.time.OffsetDateTime;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;


/**
 * Stands in for the {@code proposalSchedule} and {@code publicitySchedule} beans that timer and due-date
 * expressions call with the proposal id variable, e.g. {@code ${proposalSchedule.submissionDeadline(proposalId)}}.
 * Each method returns a settable ISO-8601 date (Ningbo time) and remembers the proposal id it was called with
 * (as the {@code proposalId} entry of {@link #variablesSeenBy}), so tests can check the expression hands it over.
 */
public class ScheduleStub {

    public static final String APPLICATION_DEADLINE = "2030-03-31T17:00:00+08:00";
    public static final String SUBMISSION_DEADLINE = "2030-03-31T17:00:00+08:00";
    public static final String FORMAL_CHECK_DUE = "2030-05-15T17:00:00+08:00";
    public static final String PUBLICITY_END = "2030-09-08T09:00:00+08:00";

    private String applicationDeadline = APPLICATION_DEADLINE;
    private String submissionDeadline = SUBMISSION_DEADLINE;
    private String formalCheckDue = FORMAL_CHECK_DUE;
    private String publicityEnd = PUBLICITY_END;

    private final Map<String, Map<String, Object>> variablesSeen = new HashMap<>();
    private final Map<String, Integer> calls = new HashMap<>();

    public String applicationDeadline(long proposalId) {
        return remember("applicationDeadline", proposalId, applicationDeadline);
    }

    public String submissionDeadline(long proposalId) {
        return remember("submissionDeadline", proposalId, submissionDeadline);
    }

    public String formalCheckDue(long proposalId) {
        return remember("formalCheckDue", proposalId, formalCheckDue);
    }

    public String publicityEnd(long proposalId) {
        return remember("publicityEnd", proposalId, publicityEnd);
    }

    public ScheduleStub withApplicationDeadline(String iso) {
        this.applicationDeadline = iso;
        return this;
    }

    public ScheduleStub withSubmissionDeadline(String iso) {
        this.submissionDeadline = iso;
        return this;
    }

    public ScheduleStub withFormalCheckDue(String iso) {
        this.formalCheckDue = iso;
        return this;
    }

    public ScheduleStub withPublicityEnd(String iso) {
        this.publicityEnd = iso;
        return this;
    }

    /** What the named method was last called with ({@code proposalId}); null if never called. */
    public Map<String, Object> variablesSeenBy(String method) {
        return variablesSeen.get(method);
    }

    /** How many times the named method has been called. */
    public int timesCalled(String method) {
        return calls.getOrDefault(method, 0);
    }

    /** The instant an ISO-8601 string with offset stands for, as the engine stores a job's due date. */
    public static Date asDate(String iso) {
        return Date.from(OffsetDateTime.parse(iso).toInstant());
    }

    private String remember(String method, long proposalId, String answer) {
        variablesSeen.put(method, Map.of("proposalId", proposalId));
        calls.merge(method, 1, Integer::sum);
        return answer;
    }
}
