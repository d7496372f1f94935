import BulwarkCore
import Crypto
import Evidence
import Foundation
import Testing

@Suite("Evidence vault (both metadata backends)", .serialized)
struct EvidenceVaultTests {
    static let enabled = EvidenceSettings(enabled: true)

    @Test(arguments: EvidenceBackend.allCases)
    func storeAndReadBack(_ backend: EvidenceBackend) async throws {
        guard let bed = try await backend.prepare() else { return }
        defer { bed.cleanUp() }
        let vault = try await bed.open(Self.enabled)
        let plaintext = Payload.bytes(10_000)
        let item = try await vault.store(plaintext, caseReference: "case:evidence-test-7", mediaType: "image/png", actor: "reviewer-a")
        #expect(item.byteSize == 10_000)
        #expect(item.sha256 == Hex.encode(SHA256.hash(data: plaintext)))
        #expect(item.expiresAt.timeIntervalSince(item.storedAt) == EvidenceSettings.defaultRetention)

        let (readItem, bytes) = try await vault.read(id: item.id, actor: "reviewer-b")
        #expect(bytes == plaintext)
        #expect(readItem.id == item.id)
        #expect(try await vault.items(caseReference: "case:evidence-test-7").map(\.id) == [item.id])
        #expect(try await vault.item(id: item.id)?.mediaType == "image/png")
        #expect(try await vault.item(id: "../../etc/passwd") == nil)
        await #expect(throws: EvidenceError.notFound(id: "0123456789abcdef0123456789abcdef")) {
            _ = try await vault.read(id: "0123456789abcdef0123456789abcdef", actor: "x")
        }

        // Every store and read is in the audit trail.
        let events = bed.recorder.events
        #expect(events.map(\.action) == ["evidence.store", "evidence.read"])
        #expect(events.map(\.actor) == ["reviewer-a", "reviewer-b"])
        #expect(events.allSatisfy { $0.subject == "evidence:\(item.id)" })
        #expect(events[0].details["sha256"] == item.sha256)
        try await vault.close()
    }

    @Test(arguments: EvidenceBackend.allCases)
    func filesAndKeyAreOwnerOnlyAndCiphertextHoldsNoPlaintextRun(_ backend: EvidenceBackend) async throws {
        guard let bed = try await backend.prepare() else { return }
        defer { bed.cleanUp() }
        let vault = try await bed.open(Self.enabled)
        let plaintext = Payload.bytes(64 * 1024, seed: 3)
        let item = try await vault.store(plaintext, caseReference: "case:evidence-test-8", mediaType: "image/jpeg", actor: "a")

        #expect(bed.evidenceFiles() == ["\(item.id).evidence"])
        let file = bed.evidenceDirectory + "/\(item.id).evidence"
        #expect(try bed.permissions(file) == 0o600)
        #expect(try bed.permissions(bed.evidenceDirectory) == 0o700)
        #expect(try bed.permissions(bed.directory + "/evidence.key") == 0o600)

        let ciphertext = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(ciphertext.count == plaintext.count + 28)
        // No 12-byte run of the plaintext appears anywhere in the file.
        let window = 12
        var fileRuns = Set<ArraySlice<UInt8>>()
        for start in 0...(ciphertext.count - window) { fileRuns.insert(ciphertext[start..<(start + window)]) }
        let leaked = (0...(plaintext.count - window)).contains { fileRuns.contains(plaintext[$0..<($0 + window)]) }
        #expect(!leaked)

        // The same bytes stored twice give different files (random nonce).
        let again = try await vault.store(plaintext, caseReference: "case:evidence-test-8", mediaType: "image/jpeg", actor: "a")
        let other = try Data(contentsOf: URL(fileURLWithPath: bed.evidenceDirectory + "/\(again.id).evidence"))
        #expect([UInt8](other) != ciphertext)
        try await vault.close()
    }

    @Test(arguments: EvidenceBackend.allCases)
    func tamperingIsDetected(_ backend: EvidenceBackend) async throws {
        guard let bed = try await backend.prepare() else { return }
        defer { bed.cleanUp() }
        let vault = try await bed.open(Self.enabled)
        let first = try await vault.store(Payload.bytes(4_000, seed: 1), caseReference: "case:evidence-test-1", mediaType: "image/png", actor: "a")
        let second = try await vault.store(Payload.bytes(4_000, seed: 2), caseReference: "case:evidence-test-1", mediaType: "image/png", actor: "a")
        let firstPath = bed.evidenceDirectory + "/\(first.id).evidence"
        let secondPath = bed.evidenceDirectory + "/\(second.id).evidence"

        // One flipped bit.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: firstPath)))
        bytes[100] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: firstPath))
        await #expect(throws: EvidenceError.self) { _ = try await vault.read(id: first.id, actor: "a") }
        do {
            _ = try await vault.read(id: first.id, actor: "a")
        } catch let error as EvidenceError {
            guard case .tampered(id: first.id, _) = error else { Issue.record("expected tampered, got \(error)"); return }
        }

        // Truncated, then swapped in from another item (the id is bound as associated data).
        try Data(bytes.prefix(20)).write(to: URL(fileURLWithPath: firstPath))
        await #expect(throws: EvidenceError.self) { _ = try await vault.read(id: first.id, actor: "a") }
        try FileManager.default.removeItem(atPath: firstPath)
        try FileManager.default.copyItem(atPath: secondPath, toPath: firstPath)
        await #expect(throws: EvidenceError.self) { _ = try await vault.read(id: first.id, actor: "a") }
        try FileManager.default.removeItem(atPath: firstPath)
        await #expect(throws: EvidenceError.self) { _ = try await vault.read(id: first.id, actor: "a") }

        // An intact file whose recorded SHA-256 was changed is refused too.
        #expect(try await vault.read(id: second.id, actor: "a").bytes == Payload.bytes(4_000, seed: 2))
        try await bed.execute("UPDATE evidence_items SET sha256 = '\(String(repeating: "0", count: 64))' WHERE id = '\(second.id)'")
        await #expect(throws: EvidenceError.tampered(id: second.id, reason: "decrypted bytes do not have the recorded size and SHA-256")) {
            _ = try await vault.read(id: second.id, actor: "a")
        }
        // Failed reads are not recorded as reads.
        #expect(bed.recorder.events.filter { $0.action == "evidence.read" }.count == 1)
        try await vault.close()
    }

    @Test(arguments: EvidenceBackend.allCases)
    func wrongKeyIsRefused(_ backend: EvidenceBackend) async throws {
        guard let bed = try await backend.prepare() else { return }
        defer { bed.cleanUp() }
        let key = EvidenceKey.random()
        let vault = try await bed.open(EvidenceSettings(enabled: true, key: .key(key)))
        let item = try await vault.store(Payload.bytes(2_000), caseReference: "case:evidence-test-2", mediaType: "image/gif", actor: "a")
        #expect(item.keyID == key.id)
        try await vault.close()

        let otherKey = EvidenceKey.random()
        let other = try await bed.open(EvidenceSettings(enabled: true, key: .key(otherKey)))
        await #expect(throws: EvidenceError.wrongKey(id: item.id, storedKeyID: key.id, configuredKeyID: otherKey.id)) {
            _ = try await other.read(id: item.id, actor: "a")
        }
        try await other.close()

        // The right key, injected again, still reads it.
        let same = try await bed.open(EvidenceSettings(enabled: true, key: .key(key)))
        #expect(try await same.read(id: item.id, actor: "a").bytes == Payload.bytes(2_000))
        try await same.close()
    }

    @Test(arguments: EvidenceBackend.allCases)
    func disabledPreservationWritesNothing(_ backend: EvidenceBackend) async throws {
        guard let bed = try await backend.prepare() else { return }
        defer { bed.cleanUp() }
        let vault = try await bed.open(EvidenceSettings())
        #expect(!vault.isEnabled)
        await #expect(throws: EvidenceError.disabled) {
            _ = try await vault.store(Payload.bytes(100), caseReference: "case:evidence-test-3", mediaType: "image/png", actor: "a")
        }
        #expect(EvidenceError.disabled.description.contains("evidence preservation is disabled"))
        #expect(!FileManager.default.fileExists(atPath: bed.evidenceDirectory))
        #expect(!FileManager.default.fileExists(atPath: bed.directory + "/evidence.key"))
        #expect(try await vault.items(caseReference: "case:evidence-test-3").isEmpty)
        #expect(bed.recorder.events.isEmpty)
        try await vault.close()
    }

    @Test(arguments: EvidenceBackend.allCases)
    func oversizedItemsAndFailedAuditsLeaveNothing(_ backend: EvidenceBackend) async throws {
        guard let bed = try await backend.prepare() else { return }
        defer { bed.cleanUp() }
        let vault = try await bed.open(EvidenceSettings(enabled: true, maximumItemBytes: 1_000))
        await #expect(throws: EvidenceError.tooLarge(bytes: 1_001, limit: 1_000)) {
            _ = try await vault.store(Payload.bytes(1_001), caseReference: "case:evidence-test-4", mediaType: "image/png", actor: "a")
        }
        await #expect(throws: BulwarkError.self) {
            _ = try await vault.store(Payload.bytes(10), caseReference: "", mediaType: "image/png", actor: "a")
        }
        // If the store cannot be audited it does not happen.
        bed.recorder.fail(true)
        await #expect(throws: BulwarkError.self) {
            _ = try await vault.store(Payload.bytes(1_000), caseReference: "case:evidence-test-4", mediaType: "image/png", actor: "a")
        }
        bed.recorder.fail(false)
        #expect(bed.evidenceFiles().isEmpty)
        #expect(try await vault.items(caseReference: "case:evidence-test-4").isEmpty)
        _ = try await vault.store(Payload.bytes(1_000), caseReference: "case:evidence-test-4", mediaType: "image/png", actor: "a")
        #expect(bed.evidenceFiles().count == 1)
        try await vault.close()
    }

    @Test(arguments: EvidenceBackend.allCases)
    func expiredItemsArePurged(_ backend: EvidenceBackend) async throws {
        guard let bed = try await backend.prepare() else { return }
        defer { bed.cleanUp() }
        // A day ahead of real time: on PostgreSQL the catalogue is shared with tests running
        // at the same time, and a purge removes every expired row. Starting after "now" keeps
        // other tests' real-time purges off these items; ending 51 days ahead keeps these
        // purges off other tests' items (kept 90 days by default).
        let clock = TestClock(Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 86_400).rounded()))
        let vault = try await bed.open(EvidenceSettings(enabled: true, retention: 30 * 86_400), clock: { clock.now })
        let old = try await vault.store(Payload.bytes(500, seed: 1), caseReference: "case:evidence-test-5", mediaType: "image/png", actor: "a")
        clock.advance(days: 10)
        let newer = try await vault.store(Payload.bytes(500, seed: 2), caseReference: "case:evidence-test-5", mediaType: "image/png", actor: "a")

        clock.advance(days: 19)  // day 29: nothing has expired
        #expect(try await vault.purgeExpired().isEmpty)
        #expect(bed.evidenceFiles().count == 2)

        clock.advance(days: 1)  // day 30: the first item's retention ends
        #expect(try await vault.purgeExpired().map(\.id) == [old.id])
        #expect(bed.evidenceFiles() == ["\(newer.id).evidence"])
        #expect(try await vault.item(id: old.id) == nil)
        await #expect(throws: EvidenceError.notFound(id: old.id)) { _ = try await vault.read(id: old.id, actor: "a") }
        let purge = try #require(bed.recorder.events.last)
        #expect(purge.action == "evidence.purge")
        #expect(purge.actor == "system")
        #expect(purge.subject == "evidence:\(old.id)")

        // Purging keeps working after preservation is switched off again.
        try await vault.close()
        let disabled = try await bed.open(EvidenceSettings(enabled: false), clock: { clock.now })
        #expect(try await disabled.purgeExpired(now: clock.now.addingTimeInterval(20 * 86_400)).map(\.id) == [newer.id])
        #expect(bed.evidenceFiles().isEmpty)
        #expect(try await disabled.items(caseReference: "case:evidence-test-5").isEmpty)
        try await disabled.close()
    }

    @Test(arguments: EvidenceBackend.allCases)
    func aForgedRowCannotSteerAPurgeOutsideTheEvidenceDirectory(_ backend: EvidenceBackend) async throws {
        guard let bed = try await backend.prepare() else { return }
        defer { bed.cleanUp() }
        let victim = bed.directory + "/victim.evidence"
        FileManager.default.createFile(atPath: victim, contents: Data("keep me".utf8))
        let vault = try await bed.open(EvidenceSettings())
        try await bed.execute("""
            INSERT INTO evidence_items (id, case_reference, sha256, byte_size, media_type, stored_at, expires_at, key_id)
            VALUES ('../victim', 'case:evidence-test-9', '', 0, 'image/png', 0, 0, '')
            """)
        #expect(try await vault.purgeExpired(now: Date()).map(\.id) == ["../victim"])
        #expect(FileManager.default.fileExists(atPath: victim))
        try await vault.close()
    }

    @Test(arguments: EvidenceBackend.allCases)
    func periodicPurgeRemovesExpiredItemsUntilCancelled(_ backend: EvidenceBackend) async throws {
        guard let bed = try await backend.prepare() else { return }
        defer { bed.cleanUp() }
        let vault = try await bed.open(EvidenceSettings(enabled: true, retention: 0))
        let item = try await vault.store(Payload.bytes(100), caseReference: "case:evidence-test-10", mediaType: "image/png", actor: "a")
        let loop = Task { await vault.purgePeriodically(every: .milliseconds(20), onError: { Issue.record("purge failed: \($0)") }) }
        var remaining = 1
        for _ in 0..<500 where remaining > 0 {
            remaining = try await vault.items(caseReference: "case:evidence-test-10").count
            if remaining > 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
        loop.cancel()
        await loop.value
        #expect(remaining == 0)
        #expect(try await vault.item(id: item.id) == nil)
        try await vault.close()
    }
}
