import AsyncHTTPClient
import BulwarkServer
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import Store

/// The review UI's queue page, end to end: `GET /ui/queue` through a real `bulwark serve`
/// listening on 127.0.0.1, over HTTP, signed in as an admin (who sees every team, the
/// widest query), rendered to HTML. Used by `bulwark bench queue` after it seeds the cases.
enum BenchQueuePage {
    /// Median and 95th-percentile milliseconds of `runs` page loads (after one warm-up), and
    /// the page's size in bytes.
    static func measure(dataDirectory: String, runs: Int) async throws -> (median: Double, p95: Double, bytes: Int) {
        let services = try await BulwarkServices.open(dataDirectory: dataDirectory, databaseURL: nil,
                                                      configuration: ServerConfiguration(port: 0))
        let key = try await APIKeys(store: services.service).create(name: "bench queue", role: .admin).key
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = BulwarkApplication.make(services: services) { port in if let port { continuation.yield(port) } }
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        var port = 0
        for await bound in ports { port = bound; break }
        let base = "http://127.0.0.1:\(port)"
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        do {
            let session = try await signIn(client, base: base, key: key)
            var times: [Double] = []
            var bytes = 0
            for run in 0...max(1, runs) {
                var request = HTTPClientRequest(url: base + "/ui/queue")
                request.headers.add(name: "Cookie", value: "\(ReviewUI.sessionCookie)=\(session)")
                let start = DispatchTime.now().uptimeNanoseconds
                let response = try await client.execute(request, timeout: .seconds(30))
                let body = try await response.body.collect(upTo: 16 << 20)
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                guard response.status == .ok else { throw BenchQueuePageError(message: "GET /ui/queue answered \(response.status.code)") }
                if run > 0 { times.append(elapsed) }
                bytes = body.readableBytes
            }
            try await client.shutdown()
            server.cancel()
            _ = try? await server.value
            await services.close()
            times.sort()
            return (times[times.count / 2], times[min(times.count - 1, times.count * 95 / 100)], bytes)
        } catch {
            try? await client.shutdown()
            await services.close()
            throw error
        }
    }

    /// Signs in through the login form and returns the session cookie's value.
    static func signIn(_ client: HTTPClient, base: String, key: String) async throws -> String {
        let page = try await client.execute(HTTPClientRequest(url: base + "/ui/login"), timeout: .seconds(30))
        let html = String(buffer: try await page.body.collect(upTo: 1 << 20))
        guard let loginCookie = cookie(ReviewUI.loginCookie, in: page.headers),
              let range = html.range(of: #"name="form_token" value=""#) else {
            throw BenchQueuePageError(message: "the sign-in page has no form token")
        }
        let token = html[range.upperBound...].prefix { $0 != "\"" }
        var login = HTTPClientRequest(url: base + "/ui/login")
        login.method = .POST
        login.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        login.headers.add(name: "Cookie", value: "\(ReviewUI.loginCookie)=\(loginCookie)")
        login.body = .bytes(ByteBuffer(string: "form_token=\(token)&key=\(key)"))
        let answer = try await client.execute(login, timeout: .seconds(30))
        guard let session = cookie(ReviewUI.sessionCookie, in: answer.headers) else {
            throw BenchQueuePageError(message: "sign-in answered \(answer.status.code) without a session")
        }
        return session
    }

    static func cookie(_ name: String, in headers: HTTPHeaders) -> String? {
        for value in headers["Set-Cookie"] where value.hasPrefix(name + "=") {
            let rest = value.dropFirst(name.count + 1)
            return String(rest.prefix { $0 != ";" })
        }
        return nil
    }
}

struct BenchQueuePageError: Error, CustomStringConvertible {
    let message: String
    var description: String { "bench queue page: \(message)" }
}
