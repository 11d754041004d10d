package org.kcyj.identity;

/** The roles of the programme (docs/programme-rules.md, "Roles"); Spring authorities are ROLE_ + name. */
public enum Role {
    APPLICANT, UNIT_ADMIN, DEMAND_OWNER, REVIEWER, PROGRAM_MANAGER, DIRECTOR, ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }
}
