package org.kcyj.call;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** What other stages look up about calls by id: the call if it exists, its creator, the calls of a programme, a lock. */
@Component
public class CallLookup {
    private final CallRepository calls;

    CallLookup(CallRepository calls) {
        this.calls = calls;
    }

    /** The call; empty for one that does not exist. */
    public Optional<ProgrammeCall> find(long callId) {
        return calls.find(callId);
    }

    /** Who created the call. */
    public String createdBy(long callId) {
        return calls.createdBy(callId);
    }

    /** The ids of the programme's calls. */
    public List<Long> idsOfProgramme(long programmeId) {
        return calls.all().stream().filter(c -> c.programmeId() == programmeId).map(ProgrammeCall::id).toList();
    }

    /**
     * Locks the call's row until the caller's transaction ends, so acts of another stage on the whole call
     * (a draw, convening a panel) happen one after the other.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lock(long callId) {
        calls.lock(callId).orElseThrow(() -> new IllegalStateException("no call " + callId));
    }
}
