package org.kcyj.proposal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import org.kcyj.call.CallService;
import org.kcyj.call.ProgrammeCall;
import org.kcyj.programme.ProgrammeParameters;
import org.kcyj.shared.BusinessTime;
import org.springframework.stereotype.Component;

/** Dates of the proposal process's timers and due dates, read from the tables (public: the process's timer and due-date expressions call it with the proposal id variable). */
@Component("proposalSchedule")
public class ProposalSchedule {
    private final ProposalRepository proposals;
    private final ProposalService service;
    private final CallService calls;
    private final ProgrammeParameters parameters;

    ProposalSchedule(ProposalRepository proposals, ProposalService service, CallService calls,
                     ProgrammeParameters parameters) {
        this.proposals = proposals;
        this.service = service;
        this.calls = calls;
        this.parameters = parameters;
    }

    /** When the applicant's open step (submission or correction) lapses. */
    public String submissionDeadline(long proposalId) {
        return iso(service.effectiveDeadline(proposals.byId(proposalId)));
    }

    /** The formal check is due N days (a parameter) after the call closes. */
    public String formalCheckDue(long proposalId) {
        ProgrammeCall call = calls.get(proposals.byId(proposalId).callId());
        int days = parameters.integer(call.programmeId(), ProgrammeParameters.FORMAL_CHECK_DAYS);
        return iso(call.closesAt().plus(java.time.Duration.ofDays(days)));
    }

    private static String iso(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(BusinessTime.zoned(instant));
    }
}
