package org.kcyj.document;

import java.util.List;
import java.util.Optional;

/**
 * The document types the programme issues. Their codes appear in document numbers
 * ({@code KCYJ2026-XCL-0007-SBS-1}) and must therefore stay stable once documents exist.
 */
public final class DocumentTypes {

    /** 申报书 — the application form submitted by the applicant. */
    public static final DocumentType SBS = new DocumentType("SBS", "申报书", "Application form");
    /** 立项通知书 — notice that a project has been approved. */
    public static final DocumentType TZS = new DocumentType("TZS", "立项通知书", "Approval notice");
    /** 项目任务书 — the task book (contract of deliverables) of an approved project. */
    public static final DocumentType RWS = new DocumentType("RWS", "项目任务书", "Project task book");
    /** 验收意见书 — the conclusion of the final acceptance review. */
    public static final DocumentType YSS = new DocumentType("YSS", "验收意见书", "Acceptance conclusion");
    /** 申报指南 — the call guide published for a call for proposals. */
    public static final DocumentType ZN = new DocumentType("ZN", "申报指南", "Call guide");
    /** 形式审查意见 — result of the formal (eligibility) check of a proposal. */
    public static final DocumentType XSSC = new DocumentType("XSSC", "形式审查意见", "Formal check notice");

    /** 申报回执 — the receipt the applicant gets the moment a proposal is submitted. */
    public static final DocumentType HZ = new DocumentType("HZ", "申报回执", "Submission receipt");

    /** 专家评审意见表 — one expert's review of one proposal, with their name (internal, staff only). */
    public static final DocumentType PSYJ = new DocumentType("PSYJ", "专家评审意见表", "Expert review sheet");
    /** 专家评审意见（反馈） — a proposal's reviews without the reviewers' identities, for the applicant. */
    public static final DocumentType PSFK = new DocumentType("PSFK", "专家评审意见（反馈）",
            "Anonymised review opinions");
    /** 评审结果汇总表 — a call's aggregated review scores, ranked within each topic (internal). */
    public static final DocumentType PSHZ = new DocumentType("PSHZ", "评审结果汇总表", "Review results summary");
    /** 会评表决记录 — a panel's members, its votes and its recommendation (internal). */
    public static final DocumentType HPJL = new DocumentType("HPJL", "会评表决记录", "Panel voting record");

    /**
     * 审计链日签 — the audit chain's head as it stood when sealed, once a day: date, number of events and the
     * head hash, numbered {@code AUDIT-{yyyyMMdd}-SJRQ-1} (public).
     */
    public static final DocumentType SJRQ = new DocumentType("SJRQ", "审计链日签", "Daily audit chain seal");

    private static final List<DocumentType> ALL = List.of(SBS, TZS, RWS, YSS, ZN, XSSC, HZ, PSYJ, PSFK, PSHZ, HPJL, SJRQ);

    /**
     * Documents public by nature, verifiable on the public page by number alone: the call guide (published
     * for everyone) and the daily audit seal (published so that anyone can hold the programme to it). Every
     * other document concerns one proposal, project or panel (the application, receipts, notices, review
     * sheets and summaries, the task book …) and is verifiable only with the check code printed on it or
     * with the file itself.
     */
    private static final java.util.Set<String> PUBLIC = java.util.Set.of(ZN.code(), SJRQ.code());

    private DocumentTypes() {
    }

    /** All predefined types, in the order above. */
    public static List<DocumentType> all() {
        return ALL;
    }

    /** Whether documents of this type are public: verifiable by number alone (see {@link #PUBLIC}). */
    public static boolean isPublic(String code) {
        return PUBLIC.contains(code);
    }

    /** The predefined type with this code, if any. */
    public static Optional<DocumentType> byCode(String code) {
        return ALL.stream().filter(t -> t.code().equals(code)).findFirst();
    }
}
