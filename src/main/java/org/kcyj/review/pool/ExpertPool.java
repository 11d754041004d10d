package org.kcyj.review.pool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.kcyj.review.draw.CollaborationKind;
import org.kcyj.review.draw.DeclaredCollaboration;
import org.kcyj.review.draw.DeclaredRelative;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The expert pool (专家库): reviewing profiles with what each expert declared for conflict checks. */
@Service
public class ExpertPool {

    public record ExpertProfile(String username, String name, String email, String unitName, String unitCreditCode,
                                String title, List<String> disciplineCodes, boolean international,
                                List<String> languages, boolean finance, boolean available,
                                List<DeclaredRelative> relatives, List<DeclaredCollaboration> collaborations) {
    }

    private final JdbcClient jdbc;

    ExpertPool(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<ExpertProfile> all() {
        Map<String, List<DeclaredRelative>> relatives = new HashMap<>();
        jdbc.sql("select username, relative_name, relation from app.expert_relative order by id").query(rs -> {
            relatives.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                    .add(new DeclaredRelative(rs.getString(2), rs.getString(3)));
        });
        Map<String, List<DeclaredCollaboration>> collaborations = new HashMap<>();
        jdbc.sql("select username, counterpart, kind, relation_year from app.expert_collaboration order by id").query(rs -> {
            collaborations.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new DeclaredCollaboration(
                    rs.getString(2), CollaborationKind.valueOf(rs.getString(3)), rs.getInt(4)));
        });
        return jdbc.sql("""
                        select e.username, e.name, u.email, e.unit_name, e.unit_credit_code, e.title, e.discipline_codes,
                               e.international, e.languages, e.finance, e.available
                        from app.expert e join app.app_user u on u.username = e.username order by e.username""")
                .query((rs, i) -> new ExpertProfile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), split(rs.getString(7)), rs.getBoolean(8), split(rs.getString(9)),
                        rs.getBoolean(10), rs.getBoolean(11), relatives.getOrDefault(rs.getString(1), List.of()),
                        collaborations.getOrDefault(rs.getString(1), List.of())))
                .list();
    }

    public Optional<ExpertProfile> find(String username) {
        return all().stream().filter(e -> e.username().equals(username)).findFirst();
    }

    private static List<String> split(String list) {
        return list == null || list.isBlank() ? List.of()
                : Arrays.stream(list.split("[,;]")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
