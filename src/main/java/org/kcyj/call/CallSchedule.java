package org.kcyj.call;

import java.time.format.DateTimeFormatter;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.kcyj.shared.BusinessTime;
import org.springframework.stereotype.Component;

/** Timer dates of the programme-call process, read from the call's table row (public: JUEL calls it). */
@Component("callSchedule")
public class CallSchedule {
    private final CallService calls;

    CallSchedule(CallService calls) {
        this.calls = calls;
    }

    /** When demand collection ends. */
    public String demandDeadline(DelegateExecution execution) {
        return iso(calls.get(CallDelegates.callId(execution)).demandDeadline());
    }

    /** When the application window opens, as the guide announced it. */
    public String windowOpens(DelegateExecution execution) {
        return iso(calls.get(CallDelegates.callId(execution)).opensAt());
    }

    /** When the application window closes: the deadline plus the grace period. */
    public String windowCloses(DelegateExecution execution) {
        return iso(calls.get(CallDelegates.callId(execution)).closesAt());
    }

    private static String iso(java.time.Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(BusinessTime.zoned(instant));
    }
}
