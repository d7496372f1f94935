import BulwarkCore

/// What a webhook endpoint is sent. An endpoint subscribes to one or more kinds; each
/// delivery's JSON body names its kind in its `event` field.
public enum WebhookEventKind: String, Sendable, Codable, CaseIterable, Comparable {
    /// A hash or upload matched a bank.
    case match
    /// A review case is due soon or overdue (ids, team and due time only, never content).
    case caseDeadline = "case.deadline"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Parses a stored or requested list ("match,case.deadline"); throws naming an unknown kind.
    public static func list(_ names: [String]) throws(BulwarkError) -> Set<WebhookEventKind> {
        var kinds: Set<WebhookEventKind> = []
        for name in names {
            let trimmed = name.trimmingWhitespace()
            guard let kind = WebhookEventKind(rawValue: trimmed) else {
                let known = allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalidInput(what: "webhook events", where: nil, reason: "unknown event \"\(trimmed.prefix(40))\" (known: \(known))")
            }
            kinds.insert(kind)
        }
        guard !kinds.isEmpty else { throw .invalidInput(what: "webhook events", where: nil, reason: "name at least one event") }
        return kinds
    }

    /// The stored form: sorted names joined by commas.
    static func stored(_ kinds: Set<WebhookEventKind>) -> String { kinds.sorted().map(\.rawValue).joined(separator: ",") }

    /// Reads the stored form; unknown names (from a newer version) are ignored.
    static func parseStored(_ text: String) -> Set<WebhookEventKind> {
        Set(text.split(separator: ",").compactMap { WebhookEventKind(rawValue: String($0)) })
    }
}
