package org.kcyj.call;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class DemandRepository {
    private static final String SELECT = """
            select d.id, d.number, d.call_id, c.title, d.owner, d.unit_id, u.name, d.title, d.background,
                   d.duration_months, d.co_funding, d.contact, d.status, d.topic_id, t.code, t.title, d.reason,
                   d.submitted_at, d.decided_at
            from app.demand d join app.programme_call c on c.id = d.call_id join app.unit u on u.id = d.unit_id
                 left join app.call_topic t on t.id = d.topic_id""";
    private final JdbcClient jdbc;

    DemandRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What the eligibility rules read about a demand owner's unit (identity's unit table). */
    record Unit(long id, String name, boolean localRegistered, BigDecimal rdSpend) {
    }

    /** What a demand owner writes. */
    record Content(String title, String background, List<Demand.Indicator> indicators, int durationMonths,
                   BigDecimal coFunding, String contact) {
    }

    Optional<Unit> unit(long unitId) {
        return jdbc.sql("select id, name, local_registered, rd_spend from app.unit where id = ?").param(unitId)
                .query((rs, i) -> new Unit(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getBigDecimal(4)))
                .optional();
    }

    /** Demands of the unit adopted into a topic (alone or merged) of a call that has not closed yet. */
    int activeChallenges(long unitId) {
        return jdbc.sql("""
                        select count(*) from app.demand d join app.programme_call c on c.id = d.call_id
                        where d.unit_id = ? and d.status in ('ADOPTED', 'MERGED') and c.status <> 'CLOSED'""")
                .param(unitId).query(Integer.class).single();
    }

    long insert(String number, long callId, String owner, long unitId, Content c, Instant at) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into app.demand (number, call_id, owner, unit_id, title, background, duration_months,
                            co_funding, contact, status, submitted_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(number, callId, owner, unitId, c.title(), c.background(), c.durationMonths(), c.coFunding(),
                        c.contact(), DemandStatus.SUBMITTED.name(), CallRepository.ts(at))
                .update(key, "id");
        long id = ((Number) key.getKeys().get("id")).longValue();
        int seq = 1;
        for (Demand.Indicator indicator : c.indicators()) {
            jdbc.sql("""
                            insert into app.demand_indicator (demand_id, seq, indicator, target_value, measure_unit)
                            values (?, ?, ?, ?, ?)""")
                    .params(id, seq++, indicator.indicator(), indicator.targetValue(), indicator.measureUnit()).update();
        }
        return id;
    }

    Optional<Demand> byNumber(String number) {
        return jdbc.sql(SELECT + " where d.number = ?").param(number).query(DemandRepository::map).optional()
                .map(this::complete);
    }

    List<Demand> ofCall(long callId) {
        return jdbc.sql(SELECT + " where d.call_id = ? order by d.number").param(callId)
                .query(DemandRepository::map).list().stream().map(this::complete).toList();
    }

    List<Demand> ofUnit(long unitId) {
        return jdbc.sql(SELECT + " where d.unit_id = ? order by d.id desc").param(unitId)
                .query(DemandRepository::map).list().stream().map(this::complete).toList();
    }

    List<Demand> all() {
        return jdbc.sql(SELECT + " order by d.id desc").query(DemandRepository::map).list().stream()
                .map(this::complete).toList();
    }

    /** The call's demands nobody has decided on yet. */
    List<String> undecided(long callId) {
        return jdbc.sql("select number from app.demand where call_id = ? and status = 'SUBMITTED' order by number")
                .param(callId).query(String.class).list();
    }

    void withdrawn(long id, String reason, Instant at) {
        jdbc.sql("update app.demand set status = ?, reason = ?, withdrawn_at = ? where id = ?")
                .params(DemandStatus.WITHDRAWN.name(), reason, CallRepository.ts(at), id).update();
    }

    void rejected(long id, String reason, String by, Instant at) {
        jdbc.sql("update app.demand set status = ?, topic_id = null, reason = ?, decided_by = ?, decided_at = ? where id = ?")
                .params(DemandStatus.REJECTED.name(), reason, by, CallRepository.ts(at), id).update();
    }

    /** Puts the demand into the topic; the statuses of the topic's demands are set by {@link #settle}. */
    void adopted(long id, long topicId, String by, Instant at) {
        jdbc.sql("update app.demand set topic_id = ?, reason = null, decided_by = ?, decided_at = ? where id = ?")
                .params(topicId, by, CallRepository.ts(at), id).update();
    }

    /** The topic is gone or let the demand go: it waits for a decision again. */
    void undecide(long id) {
        jdbc.sql("update app.demand set status = ?, topic_id = null, decided_by = null, decided_at = null where id = ?")
                .params(DemandStatus.SUBMITTED.name(), id).update();
    }

    List<Long> inTopic(long topicId) {
        return jdbc.sql("select id from app.demand where topic_id = ?").param(topicId).query(Long.class).list();
    }

    /** A topic's demands are ADOPTED when it has one, MERGED when it has several. */
    void settle(long topicId) {
        List<Long> ids = inTopic(topicId);
        DemandStatus status = ids.size() > 1 ? DemandStatus.MERGED : DemandStatus.ADOPTED;
        ids.forEach(id -> jdbc.sql("update app.demand set status = ? where id = ?").params(status.name(), id).update());
    }

    private static Demand map(ResultSet rs, int row) throws SQLException {
        Long topicId = rs.getObject(14) == null ? null : rs.getLong(14);
        return new Demand(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9), List.of(), rs.getInt(10),
                rs.getBigDecimal(11), rs.getString(12), DemandStatus.valueOf(rs.getString(13)), topicId,
                rs.getString(15), rs.getString(16), List.of(), rs.getString(17), CallRepository.instant(rs, 18),
                CallRepository.instant(rs, 19));
    }

    /** Adds the indicators and the demands it was merged with. */
    private Demand complete(Demand d) {
        List<String> mergedWith = d.topicId() == null ? List.of() : jdbc.sql(
                        "select number from app.demand where topic_id = ? and id <> ? order by number")
                .params(d.topicId(), d.id()).query(String.class).list();
        List<Demand.Indicator> indicators = jdbc.sql("""
                        select indicator, target_value, measure_unit from app.demand_indicator
                        where demand_id = ? order by seq""")
                .param(d.id()).query((r, i) -> new Demand.Indicator(r.getString(1), r.getString(2), r.getString(3)))
                .list();
        return new Demand(d.id(), d.number(), d.callId(), d.callTitle(), d.owner(), d.unitId(), d.unitName(), d.title(),
                d.background(), indicators, d.durationMonths(), d.coFunding(), d.contact(), d.status(), d.topicId(),
                d.topicCode(), d.topicTitle(), mergedWith, d.reason(), d.submittedAt(), d.decidedAt());
    }
}
