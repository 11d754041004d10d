package org.kcyj.proposal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kcyj.identity.PersonalData;
import org.kcyj.identity.PersonalDataHolder;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An applicant's proposals in their personal data: listed in their export, and the submitted ones kept through an
 * erasure (project archives; drafts never submitted are not counted).
 */
@Component
@Order(1)
class ProposalPersonalData implements PersonalDataHolder {
    private final JdbcClient jdbc;

    ProposalPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, Object> export(String username) {
        List<Map<String, Object>> proposals = jdbc.sql(
                        "select number, title, status, created_at from app.proposal where applicant = ? order by id")
                .param(username).query((rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("number", rs.getString(1));
                    m.put("title", rs.getString(2));
                    m.put("status", rs.getString(3));
                    m.put("createdAt", rs.getTimestamp(4).toInstant().toString());
                    return m;
                }).list();
        return Map.of("proposals", proposals);
    }

    @Override
    public List<PersonalData.Kept> kept(String username) {
        int proposals = jdbc.sql("select count(*) from app.proposal where applicant = ? and submission_count > 0")
                .param(username).query(Integer.class).single();
        return proposals > 0 ? List.of(new PersonalData.Kept("proposals:" + proposals, "erasure.kept.proposals")) : List.of();
    }
}
