package org.kcyj.document;

import java.time.Instant;

/**
 * The registry entry of an issued document, without its bytes. This is what other modules store
 * references to (by {@link #number()}) and what the metadata endpoint returns.
 *
 * @param number        unique document number {@code {subjectNumber}-{typeCode}-{version}},
 *                      e.g. {@code KCYJ2026-XCL-0007-SBS-1}
 * @param subjectNumber the proposal/project/call the document belongs to
 * @param typeCode      see {@link DocumentTypes}
 * @param typeName      Chinese type name at the time of issue
 * @param version       1 for the first document of this subject and type, then 2, 3 …
 * @param issuer        issuing body, e.g. 宁波市科学技术局
 * @param ownerUsername the applicant the document concerns (used for access decisions; never
 *                      shown on the public verification page)
 * @param sha256        SHA-256 of the PDF bytes, lowercase hex (64 characters)
 * @param sizeBytes     size of the PDF
 * @param issuedAt      when it was issued (whole seconds)
 */
public record IssuedDocument(
        String number,
        String subjectNumber,
        String typeCode,
        String typeName,
        int version,
        String issuer,
        String ownerUsername,
        String sha256,
        long sizeBytes,
        Instant issuedAt) {
}
