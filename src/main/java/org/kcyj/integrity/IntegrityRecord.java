package org.kcyj.integrity;

import java.time.LocalDate;

/**
 * A research-integrity finding (科研诚信记录) against a person (by ID number) or a unit (by credit
 * code); while its ban runs the party may not apply or take part (一票否决).
 *
 * @param banUntil last day of the ban, or null for a ban without end
 */
public record IntegrityRecord(long id, String partyType, String partyName, String partyCode, String misconduct,
                              String severity, String penalty, String decidingBody, String legalBasis,
                              LocalDate effectiveFrom, LocalDate banUntil) {

    public boolean bansOn(LocalDate day) {
        return !day.isBefore(effectiveFrom) && (banUntil == null || !day.isAfter(banUntil));
    }

    /** How the record is cited in a decision: body, basis, finding and ban. */
    public String citation() {
        return "%s（%s）：%s；处理：%s；依据：%s；限制期 %s 至 %s".formatted(decidingBody,
                severity.equals("SERIOUS") ? "严重失信" : "一般失信", misconduct, penalty, legalBasis, effectiveFrom,
                banUntil == null ? "长期" : banUntil.toString());
    }
}
