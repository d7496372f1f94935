import BulwarkCore
import Hummingbird

/// Authenticates every request except the health probes: a missing or malformed
/// `Authorization: Bearer` header, or an unknown or revoked key, is a 401. The key's role
/// is checked per route by ``RouteRegistry`` (403).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = BulwarkRequestContext
    let keys: APIKeys
    /// Paths that need no key.
    let publicPaths: Set<String>
    /// Path prefixes that need no key: the review UI (`/ui`), which checks its own sessions.
    var publicPrefixes: [String] = []

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if publicPaths.contains(path) || publicPrefixes.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) {
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization] else { throw APIError.unauthorized }
        let prefix = "bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix else {
            throw APIError(.unauthorized, code: "unauthorized", message: "the Authorization header must read \"Bearer <key>\"")
        }
        let token = header.dropFirst(prefix.count).trimmingWhitespace()
        guard let record = try await keys.verify(token) else { throw APIError.invalidKey }
        var context = context
        context.apiKey = record
        return try await next(request, context)
    }
}
