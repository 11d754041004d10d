package org.kcyj.audit;

import java.util.Optional;

/**
 * Who may read the audit trail of a subject. Each module that writes events about its own subjects (proposals and
 * calls, accounts and units) says whether the signed-in user may read them; a subject no module claims is read by
 * all programme staff.
 */
public interface AuditSubjects {
    /** Empty when the subject is not this module's; otherwise whether the signed-in user may read its trail. */
    Optional<Boolean> mayRead(String subject);
}
