import BulwarkCore
import MediaDecoding
import PDQ

/// Everything `bulwark hash` reports for one file: exact digests always, for images the
/// format, dimensions, PDQ hash and quality (and optionally the dihedral hashes), and for
/// videos the container and the vPDQ hash.
public struct HashRecord: Sendable, Codable, Equatable {
    /// The file's path as given (or found under a given directory).
    public var path: String?
    /// File size in bytes.
    public var size: Int
    public var md5: String
    public var sha1: String
    public var sha256: String
    /// Image format from the magic bytes, when the content is an image.
    public var format: String?
    public var width: Int?
    public var height: Int?
    /// PDQ hash in hex.
    public var pdq: String?
    /// PDQ quality, 0...100.
    public var quality: Int?
    /// The eight dihedral PDQ hashes (original, rot90, rot180, rot270, flipX, flipY, flip+1, flip-1).
    public var dihedral: [String]?
    /// For videos: the vPDQ hash as a `vpdq` signal value (see `VPDQSignalValue`).
    public var vpdq: String?
    /// For videos: the number of frames in the vPDQ hash.
    public var vpdqFrames: Int?
    /// For videos whose decoding stopped early (damage, limits): why. The vPDQ hash then
    /// holds the frames hashed before that point.
    public var vpdqProblem: String?

    /// snake_case on the wire, as every other Bulwark output.
    private enum CodingKeys: String, CodingKey {
        case path, size, md5, sha1, sha256, format, width, height, pdq, quality, dihedral, vpdq
        case vpdqFrames = "vpdq_frames", vpdqProblem = "vpdq_problem"
    }

    public init(path: String?, size: Int, digests: ExactDigests, image: DecodedImage?, pdq: PDQResult?,
                dihedral: PDQDihedralHashes?) {
        self.path = path
        self.size = size
        md5 = digests.md5
        sha1 = digests.sha1
        sha256 = digests.sha256
        format = image?.format.rawValue
        width = image?.width
        height = image?.height
        self.pdq = pdq?.hash.hex
        quality = pdq?.quality
        self.dihedral = dihedral?.all.map(\.hex)
    }

    /// The record's signals: exact digests, plus PDQ or vPDQ when present.
    public var signals: [Signal] {
        var signals = [Signal(type: .md5, value: md5), Signal(type: .sha1, value: sha1), Signal(type: .sha256, value: sha256)]
        if let pdq { signals.append(Signal(type: .pdq, value: pdq)) }
        if let vpdq { signals.append(Signal(type: .vpdq, value: vpdq)) }
        return signals
    }
}
