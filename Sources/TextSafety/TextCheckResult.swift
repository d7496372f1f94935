import BulwarkCore
/// The outcome of checking one text: a decision with reasons, and everything behind it.
public struct TextCheckResult: Sendable, Codable, Hashable {
    /// The verdict and one reason per fired rule (code `text.<rule name>`, source = rule id).
    public var decision: Decision
    /// The categories found (after benign phrases are set aside), sorted.
    public var categories: [TextCategory]
    /// The ids of the rules that fired, in rules-file order.
    public var ruleIDs: [String]
    /// The rules that fired with their witnessing spans.
    public var firedRules: [FiredRule]
    /// Every lexicon match, in text order (at most the configured number).
    public var matches: [TextMatch]
    /// Whether `matches` was cut at the configured maximum.
    public var matchesTruncated: Bool
    /// Ages found in the text.
    public var ages: [AgeMention]
    /// The languages of the lexicon entries that matched, sorted.
    public var languages: [String]
    /// The length of the input in UTF-8 bytes.
    public var inputBytes: Int
    /// Invalid UTF-8 bytes that were dropped.
    public var invalidUTF8Bytes: Int
    /// Control characters read as separators.
    public var controlCharacters: Int

    /// The verdict (shorthand for `decision.verdict`).
    public var verdict: Verdict { decision.verdict }

    /// Whether any fired rule asks for the deterrence message.
    public var wantsDeterrence: Bool { firedRules.contains { $0.deterrence && $0.verdict == .block } }

    /// Whether a rule of the given class fired.
    public func fired(class name: String) -> Bool { firedRules.contains { $0.class == name } }
}
