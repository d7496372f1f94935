import BulwarkCore
import Crypto
import Store
import Synchronization

/// Makes and checks API keys.
///
/// A key reads `bwk_<id>_<secret>`: `id` is 16 hex digits (public, used to find the key's
/// row) and `secret` is 64 hex digits from 32 random bytes of the system's secure generator.
/// Only the SHA-256 of the secret is stored; a presented secret is hashed and compared with
/// the stored hash in constant time.
///
/// Verified records are cached for ``cacheLifetime`` so a busy server does not read the
/// database on every request; a key revoked with `bulwark keys revoke` stops working within
/// that time.
public struct APIKeys: Sendable {
    public let store: any ServiceStore
    /// How long a looked-up key record is reused.
    public let cacheLifetime: Duration
    private let cache = Cache()

    public init(store: any ServiceStore, cacheLifetime: Duration = .seconds(5)) {
        self.store = store
        self.cacheLifetime = cacheLifetime
    }

    /// Key records by key id, with when they were read; and whole key texts already
    /// verified, so a client presenting the same key again skips the parsing and hashing.
    private final class Cache: Sendable {
        let records = Mutex<[String: (record: APIKeyRecord, readAt: ContinuousClock.Instant)]>([:])
        let verified = Mutex<[String: (record: APIKeyRecord, readAt: ContinuousClock.Instant)]>([:])
    }

    /// Creates a key and returns its record and the full key text, which is shown once and
    /// never stored.
    public func create(name: String, role: APIRole) async throws -> (record: APIKeyRecord, key: String) {
        let trimmed = name.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.count <= 128 else {
            throw BulwarkError.invalidInput(what: "API key name", where: nil, reason: "must have 1 to 128 characters")
        }
        var generator = SystemRandomNumberGenerator()
        let keyID = Hex.encode((0..<8).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let secret = Hex.encode((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let record = try await store.createAPIKey(keyID: keyID, name: trimmed, role: role, secretHash: Self.hash(secret))
        return (record, "bwk_\(keyID)_\(secret)")
    }

    /// The live key `text` stands for, or `nil` if it is malformed, unknown or revoked.
    public func verify(_ text: some StringProtocol) async throws -> APIKeyRecord? {
        let now = ContinuousClock.now
        let presented = String(text)
        if let known = cache.verified.withLock({ verified -> APIKeyRecord? in
            guard let hit = verified[presented], hit.readAt.duration(to: now) < cacheLifetime else { return nil }
            return hit.record
        }) {
            return known
        }
        guard let record = try await verifyUncached(presented) else { return nil }
        cache.verified.withLock { verified in
            if verified.count > 10_000 { verified.removeAll() }
            verified[presented] = (record, now)
        }
        return record
    }

    /// ``verify(_:)`` without the cache of whole key texts.
    private func verifyUncached(_ text: String) async throws -> APIKeyRecord? {
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "bwk", parts[1].utf8.count == 16, parts[2].utf8.count == 64,
            parts[1].utf8.allSatisfy(\.isHexDigit), parts[2].utf8.allSatisfy(\.isHexDigit)
        else { return nil }
        let keyID = String(parts[1]).lowercased()
        let now = ContinuousClock.now
        var record = cache.records.withLock { records -> APIKeyRecord? in
            guard let cached = records[keyID], cached.readAt.duration(to: now) < cacheLifetime else { return nil }
            return cached.record
        }
        if record == nil {
            guard let fresh = try await store.apiKey(keyID: keyID) else { return nil }
            cache.records.withLock { records in
                if records.count > 10_000 { records.removeAll() }
                records[keyID] = (fresh, now)
            }
            record = fresh
        }
        guard let record, record.revokedAt == nil else { return nil }
        return Self.constantTimeEqual(Self.hash(String(parts[2]).lowercased()), record.secretHash) ? record : nil
    }

    /// Lowercase hex SHA-256 of the secret's text.
    static func hash(_ secret: String) -> String { Hex.encode(SHA256.hash(data: Array(secret.utf8))) }

    /// Compares two strings without an early exit, so timing does not tell how much matched.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
