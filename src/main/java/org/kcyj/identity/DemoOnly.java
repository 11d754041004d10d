package org.kcyj.identity;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/** The few acts only the demo's seeding may do (accounts with its published password): refused in any other profile. */
final class DemoOnly {
    private DemoOnly() {
    }

    static void require(Environment environment) {
        if (!environment.acceptsProfiles(Profiles.of("demo"))) {
            throw new IllegalStateException("Only the demo profile seeds accounts with a published password");
        }
    }
}
