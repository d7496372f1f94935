import BulwarkServer
import Foundation
import Pipeline
import Testing

/// Model banks reach the content routes: a model file whose SHA-256 a bank lists, and a
/// picture whose generator parameters name a banked model hash (A1111's short AutoV2).
@Suite struct ModelBankRouteTests {
    static func codes(_ object: [String: Any], _ key: String = "decision") -> [String] {
        ((object[key] as? [String: Any])?["reasons"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
    }

    @Test func modelFilesAndPicturesAreMatchedAgainstModelBanks() async throws {
        try await TestServer.make().run { client in
            #expect(try await client.send(.post, "/v1/banks", json: #"{"name":"models"}"#).status == 201)
            let model = ContentFixtures.safetensors()
            let sha256 = model.withUnsafeBytes { ExactDigests(of: $0) }.sha256
            let fileEntry = try await client.send(.post, "/v1/banks/models/entries",
                                                  json: #"{"signal_type":"model_sha256","value":"\#(sha256)"}"#)
            #expect(fileEntry.status == 201, "\(fileEntry.body)")
            let shortEntry = try await client.send(.post, "/v1/banks/models/entries",
                                                   json: #"{"signal_type":"model_autov2","value":"0123456789"}"#)
            #expect(shortEntry.status == 201, "\(shortEntry.body)")

            let scan = try await client.send(.post, "/v1/models/scan?name=tiny.safetensors", as: .matcher, bytes: model)
            #expect(scan.status == 200)
            #expect(Self.codes(scan.object).contains("model.bank.match"), "\(scan.body.prefix(400))")

            let picture = ContentFixtures.png(value: "\(ContentFixtures.benignPrompt)\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 8x8, Model hash: 0123456789, Model: test-model")
            let provenance = try await client.send(.post, "/v1/provenance", as: .matcher, bytes: picture)
            #expect(Self.codes(provenance.object).contains("provenance.model-bank-match"), "\(provenance.body.prefix(400))")
            #expect((provenance.object["decision"] as? [String: Any])?["verdict"] as? String == "review")

            // Without the bank entry the same picture is only reported as AI-generated.
            let plain = try await client.send(.post, "/v1/provenance", as: .matcher, bytes: ContentFixtures.png())
            #expect(!Self.codes(plain.object).contains("provenance.model-bank-match"))
        }
    }
}
