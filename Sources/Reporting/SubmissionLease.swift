import Foundation

/// The right to work on one report submission: held by `owner` until `until`. Taken with
/// ``ReportSubmissionStore/claim(submissionID:owner:until:now:)`` before a resume or retract
/// and given back with ``ReportSubmissionStore/release(submissionID:owner:)`` after, so two
/// processes never run one submission's flow at once. A lease past `until` (its holder
/// crashed or hung) may be taken over by anyone.
public struct SubmissionLease: Hashable, Sendable {
    /// The submission's local id.
    public var submissionID: String
    /// Who holds it: an opaque token naming the actor and the call, e.g. `reviewer:ada 1f3c…`.
    public var owner: String
    /// When it expires (whole milliseconds, as stored).
    public var until: Date

    public init(submissionID: String, owner: String, until: Date) {
        self.submissionID = submissionID
        self.owner = owner
        self.until = until
    }
}
