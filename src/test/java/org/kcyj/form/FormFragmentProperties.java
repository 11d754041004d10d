package org.kcyj.form;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import org.kcyj.support.HostileText;
import org.kcyj.support.HtmlTree;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.templateresolver.StringTemplateResolver;

/**
 * The portal shows every step's form through one fragment (templates/fragments/form.html) with the
 * values saved before or, after a refusal, exactly as they were sent, with the errors beside them and
 * options that come from data (topic titles, reviewers). Rendered by the real template with hostile
 * text in every field, every row cell, every error and every data option of every form, the page has
 * the same elements and attributes as with harmless values, and each value reads back exactly from its
 * input, text area, option or error. Values the validator refuses are shown too, so any text is tried.
 */
class FormFragmentProperties {
    private static final List<FormDefinition> FORMS = forms();
    private static final SpringTemplateEngine ENGINE = engine();
    private static final String PAGE = "<form id=\"task-form\" th:insert=\"~{fragments/form :: "
            + "fields(${form}, ${values}, ${errors}, ${choices})}\"></form>";
    /** Attributes whose presence depends on whether a value equals an option. */
    private static final Set<String> VALUE_DEPENDENT = Set.of("checked", "selected");
    private static final Map<String, List<String>> HARMLESS_SHAPES = new HashMap<>();
    private static final AtomicLong PAGES = new AtomicLong();
    private static final AtomicLong VALUES = new AtomicLong();

    @Example
    void everyFormWithEveryPayload() {
        for (FormDefinition form : FORMS) {
            List<String> payloads = new ArrayList<>(HostileText.PAYLOADS);
            payloads.addAll(HostileText.CONTROLS);
            payloads.addAll(HostileText.INVISIBLE);
            payloads.addAll(HostileText.SURROGATES);
            payloads.addAll(HostileText.ASTRAL);
            for (int offset = 0; offset < payloads.size(); offset += 7) {
                shownAsText(form, payloads.subList(offset, payloads.size()));
            }
        }
    }

    @Property(tries = 1000)
    void everyFieldIsShownAsText(@ForAll("filledForms") Tuple.Tuple2<FormDefinition, List<String>> filled) {
        shownAsText(filled.get1(), filled.get2());
    }

    @Provide
    Arbitrary<Tuple.Tuple2<FormDefinition, List<String>>> filledForms() {
        return Combinators.combine(Arbitraries.of(FORMS), HostileText.text().list().ofMinSize(1).ofMaxSize(40))
                .as(Tuple::of);
    }

    /** Renders the form with the texts (used in turn) everywhere a value can be, and reads them back. */
    private static void shownAsText(FormDefinition form, List<String> texts) {
        Filling hostile = new Filling(form, texts);
        HtmlTree page = HtmlTree.parse(render(form, hostile));
        PAGES.incrementAndGet();
        VALUES.addAndGet(hostile.shown.size());
        Supplier<String> what = () -> form.id() + " with " + FormInputProperties.describe(texts);
        List<String> harmless = HARMLESS_SHAPES.computeIfAbsent(form.id(), id ->
                HtmlTree.parse(render(form, new Filling(form, List.of("正常值")))).shape(VALUE_DEPENDENT));
        assertThat(page.shape(VALUE_DEPENDENT)).as(what).isEqualTo(harmless);
        for (Shown shown : hostile.shown) {
            switch (shown.where()) {
                case INPUT -> assertThat(page.byId(shown.id())).as(what).hasValueSatisfying(input ->
                        assertThat(input.attribute("value")).as(() -> shown.id() + " in " + what.get()).isEqualTo(shown.text()));
                case TEXTAREA -> assertThat(page.byId(shown.id())).as(what).hasValueSatisfying(area ->
                        assertThat(area.text()).as(() -> shown.id() + " in " + what.get()).isEqualTo(shown.text()));
                case OPTION -> assertThat(page.elements()).as(() -> shown.id() + " in " + what.get())
                        .anyMatch(e -> shown.text().equals(e.attribute("value")))
                        .anyMatch(e -> e.text().equals(shown.id()));
                case ERROR -> assertThat(page.elements()).as(() -> shown.id() + " in " + what.get())
                        .anyMatch(e -> e.text().equals(shown.text()));
            }
        }
    }

    private static String render(FormDefinition form, Filling filling) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("form", form);
        variables.put("values", filling.values);
        variables.put("errors", filling.errors);
        variables.put("choices", filling.choices);
        return ENGINE.process(PAGE, new Context(Locale.SIMPLIFIED_CHINESE, variables));
    }

    enum Where { INPUT, TEXTAREA, OPTION, ERROR }

    /** A text put into the page and where it must read back: by element id, or (options) by value, label in id. */
    record Shown(Where where, String id, String text) {
    }

    /** Values, errors and data options for every field of a form, as the task page gets them, from the texts in turn. */
    private static final class Filling {
        final Map<String, Object> values = new LinkedHashMap<>();
        final Map<String, String> errors = new LinkedHashMap<>();
        final Map<String, List<FormField.Option>> choices = new LinkedHashMap<>();
        final List<Shown> shown = new ArrayList<>();
        private final List<String> texts;
        private int next;

        Filling(FormDefinition form, List<String> texts) {
            this.texts = texts;
            for (FormField field : form.inputs()) {
                if (field.valuesKey() != null) {
                    List<FormField.Option> options = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        String value = text() + "#" + i; // distinct, as ids are
                        String label = text();
                        options.add(new FormField.Option(value, label));
                        shown.add(new Shown(Where.OPTION, label, value));
                    }
                    choices.put(field.valuesKey(), options);
                }
                if (field.isList()) {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    for (int i = 0; i < 2; i++) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (FormField child : field.components()) {
                            String name = field.key() + "[" + i + "]." + child.key();
                            String value = text();
                            row.put(child.key(), value);
                            if (!child.type().equals("select")) {
                                shown.add(new Shown(Where.INPUT, name, value));
                            }
                            error(name);
                        }
                        rows.add(row);
                    }
                    values.put(field.key(), rows);
                } else if (field.isMultiValue()) {
                    values.put(field.key(), List.of(text(), text()));
                } else {
                    String value = text();
                    values.put(field.key(), value);
                    switch (field.type()) {
                        case "textarea" -> shown.add(new Shown(Where.TEXTAREA, field.key(), value));
                        case "textfield", "number", "datetime" -> shown.add(new Shown(Where.INPUT, field.key(), value));
                        default -> {
                            // radio, select, checkbox: only compared with the options, never written out
                        }
                    }
                }
                error(field.key());
            }
        }

        private void error(String name) {
            String error = "错误：" + text();
            errors.put(name, error);
            shown.add(new Shown(Where.ERROR, name, error));
        }

        private String text() {
            return texts.get(next++ % texts.size());
        }
    }

    /** The forms of the files in forms/, as the validator's properties enumerate them. */
    private static List<FormDefinition> forms() {
        return FormInputProperties.FORMS;
    }

    /** The portal's templates and messages, as Spring Boot configures them. */
    private static SpringTemplateEngine engine() {
        ClassLoaderTemplateResolver files = new ClassLoaderTemplateResolver();
        files.setPrefix("templates/");
        files.setSuffix(".html");
        files.setTemplateMode(TemplateMode.HTML);
        files.setCharacterEncoding("UTF-8");
        files.setCheckExistence(true);
        files.setOrder(1);
        StringTemplateResolver page = new StringTemplateResolver();
        page.setTemplateMode(TemplateMode.HTML);
        page.setOrder(2);
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasenames("messages", "messages-call", "messages-rules", "messages-eligibility", "messages-experts");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolvers(Set.of(files, page));
        engine.setTemplateEngineMessageSource(messages);
        return engine;
    }

    @AfterContainer
    static void summary() {
        System.out.printf("Hostile form pages: %d forms, %d pages rendered, %d values, errors and options read back%n",
                FORMS.size(), PAGES.get(), VALUES.get());
    }
}
