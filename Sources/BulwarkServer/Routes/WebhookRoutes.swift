import BulwarkCore
import Foundation
import Hummingbird
import Store

/// `/v1/webhooks`: configure endpoints, list and retry dead letters.
enum WebhookRoutes {
    static func register(_ routes: RouteRegistry, _ services: BulwarkServices) {
        let store = services.service
        let dispatcher = services.webhooks
        let limit = services.configuration.maxJSONBytes

        routes.add(.get, "/v1/webhooks", permission: .readWebhooks) { _, _ in
            try JSONIO.response(try await store.listWebhooks().map { WebhookView($0, showSecret: false) })
        }
        routes.add(.post, "/v1/webhooks", permission: .manageWebhooks) { request, _ in
            let body = try await JSONIO.decode(CreateWebhookBody.self, from: request, limit: limit)
            let url = try WebhookURL.validated(body.url)
            let secret = body.secret ?? WebhookURL.randomSecret()
            guard secret.utf8.count >= 16, secret.utf8.count <= 256 else {
                throw APIError.badRequest("secret: must have 16 to 256 characters")
            }
            let events = try WebhookEventKind.list(body.events ?? [WebhookEventKind.match.rawValue])
            let endpoint = try await store.createWebhook(url: url, secret: secret, events: events)
            dispatcher.endpointsChanged()
            return try JSONIO.response(WebhookView(endpoint, showSecret: true), status: .created)
        }
        routes.add(.delete, "/v1/webhooks/{webhook}", permission: .manageWebhooks) { _, context in
            guard let id = Int64(try context.parameters.require("webhook")) else {
                throw APIError.badRequest("webhook id must be a whole number")
            }
            try await store.deleteWebhook(id: id)
            dispatcher.endpointsChanged()
            return Response(status: .noContent)
        }
        routes.add(.get, "/v1/webhooks/dead-letters", permission: .readWebhooks) { request, _ in
            let after = try request.intQuery("after", in: Int64(0)...Int64.max) ?? 0
            let size = try request.intQuery("limit", in: 1...1000) ?? 100
            let letters = try await store.listDeadLetters(afterID: after, limit: size + 1)
            return try JSONIO.response(Page(lookahead: letters, limit: size, id: \.id))
        }
        routes.add(.post, "/v1/webhooks/dead-letters/{letter}/retry", permission: .manageWebhooks) { _, context in
            guard let id = Int64(try context.parameters.require("letter")) else {
                throw APIError.badRequest("dead letter id must be a whole number")
            }
            let outcome = try await dispatcher.retry(deadLetterID: id)
            return try JSONIO.response(outcome, status: outcome.delivered ? .ok : .badGateway)
        }
    }
}

/// Checks webhook URLs: absolute `http` or `https` with a host, no credentials.
public enum WebhookURL {
    public static func validated(_ text: String) throws(BulwarkError) -> String {
        let trimmed = text.trimmingWhitespace()
        guard trimmed.utf8.count <= 2048, let components = URLComponents(string: trimmed),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else {
            throw .invalidInput(what: "webhook url", where: nil, reason: "\"\(trimmed.prefix(80))\" is not an absolute http or https URL")
        }
        guard components.user == nil, components.password == nil else {
            throw .invalidInput(what: "webhook url", where: nil, reason: "credentials in the URL are not allowed; use the signing secret")
        }
        return trimmed
    }

    /// A random 64-hex-digit signing secret.
    public static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.encode((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
