package org.kcyj.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import org.kcyj.shared.BusinessTime;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.FieldProblem;
import org.kcyj.support.HostileText;

/**
 * Hostile input for every field of every form in forms/, generated. The fields are read from the form
 * files, so a new form or field is covered without touching this class. Each value goes into one field
 * of an otherwise valid submission of its form, and the validator
 * <ul>
 *   <li>never throws: it answers with its own result;</li>
 *   <li>refuses with exactly one problem, naming exactly that field (list rows as {@code list[0].field}),
 *       whose code has a message in Chinese and in English;</li>
 *   <li>accepts exactly the values the form allows, and keeps them as documented: text trimmed
 *       ({@link String#trim}), choices trimmed, numbers at the field's scale (no exponent, no more decimal
 *       places than it allows, only zeros dropped), dates and times parsed (Beijing time unless an offset is
 *       given, four-digit years);</li>
 *   <li>never accepts text over the field's maximum length (counted as the validator counts: UTF-16 units,
 *       which is what the database column holds), control characters or unpaired surrogates, nor line breaks
 *       or tabs in single-line fields;</li>
 *   <li>refuses the same values whether the whole form is sent or only a draft of it.</li>
 * </ul>
 * Free text is tried with markup and script payloads, SQL, PDF syntax, control, bidi and zero-width
 * characters, lone surrogates, emoji and other astral characters, Chinese, whitespace around it, strings at
 * and around the length limits and huge strings; numbers, dates, choices and lists with their own hostile
 * values and with values of the wrong type. A summary line gives the counts.
 */
class FormInputProperties {
    private static final FormDefinitions DEFINITIONS = definitions();
    private static final FormValidator VALIDATOR = new FormValidator(DEFINITIONS);
    static final List<FormDefinition> FORMS = formsInFolder();
    private static final Map<String, List<FormField.Option>> CHOICES = choices();
    private static final List<Slot> SLOTS = slots();
    private static final Map<String, Map<String, Object>> VALID = validSubmissions();
    private static final Properties MESSAGES = messages(false);
    private static final Properties MESSAGES_EN = messages(true);

    private static final AtomicLong VALUES = new AtomicLong();
    private static final AtomicLong CHECKS = new AtomicLong();
    private static final AtomicLong ACCEPTED = new AtomicLong();

    // ---------------------------------------------------------------- the fields

    /** One input of a form; {@code list} is the dynamic list it is a column of, or {@code null}. */
    record Slot(FormDefinition form, FormField list, FormField field) {
        String path() {
            return list == null ? field.key() : list.key() + "[0]." + field.key();
        }

        Kind kind() {
            return Kind.of(field);
        }

        /** Free text that must stay on one line: everything but a textarea. */
        boolean singleLine() {
            return !field.type().equals("textarea");
        }

        @Override
        public String toString() {
            return form.id() + "." + path() + " (" + field.type() + ")";
        }
    }

    enum Kind {
        TEXT, NUMBER, DATE, DATETIME, CHOICE, MULTI_CHOICE, CHECKBOX, LIST;

        static Kind of(FormField field) {
            if (field.isList()) {
                return LIST;
            }
            if (field.isMultiValue()) {
                return MULTI_CHOICE;
            }
            if (field.isChoice()) {
                return CHOICE;
            }
            return switch (field.type()) {
                case "number" -> NUMBER;
                case "datetime" -> field.isDate() ? DATE : DATETIME;
                case "checkbox" -> CHECKBOX;
                default -> TEXT; // textfield, textarea and any other component the validator reads as text
            };
        }
    }

    @Example
    void everyFormFileAndEveryFieldIsEnumerated() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(Path.of("forms"))) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".form")).toList();
        }
        assertThat(FORMS).hasSameSizeAs(files).hasSizeGreaterThanOrEqualTo(28);
        assertThat(FORMS).extracting(FormDefinition::id).doesNotHaveDuplicates();
        // every input of every form, list columns included, is a slot
        int inputs = FORMS.stream().mapToInt(f -> f.inputs().stream()
                .mapToInt(i -> 1 + (i.isList() ? (int) i.components().stream().filter(FormField::isInput).count() : 0))
                .sum()).sum();
        assertThat(SLOTS).hasSize(inputs);
        assertThat(slots(Kind.TEXT)).hasSizeGreaterThanOrEqualTo(60);
        assertThat(slots(Kind.TEXT)).anyMatch(s -> s.list() != null).anyMatch(s -> !s.singleLine());
        for (Kind kind : Kind.values()) {
            assertThat(slots(kind)).as(kind.name()).isNotEmpty();
        }
        // the submissions the properties start from are valid, so any problem is the hostile field's
        for (FormDefinition form : FORMS) {
            assertThat(VALIDATOR.check(form.id(), copy(VALID.get(form.id())), CHOICES).problems()).as(() -> form.id()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- free text

    @Property(tries = 5000)
    void freeTextIsRefusedByItsFieldOrKeptTrimmed(@ForAll("textCases") Tuple.Tuple2<Slot, String> text) {
        VALUES.incrementAndGet();
        text(text.get1(), text.get2());
    }

    @Property
    void textAroundItsLengthLimitsIsCountedAsTheValidatorCounts(@ForAll("limitCases") Tuple.Tuple2<Slot, String> limit) {
        VALUES.incrementAndGet();
        text(limit.get1(), limit.get2());
    }

    @Property(tries = 10)
    void hugeTextIsRefusedWhereALimitIsSet(@ForAll("hugeText") String value) {
        VALUES.incrementAndGet();
        for (Slot slot : slots(Kind.TEXT)) {
            Object kept = text(slot, value);
            if (slot.field().maxLength() != null) {
                assertThat(kept).as(() -> slot.toString()).isNull();
            }
        }
    }

    /** Every text field at its limits: exactly the maximum is accepted, one unit over it is not. */
    @Example
    void everyTextFieldAtItsLimits() {
        for (Slot slot : slots(Kind.TEXT)) {
            FormField field = slot.field();
            if (field.pattern() != null) {
                continue; // its values are the pattern's
            }
            if (field.maxLength() != null) {
                int max = field.maxLength();
                for (String fill : List.of("中", "<", "&", "😀")) {
                    String atLimit = fill(fill, max);
                    assertThat(text(slot, atLimit)).as(() -> slot + " at " + max).isEqualTo(atLimit);
                    assertThat(text(slot, " \t" + atLimit + "\r\n ")).as(() -> slot + " trimmed").isEqualTo(atLimit);
                    assertThat(text(slot, fill(fill, max + 1))).as(() -> slot + " over " + max).isNull();
                }
                assertThat(text(slot, "中".repeat(max - 1) + "😀")).as(() -> slot + " astral over").isNull();
            }
            if (field.minLength() != null && field.minLength() > 1) {
                int min = field.minLength();
                assertThat(text(slot, "😀".repeat(min))).as(() -> slot + " min in code points").isEqualTo("😀".repeat(min));
                assertThat(text(slot, "中".repeat(min - 1))).as(() -> slot + " under " + min).isNull();
            }
        }
    }

    /** Submits free text and checks the answer against the form's rules; returns what was kept, if anything. */
    private static Object text(Slot slot, Object raw) {
        Outcome outcome = submit(slot, raw);
        FormField field = slot.field();
        String trimmed = singleText(slot, raw, outcome);
        if (trimmed == null) {
            if (!(raw instanceof Collection<?> || raw instanceof Map<?, ?>)) {
                assertThat(outcome.kept()).as(() -> slot + " blank is not kept").isNull();
            }
            return null;
        }
        Set<String> violated = new HashSet<>();
        int codePoints = trimmed.codePointCount(0, trimmed.length());
        if (field.minLength() != null && codePoints < field.minLength()) {
            violated.add("validation.min-length");
        }
        if (field.maxLength() != null && trimmed.length() > field.maxLength()) {
            violated.add("validation.max-length");
        }
        if (field.pattern() != null && !Pattern.matches(field.pattern(), trimmed)) {
            violated.add("validation.pattern");
        }
        if (forbiddenCharacter(trimmed, slot.singleLine())) {
            violated.add("validation.control-characters");
        }
        if (violated.isEmpty()) {
            assertThat(outcome.code()).as(() -> slot + " refused " + describe(raw)).isNull();
            assertThat(outcome.kept()).as(() -> slot + " keeps " + describe(raw) + " trimmed").isEqualTo(trimmed);
        } else {
            assertThat(outcome.code()).as(() -> slot + " " + describe(raw) + " violates " + violated).isIn(violated);
        }
        return outcome.kept();
    }

    /**
     * The trimmed text of a single value; null when the answer is already checked here: a list or an object where
     * one value belongs ("validation.single", or the required error when empty), or nothing at all (the required
     * error, or none).
     */
    private static String singleText(Slot slot, Object raw, Outcome outcome) {
        FormField field = slot.field();
        if (raw instanceof Collection<?> || raw instanceof Map<?, ?>) {
            assertThat(outcome.code()).as(() -> slot + " " + describe(raw))
                    .isEqualTo(blank(raw) ? requiredOrNothing(field) : "validation.single");
            return null;
        }
        String text = raw == null ? "" : raw.toString().trim();
        if (text.isEmpty() || blank(raw)) {
            assertThat(outcome.code()).as(() -> slot + " blank " + describe(raw)).isEqualTo(requiredOrNothing(field));
            return null;
        }
        return text;
    }

    /** Control characters (line breaks and tabs only where several lines are allowed) and unpaired surrogates. */
    private static boolean forbiddenCharacter(String text, boolean singleLine) {
        return text.codePoints().anyMatch(cp -> Character.getType(cp) == Character.SURROGATE
                || Character.isISOControl(cp) && (singleLine || !(cp == '\n' || cp == '\r' || cp == '\t')));
    }

    // ---------------------------------------------------------------- numbers

    @Property(tries = 3000)
    void numbersAreRefusedByTheirFieldOrKeptInRangeAtTheFieldsScale(@ForAll("numberCases") Tuple.Tuple2<Slot, Object> number) {
        VALUES.incrementAndGet();
        number(number.get1(), number.get2());
    }

    /** Every number field at its bounds and one step of its precision beyond them. */
    @Example
    void everyNumberFieldAtItsBounds() {
        for (Slot slot : slots(Kind.NUMBER)) {
            FormField field = slot.field();
            BigDecimal step = BigDecimal.ONE.movePointLeft(field.decimalDigits() == null ? 2 : field.decimalDigits());
            if (field.min() != null) {
                assertThat(number(slot, field.min().toPlainString())).as(() -> slot + " min").isNotNull();
                assertThat(number(slot, field.min().subtract(step).toPlainString())).as(() -> slot + " under min").isNull();
            }
            if (field.max() != null) {
                assertThat(number(slot, field.max().toPlainString())).as(() -> slot + " max").isNotNull();
                assertThat(number(slot, field.max().add(step).toPlainString())).as(() -> slot + " over max").isNull();
                String zeros = field.max().toPlainString() + (field.max().scale() > 0 ? "" : ".") + "0".repeat(25);
                assertThat(number(slot, zeros)).as(() -> slot + " max, many zeros").isEqualByComparingTo(field.max());
            }
            if (field.decimalDigits() != null && field.max() != null) {
                assertThat(number(slot, field.max().subtract(step.movePointLeft(1)).toPlainString()))
                        .as(() -> slot + " one decimal too many").isNull();
            }
        }
    }

    private static BigDecimal number(Slot slot, Object raw) {
        Outcome outcome = submit(slot, raw);
        FormField field = slot.field();
        String text = singleText(slot, raw, outcome);
        if (text == null) {
            return null;
        }
        BigDecimal expected = null;
        Set<String> violated = new HashSet<>();
        if (text.length() > FormValidator.MAX_NUMBER_LENGTH) {
            violated.add("validation.max-length");
        } else {
            try {
                expected = new BigDecimal(text);
            } catch (NumberFormatException e) {
                violated.add("validation.number");
            }
        }
        if (expected != null) {
            if (field.min() != null && expected.compareTo(field.min()) < 0) {
                violated.add("validation.min");
            }
            if (field.max() != null && expected.compareTo(field.max()) > 0) {
                violated.add("validation.max");
            }
            if (field.decimalDigits() != null && expected.stripTrailingZeros().scale() > field.decimalDigits()) {
                violated.add("validation.decimals");
            }
        }
        if (!violated.isEmpty()) {
            assertThat(outcome.code()).as(() -> slot + " " + describe(raw) + " violates " + violated).isIn(violated);
            return null;
        }
        assertThat(outcome.code()).as(() -> slot + " refused " + describe(raw)).isNull();
        assertThat(outcome.kept()).as(() -> slot + " " + describe(raw)).isInstanceOf(BigDecimal.class);
        BigDecimal kept = (BigDecimal) outcome.kept();
        assertThat(kept).as(() -> slot + " keeps the value of " + describe(raw)).isEqualByComparingTo(expected);
        assertThat(kept.scale()).as(() -> slot + " scale of " + describe(raw))
                .isBetween(0, field.decimalDigits() == null ? FormValidator.MAX_NUMBER_LENGTH : field.decimalDigits());
        assertThat(kept.toPlainString()).as(() -> slot + " prints short").hasSizeLessThanOrEqualTo(FormValidator.MAX_NUMBER_LENGTH);
        return kept;
    }

    // ---------------------------------------------------------------- dates and times

    @Property(tries = 3000)
    void datesAndTimesAreRefusedByTheirFieldOrParsed(@ForAll("dateCases") Tuple.Tuple2<Slot, Object> date) {
        VALUES.incrementAndGet();
        date(date.get1(), date.get2());
    }

    /** Canonical dates: accepted exactly when they exist and have four-digit years. */
    @Property
    void calendarDatesAreCheckedDayByDay(@ForAll("calendarDates") Tuple.Tuple4<Integer, Integer, Integer, String> date) {
        VALUES.incrementAndGet();
        int year = date.get1();
        int month = date.get2();
        int day = date.get3();
        boolean exists = month >= 1 && month <= 12 && day >= 1 && day <= java.time.YearMonth.of(
                Math.floorMod(year, 400) + 2000, month).lengthOfMonth();
        boolean acceptable = exists && year >= 1000 && year <= 9999;
        String text = date.get4();
        for (Slot slot : slots(Kind.DATE)) {
            Object kept = date(slot, text);
            assertThat(kept != null).as(() -> slot + " " + text).isEqualTo(acceptable);
            if (kept != null) {
                assertThat(kept).isEqualTo(LocalDate.of(year, month, day));
            }
        }
        for (Slot slot : slots(Kind.DATETIME)) {
            Object kept = date(slot, text + "T09:30");
            assertThat(kept != null).as(() -> slot + " " + text).isEqualTo(acceptable);
            if (kept != null) {
                assertThat(kept).isEqualTo(LocalDate.of(year, month, day).atTime(9, 30).atZone(BusinessTime.ZONE).toInstant());
            }
        }
    }

    private static Object date(Slot slot, Object raw) {
        Outcome outcome = submit(slot, raw);
        FormField field = slot.field();
        String code = field.isDate() ? "validation.date" : "validation.datetime";
        String text = singleText(slot, raw, outcome);
        if (text == null) {
            return null;
        }
        Object expected = field.isDate()
                ? BusinessTime.parseDate(text).filter(d -> d.getYear() >= 1000 && d.getYear() <= 9999).orElse(null)
                : BusinessTime.parseInstant(text).filter(i -> {
                    int year = BusinessTime.zoned(i).getYear();
                    return year >= 1000 && year <= 9999;
                }).orElse(null);
        if (expected == null) {
            assertThat(outcome.code()).as(() -> slot + " " + describe(raw)).isEqualTo(code);
        } else {
            assertThat(outcome.code()).as(() -> slot + " refused " + describe(raw)).isNull();
            assertThat(outcome.kept()).as(() -> slot + " " + describe(raw)).isEqualTo(expected)
                    .isInstanceOf(field.isDate() ? LocalDate.class : Instant.class);
        }
        return outcome.kept();
    }

    // ---------------------------------------------------------------- choices, check boxes, lists

    /** Hostile text and ids in every choice: only the options themselves (trimmed) are taken. */
    @Property(tries = 3000)
    void choicesTakeOnlyTheirOptions(@ForAll("choiceCases") Tuple.Tuple2<Slot, Object> choice) {
        VALUES.incrementAndGet();
        choice(choice.get1(), choice.get2());
    }

    /** Each field's own options, disguised: surrounding whitespace is trimmed, anything else is refused. */
    @Property(tries = 2000)
    void optionsLookingLikeOptionsAreTakenOnlyWhenTheyAre(@ForAll("disguises") Tuple.Tuple4<Slot, Integer, String, String> disguise) {
        VALUES.incrementAndGet();
        Slot slot = disguise.get1();
        List<FormField.Option> options = options(slot.field());
        String option = options.get(disguise.get2() % options.size()).value();
        String value = disguise.get3() + option + disguise.get4();
        choice(slot, value);
        if (slot.kind() == Kind.MULTI_CHOICE) {
            choice(slot, List.of(value, option, option));
        }
    }

    private static void choice(Slot slot, Object raw) {
        Outcome outcome = submit(slot, raw);
        FormField field = slot.field();
        Set<String> allowed = new HashSet<>();
        options(field).forEach(o -> allowed.add(o.value()));
        if (blank(raw) || (!(raw instanceof Collection<?>) && !(raw instanceof Map<?, ?>) && raw.toString().trim().isEmpty())) {
            assertThat(outcome.code()).as(() -> slot + " blank " + describe(raw)).isEqualTo(requiredOrNothing(field));
            return;
        }
        if (field.isMultiValue()) {
            if (raw instanceof Map<?, ?>) {
                assertThat(outcome.code()).as(() -> slot + " " + describe(raw)).isEqualTo("validation.option");
                return;
            }
            List<String> picked = (raw instanceof Collection<?> c ? c.stream() : Stream.of(raw))
                    .map(String::valueOf).map(String::trim).distinct().toList();
            if (allowed.containsAll(picked)) {
                assertThat(outcome.code()).as(() -> slot + " refused " + describe(raw)).isNull();
                assertThat(outcome.kept()).as(() -> slot + " " + describe(raw)).isEqualTo(picked);
            } else {
                assertThat(outcome.code()).as(() -> slot + " " + describe(raw)).isEqualTo("validation.option");
            }
            return;
        }
        if (raw instanceof Collection<?> || raw instanceof Map<?, ?>) {
            assertThat(outcome.code()).as(() -> slot + " " + describe(raw)).isEqualTo("validation.single");
            return;
        }
        String trimmed = raw.toString().trim();
        if (allowed.contains(trimmed)) {
            assertThat(outcome.code()).as(() -> slot + " refused " + describe(raw)).isNull();
            assertThat(outcome.kept()).isEqualTo(trimmed);
        } else {
            assertThat(outcome.code()).as(() -> slot + " " + describe(raw)).isEqualTo("validation.option");
        }
    }

    /** A check box takes true or false (as a browser or a JSON client sends them), nothing else. */
    @Property
    void checkBoxesTakeOnlyTrueOrFalse(@ForAll("booleanish") Object raw) {
        VALUES.incrementAndGet();
        for (Slot slot : slots(Kind.CHECKBOX)) {
            checkbox(slot, raw);
        }
    }

    private static void checkbox(Slot slot, Object raw) {
        Outcome outcome = submit(slot, raw);
        FormField field = slot.field();
        String text = singleText(slot, raw, outcome);
        if (text == null) {
            return;
        }
        if (text.equalsIgnoreCase("true") || text.equals("on")) {
            assertThat(outcome.code()).as(() -> slot + " " + describe(raw)).isNull();
            assertThat(outcome.kept()).isEqualTo(true);
        } else if (text.equalsIgnoreCase("false")) {
            assertThat(outcome.code()).as(() -> slot + " " + describe(raw)).isEqualTo(requiredOrNothing(field));
            assertThat(outcome.kept()).isEqualTo(field.required() ? null : false);
        } else {
            assertThat(outcome.code()).as(() -> slot + " " + describe(raw)).isEqualTo("validation.boolean");
        }
    }

    /** Values of the wrong shape (lists and objects for single values, anything but rows for a list) in every field. */
    @Property(tries = 2000)
    void wrongTypesAreRefusedByTheirField(@ForAll("wrongTypeCases") Tuple.Tuple2<Slot, Object> wrong) {
        VALUES.incrementAndGet();
        wrongType(wrong.get1(), wrong.get2());
    }

    /** Every field with each shape a JSON client could send instead of the right one. */
    @Example
    void everyFieldRefusesTheWrongShapes() {
        List<Object> shapes = java.util.Arrays.asList(List.of("x"), List.of(1, 2), List.of(List.of()), List.of(Map.of()),
                Map.of("value", "x"), Map.of(), List.of(), List.of(Map.of(), "x"), 1, true, null);
        for (Slot slot : SLOTS) {
            for (Object shape : shapes) {
                wrongType(slot, shape);
            }
        }
    }

    private static void wrongType(Slot slot, Object raw) {
        switch (slot.kind()) {
            case TEXT -> text(slot, raw);
            case NUMBER -> number(slot, raw);
            case DATE, DATETIME -> date(slot, raw);
            case CHOICE, MULTI_CHOICE -> choice(slot, raw);
            case CHECKBOX -> checkbox(slot, raw);
            case LIST -> {
                Outcome outcome = submit(slot, raw);
                if (raw == null) {
                    assertThat(outcome.code()).isNull();
                } else if (raw instanceof Collection<?> rows && rows.stream().allMatch(r -> r instanceof Map<?, ?>)) {
                    assertThat(outcome.problems()).as(() -> slot + " " + describe(raw))
                            .noneMatch(p -> p.field().equals(slot.path()));
                } else {
                    assertThat(outcome.problems()).as(() -> slot + " " + describe(raw))
                            .filteredOn(p -> p.field().equals(slot.path()))
                            .extracting(FieldProblem::code).containsExactly("validation.list");
                }
            }
        }
    }

    // ---------------------------------------------------------------- submitting

    /** The answer for one field: the code of its problem ({@code null} if none) and what was kept. */
    private record Outcome(List<FieldProblem> problems, Object kept) {
        String code() {
            return problems.isEmpty() ? null : problems.get(0).code();
        }
    }

    /**
     * Puts the value into a valid submission of the slot's form and validates it whole, and as a draft
     * holding only this field, which must refuse the same values (except for being absent). Every fifth
     * value also goes through {@link FormValidator#validate}, which must agree with {@link FormValidator#check}.
     */
    private static Outcome submit(Slot slot, Object raw) {
        long check = CHECKS.incrementAndGet();
        String formId = slot.form().id();
        Map<String, Object> input = with(slot, raw);
        FormValidator.Checked checked;
        try {
            checked = VALIDATOR.check(formId, input, CHOICES);
        } catch (Throwable e) {
            throw new AssertionError(slot + " with " + describe(raw) + " threw " + e, e);
        }
        List<FieldProblem> problems = checked.problems();
        if (slot.kind() == Kind.LIST) {
            // a list's rows are checked column by column: their problems name the row and column
            assertThat(problems).as(() -> slot + " with " + describe(raw))
                    .allSatisfy(p -> assertThat(p.field()).matches(Pattern.quote(slot.path()) + "(\\[\\d+]\\..+)?"));
        } else {
            assertThat(problems).as(() -> slot + " with " + describe(raw)).hasSizeLessThanOrEqualTo(1)
                    .allSatisfy(p -> assertThat(p.field()).isEqualTo(slot.path()));
        }
        problems.forEach(FormInputProperties::hasMessages);
        if (check % 5 == 0) {
            validateAgrees(slot, raw, input, checked);
        }
        String code = problems.isEmpty() ? null : problems.get(0).code();
        if (slot.kind() != Kind.LIST) {
            draft(slot, raw, code);
        }
        Object kept = kept(slot, checked.form());
        if (code == null) {
            ACCEPTED.incrementAndGet();
        } else if (slot.kind() != Kind.LIST) { // of a list, check() keeps the rows that are well-formed
            assertThat(kept).as(() -> slot + ": nothing of a refused value is kept").isNull();
        }
        return new Outcome(problems, kept);
    }

    private static void validateAgrees(Slot slot, Object raw, Map<String, Object> input, FormValidator.Checked checked) {
        String formId = slot.form().id();
        try {
            if (checked.problems().isEmpty()) {
                assertThat(VALIDATOR.validate(formId, input, CHOICES)).isEqualTo(checked.form());
            } else {
                assertThatThrownBy(() -> VALIDATOR.validate(formId, input, CHOICES))
                        .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.fieldProblems())
                                .extracting(FieldProblem::field, FieldProblem::code)
                                .containsExactlyElementsOf(checked.problems().stream()
                                        .map(p -> org.assertj.core.groups.Tuple.tuple(p.field(), p.code())).toList()));
            }
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError(slot + " with " + describe(raw) + " threw in validate: " + e, e);
        }
    }

    /** A draft with only this field (and its row) refuses what the whole form refuses, except absence. */
    private static void draft(Slot slot, Object raw, String code) {
        Map<String, Object> input = new LinkedHashMap<>();
        if (slot.list() == null) {
            input.put(slot.field().key(), raw);
        } else {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(slot.field().key(), raw);
            List<Object> rows = new ArrayList<>();
            rows.add(row);
            input.put(slot.list().key(), rows);
        }
        String formId = slot.form().id();
        try {
            VALIDATOR.validatePartial(formId, input, CHOICES);
            assertThat(code).as(() -> slot + " as a draft takes " + describe(raw)).isIn(null, "validation.required");
        } catch (DomainException e) {
            assertThat(e.fieldProblems()).as(() -> slot + " as a draft with " + describe(raw)).hasSize(1);
            assertThat(e.fieldProblems().get(0).code()).as(() -> slot + " as a draft with " + describe(raw)).isEqualTo(code);
        } catch (Throwable e) {
            throw new AssertionError(slot + " as a draft with " + describe(raw) + " threw " + e, e);
        }
    }

    private static void hasMessages(FieldProblem problem) {
        for (Properties bundle : List.of(MESSAGES, MESSAGES_EN)) {
            String pattern = bundle.getProperty(problem.code());
            assertThat(pattern).as(() -> "message for " + problem.code()).isNotBlank();
            String message = new MessageFormat(pattern).format(problem.args());
            assertThat(message).as(() -> "message for " + problem.code()).doesNotContain("{0}", "{1}");
        }
    }

    private static String requiredOrNothing(FormField field) {
        return field.required() ? "validation.required" : null;
    }

    private static boolean blank(Object raw) {
        return raw == null || raw instanceof String s && s.isBlank() || raw instanceof Collection<?> c && c.isEmpty();
    }

    private static Map<String, Object> with(Slot slot, Object raw) {
        Map<String, Object> input = copy(VALID.get(slot.form().id()));
        if (slot.list() == null) {
            input.put(slot.field().key(), raw);
        } else {
            @SuppressWarnings("unchecked")
            Map<String, Object> row = (Map<String, Object>) ((List<?>) input.get(slot.list().key())).get(0);
            row.put(slot.field().key(), raw);
        }
        return input;
    }

    private static Object kept(Slot slot, SubmittedForm form) {
        if (slot.list() == null) {
            return form.values().get(slot.field().key());
        }
        Object rows = form.values().get(slot.list().key());
        return rows instanceof List<?> list && !list.isEmpty() ? ((Map<?, ?>) list.get(0)).get(slot.field().key()) : null;
    }

    @SuppressWarnings("unchecked")
    private static <T> T copy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, copy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(copy(v)));
            return (T) copy;
        }
        return value;
    }

    /** The value for an assertion message: short, with invisible characters made visible. */
    static String describe(Object raw) {
        String text = raw instanceof String s ? s : String.valueOf(raw) + " (" + (raw == null ? "null" : raw.getClass().getSimpleName()) + ")";
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().limit(80).forEach(cp -> {
            if (cp < 0x20 || cp >= 0x7F && cp < 0xA0 || Character.getType(cp) == Character.FORMAT
                    || Character.getType(cp) == Character.SURROGATE) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        out.append('"');
        if (text.length() > 80) {
            out.append("… (").append(text.length()).append(" chars)");
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- generators

    @Provide
    Arbitrary<Tuple.Tuple2<Slot, String>> textCases() {
        return Combinators.combine(Arbitraries.of(slots(Kind.TEXT)), HostileText.text()).as(Tuple::of);
    }

    @Provide
    Arbitrary<Tuple.Tuple2<Slot, Object>> numberCases() {
        return Combinators.combine(Arbitraries.of(slots(Kind.NUMBER)), hostileNumbers()).as(Tuple::of);
    }

    @Provide
    Arbitrary<Tuple.Tuple2<Slot, Object>> dateCases() {
        return Combinators.combine(Arbitraries.of(Stream.concat(slots(Kind.DATE).stream(), slots(Kind.DATETIME).stream())
                .toList()), hostileDates()).as(Tuple::of);
    }

    @Provide
    Arbitrary<Tuple.Tuple2<Slot, Object>> choiceCases() {
        return Combinators.combine(Arbitraries.of(choiceSlots()), hostileChoices()).as(Tuple::of);
    }

    @Provide
    Arbitrary<Tuple.Tuple2<Slot, Object>> wrongTypeCases() {
        return Combinators.combine(Arbitraries.of(SLOTS), wrongTypes()).as(Tuple::of);
    }

    private static List<Slot> choiceSlots() {
        return Stream.concat(slots(Kind.CHOICE).stream(), slots(Kind.MULTI_CHOICE).stream()).toList();
    }

    /** For a field with a length limit, text at, just under and just over it (and at its minimum), whitespace around. */
    @Provide
    Arbitrary<Tuple.Tuple2<Slot, String>> limitCases() {
        List<Slot> limited = slots(Kind.TEXT).stream()
                .filter(s -> s.field().maxLength() != null || s.field().minLength() != null).toList();
        return Arbitraries.of(limited).flatMap(slot -> {
            FormField field = slot.field();
            List<Integer> lengths = new ArrayList<>();
            if (field.maxLength() != null) {
                lengths.addAll(List.of(field.maxLength() - 1, field.maxLength(), field.maxLength() + 1, field.maxLength() + 2));
            }
            if (field.minLength() != null) {
                lengths.addAll(List.of(field.minLength() - 1, field.minLength(), field.minLength() + 1));
            }
            return Combinators.combine(Arbitraries.of(lengths), Arbitraries.randoms(),
                            Arbitraries.of(HostileText.SPACES).list().ofMaxSize(2), Arbitraries.of(HostileText.SPACES).list().ofMaxSize(2))
                    .as((length, random, before, after) -> Tuple.of(slot,
                            String.join("", before) + mixed(random, Math.max(0, length)) + String.join("", after)));
        });
    }

    /** Exactly {@code units} UTF-16 units of Chinese, markup, quotes and astral characters, no whitespace at the ends. */
    private static String mixed(Random random, int units) {
        List<String> alphabet = List.of("中", "文", "<", ">", "&", "\"", "'", "a", "1", "😀", "𠀀", "<b>", "&amp;", "。", " ");
        StringBuilder out = new StringBuilder();
        while (out.length() < units) {
            String next = alphabet.get(random.nextInt(alphabet.size()));
            if (out.length() + next.length() > units || next.isBlank() && (out.isEmpty() || out.length() + 1 == units)) {
                next = "中";
            }
            out.append(next);
        }
        return out.toString();
    }

    private static String fill(String unit, int units) {
        String text = unit.repeat(units / unit.length());
        return units % unit.length() == 0 ? text : text + "中";
    }

    @Provide
    Arbitrary<String> hugeText() {
        return Combinators.combine(Arbitraries.of("中", "<script>", "x", "😀", "&amp;", "\u202E", " ", "\n"),
                Arbitraries.integers().between(10_000, 100_000)).as((unit, n) -> unit.repeat(n / unit.length()));
    }

    private static Arbitrary<Object> hostileNumbers() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25);
        Arbitrary<String> decimal = Combinators.combine(Arbitraries.of("", "-", "+", "--", " "), digits,
                Arbitraries.of("", ".", ","), Arbitraries.strings().numeric().ofMaxLength(6),
                Arbitraries.of("", "e", "E", "e+", "e-", "E-"), Arbitraries.of("", "0", "1", "2", "9", "309", "999999999", "2147483648"))
                .as((sign, integer, point, fraction, e, exponent) -> sign + integer + point + fraction + (e.isEmpty() ? "" : e + exponent));
        Arbitrary<String> constants = Arbitraries.of("NaN", "-NaN", "Infinity", "-Infinity", "+Infinity", "∞", "1e309",
                "-1e309", "0E-999999999", "0e+999999999", "1E+999999999", "1e2147483648", "0x1F", "0b101", "017", "1_000",
                "1,000", "1 000", "１２", "١٢", "१२", "一百", "十二万", "12abc", "12 元", "¥100", "5%", "-", ".", "1.", ".5", "+5",
                "--5", "1e", "e5", "1e+", "1.2.3", "0", "-0", "-0.00", "0.001", "0.005", "0.01", "0.010", "99999.995",
                "100000.001", "9999999.99", "10000000", "2147483648", "9223372036854775808", "-9223372036854775809",
                "9".repeat(39), "9".repeat(41), "0." + "0".repeat(1000) + "1", "1." + "0".repeat(5_000),
                "1" + "0".repeat(100_000), "12\u0000", "1\u00002", "\u200B12", "12\u202E", "<script>1</script>", "' OR 1=1");
        Arbitrary<Object> typed = Arbitraries.oneOf(
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE,
                        Double.MIN_VALUE, -0.0d, 0.1d + 0.2d, Float.NaN, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE,
                        BigInteger.TEN.pow(400), new BigDecimal("1E-400"), true, false).map(o -> (Object) o),
                Arbitraries.doubles().between(-1e12, 1e12).map(o -> (Object) o),
                Arbitraries.integers().map(o -> (Object) o),
                Arbitraries.bigDecimals().between(new BigDecimal("-1e8"), new BigDecimal("1e8")).ofScale(4).map(o -> (Object) o));
        return Arbitraries.frequencyOf(
                Tuple.of(5, decimal.map(o -> (Object) o)),
                Tuple.of(3, constants.map(o -> (Object) o)),
                Tuple.of(3, typed),
                Tuple.of(1, HostileText.text().map(o -> (Object) o)));
    }

    private static Arbitrary<Object> hostileDates() {
        Arbitrary<Integer> year = Arbitraries.oneOf(Arbitraries.integers().between(2020, 2031),
                Arbitraries.of(-1, 0, 1, 999, 1000, 1969, 1970, 9999, 10000, 99999, 275760, 999_999_999, -999_999_999));
        Arbitrary<String> generated = Combinators.combine(year, Arbitraries.integers().between(0, 13),
                Arbitraries.integers().between(0, 32), Arbitraries.integers().between(0, 25),
                Arbitraries.integers().between(0, 61), Arbitraries.of("", ":00", ":59", ":60", ".123", ":00.123456789"),
                Arbitraries.of("", "Z", "+08:00", "-05:00", "+18:00", "+19:00", "+0800", "[Asia/Shanghai]", " CST"),
                Arbitraries.of("%s-%02d-%02d", "%s/%02d/%02d", "%s%02d%02d", "%s-%d-%d", "%s年%d月%d日"))
                .as((y, mo, d, h, mi, s, offset, format) -> {
                    String yearText = y > 9999 ? "+" + y : y < 0 ? String.valueOf(y) : String.format("%04d", y);
                    String date = String.format(format, yearText, mo, d);
                    return date + (h % 3 == 0 ? "" : String.format("T%02d:%02d", h, mi) + s + offset);
                });
        Arbitrary<String> constants = Arbitraries.of("2026-02-30", "2026-02-29", "2024-02-29", "2026-04-31",
                "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-01T24:00", "2026-01-01T23:60", "2026-01-01T24:00:00",
                "2026-12-31T23:59:60", "2026-01-01 10:00", "2026-01-01t10:00", "2026-01-01T10", "T10:00", "10:00",
                "24:00", "2026-W01-1", "2026-001", "01/02/2026", "02.01.2026", "20260101", "2026-1-1", "26-01-01",
                "２０２６-０１-０１", "2026‐01‐01", "2026-01-01\u200B", "\u202E2026-01-01", "2026-01-01\u0000",
                "2026-01-01T10:00:00+08:00[Asia/Shanghai]", "2026-01-01T10:00Z", "+10000-01-01", "-0001-01-01",
                "0000-01-01", "9999-12-31", "9999-12-31T23:59", "1000-01-01", "0999-12-31", "tomorrow", "now", "今天",
                "<script>alert(1)</script>", "' OR 1=1 --", "NaN", "1767225600000", "1.7e12");
        Arbitrary<Object> typed = Arbitraries.of(1767225600000L, 0, -1, 2026, 1.5d, true).map(o -> (Object) o);
        return Arbitraries.frequencyOf(
                Tuple.of(5, generated.map(o -> (Object) o)),
                Tuple.of(3, constants.map(o -> (Object) o)),
                Tuple.of(1, typed),
                Tuple.of(1, HostileText.text().map(o -> (Object) o)));
    }

    @Provide
    Arbitrary<Tuple.Tuple4<Integer, Integer, Integer, String>> calendarDates() {
        Arbitrary<Integer> year = Arbitraries.oneOf(Arbitraries.integers().between(1995, 2105),
                Arbitraries.of(1, 999, 1000, 1600, 1900, 2000, 2100, 9999, 10000, 123456));
        return Combinators.combine(year, Arbitraries.integers().between(0, 13), Arbitraries.integers().between(0, 32))
                .as((y, m, d) -> Tuple.of(y, m, d, (y > 9999 ? "+" + y : String.format("%04d", y))
                        + String.format("-%02d-%02d", m, d)));
    }

    private static Arbitrary<Object> hostileChoices() {
        Arbitrary<String> ids = Arbitraries.of("1 or 1=1", "1; DROP TABLE app.topic", "-1", "0", "1e3", "0x1",
                "99999999999999999999", "101\u0000", "１０１", "101 ", " 101", "101\u200B", "\u202E101", "../101",
                "%31%30%31", "APPROVE\u0000", "approve", "APPROVE ", "Approve", "APPROVE\n", "APPROVE,DECLINE",
                "reviewer1", "admin", "*", "%", "_", "null", "true", "[]", "{}");
        return Arbitraries.frequencyOf(
                Tuple.of(4, HostileText.text().map(o -> (Object) o)),
                Tuple.of(3, ids.map(o -> (Object) o)),
                Tuple.of(2, Arbitraries.oneOf(ids, HostileText.text()).list().ofMinSize(1).ofMaxSize(4).map(o -> (Object) o)),
                Tuple.of(1, Arbitraries.of(List.of(), List.of(List.of("101")), List.of(Map.of("value", "101")), Map.of("101", "101"),
                        java.util.Arrays.asList("101", null), 101, 101L, true).map(o -> (Object) o)));
    }

    @Provide
    Arbitrary<Tuple.Tuple4<Slot, Integer, String, String>> disguises() {
        Arbitrary<String> around = Arbitraries.of("", " ", "\t", "\u0000", "\n", "\u3000", "\u00A0", "\u200B", "\u202E",
                "\uFEFF", "x", "<", "'", "%", "\uD800");
        return Combinators.combine(Arbitraries.of(choiceSlots()), Arbitraries.integers().between(0, 50), around, around)
                .as(Tuple::of);
    }

    @Provide
    Arbitrary<Object> booleanish() {
        return Arbitraries.oneOf(
                Arbitraries.of("true", "false", "TRUE", "False", "on", "ON", "off", "yes", "no", "1", "0", "checked", "y",
                        " true ", "true\u0000", "\u200Btrue", "tru", "<script>", "' OR 1=1", "null", "", " ").map(o -> (Object) o),
                Arbitraries.of(true, false, 1, 0, 1.0d, List.of("true"), List.of(), Map.of("checked", true)).map(o -> (Object) o),
                HostileText.text().map(o -> (Object) o));
    }

    private static Arbitrary<Object> wrongTypes() {
        Arbitrary<Object> scalar = Arbitraries.of("x", "<script>", 1, 1.5d, true).map(o -> (Object) o);
        return Arbitraries.oneOf(
                scalar.list().ofMinSize(1).ofMaxSize(3).map(o -> (Object) o),
                scalar.list().ofMaxSize(2).list().ofMinSize(1).ofMaxSize(2).map(o -> (Object) o),
                Arbitraries.maps(Arbitraries.of("value", "title", "<script>", "0", "$where"), scalar).ofMinSize(1).ofMaxSize(3)
                        .map(o -> (Object) o),
                Arbitraries.maps(Arbitraries.of("value", "title"), scalar).ofMinSize(1).list().ofMinSize(1).ofMaxSize(3)
                        .map(o -> (Object) o),
                Arbitraries.of(List.of(), Map.of(), List.of(List.of()), List.of(Map.of()), java.util.Arrays.asList((Object) null),
                        List.of(Map.of(), "x")).map(o -> (Object) o),
                scalar,
                Arbitraries.just(null));
    }

    // ---------------------------------------------------------------- fixtures

    private static FormDefinitions definitions() {
        try {
            return new FormDefinitions(new ObjectMapper());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The forms as the files in forms/ define them, each also found among the deployed definitions. */
    private static List<FormDefinition> formsInFolder() {
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(Path.of("forms"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".form")).sorted().map(file -> {
                try {
                    FormDefinition parsed = FormDefinitions.parse(json.readTree(file.toFile()));
                    assertThat(DEFINITIONS.contains(parsed.id())).as(() -> file + " is deployed").isTrue();
                    assertThat(DEFINITIONS.get(parsed.id())).as(() -> file.toString()).isEqualTo(parsed);
                    return parsed;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Slot> slots() {
        List<Slot> slots = new ArrayList<>();
        for (FormDefinition form : FORMS) {
            for (FormField field : form.inputs()) {
                slots.add(new Slot(form, null, field));
                if (field.isList()) {
                    field.components().stream().filter(FormField::isInput).forEach(c -> slots.add(new Slot(form, field, c)));
                }
            }
        }
        return List.copyOf(slots);
    }

    static List<Slot> slots(Kind kind) {
        return SLOTS.stream().filter(s -> s.kind() == kind).toList();
    }

    /** Options for every field whose options come from data (topics, reviewers …): ids as the services give them. */
    private static Map<String, List<FormField.Option>> choices() {
        Map<String, List<FormField.Option>> choices = new LinkedHashMap<>();
        for (FormDefinition form : FORMS) {
            for (FormField field : form.inputs()) {
                Stream.concat(Stream.of(field), field.components().stream()).filter(f -> f.valuesKey() != null)
                        .forEach(f -> choices.put(f.valuesKey(), List.of(new FormField.Option("101", "甲 <b>"),
                                new FormField.Option("102", "乙"), new FormField.Option("reviewer1", "丙"))));
            }
        }
        return Map.copyOf(choices);
    }

    private static List<FormField.Option> options(FormField field) {
        return field.valuesKey() != null ? CHOICES.get(field.valuesKey()) : field.options();
    }

    private static Map<String, Map<String, Object>> validSubmissions() {
        Map<String, Map<String, Object>> valid = new LinkedHashMap<>();
        for (FormDefinition form : FORMS) {
            valid.put(form.id(), row(form.inputs()));
        }
        return valid;
    }

    private static Map<String, Object> row(List<FormField> fields) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (FormField field : fields) {
            if (field.isInput()) {
                row.put(field.key(), valid(field));
            }
        }
        return row;
    }

    /** A valid value for any field, derived from its definition. */
    private static Object valid(FormField field) {
        return switch (Kind.of(field)) {
            case LIST -> List.of(row(field.components()));
            case MULTI_CHOICE -> List.of(options(field).get(0).value());
            case CHOICE -> options(field).get(0).value();
            case CHECKBOX -> "true";
            case DATE -> "2027-03-01";
            case DATETIME -> "2027-03-01T10:00";
            case NUMBER -> {
                BigDecimal value = field.min() != null ? field.min() : BigDecimal.ZERO;
                yield (field.max() != null && value.compareTo(field.max()) > 0 ? field.max() : value).toPlainString();
            }
            case TEXT -> sampleText(field);
        };
    }

    /** Plain Chinese of the field's minimum length, or the first of a few typical values that fits its pattern. */
    private static String sampleText(FormField field) {
        if (field.pattern() != null) {
            List<String> candidates = new ArrayList<>(List.of("someone@example.cn"));
            for (int n = 1; n <= 24; n++) {
                candidates.add("1" + "3".repeat(n - 1));
                candidates.add("A".repeat(n));
            }
            return candidates.stream().filter(c -> Pattern.matches(field.pattern(), c))
                    .filter(c -> field.maxLength() == null || c.length() <= field.maxLength()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No sample value matches " + field.pattern()
                            + " of " + field.key() + ": add one to sampleText"));
        }
        int length = Math.max(4, field.minLength() == null ? 0 : field.minLength());
        return "正常填写的内容".repeat(length).substring(0, field.maxLength() == null ? length : Math.min(length, field.maxLength()));
    }

    private static Properties messages(boolean english) {
        Properties all = new Properties();
        for (String base : List.of("messages", "messages-call", "messages-rules", "messages-eligibility", "messages-experts")) {
            String name = base + (english ? "_en" : "") + ".properties";
            try (InputStream in = FormInputProperties.class.getClassLoader().getResourceAsStream(name)) {
                if (in != null) {
                    all.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    @AfterContainer
    static void summary() {
        System.out.printf("Hostile form input: %d forms, %d fields (%d free text: %d single-line, %d multi-line; %d numbers,"
                        + " %d dates and times, %d choices, %d check boxes, %d lists), %d generated values, %d field checks"
                        + " (%d accepted, %d refused)%n",
                FORMS.size(), SLOTS.size(), slots(Kind.TEXT).size(),
                slots(Kind.TEXT).stream().filter(Slot::singleLine).count(),
                slots(Kind.TEXT).stream().filter(s -> !s.singleLine()).count(), slots(Kind.NUMBER).size(),
                slots(Kind.DATE).size() + slots(Kind.DATETIME).size(),
                slots(Kind.CHOICE).size() + slots(Kind.MULTI_CHOICE).size(), slots(Kind.CHECKBOX).size(),
                slots(Kind.LIST).size(), VALUES.get(), CHECKS.get(), ACCEPTED.get(), CHECKS.get() - ACCEPTED.get());
    }
}
