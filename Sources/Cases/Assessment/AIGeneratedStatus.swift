/// A reviewer's view of whether an item is AI-generated.
public enum AIGeneratedStatus: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    /// Declared AI-generated (by trusted provenance, the uploader or the generator).
    case declared
    /// Not declared, but the reviewer suspects it is AI-generated.
    case suspected
    /// Nothing says either way. Unknown is never read as "real" or as "synthetic".
    case unknown

    /// Strength of the AI indication, for combining: declared > suspected > unknown.
    private var strength: Int {
        switch self {
        case .declared: 2
        case .suspected: 1
        case .unknown: 0
        }
    }

    public static func < (lhs: AIGeneratedStatus, rhs: AIGeneratedStatus) -> Bool { lhs.strength < rhs.strength }
}
