package org.kcyj.call;

/**
 * What became of a demand. ADOPTED: made into a topic on its own; MERGED: made into a topic together
 * with other demands (the demand lists them); REJECTED: with a reason its owner reads; WITHDRAWN by
 * its owner before it was decided.
 */
public enum DemandStatus {
    SUBMITTED, ADOPTED, MERGED, REJECTED, WITHDRAWN;

    /** Adopted into a topic, alone or merged: counts as one of the unit's active challenges. */
    public boolean isAdopted() {
        return this == ADOPTED || this == MERGED;
    }
}
