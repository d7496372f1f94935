import BulwarkCore
import BulwarkServer
import Cases
import Foundation
import Testing

/// `/v1/cases`: reports in, matches opening cases, the queue, assessments and team rules.
@Suite struct CaseRouteTests {
    static let hash = "sha256:" + String(repeating: "ab", count: 32)

    @Test("reports open a case, a repeat report joins it, and bad reports are 400 naming the field")
    func reportsOpenAndGroup() async throws {
        try await TestServer.make().run { client in
            let first = try await client.send(.post, "/v1/cases/reports", as: .matcher,
                                              json: #"{"reporter":"hotline desk","url":"https://Example.org/a?b=1","content_hash":"\#(Self.hash)"}"#)
            #expect(first.status == 201)
            #expect(first.object["joined"] as? Bool == false)
            let again = try await client.send(.post, "/v1/cases/reports", as: .matcher,
                                              json: #"{"reporter":"another desk","content_hash":"\#(Self.hash.uppercased())"}"#)
            #expect(again.status == 200)
            #expect(again.object["joined"] as? Bool == true)
            #expect((again.object["review_case"] as? [String: Any])?["report_count"] as? Int == 2)
            let bad = try await client.send(.post, "/v1/cases/reports", as: .matcher, json: #"{"reporter":"desk","content_hash":"sha256:12"}"#)
            #expect(bad.status == 400)
            #expect(bad.body.contains("contentHash"))
            let reviewerReports = try await client.send(.post, "/v1/cases/reports", as: .reviewer, json: #"{"reporter":"x"}"#)
            #expect(reviewerReports.status == 403)
        }
    }

    @Test("a bank match opens a case; admins see it, a reviewer outside the team gets 403, an invalid assessment is 400")
    func matchesOpenCasesAndTeamsApply() async throws {
        try await TestServer.make().run { client in
            _ = try await client.send(.post, "/v1/banks", json: #"{"name":"known","holds_known_real_victims":true}"#)
            _ = try await client.send(.post, "/v1/banks/known/entries", json: #"{"signal_type":"md5","value":"\#(Fixtures.md5A)"}"#)
            let match = try await client.send(.post, "/v1/match/hash", as: .matcher,
                                              json: #"{"signals":[{"type":"md5","value":"\#(Fixtures.md5A)"}]}"#)
            #expect(match.status == 200)
            let queue = try await client.send(.get, "/v1/cases", as: .admin)
            #expect(queue.status == 200)
            let cases = try #require(queue.object["cases"] as? [[String: Any]])
            #expect(cases.count == 1)
            #expect(cases.first?["known_real_victims"] as? Bool == true)
            #expect(cases.first?["kind"] as? String == "bank-match")
            let id = try #require(cases.first?["id"] as? Int)

            // The reviewer key belongs to no team: its queue is empty and the case is out of reach.
            let reviewerQueue = try await client.send(.get, "/v1/cases", as: .reviewer)
            #expect((reviewerQueue.object["cases"] as? [Any])?.isEmpty == true)
            let outside = try await client.send(.get, "/v1/cases/\(id)", as: .reviewer)
            #expect(outside.status == 403)
            #expect(try await client.send(.get, "/v1/cases", as: .matcher).status == 403)

            let invalid = try await client.send(.post, "/v1/cases/\(id)/assessments", as: .admin,
                                                json: #"{"category":"A","discount_reasons":["adult"]}"#)
            #expect(invalid.status == 400)
            #expect(invalid.body.contains("discountReasons") || invalid.body.contains("ageBand"))
            let valid = try await client.send(.post, "/v1/cases/\(id)/assessments", as: .admin,
                                              json: #"{"category":"C","age_band":"14-15","ai_generated":"suspected"}"#)
            #expect(valid.status == 200, "\(valid.body)")
            let detail = try await client.send(.get, "/v1/cases/\(id)", as: .admin)
            #expect(((detail.object["assessments"] as? [Any])?.count ?? 0) == 1)
        }
    }
}

/// Changes made through the API land in the audit chain; queries do not.
@Suite struct APIAuditTests {
    @Test("bank and webhook changes are audited with the key that made them; matching is not")
    func changesAreAudited() async throws {
        let server = try await TestServer.make()
        let audit = server.services.audit
        try await server.run { client in
            _ = try await client.send(.post, "/v1/banks", json: #"{"name":"audited"}"#)
            _ = try await client.send(.post, "/v1/banks/audited/entries", as: .curator, json: #"{"signal_type":"md5","value":"\#(Fixtures.md5A)"}"#)
            _ = try await client.send(.post, "/v1/match/hash", as: .matcher, json: #"{"signals":[{"type":"md5","value":"0123456789abcdef0123456789abcdef"}]}"#)
            let refused = try await client.send(.post, "/v1/banks", as: .reviewer, json: #"{"name":"nope"}"#)
            #expect(refused.status == 403)
            let events = try await audit.newest(before: nil, limit: 50).map(\.event)
            let actions = events.map(\.action)
            #expect(actions.contains("api.post /v1/banks"))
            #expect(actions.contains("api.post /v1/banks/{bank}/entries"))
            #expect(!actions.contains { $0.contains("match") })
            #expect(events.first { $0.action == "api.post /v1/banks/{bank}/entries" }?.subject == "/v1/banks/audited/entries")
            #expect(try await audit.verify().problem == nil)
        }
    }
}

/// Content findings reach the review queue; allowed content does not.
@Suite struct FindingCaseTests {
    @Test("a blocked prompt opens a text case (grouped on repeat, keeping the rules, not the text); a benign one opens none")
    func blockedTextOpensACase() async throws {
        try await TestServer.make().run { client in
            _ = try await client.send(.post, "/v1/text/check", as: .matcher, json: #"{"text":"the weather is mild today"}"#)
            #expect((try await client.send(.get, "/v1/cases", as: .admin).object["cases"] as? [Any])?.isEmpty == true)
            for _ in 0..<2 {
                let flagged = try await client.send(.post, "/v1/text/check", as: .matcher, json: #"{"text":"\#(TextRouteTests.evalBlockCase)"}"#)
                #expect(flagged.status == 200)
            }
            let cases = try #require(try await client.send(.get, "/v1/cases", as: .admin).object["cases"] as? [[String: Any]])
            #expect(cases.count == 1)
            #expect(cases.first?["kind"] as? String == "text")
            #expect(cases.first?["report_count"] as? Int == 2)
            #expect(cases.first?["may_show_real_child"] as? Bool == false)
            let stored = try await client.send(.get, "/v1/cases/\(cases.first?["id"] as? Int ?? 0)", as: .admin)
            #expect(!stored.body.contains(TextRouteTests.evalBlockCase))
        }
    }
}

/// Malformed, truncated and oversized input to the case API and the review UI's forms ends
/// in a clear 4xx, never a crash.
@Suite struct CaseBadInputTests {
    @Test("case API: malformed, truncated and oversized bodies, bad ids and cursors")
    func caseAPI() async throws {
        try await TestServer.make(configuration: ServerConfiguration(port: 0, maxJSONBytes: 4096)).run { client in
            let malformed = try await client.send(.post, "/v1/cases/reports", as: .matcher, json: #"{"reporter": 12}"#)
            #expect(malformed.status == 400)
            #expect(malformed.body.contains("reporter"))
            let truncated = try await client.send(.post, "/v1/cases/reports", as: .matcher, json: #"{"reporter":"desk","url":"https://exa"#)
            #expect(truncated.status == 400)
            let oversized = try await client.send(.post, "/v1/cases/reports", as: .matcher,
                                                  json: #"{"reporter":"desk","description":""# + String(repeating: "a", count: 8000) + #""}"#)
            #expect(oversized.status == 413)
            let longReporter = try await client.send(.post, "/v1/cases/reports", as: .matcher,
                                                     json: #"{"reporter":""# + String(repeating: "r", count: 300) + #""}"#)
            #expect(longReporter.status == 400)
            #expect(longReporter.body.contains("reporter"))
            #expect(try await client.send(.get, "/v1/cases/abc", as: .admin).status == 400)
            #expect(try await client.send(.get, "/v1/cases/-3", as: .admin).status == 400)
            #expect(try await client.send(.get, "/v1/cases/999", as: .admin).status == 404)
            #expect(try await client.send(.get, "/v1/cases?after=not-a-cursor", as: .admin).status == 400)
            #expect(try await client.send(.get, "/v1/cases?limit=100000", as: .admin).status == 400)
            let badOutcome = try await client.send(.post, "/v1/cases/1/close", as: .admin, json: #"{"outcome":"maybe"}"#)
            #expect(badOutcome.status == 400)
            let truncatedAssessment = try await client.send(.post, "/v1/cases/1/assessments", as: .admin, json: #"{"category":"#)
            #expect(truncatedAssessment.status == 400)
        }
    }

    @Test("review UI: oversized, badly encoded and truncated forms, bad case ids")
    func reviewForms() async throws {
        try await TestServer.make().run { client in
            let session = try #require(try await ReviewUISessionTests.signIn(client, role: .admin).session)
            let headers = ReviewUISessionTests.formHeaders(cookies: [ReviewUI.sessionCookie: session])
            let oversized = try await client.send(.post, "/ui/cases/1/assess", as: nil,
                                                  bytes: Array(("note=" + String(repeating: "x", count: 70_000)).utf8), headers: headers)
            #expect(oversized.status == 413)
            #expect(oversized.headers[.contentType]?.hasPrefix("text/html") == true)
            let badEncoding = try await client.send(.post, "/ui/cases/1/assess", as: nil, bytes: Array("form_token=%ZZ".utf8), headers: headers)
            #expect(badEncoding.status == 400)
            #expect(badEncoding.body.contains("percent-encoding"))
            let truncatedEscape = try await client.send(.post, "/ui/cases/1/assess", as: nil, bytes: Array("note=abc%4".utf8), headers: headers)
            #expect(truncatedEscape.status == 400)
            let badID = try await client.send(.get, "/ui/cases/x", as: nil, headers: headers)
            #expect(badID.status == 400)
            let missing = try await client.send(.get, "/ui/cases/424242", as: nil, headers: headers)
            #expect(missing.status == 404)
            let badCursor = try await client.send(.get, "/ui/queue?after=zz", as: nil, headers: headers)
            #expect(badCursor.status == 400)
            // A malformed sign-in post is refused with the sign-in page, not a crash.
            let login = try await client.send(.post, "/ui/login", as: nil, bytes: Array("key=%G0".utf8),
                                              headers: ReviewUISessionTests.formHeaders(cookies: [:]))
            #expect(login.status == 400)
        }
    }
}
