/// The thresholds of the vPDQ matching rule, with python-threatexchange's defaults (the ones
/// Meta's Hasher-Matcher-Actioner uses).
public struct VPDQMatchThresholds: Hashable, Sendable, Codable {
    /// Two frames match when their PDQ hashes differ in at most this many bits.
    public var distance: Int
    /// Frames with a PDQ quality below this are not compared at all.
    public var quality: Int
    /// The share of the query's (unique, good-quality) frames that must match, in percent.
    public var queryMatchPercent: Double
    /// The share of the compared video's (unique, good-quality) frames that must match, in percent.
    public var comparedMatchPercent: Double

    /// Thresholds from their parts.
    public init(distance: Int = 31, quality: Int = 50, queryMatchPercent: Double = 80, comparedMatchPercent: Double = 0) {
        self.distance = distance
        self.quality = quality
        self.queryMatchPercent = queryMatchPercent
        self.comparedMatchPercent = comparedMatchPercent
    }

    /// python-threatexchange's `VPDQ_DISTANCE_THRESHOLD`, `VPDQ_QUALITY_THRESHOLD`,
    /// `VPDQ_QUERY_MATCH_THRESHOLD_PERCENT` and `VPDQ_INDEX_MATCH_THRESHOLD_PERCENT`.
    public static let `default` = VPDQMatchThresholds()
}
