import BulwarkServer
import Foundation
import Testing

@Suite struct ProvenanceRouteTests {
    @Test func readsGeneratorParametersAndChecksThePrompt() async throws {
        try await TestServer.make().run { client in
            let reply = try await client.send(.post, "/v1/provenance", as: .matcher, bytes: ContentFixtures.png())
            #expect(reply.status == 200)
            let report = try #require(reply.object["report"] as? [String: Any])
            #expect((report["prompts"] as? [String])?.contains(ContentFixtures.benignPrompt) == true)
            #expect(report["ai_evidence"] as? String != "none")
            let decision = try #require(reply.object["decision"] as? [String: Any])
            #expect(decision["verdict"] as? String == "allow")
            let codes = (decision["reasons"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
            #expect(codes.contains("provenance.ai-generated"))

            let flagged = ContentFixtures.png(value: "\(TextRouteTests.evalBlockCase)\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 8x8")
            let blocked = try await client.send(.post, "/v1/provenance", as: .matcher, bytes: flagged)
            #expect((blocked.object["decision"] as? [String: Any])?["verdict"] as? String == "block")

            let plain = try await client.send(.post, "/v1/provenance", as: .matcher, bytes: Array("just some text".utf8))
            #expect(plain.status == 200)
            #expect((plain.object["report"] as? [String: Any])?["ai_evidence"] as? String == "none")
        }
    }

    @Test func emptyAndOversizedUploadsAreRefused() async throws {
        try await TestServer.make(configuration: .init(port: 0, maxUploadBytes: 64)).run { client in
            let empty = try await client.send(.post, "/v1/provenance", bytes: [])
            #expect(empty.status == 400)
            let large = try await client.send(.post, "/v1/provenance", bytes: ContentFixtures.png())
            #expect(large.status == 413)
            #expect(large.errorCode == "too_large")
        }
    }

    @Test func provenanceNeedsAKey() async throws {
        try await TestServer.make().run { client in
            let anonymous = try await client.send(.post, "/v1/provenance", as: nil, bytes: ContentFixtures.png())
            #expect(anonymous.status == 401)
            let curator = try await client.send(.post, "/v1/provenance", as: .curator, bytes: ContentFixtures.png())
            #expect(curator.status == 403)
        }
    }

    @Test func matchUploadCarriesTheProvenanceAndMergesItsDecision() async throws {
        try await TestServer.make().run { client in
            let reply = try await client.send(.post, "/v1/match/upload", as: .matcher, bytes: ContentFixtures.png())
            #expect(reply.status == 200)
            let provenance = try #require(reply.object["provenance"] as? [String: Any])
            #expect((provenance["prompts"] as? [String])?.contains(ContentFixtures.benignPrompt) == true)
            let own = try #require(reply.object["provenance_decision"] as? [String: Any])
            #expect((own["reasons"] as? [[String: Any]])?.contains { $0["code"] as? String == "provenance.ai-generated" } == true)
            let merged = try #require(reply.object["decision"] as? [String: Any])
            #expect((merged["reasons"] as? [[String: Any]])?.contains { $0["code"] as? String == "provenance.ai-generated" } == true)

            let flagged = ContentFixtures.png(value: "\(TextRouteTests.evalBlockCase)\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 8x8")
            let blocked = try await client.send(.post, "/v1/match/upload", as: .matcher, bytes: flagged)
            #expect((blocked.object["matches"] as? [Any])?.isEmpty == true)
            #expect((blocked.object["decision"] as? [String: Any])?["verdict"] as? String == "block")
        }
    }
}
