package org.kcyj.workflow;

/** What a {@link ProcessStep} sees of the process it runs in: its business key and its variables. */
public interface StepContext {

    /** The proposal number, {@code CALL-{id}}, {@code PANEL-{id}}: the business key of the process instance. */
    String businessKey();

    /** A variable as the step's scope sees it (local first, then the enclosing scopes); null when absent. */
    Object variable(String name);

    /** A numeric id variable; an absent or non-numeric one is a programming error of the model. */
    default long id(String name) {
        Object value = variable(name);
        if (!(value instanceof Number number)) {
            throw new IllegalStateException("process variable " + name + " is not an id: " + value);
        }
        return number.longValue();
    }

    default int intVariable(String name) {
        return Math.toIntExact(id(name));
    }

    /** Sets a gateway flag or an id for the steps that follow (in the scope where it already lives, else the process). */
    void set(String name, Object value);

    /** An identifier of this run of the step, unique per activity instance: keys a message so a retry does not send twice. */
    String runId();
}
