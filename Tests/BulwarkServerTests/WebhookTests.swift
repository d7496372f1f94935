import BulwarkServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// A webhook receiver on 127.0.0.1: verifies every delivery's signature and fails the
/// first `failures` attempts with a 503.
final class Receiver: Sendable {
    struct Delivery: Sendable {
        let signatureValid: Bool
        let body: String
    }

    let secret: String
    private let state: Mutex<(failures: Int, deliveries: [Delivery])>

    init(secret: String, failures: Int) {
        self.secret = secret
        state = Mutex((failures, []))
    }

    var deliveries: [Delivery] { state.withLock { $0.deliveries } }

    func setFailures(_ count: Int) { state.withLock { $0.failures = count } }

    var application: some ApplicationProtocol {
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let bytes = Array(body.readableBytesView)
            func header(_ name: String) -> String {
                request.headers.first { $0.name.canonicalName == name.lowercased() }?.value ?? ""
            }
            let timestamp = header(WebhookSignature.timestampHeader)
            let signature = header(WebhookSignature.signatureHeader)
            let valid = WebhookSignature.verify(body: bytes, timestamp: timestamp, secret: self.secret, signature: signature)
                && abs((Int(timestamp) ?? 0) - Int(Date().timeIntervalSince1970)) < 300
            let fail = self.state.withLock { state in
                state.deliveries.append(Delivery(signatureValid: valid, body: String(decoding: bytes, as: UTF8.self)))
                guard state.failures > 0 else { return false }
                state.failures -= 1
                return true
            }
            return Response(status: fail ? .serviceUnavailable : .ok)
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }
}

/// Polls `condition` every 20 ms, up to about 10 s.
func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
    for _ in 0..<500 {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return false
}

@Suite struct WebhookTests {
    static let fastRetries = ServerConfiguration(
        port: 0, webhookRetry: WebhookRetryPolicy(maxAttempts: 3, initialDelay: .milliseconds(10), maxDelay: .milliseconds(40)))

    static func matchAndCountDeliveries(receiver: Receiver, failures: Int, _ check: @escaping @Sendable (TestServer.Client, Receiver) async throws -> Void) async throws {
        receiver.setFailures(failures)
        try await receiver.application.test(.live) { receiverClient in
            let port = try #require(receiverClient.port)
            try await TestServer.make(configuration: fastRetries).run { client in
                let created = try await client.send(.post, "/v1/webhooks", json: #"{"url":"http://127.0.0.1:\#(port)/hook","secret":"\#(receiver.secret)"}"#)
                #expect(created.status == 201)
                #expect(created.object["secret"] as? String == receiver.secret)
                let listed = try await client.send(.get, "/v1/webhooks", as: .reviewer)
                #expect(listed.array.count == 1)
                #expect(listed.array.first?["secret"] == nil)
                _ = try await client.send(.post, "/v1/banks", json: #"{"name":"hooked"}"#)
                _ = try await client.send(.post, "/v1/banks/hooked/entries", json: #"{"signal_type":"md5","value":"\#(Fixtures.md5A)","category":"A"}"#)
                let miss = try await client.send(.post, "/v1/match/hash", as: .matcher, json: #"{"signals":[{"type":"md5","value":"00000000000000000000000000000000"}]}"#)
                #expect(miss.status == 200)
                let hit = try await client.send(.post, "/v1/match/hash", as: .matcher, json: #"{"signals":[{"type":"md5","value":"\#(Fixtures.md5A)"}]}"#)
                #expect(hit.status == 200)
                try await check(client, receiver)
            }
        }
    }

    @Test func deliveriesAreSignedAndRetriedUntilAccepted() async throws {
        let receiver = Receiver(secret: "receiver-secret-0123456789", failures: 0)
        try await Self.matchAndCountDeliveries(receiver: receiver, failures: 2) { client, receiver in
            #expect(try await eventually { receiver.deliveries.count == 3 })
            let deliveries = receiver.deliveries
            #expect(deliveries.allSatisfy { $0.signatureValid })
            #expect(Set(deliveries.map(\.body)).count == 1, "every retry sends the same body")
            let event = try #require(try JSONSerialization.jsonObject(with: Data(deliveries[0].body.utf8)) as? [String: Any])
            #expect(event["event"] as? String == "match")
            #expect(((event["report"] as? [String: Any])?["matches"] as? [Any])?.count == 1)
            try await Task.sleep(for: .milliseconds(100))
            #expect(receiver.deliveries.count == 3, "no delivery after the accepted one; the miss sent none")
            let letters = try await client.send(.get, "/v1/webhooks/dead-letters")
            #expect((letters.object["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func deliveriesThatFailEveryAttemptAreDeadLetteredAndCanBeRetried() async throws {
        let receiver = Receiver(secret: "receiver-secret-abcdefghij", failures: 0)
        try await Self.matchAndCountDeliveries(receiver: receiver, failures: 3) { client, receiver in
            var items: [[String: Any]] = []
            #expect(try await eventually {
                items = (try await client.send(.get, "/v1/webhooks/dead-letters", as: .reviewer).object["items"] as? [[String: Any]]) ?? []
                return items.count == 1
            })
            #expect(receiver.deliveries.count == 3)
            #expect(receiver.deliveries.allSatisfy { $0.signatureValid })
            let letter = try #require(items.first)
            #expect(letter["attempts"] as? Int == 3)
            #expect(letter["last_error"] as? String == "HTTP 503")
            let id = try #require(letter["id"] as? Int)

            #expect(try await client.send(.post, "/v1/webhooks/dead-letters/\(id)/retry", as: .reviewer).status == 403)
            let retried = try await client.send(.post, "/v1/webhooks/dead-letters/\(id)/retry")
            #expect(retried.status == 200)
            #expect(retried.object["delivered"] as? Bool == true)
            #expect(receiver.deliveries.count == 4)
            let after = try await client.send(.get, "/v1/webhooks/dead-letters")
            #expect((after.object["items"] as? [Any])?.isEmpty == true)
            #expect(try await client.send(.post, "/v1/webhooks/dead-letters/\(id)/retry").status == 404)
        }
    }

    @Test func webhookURLsAndSecretsAreChecked() async throws {
        try await TestServer.make().run { client in
            #expect(try await client.send(.post, "/v1/webhooks", json: #"{"url":"ftp://example.org/x"}"#).status == 400)
            #expect(try await client.send(.post, "/v1/webhooks", json: #"{"url":"not a url"}"#).status == 400)
            #expect(try await client.send(.post, "/v1/webhooks", json: #"{"url":"http://user:pw@127.0.0.1/x"}"#).status == 400)
            #expect(try await client.send(.post, "/v1/webhooks", json: #"{"url":"http://127.0.0.1/x","secret":"short"}"#).status == 400)
            let made = try await client.send(.post, "/v1/webhooks", json: #"{"url":"http://127.0.0.1/x"}"#)
            #expect((made.object["secret"] as? String)?.count == 64)
            let id = try #require(made.object["id"] as? Int)
            #expect(try await client.send(.delete, "/v1/webhooks/\(id)").status == 204)
            #expect(try await client.send(.delete, "/v1/webhooks/\(id)").status == 404)
        }
    }

    @Test func signaturesAreHMACSHA256OverTimestampDotBody() {
        // Expected value from Python: hmac.new(b"Jefe", b"what do.ya want for nothing?", hashlib.sha256).hexdigest()
        let signature = WebhookSignature.sign(body: Array("ya want for nothing?".utf8), timestamp: "what do", secret: "Jefe")
        #expect(signature == "64dce3a8ca14b94bbe39bb9da109deecb3035dedf8e27352eff0066c9efb59fd")
        #expect(WebhookSignature.verify(body: Array("ya want for nothing?".utf8), timestamp: "what do", secret: "Jefe", signature: signature.uppercased()))
        #expect(!WebhookSignature.verify(body: Array("ya want for nothing!".utf8), timestamp: "what do", secret: "Jefe", signature: signature))
    }

    @Test func backoffDoublesUpToTheCap() {
        let policy = WebhookRetryPolicy(maxAttempts: 8, initialDelay: .milliseconds(100), maxDelay: .milliseconds(500))
        #expect((1...5).map { policy.delay(afterAttempt: $0) } == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(500), .milliseconds(500)])
    }
}
