import BulwarkServer
import Foundation
import Testing

@Suite struct OpenAPITests {
    @Test func theDocumentListsExactlyTheRegisteredRoutes() async throws {
        let server = try await TestServer.make()
        let registered = Set(BulwarkApplication.router(services: server.services).routes.routes.map { "\($0.method) \($0.path)" })
        let documented = OpenAPIDocument.documentedRoutes
        #expect(registered.subtracting(documented).isEmpty, "routes missing from /openapi.json: \(registered.subtracting(documented).sorted())")
        #expect(documented.subtracting(registered).isEmpty, "documented routes that do not exist: \(documented.subtracting(registered).sorted())")
        #expect(registered.count >= 25)
        try await server.run { _ in }
    }

    @Test func theServedDocumentIsOpenAPI31WithEveryPath() async throws {
        try await TestServer.make().run { client in
            let reply = try await client.send(.get, "/openapi.json", as: .matcher)
            #expect(reply.status == 200)
            let document = reply.object
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var served = Set<String>()
            for (path, item) in paths { for method in item.keys { served.insert("\(method.uppercased()) \(path)") } }
            #expect(served == OpenAPIDocument.documentedRoutes)
            let healthz = try #require(paths["/healthz"]?["get"] as? [String: Any])
            #expect((healthz["security"] as? [Any])?.isEmpty == true)
        }
    }
}
