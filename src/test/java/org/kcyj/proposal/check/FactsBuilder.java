package org.kcyj.proposal.check;

import java.math.BigDecimal;

/** Facts of a proposal that breaks no rule; each test changes what it is about. */
final class FactsBuilder {
    String callMode = "COMPETITIVE";
    String track = "GENERAL";
    int piAge = 45;
    String piGender = "MALE";
    int youthAgeLimit = 35;
    int youthAgeLimitWomen = 40;
    int piActiveProjects = 0;
    int maxActiveProjects = 1;
    boolean leadUnitValid = true;
    boolean leadUnitLocal = true;
    boolean leadUnitLocalRequired = true;
    BigDecimal requestedBudget = new BigDecimal("80");
    BigDecimal topicMaxBudget = new BigDecimal("100");
    boolean pledgeSigned = true;

    static FactsBuilder eligible() {
        return new FactsBuilder();
    }

    /** A youth-track proposal in competitive mode by a PI of the given gender and age. */
    static FactsBuilder youth(String gender, int age) {
        FactsBuilder facts = new FactsBuilder();
        facts.track = "YOUTH";
        facts.piGender = gender;
        facts.piAge = age;
        return facts;
    }

    FactsBuilder callMode(String value) {
        callMode = value;
        return this;
    }

    FactsBuilder activeProjects(int active, int max) {
        piActiveProjects = active;
        maxActiveProjects = max;
        return this;
    }

    FactsBuilder leadUnit(boolean valid, boolean local, boolean localRequired) {
        leadUnitValid = valid;
        leadUnitLocal = local;
        leadUnitLocalRequired = localRequired;
        return this;
    }

    /** Requested budget and the topic's cap in 万元; cap null for a topic without one. */
    FactsBuilder budget(String requested, String cap) {
        requestedBudget = new BigDecimal(requested);
        topicMaxBudget = cap == null ? null : new BigDecimal(cap);
        return this;
    }

    FactsBuilder pledgeSigned(boolean value) {
        pledgeSigned = value;
        return this;
    }

    EligibilityFacts build() {
        return new EligibilityFacts(callMode, track, piAge, piGender, youthAgeLimit, youthAgeLimitWomen,
                piActiveProjects, maxActiveProjects, leadUnitValid, leadUnitLocal, leadUnitLocalRequired,
                requestedBudget, topicMaxBudget, pledgeSigned);
    }
}
