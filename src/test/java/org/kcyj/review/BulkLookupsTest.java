package org.kcyj.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.kcyj.identity.Role;
import org.kcyj.identity.UnitRegistry;
import org.kcyj.identity.UserDirectory;
import org.kcyj.proposal.ProposalRecords;
import org.kcyj.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The look-ups review reads many people, units and proposals with at once (instead of joining their owners'
 * tables): each answers for every known key, leaves unknown keys out and takes an empty list.
 */
@IntegrationTest
class BulkLookupsTest {

    @Autowired
    UnitRegistry units;
    @Autowired
    UserDirectory users;
    @Autowired
    ProposalRecords proposals;
    @Autowired
    InvitationStore invitations;

    @Test
    void peopleAreReadWithTheirUnitsNamesAndUnknownNamesAreLeftOut() {
        long unit = users.createUnit("批量查询测试单位", "91330200BULK00001X");
        users.createUser("bulk_with_unit", "a long enough password 1", "有单位的人", "with.unit@bulk.example", unit,
                false, Set.of(Role.REVIEWER));
        users.createUser("bulk_without_unit", "a long enough password 2", "无单位的人", "without.unit@bulk.example", null,
                false, Set.of(Role.REVIEWER));

        var people = users.people(List.of("bulk_with_unit", "bulk_without_unit", "bulk_nobody", "bulk_with_unit"));

        assertThat(people).containsOnlyKeys("bulk_with_unit", "bulk_without_unit");
        assertThat(people.get("bulk_with_unit"))
                .isEqualTo(new UserDirectory.Person("bulk_with_unit", "有单位的人", "with.unit@bulk.example", unit, "批量查询测试单位"));
        assertThat(people.get("bulk_without_unit").unitName()).isNull();
        assertThat(units.names(List.of(unit, -1L))).containsExactly(java.util.Map.entry(unit, "批量查询测试单位"));
        assertThat(users.email("bulk_without_unit")).contains("without.unit@bulk.example");
    }

    @Test
    void aLongListIsAnsweredWhole() {
        long unit = users.createUnit("批量查询长名单单位", "91330200BULK00002X");
        users.createUser("bulk_first", "a long enough password 3", "第一人", "first@bulk.example", unit, false,
                Set.of(Role.REVIEWER));
        users.createUser("bulk_last", "a long enough password 4", "最后一人", "last@bulk.example", unit, false,
                Set.of(Role.REVIEWER));
        List<String> names = new java.util.ArrayList<>(List.of("bulk_first"));
        for (int i = 0; i < 2500; i++) {
            names.add("bulk_unknown_" + i);
        }
        names.add("bulk_last");
        List<Long> unitIds = new java.util.ArrayList<>();
        for (long i = 1; i <= 2500; i++) {
            unitIds.add(-i);
        }
        unitIds.add(unit);

        assertThat(users.people(names)).containsOnlyKeys("bulk_first", "bulk_last");
        assertThat(units.names(unitIds)).containsOnlyKeys(unit);
    }

    @Test
    void emptyAndUnknownKeysGiveEmptyAnswers() {
        assertThat(users.people(List.of())).isEmpty();
        assertThat(units.names(List.of())).isEmpty();
        assertThat(proposals.byIds(List.of())).isEmpty();
        assertThat(proposals.byIds(List.of(-1L, -2L))).isEmpty();
        assertThat(proposals.find(-1L)).isEmpty();
        assertThat(proposals.ofCall(-1L)).isEmpty();
        assertThat(invitations.loads(List.of())).isEmpty();
        assertThat(invitations.loads(List.of(-1L))).isEmpty();
    }
}
