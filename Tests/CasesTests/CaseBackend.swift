import BulwarkCore
import Cases
import BulwarkTestSupport
import Foundation
import Store
import Testing

/// The two backends every case-store test runs against, with the same test bodies.
enum CaseBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A fresh store, or `nil` (after recording a failure under CI, printing why otherwise)
    /// when PostgreSQL is not configured.
    func open() async throws -> TestCases? {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-cases-\(UUID().uuidString)").path
            return TestCases(store: try SQLiteCaseStore(dataDirectory: directory), directory: directory)
        case .postgres:
            guard let url = TestPostgres.urlOrSkip("the case tests") else {
                return nil
            }
            return TestCases(store: try await CaseStores.open(dataDirectory: nil, databaseURL: url), directory: nil)
        }
    }
}

/// A store opened for one test, a service over it with a settable clock and an in-memory
/// audit trail, and a unique prefix for team names and hashes (PostgreSQL tests share a database).
struct TestCases: Sendable {
    let store: any CaseStore
    let directory: String?
    let clock = TestClock()
    let audit = MemoryAudit()
    let prefix = String(UUID().uuidString.prefix(8)).lowercased()

    func service(scheme: AssessmentScheme = .iwfDefault, breaks: BreakPolicy = .standard) -> CaseService {
        let clock = clock
        return CaseService(store: store, audit: audit, scheme: scheme, breaks: breaks, now: { clock.now })
    }

    /// A team name unique to this test.
    func team(_ name: String) -> String { "\(name)-\(prefix)" }

    /// A sha256 content hash unique to this test and `seed`.
    func hash(_ seed: Int) throws -> ContentHash {
        let digest = (prefix + String(format: "%056x", seed))
        return try ContentHash("sha256:" + digest)
    }

    func close() async {
        try? await store.close()
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }
}

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)

    var now: Date { lock.withLock { current } }

    func advance(hours: Double) { lock.withLock { current = current.addingTimeInterval(hours * 3600) } }
    func advance(minutes: Double) { lock.withLock { current = current.addingTimeInterval(minutes * 60) } }
}

/// Audit events kept in memory.
actor MemoryAudit: AuditRecorder {
    private(set) var events: [AuditEvent] = []

    func record(_ event: AuditEvent) async throws { events.append(event) }

    func actions(subject: String) -> [String] { events.filter { $0.subject == subject }.map(\.action) }
}

/// A pipeline reason for tests.
func testReason(_ code: String) -> Reason {
    Reason(code: code, verdict: .review, message: "test reason \(code)", source: "test")
}
