import BulwarkCore
/// Limits and switches of a ``TextSafetyEngine``.
public struct TextSafetyConfiguration: Sendable, Hashable, Codable {
    /// Texts longer than this many UTF-8 bytes are refused with `BulwarkError.limitExceeded`.
    public var maximumInputBytes: Int
    /// At most this many matches are listed in a result (rules still see every match).
    public var maximumReportedMatches: Int
    /// Whether letters split by spaces or symbols ("n.u.d.e") are joined.
    public var joinSplitLetters: Bool

    public init(maximumInputBytes: Int = 1 << 20, maximumReportedMatches: Int = 256, joinSplitLetters: Bool = true) {
        self.maximumInputBytes = maximumInputBytes
        self.maximumReportedMatches = maximumReportedMatches
        self.joinSplitLetters = joinSplitLetters
    }

    /// The defaults: 1 MiB per text, 256 listed matches, split letters joined.
    public static let `default` = TextSafetyConfiguration()
}
