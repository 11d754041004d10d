package org.kcyj.programme;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The special programmes (专项), e.g. 新材料 with code XCL, that calls belong to. */
@Service
public class Programmes {
    public record Programme(long id, String code, String name) {
    }

    private final JdbcClient jdbc;

    Programmes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Programme> all() {
        return jdbc.sql("select id, code, name from app.programme order by code")
                .query((rs, i) -> new Programme(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    public Optional<Programme> byCode(String code) {
        return all().stream().filter(p -> p.code().equals(code)).findFirst();
    }

    @Transactional
    public long create(String code, String name) {
        jdbc.sql("insert into app.programme (code, name) values (?, ?)").params(code, name).update();
        return byCode(code).orElseThrow().id();
    }
}
