import Synchronization

/// The server's Prometheus metrics, written in the text exposition format by hand:
/// request counts by route and status, a latency histogram per route, matches by signal
/// type, webhook delivery outcomes, and index sizes (read when scraped).
public final class ServerMetrics: Sendable {
    /// Histogram bucket bounds in seconds.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct RequestKey: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    private struct Histogram {
        var counts = [Int](repeating: 0, count: ServerMetrics.buckets.count)
        var sum = 0.0
        var count = 0

        /// Counts one observation in every bucket whose upper bound it does not exceed.
        mutating func record(_ seconds: Double, buckets: [Double]) {
            for (index, bound) in buckets.enumerated() where seconds <= bound { counts[index] += 1 }
            sum += seconds
            count += 1
        }
    }

    private struct State {
        var requests: [RequestKey: Int] = [:]
        var latency: [String: Histogram] = [:]
        var matches: [String: Int] = [:]
        var webhooks: [String: Int] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Records one finished request.
    func recordRequest(method: String, route: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[RequestKey(method: method, route: route, status: status), default: 0] += 1
            state.latency[route, default: Histogram()].record(seconds, buckets: Self.buckets)
        }
    }

    /// Records matches found, by signal type.
    func recordMatches(_ types: [String]) {
        guard !types.isEmpty else { return }
        state.withLock { state in for type in types { state.matches[type, default: 0] += 1 } }
    }

    /// Records a webhook delivery outcome (`delivered`, `failed_attempt`, `dead_lettered`).
    func recordWebhook(_ outcome: String) {
        state.withLock { $0.webhooks[outcome, default: 0] += 1 }
    }

    /// The exposition text, with the given gauges appended.
    func render(gauges: [(name: String, help: String, value: Double)]) -> String {
        let state = state.withLock { $0 }
        var out = "# HELP bulwark_http_requests_total HTTP requests by method, route and status.\n"
        out += "# TYPE bulwark_http_requests_total counter\n"
        for (key, count) in state.requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "bulwark_http_requests_total{method=\"\(key.method)\",route=\"\(Self.escape(key.route))\",status=\"\(key.status)\"} \(count)\n"
        }
        out += "# HELP bulwark_http_request_duration_seconds HTTP request latency by route.\n"
        out += "# TYPE bulwark_http_request_duration_seconds histogram\n"
        for (route, histogram) in state.latency.sorted(by: { $0.key < $1.key }) {
            let label = "route=\"\(Self.escape(route))\""
            for (index, bound) in Self.buckets.enumerated() {
                out += "bulwark_http_request_duration_seconds_bucket{\(label),le=\"\(bound)\"} \(histogram.counts[index])\n"
            }
            out += "bulwark_http_request_duration_seconds_bucket{\(label),le=\"+Inf\"} \(histogram.count)\n"
            out += "bulwark_http_request_duration_seconds_sum{\(label)} \(histogram.sum)\n"
            out += "bulwark_http_request_duration_seconds_count{\(label)} \(histogram.count)\n"
        }
        out += "# HELP bulwark_matches_total Bank entries matched, by signal type.\n"
        out += "# TYPE bulwark_matches_total counter\n"
        for (type, count) in state.matches.sorted(by: { $0.key < $1.key }) {
            out += "bulwark_matches_total{signal_type=\"\(Self.escape(type))\"} \(count)\n"
        }
        out += "# HELP bulwark_webhook_deliveries_total Webhook delivery outcomes.\n"
        out += "# TYPE bulwark_webhook_deliveries_total counter\n"
        for (outcome, count) in state.webhooks.sorted(by: { $0.key < $1.key }) {
            out += "bulwark_webhook_deliveries_total{outcome=\"\(outcome)\"} \(count)\n"
        }
        for gauge in gauges {
            out += "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) gauge\n\(gauge.name) \(gauge.value)\n"
        }
        return out
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
