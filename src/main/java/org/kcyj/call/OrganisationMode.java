package org.kcyj.call;

/**
 * How a call selects and funds its projects (docs/programme-rules.md, "Organisation modes"). Recorded on the call,
 * printed in the guide, and read by the rules of topics: a 揭榜挂帅 challenge picks one team, a 赛马制
 * challenge funds 2 to 5 teams in parallel, and both publish challenges that come from demands.
 */
public enum OrganisationMode {
    COMPETITIVE("竞争择优", "Competitive selection"),
    CHALLENGE("揭榜挂帅", "Open challenge"),
    RACE("赛马制", "Horse race"),
    DIRECTED("定向委托", "Directed commission"),
    POST_SUBSIDY("后补助", "Post-subsidy");

    private static final int RACE_MIN_TEAMS = 2;
    private static final int RACE_MAX_TEAMS = 5;

    private final String chinese;
    private final String english;

    OrganisationMode(String chinese, String english) {
        this.chinese = chinese;
        this.english = english;
    }

    /** The name printed in documents (pages take theirs from the message bundles). */
    public String chinese() {
        return chinese;
    }

    public String english() {
        return english;
    }

    /** 揭榜挂帅 and 赛马制 publish a 榜单: each challenge comes from demands and names who set it. */
    public boolean isChallengeBased() {
        return this == CHALLENGE || this == RACE;
    }

    /** How many projects a topic may plan to fund in this mode. */
    public boolean allowsProjects(int projects) {
        return switch (this) {
            case CHALLENGE -> projects == 1;
            case RACE -> projects >= RACE_MIN_TEAMS && projects <= RACE_MAX_TEAMS;
            default -> projects >= 1;
        };
    }
}
