package org.kcyj.proposal;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The proposals as the review stage reads them: one or many by id, by number, a call's proposals, and the
 * lock one reviewer replacement at a time takes. No access checks here: the review stage checks who asks.
 */
@Component
public class ProposalsUnderReview {
    private final ProposalRepository proposals;
    private final Clock clock;

    ProposalsUnderReview(ProposalRepository proposals, Clock clock) {
        this.proposals = proposals;
        this.clock = clock;
    }

    /** The proposal; a missing one is a programming error (ids come from the process or review's own rows). */
    public Proposal get(long id) {
        return proposals.byId(id);
    }

    public Optional<Proposal> find(long id) {
        return proposals.byIds(List.of(id)).stream().findFirst();
    }

    public Optional<Proposal> byNumber(String number) {
        return proposals.byNumber(number);
    }

    /** The proposals with these ids, by id, read at once (unknown ids are left out). */
    public Map<Long, Proposal> byIds(Collection<Long> ids) {
        return proposals.byIds(ids).stream().collect(Collectors.toMap(Proposal::id, Function.identity()));
    }

    /** Every proposal of the call, by number. */
    public List<Proposal> ofCall(long callId) {
        return proposals.ofCall(callId);
    }

    /** The call's proposals with this status, by number. */
    public List<Proposal> ofCall(long callId, ProposalStatus status) {
        return proposals.ofCall(callId).stream().filter(p -> p.status() == status).toList();
    }

    /** The call's submitted proposals that were not withdrawn, by number: whose applicants and PIs may not review. */
    public List<Proposal> submittedInCall(long callId) {
        return proposals.ofCall(callId).stream()
                .filter(p -> p.submissionCount() > 0 && p.status() != ProposalStatus.WITHDRAWN).toList();
    }

    /**
     * Locks the proposal's row until the caller's transaction ends: acts on one proposal's review (drawing a
     * replacement) happen one after the other.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lock(long id) {
        proposals.lock(id);
    }

    /** The written review is complete: the proposal moves to REVIEWED; returns the status it had. */
    @Transactional(propagation = Propagation.MANDATORY)
    public ProposalStatus markReviewed(long id) {
        return proposals.changeStatus(id, ProposalStatus.REVIEWED, Instant.now(clock));
    }
}
