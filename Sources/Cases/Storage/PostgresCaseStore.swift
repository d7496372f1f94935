#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BulwarkCore
import Logging
import PostgresNIO
import Store

/// The ``CaseStore`` in the PostgreSQL database of the bank store, for deployments where
/// several `bulwark serve` instances share one database. Intake takes a transaction-scoped
/// advisory lock so that two instances never open two cases for the same item; assessments,
/// closing and reassigning lock the case row.
public final class PostgresCaseStore: CaseStore {
    let client: PostgresClient
    private let runTask: Task<Void, Never>
    let logger: Logger

    /// Connects to `url` and applies the case migrations not yet recorded.
    public init(url: PostgresURL, maximumConnections: Int = 8, logger: Logger = Logger(label: "bulwark.cases")) async throws {
        let client = SharedDatabase.client(url, maximumConnections: maximumConnections)
        self.client = client
        self.logger = logger
        runTask = Task { await client.run() }
        do {
            try await SharedDatabase.migrate(CaseMigrations.postgres, client: client, logger: logger)
        } catch {
            runTask.cancel()
            throw error
        }
    }

    /// Connects to the `postgres://` URL `text`.
    public convenience init(url text: String) async throws {
        try await self.init(url: try PostgresURL(text))
    }

    private static let columns = CaseRowValues.columns
    /// Seeks from the start of the queue index when there is no cursor.
    private static let start = QueueCursor(priorityRank: Int64.min, dueMillis: Int64.min, id: Int64.min)

    // MARK: Cases

    public func intake(_ draft: CaseDraft, dueAt: Date, at: Date, rank: @escaping @Sendable (ReviewCase) -> Int64) async throws -> IntakeResult {
        let logger = logger
        return try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(4242, 200)", logger: logger)
            let now = CaseTime.millis(at)
            var existing: ReviewCase?
            if let hash = draft.contentHash?.text {
                existing = try await Self.cases(connection.query(
                    "SELECT \(unescaped: Self.columns) FROM cases WHERE status = 'open' AND content_hash = \(hash) ORDER BY id LIMIT 1",
                    logger: logger)).first
            }
            if existing == nil, let url = draft.url?.text {
                existing = try await Self.cases(connection.query(
                    "SELECT \(unescaped: Self.columns) FROM cases WHERE status = 'open' AND url = \(url) ORDER BY id LIMIT 1",
                    logger: logger)).first
            }
            if let existing {
                let joined = existing.joining(draft, dueAt: dueAt, at: at, rank: rank)
                try await connection.query(
                    """
                    UPDATE cases SET report_count = \(joined.reportCount), reasons = \(try CaseCoding.encode(joined.reasons)),
                        known_real_victims = \(joined.knownRealVictims), may_show_real_child = \(joined.mayShowRealChild),
                        content_hash = \(joined.contentHash), url = \(joined.url), due_at = \(CaseTime.millis(joined.dueAt)),
                        updated_at = \(now), priority_rank = \(joined.priorityRank)
                    WHERE id = \(joined.id)
                    """, logger: logger)
                try await Self.insertSource(connection, caseID: joined.id, draft.source, logger: logger)
                try await Self.insertEvent(
                    connection, caseID: joined.id, actor: draft.source.reporter ?? "system", action: "joined",
                    details: ["origin": draft.source.origin.rawValue, "reference": draft.source.reference], at: now, logger: logger)
                return IntakeResult(reviewCase: joined, joined: true)
            }
            let opened = ReviewCase.opening(draft, dueAt: dueAt, at: at, rank: rank)
            let inserted = try await Self.cases(connection.query(
                """
                INSERT INTO cases (team, kind, status, priority_rank, due_at, created_at, updated_at, content_hash, url,
                    report_count, known_real_victims, may_show_real_child, reasons, second_opinion, origin)
                VALUES (\(opened.team), \(opened.kind.rawValue), 'open', \(opened.priorityRank), \(CaseTime.millis(dueAt)), \(now), \(now),
                    \(opened.contentHash), \(opened.url), 1, \(opened.knownRealVictims), \(opened.mayShowRealChild),
                    \(try CaseCoding.encode(opened.reasons)), \(opened.secondOpinion.rawValue), \(draft.source.origin.rawValue))
                RETURNING \(unescaped: Self.columns)
                """, logger: logger))
            guard let stored = inserted.first else { throw BulwarkError.notFound(what: "case", id: "new") }
            try await Self.insertSource(connection, caseID: stored.id, draft.source, logger: logger)
            return IntakeResult(reviewCase: stored, joined: false)
        }
    }

    public func insertOpenCases(_ cases: [NewCase]) async throws {
        let logger = logger
        for chunk in stride(from: 0, to: cases.count, by: 1000).map({ cases[$0..<min($0 + 1000, cases.count)] }) {
            try await transaction { connection in
                for item in chunk {
                    let created = CaseTime.millis(item.createdAt)
                    try await connection.query(
                        """
                        INSERT INTO cases (team, kind, status, priority_rank, due_at, created_at, updated_at, content_hash, url,
                            report_count, known_real_victims, may_show_real_child, reasons, second_opinion, origin)
                        VALUES (\(item.team), \(item.kind.rawValue), 'open', \(item.priorityRank), \(CaseTime.millis(item.dueAt)),
                            \(created), \(created), \(item.contentHash), \(item.url), 1, \(item.knownRealVictims),
                            \(item.mayShowRealChild), '[]', 'not-required', \(CaseSource.Origin.implied(by: item.kind).rawValue))
                        """, logger: logger)
                }
            }
        }
    }

    public func reviewCase(id: Int64) async throws -> ReviewCase? {
        try await Self.cases(client.query("SELECT \(unescaped: Self.columns) FROM cases WHERE id = \(id)", logger: logger)).first
    }

    public func detail(id: Int64) async throws -> CaseDetail? {
        let logger = logger
        return try await client.withConnection { connection in try await Self.detail(connection, id: id, logger: logger) }
    }

    public func queue(teams: [String]?, after: QueueCursor?, limit: Int) async throws -> QueuePage {
        let limit = CaseStoreLimits.clamped(limit)
        let from = after ?? Self.start
        var rows: [ReviewCase] = []
        if let teams {
            // One index seek per team, merged: each query reads at most `limit + 1` rows.
            for team in Set(teams).sorted() {
                rows += try await Self.cases(client.query(
                    """
                    SELECT \(unescaped: Self.columns) FROM cases
                    WHERE status = 'open' AND team = \(team) AND (priority_rank, due_at, id) > (\(from.priorityRank), \(from.dueMillis), \(from.id))
                    ORDER BY priority_rank, due_at, id LIMIT \(limit + 1)
                    """, logger: logger))
            }
            rows.sort { ($0.priorityRank, CaseTime.millis($0.dueAt), $0.id) < ($1.priorityRank, CaseTime.millis($1.dueAt), $1.id) }
        } else {
            rows = try await Self.cases(client.query(
                """
                SELECT \(unescaped: Self.columns) FROM cases
                WHERE status = 'open' AND (priority_rank, due_at, id) > (\(from.priorityRank), \(from.dueMillis), \(from.id))
                ORDER BY priority_rank, due_at, id LIMIT \(limit + 1)
                """, logger: logger))
        }
        let page = Array(rows.prefix(limit))
        return QueuePage(cases: page, next: rows.count > limit ? page.last.map(QueueCursor.init(after:)) : nil)
    }

    public func openCounts(teams: [String]?) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        if let teams {
            for team in Set(teams) {
                for try await count in try await client.query(
                    "SELECT COUNT(*) FROM cases WHERE status = 'open' AND team = \(team)", logger: logger
                ).decode(Int.self) {
                    counts[team] = count
                }
            }
        } else {
            for try await (team, count) in try await client.query(
                "SELECT team, COUNT(*) FROM cases WHERE status = 'open' GROUP BY team", logger: logger
            ).decode((String, Int).self) {
                counts[team] = count
            }
        }
        return counts
    }

    public func due(teams: [String]?, before: Date, notBefore: Date?, limit: Int) async throws -> [ReviewCase] {
        let limit = CaseStoreLimits.clamped(limit)
        let upper = CaseTime.millis(before)
        let lower = notBefore.map(CaseTime.millis) ?? Int64.min
        guard let teams else {
            return try await Self.cases(client.query(
                """
                SELECT \(unescaped: Self.columns) FROM cases WHERE status = 'open' AND due_at < \(upper) AND due_at >= \(lower)
                ORDER BY due_at, id LIMIT \(limit)
                """, logger: logger))
        }
        var rows: [ReviewCase] = []
        for team in Set(teams).sorted() {
            rows += try await Self.cases(client.query(
                """
                SELECT \(unescaped: Self.columns) FROM cases
                WHERE status = 'open' AND team = \(team) AND due_at < \(upper) AND due_at >= \(lower)
                ORDER BY due_at, id LIMIT \(limit)
                """, logger: logger))
        }
        rows.sort { ($0.dueAt, $0.id) < ($1.dueAt, $1.id) }
        return Array(rows.prefix(limit))
    }

    public func recordAssessment(
        caseID: Int64, reviewer: String, assessment: Assessment, at: Date,
        derive: @escaping @Sendable (CaseDetail) throws -> AssessmentUpdate
    ) async throws -> ReviewCase {
        let logger = logger
        return try await transaction { connection in
            _ = try await Self.lockOpenCase(connection, id: caseID, logger: logger)
            try await connection.query(
                """
                INSERT INTO case_assessments (case_id, reviewer, assessment, created_at)
                VALUES (\(caseID), \(reviewer), \(try CaseCoding.encode(assessment)), \(CaseTime.millis(at)))
                """, logger: logger)
            guard let detail = try await Self.detail(connection, id: caseID, logger: logger) else {
                throw BulwarkError.notFound(what: "case", id: "\(caseID)")
            }
            let update = try derive(detail)
            let updated = try await Self.cases(connection.query(
                """
                UPDATE cases SET priority_rank = \(update.priorityRank), category = \(update.category), age_band = \(update.ageBand),
                    second_opinion = \(update.secondOpinion.rawValue), updated_at = \(CaseTime.millis(at))
                WHERE id = \(caseID) RETURNING \(unescaped: Self.columns)
                """, logger: logger))
            guard let result = updated.first else { throw BulwarkError.notFound(what: "case", id: "\(caseID)") }
            return result
        }
    }

    public func close(caseID: Int64, outcome: CaseOutcome, actor: String, note: String?, requireAgreement: Bool, at: Date) async throws -> ReviewCase {
        let logger = logger
        return try await transaction { connection in
            let current = try await Self.lockOpenCase(connection, id: caseID, logger: logger)
            if requireAgreement && !current.secondOpinion.allowsDecision {
                throw CaseDecisionRefused(caseID: caseID, reason: current.secondOpinion.explanation)
            }
            let now = CaseTime.millis(at)
            let closed = try await Self.cases(connection.query(
                """
                UPDATE cases SET status = 'closed', outcome = \(outcome.rawValue), closed_at = \(now), closed_by = \(actor), updated_at = \(now)
                WHERE id = \(caseID) RETURNING \(unescaped: Self.columns)
                """, logger: logger))
            var details = ["outcome": outcome.rawValue]
            if let note { details["note"] = note }
            try await Self.insertEvent(connection, caseID: caseID, actor: actor, action: "closed", details: details, at: now, logger: logger)
            guard let result = closed.first else { throw BulwarkError.notFound(what: "case", id: "\(caseID)") }
            return result
        }
    }

    public func reassign(caseID: Int64, team: String, actor: String, at: Date) async throws -> ReviewCase {
        let logger = logger
        return try await transaction { connection in
            let current = try await Self.lockOpenCase(connection, id: caseID, logger: logger)
            let now = CaseTime.millis(at)
            // A case moving to another team owes that team its own deadline alerts.
            let resetClaims = current.team == team ? "" : ", " + DeadlineThreshold.resetClaimsSQL
            let moved = try await Self.cases(connection.query(
                """
                UPDATE cases SET team = \(team), updated_at = \(now)\(unescaped: resetClaims)
                WHERE id = \(caseID) RETURNING \(unescaped: Self.columns)
                """,
                logger: logger))
            try await Self.insertEvent(
                connection, caseID: caseID, actor: actor, action: "reassigned", details: ["from": current.team, "to": team], at: now,
                logger: logger)
            guard let result = moved.first else { throw BulwarkError.notFound(what: "case", id: "\(caseID)") }
            return result
        }
    }

    // MARK: Teams

    public func addMember(reviewer: String, team: String) async throws {
        try await client.query(
            "INSERT INTO case_team_members (reviewer, team) VALUES (\(reviewer), \(team)) ON CONFLICT DO NOTHING", logger: logger)
    }

    public func removeMember(reviewer: String, team: String) async throws {
        try await client.query("DELETE FROM case_team_members WHERE reviewer = \(reviewer) AND team = \(team)", logger: logger)
    }

    public func teams(ofReviewer reviewer: String) async throws -> [String] {
        try await strings(client.query("SELECT team FROM case_team_members WHERE reviewer = \(reviewer) ORDER BY team", logger: logger))
    }

    public func members(ofTeam team: String) async throws -> [String] {
        try await strings(client.query("SELECT reviewer FROM case_team_members WHERE team = \(team) ORDER BY reviewer", logger: logger))
    }

    private func strings(_ rows: PostgresRowSequence) async throws -> [String] {
        var result: [String] = []
        for try await value in rows.decode(String.self) { result.append(value) }
        return result
    }

    // MARK: Exposure

    public func recordReveal(reviewer: String, caseID: Int64, at: Date) async throws {
        try await client.query(
            "INSERT INTO reviewer_reveals (reviewer, case_id, revealed_at) VALUES (\(reviewer), \(caseID), \(CaseTime.millis(at)))",
            logger: logger)
    }

    public func reveals(reviewer: String, from: Date, to: Date) async throws -> [Date] {
        var result: [Date] = []
        for try await millis in try await client.query(
            """
            SELECT revealed_at FROM reviewer_reveals
            WHERE reviewer = \(reviewer) AND revealed_at >= \(CaseTime.millis(from)) AND revealed_at < \(CaseTime.millis(to))
            ORDER BY revealed_at
            """, logger: logger
        ).decode(Int64.self) {
            result.append(CaseTime.date(millis))
        }
        return result
    }

    public func revealCount(reviewer: String, from: Date, to: Date) async throws -> Int {
        var count = 0
        for try await value in try await client.query(
            """
            SELECT COUNT(*) FROM reviewer_reveals
            WHERE reviewer = \(reviewer) AND revealed_at >= \(CaseTime.millis(from)) AND revealed_at < \(CaseTime.millis(to))
            """, logger: logger
        ).decode(Int.self) {
            count = value
        }
        return count
    }

    public func close() async throws { runTask.cancel() }

    /// Runs `body` in a transaction, rethrowing the body's own error (a refusal, a missing
    /// case) rather than postgres-nio's wrapper around it.
    func transaction<Result: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError { throw inner }
            throw error
        }
    }

    // MARK: Rows

    private static func cases(_ rows: PostgresRowSequence) async throws -> [ReviewCase] {
        var result: [ReviewCase] = []
        for try await row in rows {
            let cells = row.makeRandomAccess()
            let values = CaseRowValues(
                id: try cells[0].decode(Int64.self), team: try cells[1].decode(String.self), kind: try cells[2].decode(String.self),
                status: try cells[3].decode(String.self), priorityRank: try cells[4].decode(Int64.self),
                dueAt: try cells[5].decode(Int64.self), createdAt: try cells[6].decode(Int64.self),
                updatedAt: try cells[7].decode(Int64.self), contentHash: try cells[8].decode(String?.self),
                url: try cells[9].decode(String?.self), reportCount: try cells[10].decode(Int.self),
                knownRealVictims: try cells[11].decode(Bool.self), mayShowRealChild: try cells[12].decode(Bool.self),
                reasons: try cells[13].decode(String.self), category: try cells[14].decode(String?.self),
                ageBand: try cells[15].decode(String?.self), secondOpinion: try cells[16].decode(String.self),
                outcome: try cells[17].decode(String?.self), closedAt: try cells[18].decode(Int64?.self),
                closedBy: try cells[19].decode(String?.self))
            result.append(try values.reviewCase())
        }
        return result
    }

    /// Locks the case row for the transaction; throws `.notFound` or ``CaseDecisionRefused`` if closed.
    private static func lockOpenCase(_ connection: PostgresConnection, id: Int64, logger: Logger) async throws -> ReviewCase {
        guard let found = try await cases(connection.query(
            "SELECT \(unescaped: columns) FROM cases WHERE id = \(id) FOR UPDATE", logger: logger)).first
        else { throw BulwarkError.notFound(what: "case", id: "\(id)") }
        guard found.status == .open else { throw CaseDecisionRefused(caseID: id, reason: "the case is closed") }
        return found
    }

    private static func detail(_ connection: PostgresConnection, id: Int64, logger: Logger) async throws -> CaseDetail? {
        guard let found = try await cases(connection.query(
            "SELECT \(unescaped: columns) FROM cases WHERE id = \(id)", logger: logger)).first else { return nil }
        var sources: [CaseSource] = []
        for try await (origin, reference, reporter, received) in try await connection.query(
            "SELECT origin, reference, reporter, received_at FROM case_sources WHERE case_id = \(id) ORDER BY id", logger: logger
        ).decode((String, String, String?, Int64).self) {
            guard let value = CaseSource.Origin(rawValue: origin) else {
                throw BulwarkError.invalidInput(what: "stored case \(id)", where: "case_sources.origin", reason: "unknown value '\(origin)'")
            }
            sources.append(CaseSource(origin: value, reference: reference, reporter: reporter, receivedAt: CaseTime.date(received)))
        }
        var assessments: [RecordedAssessment] = []
        for try await (rowID, reviewer, text, created) in try await connection.query(
            "SELECT id, reviewer, assessment, created_at FROM case_assessments WHERE case_id = \(id) ORDER BY id", logger: logger
        ).decode((Int64, String, String, Int64).self) {
            assessments.append(RecordedAssessment(
                id: rowID, caseID: id, reviewer: reviewer,
                assessment: try CaseCoding.decode(Assessment.self, text, column: "case_assessments.assessment", caseID: id),
                at: CaseTime.date(created)))
        }
        var events: [CaseEvent] = []
        for try await (rowID, actor, action, text, created) in try await connection.query(
            "SELECT id, actor, action, details, created_at FROM case_events WHERE case_id = \(id) ORDER BY id", logger: logger
        ).decode((Int64, String, String, String, Int64).self) {
            events.append(CaseEvent(
                id: rowID, caseID: id, actor: actor, action: action,
                details: try CaseCoding.decode([String: String].self, text, column: "case_events.details", caseID: id),
                at: CaseTime.date(created)))
        }
        return CaseDetail(reviewCase: found, sources: sources, assessments: assessments, events: events)
    }

    private static func insertSource(_ connection: PostgresConnection, caseID: Int64, _ source: CaseSource, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO case_sources (case_id, origin, reference, reporter, received_at)
            VALUES (\(caseID), \(source.origin.rawValue), \(source.reference), \(source.reporter), \(CaseTime.millis(source.receivedAt)))
            """, logger: logger)
    }

    private static func insertEvent(
        _ connection: PostgresConnection, caseID: Int64, actor: String, action: String, details: [String: String], at: Int64, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO case_events (case_id, actor, action, details, created_at)
            VALUES (\(caseID), \(actor), \(action), \(try CaseCoding.encode(details)), \(at))
            """, logger: logger)
    }
}
