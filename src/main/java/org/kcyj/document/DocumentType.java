package org.kcyj.document;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kind of issued document. The code is part of every document number
 * ({@code {subject}-{code}-{version}}), so it is short, upper-case ASCII and never changes; the
 * Chinese name is what people read (verification page, file lists).
 *
 * @param code        2–8 upper-case letters, e.g. {@code SBS}
 * @param name        Chinese name, e.g. 申报书
 * @param englishName English name for bilingual pages, e.g. "Application form"
 */
public record DocumentType(String code, String name, String englishName) {

    static final Pattern CODE = Pattern.compile("[A-Z]{2,8}");

    public DocumentType {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(englishName, "englishName");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("document type code must be 2-8 upper-case letters: " + code);
        }
    }
}
