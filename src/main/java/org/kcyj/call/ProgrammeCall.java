package org.kcyj.call;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An annual call (申报批次/年度指南) of a programme: its organisation mode, budget (万元), optional demand
 * collection, and the application window from {@code opensAt} to {@code applicationDeadline} plus a grace
 * period. {@code opensAt} is the planned opening the guide announces, {@code openedAt} when it really
 * opened; {@code guideDocument} is the number of the published guide PDF.
 */
public record ProgrammeCall(long id, long programmeId, String programmeCode, String programmeName, String title,
                            int year, OrganisationMode mode, BigDecimal budget, Instant demandDeadline,
                            Instant opensAt, Instant applicationDeadline, int graceMinutes, CallStatus status,
                            Instant publishedAt, Instant openedAt, Instant closedAt, String guideDocument) {

    public String businessKey() {
        return businessKey(id);
    }

    public static String businessKey(long id) {
        return "CALL-" + id;
    }

    /** When applications stop being taken: the deadline plus the grace period. */
    @JsonProperty("closesAt")
    public Instant closesAt() {
        return applicationDeadline.plus(Duration.ofMinutes(graceMinutes));
    }

    public boolean acceptsSubmissionsAt(Instant now) {
        return status == CallStatus.OPEN && !now.isAfter(closesAt());
    }

    /** Demand owners may submit demands: the call collects them and its demand deadline has not passed. */
    public boolean acceptsDemandsAt(Instant now) {
        return status == CallStatus.COLLECTING && demandDeadline != null && !now.isAfter(demandDeadline);
    }
}
