package org.kcyj.document;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything {@link DocumentService#issue} needs to issue one document. Validated on construction
 * so that a bad request fails in the caller, before anything is rendered or stored.
 *
 * @param subjectNumber  the proposal/project/call number, e.g. {@code KCYJ2026-XCL-0007}
 *                       (letters, digits and '-', at most 40 characters)
 * @param typeCode       document type code, e.g. {@code SBS}; see {@link DocumentTypes}
 * @param typeName       Chinese type name, e.g. 申报书
 * @param issuer         the issuing body printed on the document, e.g. 宁波市科学技术局
 * @param ownerUsername  username of the applicant the document concerns
 * @param content        what the document says
 * @param idempotencyKey optional caller-chosen key (e.g. the Camunda job or task id) at most 200
 *                       characters: issuing again with the same key returns the document issued
 *                       the first time instead of a new version. {@code null} for none.
 */
public record DocumentRequest(
        String subjectNumber,
        String typeCode,
        String typeName,
        String issuer,
        String ownerUsername,
        DocumentContent content,
        String idempotencyKey) {

    static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}[A-Za-z0-9])?");

    public DocumentRequest {
        Objects.requireNonNull(subjectNumber, "subjectNumber");
        Objects.requireNonNull(typeCode, "typeCode");
        Objects.requireNonNull(content, "content");
        if (!SUBJECT.matcher(subjectNumber).matches()) {
            throw new IllegalArgumentException("invalid subject number: " + subjectNumber);
        }
        if (!DocumentType.CODE.matcher(typeCode).matches()) {
            throw new IllegalArgumentException("document type code must be 2-8 upper-case letters: " + typeCode);
        }
        typeName = required(typeName, "typeName", 100);
        issuer = required(issuer, "issuer", 200);
        ownerUsername = required(ownerUsername, "ownerUsername", 100);
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw new IllegalArgumentException("idempotencyKey must be null or 1-200 characters");
        }
    }

    /** Convenience constructor taking a predefined {@link DocumentType}. */
    public DocumentRequest(String subjectNumber, DocumentType type, String issuer, String ownerUsername,
                           DocumentContent content, String idempotencyKey) {
        this(subjectNumber, type.code(), type.name(), issuer, ownerUsername, content, idempotencyKey);
    }

    private static String required(String value, String name, int maxLength) {
        Objects.requireNonNull(value, name);
        String v = value.strip();
        if (v.isEmpty() || v.length() > maxLength) {
            throw new IllegalArgumentException(name + " must be 1-" + maxLength + " characters");
        }
        return v;
    }
}
