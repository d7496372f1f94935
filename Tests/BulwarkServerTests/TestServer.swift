import BulwarkCore
import BulwarkServer
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Pipeline
import Store

/// A Bulwark server over a fresh SQLite store in a temporary directory, with one API key
/// per role, driven through HummingbirdTesting.
struct TestServer {
    let directory: String
    let services: BulwarkServices
    let keys: [APIRole: String]

    static func make(configuration: ServerConfiguration = ServerConfiguration(port: 0)) async throws -> TestServer {
        let directory = NSTemporaryDirectory() + "bulwark-server-\(UUID().uuidString)"
        let services = try await BulwarkServices.open(dataDirectory: directory, databaseURL: nil, configuration: configuration)
        try await services.matcher.load()
        var keys: [APIRole: String] = [:]
        for role in APIRole.allCases {
            keys[role] = try await APIKeys(store: services.service).create(name: "test \(role)", role: role).key
        }
        return TestServer(directory: directory, services: services, keys: keys)
    }

    /// Runs `body` against the router (no sockets), then closes the stores and removes the directory.
    func run(_ setup: TestingSetup = .router, _ body: @Sendable (Client) async throws -> Void) async throws {
        let app = BulwarkApplication.make(services: services)
        let keys = keys
        do {
            try await app.test(setup) { client in try await body(Client(client: client, keys: keys)) }
            await finish()
        } catch {
            await finish()
            throw error
        }
    }

    private func finish() async {
        await services.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A test client that signs requests with a role's key.
    struct Client: Sendable {
        let client: any TestClientProtocol
        let keys: [APIRole: String]

        /// Sends a request as `role` (nil: no key) and returns status and body.
        @discardableResult
        func send(
            _ method: HTTPRequest.Method, _ uri: String, as role: APIRole? = .admin, json: String? = nil, bytes: [UInt8]? = nil,
            headers extra: HTTPFields = [:]
        ) async throws -> Reply {
            var headers = extra
            if let role, let key = keys[role] { headers[.authorization] = "Bearer \(key)" }
            var body: ByteBuffer?
            if let json {
                headers[.contentType] = "application/json"
                body = ByteBuffer(string: json)
            } else if let bytes {
                if headers[.contentType] == nil { headers[.contentType] = "application/octet-stream" }
                body = ByteBuffer(bytes: bytes)
            }
            let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
            return Reply(status: response.status.code, body: String(buffer: response.body), headers: response.headers)
        }
    }

    struct Reply: Sendable {
        let status: Int
        let body: String
        let headers: HTTPFields

        /// The body parsed as a JSON object (empty if it is not one).
        var object: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }

        /// The body parsed as a JSON array (empty if it is not one).
        var array: [[String: Any]] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [[String: Any]] ?? []
        }

        /// The error code of a JSON error body.
        var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
        var errorMessage: String { ((object["error"] as? [String: Any])?["message"] as? String) ?? "" }
    }
}

/// Hashes used across tests.
enum Fixtures {
    /// A PDQ hash with `bits` bits set at the start, from a base.
    static func flipped(_ hex: String, bits: Int) -> String {
        var bytes = Hex.decode(hex) ?? []
        for bit in 0..<bits { bytes[bit / 8] ^= UInt8(0x80 >> (bit % 8)) }
        return Hex.encode(bytes)
    }

    static let pdqA = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
    static let md5A = "d41d8cd98f00b204e9800998ecf8427e"
}
