import BulwarkCore
import BulwarkTestSupport
import Foundation
import Store
import Testing

/// The two store backends every store test runs against.
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A fresh store for one test, or `nil` (after recording a failure under CI, or printing
    /// why otherwise) when PostgreSQL is not configured.
    func open() async throws -> TestStore? {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("bulwark-store-tests-\(UUID().uuidString)").path
            return TestStore(store: try SQLiteBankStore(dataDirectory: directory), directory: directory, url: nil)
        case .postgres:
            guard let url = TestPostgres.urlOrSkip("the store tests") else {
                return nil
            }
            return TestStore(store: try await PostgresBankStore(url: url), directory: nil, url: url)
        }
    }
}

/// A store opened for one test, with what is needed to reopen it.
struct TestStore: Sendable {
    let store: any BankStore
    /// The SQLite data directory.
    let directory: String?
    /// The PostgreSQL URL.
    let url: String?

    /// Opens a second, independent handle on the same database.
    func reopen() async throws -> any BankStore {
        if let url { return try await PostgresBankStore(url: url) }
        return try SQLiteBankStore(dataDirectory: directory ?? "")
    }

    /// A bank with a unique name (PostgreSQL tests share one database).
    func makeBank(_ prefix: String = "bank", enabled: Bool = true) async throws -> Bank {
        try await store.createBank(BankDraft(name: "\(prefix)-\(UUID().uuidString.prefix(8))", enabled: enabled))
    }

    func close() async {
        try? await store.close()
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }
}

/// Test values: deterministic hex digests of `count` hex digits derived from `seed`.
enum Fixtures {
    static func hex(_ seed: Int, digits: Int) -> String {
        var state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 &+ 0xD1B5_4A32_D192_ED03
        var text = ""
        while text.utf8.count < digits {
            state ^= state >> 33
            state = state &* 0xFF51_AFD7_ED55_8CCD
            state ^= state >> 29
            text += String(format: "%016llx", state)
        }
        return String(text.prefix(digits))
    }

    static func md5(_ seed: Int) -> String { hex(seed, digits: 32) }
    static func sha1(_ seed: Int) -> String { hex(seed, digits: 40) }
    static func pdq(_ seed: Int) -> String { hex(seed, digits: 64) }

    /// All entries of a bank, in id order.
    static func entries(_ store: any BankStore, bankID: Int64) async throws -> [BankEntry] {
        var result: [BankEntry] = []
        for try await entry in store.allEntries(bankID: bankID, pageSize: 7) { result.append(entry) }
        return result
    }
}
