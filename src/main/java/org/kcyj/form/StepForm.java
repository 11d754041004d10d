package org.kcyj.form;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares, on a REST endpoint, the Camunda Form (by id, e.g. {@code Form_FormalCheck}) whose fields its request
 * body carries. The API description reads it: the body's schema is that form's (a PUT takes any subset of its
 * fields, a draft); the step's service validates the body against the same form.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface StepForm {
    /** The form's id, as in forms/*.form. */
    String value();
}
