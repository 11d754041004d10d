package org.kcyj.programme;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The special programmes (专项), e.g. 新材料 with code XCL, that calls belong to. */
@Service
public class Programmes implements org.kcyj.identity.ProgrammeCatalogue {
    public record Programme(long id, String code, String name) {
    }

    private final JdbcClient jdbc;
    private final org.kcyj.audit.AuditLog audit;

    Programmes(JdbcClient jdbc, org.kcyj.audit.AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public List<Programme> all() {
        return jdbc.sql("select id, code, name from app.programme order by code")
                .query((rs, i) -> new Programme(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    @Override
    public List<Choice> choices() {
        return all().stream().map(p -> new Choice(p.code(), p.name())).toList();
    }

    public Optional<Programme> find(long id) {
        return jdbc.sql("select id, code, name from app.programme where id = ?").param(id)
                .query((rs, i) -> new Programme(rs.getLong(1), rs.getString(2), rs.getString(3))).optional();
    }

    public Optional<Programme> byCode(String code) {
        return all().stream().filter(p -> p.code().equals(code)).findFirst();
    }

    /**
     * An administrator sets up a 专项: its code (2-16 capital letters and digits, part of every proposal number) and
     * name. Refused when the code is taken (409); audited.
     */
    @Transactional
    public Programme register(org.kcyj.identity.UserAccount admin, String code, String name) {
        if (!admin.has(org.kcyj.identity.Role.ADMIN)) {
            throw org.kcyj.shared.DomainException.forbidden();
        }
        java.util.List<org.kcyj.shared.FieldProblem> problems = new java.util.ArrayList<>();
        String c = code == null ? "" : code.strip();
        if (c.isEmpty()) {
            problems.add(new org.kcyj.shared.FieldProblem("code", "validation.required"));
        } else if (!c.matches("[A-Z][A-Z0-9]{1,15}")) {
            problems.add(new org.kcyj.shared.FieldProblem("code", "programme.code-format"));
        }
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            problems.add(new org.kcyj.shared.FieldProblem("name", "validation.required"));
        } else if (n.length() > 200) {
            problems.add(new org.kcyj.shared.FieldProblem("name", "validation.max-length", 200));
        } else if (n.chars().anyMatch(Character::isISOControl)) {
            problems.add(new org.kcyj.shared.FieldProblem("name", "validation.control-characters"));
        }
        if (!problems.isEmpty()) {
            throw org.kcyj.shared.DomainException.invalid(problems);
        }
        if (byCode(c).isPresent()) {
            throw org.kcyj.shared.DomainException.conflict("error.programme.code-taken");
        }
        create(c, n);
        audit.record(admin.username(), "PROGRAMME_CREATED", "PROGRAMME-" + c, null, c, n);
        return byCode(c).orElseThrow();
    }

    @Transactional
    public long create(String code, String name) {
        jdbc.sql("insert into app.programme (code, name) values (?, ?)").params(code, name).update();
        return byCode(code).orElseThrow().id();
    }
}
