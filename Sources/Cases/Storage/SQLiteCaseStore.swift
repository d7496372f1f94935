#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BulwarkCore
import GRDB
import Store

/// The ``CaseStore`` in the SQLite file of a data directory (`bulwark.sqlite`, beside the
/// banks), on its own GRDB connection pool. Writes are serialized by SQLite, so intake's
/// look-up-then-insert is atomic.
public final class SQLiteCaseStore: CaseStore {
    let pool: DatabasePool
    /// The database file.
    public let path: String

    /// Opens (creating if needed) the database file at `path` and applies the case migrations.
    public init(path: String) throws {
        self.path = path
        pool = try SharedDatabase.openPool(path: path, migrations: CaseMigrations.sqlite)
    }

    /// Opens the store in `dataDirectory` (default: the configured data directory).
    public convenience init(dataDirectory: String?) throws {
        try self.init(path: try SharedDatabase.sqlitePath(dataDirectory: dataDirectory))
    }

    // MARK: Cases

    public func intake(_ draft: CaseDraft, dueAt: Date, at: Date, rank: @escaping @Sendable (ReviewCase) -> Int64) async throws -> IntakeResult {
        try await pool.write { db in
            let now = CaseTime.millis(at)
            var existing: ReviewCase?
            if let hash = draft.contentHash?.text {
                existing = try Self.fetchCase(db, "WHERE status = 'open' AND content_hash = ? ORDER BY id LIMIT 1", [hash])
            }
            if existing == nil, let url = draft.url?.text {
                existing = try Self.fetchCase(db, "WHERE status = 'open' AND url = ? ORDER BY id LIMIT 1", [url])
            }
            if let existing {
                let joined = existing.joining(draft, dueAt: dueAt, at: at, rank: rank)
                try db.execute(
                    sql: """
                        UPDATE cases SET report_count = ?, reasons = ?, known_real_victims = ?, may_show_real_child = ?,
                            content_hash = ?, url = ?, due_at = ?, updated_at = ?, priority_rank = ? WHERE id = ?
                        """,
                    arguments: [
                        joined.reportCount, try CaseCoding.encode(joined.reasons), joined.knownRealVictims, joined.mayShowRealChild,
                        joined.contentHash, joined.url, CaseTime.millis(joined.dueAt), now, joined.priorityRank, joined.id,
                    ])
                try Self.insertSource(db, caseID: joined.id, draft.source)
                try Self.insertEvent(db, caseID: joined.id, actor: draft.source.reporter ?? "system", action: "joined",
                                     details: ["origin": draft.source.origin.rawValue, "reference": draft.source.reference], at: now)
                return IntakeResult(reviewCase: joined, joined: true)
            }
            let opened = ReviewCase.opening(draft, dueAt: dueAt, at: at, rank: rank)
            try db.execute(
                sql: """
                    INSERT INTO cases (team, kind, status, priority_rank, due_at, created_at, updated_at, content_hash, url,
                        report_count, known_real_victims, may_show_real_child, reasons, second_opinion, origin)
                    VALUES (?, ?, 'open', ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    opened.team, opened.kind.rawValue, opened.priorityRank, CaseTime.millis(dueAt), now, now, opened.contentHash,
                    opened.url, opened.knownRealVictims, opened.mayShowRealChild, try CaseCoding.encode(opened.reasons),
                    opened.secondOpinion.rawValue, draft.source.origin.rawValue,
                ])
            let id = db.lastInsertedRowID
            try Self.insertSource(db, caseID: id, draft.source)
            guard let stored = try Self.fetchCase(db, "WHERE id = ?", [id]) else { throw BulwarkError.notFound(what: "case", id: "\(id)") }
            return IntakeResult(reviewCase: stored, joined: false)
        }
    }

    public func insertOpenCases(_ cases: [NewCase]) async throws {
        try await pool.write { db in
            let statement = try db.makeStatement(sql: """
                INSERT INTO cases (team, kind, status, priority_rank, due_at, created_at, updated_at, content_hash, url,
                    report_count, known_real_victims, may_show_real_child, reasons, second_opinion, origin)
                VALUES (?, ?, 'open', ?, ?, ?, ?, ?, ?, 1, ?, ?, '[]', 'not-required', ?)
                """)
            for item in cases {
                let created = CaseTime.millis(item.createdAt)
                try statement.execute(arguments: [
                    item.team, item.kind.rawValue, item.priorityRank, CaseTime.millis(item.dueAt), created, created,
                    item.contentHash, item.url, item.knownRealVictims, item.mayShowRealChild,
                    CaseSource.Origin.implied(by: item.kind).rawValue,
                ])
            }
        }
    }

    public func reviewCase(id: Int64) async throws -> ReviewCase? {
        try await pool.read { db in try Self.fetchCase(db, "WHERE id = ?", [id]) }
    }

    public func detail(id: Int64) async throws -> CaseDetail? {
        try await pool.read { db in try Self.detail(db, id: id) }
    }

    public func queue(teams: [String]?, after: QueueCursor?, limit: Int) async throws -> QueuePage {
        let limit = CaseStoreLimits.clamped(limit)
        return try await pool.read { db in
            let cursor: StatementArguments = after.map { [$0.priorityRank, $0.dueMillis, $0.id] } ?? []
            var rows: [ReviewCase]
            if let teams {
                // One index seek per team, merged: each query reads at most `limit + 1` rows.
                rows = []
                let sql = Self.queueSQL(team: true, seek: after != nil)
                for team in Set(teams).sorted() {
                    rows += try Row.fetchAll(db, sql: sql, arguments: [team] + cursor + [limit + 1]).map { try Self.values($0).reviewCase() }
                }
                rows.sort { ($0.priorityRank, CaseTime.millis($0.dueAt), $0.id) < ($1.priorityRank, CaseTime.millis($1.dueAt), $1.id) }
            } else {
                rows = try Row.fetchAll(db, sql: Self.queueSQL(team: false, seek: after != nil), arguments: cursor + [limit + 1])
                    .map { try Self.values($0).reviewCase() }
            }
            let page = Array(rows.prefix(limit))
            return QueuePage(cases: page, next: rows.count > limit ? page.last.map(QueueCursor.init(after:)) : nil)
        }
    }

    /// The queue page query: open cases (of one team), after a cursor, in queue order.
    private static func queueSQL(team: Bool, seek: Bool) -> String {
        """
        SELECT \(CaseRowValues.columns) FROM cases WHERE status = 'open' \(team ? "AND team = ?" : "") \
        \(seek ? "AND (priority_rank, due_at, id) > (?, ?, ?)" : "") ORDER BY priority_rank, due_at, id LIMIT ?
        """
    }

    /// SQLite's plan for the queue page query (one team or all, with or without a cursor),
    /// one line per step: a diagnostic showing the page is an index seek, not a scan and sort.
    public func queuePlan(oneTeam: Bool, seeking: Bool) async throws -> [String] {
        try await pool.read { db in
            let arguments: StatementArguments = (oneTeam ? ["team"] : []) + (seeking ? [0, 0, 0] : []) + [51]
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Self.queueSQL(team: oneTeam, seek: seeking), arguments: arguments)
                .map { $0["detail"] as String }
        }
    }

    public func openCounts(teams: [String]?) async throws -> [String: Int] {
        try await pool.read { db in
            var counts: [String: Int] = [:]
            if let teams {
                for team in Set(teams) {
                    counts[team] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases WHERE status = 'open' AND team = ?", arguments: [team]) ?? 0
                }
            } else {
                for row in try Row.fetchAll(db, sql: "SELECT team, COUNT(*) AS n FROM cases WHERE status = 'open' GROUP BY team") {
                    counts[row["team"]] = row["n"]
                }
            }
            return counts
        }
    }

    public func due(teams: [String]?, before: Date, notBefore: Date?, limit: Int) async throws -> [ReviewCase] {
        let limit = CaseStoreLimits.clamped(limit)
        return try await pool.read { db in
            var range = "due_at < ?"
            var arguments: StatementArguments = [CaseTime.millis(before)]
            if let notBefore {
                range += " AND due_at >= ?"
                arguments += [CaseTime.millis(notBefore)]
            }
            if let teams {
                var rows: [ReviewCase] = []
                for team in Set(teams).sorted() {
                    rows += try Self.fetchCases(
                        db, "WHERE status = 'open' AND team = ? AND \(range) ORDER BY due_at, id LIMIT ?", [team] + arguments + [limit])
                }
                rows.sort { ($0.dueAt, $0.id) < ($1.dueAt, $1.id) }
                return Array(rows.prefix(limit))
            }
            return try Self.fetchCases(db, "WHERE status = 'open' AND \(range) ORDER BY due_at, id LIMIT ?", arguments + [limit])
        }
    }

    public func recordAssessment(
        caseID: Int64, reviewer: String, assessment: Assessment, at: Date,
        derive: @escaping @Sendable (CaseDetail) throws -> AssessmentUpdate
    ) async throws -> ReviewCase {
        try await pool.write { db in
            let current = try Self.openCase(db, id: caseID)
            try db.execute(
                sql: "INSERT INTO case_assessments (case_id, reviewer, assessment, created_at) VALUES (?, ?, ?, ?)",
                arguments: [current.id, reviewer, try CaseCoding.encode(assessment), CaseTime.millis(at)])
            guard let detail = try Self.detail(db, id: caseID) else { throw BulwarkError.notFound(what: "case", id: "\(caseID)") }
            let update = try derive(detail)
            try db.execute(
                sql: "UPDATE cases SET priority_rank = ?, category = ?, age_band = ?, second_opinion = ?, updated_at = ? WHERE id = ?",
                arguments: [update.priorityRank, update.category, update.ageBand, update.secondOpinion.rawValue, CaseTime.millis(at), caseID])
            return try Self.openCase(db, id: caseID)
        }
    }

    public func close(caseID: Int64, outcome: CaseOutcome, actor: String, note: String?, requireAgreement: Bool, at: Date) async throws -> ReviewCase {
        try await pool.write { db in
            let current = try Self.openCase(db, id: caseID)
            if requireAgreement && !current.secondOpinion.allowsDecision {
                throw CaseDecisionRefused(caseID: caseID, reason: current.secondOpinion.explanation)
            }
            let now = CaseTime.millis(at)
            try db.execute(
                sql: "UPDATE cases SET status = 'closed', outcome = ?, closed_at = ?, closed_by = ?, updated_at = ? WHERE id = ?",
                arguments: [outcome.rawValue, now, actor, now, caseID])
            var details = ["outcome": outcome.rawValue]
            if let note { details["note"] = note }
            try Self.insertEvent(db, caseID: caseID, actor: actor, action: "closed", details: details, at: now)
            guard let closed = try Self.fetchCase(db, "WHERE id = ?", [caseID]) else { throw BulwarkError.notFound(what: "case", id: "\(caseID)") }
            return closed
        }
    }

    public func reassign(caseID: Int64, team: String, actor: String, at: Date) async throws -> ReviewCase {
        try await pool.write { db in
            let current = try Self.openCase(db, id: caseID)
            let now = CaseTime.millis(at)
            // A case moving to another team owes that team its own deadline alerts.
            let resetClaims = current.team == team ? "" : ", " + DeadlineThreshold.resetClaimsSQL
            try db.execute(sql: "UPDATE cases SET team = ?, updated_at = ?\(resetClaims) WHERE id = ?", arguments: [team, now, caseID])
            try Self.insertEvent(db, caseID: caseID, actor: actor, action: "reassigned", details: ["from": current.team, "to": team], at: now)
            return try Self.openCase(db, id: caseID)
        }
    }

    // MARK: Teams

    public func addMember(reviewer: String, team: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO case_team_members (reviewer, team) VALUES (?, ?)", arguments: [reviewer, team])
        }
    }

    public func removeMember(reviewer: String, team: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM case_team_members WHERE reviewer = ? AND team = ?", arguments: [reviewer, team])
        }
    }

    public func teams(ofReviewer reviewer: String) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT team FROM case_team_members WHERE reviewer = ? ORDER BY team", arguments: [reviewer])
        }
    }

    public func members(ofTeam team: String) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT reviewer FROM case_team_members WHERE team = ? ORDER BY reviewer", arguments: [team])
        }
    }

    // MARK: Exposure

    public func recordReveal(reviewer: String, caseID: Int64, at: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO reviewer_reveals (reviewer, case_id, revealed_at) VALUES (?, ?, ?)",
                arguments: [reviewer, caseID, CaseTime.millis(at)])
        }
    }

    public func reveals(reviewer: String, from: Date, to: Date) async throws -> [Date] {
        try await pool.read { db in
            try Int64.fetchAll(
                db, sql: "SELECT revealed_at FROM reviewer_reveals WHERE reviewer = ? AND revealed_at >= ? AND revealed_at < ? ORDER BY revealed_at",
                arguments: [reviewer, CaseTime.millis(from), CaseTime.millis(to)]
            ).map(CaseTime.date)
        }
    }

    public func revealCount(reviewer: String, from: Date, to: Date) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM reviewer_reveals WHERE reviewer = ? AND revealed_at >= ? AND revealed_at < ?",
                arguments: [reviewer, CaseTime.millis(from), CaseTime.millis(to)]) ?? 0
        }
    }

    public func close() async throws { try pool.close() }

    // MARK: Rows

    private static func fetchCases(_ db: Database, _ clause: String, _ arguments: StatementArguments) throws -> [ReviewCase] {
        try Row.fetchAll(db, sql: "SELECT \(CaseRowValues.columns) FROM cases \(clause)", arguments: arguments).map { try values($0).reviewCase() }
    }

    private static func fetchCase(_ db: Database, _ clause: String, _ arguments: StatementArguments) throws -> ReviewCase? {
        try fetchCases(db, clause, arguments).first
    }

    /// The case if it exists and is open; throws `.notFound` or ``CaseDecisionRefused``.
    private static func openCase(_ db: Database, id: Int64) throws -> ReviewCase {
        guard let found = try fetchCase(db, "WHERE id = ?", [id]) else { throw BulwarkError.notFound(what: "case", id: "\(id)") }
        guard found.status == .open else { throw CaseDecisionRefused(caseID: id, reason: "the case is closed") }
        return found
    }

    private static func values(_ row: Row) -> CaseRowValues {
        CaseRowValues(
            id: row[0], team: row[1], kind: row[2], status: row[3], priorityRank: row[4], dueAt: row[5], createdAt: row[6],
            updatedAt: row[7], contentHash: row[8], url: row[9], reportCount: row[10], knownRealVictims: row[11],
            mayShowRealChild: row[12], reasons: row[13], category: row[14], ageBand: row[15], secondOpinion: row[16],
            outcome: row[17], closedAt: row[18], closedBy: row[19])
    }

    private static func detail(_ db: Database, id: Int64) throws -> CaseDetail? {
        guard let found = try fetchCase(db, "WHERE id = ?", [id]) else { return nil }
        let sources = try Row.fetchAll(
            db, sql: "SELECT origin, reference, reporter, received_at FROM case_sources WHERE case_id = ? ORDER BY id", arguments: [id]
        ).map { row throws -> CaseSource in
            let origin: String = row[0]
            guard let value = CaseSource.Origin(rawValue: origin) else {
                throw BulwarkError.invalidInput(what: "stored case \(id)", where: "case_sources.origin", reason: "unknown value '\(origin)'")
            }
            return CaseSource(origin: value, reference: row[1], reporter: row[2], receivedAt: CaseTime.date(row[3]))
        }
        let assessments = try Row.fetchAll(
            db, sql: "SELECT id, reviewer, assessment, created_at FROM case_assessments WHERE case_id = ? ORDER BY id", arguments: [id]
        ).map { row in
            RecordedAssessment(
                id: row[0], caseID: id, reviewer: row[1],
                assessment: try CaseCoding.decode(Assessment.self, row[2], column: "case_assessments.assessment", caseID: id),
                at: CaseTime.date(row[3]))
        }
        let events = try Row.fetchAll(
            db, sql: "SELECT id, actor, action, details, created_at FROM case_events WHERE case_id = ? ORDER BY id", arguments: [id]
        ).map { row in
            CaseEvent(
                id: row[0], caseID: id, actor: row[1], action: row[2],
                details: try CaseCoding.decode([String: String].self, row[3], column: "case_events.details", caseID: id),
                at: CaseTime.date(row[4]))
        }
        return CaseDetail(reviewCase: found, sources: sources, assessments: assessments, events: events)
    }

    private static func insertSource(_ db: Database, caseID: Int64, _ source: CaseSource) throws {
        try db.execute(
            sql: "INSERT INTO case_sources (case_id, origin, reference, reporter, received_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [caseID, source.origin.rawValue, source.reference, source.reporter, CaseTime.millis(source.receivedAt)])
    }

    private static func insertEvent(_ db: Database, caseID: Int64, actor: String, action: String, details: [String: String], at: Int64) throws {
        try db.execute(
            sql: "INSERT INTO case_events (case_id, actor, action, details, created_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [caseID, actor, action, try CaseCoding.encode(details), at])
    }
}
