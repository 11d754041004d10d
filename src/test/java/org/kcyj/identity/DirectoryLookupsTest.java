package org.kcyj.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.kcyj.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What other modules read of people and units, asked of identity in one look-up per list rather than by joining its
 * tables. On the demo data: its units and people.
 */
@IntegrationTest
class DirectoryLookupsTest {
    @Autowired
    UnitRegistry units;
    @Autowired
    UserDirectory users;
    @Autowired
    ProgrammeCatalogue programmes;

    @Test
    void unitsAndPeopleAreReadInBulk() {
        long university = users.unitByName("宁波甬江示范大学").orElseThrow();
        long enterprise = users.unitByName("宁波示范新材料有限公司").orElseThrow();

        assertThat(units.names(Set.of(university, enterprise, -1L)))
                .containsOnlyKeys(university, enterprise).containsEntry(university, "宁波甬江示范大学");
        assertThat(units.names(List.of())).isEmpty();
        UnitRegistry.UnitFacts facts = units.facts(enterprise).orElseThrow();
        assertThat(facts.localRegistered()).isTrue();
        assertThat(facts.rdSpend()).isEqualByComparingTo(new BigDecimal("1200"));
        assertThat(units.facts(-1L)).isEmpty();

        assertThat(users.people(List.of("applicant1", "reviewer2", "nobody-at-all")))
                .containsOnlyKeys("applicant1", "reviewer2")
                .hasEntrySatisfying("applicant1", p -> {
                    assertThat(p.unitId()).isEqualTo(university);
                    assertThat(p.unitName()).isEqualTo("宁波甬江示范大学");
                    assertThat(p.email()).isEqualTo("applicant1@demo.kcyj.example");
                });
        assertThat(users.people(List.of())).isEmpty();

        assertThat(programmes.choices()).extracting(ProgrammeCatalogue.Choice::code).contains("XCL", "ZNZZ");
    }
}
