import BulwarkServer
import Store
import Testing

@Suite struct AuthTests {
    @Test func healthAndReadinessNeedNoKey() async throws {
        try await TestServer.make().run { client in
            let health = try await client.send(.get, "/healthz", as: nil)
            #expect(health.status == 200)
            let ready = try await client.send(.get, "/readyz", as: nil)
            #expect(ready.status == 200)
            #expect(ready.object["status"] as? String == "ready")
        }
    }

    @Test func missingMalformedAndUnknownKeysAre401() async throws {
        try await TestServer.make().run { client in
            let none = try await client.send(.get, "/v1/banks", as: nil)
            #expect(none.status == 401)
            #expect(none.errorCode == "unauthorized")
            let basic = try await client.send(.get, "/v1/banks", as: nil, headers: [.authorization: "Basic dXNlcjpwYXNz"])
            #expect(basic.status == 401)
            let forged = "bwk_0123456789abcdef_" + String(repeating: "ab", count: 32)
            let unknown = try await client.send(.get, "/v1/banks", as: nil, headers: [.authorization: "Bearer \(forged)"])
            #expect(unknown.status == 401)
            #expect(unknown.errorMessage.contains("unknown or revoked"))
            let metrics = try await client.send(.get, "/metrics", as: nil)
            #expect(metrics.status == 401)
        }
    }

    @Test func aKeyWithAWrongSecretIs401() async throws {
        let server = try await TestServer.make()
        let admin = try #require(server.keys[.admin])
        let tampered = String(admin.dropLast()) + (admin.hasSuffix("0") ? "1" : "0")
        try await server.run { client in
            let reply = try await client.send(.get, "/v1/banks", as: nil, headers: [.authorization: "Bearer \(tampered)"])
            #expect(reply.status == 401)
        }
    }

    @Test func revokedKeysAre401() async throws {
        let server = try await TestServer.make()
        let key = try #require(server.keys[.reviewer])
        let keyID = String(key.split(separator: "_")[1])
        _ = try await server.services.service.revokeAPIKey(keyID)
        try await server.run { client in
            let revoked = try await client.send(.get, "/v1/banks", as: .reviewer)
            #expect(revoked.status == 401)
            let live = try await client.send(.get, "/v1/banks", as: .curator)
            #expect(live.status == 200)
        }
    }

    @Test func theRoleMatrixIsEnforced() async throws {
        try await TestServer.make().run { client in
            let match = #"{"signals":[{"type":"md5","value":"d41d8cd98f00b204e9800998ecf8427e"}]}"#
            // matcher: matching yes, banks no.
            #expect(try await client.send(.post, "/v1/match/hash", as: .matcher, json: match).status == 200)
            let denied = try await client.send(.get, "/v1/banks", as: .matcher)
            #expect(denied.status == 403)
            #expect(denied.errorCode == "forbidden")
            #expect(denied.errorMessage.contains("matcher"))
            // reviewer: read-only.
            #expect(try await client.send(.get, "/v1/banks", as: .reviewer).status == 200)
            #expect(try await client.send(.post, "/v1/banks", as: .reviewer, json: #"{"name":"x"}"#).status == 403)
            #expect(try await client.send(.post, "/v1/match/hash", as: .reviewer, json: match).status == 403)
            #expect(try await client.send(.get, "/v1/webhooks/dead-letters", as: .reviewer).status == 200)
            // curator: banks yes, matching and webhooks no.
            #expect(try await client.send(.post, "/v1/banks", as: .curator, json: #"{"name":"curated"}"#).status == 201)
            #expect(try await client.send(.post, "/v1/match/hash", as: .curator, json: match).status == 403)
            #expect(try await client.send(.post, "/v1/webhooks", as: .curator, json: #"{"url":"http://127.0.0.1:9/x"}"#).status == 403)
            // admin: everything.
            #expect(try await client.send(.post, "/v1/match/hash", as: .admin, json: match).status == 200)
            #expect(try await client.send(.get, "/v1/webhooks", as: .admin).status == 200)
        }
    }

    @Test func roleMatrixTable() {
        #expect(APIRole.admin.allows(.manageWebhooks))
        #expect(APIRole.curator.allows(.writeBanks) && !APIRole.curator.allows(.match))
        #expect(APIRole.matcher.allows(.match) && !APIRole.matcher.allows(.readBanks))
        #expect(APIRole.reviewer.allows(.readBanks) && !APIRole.reviewer.allows(.writeBanks) && !APIRole.reviewer.allows(.match))
    }
}
