import BulwarkServer
import Foundation
import Testing

@Suite struct ModelScanRouteTests {
    @Test func scansAnUploadedSafetensorsFile() async throws {
        try await TestServer.make().run { client in
            let reply = try await client.send(.post, "/v1/models/scan?name=tiny.safetensors", as: .matcher, bytes: ContentFixtures.safetensors())
            #expect(reply.status == 200)
            #expect(reply.object["format"] as? String == "safetensors")
            #expect(reply.object["path"] as? String == "tiny.safetensors")
            #expect(reply.object["size"] as? Int == ContentFixtures.safetensors().count)
            #expect((reply.object["decision"] as? [String: Any])?["verdict"] != nil)
            #expect((reply.object["hashes"] as? [String: Any]) != nil)

            let unnamed = try await client.send(.post, "/v1/models/scan", as: .matcher, bytes: ContentFixtures.safetensors())
            #expect(unnamed.status == 200)
            #expect(unnamed.object["path"] as? String == "upload")
        }
    }

    @Test func badUploadsAre400Or413() async throws {
        try await TestServer.make(configuration: .init(port: 0, maxModelUploadBytes: 32)).run { client in
            let empty = try await client.send(.post, "/v1/models/scan", bytes: [])
            #expect(empty.status == 400)
            let large = try await client.send(.post, "/v1/models/scan", bytes: ContentFixtures.safetensors())
            #expect(large.status == 413)
            #expect(large.errorCode == "too_large")
            let name = try await client.send(.post, "/v1/models/scan?name=..", bytes: [1, 2, 3])
            #expect(name.status == 400)
        }
    }

    @Test func serverPathsNeedAConfiguredRoot() async throws {
        try await TestServer.make().run { client in
            let reply = try await client.send(.post, "/v1/models/scan?path=/etc/hostname")
            #expect(reply.status == 403)
            #expect(reply.errorMessage.contains("model scan root"))
        }
    }

    @Test func serverPathsMustStayInsideTheRoot() async throws {
        let base = NSTemporaryDirectory() + "bulwark-models-\(UUID().uuidString)"
        let root = base + "/root"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        try Data(ContentFixtures.safetensors()).write(to: URL(fileURLWithPath: root + "/tiny.safetensors"))
        try Data(ContentFixtures.safetensors()).write(to: URL(fileURLWithPath: base + "/outside.safetensors"))
        try FileManager.default.createSymbolicLink(atPath: root + "/escape.safetensors", withDestinationPath: base + "/outside.safetensors")

        try await TestServer.make(configuration: .init(port: 0, modelScanRoot: root)).run { client in
            let relative = try await client.send(.post, "/v1/models/scan?path=tiny.safetensors", as: .matcher)
            #expect(relative.status == 200)
            #expect(relative.object["format"] as? String == "safetensors")
            let absolute = try await client.send(.post, "/v1/models/scan?path=\(root)/tiny.safetensors", as: .matcher)
            #expect(absolute.status == 200)

            let dotDot = try await client.send(.post, "/v1/models/scan?path=../outside.safetensors")
            #expect(dotDot.status == 403)
            let symlink = try await client.send(.post, "/v1/models/scan?path=escape.safetensors")
            #expect(symlink.status == 403)
            let missing = try await client.send(.post, "/v1/models/scan?path=absent.safetensors")
            #expect(missing.status == 404)
            let directory = try await client.send(.post, "/v1/models/scan?path=.")
            #expect(directory.status == 400)
        }
    }

    @Test func modelScanNeedsAKey() async throws {
        try await TestServer.make().run { client in
            let anonymous = try await client.send(.post, "/v1/models/scan", as: nil, bytes: ContentFixtures.safetensors())
            #expect(anonymous.status == 401)
            let reviewer = try await client.send(.post, "/v1/models/scan", as: .reviewer, bytes: ContentFixtures.safetensors())
            #expect(reviewer.status == 403)
        }
    }
}
