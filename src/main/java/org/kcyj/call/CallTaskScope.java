package org.kcyj.call;

import java.util.Set;

import org.kcyj.identity.ProgrammeScope;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.workflow.TaskVisibility;
import org.springframework.stereotype.Component;

/**
 * A call's step offered to programme managers (drafting its guide) is for the managers covering the call's programme
 * ({@link ProgrammeScope}): a manager scoped to other programmes neither sees it in their inbox nor takes it.
 */
@Component
class CallTaskScope implements TaskVisibility {
    private static final String PREFIX = ProgrammeCall.businessKey(0).replace("0", "");

    private final CallRepository calls;
    private final ProgrammeScope scope;

    CallTaskScope(CallRepository calls, ProgrammeScope scope) {
        this.calls = calls;
        this.scope = scope;
    }

    @Override
    public boolean mayWorkOn(UserAccount user, String businessKey, Set<String> candidateGroups) {
        if (businessKey == null || !businessKey.startsWith(PREFIX)
                || !candidateGroups.equals(Set.of(Role.PROGRAM_MANAGER.name()))) {
            return true;
        }
        long id;
        try {
            id = Long.parseLong(businessKey.substring(PREFIX.length()));
        } catch (NumberFormatException notACall) {
            return true;
        }
        return calls.find(id).map(c -> scope.covers(user, c.programmeCode())).orElse(true);
    }
}
