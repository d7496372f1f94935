import BulwarkCore
import Foundation

/// Where a user stands in their session.
public enum SessionStatus: String, Sendable, Codable, Comparable {
    case normal, review, blocked

    private var rank: Int { self == .normal ? 0 : self == .review ? 1 : 2 }
    public static func < (lhs: SessionStatus, rhs: SessionStatus) -> Bool { lhs.rank < rhs.rank }

    /// The verdict this status asks for on every attempt.
    public var verdict: Verdict { self == .normal ? .allow : self == .review ? .review : .block }
}

/// An attempt linked to an earlier one that it rewords.
public struct RewordingLink: Sendable, Hashable, Codable {
    /// The id of the earlier attempt.
    public var attemptID: Int
    /// The earlier attempt's verdict.
    public var verdict: Verdict
    /// Why they are linked: `words` (similar word sets) or `rules` (the same rule classes fired).
    public var basis: String
    /// The word-set similarity (Jaccard, 0...1).
    public var similarity: Double
}

/// Emitted when a user's status rises: a signal for the review queue and for the platform.
public struct SessionSignal: Sendable, Hashable, Codable {
    public var user: String
    public var status: SessionStatus
    public var at: Date
    /// Flagged attempts within the window when the status rose.
    public var flaggedAttempts: Int
    /// The ids of those attempts.
    public var attemptIDs: [Int]
}

/// What the session made of one attempt.
public struct SessionOutcome: Sendable, Hashable, Codable {
    /// This attempt's id (increasing per tracker).
    public var attemptID: Int
    public var user: String
    /// The text's own decision.
    public var textDecision: Decision
    /// The text's decision joined with the session's reasons (repeat attempts, rewording).
    public var decision: Decision
    /// The user's status after this attempt.
    public var status: SessionStatus
    /// Flagged attempts within the window, this one included.
    public var flaggedAttempts: Int
    /// The earlier attempt this one rewords, if any.
    public var rewords: RewordingLink?
    /// Set when this attempt raised the user's status.
    public var signal: SessionSignal?

    /// The final verdict.
    public var verdict: Verdict { decision.verdict }
}
