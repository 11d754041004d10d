package org.kcyj.proposal.check;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the eligibility decision ({@code Decision_Eligibility} in processes/eligibility.dmn) reads about one
 * proposal, as of the call's deadline date. The parameters (age limits, project cap, local-unit rule) are the
 * programme's current values, passed in so that the table itself holds no numbers a programme changes.
 *
 * @param callMode              COMPETITIVE, CHALLENGE, RACE, DIRECTED or POST_SUBSIDY
 * @param track                 GENERAL or YOUTH
 * @param piAge                 the PI's completed years on the deadline date
 * @param piGender              MALE or FEMALE
 * @param youthAgeLimit         youth track: the PI must be under this age (parameter)
 * @param youthAgeLimitWomen    the same for women (parameter)
 * @param piActiveProjects      the PI's active projects in the programme; an overdue final report counts
 * @param maxActiveProjects     how many active projects a PI may lead (限项, parameter)
 * @param leadUnitValid         registered, credit code valid, registration not expired on the deadline date
 * @param leadUnitLocal         the lead unit is registered locally
 * @param leadUnitLocalRequired the programme requires a local lead unit (parameter)
 * @param requestedBudget       requested funding in 万元 (10,000 CNY)
 * @param topicMaxBudget        the topic's cap in 万元, or null when the topic sets none
 * @param pledgeSigned          the integrity pledge is signed
 */
public record EligibilityFacts(
        String callMode,
        String track,
        int piAge,
        String piGender,
        int youthAgeLimit,
        int youthAgeLimitWomen,
        int piActiveProjects,
        int maxActiveProjects,
        boolean leadUnitValid,
        boolean leadUnitLocal,
        boolean leadUnitLocalRequired,
        BigDecimal requestedBudget,
        BigDecimal topicMaxBudget,
        boolean pledgeSigned) {

    public static final Set<String> CALL_MODES = Set.of("COMPETITIVE", "CHALLENGE", "RACE", "DIRECTED", "POST_SUBSIDY");
    public static final Set<String> TRACKS = Set.of("GENERAL", "YOUTH");
    public static final Set<String> GENDERS = Set.of("MALE", "FEMALE");

    /** Refuses values the table does not know: a misspelt mode or track would silently skip rules. */
    public EligibilityFacts {
        requireOneOf("callMode", callMode, CALL_MODES);
        requireOneOf("track", track, TRACKS);
        requireOneOf("piGender", piGender, GENDERS);
        Objects.requireNonNull(requestedBudget, "requestedBudget");
    }

    /** The decision's input variables, named as in the table; topicMaxBudget may be null. */
    public Map<String, Object> asVariables() {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("callMode", callMode);
        variables.put("track", track);
        variables.put("piAge", piAge);
        variables.put("piGender", piGender);
        variables.put("youthAgeLimit", youthAgeLimit);
        variables.put("youthAgeLimitWomen", youthAgeLimitWomen);
        variables.put("piActiveProjects", piActiveProjects);
        variables.put("maxActiveProjects", maxActiveProjects);
        variables.put("leadUnitValid", leadUnitValid);
        variables.put("leadUnitLocal", leadUnitLocal);
        variables.put("leadUnitLocalRequired", leadUnitLocalRequired);
        variables.put("requestedBudget", requestedBudget);
        variables.put("topicMaxBudget", topicMaxBudget);
        variables.put("pledgeSigned", pledgeSigned);
        return variables;
    }

    private static void requireOneOf(String name, String value, Set<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw new IllegalArgumentException(name + " must be one of " + allowed + ", was " + value);
        }
    }
}
