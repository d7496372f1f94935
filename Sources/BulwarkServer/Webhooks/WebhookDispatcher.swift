import AsyncHTTPClient
import BulwarkCore
import Foundation
import NIOCore
import Pipeline
import Store
import Synchronization

/// Delivers events (matches, case deadline alerts) to the webhooks subscribed to their kind:
/// a signed JSON POST per endpoint,
/// retried with exponential backoff; a delivery that fails every attempt is stored as a
/// ``DeadLetter`` (listed by the API, retried on request).
///
/// Deliveries run in background tasks so a match answer never waits for a receiver.
public final class WebhookDispatcher: Sendable {
    public let store: any ServiceStore
    public let policy: WebhookRetryPolicy
    let metrics: ServerMetrics?
    private let client: HTTPClient
    private let inFlight = Mutex(0)
    /// The endpoint list and when it was read: matches are frequent, endpoint changes rare.
    private let endpoints = Mutex<(list: [WebhookEndpoint], readAt: ContinuousClock.Instant)?>(nil)
    /// How long the endpoint list is reused. Changes through the API take effect at once;
    /// changes made by another process (the CLI) within this time.
    static let endpointCacheLifetime = Duration.seconds(5)

    public init(store: any ServiceStore, policy: WebhookRetryPolicy, metrics: ServerMetrics? = nil) {
        self.store = store
        self.policy = policy
        self.metrics = metrics
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Deliveries started and not yet finished (delivered or dead-lettered).
    public var pendingDeliveries: Int { inFlight.withLock { $0 } }

    /// Sends `event` to every endpoint subscribed to matches, in the background.
    public func publish(_ event: MatchEvent) async {
        await publish(event, kind: .match)
    }

    /// Whether any endpoint is subscribed to `kind` (false if the list cannot be read).
    public func hasSubscribers(_ kind: WebhookEventKind) async -> Bool {
        (try? await currentEndpoints().contains { $0.events.contains(kind) }) ?? false
    }

    /// Sends `event` to every endpoint subscribed to `kind`, in the background; returns how
    /// many deliveries were started (each retried, then dead-lettered if it keeps failing).
    @discardableResult
    public func publish(_ event: some Encodable & Sendable, kind: WebhookEventKind) async -> Int {
        let endpoints: [WebhookEndpoint]
        do {
            endpoints = try await currentEndpoints().filter { $0.events.contains(kind) }
        } catch {
            metrics?.recordWebhook("endpoint_lookup_failed")
            return 0
        }
        guard !endpoints.isEmpty, let body = try? JSONIO.encoder().encode(event) else { return 0 }
        let bytes = [UInt8](body)
        for endpoint in endpoints {
            inFlight.withLock { $0 += 1 }
            Task {
                defer { self.inFlight.withLock { $0 -= 1 } }
                let outcome = await self.deliver(body: bytes, url: endpoint.url, secret: endpoint.secret)
                if !outcome.delivered { await self.deadLetter(bytes, to: endpoint, outcome) }
            }
        }
        return endpoints.count
    }

    /// Delivers `event` now to every endpoint subscribed to `kind`, each with the full retry
    /// schedule, and waits for the outcomes. Throws ``WebhookNotDelivered`` when no endpoint
    /// took it (the caller keeps the event and tries again later); an endpoint that failed
    /// while another succeeded gets a dead letter, as a background delivery would.
    public func deliverNow(_ event: some Encodable & Sendable, kind: WebhookEventKind) async throws {
        let endpoints = try await currentEndpoints().filter { $0.events.contains(kind) }
        guard !endpoints.isEmpty else { throw WebhookNotDelivered(kind: kind, reasons: ["no endpoint is subscribed"]) }
        let bytes = [UInt8](try JSONIO.encoder().encode(event))
        let outcomes = await withTaskGroup(of: (WebhookEndpoint, DeliveryOutcome).self) { group in
            for endpoint in endpoints {
                group.addTask { (endpoint, await self.deliver(body: bytes, url: endpoint.url, secret: endpoint.secret)) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let failed = outcomes.filter { !$0.1.delivered }
        guard failed.count < outcomes.count else {
            throw WebhookNotDelivered(kind: kind, reasons: failed.map { "\($0.0.url): \($0.1.lastError ?? "unknown")" })
        }
        for (endpoint, outcome) in failed { await deadLetter(bytes, to: endpoint, outcome) }
    }

    /// Keeps a delivery that failed every attempt in the dead-letter list.
    private func deadLetter(_ body: [UInt8], to endpoint: WebhookEndpoint, _ outcome: DeliveryOutcome) async {
        _ = try? await store.addDeadLetter(
            webhookID: endpoint.id, url: endpoint.url, body: String(decoding: body, as: UTF8.self),
            attempts: outcome.attempts, lastError: outcome.lastError ?? "unknown")
        metrics?.recordWebhook("dead_lettered")
    }

    /// Forgets the cached endpoint list; call after adding or removing an endpoint.
    public func endpointsChanged() {
        endpoints.withLock { $0 = nil }
    }

    private func currentEndpoints() async throws -> [WebhookEndpoint] {
        let now = ContinuousClock.now
        if let cached = endpoints.withLock({ $0 }), cached.readAt.duration(to: now) < Self.endpointCacheLifetime {
            return cached.list
        }
        let list = try await store.listWebhooks()
        endpoints.withLock { $0 = (list, now) }
        return list
    }

    /// Retries a dead letter now, with the full retry schedule, signed with its endpoint's
    /// current secret. On success the letter is removed; on failure it stays.
    public func retry(deadLetterID: Int64) async throws -> DeliveryOutcome {
        let letter = try await store.deadLetter(id: deadLetterID)
        guard let endpoint = try await store.listWebhooks().first(where: { $0.id == letter.webhookID }) else {
            throw BulwarkError.conflict("webhook \(letter.webhookID) of dead letter \(deadLetterID) no longer exists")
        }
        let outcome = await deliver(body: Array(letter.body.utf8), url: endpoint.url, secret: endpoint.secret)
        if outcome.delivered { try await store.deleteDeadLetter(id: deadLetterID) }
        return outcome
    }

    /// Attempts one delivery until it succeeds (any 2xx) or the attempts run out.
    func deliver(body: [UInt8], url: String, secret: String) async -> DeliveryOutcome {
        var lastError: String?
        for attempt in 1...policy.maxAttempts {
            if attempt > 1 {
                do { try await Task.sleep(for: policy.delay(afterAttempt: attempt - 1)) } catch { break }
            }
            let timestamp = String(Int64(Date().timeIntervalSince1970))
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "Bulwark-Webhook/1")
            request.headers.add(name: WebhookSignature.timestampHeader, value: timestamp)
            request.headers.add(
                name: WebhookSignature.signatureHeader, value: WebhookSignature.sign(body: body, timestamp: timestamp, secret: secret))
            request.body = .bytes(ByteBuffer(bytes: body))
            do {
                let response = try await client.execute(request, timeout: .nanoseconds(policy.timeout.nanoseconds))
                _ = try? await response.body.collect(upTo: 1 << 16)
                if (200..<300).contains(response.status.code) {
                    metrics?.recordWebhook("delivered")
                    return DeliveryOutcome(delivered: true, attempts: attempt, lastError: nil)
                }
                lastError = "HTTP \(response.status.code)"
            } catch {
                lastError = "\(error)"
            }
            metrics?.recordWebhook("failed_attempt")
        }
        return DeliveryOutcome(delivered: false, attempts: policy.maxAttempts, lastError: lastError)
    }

    /// Stops the HTTP client. Deliveries still running fail.
    public func shutdown() async {
        try? await client.shutdown()
    }
}

/// No subscribed endpoint accepted an event.
public struct WebhookNotDelivered: Error, CustomStringConvertible {
    public let kind: WebhookEventKind
    /// Why, per endpoint.
    public let reasons: [String]
    public var description: String { "no \(kind.rawValue) webhook accepted the event: \(reasons.joined(separator: "; "))" }
}

/// How a delivery ended.
public struct DeliveryOutcome: Hashable, Sendable, Codable {
    public var delivered: Bool
    public var attempts: Int
    public var lastError: String?
}

/// The JSON body of a match webhook.
public struct MatchEvent: Sendable, Encodable {
    /// Always `match`.
    public var event = "match"
    /// A unique id for the event (receivers de-duplicate retries with it).
    public var id: String
    public var createdAt: Date
    /// The route that matched: `match/hash` or `match/upload`.
    public var origin: String
    public var hash: HashSummary?
    public var report: MatchReport

    /// The matched upload's digests, when the event comes from an upload.
    public struct HashSummary: Sendable, Encodable {
        public var md5: String
        public var sha256: String
        public var pdq: String?
    }
}

extension Duration {
    /// Whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : product &+ attoseconds / 1_000_000_000
    }
}
