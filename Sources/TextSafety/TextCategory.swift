import BulwarkCore
/// A lexicon category such as `minor`, `sexual` or `codeword`.
///
/// Categories are an open set named by the lexicon files (`Resources/lexicon/<name>.tsv`);
/// the well-known ones that rules and the conversation checker rely on are static members.
public struct TextCategory: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The stable lowercase name used in files, results and the API.
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue.lowercased() }
    public init(_ name: String) { self.init(rawValue: name) }

    /// Words that say a person is a child or adolescent.
    public static let minor = TextCategory("minor")
    /// An age under 18 written in digits or words ("12yo", "twelve-year-old", "age 12").
    public static let ageUnder18 = TextCategory("age_under_18")
    /// The writer's own age, under 18, written after a first-person phrase ("I'm 13", "tengo 13").
    public static let selfAgeUnder18 = TextCategory("self_age_under_18")
    /// Nudity and sexual terms (clinical vocabulary).
    public static let sexual = TextCategory("sexual")
    /// Codewords that child-protection hotlines publish for filtering.
    public static let codeword = TextCategory("codeword")
    /// Requests to undress or "nudify" a person.
    public static let undressing = TextCategory("undressing")
    /// Modifiers that make a subject look younger.
    public static let ageLowering = TextCategory("age_lowering")
    /// Words that point at a real, identifiable person (a photo, a classmate).
    public static let realPerson = TextCategory("real_person")
    /// Names of abuse material itself ("child sexual abuse material").
    public static let abuseMaterial = TextCategory("abuse_material")
    /// Request verbs (generate, make, show, send).
    public static let request = TextCategory("request")
    /// Statements of self-harm or suicidal intent.
    public static let selfHarm = TextCategory("self_harm")
    /// First-person markers ("I am", "je suis") used to find a user saying they are a minor.
    public static let firstPerson = TextCategory("first_person")
    /// Requests for secrecy ("don't tell your parents").
    public static let secrecy = TextCategory("secrecy")
    /// Benign phrases that contain a flagged word ("sex education", "nude lipstick"); a match
    /// inside one of these is discarded.
    public static let benign = TextCategory("benign")
    /// Number words used for ages ("twelve", "douze"); internal to age detection.
    public static let ageNumber = TextCategory("age_number")
    /// Age units before or after a number ("year old", "age", "ans"); internal to age detection.
    public static let ageUnit = TextCategory("age_unit")

    public var description: String { rawValue }

    public static func < (lhs: TextCategory, rhs: TextCategory) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
