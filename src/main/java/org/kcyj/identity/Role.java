package org.kcyj.identity;

/** The roles of the programme (architecture.md); Spring authorities are ROLE_ + name. */
public enum Role {
    APPLICANT, UNIT_ADMIN, DEMAND_OWNER, REVIEWER, PROGRAM_MANAGER, DIRECTOR, ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }
}
