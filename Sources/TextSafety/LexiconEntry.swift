import BulwarkCore
/// One line of a lexicon file: a term in a language, in a category, with flags.
public struct LexiconEntry: Hashable, Sendable, Codable {
    /// How much a term says on its own.
    public enum Strength: String, Hashable, Sendable, Codable {
        /// Clear on its own ("toddler", a published codeword).
        case strong
        /// Ambiguous; counts only with other evidence ("girl", "cp").
        case weak
    }

    /// Where an age unit stands relative to its number.
    public enum UnitPosition: String, Hashable, Sendable, Codable {
        /// Before the number: "age 12", "aged 12".
        case before
        /// After the number: "12 years old", "12 ans".
        case after
    }

    /// The category, from the file name.
    public var category: TextCategory
    /// The term as written in the file.
    public var term: String
    /// ISO 639-1 language code (`en`, `fr`, `es`, `de`, `it`, `pt`, `nl`) or `*`.
    public var language: String
    public var strength: Strength
    /// Whether the term also matches as the start of a longer word (`nud*` for "nudity").
    public var isPrefix: Bool
    /// For `age_number`: the number the word stands for.
    public var value: Int?
    /// For `age_unit`: where the unit stands.
    public var unitPosition: UnitPosition?
    /// For `age_unit`: the unit counts months or weeks, so the age is under one year.
    public var isInfantUnit: Bool
    /// For `age_unit` before a number: a first-person phrase ("I'm 13", "tengo 13"); the age
    /// is the writer's own and is reported as `self_age_under_18`.
    public var isSelfUnit: Bool = false

    public init(category: TextCategory, term: String, language: String, strength: Strength = .strong,
                isPrefix: Bool = false, value: Int? = nil, unitPosition: UnitPosition? = nil,
                isInfantUnit: Bool = false) {
        self.category = category
        self.term = term
        self.language = language
        self.strength = strength
        self.isPrefix = isPrefix
        self.value = value
        self.unitPosition = unitPosition
        self.isInfantUnit = isInfantUnit
    }
}
