/// What the pipeline decides for one input. Ordered by severity: `allow < review < block`.
public enum Verdict: String, Sendable, Codable, Comparable, CaseIterable {
    /// Nothing of concern was found.
    case allow
    /// A person should look before the content is used or shown.
    case review
    /// The content must not be used, shown or trained on.
    case block

    private var rank: Int {
        switch self {
        case .allow: 0
        case .review: 1
        case .block: 2
        }
    }

    public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.rank < rhs.rank }
}
