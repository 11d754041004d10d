package org.kcyj.identity;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What other stages print or check about people and units, looked up many at a time (one query for a whole
 * list, not one per row): a person's name, address and unit name, a unit's name, its registration facts.
 */
@Component
public class IdentityLookup {

    /** A person as documents name them: display name, address and the name of their unit (null without one). */
    public record Person(String username, String displayName, String email, String unitName) {
    }

    /** What eligibility rules read about a unit: its credit code, whether it is registered locally, until when. */
    public record UnitStanding(String creditCode, boolean local, LocalDate validUntil) {
    }

    private static final int CHUNK = 1000;

    private final JdbcClient jdbc;

    IdentityLookup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The people with these user names (unknown names are left out). */
    public Map<String, Person> people(Collection<String> usernames) {
        Map<String, Person> people = new HashMap<>();
        if (usernames.isEmpty()) {
            return people;
        }
        for (List<String> chunk : chunks(List.copyOf(new java.util.HashSet<>(usernames)))) {
            jdbc.sql("""
                            select u.username, u.display_name, u.email, un.name from app.app_user u
                            left join app.unit un on un.id = u.unit_id where u.username in (:names)""")
                    .param("names", chunk)
                    .query((rs, i) -> new Person(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                    .list().forEach(p -> people.put(p.username(), p));
        }
        return people;
    }

    /** The names of these units (unknown ids are left out). */
    public Map<Long, String> unitNames(Collection<Long> unitIds) {
        Map<Long, String> names = new HashMap<>();
        if (unitIds.isEmpty()) {
            return names;
        }
        for (List<Long> chunk : chunks(List.copyOf(new java.util.HashSet<>(unitIds)))) {
            jdbc.sql("select id, name from app.unit where id in (:ids)").param("ids", chunk)
                    .query(rs -> {
                        names.put(rs.getLong(1), rs.getString(2));
                    });
        }
        return names;
    }

    /** A long list is asked for a thousand at a time: databases cap the parameters of one statement. */
    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> chunks = new java.util.ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return chunks;
    }

    /** The unit's registration facts; empty for a unit that does not exist. */
    public Optional<UnitStanding> standing(long unitId) {
        return jdbc.sql("select credit_code, local_registered, valid_until from app.unit where id = ?").param(unitId)
                .query((rs, i) -> new UnitStanding(rs.getString(1), rs.getBoolean(2),
                        rs.getDate(3) == null ? null : rs.getDate(3).toLocalDate()))
                .optional();
    }

    /** An account's current e-mail address; empty for an unknown user name. */
    public Optional<String> email(String username) {
        return jdbc.sql("select email from app.app_user where username = ?").param(username).query(String.class)
                .optional();
    }
}
