import BulwarkCore

/// The answer to one match request: every matched entry, the decision they lead to and
/// the query signals that were not matched because of their quality.
public struct MatchReport: Hashable, Sendable, Codable {
    /// Matches, nearest first.
    public var matches: [BankMatch]
    /// `allow` when nothing matched; otherwise the verdict of the matches with a
    /// `bank.match` reason for each.
    public var decision: Decision
    /// Query signals skipped, with why (e.g. PDQ quality under the minimum).
    public var ignored: [IgnoredSignal]

    public init(matches: [BankMatch], decision: Decision, ignored: [IgnoredSignal]) {
        self.matches = matches
        self.decision = decision
        self.ignored = ignored
    }
}

/// A query signal the match service did not look up, and why.
public struct IgnoredSignal: Hashable, Sendable, Codable {
    public var signal: Signal
    public var reason: String

    public init(signal: Signal, reason: String) {
        self.signal = signal
        self.reason = reason
    }
}
