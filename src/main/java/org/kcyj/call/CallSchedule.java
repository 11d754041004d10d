package org.kcyj.call;

import java.time.format.DateTimeFormatter;

import org.kcyj.shared.BusinessTime;
import org.springframework.stereotype.Component;

/** Timer dates of the programme-call process, read from the call's table row (public: the process's timer expressions call it with the call id variable). */
@Component("callSchedule")
public class CallSchedule {
    private final CallService calls;

    CallSchedule(CallService calls) {
        this.calls = calls;
    }

    /** When demand collection ends. */
    public String demandDeadline(long callId) {
        return iso(calls.get(callId).demandDeadline());
    }

    /** When the application window opens, as the guide announced it. */
    public String windowOpens(long callId) {
        return iso(calls.get(callId).opensAt());
    }

    /** When the application window closes: the deadline plus the grace period. */
    public String windowCloses(long callId) {
        return iso(calls.get(callId).closesAt());
    }

    private static String iso(java.time.Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(BusinessTime.zoned(instant));
    }
}
