package org.kcyj.shared;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Working days: Monday to Friday, except the public holidays and swapped working weekends that
 * administrators keep in the calendar table.
 */
@Service
public class WorkingDayCalendar {
    private final JdbcClient jdbc;

    public WorkingDayCalendar(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean isWorkingDay(LocalDate day) {
        return adjustments(day, day).getOrDefault(day, isWeekday(day));
    }

    /**
     * The window of {@code count} working days that starts on the first working day on or after
     * {@code from}; returns its first and last day.
     */
    public LocalDate[] window(LocalDate from, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("A window needs at least one working day");
        }
        return window(from, count, adjustments(from, from.plusDays(count * 3L + 60)));
    }

    /** The window computed from the calendar's adjustments (day to working or not) alone. */
    static LocalDate[] window(LocalDate from, int count, Map<LocalDate, Boolean> adjusted) {
        if (count < 1) {
            throw new IllegalArgumentException("A window needs at least one working day");
        }
        LocalDate day = from;
        LocalDate first = null;
        int counted = 0;
        while (true) {
            if (adjusted.getOrDefault(day, isWeekday(day))) {
                if (first == null) {
                    first = day;
                }
                if (++counted == count) {
                    return new LocalDate[] {first, day};
                }
            }
            day = day.plusDays(1);
        }
    }

    /** Adds a public holiday (a day off even on a weekday), e.g. 元旦 on 1 January. */
    public void addHoliday(LocalDate day, String name) {
        jdbc.sql("insert into app.calendar_day (calendar_date, workday, name) values (?, false, ?)").params(day, name).update();
    }

    private Map<LocalDate, Boolean> adjustments(LocalDate from, LocalDate to) {
        return jdbc.sql("select calendar_date, workday from app.calendar_day where calendar_date between ? and ?")
                .params(from, to)
                .query((rs, i) -> Map.entry(rs.getObject(1, LocalDate.class), rs.getBoolean(2)))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    static boolean isWeekday(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }
}
