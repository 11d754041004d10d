package org.kcyj.document;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for table {@code app.document} (migration {@code V2__documents.sql}). Like all business SQL
 * of the application it names the schema {@code app} explicitly. Metadata queries never select
 * the PDF bytes.
 */
@Repository
class DocumentRepository {

    private static final String METADATA_COLUMNS = """
            number, subject_number, type_code, type_name, version, issuer, owner_username,
            sha256, size_bytes, issued_at""";

    private static final RowMapper<IssuedDocument> METADATA = DocumentRepository::metadata;

    private final JdbcClient jdbc;

    DocumentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<IssuedDocument> findByNumber(String number) {
        return jdbc.sql("select " + METADATA_COLUMNS + " from app.document where number = :number")
                .param("number", number)
                .query(METADATA)
                .optional();
    }

    /** A document with its check code ({@code null} for public documents and those issued before codes). */
    record Registered(IssuedDocument document, String checkCode) {
    }

    Optional<Registered> findWithCheckCode(String number) {
        return jdbc.sql("select " + METADATA_COLUMNS + ", check_code from app.document where number = :number")
                .param("number", number)
                .query((rs, row) -> new Registered(metadata(rs, row), rs.getString("check_code")))
                .optional();
    }

    /** The document whose PDF has this SHA-256 (the first issued, should two ever be identical). */
    Optional<IssuedDocument> findBySha256(String sha256) {
        return jdbc.sql("select " + METADATA_COLUMNS + " from app.document where sha256 = :sha256 order by id")
                .param("sha256", sha256)
                .query(METADATA)
                .list().stream().findFirst();
    }

    Optional<IssuedDocument> findByIdempotencyKey(String key) {
        return jdbc.sql("select " + METADATA_COLUMNS + " from app.document where idempotency_key = :key")
                .param("key", key)
                .query(METADATA)
                .optional();
    }

    List<IssuedDocument> findBySubject(String subjectNumber) {
        return jdbc.sql("select " + METADATA_COLUMNS + " from app.document where subject_number = :subject"
                        + " order by issued_at, type_code, version")
                .param("subject", subjectNumber)
                .query(METADATA)
                .list();
    }

    int maxVersion(String subjectNumber, String typeCode) {
        return jdbc.sql("select coalesce(max(version), 0) from app.document"
                        + " where subject_number = :subject and type_code = :type")
                .param("subject", subjectNumber)
                .param("type", typeCode)
                .query(Integer.class)
                .single();
    }

    Optional<byte[]> content(String number) {
        return jdbc.sql("select content from app.document where number = :number")
                .param("number", number)
                .query((rs, i) -> rs.getBytes(1))
                .optional();
    }

    /** Inserts one document; a unique-constraint violation surfaces as DuplicateKeyException. */
    void insert(IssuedDocument d, byte[] content, String idempotencyKey, String checkCode) {
        jdbc.sql("""
                        insert into app.document (number, subject_number, type_code, type_name, version, issuer,
                            owner_username, sha256, size_bytes, content, issued_at, idempotency_key, check_code)
                        values (:number, :subject, :typeCode, :typeName, :version, :issuer,
                            :owner, :sha256, :size, :content, :issuedAt, :key, :checkCode)""")
                .param("number", d.number())
                .param("subject", d.subjectNumber())
                .param("typeCode", d.typeCode())
                .param("typeName", d.typeName())
                .param("version", d.version())
                .param("issuer", d.issuer())
                .param("owner", d.ownerUsername())
                .param("sha256", d.sha256())
                .param("size", d.sizeBytes())
                .param("content", content)
                .param("issuedAt", d.issuedAt().atOffset(ZoneOffset.UTC))
                .param("key", idempotencyKey)
                .param("checkCode", checkCode)
                .update();
    }

    private static IssuedDocument metadata(ResultSet rs, int row) throws SQLException {
        return new IssuedDocument(
                rs.getString("number"),
                rs.getString("subject_number"),
                rs.getString("type_code"),
                rs.getString("type_name"),
                rs.getInt("version"),
                rs.getString("issuer"),
                rs.getString("owner_username"),
                rs.getString("sha256"),
                rs.getLong("size_bytes"),
                instant(rs.getObject("issued_at", OffsetDateTime.class)));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
