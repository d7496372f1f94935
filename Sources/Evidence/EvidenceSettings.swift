#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Evidence preservation settings. Off by default: Bulwark keeps hashes and metadata, not
/// media, unless an operator switches this on.
public struct EvidenceSettings: Sendable {
    /// Whether new items may be stored. Reading and purging items stored earlier keep
    /// working when this is switched off again.
    public var enabled: Bool
    /// How long an item is kept before ``EvidenceVault/purgeExpired(now:)`` deletes it.
    public var retention: TimeInterval
    /// The largest item accepted, in bytes.
    public var maximumItemBytes: Int
    /// Where the 256-bit key comes from.
    public var key: EvidenceKeySource

    /// Default retention: 90 days.
    public static let defaultRetention: TimeInterval = 90 * 24 * 3600
    /// Default size limit: 256 MiB.
    public static let defaultMaximumItemBytes = 256 << 20

    /// `key` nil means the key file `evidence.key` in the data directory.
    public init(
        enabled: Bool = false, retention: TimeInterval = defaultRetention, maximumItemBytes: Int = defaultMaximumItemBytes,
        key: EvidenceKeySource? = nil
    ) {
        self.enabled = enabled
        self.retention = retention
        self.maximumItemBytes = maximumItemBytes
        self.key = key ?? .dataDirectoryFile
    }
}

/// Where the evidence key comes from.
public enum EvidenceKeySource: Sendable {
    /// `evidence.key` in the data directory (created on first use).
    case dataDirectoryFile
    /// A key file at this path (created on first use): 64 hex digits, mode 0600.
    case file(String)
    /// A key held elsewhere (a secret manager, an HSM export) and passed in.
    case key(EvidenceKey)
}
