import BulwarkCore
import Crypto

/// How a record's hash is computed: SHA-256 over the previous record's 32 hash bytes followed
/// by the record's canonical event bytes. Hashes are stored as 64 lowercase hex digits.
public enum ChainHash {
    /// The "previous hash" of the first record: 32 zero bytes.
    public static let genesis = String(repeating: "0", count: 64)

    /// The hash of a record with `canonical` bytes following a record whose hash is
    /// `previous` (hex). Returns nil when `previous` is not 64 hex digits.
    public static func next(previous: String, canonical: [UInt8]) -> String? {
        guard previous.utf8.count == 64, let previousBytes = Hex.decode(previous) else { return nil }
        var hasher = SHA256()
        hasher.update(data: previousBytes)
        hasher.update(data: canonical)
        return Hex.encode(Array(hasher.finalize()))
    }
}
