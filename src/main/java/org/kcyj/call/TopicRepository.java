package org.kcyj.call;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class TopicRepository {
    private final JdbcClient jdbc;

    TopicRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What a manager writes into a topic. */
    record Content(String code, String title, String description, String indicators, BigDecimal maxBudget,
                   int expectedProjects) {
    }

    long insert(long callId, Content c, String by, Instant at) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into app.call_topic (call_id, code, title, description, indicators, max_budget,
                            expected_projects, created_by, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(callId, c.code(), c.title(), c.description(), c.indicators(), c.maxBudget(),
                        c.expectedProjects(), by, CallRepository.ts(at), CallRepository.ts(at))
                .update(key, "id");
        return ((Number) key.getKeys().get("id")).longValue();
    }

    void update(long id, Content c, Instant at) {
        jdbc.sql("""
                        update app.call_topic set code = ?, title = ?, description = ?, indicators = ?, max_budget = ?,
                            expected_projects = ?, updated_at = ?
                        where id = ?""")
                .params(c.code(), c.title(), c.description(), c.indicators(), c.maxBudget(), c.expectedProjects(),
                        CallRepository.ts(at), id)
                .update();
    }

    void delete(long id) {
        jdbc.sql("delete from app.call_topic where id = ?").param(id).update();
    }

    List<Topic> ofCall(long callId) {
        return jdbc.sql("""
                        select id, call_id, code, title, description, indicators, max_budget, expected_projects
                        from app.call_topic where call_id = ? order by code, id""")
                .param(callId).query((rs, i) -> new Topic(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getBigDecimal(7), rs.getInt(8), List.of()))
                .list().stream()
                .map(t -> new Topic(t.id(), t.callId(), t.code(), t.title(), t.description(), t.indicators(),
                        t.maxBudget(), t.expectedProjects(), demandNumbers(t.id())))
                .toList();
    }

    Optional<Topic> find(long topicId) {
        return jdbc.sql("select call_id from app.call_topic where id = ?").param(topicId).query(Long.class).optional()
                .flatMap(callId -> find(callId, topicId));
    }

    Optional<Topic> find(long callId, long topicId) {
        return ofCall(callId).stream().filter(t -> t.id() == topicId).findFirst();
    }

    boolean codeTaken(long callId, String code, Long exceptTopic) {
        return jdbc.sql("select count(*) from app.call_topic where call_id = ? and code = ? and id <> ?")
                .params(callId, code, exceptTopic == null ? -1L : exceptTopic).query(Integer.class).single() > 0;
    }

    private List<String> demandNumbers(long topicId) {
        return jdbc.sql("select number from app.demand where topic_id = ? order by number").param(topicId)
                .query(String.class).list();
    }
}
