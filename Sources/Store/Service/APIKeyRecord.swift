#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A stored API key: never the secret itself, only its public id and the SHA-256 of the
/// secret (hex), so a leaked database does not leak usable keys.
public struct APIKeyRecord: Hashable, Sendable, Codable {
    /// The store's row id.
    public let id: Int64
    /// The public part of the key, printed in it (`bwk_<keyID>_<secret>`), used for lookup.
    public let keyID: String
    /// A human-readable name (who or what uses the key).
    public let name: String
    public let role: APIRole
    /// Lowercase hex SHA-256 of the secret part.
    public let secretHash: String
    public let createdAt: Date
    /// When the key was revoked; revoked keys authenticate nothing.
    public let revokedAt: Date?

    public init(id: Int64, keyID: String, name: String, role: APIRole, secretHash: String, createdAt: Date, revokedAt: Date?) {
        self.id = id
        self.keyID = keyID
        self.name = name
        self.role = role
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
