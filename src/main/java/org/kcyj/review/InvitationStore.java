package org.kcyj.review;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The invitation table. State changes are conditional on the state expected, so a race changes a row once. */
@Repository
class InvitationStore {
    private static final String SELECT = """
            select id, proposal_id, slot, attempt, expert, draw_id, pick_reason, status, invited_at, expires_at,
                   responded_at, response_note, no_conflict_declared_at, review_due_at, reminded_at, escalated_at
            from app.review_invitation""";

    private final JdbcClient jdbc;

    InvitationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insertPending(long proposalId, int slot, int attempt, String expert, Long drawId, String reason, String by,
                       Instant now) {
        jdbc.sql("""
                        insert into app.review_invitation (proposal_id, slot, attempt, expert, draw_id, pick_reason, status,
                                                           created_by, created_at)
                        values (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)""")
                .params(proposalId, slot, attempt, expert, drawId, truncate(reason, 500), by, Timestamp.from(now)).update();
        return jdbc.sql("select id from app.review_invitation where proposal_id = ? and expert = ?")
                .params(proposalId, expert).query(Long.class).single();
    }

    Invitation byId(long id) {
        return jdbc.sql(SELECT + " where id = ?").param(id).query(InvitationStore::map).single();
    }

    Optional<Invitation> pending(long proposalId, int slot) {
        return jdbc.sql(SELECT + " where proposal_id = ? and slot = ? and status = 'PENDING' order by attempt desc")
                .params(proposalId, slot).query(InvitationStore::map).list().stream().findFirst();
    }

    Optional<Invitation> of(long proposalId, String expert) {
        return jdbc.sql(SELECT + " where proposal_id = ? and expert = ?").params(proposalId, expert)
                .query(InvitationStore::map).optional();
    }

    List<Invitation> forProposal(long proposalId) {
        return jdbc.sql(SELECT + " where proposal_id = ? order by slot, attempt").param(proposalId)
                .query(InvitationStore::map).list();
    }

    List<Invitation> forExpert(String expert) {
        return jdbc.sql(SELECT + " where expert = ? order by id desc").param(expert).query(InvitationStore::map).list();
    }

    int lastAttempt(long proposalId, int slot) {
        return jdbc.sql("select coalesce(max(attempt), 0) from app.review_invitation where proposal_id = ? and slot = ?")
                .params(proposalId, slot).query(Integer.class).single();
    }

    Set<String> everInvited(long proposalId) {
        return new HashSet<>(jdbc.sql("select expert from app.review_invitation where proposal_id = ?")
                .param(proposalId).query(String.class).list());
    }

    /** How many of these proposals (a call's) each expert holds (invited, accepted or reviewed). */
    Map<String, Integer> loads(java.util.Collection<Long> proposalIds) {
        Map<String, Integer> loads = new HashMap<>();
        if (proposalIds.isEmpty()) {
            return loads;
        }
        jdbc.sql("""
                        select expert, count(*) from app.review_invitation
                        where proposal_id in (:proposals) and status in ('PENDING', 'INVITED', 'ACCEPTED', 'SUBMITTED')
                        group by expert""")
                .param("proposals", List.copyOf(proposalIds)).query(rs -> {
                    loads.put(rs.getString(1), rs.getInt(2));
                });
        return loads;
    }

    boolean hasAny(long proposalId) {
        return jdbc.sql("select count(*) from app.review_invitation where proposal_id = ?").param(proposalId)
                .query(Integer.class).single() > 0;
    }

    boolean markInvited(long id, Instant now, Instant expires) {
        return jdbc.sql("update app.review_invitation set status = 'INVITED', invited_at = ?, expires_at = ? where id = ? and status = 'PENDING'")
                .params(Timestamp.from(now), Timestamp.from(expires), id).update() == 1;
    }

    boolean accept(long id, Instant now, Instant due) {
        return jdbc.sql("""
                        update app.review_invitation set status = 'ACCEPTED', responded_at = ?, no_conflict_declared_at = ?,
                               review_due_at = ? where id = ? and status = 'INVITED'""")
                .params(Timestamp.from(now), Timestamp.from(now), Timestamp.from(due), id).update() == 1;
    }

    /** Moves an invitation from one state to another; false when it was no longer in the expected state. */
    boolean move(long id, Invitation.Status from, Invitation.Status to, Instant now, String note) {
        return jdbc.sql("""
                        update app.review_invitation set status = ?, responded_at = coalesce(responded_at, ?),
                               response_note = coalesce(?, response_note) where id = ? and status = ?""")
                .params(to.name(), Timestamp.from(now), truncate(note, 1000), id, from.name()).update() == 1;
    }

    void markReminded(long id, Instant now) {
        jdbc.sql("update app.review_invitation set reminded_at = ? where id = ?").params(Timestamp.from(now), id).update();
    }

    void markEscalated(long id, Instant now) {
        jdbc.sql("update app.review_invitation set escalated_at = ? where id = ?").params(Timestamp.from(now), id).update();
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Invitation map(ResultSet rs, int row) throws SQLException {
        long draw = rs.getLong(6);
        Long drawId = rs.wasNull() ? null : draw;
        return new Invitation(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), rs.getString(5),
                drawId, rs.getString(7), Invitation.Status.valueOf(rs.getString(8)), instant(rs, 9),
                instant(rs, 10), instant(rs, 11), rs.getString(12), instant(rs, 13), instant(rs, 14), instant(rs, 15),
                instant(rs, 16));
    }
}
