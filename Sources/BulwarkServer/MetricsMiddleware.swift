import Hummingbird

/// Times every request and counts it by method, route template and status.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = BulwarkRequestContext
    let metrics: ServerMetrics
    let registry: RouteRegistry

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let route = registry.template(method: request.method.rawValue, path: request.uri.path) ?? "unmatched"
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            record(request, route: route, status: APIError.from(error).status.code, since: start)
            throw error
        }
        record(request, route: route, status: response.status.code, since: start)
        return response
    }

    private func record(_ request: Request, route: String, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        metrics.recordRequest(method: request.method.rawValue, route: route, status: status, seconds: seconds)
    }
}

extension RouteRegistry {
    /// The registered path template a concrete path belongs to, for metric labels.
    func template(method: String, path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        // The most literal template wins (`/v1/webhooks/dead-letters` over `/v1/webhooks/{webhook}`).
        var best: (path: String, parameters: Int)?
        for pattern in patterns where pattern.parts.count == parts.count && pattern.parameters < (best?.parameters ?? Int.max) {
            var matches = true
            for (expected, actual) in zip(pattern.parts, parts) where !expected.hasPrefix("{") && expected != actual {
                matches = false
                break
            }
            if matches { best = (pattern.path, pattern.parameters) }
        }
        return best?.path
    }
}
