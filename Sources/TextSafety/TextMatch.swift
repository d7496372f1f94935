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
