package org.kcyj.review;

import java.util.List;
import java.util.Map;

import org.kcyj.identity.PersonalData;
import org.kcyj.identity.PersonalDataHolder;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The reviews an expert wrote stay through an erasure of their personal data (project archives). */
@Component
@Order(2)
class ReviewPersonalData implements PersonalDataHolder {
    private final JdbcClient jdbc;

    ReviewPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, Object> export(String username) {
        return Map.of();
    }

    @Override
    public List<PersonalData.Kept> kept(String username) {
        int reviews = jdbc.sql("select count(*) from app.review where reviewer = ?").param(username)
                .query(Integer.class).single();
        return reviews > 0 ? List.of(new PersonalData.Kept("reviews:" + reviews, "erasure.kept.reviews")) : List.of();
    }
}
