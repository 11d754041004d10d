package org.kcyj.workflow;

import org.kcyj.identity.UserAccount;

/** Ownership beyond the task's candidate group, e.g. a unit admin acts only on its own unit's proposals. */
public interface TaskVisibility {
    /**
     * @param candidateGroups the roles the task is offered to; the check applies whatever other
     *                        roles the user also holds
     */
    boolean mayWorkOn(UserAccount user, String businessKey, java.util.Set<String> candidateGroups);
}
