/// How much of two videos matched under the vPDQ rule.
public struct VPDQMatchResult: Hashable, Sendable, Codable {
    /// Percent of the query's unique good-quality frames that have a match in the compared video.
    public var queryMatchPercent: Double
    /// Percent of the compared video's unique good-quality frames that have a match in the query.
    public var comparedMatchPercent: Double
    /// Whether both percentages reach their thresholds.
    public var isMatch: Bool

    /// A result from its parts.
    public init(queryMatchPercent: Double, comparedMatchPercent: Double, isMatch: Bool) {
        self.queryMatchPercent = queryMatchPercent
        self.comparedMatchPercent = comparedMatchPercent
        self.isMatch = isMatch
    }
}
