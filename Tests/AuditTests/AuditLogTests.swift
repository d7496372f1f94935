import Audit
import BulwarkCore
import Foundation
import Testing

@Suite("Audit log (both backends)", .serialized)
struct AuditLogTests {
    @Test(arguments: AuditBackend.allCases)
    func appendThenVerify(_ backend: AuditBackend) async throws {
        guard let test = try await backend.open() else { return }
        let log = test.log
        #expect(try await log.head() == .empty)
        #expect(try await log.verify() == AuditVerification(recordsChecked: 0, lastRecord: .empty, problem: nil))

        let appended = try await log.append(TestLog.events(12))
        #expect(appended.map(\.sequence) == Array(1...12))
        #expect(appended.first?.previousHash == ChainHash.genesis)
        for (earlier, later) in zip(appended, appended.dropFirst()) { #expect(later.previousHash == earlier.hash) }
        // Through the AuditRecorder interface other modules use.
        let recorder: any AuditRecorder = log
        try await recorder.record(AuditEvent(
            actor: "system", action: "bank.create", subject: "bank:3", details: ["name": "list \"a\"\ttab", "ünïcode": "✓"],
            at: Date(timeIntervalSince1970: 1_790_000_100.1234)))

        let head = try await log.head()
        #expect(head.sequence == 13)
        let verification = try await log.verify(pageSize: 5)
        #expect(verification.isIntact)
        #expect(verification.recordsChecked == 13)
        #expect(verification.lastRecord == head)

        // A second handle sees the same chain and appends after it.
        let other = try await test.reopen()
        #expect(try await other.head() == head)
        let next = try await other.append(TestLog.events(1, start: 100))
        #expect(next.first?.previousHash == head.hash)
        try await other.close()

        // Newest first, paged by sequence.
        let first = try await log.newest(before: nil, limit: 5)
        #expect(first.map(\.sequence) == [14, 13, 12, 11, 10])
        let second = try await log.newest(before: first.last?.sequence, limit: 5)
        #expect(second.map(\.sequence) == [9, 8, 7, 6, 5])
        #expect(first[1].event.details["ünïcode"] == "✓")
        #expect(first[1].event.at == Date(timeIntervalSince1970: 1_790_000_100.123))

        // By subject (index % 5 == 2: 2, 7, 12), newest first, paged.
        let aboutCase = try await log.events(subject: "case:2", before: nil, limit: 2)
        #expect(aboutCase.map(\.sequence) == [12, 7])
        #expect(try await log.events(subject: "case:2", before: 7, limit: 2).map(\.sequence) == [2])
        #expect(try await log.events(subject: "case:none", before: nil, limit: 10).isEmpty)
        #expect(try await log.verify().isIntact)
        await test.close()
    }

    @Test(arguments: AuditBackend.allCases)
    func editedRecordIsFound(_ backend: AuditBackend) async throws {
        guard let test = try await backend.open() else { return }
        try await test.log.append(TestLog.events(5))
        try await test.execute(#"UPDATE audit_log SET event = replace(event, '"reason":"r3"', '"reason":"changed"') WHERE sequence = 3"#)
        var result = try await test.log.verify()
        #expect(result.problem == .hashMismatch(sequence: 3))
        #expect(result.recordsChecked == 2)

        // Recomputing the edited record's hash moves the break to the record after it.
        let records = try await test.log.newest(before: 4, limit: 1)
        let edited = try #require(records.first)
        let rehashed = try #require(ChainHash.next(previous: edited.previousHash, canonical: Array(edited.canonicalJSON.utf8)))
        try await test.execute("UPDATE audit_log SET hash = '\(rehashed)' WHERE sequence = 3")
        result = try await test.log.verify()
        #expect(result.problem == .previousHashMismatch(sequence: 4))

        // The searchable copy of the subject is checked against the hashed event too.
        try await test.execute("UPDATE audit_log SET hash = '\(edited.hash)' WHERE sequence = 3")
        try await test.execute(#"UPDATE audit_log SET event = replace(event, '"reason":"changed"', '"reason":"r3"') WHERE sequence = 3"#)
        #expect(try await test.log.verify().isIntact)
        try await test.execute("UPDATE audit_log SET subject = 'case:elsewhere' WHERE sequence = 2")
        guard case .unreadableRecord(sequence: 2, _)? = try await test.log.verify().problem else {
            Issue.record("a moved subject column was not reported")
            await test.close()
            return
        }
        await test.close()
    }

    @Test(arguments: AuditBackend.allCases)
    func deletedRecordInTheMiddleIsFound(_ backend: AuditBackend) async throws {
        guard let test = try await backend.open() else { return }
        try await test.log.append(TestLog.events(6))
        try await test.execute("DELETE FROM audit_log WHERE sequence IN (3, 4)")
        #expect(try await test.log.verify(pageSize: 2).problem == .missingRecords(from: 3, to: 4))
        // Renumbering the rest to close the gap still breaks the previous-hash link.
        try await test.execute("UPDATE audit_log SET sequence = sequence - 2 WHERE sequence > 4")
        try await test.execute("UPDATE audit_head SET sequence = 4")
        #expect(try await test.log.verify().problem == .previousHashMismatch(sequence: 3))
        await test.close()
    }

    @Test(arguments: AuditBackend.allCases)
    func deletedFirstRecordIsFound(_ backend: AuditBackend) async throws {
        guard let test = try await backend.open() else { return }
        try await test.log.append(TestLog.events(3))
        try await test.execute("DELETE FROM audit_log WHERE sequence = 1")
        #expect(try await test.log.verify().problem == .missingRecords(from: 1, to: 1))
        await test.close()
    }

    @Test(arguments: AuditBackend.allCases)
    func deletedTailIsFoundByTheHeadAndRewritesByTheAnchor(_ backend: AuditBackend) async throws {
        guard let test = try await backend.open(anchored: true) else { return }
        let anchor = try #require(test.anchor)
        let records = try await test.log.append(TestLog.events(7))
        #expect(try anchor.read() == ChainHead(sequence: 7, hash: records[6].hash))

        try await test.execute("DELETE FROM audit_log WHERE sequence >= 6")
        #expect(try await test.log.verify(anchor: nil, pageSize: 3).problem == .tailMissing(from: 6, to: 7))

        // Someone who also rewinds the head table gets past the head check...
        try await test.execute("UPDATE audit_head SET sequence = 5, hash = '\(records[4].hash)'")
        #expect(try await test.log.verify(anchor: nil, pageSize: 3).isIntact)
        // ...but not past the anchor kept outside the database.
        let anchored = ChainHead(sequence: 7, hash: records[6].hash)
        #expect(try await test.log.verify().problem == .anchorMismatch(sequence: 7, anchor: anchored))

        // A rewrite from record 4 on with recomputed hashes is consistent, except against an
        // anchor at or after record 4.
        try await test.execute("DELETE FROM audit_log WHERE sequence >= 4")
        try await test.execute("UPDATE audit_head SET sequence = 3, hash = '\(records[2].hash)'")
        let forged = try await test.reopen()
        // The forger's handle has no anchor; appending through it never touches the file.
        let plain = try await AuditLogs.open(
            dataDirectory: test.url == nil ? test.directory : nil, databaseURL: test.url, anchorPath: nil)
        try await plain.append(TestLog.events(4, start: 50))
        #expect(try await plain.verify().isIntact)
        #expect(try await forged.verify().problem == .anchorMismatch(sequence: 7, anchor: anchored))
        try await plain.close()
        try await forged.close()
        await test.close()
    }

    @Test(arguments: AuditBackend.allCases)
    func concurrentAppendsFromTwoHandlesKeepOneChain(_ backend: AuditBackend) async throws {
        guard let test = try await backend.open(anchored: true) else { return }
        let other = try await test.reopen()
        let handles = [test.log, other]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                let log = handles[worker % 2]
                group.addTask {
                    for step in 0..<20 {
                        if step % 5 == 0 {
                            try await log.append(TestLog.events(3, start: worker * 1000 + step))
                        } else {
                            try await log.record(TestLog.events(1, start: worker * 1000 + step)[0])
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let expected = Int64(8 * (16 + 4 * 3))
        let result = try await test.log.verify(pageSize: 17)
        #expect(result.problem == nil)
        #expect(result.recordsChecked == expected)
        #expect(try await other.head() == result.lastRecord)
        #expect(try test.anchor?.read() == result.lastRecord)
        try await other.close()
        await test.close()
    }

    @Test(arguments: AuditBackend.allCases)
    func hundredThousandEventsVerifyInPages(_ backend: AuditBackend) async throws {
        guard let test = try await backend.open() else { return }
        let total = 100_000
        var start = 1
        while start <= total {
            let count = min(AuditLimits.maximumBatch, total - start + 1)
            try await test.log.append(TestLog.events(count, start: start))
            start += count
        }
        let result = try await test.log.verify(pageSize: 1_000)
        #expect(result.isIntact)
        #expect(result.recordsChecked == Int64(total))
        #expect(result.lastRecord.sequence == Int64(total))

        try await test.execute(#"UPDATE audit_log SET event = replace(event, '"category":"B"', '"category":"C"') WHERE sequence = 77777"#)
        let broken = try await test.log.verify(pageSize: 1_000)
        #expect(broken.problem == .hashMismatch(sequence: 77777))
        #expect(broken.recordsChecked == 77776)
        #expect(try await test.log.newest(before: nil, limit: 3).map(\.sequence) == [100_000, 99_999, 99_998])
        await test.close()
    }

    @Test(arguments: AuditBackend.allCases)
    func oversizedEventsAndBatchesAreRefused(_ backend: AuditBackend) async throws {
        guard let test = try await backend.open() else { return }
        let big = AuditEvent(actor: "a", action: "x", subject: "s", details: ["note": String(repeating: "n", count: AuditLimits.maximumEventBytes)])
        await #expect(throws: BulwarkError.self) { try await test.log.append(TestLog.events(2) + [big]) }
        await #expect(throws: BulwarkError.self) { try await test.log.append(TestLog.events(AuditLimits.maximumBatch + 1)) }
        // Nothing of a refused batch was written.
        #expect(try await test.log.head() == .empty)
        #expect(try await test.log.verify().isIntact)
        await test.close()
    }
}
