package org.kcyj.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps ID numbers out of the database in the clear (docs/accounts.md, personal data). One secret, {@code KCYJ_DATA_KEY}
 * (32 random bytes in Base64), gives two keys: one for a keyed hash (HMAC-SHA-256) that finds the same number
 * twice without storing it, one for AES-256-GCM that lets the owner read their number back in their data export.
 * Without the secret neither can be reversed or recomputed from the database alone. The demo profile ships a
 * fixed development key; every other profile refuses to start without a key of its own.
 */
@Component
public class PersonalDataCipher {
    /** The development key of the demo profile (application-demo.yml): never protects real data. */
    public static final String DEMO_KEY = "ZGVtby1vbmx5LWtleS1rY3lqLWRldmVsb3BtZW50LTA=";
    private static final int IV_BYTES = 12;
    private static final String VERSION = "v1";

    private final SecretKeySpec hashKey;
    private final SecretKeySpec encryptionKey;
    private final SecureRandom random = new SecureRandom();

    PersonalDataCipher(@Value("${kcyj.data-key:}") String key) {
        byte[] secret = decode(key);
        this.hashKey = new SecretKeySpec(derive(secret, "kcyj id-number match"), "HmacSHA256");
        this.encryptionKey = new SecretKeySpec(derive(secret, "kcyj id-number encryption"), "AES");
    }

    /** Reads the configured secret: Base64 of at least 32 bytes. */
    static byte[] decode(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("Set KCYJ_DATA_KEY to 32 random bytes in Base64 (openssl rand -base64 32): "
                    + "it protects the ID numbers people register with");
        }
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("KCYJ_DATA_KEY is not Base64", e);
        }
        if (secret.length < 32) {
            throw new IllegalStateException("KCYJ_DATA_KEY must hold at least 32 bytes");
        }
        return secret;
    }

    /** The keyed hash of a (normalised) ID number with its type: equal numbers give equal hashes. */
    public String matchHash(String idType, String number) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashKey);
            return HexFormat.of().formatHex(mac.doFinal((idType + ":" + number).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String encrypt(String plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return VERSION + ":" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String decrypt(String stored) {
        if (stored == null || !stored.startsWith(VERSION + ":")) {
            throw new IllegalArgumentException("not an encrypted value of this product");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(VERSION.length() + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(128, all, 0, IV_BYTES));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an ID number could not be decrypted: is KCYJ_DATA_KEY the one it was stored with?", e);
        }
    }

    private static byte[] derive(byte[] secret, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
