import BulwarkCore
import Cases
import Crypto
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

        routes.add(.post, "/v1/text/check", permission: .match) { request, context in
            let body = try await JSONIO.decode(TextCheckBody.self, from: request, limit: configuration.maxJSONBytes)
            // A prompt the rules block or send to review becomes a case (text only: no image,
            // so no real child shown), grouped by the text's SHA-256; the case keeps the
            // rules that fired, never the text.
            func openCase(_ result: TextCheckResult) async throws {
                try await CaseIntake.of(services)?.open(
                    finding: .text, decision: result.decision, reference: body.user.map { "text from user \($0.prefix(64))" } ?? "text check",
                    contentHash: try? ContentHash("sha256:" + Hex.encode(SHA256.hash(data: Array(body.text.utf8)))),
                    mayShowRealChild: false, actor: context.apiKey?.keyID ?? "unknown")
            }
            guard let user = body.user else {
                let result = try check { () throws(BulwarkError) in try engines.textEngine.check(body.text) }
                try await openCase(result)
                return try JSONIO.response(TextCheckAnswer(result: result))
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
            try await openCase(checked.result)
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
