package org.kcyj.call;

import java.math.BigDecimal;
import java.time.Instant;

/** An annual call (申报批次) of a programme, with its server-side application deadline. */
public record ProgrammeCall(long id, long programmeId, String programmeCode, String programmeName, String title,
                            int year, BigDecimal budget, Instant applicationDeadline, CallStatus status,
                            Instant publishedAt) {

    public String businessKey() {
        return businessKey(id);
    }

    public static String businessKey(long id) {
        return "CALL-" + id;
    }

    public boolean acceptsSubmissionsAt(Instant now) {
        return status == CallStatus.OPEN && !now.isAfter(applicationDeadline);
    }
}
