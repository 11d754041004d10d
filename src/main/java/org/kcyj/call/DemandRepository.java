package org.kcyj.call;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.kcyj.identity.UnitRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class DemandRepository {
    private static final String SELECT = """
            select d.id, d.number, d.call_id, c.title, d.owner, d.unit_id, d.title, d.background,
                   d.duration_months, d.co_funding, d.contact, d.status, d.topic_id, t.code, t.title, d.reason,
                   d.submitted_at, d.decided_at
            from app.demand d join app.programme_call c on c.id = d.call_id
                 left join app.call_topic t on t.id = d.topic_id""";
    private final JdbcClient jdbc;
    /** Identity keeps the units: their names are read from it, all of a list's at once. */
    private final UnitRegistry units;

    DemandRepository(JdbcClient jdbc, UnitRegistry units) {
        this.jdbc = jdbc;
        this.units = units;
    }

    /** What a demand owner writes. */
    record Content(String title, String background, List<Demand.Indicator> indicators, int durationMonths,
                   BigDecimal coFunding, String contact) {
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
                .map(d -> complete(d, units.names(List.of(d.unitId()))));
    }

    List<Demand> ofCall(long callId) {
        return completed(jdbc.sql(SELECT + " where d.call_id = ? order by d.number").param(callId)
                .query(DemandRepository::map).list());
    }

    List<Demand> ofUnit(long unitId) {
        return completed(jdbc.sql(SELECT + " where d.unit_id = ? order by d.id desc").param(unitId)
                .query(DemandRepository::map).list());
    }

    List<Demand> all() {
        return completed(jdbc.sql(SELECT + " order by d.id desc").query(DemandRepository::map).list());
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

    /** A demand as stored; its unit's name, indicators and merged demands are added by {@link #complete}. */
    private static Demand map(ResultSet rs, int row) throws SQLException {
        Long topicId = rs.getObject(13) == null ? null : rs.getLong(13);
        return new Demand(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getLong(6), null, rs.getString(7), rs.getString(8), List.of(), rs.getInt(9),
                rs.getBigDecimal(10), rs.getString(11), DemandStatus.valueOf(rs.getString(12)), topicId,
                rs.getString(14), rs.getString(15), List.of(), rs.getString(16), CallRepository.instant(rs, 17),
                CallRepository.instant(rs, 18));
    }

    private List<Demand> completed(List<Demand> demands) {
        Map<Long, String> unitNames = units.names(demands.stream().map(Demand::unitId).collect(Collectors.toSet()));
        return demands.stream().map(d -> complete(d, unitNames)).toList();
    }

    /** Adds the unit's name, the indicators and the demands it was merged with. */
    private Demand complete(Demand d, Map<Long, String> unitNames) {
        List<String> mergedWith = d.topicId() == null ? List.of() : jdbc.sql(
                        "select number from app.demand where topic_id = ? and id <> ? order by number")
                .params(d.topicId(), d.id()).query(String.class).list();
        List<Demand.Indicator> indicators = jdbc.sql("""
                        select indicator, target_value, measure_unit from app.demand_indicator
                        where demand_id = ? order by seq""")
                .param(d.id()).query((r, i) -> new Demand.Indicator(r.getString(1), r.getString(2), r.getString(3)))
                .list();
        return new Demand(d.id(), d.number(), d.callId(), d.callTitle(), d.owner(), d.unitId(), unitNames.get(d.unitId()), d.title(),
                d.background(), indicators, d.durationMonths(), d.coFunding(), d.contact(), d.status(), d.topicId(),
                d.topicCode(), d.topicTitle(), mergedWith, d.reason(), d.submittedAt(), d.decidedAt());
    }
}
