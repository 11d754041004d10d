package org.kcyj.workflow;

import org.kcyj.identity.UserAccount;

/** Ownership beyond the task's candidate group, e.g. a unit admin sees only its own unit's proposals. */
public interface TaskVisibility {
    boolean mayWorkOn(UserAccount user, String businessKey);
}
