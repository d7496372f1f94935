import BulwarkCore
import BulwarkServer
import Foundation
import Pipeline
import Testing

@Suite struct MatchRouteTests {
    static func signals(_ items: [(String, String, Int?)]) -> String {
        let parts = items.map { type, value, quality in
            #"{"type":"\#(type)","value":"\#(value)""# + (quality.map { #","quality":\#($0)"# } ?? "") + "}"
        }
        return #"{"signals":[\#(parts.joined(separator: ","))]}"#
    }

    @Test func matchesPDQWithinTheThresholdAndDigestsExactly() async throws {
        try await TestServer.make().run { client in
            _ = try await client.send(.post, "/v1/banks", json: #"{"name":"known","holds_known_real_victims":true}"#)
            _ = try await client.send(.post, "/v1/banks/known/entries", json: #"{"signal_type":"pdq","value":"\#(Fixtures.pdqA)","category":"A"}"#)
            _ = try await client.send(.post, "/v1/banks/known/entries", json: #"{"signal_type":"md5","value":"\#(Fixtures.md5A)"}"#)

            let near = Fixtures.flipped(Fixtures.pdqA, bits: 20)
            let reply = try await client.send(.post, "/v1/match/hash", as: .matcher, json: Self.signals([("pdq", near, 90), ("md5", Fixtures.md5A.uppercased(), nil)]))
            #expect(reply.status == 200)
            let matches = try #require(reply.object["matches"] as? [[String: Any]])
            #expect(matches.count == 2)
            #expect(matches.map { $0["distance"] as? Int } == [0, 20])
            #expect(matches.last?["bank_name"] as? String == "known")
            #expect((matches.last?["labels"] as? [String: Any])?["category"] as? String == "A")
            let decision = try #require(reply.object["decision"] as? [String: Any])
            #expect(decision["verdict"] as? String == "block")
            let reasons = try #require(decision["reasons"] as? [[String: Any]])
            #expect(reasons.allSatisfy { $0["code"] as? String == "bank.match" })
            #expect(reasons.contains { ($0["details"] as? [String: String])?["distance"] == "20" && ($0["source"] as? String)?.hasPrefix("bank:") == true })

            let far = Fixtures.flipped(Fixtures.pdqA, bits: 32)
            let none = try await client.send(.post, "/v1/match/hash", as: .matcher, json: Self.signals([("pdq", far, nil)]))
            #expect((none.object["matches"] as? [Any])?.isEmpty == true)
            #expect((none.object["decision"] as? [String: Any])?["verdict"] as? String == "allow")

            let tight = try await client.send(.post, "/v1/match/hash", json: #"{"signals":[{"type":"pdq","value":"\#(near)"}],"threshold":10}"#)
            #expect((tight.object["matches"] as? [Any])?.isEmpty == true)

            let lowQuality = try await client.send(.post, "/v1/match/hash", json: Self.signals([("pdq", Fixtures.pdqA, 49)]))
            #expect((lowQuality.object["matches"] as? [Any])?.isEmpty == true)
            #expect((lowQuality.object["ignored"] as? [[String: Any]])?.first?["reason"] as? String == "quality 49 is under the minimum 50")
        }
    }

    @Test func disabledBanksAndRemovedEntriesStopMatching() async throws {
        try await TestServer.make().run { client in
            _ = try await client.send(.post, "/v1/banks", json: #"{"name":"toggle"}"#)
            let added = try await client.send(.post, "/v1/banks/toggle/entries", json: #"{"signal_type":"pdq","value":"\#(Fixtures.pdqA)"}"#)
            let query = Self.signals([("pdq", Fixtures.pdqA, nil)])
            func count() async throws -> Int? {
                (try await client.send(.post, "/v1/match/hash", json: query).object["matches"] as? [Any])?.count
            }
            #expect(try await count() == 1)
            _ = try await client.send(.post, "/v1/banks/toggle/disable")
            #expect(try await count() == 0)
            _ = try await client.send(.post, "/v1/banks/toggle/enable")
            #expect(try await count() == 1)
            let id = try #require(added.object["id"] as? Int)
            _ = try await client.send(.delete, "/v1/banks/toggle/entries/\(id)")
            #expect(try await count() == 0)
            _ = try await client.send(.post, "/v1/banks/toggle/entries", json: #"{"signal_type":"pdq","value":"\#(Fixtures.pdqA)"}"#)
            #expect(try await count() == 1)
            _ = try await client.send(.delete, "/v1/banks/toggle")
            #expect(try await count() == 0)
        }
    }

    @Test func badSignalsAre400WithTheReason() async throws {
        try await TestServer.make().run { client in
            let short = try await client.send(.post, "/v1/match/hash", json: Self.signals([("pdq", "abcd", nil)]))
            #expect(short.status == 400)
            #expect(short.errorMessage.contains("signals[0]"))
            let notHex = try await client.send(.post, "/v1/match/hash", json: Self.signals([("md5", String(repeating: "z", count: 32), nil)]))
            #expect(notHex.status == 400)
            let type = try await client.send(.post, "/v1/match/hash", json: Self.signals([("tlsh", "abcd", nil)]))
            #expect(type.status == 400)
            #expect(type.errorMessage.contains("not matched"))
            let empty = try await client.send(.post, "/v1/match/hash", json: #"{"signals":[]}"#)
            #expect(empty.status == 400)
            let threshold = try await client.send(.post, "/v1/match/hash", json: #"{"signals":[{"type":"pdq","value":"\#(Fixtures.pdqA)"}],"threshold":99}"#)
            #expect(threshold.status == 400)
            let quality = try await client.send(.post, "/v1/match/hash", json: Self.signals([("pdq", Fixtures.pdqA, 101)]))
            #expect(quality.status == 400)
        }
    }

    @Test func compareGivesTheDistance() async throws {
        try await TestServer.make().run { client in
            let near = Fixtures.flipped(Fixtures.pdqA, bits: 7)
            let reply = try await client.send(.post, "/v1/compare", as: .matcher, json: #"{"a":"\#(Fixtures.pdqA)","b":"\#(near)"}"#)
            #expect(reply.status == 200)
            #expect(reply.object["distance"] as? Int == 7)
            #expect(reply.object["match"] as? Bool == true)
            let bad = try await client.send(.post, "/v1/compare", as: .matcher, json: #"{"a":"\#(Fixtures.pdqA)","b":"xyz"}"#)
            #expect(bad.status == 400)
            #expect(bad.errorMessage.hasPrefix("b:"))
        }
    }

    @Test func hashAndMatchAnUploadedPicture() async throws {
        let original = DemoImages.picture(seed: 7, width: 160, height: 120)
        let banked = UploadMatcher.hash(PNGWriter.encode(original)).record
        let pdq = try #require(banked.pdq)
        #expect((banked.quality ?? 0) >= 50)
        // The upload is an edited copy: a few pixels changed, so other bytes and MD5, a near PDQ.
        var edited = original
        for index in stride(from: 0, to: 600, by: 3) { edited.pixels[index] = 255 }
        let upload = PNGWriter.encode(edited)
        try await TestServer.make().run { client in
            _ = try await client.send(.post, "/v1/banks", json: #"{"name":"pictures"}"#)
            _ = try await client.send(.post, "/v1/banks/pictures/entries", json: #"{"signal_type":"pdq","value":"\#(pdq)","category":"demo"}"#)

            let hashed = try await client.send(.post, "/v1/hash", as: .matcher, bytes: upload)
            #expect(hashed.status == 200)
            let record = try #require(hashed.object["hash"] as? [String: Any])
            #expect(record["format"] as? String == "png")
            #expect(record["width"] as? Int == 160)
            #expect((record["md5"] as? String)?.count == 32)

            let matched = try await client.send(.post, "/v1/match/upload", as: .matcher, bytes: upload)
            #expect(matched.status == 200)
            let matches = try #require(matched.object["matches"] as? [[String: Any]])
            #expect(matches.count == 1)
            #expect((matches.first?["distance"] as? Int).map { $0 <= 31 } == true)
            #expect((matched.object["decision"] as? [String: Any])?["verdict"] as? String == "block")

            let text = try await client.send(.post, "/v1/match/upload", as: .matcher, bytes: Array("not a picture".utf8))
            #expect(text.status == 200)
            #expect(text.object["decode_problem"] is String)
            let empty = try await client.send(.post, "/v1/match/upload", as: .matcher, bytes: [])
            #expect(empty.status == 400)
        }
    }

    @Test func oversizedUploadsAre413() async throws {
        let server = try await TestServer.make(configuration: ServerConfiguration(port: 0, maxUploadBytes: 1000, maxJSONBytes: 200))
        try await server.run { client in
            let upload = try await client.send(.post, "/v1/match/upload", as: .matcher, bytes: [UInt8](repeating: 7, count: 5000))
            #expect(upload.status == 413)
            #expect(upload.errorCode == "too_large")
            #expect(upload.errorMessage.contains("1000 bytes"))
            #expect(try await client.send(.post, "/v1/hash", as: .matcher, bytes: [UInt8](repeating: 7, count: 5000)).status == 413)
            let json = Self.signals(Array(repeating: ("md5", Fixtures.md5A, nil), count: 10))
            #expect(try await client.send(.post, "/v1/match/hash", as: .matcher, json: json).status == 413)
        }
    }

    @Test func metricsCountRequestsAndMatches() async throws {
        try await TestServer.make().run { client in
            _ = try await client.send(.post, "/v1/banks", json: #"{"name":"m"}"#)
            _ = try await client.send(.post, "/v1/banks/m/entries", json: #"{"signal_type":"md5","value":"\#(Fixtures.md5A)"}"#)
            _ = try await client.send(.post, "/v1/match/hash", json: Self.signals([("md5", Fixtures.md5A, nil)]))
            _ = try await client.send(.get, "/v1/banks", as: nil)
            let metrics = try await client.send(.get, "/metrics", as: .reviewer)
            #expect(metrics.status == 200)
            #expect(metrics.body.contains(#"bulwark_http_requests_total{method="POST",route="/v1/match/hash",status="200"} 1"#))
            #expect(metrics.body.contains(#"bulwark_http_requests_total{method="GET",route="/v1/banks",status="401"} 1"#))
            #expect(metrics.body.contains(#"bulwark_matches_total{signal_type="md5"} 1"#))
            #expect(metrics.body.contains("bulwark_index_exact_entries 1"))
            #expect(metrics.body.contains(#"bulwark_http_request_duration_seconds_bucket{route="/v1/match/hash",le="+Inf"} 1"#))
        }
    }
}
