import BulwarkServer
import Store
import Testing

@Suite struct TransferRouteTests {
    static let csv = """
        signal_type,value,source,category,ai_generated,note
        md5,00000000000000000000000000000001,list,A,no,first
        md5,00000000000000000000000000000002,list,B,yes,
        pdq,\(Fixtures.pdqA),list,C,unknown,
        """

    @Test func importThenExportRoundTrips() async throws {
        try await TestServer.make().run { client in
            _ = try await client.send(.post, "/v1/banks", json: #"{"name":"imported"}"#)
            let report = try await client.send(.post, "/v1/banks/imported/import?format=csv", as: .curator, bytes: Array(Self.csv.utf8))
            #expect(report.status == 200)
            #expect((report.object["counts"] as? [String: Any])?["inserted"] as? Int == 3)
            let bank = try await client.send(.get, "/v1/banks/imported")
            #expect(bank.object["entries"] as? Int == 3)

            let export = try await client.send(.get, "/v1/banks/imported/export?format=csv", as: .reviewer)
            #expect(export.status == 200)
            let lines = export.body.split(separator: "\n")
            #expect(lines.first == "signal_type,value,source,category,ai_generated,note,added_at")
            #expect(lines.count == 4)
            #expect(export.body.contains("md5,00000000000000000000000000000002,list,B,yes"))

            let ndjson = try await client.send(.get, "/v1/banks/imported/export?format=ndjson")
            #expect(ndjson.body.split(separator: "\n").count == 3)

            // The imported entries are matchable at once.
            let match = try await client.send(
                .post, "/v1/match/hash", json: #"{"signals":[{"type":"md5","value":"00000000000000000000000000000001"}]}"#)
            #expect((match.object["matches"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test func invalidRowsAreRefusedWithLineNumbersOrSkipped() async throws {
        let bad = """
            signal_type,value
            md5,00000000000000000000000000000001
            md5,nothex
            sha1,123
            """
        try await TestServer.make().run { client in
            _ = try await client.send(.post, "/v1/banks", json: #"{"name":"strict"}"#)
            let refused = try await client.send(.post, "/v1/banks/strict/import?format=csv", bytes: Array(bad.utf8))
            #expect(refused.status == 422)
            #expect(refused.errorCode == "invalid_rows")
            let details = (refused.object["error"] as? [String: Any])?["details"] as? [String] ?? []
            #expect(details.count == 2)
            #expect(details.first?.hasPrefix("line 3:") == true)
            #expect(details.last?.hasPrefix("line 4:") == true)
            #expect(try await client.send(.get, "/v1/banks/strict").object["entries"] as? Int == 0)

            let skipped = try await client.send(.post, "/v1/banks/strict/import?format=csv&skip_invalid=true", bytes: Array(bad.utf8))
            #expect(skipped.status == 200)
            #expect(skipped.object["skipped_count"] as? Int == 2)
            #expect(try await client.send(.get, "/v1/banks/strict").object["entries"] as? Int == 1)

            let format = try await client.send(.post, "/v1/banks/strict/import?format=xml", bytes: Array(bad.utf8))
            #expect(format.status == 400)
            #expect(format.errorMessage.contains("format"))
            let skip = try await client.send(.post, "/v1/banks/strict/import?skip_invalid=perhaps", bytes: Array(bad.utf8))
            #expect(skip.status == 400)
            #expect(try await client.send(.post, "/v1/banks/nope/import", bytes: Array(bad.utf8)).status == 404)
            let pairs = try await client.send(.get, "/v1/banks/strict/export?format=stopncii")
            #expect(pairs.status == 400)
        }
    }

    @Test func aSecondImportIntoTheSameBankIs409() async throws {
        let server = try await TestServer.make()
        let bank = try await server.services.banks.createBank(BankDraft(name: "busy"))
        let (held, holding) = AsyncStream<Void>.makeStream()
        let (released, release) = AsyncStream<Void>.makeStream()
        let store = server.services.banks
        let first = Task {
            try await store.withImportTransaction(bankID: bank.id) { _ in
                holding.yield()
                for await _ in released { break }
            }
        }
        for await _ in held { break }
        try await server.run { client in
            let reply = try await client.send(.post, "/v1/banks/busy/import?format=md5-list", bytes: Array(Fixtures.md5A.utf8))
            #expect(reply.status == 409)
            #expect(reply.errorMessage.contains("another import"))
            release.yield()
            try await first.value
        }
    }

    @Test func anOversizedImportIs413AndWritesNothing() async throws {
        let server = try await TestServer.make(configuration: ServerConfiguration(port: 0, maxImportBytes: 64))
        try await server.run { client in
            _ = try await client.send(.post, "/v1/banks", json: #"{"name":"small"}"#)
            let reply = try await client.send(.post, "/v1/banks/small/import?format=csv", bytes: Array(Self.csv.utf8))
            #expect(reply.status == 413)
            #expect(reply.errorCode == "too_large")
            #expect(try await client.send(.get, "/v1/banks/small").object["entries"] as? Int == 0)
        }
    }
}
