import BulwarkCore

/// Maps the signal type names found in exchanged files to Bulwark's types.
enum SignalTypeNames {
    /// Bulwark's own names, python-threatexchange's (`video_md5`, `photo_md5`) and the
    /// ThreatExchange Graph API's indicator types (`HASH_PDQ`, `HASH_MD5`...).
    static func resolve(_ name: String) -> SignalType {
        let lowered = name.trimmingWhitespace().lowercased()
        switch lowered {
        case "video_md5", "photo_md5", "hash_md5", "md5sum": return .md5
        case "hash_sha1", "sha-1": return .sha1
        case "hash_sha256", "sha-256": return .sha256
        case "hash_pdq", "pdq_hash": return .pdq
        case "hash_vpdq", "video_vpdq": return .vpdq
        default: return SignalType(lowered)
        }
    }
}
