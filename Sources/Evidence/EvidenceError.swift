/// Why evidence could not be stored, read or purged.
public enum EvidenceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Evidence preservation is switched off; nothing was written.
    case disabled
    /// The item is over the configured size limit; nothing was written.
    case tooLarge(bytes: Int, limit: Int)
    /// No item with this id (never stored, or already purged).
    case notFound(id: String)
    /// The item was encrypted with another key than the one configured.
    case wrongKey(id: String, storedKeyID: String, configuredKeyID: String)
    /// The encrypted file failed authentication (edited, truncated or swapped) or its
    /// plaintext does not have the recorded SHA-256.
    case tampered(id: String, reason: String)
    /// The key file is unusable (missing when needed, readable by others, malformed).
    case badKey(path: String, reason: String)

    public var description: String {
        switch self {
        case .disabled:
            return "evidence preservation is disabled: media are not stored (switch it on in the configuration to keep encrypted evidence)"
        case let .tooLarge(bytes, limit):
            return "evidence item of \(bytes) bytes is over the limit of \(limit) bytes; nothing was stored"
        case let .notFound(id):
            return "evidence \(id) not found (never stored, or purged after its retention period)"
        case let .wrongKey(id, stored, configured):
            return "evidence \(id) was encrypted with key \(stored), but the configured key is \(configured); refusing to decrypt"
        case let .tampered(id, reason):
            return "evidence \(id) failed its integrity check: \(reason)"
        case let .badKey(path, reason):
            return "evidence key \(path): \(reason)"
        }
    }
}
