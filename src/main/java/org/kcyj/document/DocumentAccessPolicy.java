package org.kcyj.document;

import org.springframework.security.core.Authentication;

/**
 * Decides who may download a document and read its metadata. The document module knows documents
 * but not who may see them (the applicant, reviewers of the proposal, programme officers …); the
 * module that owns the subject (proposal/project) provides exactly one bean implementing this.
 *
 * <p>Callers answer "not found" for a {@code false} so that the existence of a document is not
 * revealed to people who may not read it.
 */
public interface DocumentAccessPolicy {

    /**
     * @param user     the current user; may be {@code null} or an anonymous authentication
     * @param document the document asked for
     * @return {@code true} if {@code user} may read {@code document}
     */
    boolean mayRead(Authentication user, IssuedDocument document);

    /**
     * Whether the subject (proposal, project, call) of a document was withdrawn, so that the public
     * verification page shows its documents as withdrawn. Subjects that cannot be withdrawn answer
     * {@code false}.
     */
    default boolean subjectWithdrawn(String subjectNumber) {
        return false;
    }
}
