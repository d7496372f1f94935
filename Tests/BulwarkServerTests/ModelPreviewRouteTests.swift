import BulwarkServer
import Foundation
import HTTPTypes
import Pipeline
import Testing

/// `/v1/models/scan` with preview images: a multipart/form-data upload carries the model and
/// its previews, and each preview goes through the image pipeline (bank match, provenance).
@Suite struct ModelPreviewRouteTests {
    static let boundary = "bulwark-test-boundary-7f3a"

    /// A multipart/form-data body with the given (field, file name, bytes) parts.
    static func form(_ parts: [(String, String, [UInt8])]) -> [UInt8] {
        var body: [UInt8] = []
        for (field, filename, bytes) in parts {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            body += bytes + Array("\r\n".utf8)
        }
        return body + Array("--\(boundary)--\r\n".utf8)
    }

    static let formHeaders: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]

    @Test func previewsUploadedWithTheModelAreMatchedAgainstTheBanks() async throws {
        let banked = PNGWriter.encode(DemoImages.picture(seed: 11, width: 128, height: 96))
        let other = PNGWriter.encode(DemoImages.picture(seed: 12, width: 128, height: 96))
        let md5 = banked.withUnsafeBytes { ExactDigests(of: $0) }.md5
        try await TestServer.make().run { client in
            _ = try await client.send(.post, "/v1/banks", json: #"{"name":"pictures"}"#)
            let entry = try await client.send(.post, "/v1/banks/pictures/entries", json: #"{"signal_type":"md5","value":"\#(md5)"}"#)
            #expect(entry.status == 201)

            let body = Self.form([("model", "tiny.safetensors", ContentFixtures.safetensors()),
                                  ("preview", "cover.png", banked), ("preview", "sample 2.png", other)])
            let reply = try await client.send(.post, "/v1/models/scan", as: .matcher, bytes: body, headers: Self.formHeaders)
            #expect(reply.status == 200, "\(reply.body.prefix(300))")
            #expect(reply.object["path"] as? String == "tiny.safetensors")
            #expect(reply.object["format"] as? String == "safetensors")
            let previews = try #require(reply.object["previews"] as? [[String: Any]])
            #expect(previews.map { $0["path"] as? String } == ["cover.png", "sample_2.png"])
            let verdicts = previews.map { ($0["decision"] as? [String: Any])?["verdict"] as? String }
            #expect(verdicts == ["block", "allow"])
            #expect((reply.object["decision"] as? [String: Any])?["verdict"] as? String == "block")
            #expect(!reply.body.contains(NSTemporaryDirectory()), "no server temporary path leaks into the report")
        }
    }

    @Test func aPreviewThatIsNotAnImageIsReportedNotFatal() async throws {
        try await TestServer.make().run { client in
            let body = Self.form([("model", "tiny.safetensors", ContentFixtures.safetensors()), ("preview", "notes.txt", Array("plain text".utf8))])
            let reply = try await client.send(.post, "/v1/models/scan", as: .matcher, bytes: body, headers: Self.formHeaders)
            #expect(reply.status == 200)
            let preview = try #require((reply.object["previews"] as? [[String: Any]])?.first)
            let codes = ((preview["decision"] as? [String: Any])?["reasons"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
            #expect(codes.contains("image.undecodable"), "\(codes)")
        }
    }

    @Test func malformedFormsAreClear400sAndOversizedPartsAre413() async throws {
        try await TestServer.make(configuration: .init(port: 0, maxUploadBytes: 64)).run { client in
            let model = ContentFixtures.safetensors()
            let unknown = try await client.send(.post, "/v1/models/scan", bytes: Self.form([("weights", "a.bin", model)]), headers: Self.formHeaders)
            #expect(unknown.status == 400)
            #expect(unknown.errorMessage.contains("unknown field"))
            let noModel = try await client.send(.post, "/v1/models/scan", bytes: Self.form([("preview", "a.png", [1, 2])]), headers: Self.formHeaders)
            #expect(noModel.status == 400)
            #expect(noModel.errorMessage.contains("no model part"))
            let twoModels = try await client.send(.post, "/v1/models/scan", bytes: Self.form([("model", "a", model), ("model", "b", model)]), headers: Self.formHeaders)
            #expect(twoModels.status == 400)
            var unterminated = Self.form([("model", "a.safetensors", model)])
            unterminated.removeLast(20)
            let cut = try await client.send(.post, "/v1/models/scan", bytes: unterminated, headers: Self.formHeaders)
            #expect(cut.status == 400)
            #expect(cut.errorMessage.contains("closing boundary"))
            let bigPreview = try await client.send(.post, "/v1/models/scan",
                                                   bytes: Self.form([("model", "a.safetensors", model), ("preview", "big.png", [UInt8](repeating: 7, count: 65))]),
                                                   headers: Self.formHeaders)
            #expect(bigPreview.status == 413)
            let many = Self.form([("model", "a.safetensors", model)] + Array(repeating: ("preview", "p.png", [1, 2, 3]), count: 17))
            let tooMany = try await client.send(.post, "/v1/models/scan", bytes: many, headers: Self.formHeaders)
            #expect(tooMany.status == 400)
            #expect(tooMany.errorMessage.contains("at most 16"))
        }
    }

    @Test func serverPathPreviewsStayInsideTheRoot() async throws {
        let root = NSTemporaryDirectory() + "bulwark-previews-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data(ContentFixtures.safetensors()).write(to: URL(fileURLWithPath: root + "/tiny.safetensors"))
        try Data(PNGWriter.encode(DemoImages.picture(seed: 3, width: 64, height: 64))).write(to: URL(fileURLWithPath: root + "/cover.png"))
        try await TestServer.make(configuration: .init(port: 0, modelScanRoot: root)).run { client in
            let reply = try await client.send(.post, "/v1/models/scan?path=tiny.safetensors&preview_path=cover.png", as: .matcher)
            #expect(reply.status == 200)
            #expect((reply.object["previews"] as? [[String: Any]])?.count == 1)
            let outside = try await client.send(.post, "/v1/models/scan?path=tiny.safetensors&preview_path=/etc/hostname", as: .matcher)
            #expect(outside.status == 403)
        }
    }
}
