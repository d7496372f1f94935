import BulwarkCore

/// How a ``SessionTracker`` escalates repeated attempts by one user.
public struct SessionPolicy: Sendable, Hashable, Codable {
    /// How long a flagged attempt counts, in seconds.
    public var windowSeconds: Double
    /// Flagged attempts (review or block) within the window that put the user under review.
    public var reviewAfter: Int
    /// Flagged attempts within the window that block the user.
    public var blockAfter: Int
    /// Word-set similarity (Jaccard, 0...1) from which an attempt counts as a rewording.
    public var rewordingSimilarity: Double
    /// The most flagged attempts kept per user (older ones are forgotten first).
    public var maximumAttemptsPerUser: Int
    /// The most users tracked; above it, the least recently seen users are forgotten.
    public var maximumUsers: Int

    public init(windowSeconds: Double = 600, reviewAfter: Int = 2, blockAfter: Int = 4,
                rewordingSimilarity: Double = 0.4, maximumAttemptsPerUser: Int = 64, maximumUsers: Int = 100_000) {
        self.windowSeconds = windowSeconds
        self.reviewAfter = reviewAfter
        self.blockAfter = blockAfter
        self.rewordingSimilarity = rewordingSimilarity
        self.maximumAttemptsPerUser = maximumAttemptsPerUser
        self.maximumUsers = maximumUsers
    }

    /// Ten minutes; review from 2 flagged attempts, block from 4.
    public static let `default` = SessionPolicy()
}
