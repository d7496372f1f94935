import BulwarkCore
import Hummingbird
import TextSafety

/// `/v1/text/check` (one text, optionally tracked per user) and `/v1/conversation/check`
/// (a chatbot conversation as a whole). Text over the engine's size cap is a 413.
enum TextRoutes {
    /// Longest user identifier accepted, in UTF-8 bytes.
    static let maxUserBytes = 256

    static func register(_ routes: RouteRegistry, _ services: BulwarkServices) {
        let engines = services.engines
        let configuration = services.configuration

        routes.add(.post, "/v1/text/check", permission: .match) { request, _ in
            let body = try await JSONIO.decode(TextCheckBody.self, from: request, limit: configuration.maxJSONBytes)
            guard let user = body.user else {
                return try JSONIO.response(TextCheckAnswer(result: try check { () throws(BulwarkError) in try engines.textEngine.check(body.text) }))
            }
            guard !user.isEmpty, user.utf8.count <= maxUserBytes else {
                throw APIError.badRequest("user: give a non-empty identifier of at most \(maxUserBytes) bytes (got \(user.utf8.count))")
            }
            let checked: (result: TextCheckResult, session: SessionOutcome)
            do {
                checked = try await engines.sessions.check(body.text, user: user, engine: engines.textEngine)
            } catch let error as BulwarkError {
                throw APIError.fromContentCheck(error)
            }
            return try JSONIO.response(TextCheckAnswer(result: checked.result, session: checked.session))
        }
        routes.add(.post, "/v1/conversation/check", permission: .match) { request, _ in
            let conversation = try await JSONIO.decode(Conversation.self, from: request, limit: configuration.maxJSONBytes)
            return try JSONIO.response(try check { () throws(BulwarkError) in try engines.conversations.check(conversation) })
        }
    }

    /// Runs a content check, answering its failures as API errors.
    private static func check<T>(_ body: () throws(BulwarkError) -> T) throws(APIError) -> T {
        do {
            return try body()
        } catch {
            throw APIError.fromContentCheck(error)
        }
    }
}
