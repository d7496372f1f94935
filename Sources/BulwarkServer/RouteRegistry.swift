import BulwarkCore
import Hummingbird

/// Registers the API's routes, each with the permission it needs, and remembers them so
/// tests can check the OpenAPI document lists exactly these routes.
///
/// Paths are written OpenAPI-style (`/v1/banks/{bank}`); the router receives them in
/// Hummingbird's `:name` form.
public final class RouteRegistry: @unchecked Sendable {
    /// A registered route: method, OpenAPI path and permission.
    public struct Route: Hashable, Sendable {
        public let method: String
        public let path: String
        public let permission: Permission
    }

    private let router: Router<BulwarkRequestContext>
    /// Where changes made through the API are recorded.
    private let audit: (any AuditRecorder)?
    /// The routes in registration order. Only written while the router is built.
    public private(set) var routes: [Route] = []
    /// Each route's path split at "/", with its count of `{parameters}`, for
    /// ``template(method:path:)`` (split once here, not on every request).
    private(set) var patterns: [(method: String, parts: [Substring], parameters: Int, path: String)] = []

    init(router: Router<BulwarkRequestContext>, audit: (any AuditRecorder)? = nil) {
        self.router = router
        self.audit = audit
    }

    /// Routes that change banks, entries or webhooks are audited here; cases, evidence and
    /// reports audit themselves in their services, and queries (hashing, matching, checks)
    /// change nothing.
    static func isAudited(_ permission: Permission) -> Bool {
        permission == .writeBanks || permission == .manageWebhooks
    }

    /// Adds a route whose handler runs only if the caller's key allows `permission`.
    func add(
        _ method: HTTPRequest.Method, _ path: String, permission: Permission,
        _ handler: @escaping @Sendable (Request, BulwarkRequestContext) async throws -> Response
    ) {
        routes.append(Route(method: method.rawValue, path: path, permission: permission))
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        patterns.append((method.rawValue, parts, parts.count { $0.hasPrefix("{") }, path))
        let routerPath = path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? ":" + part.dropFirst().dropLast() : String(part)
        }.joined(separator: "/")
        let audit = Self.isAudited(permission) ? audit : nil
        router.on(RouterPath(routerPath), method: method) { request, context in
            if permission != .none && permission != .anyKey {
                guard let key = context.apiKey else { throw APIError.unauthorized }
                guard key.role.allows(permission) else { throw APIError.forbidden(role: key.role, permission: permission) }
            }
            let response = try await handler(request, context)
            if let audit, (200..<300).contains(response.status.code) {
                // The change is made; if it cannot be recorded the caller is told, not left
                // believing all is well.
                do {
                    try await audit.record(AuditEvent(
                        actor: context.apiKey?.keyID ?? "unknown", action: "api.\(method.rawValue.lowercased()) \(path)",
                        subject: request.uri.path, details: ["status": String(response.status.code), "key_name": context.apiKey?.name ?? ""]))
                } catch {
                    throw APIError(.internalServerError, code: "unaudited",
                                   message: "the change was made but could not be written to the audit trail: \(error)")
                }
            }
            return response
        }
    }
}
