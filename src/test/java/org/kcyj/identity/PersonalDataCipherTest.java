package org.kcyj.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.kcyj.shared.ResidentIdNumber;

/** ID numbers are kept as a keyed hash, an encrypted copy and a masked form (docs/accounts.md, personal data). */
class PersonalDataCipherTest {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("another-key-of-thirty-two-bytes!".getBytes());

    @Test
    void theHashMatchesTheSameNumberOnlyUnderTheSameKeyAndType() {
        PersonalDataCipher cipher = new PersonalDataCipher(KEY);
        String number = ResidentIdNumber.withCheckDigit("33020319900101001");
        assertThat(cipher.matchHash("RESIDENT_ID", number)).isEqualTo(cipher.matchHash("RESIDENT_ID", number))
                .hasSize(64).doesNotContain(number);
        assertThat(cipher.matchHash("PASSPORT", number)).isNotEqualTo(cipher.matchHash("RESIDENT_ID", number));
        assertThat(new PersonalDataCipher(OTHER_KEY).matchHash("RESIDENT_ID", number))
                .isNotEqualTo(cipher.matchHash("RESIDENT_ID", number));
    }

    @Test
    void theEncryptedCopyReadsBackOnlyWithItsKeyAndNeverRepeats() {
        PersonalDataCipher cipher = new PersonalDataCipher(KEY);
        String sealed = cipher.encrypt("330203199001010011");
        assertThat(sealed).startsWith("v1:").doesNotContain("330203");
        assertThat(cipher.encrypt("330203199001010011")).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(cipher.decrypt(sealed)).isEqualTo("330203199001010011");
        assertThatThrownBy(() -> new PersonalDataCipher(OTHER_KEY).decrypt(sealed)).isInstanceOf(IllegalStateException.class);
        String tampered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("A") ? "B" : "A") + "=";
        assertThatThrownBy(() -> cipher.decrypt(tampered)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void aMissingShortOrMalformedKeyStopsTheStart() {
        assertThatThrownBy(() -> new PersonalDataCipher("")).hasMessageContaining("KCYJ_DATA_KEY");
        assertThatThrownBy(() -> new PersonalDataCipher(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new PersonalDataCipher("not base64 at all!")).hasMessageContaining("Base64");
    }

    @Test
    void identityDocumentsAreCheckedAndMasked() {
        LocalDate today = LocalDate.of(2026, 12, 8);
        String valid = ResidentIdNumber.withCheckDigit("33020319900101001");
        char wrong = valid.charAt(17) == '0' ? '1' : '0';
        assertThat(IdType.RESIDENT_ID.problem(valid, today)).isEmpty();
        assertThat(IdType.RESIDENT_ID.problem(valid.substring(0, 17) + wrong, today)).contains("rules.id-number.check-digit");
        assertThat(IdType.RESIDENT_ID.mask(valid)).isEqualTo("330***********" + valid.substring(14));
        assertThat(IdType.HK_MACAO_PERMIT.problem("h12345678", today)).isEmpty();
        assertThat(IdType.HK_MACAO_PERMIT.problem("X12345678", today)).contains("id-number.format");
        assertThat(IdType.TAIWAN_PERMIT.problem("１２３４５６７８", today)).as("full-width digits read as digits").isEmpty();
        assertThat(IdType.PASSPORT.problem("E1234567", today)).isEmpty();
        assertThat(IdType.PASSPORT.problem("E12-34567", today)).contains("id-number.format");
        assertThat(IdType.PASSPORT.mask("E1234567")).isEqualTo("E*****67");
        assertThat(IdType.parse(" passport ")).contains(IdType.PASSPORT);
        assertThat(IdType.parse("DRIVING_LICENCE")).isEmpty();
    }
}
