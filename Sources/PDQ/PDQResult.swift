/// A PDQ hash with its quality score.
public struct PDQResult: Hashable, Sendable, Codable {
    public var hash: PDQHash
    /// 0...100: how much significant gradient the image has. The reference (and HMA)
    /// discard hashes under 50 for matching; flat images score 0.
    public var quality: Int

    public init(hash: PDQHash, quality: Int) {
        self.hash = hash
        self.quality = quality
    }
}

/// The eight dihedral variants of a PDQ hash: the hashes the image would have after each
/// rotation or flip, computed from one DCT without re-hashing.
public struct PDQDihedralHashes: Hashable, Sendable, Codable {
    public var original: PDQHash
    public var rotate90: PDQHash
    public var rotate180: PDQHash
    public var rotate270: PDQHash
    public var flipX: PDQHash
    public var flipY: PDQHash
    public var flipPlus1: PDQHash
    public var flipMinus1: PDQHash
    public var quality: Int

    /// All eight hashes, in the reference's order.
    public var all: [PDQHash] {
        [original, rotate90, rotate180, rotate270, flipX, flipY, flipPlus1, flipMinus1]
    }
}
