import BulwarkCore
/// One lexicon term found in a text, located in the ORIGINAL text.
public struct TextMatch: Hashable, Sendable, Codable {
    public var category: TextCategory
    /// The lexicon term that matched (as written in the lexicon file).
    public var term: String
    public var language: String
    public var strength: LexiconEntry.Strength
    /// UTF-8 byte offset where the match starts in the original text.
    public var start: Int
    /// UTF-8 byte offset just after the match in the original text.
    public var end: Int
    /// The original text of the match (invalid bytes replaced by U+FFFD).
    public var text: String

    public init(category: TextCategory, term: String, language: String, strength: LexiconEntry.Strength,
                start: Int, end: Int, text: String) {
        self.category = category
        self.term = term
        self.language = language
        self.strength = strength
        self.start = start
        self.end = end
        self.text = text
    }
}

/// An age found in a text ("12yo", "twelve-year-old", "age 12", "douze ans").
public struct AgeMention: Hashable, Sendable, Codable {
    /// The age in years (0 for "months old").
    public var years: Int
    public var start: Int
    public var end: Int
    public var text: String
    /// Whether the writer gives it as their own age ("I'm 13").
    public var isWritersOwn: Bool

    public init(years: Int, start: Int, end: Int, text: String, isWritersOwn: Bool = false) {
        self.years = years
        self.start = start
        self.end = end
        self.text = text
        self.isWritersOwn = isWritersOwn
    }

    /// Whether the age is under 18.
    public var isMinor: Bool { years < 18 }
}

/// A rule that fired, with the matches that made it fire.
public struct FiredRule: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var `class`: String
    public var verdict: Verdict
    public var deterrence: Bool
    /// The categories of the witnessing matches.
    public var categories: [TextCategory]
    /// The witnessing spans in the original text: one match per requirement group.
    public var spans: [TextMatch]
}
