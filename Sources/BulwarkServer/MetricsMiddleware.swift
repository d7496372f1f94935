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
        return routes.filter { route in
            let pattern = route.path.split(separator: "/", omittingEmptySubsequences: false)
            guard pattern.count == parts.count else { return false }
            return zip(pattern, parts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }.min { $0.path.filter { $0 == "{" }.count < $1.path.filter { $0 == "{" }.count }?.path
    }
}
