import BulwarkCore
import PDQ

/// A video's vPDQ hash: the PDQ features of its sampled frames, in frame order.
///
/// Unlike a PDQ hash it has no fixed length; two videos are compared as bags of frame hashes
/// by ``VPDQMatcher``.
public struct VPDQHash: Hashable, Sendable, Codable {
    /// The sampled frames, ordered by frame number.
    public var features: [VPDQFeature]

    /// A hash from its features.
    public init(features: [VPDQFeature]) { self.features = features }

    /// Whether no frame was hashed.
    public var isEmpty: Bool { features.isEmpty }

    /// The features with repeated frame hashes removed, keeping each hash's first occurrence.
    ///
    /// This is python-threatexchange's `dedupe`, which its matcher applies before counting:
    /// identical frames (a still scene sampled many times) count once.
    public func deduplicated() -> [VPDQFeature] {
        var seen = Set<PDQHash>()
        seen.reserveCapacity(features.count)
        return features.filter { seen.insert($0.hash).inserted }
    }

    /// The features with consecutive near-identical frames pruned: a frame is dropped when it is
    /// within `distance` bits of the last frame kept (the optional "D_prune" pruning in the vPDQ
    /// description). With `distance` 0 only exact consecutive repeats are dropped.
    public func pruned(distance: Int) -> VPDQHash {
        var kept: [VPDQFeature] = []
        kept.reserveCapacity(features.count)
        for feature in features {
            if let last = kept.last, last.hash.distance(to: feature.hash) <= distance { continue }
            kept.append(feature)
        }
        return VPDQHash(features: kept)
    }
}
