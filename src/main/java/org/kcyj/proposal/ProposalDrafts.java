package org.kcyj.proposal;

import org.kcyj.call.CallService;
import org.kcyj.call.ProgrammeCall;
import org.kcyj.document.DocumentContent;
import org.kcyj.document.DocumentRequest;
import org.kcyj.document.DocumentService;
import org.kcyj.document.DocumentTypes;
import org.kcyj.identity.UserAccount;
import org.kcyj.shared.DomainException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The application form (申报书) of an application: its layout, and the draft preview watermarked DRAFT. */
@Component
public class ProposalDrafts {
    private final ProposalRepository proposals;
    private final ProposalService service;
    private final AttachmentService attachments;
    private final CallService calls;
    private final DocumentService documents;
    private final String issuer;

    ProposalDrafts(ProposalRepository proposals, ProposalService service, AttachmentService attachments,
                    CallService calls, DocumentService documents, @Value("${kcyj.issuer}") String issuer) {
        this.proposals = proposals;
        this.service = service;
        this.attachments = attachments;
        this.calls = calls;
        this.documents = documents;
        this.issuer = issuer;
    }

    public byte[] preview(UserAccount applicant, String number) {
        Proposal p = proposals.byNumber(number).filter(x -> x.applicant().equals(applicant.username()))
                .orElseThrow(DomainException::notFound);
        String json = proposals.contentJson(p.id()).orElse("{}");
        return documents.preview(new DocumentRequest(p.number(), DocumentTypes.SBS, issuer, p.applicant(),
                applicationForm(p, ApplicationContent.sha256(json)), null));
    }

    /** The 申报书 of the applicant's working copy (which, at submission, is the version submitted). */
    DocumentContent applicationForm(Proposal p, String contentSha256) {
        ProgrammeCall call = calls.get(p.callId());
        return ApplicationFormDocument.of(p, call, service.topicLabel(p), service.stored(p), contentSha256,
                attachments.listed(p.id()));
    }
}
