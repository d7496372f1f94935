import ArgumentParser
import Cases
import Foundation

/// `bulwark bench queue`: the review queue's first page with many open cases. Seeds
/// `--count` open cases into a temporary SQLite store in one transaction, then times (median
/// of `--runs`) the first queue page of one team, the first page merged over a reviewer's
/// teams, a page deep in the queue by keyset, and the open count per team. The reference is
/// Python's sqlite3 running the same first-page SQL on the same file (bench/queue_reference.py).
struct BenchQueue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Seed N open cases into SQLite and time the first queue page, a deep page and the per-team counts (median ms).")

    @Option(name: .long, help: "Number of open cases to seed.")
    var count = 100_000

    @Option(name: .long, help: "Number of teams the cases are spread over.")
    var teams = 4

    @Option(name: .long, help: "Cases per page.")
    var pageSize = 50

    @Option(name: .long, help: "Timed runs per query (the median is reported).")
    var runs = 21

    @Option(name: .long, help: "Path of the Python reference script (default: bench/queue_reference.py of the source tree).")
    var reference: String?

    @Option(name: .long, help: "Python interpreter.")
    var python = "python3"

    @Flag(name: .long, help: "Skip the Python reference.")
    var noReference = false

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-bench-queue-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteCaseStore(dataDirectory: directory)
        let teamNames = (0..<max(1, teams)).map { "team-\($0)" }

        let seedStart = DispatchTime.now().uptimeNanoseconds
        try await Self.seed(store: store, count: count, teams: teamNames)
        let seedMillis = Double(DispatchTime.now().uptimeNanoseconds - seedStart) / 1e6
        print("seeded \(count) open cases over \(teamNames.count) teams in \(Self.format(seedMillis)) ms")

        let firstTeam = try await Self.median(runs) { _ = try await store.queue(teams: [teamNames[0]], after: nil, limit: pageSize) }
        let merged = try await Self.median(runs) { _ = try await store.queue(teams: teamNames, after: nil, limit: pageSize) }
        // A cursor some 100 pages into the first team's queue.
        var cursor: QueueCursor?
        for _ in 0..<100 { cursor = try await store.queue(teams: [teamNames[0]], after: cursor, limit: pageSize).next }
        let deepCursor = cursor
        let deep = try await Self.median(runs) { _ = try await store.queue(teams: [teamNames[0]], after: deepCursor, limit: pageSize) }
        let counts = try await Self.median(runs) { _ = try await store.openCounts(teams: teamNames) }
        let oneCount = try await Self.median(runs) { _ = try await store.openCounts(teams: [teamNames[0]]) }
        try await store.close()
        // The whole page: HTTP request, session, queries, Mustache render (target < 100 ms).
        let page = try await BenchQueuePage.measure(dataDirectory: directory, runs: runs)

        print("queue page GET /ui/queue, HTML over HTTP, admin (all \(teamNames.count) teams): median \(Self.format(page.median)) ms, "
              + "p95 \(Self.format(page.p95)) ms, \(page.bytes) bytes (target < 100 ms: \(page.p95 < 100 ? "met" : "NOT met"))")
        print("first page, one team (\(pageSize) cases):   \(Self.format(firstTeam)) ms")
        print("first page, merged over \(teamNames.count) teams:    \(Self.format(merged)) ms")
        print("page ~100 by keyset, one team:          \(Self.format(deep)) ms")
        print("open count, one team:                   \(Self.format(oneCount)) ms")
        print("open counts, all \(teamNames.count) teams:             \(Self.format(counts)) ms")

        guard !noReference else { return }
        let script = reference ?? Self.defaultReference()
        guard FileManager.default.fileExists(atPath: script) else {
            print("reference: \(script) not found; skipped")
            return
        }
        // Reopen a fresh store on a copy is unnecessary: the file is still there until defer.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script, directory + "/bulwark.sqlite", teamNames[0], "\(pageSize)", "\(runs)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, let referenceMillis = Double(text) else {
            print("reference: \(python) \(script) failed (status \(process.terminationStatus)): \(text)")
            return
        }
        print("reference (Python sqlite3, same SQL, first page one team): \(Self.format(referenceMillis)) ms")
        print("ratio Bulwark/reference: \(Self.format(firstTeam / max(referenceMillis, 0.0001)))x")
    }

    /// Seeds `count` open cases spread over `teams` into `store` in one bulk insert: mostly
    /// "may show a real child", a few known-real-victims matches and some declared
    /// AI-generated items; varied age bands, categories and deadlines over the next three days.
    /// Deterministic for a given `count`. The lead reuses this for the HTML queue benchmark.
    static func seed(store: any CaseStore, count: Int, teams: [String], now: Date = Date()) async throws {
        var batch: [NewCase] = []
        batch.reserveCapacity(count)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        let kinds: [CaseKind] = [.bankMatch, .externalReport, .provenance, .removalOrder, .intimateImageRequest]
        for index in 0..<count {
            let random = next()
            let tierRoll = random % 100
            let known = tierRoll < 2
            let real = tierRoll < 82
            let band = Int((random >> 8) % 7)
            let category = Int((random >> 16) % 4)
            let rank = (CasePriority.tier(knownRealVictims: known, mayShowRealChild: real) * 1000 + Int64(band)) * 1000 + Int64(category)
            let due = now.addingTimeInterval(Double((random >> 24) % (72 * 3600)) - 6 * 3600)
            batch.append(NewCase(
                team: teams[index % teams.count], kind: kinds[Int((random >> 40) % UInt64(kinds.count))], priorityRank: rank,
                dueAt: due, createdAt: now, contentHash: "sha256:" + String(format: "%064llx", random), url: nil,
                knownRealVictims: known, mayShowRealChild: real))
        }
        try await store.insertOpenCases(batch)
    }

    /// The median wall time of `runs` calls of `body`, in milliseconds, after one warm-up call.
    static func median(_ runs: Int, _ body: () async throws -> Void) async throws -> Double {
        try await body()
        var times: [Double] = []
        for _ in 0..<max(1, runs) {
            let start = DispatchTime.now().uptimeNanoseconds
            try await body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        return times[times.count / 2]
    }

    static func format(_ value: Double) -> String { String(format: "%.3f", value) }

    /// bench/queue_reference.py of the source tree this file was compiled from.
    static func defaultReference() -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("bench/queue_reference.py").path
    }
}
