/// One reviewer's assessment of an item under an ``AssessmentScheme``.
///
/// An item is either criminal (a legal `category` with an `ageBand`), or discounted (one or
/// more `discountReasons`), or exploitative but not criminal (`exploitative`). The values are
/// the scheme's strings; ``AssessmentScheme/validate(_:)`` checks them and their combination.
public struct Assessment: Hashable, Sendable, Codable {
    /// Legal category, e.g. `A`, `B`, `C`; `nil` when not criminal.
    public var category: String?
    /// Age band of the youngest person shown, e.g. `0-2`; required with a category.
    public var ageBand: String?
    /// Sex of the person(s) shown, from the scheme's list; optional.
    public var sex: String?
    /// Whether the item is AI-generated.
    public var aiGenerated: AIGeneratedStatus
    /// Why the item is not actionable, from the scheme's list; empty for a criminal item.
    public var discountReasons: [String]
    /// Exploitative but not criminal (e.g. a clothed child in a sexualised context).
    public var exploitative: Bool
    /// A short, non-graphic note for other reviewers.
    public var note: String?

    public init(
        category: String? = nil, ageBand: String? = nil, sex: String? = nil, aiGenerated: AIGeneratedStatus = .unknown,
        discountReasons: [String] = [], exploitative: Bool = false, note: String? = nil
    ) {
        self.category = category
        self.ageBand = ageBand
        self.sex = sex
        self.aiGenerated = aiGenerated
        self.discountReasons = discountReasons
        self.exploitative = exploitative
        self.note = note
    }

    private enum CodingKeys: String, CodingKey {
        case category, ageBand, sex, aiGenerated, discountReasons, exploitative, note
    }

    /// Decodes leniently about optional fields: missing `aiGenerated` is `unknown`, missing
    /// `discountReasons` is empty, missing `exploitative` is `false`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        category = try container.decodeIfPresent(String.self, forKey: .category)
        ageBand = try container.decodeIfPresent(String.self, forKey: .ageBand)
        sex = try container.decodeIfPresent(String.self, forKey: .sex)
        aiGenerated = try container.decodeIfPresent(AIGeneratedStatus.self, forKey: .aiGenerated) ?? .unknown
        discountReasons = try container.decodeIfPresent([String].self, forKey: .discountReasons) ?? []
        exploitative = try container.decodeIfPresent(Bool.self, forKey: .exploitative) ?? false
        note = try container.decodeIfPresent(String.self, forKey: .note)
    }

    /// Whether two assessments reach the same decision: same category, age band, discount
    /// reasons (as a set) and exploitative flag. Sex, AI status and notes may differ.
    public func agrees(with other: Assessment) -> Bool {
        category == other.category && ageBand == other.ageBand
            && Set(discountReasons) == Set(other.discountReasons) && exploitative == other.exploitative
    }
}
