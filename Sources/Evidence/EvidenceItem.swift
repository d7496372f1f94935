#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What Bulwark keeps about one preserved item beside its encrypted bytes.
public struct EvidenceItem: Hashable, Sendable {
    /// Random 128-bit id as 32 lowercase hex digits; also the file name and the AES-GCM
    /// associated data, so a file moved under another id fails to decrypt.
    public let id: String
    /// The case (or report) the item belongs to, such as `"case:42"`.
    public let caseReference: String
    /// Lowercase hex SHA-256 of the plaintext, checked on every read.
    public let sha256: String
    /// Plaintext size in bytes.
    public let byteSize: Int64
    /// Media type as given when stored, such as `"image/jpeg"`.
    public let mediaType: String
    /// When it was stored.
    public let storedAt: Date
    /// When ``EvidenceVault/purgeExpired(now:)`` deletes it.
    public let expiresAt: Date
    /// Fingerprint of the key it was encrypted with (``EvidenceKey/id``).
    public let keyID: String

    public init(
        id: String, caseReference: String, sha256: String, byteSize: Int64, mediaType: String, storedAt: Date,
        expiresAt: Date, keyID: String
    ) {
        self.id = id
        self.caseReference = caseReference
        self.sha256 = sha256
        self.byteSize = byteSize
        self.mediaType = mediaType
        self.storedAt = storedAt
        self.expiresAt = expiresAt
        self.keyID = keyID
    }
}
