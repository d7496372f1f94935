#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BulwarkCore
import Crypto

/// Preserved evidence: media kept only when an operator switches preservation on, encrypted
/// at rest with AES-256-GCM, deleted when its retention period ends, and every store, read
/// and purge recorded in the audit trail.
///
/// Files live under `<data-dir>/evidence/` (mode 0700 directory, 0600 files); metadata in
/// the `evidence_items` table of the shared database. With PostgreSQL and several server
/// instances, the evidence directory must be storage all instances share.
public final class EvidenceVault: Sendable {
    /// The settings the vault was opened with.
    public let settings: EvidenceSettings
    private let catalog: any EvidenceCatalog
    private let files: EvidenceFiles
    private let keyPath: String?
    private let loadedKey: EvidenceKey?
    private let recorder: any AuditRecorder
    private let clock: @Sendable () -> Date

    /// Longest accepted case reference and media type, in bytes.
    public static let maximumLabelBytes = 256

    /// A vault over `catalog` keeping files in `<dataDirectory>/evidence`. When preservation
    /// is enabled the key is loaded (or its file created) now, so a bad key file is reported
    /// at start-up; when disabled nothing is created. `clock` gives the time of stores.
    public init(
        dataDirectory: String, catalog: any EvidenceCatalog, settings: EvidenceSettings, recorder: any AuditRecorder,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        self.settings = settings
        self.catalog = catalog
        self.recorder = recorder
        self.clock = clock
        files = EvidenceFiles(directory: dataDirectory + "/evidence")
        switch settings.key {
        case .dataDirectoryFile: keyPath = dataDirectory + "/evidence.key"
        case let .file(path): keyPath = path
        case .key: keyPath = nil
        }
        if case let .key(key) = settings.key {
            loadedKey = key
        } else if settings.enabled, let keyPath {
            loadedKey = try EvidenceKey.loadOrCreate(path: keyPath)
        } else {
            loadedKey = nil
        }
    }

    /// Whether new items may be stored.
    public var isEnabled: Bool { settings.enabled }

    /// Encrypts and stores `bytes` for `caseReference`, recording `evidence.store` by `actor`.
    /// Throws ``EvidenceError/disabled`` (writing nothing) when preservation is off, and
    /// ``EvidenceError/tooLarge(bytes:limit:)`` over the size limit. If the audit record
    /// cannot be written the item is removed again and the error thrown.
    public func store(_ bytes: [UInt8], caseReference: String, mediaType: String, actor: String) async throws -> EvidenceItem {
        guard settings.enabled else { throw EvidenceError.disabled }
        guard bytes.count <= settings.maximumItemBytes else {
            throw EvidenceError.tooLarge(bytes: bytes.count, limit: settings.maximumItemBytes)
        }
        try Self.checkLabel(caseReference, what: "case reference")
        try Self.checkLabel(mediaType, what: "media type")
        let key = try currentKey()
        let id = Hex.encode(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) })
        let now = clock()
        let item = EvidenceItem(
            id: id, caseReference: caseReference, sha256: Hex.encode(SHA256.hash(data: bytes)), byteSize: Int64(bytes.count),
            mediaType: mediaType, storedAt: now, expiresAt: now.addingTimeInterval(settings.retention), keyID: key.id)
        try files.save(try EvidenceCipher.seal(bytes, id: id, key: key), id: id)
        do {
            try await catalog.insert(item)
        } catch {
            try? files.delete(id: id)
            throw error
        }
        do {
            try await recorder.record(AuditEvent(
                actor: actor, action: "evidence.store", subject: "evidence:\(id)",
                details: [
                    "case": caseReference, "sha256": item.sha256, "bytes": String(item.byteSize), "media_type": mediaType,
                    "expires_at": String(EvidenceTime.millis(item.expiresAt)),
                ],
                at: now))
        } catch {
            try? files.delete(id: id)
            _ = try? await catalog.delete(id: id)
            throw error
        }
        return item
    }

    /// Decrypts item `id`, checking the GCM tag and the plaintext's SHA-256, and records
    /// `evidence.read` by `actor` before returning the bytes.
    public func read(id: String, actor: String) async throws -> (item: EvidenceItem, bytes: [UInt8]) {
        guard EvidenceFiles.isWellFormed(id: id), let item = try await catalog.item(id: id) else { throw EvidenceError.notFound(id: id) }
        let key = try currentKey()
        guard item.keyID == key.id else {
            throw EvidenceError.wrongKey(id: id, storedKeyID: item.keyID, configuredKeyID: key.id)
        }
        let (limit, overflow) = Int(clamping: item.byteSize).addingReportingOverflow(EvidenceCipher.overhead)
        let sealed = try files.read(id: id, limit: overflow ? Int.max : limit)
        let bytes = try EvidenceCipher.open(sealed, id: id, key: key)
        guard Int64(bytes.count) == item.byteSize, Hex.encode(SHA256.hash(data: bytes)) == item.sha256 else {
            throw EvidenceError.tampered(id: id, reason: "decrypted bytes do not have the recorded size and SHA-256")
        }
        try await recorder.record(AuditEvent(
            actor: actor, action: "evidence.read", subject: "evidence:\(id)", details: ["case": item.caseReference], at: clock()))
        return (item, bytes)
    }

    /// The metadata of item `id`, or nil.
    public func item(id: String) async throws -> EvidenceItem? {
        guard EvidenceFiles.isWellFormed(id: id) else { return nil }
        return try await catalog.item(id: id)
    }

    /// The items of one case, oldest first.
    public func items(caseReference: String) async throws -> [EvidenceItem] {
        try await catalog.items(caseReference: caseReference)
    }

    /// Deletes the file and row of every item whose retention ended at or before `now`
    /// (default: the vault's clock), records `evidence.purge` for each as `system`, and
    /// returns what was purged. Works whether preservation is on or off.
    @discardableResult
    public func purgeExpired(now: Date? = nil) async throws -> [EvidenceItem] {
        let cutoff = EvidenceTime.millis(now ?? clock())
        var purged: [EvidenceItem] = []
        while true {
            let batch = try await catalog.expired(atOrBefore: cutoff, limit: 100)
            for item in batch {
                // An id that is not 32 hex digits was not written by the vault; never let a
                // row steer a file deletion outside the evidence directory.
                if EvidenceFiles.isWellFormed(id: item.id) { try files.delete(id: item.id) }
                guard try await catalog.delete(id: item.id) else { continue }
                try await recorder.record(AuditEvent(
                    actor: "system", action: "evidence.purge", subject: "evidence:\(item.id)",
                    details: ["case": item.caseReference, "sha256": item.sha256, "reason": "retention period ended"],
                    at: now ?? clock()))
                purged.append(item)
            }
            if batch.count < 100 { return purged }
        }
    }

    /// Runs ``purgeExpired(now:)`` now and then every `interval` until the calling task is
    /// cancelled (the server starts it once). Errors are passed to `onError` and the loop
    /// carries on, so one bad file does not stop later purges.
    public func purgePeriodically(
        every interval: Duration = .seconds(3600), onError: @escaping @Sendable (any Error) -> Void
    ) async {
        while !Task.isCancelled {
            do {
                try await purgeExpired()
            } catch {
                onError(error)
            }
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        }
    }

    /// Releases the catalog's connections.
    public func close() async throws {
        try await catalog.close()
    }

    private func currentKey() throws -> EvidenceKey {
        if let loadedKey { return loadedKey }
        guard let keyPath else { throw EvidenceError.badKey(path: "(none)", reason: "no key configured") }
        return try EvidenceKey.loadOrCreate(path: keyPath)
    }

    private static func checkLabel(_ text: String, what: String) throws {
        guard !text.isEmpty, text.utf8.count <= maximumLabelBytes else {
            throw BulwarkError.invalidInput(what: "evidence \(what)", where: nil, reason: "must be 1 to \(maximumLabelBytes) bytes")
        }
    }
}
