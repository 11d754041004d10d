package org.kcyj.document;

/**
 * Outcome of comparing an uploaded file with a registered document: anyone holding a PDF can check
 * that it is exactly the document the programme issued under that number.
 *
 * @param number           the document number that was checked
 * @param matches          whether the SHA-256 of the upload equals the registered SHA-256
 * @param registeredSha256 SHA-256 recorded at issue time (lowercase hex)
 * @param uploadedSha256   SHA-256 of the uploaded bytes (lowercase hex)
 */
public record VerificationResult(String number, boolean matches, String registeredSha256, String uploadedSha256) {
}
