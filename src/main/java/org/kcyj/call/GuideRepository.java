package org.kcyj.call;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class GuideRepository {
    private final JdbcClient jdbc;

    GuideRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the text submitted for approval, replacing an earlier (returned) one. */
    void submitted(long callId, String intro, String eligibility, String contacts, String by, Instant at) {
        int updated = jdbc.sql("""
                        update app.call_guide set intro = ?, eligibility = ?, contacts = ?, submitted_by = ?, submitted_at = ?
                        where call_id = ?""")
                .params(intro, eligibility, contacts, by, CallRepository.ts(at), callId).update();
        if (updated == 0) {
            jdbc.sql("""
                            insert into app.call_guide (call_id, intro, eligibility, contacts, submitted_by, submitted_at)
                            values (?, ?, ?, ?, ?, ?)""")
                    .params(callId, intro, eligibility, contacts, by, CallRepository.ts(at)).update();
        }
    }

    void decided(long callId, String decision, String comment, String by, Instant at) {
        jdbc.sql("""
                        insert into app.call_guide_decision (call_id, decision, comment_text, decided_by, decided_at)
                        values (?, ?, ?, ?, ?)""")
                .params(callId, decision, comment, by, CallRepository.ts(at)).update();
        if (decision.equals("APPROVE")) {
            jdbc.sql("update app.call_guide set approved_by = ?, approved_at = ? where call_id = ?")
                    .params(by, CallRepository.ts(at), callId).update();
        }
    }

    void published(long callId, String documentNumber, Instant at) {
        jdbc.sql("update app.call_guide set document_number = ?, published_at = ? where call_id = ?")
                .params(documentNumber, CallRepository.ts(at), callId).update();
    }

    Optional<Guide> find(long callId) {
        return jdbc.sql("""
                        select call_id, intro, eligibility, contacts, submitted_by, submitted_at, approved_by, approved_at,
                               document_number, published_at
                        from app.call_guide where call_id = ?""")
                .param(callId)
                .query((rs, i) -> new Guide(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), CallRepository.instant(rs, 6), rs.getString(7), CallRepository.instant(rs, 8),
                        rs.getString(9), CallRepository.instant(rs, 10), decisions(callId)))
                .optional();
    }

    List<Guide.Decision> decisions(long callId) {
        return jdbc.sql("""
                        select decision, comment_text, decided_by, decided_at from app.call_guide_decision
                        where call_id = ? order by id""")
                .param(callId)
                .query((rs, i) -> new Guide.Decision(rs.getString(1), rs.getString(2), rs.getString(3),
                        CallRepository.instant(rs, 4)))
                .list();
    }
}
