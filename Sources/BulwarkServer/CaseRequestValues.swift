import Cases
import Hummingbird
import Store

/// What the case API and the review UI both read from a request: the case id in the path,
/// the queue position in the query, and the caller as a reviewer.
enum CaseRequestValues {
    /// The `{case}` path parameter as a case id (400 otherwise).
    static func caseID(_ context: BulwarkRequestContext) throws -> Int64 {
        guard let text = context.parameters.get("case"), let id = Int64(text), id > 0 else {
            throw APIError.badRequest("case: not a case id")
        }
        return id
    }

    /// The `after` query parameter as a queue position (400 if malformed), or nil.
    static func queueCursor(_ request: Request) throws -> QueueCursor? {
        try request.uri.queryParameters["after"].map { token -> QueueCursor in
            guard let cursor = QueueCursor(token: String(token)) else { throw APIError.badRequest("after: not a queue position") }
            return cursor
        }
    }
}

extension APIKeyRecord {
    /// This key as the case service knows it: by key id; admins see every team.
    var reviewer: Reviewer { role == .admin ? .admin(keyID) : Reviewer(id: keyID) }
}
