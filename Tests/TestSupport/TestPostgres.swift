import Foundation
import Testing

/// The PostgreSQL server the tests run their second backend on (`scripts/test-postgres`
/// starts one and exports `BULWARK_TEST_POSTGRES_URL`), for every suite that runs the same
/// tests on SQLite and PostgreSQL.
public enum TestPostgres {
    /// `BULWARK_TEST_POSTGRES_URL`, when set and not empty.
    public static var url: String? {
        ProcessInfo.processInfo.environment["BULWARK_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the tests run under CI (`CI` set), where the PostgreSQL half must run.
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false }

    /// The URL; or `nil` after recording a failure under CI (printing how to set it
    /// otherwise). `suite` names the tests, e.g. "the case tests".
    public static func urlOrSkip(_ suite: String) -> String? {
        if let url { return url }
        if isCI {
            Issue.record("BULWARK_TEST_POSTGRES_URL is not set; CI must run the PostgreSQL half of \(suite)")
        } else {
            print("skipping the PostgreSQL half: set BULWARK_TEST_POSTGRES_URL=postgres://user:pass@host:port/db")
        }
        return nil
    }
}
