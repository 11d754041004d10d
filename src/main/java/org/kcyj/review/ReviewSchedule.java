package org.kcyj.review;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

import org.kcyj.shared.BusinessTime;
import org.springframework.stereotype.Component;

/**
 * Dates of the peer-review timers (public: the process's expressions call it with the slot's
 * {@code invitationId}), read from that invitation: its expiry, the review's due date, a reminder before it and the replacement after it.
 */
@Component("reviewSchedule")
public class ReviewSchedule {
    private final InvitationStore invitations;
    private final InvitationService service;

    ReviewSchedule(InvitationStore invitations, InvitationService service) {
        this.invitations = invitations;
        this.service = service;
    }

    public String invitationExpires(long invitationId) {
        return iso(invitations.byId(invitationId).expiresAt());
    }

    public String reviewDue(long invitationId) {
        return iso(invitations.byId(invitationId).reviewDueAt());
    }

    /** {@code review.reminder-days} before the due date, but never before the invitation was accepted. */
    public String reminderAt(long invitationId) {
        Invitation invitation = invitations.byId(invitationId);
        Instant reminder = invitation.reviewDueAt().minus(Duration.ofDays(service.rules(invitation).reminderDays()));
        return iso(reminder.isBefore(invitation.respondedAt()) ? invitation.respondedAt() : reminder);
    }

    /** {@code review.overdue-grace-days} after the due date the slot goes to a replacement. */
    public String overdueAt(long invitationId) {
        Invitation invitation = invitations.byId(invitationId);
        return iso(invitation.reviewDueAt().plus(Duration.ofDays(service.rules(invitation).graceDays()))
                .plus(Duration.ofMinutes(1)));
    }

    private static String iso(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(BusinessTime.zoned(instant));
    }
}
