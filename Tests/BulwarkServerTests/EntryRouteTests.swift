import Testing

@Suite struct EntryRouteTests {
    @Test func addPageRemoveAndTombstones() async throws {
        try await TestServer.make().run { client in
            _ = try await client.send(.post, "/v1/banks", json: #"{"name":"entries"}"#)
            let added = try await client.send(
                .post, "/v1/banks/entries/entries", as: .curator,
                json: #"{"signal_type":"pdq","value":"\#(Fixtures.pdqA.uppercased())","source":"test list","category":"B","ai_generated":"yes"}"#)
            #expect(added.status == 201)
            let entryID = try #require(added.object["id"] as? Int)
            #expect((added.object["signal"] as? [String: Any])?["value"] as? String == Fixtures.pdqA)
            #expect((added.object["labels"] as? [String: Any])?["category"] as? String == "B")
            for index in 0..<3 {
                let md5 = String(repeating: "0", count: 31) + String(index)
                #expect(try await client.send(.post, "/v1/banks/entries/entries", json: #"{"signal_type":"md5","value":"\#(md5)"}"#).status == 201)
            }
            let page = try await client.send(.get, "/v1/banks/entries/entries?limit=2", as: .reviewer)
            let items = try #require(page.object["items"] as? [[String: Any]])
            #expect(items.count == 2)
            let next = try #require(page.object["next_after"] as? Int)
            let rest = try await client.send(.get, "/v1/banks/entries/entries?limit=2&after=\(next)")
            #expect((rest.object["items"] as? [[String: Any]])?.count == 2)
            #expect(rest.object["next_after"] == nil)

            let removed = try await client.send(.delete, "/v1/banks/entries/entries/\(entryID)?reason=listed%20in%20error")
            #expect(removed.status == 200)
            #expect(removed.object["entry_id"] as? Int == entryID)
            let tombstones = try await client.send(.get, "/v1/banks/entries/tombstones", as: .reviewer)
            let stones = try #require(tombstones.object["items"] as? [[String: Any]])
            #expect(stones.count == 1)
            #expect(stones.first?["reason"] as? String == "listed in error")
            #expect(try await client.send(.delete, "/v1/banks/entries/entries/\(entryID)").status == 404)
        }
    }

    @Test func malformedValuesAndUnknownTypesAre400() async throws {
        try await TestServer.make().run { client in
            _ = try await client.send(.post, "/v1/banks", json: #"{"name":"strict"}"#)
            let short = try await client.send(.post, "/v1/banks/strict/entries", json: #"{"signal_type":"pdq","value":"abc"}"#)
            #expect(short.status == 400)
            #expect(short.errorMessage.contains("64 hex digits"))
            let type = try await client.send(.post, "/v1/banks/strict/entries", json: #"{"signal_type":"colour","value":"abc"}"#)
            #expect(type.status == 400)
            #expect(type.errorMessage.contains("unknown type"))
            let ai = try await client.send(
                .post, "/v1/banks/strict/entries", json: #"{"signal_type":"md5","value":"\#(Fixtures.md5A)","ai_generated":"maybe"}"#)
            #expect(ai.status == 400)
            let unknownBank = try await client.send(.post, "/v1/banks/none/entries", json: #"{"signal_type":"md5","value":"\#(Fixtures.md5A)"}"#)
            #expect(unknownBank.status == 404)
            let badPage = try await client.send(.get, "/v1/banks/strict/entries?limit=0")
            #expect(badPage.status == 400)
        }
    }
}
