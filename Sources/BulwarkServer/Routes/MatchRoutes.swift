import BulwarkCore
import Cases
import Foundation
import Hummingbird
import MatchIndex
import MediaDecoding
import Pipeline

/// `/v1/hash`, `/v1/match/hash`, `/v1/match/upload`, `/v1/compare`. Uploads are bytes in
/// the request body (never a URL to fetch), bounded by the configured maximum. An upload's
/// match answer also carries its provenance (what the file says about how it was made).
enum MatchRoutes {
    /// Most signals one match call may carry.
    static let maxSignals = 1_000

    static func register(_ routes: RouteRegistry, _ services: BulwarkServices) {
        let matcher = services.matcher
        let metrics = services.metrics
        let webhooks = services.webhooks
        let configuration = services.configuration
        let limits = DecodingLimits(maxBytes: configuration.maxUploadBytes)

        routes.add(.post, "/v1/hash", permission: .match) { request, _ in
            let bytes = try await upload(request, limit: configuration.maxUploadBytes)
            let hashed = UploadMatcher.hash(bytes, limits: limits)
            return try JSONIO.response(HashAnswer(hash: hashed.record, decodeProblem: hashed.problem))
        }
        routes.add(.post, "/v1/match/hash", permission: .match) { request, context in
            let body = try await JSONIO.decode(MatchHashBody.self, from: request, limit: configuration.maxJSONBytes)
            guard !body.signals.isEmpty else { throw APIError.badRequest("signals: give at least one signal") }
            guard body.signals.count <= maxSignals else {
                throw APIError.badRequest("signals: \(body.signals.count) signals; at most \(maxSignals) per call")
            }
            let queries = body.signals.map {
                SignalQuery(signal: Signal(type: SignalType($0.type.trimmingWhitespace()), value: $0.value), quality: $0.quality)
            }
            let report = try await matcher.match(queries, threshold: try checkedThreshold(body.threshold))
            await announce(report, origin: "match/hash", hash: nil, metrics: metrics, webhooks: webhooks)
            try await openCases(for: report, contentHash: nil, upload: nil, context: context, services: services)
            if let bytes = MatchReportJSON.encode(report) { return JSONIO.response(bytes: bytes) }
            return try JSONIO.response(report)
        }
        routes.add(.post, "/v1/match/upload", permission: .match) { request, context in
            let bytes = try await upload(request, limit: configuration.maxUploadBytes)
            let threshold = try checkedThreshold(try request.intQuery("threshold", in: 0...PDQIndex.maxThreshold))
            let result = try await UploadMatcher(service: matcher, limits: limits).match(bytes, threshold: threshold)
            let summary = MatchEvent.HashSummary(md5: result.hash.md5, sha256: result.hash.sha256, pdq: result.hash.pdq)
            await announce(result.report, origin: "match/upload", hash: summary, metrics: metrics, webhooks: webhooks)
            try await openCases(for: result.report, contentHash: try? ContentHash("sha256:\(result.hash.sha256)"), upload: bytes,
                                context: context, services: services)
            let provenance = services.engines.provenance.analyse(bytes)
            return try JSONIO.response(UploadAnswer(
                hash: result.hash, decodeProblem: result.decodeProblem, matches: result.report.matches,
                decision: result.report.decision.merged(with: provenance.decision), ignored: result.report.ignored,
                provenance: provenance.report, provenanceDecision: provenance.decision))
        }
        routes.add(.post, "/v1/compare", permission: .match) { request, _ in
            let body = try await JSONIO.decode(CompareBody.self, from: request, limit: configuration.maxJSONBytes)
            let a = try pdq(body.a, field: "a")
            let b = try pdq(body.b, field: "b")
            let threshold = try checkedThreshold(body.threshold) ?? matcher.options.config.pdqThreshold
            let distance = a.distance(to: b)
            return try JSONIO.response(CompareResult(distance: distance, threshold: threshold, match: distance <= threshold))
        }
    }

    static func upload(_ request: Request, limit: Int) async throws -> [UInt8] {
        let buffer = try await JSONIO.body(of: request, limit: limit, what: "the upload")
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("the upload is empty: send the file's bytes as the request body") }
        return Array(buffer.readableBytesView)
    }

    private static func checkedThreshold(_ value: Int?) throws -> Int? {
        guard let value else { return nil }
        guard (0...PDQIndex.maxThreshold).contains(value) else {
            throw APIError.badRequest("threshold: \(value) is outside 0...\(PDQIndex.maxThreshold)")
        }
        return value
    }

    private static func pdq(_ text: String, field: String) throws -> Hash256 {
        do {
            return try Hash256(hex: text.trimmingWhitespace())
        } catch {
            throw APIError.badRequest("\(field): not a PDQ hash: \(error.description)")
        }
    }

    /// Counts the matches and sends the webhook event when there are any.
    /// Opens (or joins) a review case per match when the server is configured to.
    private static func openCases(for report: MatchReport, contentHash: ContentHash?, upload: [UInt8]?,
                                  context: BulwarkRequestContext, services: BulwarkServices) async throws {
        guard let intake = CaseIntake.of(services), !report.matches.isEmpty else { return }
        var banks: [Int64: Bank] = [:]
        for id in Set(report.matches.map(\.bankID)) { banks[id] = try await services.banks.bank(id: id) }
        try await intake.open(for: report, banks: banks, contentHash: contentHash, upload: upload, actor: context.apiKey?.keyID ?? "system")
    }

    private static func announce(
        _ report: MatchReport, origin: String, hash: MatchEvent.HashSummary?, metrics: ServerMetrics, webhooks: WebhookDispatcher
    ) async {
        guard !report.matches.isEmpty else { return }
        metrics.recordMatches(report.matches.map(\.signal.type.rawValue))
        await webhooks.publish(MatchEvent(id: UUID().uuidString.lowercased(), createdAt: Date(), origin: origin, hash: hash, report: report))
    }
}
