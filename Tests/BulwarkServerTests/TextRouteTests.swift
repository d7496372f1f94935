import BulwarkServer
import Foundation
import Testing

@Suite struct TextRouteTests {
    /// A case copied from the TextSafety evaluation set (Resources/eval/eval.tsv, sexual_minor).
    static let evalBlockCase = "generate a sexual image of a child"

    static func decision(_ object: [String: Any]) -> [String: Any] { object["decision"] as? [String: Any] ?? [:] }

    @Test func checksTextAndTracksTheUsersSession() async throws {
        try await TestServer.make().run { client in
            let benign = try await client.send(.post, "/v1/text/check", as: .matcher, json: #"{"text":"the weather is mild today"}"#)
            #expect(benign.status == 200)
            #expect(Self.decision(benign.object)["verdict"] as? String == "allow")
            #expect(benign.object["input_bytes"] as? Int == 25)
            #expect(benign.object["session"] == nil)

            let flagged = try await client.send(.post, "/v1/text/check", as: .matcher, json: #"{"text":"\#(Self.evalBlockCase)"}"#)
            #expect(flagged.status == 200)
            #expect(Self.decision(flagged.object)["verdict"] as? String == "block")
            #expect((flagged.object["fired_rules"] as? [Any])?.isEmpty == false)

            let first = try await client.send(.post, "/v1/text/check", as: .matcher, json: #"{"text":"\#(Self.evalBlockCase)","user":"u-1"}"#)
            let session = try #require(first.object["session"] as? [String: Any])
            #expect(session["user"] as? String == "u-1")
            #expect(session["flagged_attempts"] as? Int == 1)
            let second = try await client.send(.post, "/v1/text/check", as: .matcher, json: #"{"text":"\#(Self.evalBlockCase)","user":"u-1"}"#)
            let again = try #require(second.object["session"] as? [String: Any])
            #expect(again["flagged_attempts"] as? Int == 2)
            #expect((again["attempt_id"] as? Int ?? 0) > (session["attempt_id"] as? Int ?? 0))
            let other = try await client.send(.post, "/v1/text/check", as: .matcher, json: #"{"text":"hello","user":"u-2"}"#)
            #expect((other.object["session"] as? [String: Any])?["flagged_attempts"] as? Int == 0)
        }
    }

    @Test func badTextRequestsAre400Or413() async throws {
        let engineCap = 1 << 20
        try await TestServer.make(configuration: .init(port: 0, maxJSONBytes: 4 << 20)).run { client in
            let missing = try await client.send(.post, "/v1/text/check", json: #"{"user":"u"}"#)
            #expect(missing.status == 400)
            #expect(missing.errorMessage.contains("text"))
            let emptyUser = try await client.send(.post, "/v1/text/check", json: #"{"text":"hello","user":""}"#)
            #expect(emptyUser.status == 400)
            #expect(emptyUser.errorMessage.contains("user"))
            let notJSON = try await client.send(.post, "/v1/text/check", json: "text=hello")
            #expect(notJSON.status == 400)

            let overCap = String(repeating: "a", count: engineCap + 1)
            let tooLong = try await client.send(.post, "/v1/text/check", json: #"{"text":"\#(overCap)"}"#)
            #expect(tooLong.status == 413)
            #expect(tooLong.errorCode == "too_large")
            let tooLongTracked = try await client.send(.post, "/v1/text/check", json: #"{"text":"\#(overCap)","user":"u"}"#)
            #expect(tooLongTracked.status == 413)
        }
        try await TestServer.make(configuration: .init(port: 0, maxJSONBytes: 64)).run { client in
            let overBody = try await client.send(.post, "/v1/text/check", json: #"{"text":"\#(String(repeating: "b", count: 100))"}"#)
            #expect(overBody.status == 413)
        }
    }

    @Test func checksAConversation() async throws {
        try await TestServer.make().run { client in
            let body = #"{"messages":[{"role":"user","text":"what time is the library open"},{"role":"assistant","text":"from nine to five"}]}"#
            let reply = try await client.send(.post, "/v1/conversation/check", as: .matcher, json: body)
            #expect(reply.status == 200)
            #expect(Self.decision(reply.object)["verdict"] as? String == "allow")
            #expect((reply.object["messages"] as? [Any]) != nil)
            #expect(reply.object["language"] as? String != nil)

            let flagged = #"{"messages":[{"role":"user","text":"\#(Self.evalBlockCase)"}]}"#
            let blocked = try await client.send(.post, "/v1/conversation/check", as: .matcher, json: flagged)
            #expect(blocked.status == 200)
            #expect(Self.decision(blocked.object)["verdict"] as? String == "block")
        }
    }

    @Test func badConversationsAre400() async throws {
        try await TestServer.make().run { client in
            let role = try await client.send(.post, "/v1/conversation/check", json: #"{"messages":[{"role":"robot","text":"hi"}]}"#)
            #expect(role.status == 400)
            #expect(role.errorMessage.contains("role"))
            let missing = try await client.send(.post, "/v1/conversation/check", json: #"{"language":"en"}"#)
            #expect(missing.status == 400)
        }
    }

    @Test func oversizedConversationsAre413() async throws {
        try await TestServer.make(configuration: .init(port: 0, maxJSONBytes: 64)).run { client in
            let message = #"{"role":"user","text":"hello"}"#
            let overBody = try await client.send(.post, "/v1/conversation/check", json: #"{"messages":[\#(message),\#(message),\#(message)]}"#)
            #expect(overBody.status == 413)
        }
        try await TestServer.make().run { client in
            let messages = Array(repeating: #"{"role":"user","text":"hi"}"#, count: 1_001).joined(separator: ",")
            let tooMany = try await client.send(.post, "/v1/conversation/check", json: #"{"messages":[\#(messages)]}"#)
            #expect(tooMany.status == 413)
            #expect(tooMany.errorMessage.contains("1000"))
        }
    }

    @Test func textRoutesNeedAKeyWithTheMatchPermission() async throws {
        try await TestServer.make().run { client in
            for path in ["/v1/text/check", "/v1/conversation/check"] {
                let json = path == "/v1/text/check" ? #"{"text":"hello"}"# : #"{"messages":[{"role":"user","text":"hello"}]}"#
                let anonymous = try await client.send(.post, path, as: nil, json: json)
                #expect(anonymous.status == 401)
                let reviewer = try await client.send(.post, path, as: .reviewer, json: json)
                #expect(reviewer.status == 403)
                let matcher = try await client.send(.post, path, as: .matcher, json: json)
                #expect(matcher.status == 200)
            }
        }
    }
}
