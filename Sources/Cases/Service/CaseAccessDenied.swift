/// A reviewer tried to read or act on a case outside their teams (the server answers 403),
/// or to manage teams without seeing all teams.
public struct CaseAccessDenied: Error, Hashable, Sendable, CustomStringConvertible {
    /// The reviewer id.
    public var reviewer: String
    /// What was refused, e.g. `case:42` or `team:triage`.
    public var subject: String

    public init(reviewer: String, subject: String) {
        self.reviewer = reviewer
        self.subject = subject
    }

    public var description: String { "reviewer \(reviewer) may not access \(subject): it belongs to another team" }
}
