package org.kcyj.proposal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.kcyj.attachment.FileNames;
import org.kcyj.attachment.PdfInspector;
import org.kcyj.audit.AuditLog;
import org.kcyj.call.CallService;
import org.kcyj.identity.UserAccount;
import org.kcyj.programme.ProgrammeParameters;
import org.kcyj.shared.DomainException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * PDF attachments of an application. Only real, harmless PDFs are kept (content checked, not the
 * name): over the size limit is 413, anything else refused is 415, and a refused file stores nothing.
 * A removed attachment is kept (marked removed), since a submitted version may list it.
 */
@Service
public class AttachmentService {
    private static final Set<ProposalStatus> EDITABLE =
            Set.of(ProposalStatus.DRAFT, ProposalStatus.RETURNED, ProposalStatus.CORRECTION);

    /** One stored attachment (without its bytes). */
    public record Attachment(long id, String fileName, long sizeBytes, int pages, String sha256, Instant uploadedAt) {
    }

    private final ProposalRepository proposals;
    private final ProposalService service;
    private final ProposalAccess access;
    private final CallService calls;
    private final ProgrammeParameters parameters;
    private final PdfInspector inspector;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final Clock clock;

    AttachmentService(ProposalRepository proposals, ProposalService service, ProposalAccess access, CallService calls,
                      ProgrammeParameters parameters, PdfInspector inspector, AuditLog audit, JdbcClient jdbc,
                      Clock clock) {
        this.proposals = proposals;
        this.service = service;
        this.access = access;
        this.calls = calls;
        this.parameters = parameters;
        this.inspector = inspector;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public Attachment upload(UserAccount applicant, String number, String uploadedName, byte[] bytes) {
        Proposal proposal = editable(applicant, number);
        long programme = calls.get(proposal.callId()).programmeId();
        int maxCount = parameters.integer(programme, ProgrammeParameters.ATTACHMENT_MAX_COUNT);
        if (listed(proposal.id()).size() >= maxCount) {
            throw DomainException.conflict("error.attachment.count", maxCount);
        }
        int maxMegabytes = parameters.integer(programme, ProgrammeParameters.ATTACHMENT_MAX_MEGABYTES);
        long maxBytes = maxMegabytes * 1024L * 1024L;
        if (bytes != null && bytes.length > maxBytes) {
            throw new DomainException(HttpStatus.PAYLOAD_TOO_LARGE, "error.attachment.too-large", maxMegabytes);
        }
        String name = FileNames.sanitize(uploadedName);
        if (!FileNames.hasPdfExtension(name)) {
            throw new DomainException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "error.attachment.not-pdf-name");
        }
        int maxPages = parameters.integer(programme, ProgrammeParameters.ATTACHMENT_MAX_PAGES);
        PdfInspector.Result result = inspector.inspect(bytes, maxBytes, maxPages);
        if (result instanceof PdfInspector.Refusal refusal) {
            throw refusal.toException();
        }
        PdfInspector.Inspection inspection = result.inspection().orElseThrow();
        Instant now = Instant.now(clock);
        jdbc.sql("""
                        insert into app.proposal_attachment
                            (proposal_id, file_name, size_bytes, pages, sha256, content, uploaded_by, uploaded_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(proposal.id(), name, (long) bytes.length, inspection.pages(), inspection.sha256(), bytes,
                        applicant.username(), Timestamp.from(now))
                .update();
        audit.record(applicant.username(), "ATTACHMENT_ADDED", number, null, name, inspection.sha256());
        return listed(proposal.id()).stream().reduce((a, b) -> b).orElseThrow();
    }

    public List<Attachment> list(UserAccount user, String number) {
        Proposal proposal = access.readable(user, number);
        return listed(proposal.id()).stream()
                .filter(a -> mayReadAttachment(user, proposal, a.id())).toList();
    }

    public Optional<byte[]> content(UserAccount user, String number, long attachmentId) {
        Proposal proposal = access.readable(user, number);
        if (!mayReadAttachment(user, proposal, attachmentId)) {
            return Optional.empty();
        }
        return jdbc.sql("select content from app.proposal_attachment where proposal_id = ? and id = ?")
                .params(proposal.id(), attachmentId).query(byte[].class).optional();
    }

    /**
     * One attachment, also one removed after it was submitted (a submitted version may list it) for those
     * who read every version; reviewers and panel members reach only the attachments of the version under
     * review (404 for any other).
     */
    public Attachment describe(UserAccount user, String number, long attachmentId) {
        Proposal proposal = access.readable(user, number);
        if (!mayReadAttachment(user, proposal, attachmentId)) {
            throw DomainException.notFound();
        }
        return jdbc.sql("""
                        select id, file_name, size_bytes, pages, sha256, uploaded_at from app.proposal_attachment
                        where proposal_id = ? and id = ?""")
                .params(proposal.id(), attachmentId)
                .query(AttachmentService::map).optional().orElseThrow(DomainException::notFound);
    }

    /**
     * Whether the attachment is one {@code user} may read: any of the proposal's for those who read every
     * version; for reviewers and panel members only one the version under review listed (uploaded before
     * that submission and not removed before it).
     */
    private boolean mayReadAttachment(UserAccount user, Proposal proposal, long attachmentId) {
        if (access.seesDecisions(user, proposal)) {
            return true;
        }
        if (proposal.submittedAt() == null) {
            return false;
        }
        Timestamp submitted = Timestamp.from(proposal.submittedAt());
        return jdbc.sql("""
                        select count(*) from app.proposal_attachment where proposal_id = ? and id = ?
                          and uploaded_at <= ? and (removed_at is null or removed_at > ?)""")
                .params(proposal.id(), attachmentId, submitted, submitted).query(Integer.class).single() > 0;
    }

    @Transactional
    public void delete(UserAccount applicant, String number, long attachmentId) {
        Proposal proposal = editable(applicant, number);
        Attachment attachment = listed(proposal.id()).stream().filter(a -> a.id() == attachmentId).findFirst()
                .orElseThrow(DomainException::notFound);
        // Kept, only taken off the working set: an earlier submitted version may list it.
        jdbc.sql("update app.proposal_attachment set removed_at = ? where id = ?")
                .params(java.sql.Timestamp.from(Instant.now(clock)), attachmentId).update();
        audit.record(applicant.username(), "ATTACHMENT_REMOVED", number, attachment.fileName(), null, attachment.sha256());
    }

    List<Attachment> listed(long proposalId) {
        return jdbc.sql("""
                        select id, file_name, size_bytes, pages, sha256, uploaded_at from app.proposal_attachment
                        where proposal_id = ? and removed_at is null order by id""")
                .param(proposalId)
                .query(AttachmentService::map).list();
    }

    private static Attachment map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Attachment(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getString(5),
                rs.getTimestamp(6).toInstant());
    }

    private Proposal editable(UserAccount applicant, String number) {
        Proposal proposal = proposals.byNumber(number).filter(p -> p.applicant().equals(applicant.username()))
                .orElseThrow(DomainException::notFound);
        if (!EDITABLE.contains(proposal.status())) {
            throw DomainException.conflict("error.stage");
        }
        Instant deadline = service.effectiveDeadline(proposal);
        if (Instant.now(clock).isAfter(deadline)) {
            throw DomainException.conflict("error.deadline-passed", org.kcyj.shared.BusinessTime.display(deadline));
        }
        return proposal;
    }
}
