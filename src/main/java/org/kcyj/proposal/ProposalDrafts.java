package org.kcyj.proposal;

import org.kcyj.call.CallService;
import org.kcyj.call.ProgrammeCall;
import org.kcyj.document.DocumentRequest;
import org.kcyj.document.DocumentService;
import org.kcyj.document.DocumentTypes;
import org.kcyj.identity.UserAccount;
import org.kcyj.shared.DomainException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The applicant's draft application form: the real layout, watermarked DRAFT, registered nowhere. */
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
        ProgrammeCall call = calls.get(p.callId());
        String topic = service.topicLabel(p);
        String json = proposals.contentJson(p.id()).orElse("{}");
        return documents.preview(new DocumentRequest(p.number(), DocumentTypes.SBS, issuer, p.applicant(),
                ApplicationFormDocument.of(p, call, topic, service.stored(p), ApplicationContent.sha256(json),
                        attachments.listed(p.id())), null));
    }
}
