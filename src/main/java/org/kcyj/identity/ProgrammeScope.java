package org.kcyj.identity;

import java.util.Set;
import java.util.function.Predicate;

import org.kcyj.shared.DomainException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The 专项 a programme manager acts within. A {@link Role#PROGRAM_MANAGER} with one or more programmes assigned
 * (app.staff_programme, set by administrators) acts on, and reads the staff views of, only those programmes'
 * calls, proposals, reviews, panels and parameters; another programme's objects are, to them, not there (404,
 * so their numbers reveal nothing). A manager with no programme assigned acts for every programme (a small
 * bureau has one office for all). Directors and administrators are not scoped.
 * <p>
 * This answers only "may this manager act on this programme": for a user who is not a programme manager every
 * programme is covered, and the callers' own role checks decide what that user may do. The assignments are read
 * on every question, never cached: an administrator's change holds at the next request.
 */
@Component
public class ProgrammeScope {
    /** The message of a refused call for a programme the manager does not look after (messages-scope). */
    public static final String NOT_YOUR_PROGRAMME = "error.programme-not-yours";

    private final StaffAdministration staff;

    ProgrammeScope(StaffAdministration staff) {
        this.staff = staff;
    }

    /** Whether the user may act on the programme as far as programme scope goes (true for non-managers). */
    public boolean covers(UserAccount user, String programmeCode) {
        return coverage(user).test(programmeCode);
    }

    /** Refuses, as "not found", what lies outside the user's programmes. */
    public void require(UserAccount user, String programmeCode) {
        if (!covers(user, programmeCode)) {
            throw DomainException.notFound();
        }
    }

    /**
     * Refuses, as forbidden with {@link #NOT_YOUR_PROGRAMME}, a new object for a programme outside the user's: used
     * where the programme is the user's own input (a new call), not a hidden object's.
     */
    public void requireForNew(UserAccount user, String programmeCode) {
        if (!covers(user, programmeCode)) {
            throw new DomainException(HttpStatus.FORBIDDEN, NOT_YOUR_PROGRAMME, programmeCode);
        }
    }

    /**
     * The programmes the user may act on, as a test on programme codes: read once, for filtering a listing.
     * Everything for a user who is not a programme manager or a manager with no programme assigned.
     */
    public Predicate<String> coverage(UserAccount user) {
        if (user == null || !user.has(Role.PROGRAM_MANAGER)) {
            return code -> true;
        }
        Set<String> assigned = staff.programmesOf(user.username());
        if (assigned.isEmpty()) {
            return code -> true;
        }
        return code -> code != null && assigned.contains(code);
    }

    /**
     * The programmes whose staff views the user may read: directors and administrators all of them, a programme
     * manager (who is neither) those covered. Callers check first that the user is staff at all.
     */
    public Predicate<String> staffView(UserAccount user) {
        if (user != null && (user.has(Role.DIRECTOR) || user.has(Role.ADMIN))) {
            return code -> true;
        }
        return coverage(user);
    }

    /** Whether the user reads the staff view of the programme's objects (see {@link #staffView}). */
    public boolean readsStaffView(UserAccount user, String programmeCode) {
        return staffView(user).test(programmeCode);
    }
}
