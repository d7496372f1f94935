import BulwarkCore

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
