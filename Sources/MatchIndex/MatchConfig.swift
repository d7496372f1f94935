/// Thresholds for matching, set by the operator.
///
/// The index itself answers any threshold it is asked; callers apply ``pdqMinQuality``
/// before hashing results are matched or stored, and pass ``pdqThreshold`` to searches.
public struct MatchConfig: Hashable, Sendable, Codable {
    /// The largest Hamming distance (0...``PDQIndex/maxThreshold``) at which two PDQ hashes
    /// match. The PDQ reference and HMA use 31.
    public var pdqThreshold: Int
    /// PDQ hashes with a quality score (0...100) below this are discarded, both when they
    /// would be added to a bank and when they would be matched. The PDQ reference uses 50.
    public var pdqMinQuality: Int

    /// The defaults used by the PDQ reference and HMA: threshold 31, minimum quality 50.
    public init(pdqThreshold: Int = 31, pdqMinQuality: Int = 50) {
        self.pdqThreshold = pdqThreshold
        self.pdqMinQuality = pdqMinQuality
    }

    /// The defaults.
    public static let `default` = MatchConfig()

    /// Whether a PDQ hash of this quality should be matched or indexed at all.
    public func acceptsPDQ(quality: Int) -> Bool { quality >= pdqMinQuality }
}
