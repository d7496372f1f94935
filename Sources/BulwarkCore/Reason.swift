/// Why a decision was made: which check fired, on what, and how strongly.
///
/// Every ``Decision`` carries its reasons so that reviewers and auditors can see
/// exactly which bank, rule or field led to it.
public struct Reason: Hashable, Sendable, Codable {
    /// A stable machine-readable identifier, e.g. `bank.match`, `text.minor-sexual`, `model.pickle.exec`.
    public var code: String
    /// The verdict this reason asks for on its own.
    public var verdict: Verdict
    /// A human-readable explanation.
    public var message: String
    /// Where it came from: a bank id, a rule id, a metadata field, a file offset.
    public var source: String?
    /// Extra structured facts (distance, matched value, category...).
    public var details: [String: String]

    public init(code: String, verdict: Verdict, message: String, source: String? = nil, details: [String: String] = [:]) {
        self.code = code
        self.verdict = verdict
        self.message = message
        self.source = source
        self.details = details
    }
}

/// A verdict together with every reason behind it.
public struct Decision: Hashable, Sendable, Codable {
    public var verdict: Verdict
    public var reasons: [Reason]

    public init(reasons: [Reason]) {
        self.reasons = reasons
        self.verdict = reasons.map(\.verdict).max() ?? .allow
    }

    /// An `allow` decision with no reasons.
    public static let allow = Decision(reasons: [])

    /// This decision joined with another: the most severe verdict, all reasons.
    public func merged(with other: Decision) -> Decision {
        Decision(reasons: reasons + other.reasons)
    }
}
