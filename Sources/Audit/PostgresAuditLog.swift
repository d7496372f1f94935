import BulwarkCore
import Logging
import PostgresNIO
import Store

/// The ``AuditLog`` in the PostgreSQL database shared with the banks. Each append locks the
/// single `audit_head` row (`SELECT ... FOR UPDATE`) for its transaction, so appends from
/// every instance line up one after the other and the chain never forks.
public final class PostgresAuditLog: AuditLog {
    private let client: PostgresClient
    private let runTask: Task<Void, Never>
    private let logger: Logger
    public let anchorFile: AuditAnchorFile?

    /// Rows per INSERT statement when appending a batch.
    private static let rowsPerInsert = 500

    /// Connects to `url` and applies the audit migrations not yet recorded.
    public init(url: PostgresURL, anchorFile: AuditAnchorFile? = nil, logger: Logger = Logger(label: "bulwark.audit")) async throws {
        let client = SharedDatabase.client(url, maximumConnections: 4)
        self.client = client
        self.logger = logger
        self.anchorFile = anchorFile
        runTask = Task { await client.run() }
        do {
            try await SharedDatabase.migrate(AuditMigrations.postgres, client: client, logger: logger)
        } catch {
            runTask.cancel()
            throw error
        }
    }

    @discardableResult
    public func append(_ events: [AuditEvent]) async throws -> [AuditRecord] {
        try checkBatch(events)
        if events.isEmpty { return [] }
        let logger = logger
        let links = try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let head = try await Self.head(connection.query(
                    "SELECT sequence, hash FROM audit_head WHERE id = 1 FOR UPDATE", logger: logger))
                let links = try StoredRecord.chain(events, after: head)
                var start = links.startIndex
                while start < links.endIndex {
                    let end = min(start + Self.rowsPerInsert, links.endIndex)
                    try await connection.query(Self.insert(links[start..<end]), logger: logger)
                    start = end
                }
                if let last = links.last {
                    try await connection.query(
                        "UPDATE audit_head SET sequence = \(last.sequence), hash = \(last.hash) WHERE id = 1", logger: logger)
                }
                try await connection.query("COMMIT", logger: logger)
                return links
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
        let records = try links.map { try $0.record() }
        try advanceAnchor(after: records)
        return records
    }

    public func head() async throws -> ChainHead {
        try await Self.head(client.query("SELECT sequence, hash FROM audit_head WHERE id = 1", logger: logger))
    }

    public func verify(anchor: ChainHead?, pageSize: Int) async throws -> AuditVerification {
        let logger = logger
        // One REPEATABLE READ transaction: a snapshot, so appends running meanwhile are not
        // mistaken for damage.
        return try await client.withConnection { connection in
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            do {
                let head = try await Self.head(connection.query("SELECT sequence, hash FROM audit_head WHERE id = 1", logger: logger))
                var walk = ChainWalk(pageSize: pageSize, anchor: anchor)
                while walk.consume(try await Self.rows(connection.query(
                    """
                    SELECT \(unescaped: StoredRecord.columns) FROM audit_log WHERE sequence > \(walk.last.sequence)
                    ORDER BY sequence LIMIT \(walk.pageSize)
                    """, logger: logger))) {}
                try await connection.query("COMMIT", logger: logger)
                return walk.finish(head: head)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    public func newest(before: Int64?, limit: Int) async throws -> [AuditRecord] {
        try await Self.rows(client.query(
            """
            SELECT \(unescaped: StoredRecord.columns) FROM audit_log WHERE sequence < \(before ?? Int64.max)
            ORDER BY sequence DESC LIMIT \(pageLimit(limit))
            """, logger: logger)).map { try $0.record() }
    }

    public func events(subject: String, before: Int64?, limit: Int) async throws -> [AuditRecord] {
        try await Self.rows(client.query(
            """
            SELECT \(unescaped: StoredRecord.columns) FROM audit_log WHERE subject = \(subject) AND sequence < \(before ?? Int64.max)
            ORDER BY sequence DESC LIMIT \(pageLimit(limit))
            """, logger: logger)).map { try $0.record() }
    }

    public func close() async throws {
        runTask.cancel()
    }

    private static func insert(_ links: ArraySlice<StoredRecord>) -> PostgresQuery {
        var sql = "INSERT INTO audit_log (sequence, event, subject, at, previous_hash, hash) VALUES "
        var bindings = PostgresBindings(capacity: links.count * 6)
        for (index, link) in links.enumerated() {
            let base = index * 6
            sql += (index == 0 ? "" : ", ") + "($\(base + 1), $\(base + 2), $\(base + 3), $\(base + 4), $\(base + 5), $\(base + 6))"
            bindings.append(link.sequence)
            bindings.append(link.canonical)
            bindings.append(link.subject)
            bindings.append(link.atMillis)
            bindings.append(link.previousHash)
            bindings.append(link.hash)
        }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    private static func head(_ rows: PostgresRowSequence) async throws -> ChainHead {
        for try await (sequence, hash) in rows.decode((Int64, String).self) {
            return ChainHead(sequence: sequence, hash: hash)
        }
        throw BulwarkError.notFound(what: "audit chain head", id: "1")
    }

    private static func rows(_ rows: PostgresRowSequence) async throws -> [StoredRecord] {
        var result: [StoredRecord] = []
        for try await (sequence, canonical, subject, at, previous, hash) in rows.decode((Int64, String, String, Int64, String, String).self) {
            result.append(StoredRecord(sequence: sequence, canonical: canonical, subject: subject, atMillis: at, previousHash: previous, hash: hash))
        }
        return result
    }
}
