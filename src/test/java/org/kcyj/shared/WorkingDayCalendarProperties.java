package org.kcyj.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The publicity window counts working days: weekdays minus holidays, plus swapped working weekends. */
class WorkingDayCalendarProperties {

    @Property
    void aWindowHoldsExactlyItsCountOfWorkingDaysAndStartsAndEndsOnOne(@ForAll("days") LocalDate from,
                                                                      @ForAll @IntRange(min = 1, max = 30) int count,
                                                                      @ForAll("holidays") Map<LocalDate, Boolean> adjusted) {
        LocalDate[] window = WorkingDayCalendar.window(from, count, adjusted);
        assertThat(window[0]).isAfterOrEqualTo(from);
        assertThat(working(window[0], adjusted)).isTrue();
        assertThat(working(window[1], adjusted)).isTrue();
        int counted = 0;
        for (LocalDate d = window[0]; !d.isAfter(window[1]); d = d.plusDays(1)) {
            counted += working(d, adjusted) ? 1 : 0;
        }
        assertThat(counted).isEqualTo(count);
        for (LocalDate d = from; d.isBefore(window[0]); d = d.plusDays(1)) {
            assertThat(working(d, adjusted)).as("skipped day %s must be a day off", d).isFalse();
        }
    }

    @Example
    void sixWorkingDaysFromAFridaySkipTheWeekendsAndNewYearsDay() {
        Map<LocalDate, Boolean> adjusted = Map.of(LocalDate.of(2027, 1, 1), false);
        LocalDate[] window = WorkingDayCalendar.window(LocalDate.of(2026, 12, 25), 6, adjusted);
        assertThat(window).containsExactly(LocalDate.of(2026, 12, 25), LocalDate.of(2027, 1, 4));
    }

    @Example
    void aSwappedWorkingSaturdayCounts() {
        Map<LocalDate, Boolean> adjusted = Map.of(LocalDate.of(2026, 12, 26), true);
        LocalDate[] window = WorkingDayCalendar.window(LocalDate.of(2026, 12, 26), 1, adjusted);
        assertThat(window[0]).isEqualTo(LocalDate.of(2026, 12, 26)).isEqualTo(window[1]);
    }

    @Provide
    Arbitrary<LocalDate> days() {
        return Arbitraries.integers().between(0, 3650).map(i -> LocalDate.of(2025, 1, 1).plusDays(i));
    }

    @Provide
    Arbitrary<Map<LocalDate, Boolean>> holidays() {
        return Arbitraries.maps(Arbitraries.integers().between(0, 3700).map(i -> LocalDate.of(2025, 1, 1).plusDays(i)),
                Arbitraries.of(true, false)).ofMaxSize(200).map(HashMap::new);
    }

    private static boolean working(LocalDate day, Map<LocalDate, Boolean> adjusted) {
        return adjusted.getOrDefault(day, day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY);
    }
}
