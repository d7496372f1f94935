import BulwarkCore

/// The append-only, hash-chained audit trail (see ``AuditLogs`` to open one).
///
/// Every record holds a sequence number, the event in canonical bytes (``CanonicalEvent``),
/// the previous record's hash and its own hash = SHA-256(previous hash || canonical bytes).
/// A separate head table keeps the last sequence and hash, and an optional anchor file
/// outside the database keeps a copy of it (``AuditAnchorFile``).
///
/// Appends from any number of handles, processes or server instances are serialised by the
/// database (SQLite: an immediate transaction; PostgreSQL: a row lock on the head), so the
/// chain never forks.
///
/// What verification can and cannot catch: an edited record, a record deleted from the
/// middle or the start, and a deleted tail (against the head table) are always found. Someone
/// with full write access to the database can instead rewrite every record from some point on
/// and the head table to match; the chain is then self-consistent and only an anchor kept
/// where that person cannot write (another machine, a write-once store, a printed hash)
/// reveals it. The anchor catches rewrites of records up to the anchored one, never of
/// records appended after it.
public protocol AuditLog: AuditRecorder {
    /// The anchor file this log advances after every append and checks in ``verify(anchor:pageSize:)``, if configured.
    var anchorFile: AuditAnchorFile? { get }

    /// Appends `events` in order, atomically, and returns their records. At most
    /// ``AuditLimits/maximumBatch`` events; each at most ``AuditLimits/maximumEventBytes`` in canonical form.
    @discardableResult
    func append(_ events: [AuditEvent]) async throws -> [AuditRecord]

    /// The head as the head table records it.
    func head() async throws -> ChainHead

    /// Walks the whole chain in pages of `pageSize` and returns the first problem, comparing
    /// the end with the head table and, when given, with `anchor` (a head saved elsewhere).
    func verify(anchor: ChainHead?, pageSize: Int) async throws -> AuditVerification

    /// Up to `limit` records, newest first, with sequence below `before` (all when nil).
    /// Pass the last sequence of a page as `before` to get the next page.
    func newest(before: Int64?, limit: Int) async throws -> [AuditRecord]

    /// Up to `limit` records about `subject` (such as `"case:42"`), newest first, with
    /// sequence below `before` (all when nil).
    func events(subject: String, before: Int64?, limit: Int) async throws -> [AuditRecord]

    /// Releases connections.
    func close() async throws
}

extension AuditLog {
    /// Appends one event (the ``AuditRecorder`` requirement).
    public func record(_ event: AuditEvent) async throws {
        try await append([event])
    }

    /// Verifies the chain against the head table and the configured anchor file (if any).
    public func verify(pageSize: Int = 1_000) async throws -> AuditVerification {
        try await verify(anchor: try anchorFile?.read(), pageSize: pageSize)
    }

    /// Writes the current head to `file` (never moving it backwards) and returns it.
    @discardableResult
    public func writeAnchor(to file: AuditAnchorFile) async throws -> ChainHead {
        let current = try await head()
        try file.advance(to: current)
        return current
    }

    /// Checks a batch before it reaches the database.
    func checkBatch(_ events: [AuditEvent]) throws {
        guard events.count <= AuditLimits.maximumBatch else {
            throw BulwarkError.limitExceeded(what: "audit batch", limit: "\(AuditLimits.maximumBatch) events", actual: "\(events.count) events")
        }
    }

    /// `limit` clamped to 1...``AuditLimits/maximumPage``.
    func pageLimit(_ limit: Int) -> Int { max(1, min(limit, AuditLimits.maximumPage)) }

    /// Advances the anchor file after a successful append.
    func advanceAnchor(after records: [AuditRecord]) throws {
        guard let anchorFile, let last = records.last else { return }
        try anchorFile.advance(to: ChainHead(sequence: last.sequence, hash: last.hash))
    }
}
