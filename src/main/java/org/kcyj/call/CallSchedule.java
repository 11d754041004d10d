package org.kcyj.call;

import java.time.format.DateTimeFormatter;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.kcyj.shared.BusinessTime;
import org.springframework.stereotype.Component;

/** Timer dates of the call and proposal processes, read from the call's table row. */
@Component("callSchedule")
public class CallSchedule {
    private final CallService calls;
    private final ProposalDeadlines proposals;

    CallSchedule(CallService calls, ProposalDeadlines proposals) {
        this.calls = calls;
        this.proposals = proposals;
    }

    public String applicationDeadline(DelegateExecution execution) {
        return iso(calls.get(CallDelegates.callId(execution)).applicationDeadline());
    }

    public String proposalDeadline(DelegateExecution execution) {
        long proposalId = ((Number) execution.getVariable("proposalId")).longValue();
        return iso(proposals.correctionDeadline(proposalId)
                .orElseGet(() -> calls.get(proposals.callOf(proposalId)).applicationDeadline()));
    }

    private static String iso(java.time.Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(BusinessTime.zoned(instant));
    }
}
