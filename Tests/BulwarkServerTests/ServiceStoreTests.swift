import BulwarkCore
import BulwarkServer
import BulwarkTestSupport
import Foundation
import Store
import Testing

/// The service store (keys, webhooks, dead letters) on both backends. PostgreSQL runs when
/// `BULWARK_TEST_POSTGRES_URL` is set (scripts/test-postgres starts one); under CI it must be.
@Suite struct ServiceStoreTests {
    enum Backend: String, CaseIterable, Sendable { case sqlite, postgres }

    /// A fresh store, or nil when PostgreSQL is not configured outside CI.
    static func open(_ backend: Backend) async throws -> (any ServiceStore, String?)? {
        switch backend {
        case .sqlite:
            let directory = NSTemporaryDirectory() + "bulwark-service-\(UUID().uuidString)"
            _ = try SQLiteBankStore(dataDirectory: directory)
            return (try await ServiceStores.open(dataDirectory: directory, databaseURL: nil), directory)
        case .postgres:
            guard let url = TestPostgres.urlOrSkip("the service store tests") else { return nil }
            _ = try await PostgresBankStore(url: url)
            return (try await ServiceStores.open(dataDirectory: nil, databaseURL: url), nil)
        }
    }

    @Test(arguments: Backend.allCases)
    func keysAreStoredHashedAndRevocable(_ backend: Backend) async throws {
        guard let (store, directory) = try await Self.open(backend) else { return }
        defer { if let directory { try? FileManager.default.removeItem(atPath: directory) } }
        let keys = APIKeys(store: store, cacheLifetime: .zero)
        let (record, key) = try await keys.create(name: "ops", role: .curator)
        #expect(key.hasPrefix("bwk_\(record.keyID)_"))
        #expect(!record.secretHash.isEmpty && !key.contains(record.secretHash))
        #expect(try await keys.verify(key)?.id == record.id)
        #expect(try await keys.verify(key.uppercased()) == nil, "the prefix is case-sensitive")
        #expect(try await keys.verify(String(key.dropLast())) == nil)
        #expect(try await store.listAPIKeys().contains { $0.keyID == record.keyID && $0.role == .curator })
        let revoked = try await store.revokeAPIKey(record.keyID)
        #expect(revoked.revokedAt != nil)
        #expect(try await keys.verify(key) == nil)
        await #expect(throws: BulwarkError.self) { try await store.revokeAPIKey("ffffffffffffffff") }
        await #expect(throws: BulwarkError.self) { try await keys.create(name: "  ", role: .admin) }
        try await store.close()
    }

    @Test(arguments: Backend.allCases)
    func webhooksAndDeadLetters(_ backend: Backend) async throws {
        guard let (store, directory) = try await Self.open(backend) else { return }
        defer { if let directory { try? FileManager.default.removeItem(atPath: directory) } }
        let hook = try await store.createWebhook(url: "http://127.0.0.1:1/hook", secret: "s3cret-s3cret-s3cret")
        #expect(try await store.listWebhooks().contains { $0.id == hook.id && $0.secret == "s3cret-s3cret-s3cret" })
        #expect(hook.events == [.match], "an endpoint made without kinds gets matches")
        let both = try await store.createWebhook(url: "http://127.0.0.1:1/both", secret: "s3cret-s3cret-s3cret", events: [.caseDeadline, .match])
        #expect(both.events == [.caseDeadline, .match])
        #expect(try await store.listWebhooks().first { $0.id == both.id }?.events == [.caseDeadline, .match])
        try await store.deleteWebhook(id: both.id)
        let letter = try await store.addDeadLetter(webhookID: hook.id, url: hook.url, body: #"{"a":1}"#, attempts: 6, lastError: "HTTP 500")
        #expect(try await store.deadLetter(id: letter.id).attempts == 6)
        #expect(try await store.listDeadLetters(afterID: letter.id - 1, limit: 10).first?.body == #"{"a":1}"#)
        try await store.deleteDeadLetter(id: letter.id)
        await #expect(throws: BulwarkError.self) { try await store.deadLetter(id: letter.id) }
        try await store.deleteWebhook(id: hook.id)
        await #expect(throws: BulwarkError.self) { try await store.deleteWebhook(id: hook.id) }
        try await store.close()
    }
}
