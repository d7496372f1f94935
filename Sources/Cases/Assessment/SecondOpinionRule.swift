/// When an assessment needs a second reviewer to agree before the case is decided.
///
/// A rule fires if the assessment matches ANY of its non-empty lists (e.g. category `A`, or
/// AI-generated `suspected`). A case is decided only when two different reviewers' latest
/// assessments agree (see ``Assessment/agrees(with:)``).
public struct SecondOpinionRule: Hashable, Sendable, Codable {
    /// A name shown to reviewers, e.g. "category A".
    public var name: String
    /// Categories that need a second opinion.
    public var categories: [String]
    /// Age bands that need a second opinion.
    public var ageBands: [String]
    /// AI-generated statuses that need a second opinion.
    public var aiGenerated: [AIGeneratedStatus]
    /// Discount reasons that need a second opinion (e.g. "age in question").
    public var discountReasons: [String]

    public init(
        name: String, categories: [String] = [], ageBands: [String] = [], aiGenerated: [AIGeneratedStatus] = [],
        discountReasons: [String] = []
    ) {
        self.name = name
        self.categories = categories
        self.ageBands = ageBands
        self.aiGenerated = aiGenerated
        self.discountReasons = discountReasons
    }

    private enum CodingKeys: String, CodingKey { case name, categories, ageBands, aiGenerated, discountReasons }

    /// Missing lists are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        categories = try container.decodeIfPresent([String].self, forKey: .categories) ?? []
        ageBands = try container.decodeIfPresent([String].self, forKey: .ageBands) ?? []
        aiGenerated = try container.decodeIfPresent([AIGeneratedStatus].self, forKey: .aiGenerated) ?? []
        discountReasons = try container.decodeIfPresent([String].self, forKey: .discountReasons) ?? []
    }

    /// Whether `assessment` needs a second opinion under this rule.
    public func applies(to assessment: Assessment) -> Bool {
        if let category = assessment.category, categories.contains(category) { return true }
        if let band = assessment.ageBand, ageBands.contains(band) { return true }
        if aiGenerated.contains(assessment.aiGenerated) { return true }
        return assessment.discountReasons.contains(where: discountReasons.contains)
    }
}
