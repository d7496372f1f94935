import BulwarkCore

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
