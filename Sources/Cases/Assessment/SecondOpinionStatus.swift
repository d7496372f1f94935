/// Where a case stands with respect to the second-opinion rules.
public enum SecondOpinionStatus: String, Hashable, Sendable, Codable {
    /// No rule applies (or nothing is assessed yet): one reviewer decides.
    case notRequired = "not-required"
    /// A rule applies and only one reviewer has assessed: another must assess.
    case awaiting
    /// Two different reviewers' latest assessments agree: the case may be decided.
    case agreed
    /// Two different reviewers disagree: the case stays open until they agree.
    case disagreed

    /// Whether the case may be closed as confirmed or not actionable.
    public var allowsDecision: Bool { self == .notRequired || self == .agreed }

    /// A sentence for the reviewer.
    public var explanation: String {
        switch self {
        case .notRequired: "no second opinion needed"
        case .awaiting: "needs a second opinion from another reviewer before it is decided"
        case .agreed: "two reviewers agree"
        case .disagreed: "reviewers disagree; the case stays open until their assessments agree"
        }
    }
}
