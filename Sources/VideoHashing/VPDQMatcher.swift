import PDQ

/// The vPDQ matching rule, as python-threatexchange's brute-force matcher
/// (`match_VPDQ_hash_brute`) applies it:
///
/// 1. each video's features are de-duplicated (first occurrence of each frame hash kept),
///    then frames with quality below the threshold are dropped;
/// 2. a query frame matches when some compared frame is within the distance threshold
///    (`distance <= threshold`), and the other way round;
/// 3. query-match % = matched query frames * 100 / query frames, compared-match % likewise;
/// 4. the videos match when both percentages reach their thresholds.
///
/// Where the reference divides by zero (a video with no good-quality frame) this reports 0%
/// and no match.
public enum VPDQMatcher {
    /// Compares `query` with `compared`.
    public static func compare(query: VPDQHash, compared: VPDQHash,
                               thresholds: VPDQMatchThresholds = .default) -> VPDQMatchResult {
        compare(query: prepare(query, thresholds: thresholds), compared: prepare(compared, thresholds: thresholds),
                thresholds: thresholds)
    }

    /// The frame hashes of `hash` that take part in matching: unique, then at or over the quality threshold.
    public static func prepare(_ hash: VPDQHash, thresholds: VPDQMatchThresholds = .default) -> [PDQHash] {
        hash.deduplicated().filter { $0.quality >= thresholds.quality }.map(\.hash)
    }

    /// Compares two prepared frame lists (see ``prepare(_:thresholds:)``).
    public static func compare(query: [PDQHash], compared: [PDQHash],
                               thresholds: VPDQMatchThresholds = .default) -> VPDQMatchResult {
        let queryMatched = countMatched(query, in: compared, distance: thresholds.distance)
        let comparedMatched = countMatched(compared, in: query, distance: thresholds.distance)
        let queryPercent = percent(queryMatched, of: query.count)
        let comparedPercent = percent(comparedMatched, of: compared.count)
        return VPDQMatchResult(
            queryMatchPercent: queryPercent, comparedMatchPercent: comparedPercent,
            isMatch: !query.isEmpty && !compared.isEmpty
                && queryPercent >= thresholds.queryMatchPercent && comparedPercent >= thresholds.comparedMatchPercent)
    }

    /// How many of `frames` are within `distance` bits of at least one of `others`.
    static func countMatched(_ frames: [PDQHash], in others: [PDQHash], distance: Int) -> Int {
        var matched = 0
        for frame in frames where others.contains(where: { frame.distance(to: $0) <= distance }) {
            matched += 1
        }
        return matched
    }

    private static func percent(_ count: Int, of total: Int) -> Double {
        total == 0 ? 0 : Double(count) * 100 / Double(total)
    }
}
