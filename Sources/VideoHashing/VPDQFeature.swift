import PDQ

/// One hashed video frame: what Meta's vPDQ reference calls a `vpdqFeature`.
///
/// The reference hashes one frame every `secondsPerHash` seconds with PDQ and keeps, for each,
/// the frame's number (its position among decoded frames, from 0), the PDQ quality and the
/// frame's time in seconds (`frameNumber / frameRate`, computed in single precision as the
/// reference does).
public struct VPDQFeature: Hashable, Sendable, Codable {
    /// The frame's PDQ hash.
    public var hash: PDQHash
    /// PDQ quality, 0...100. Matching ignores frames below the quality threshold.
    public var quality: Int
    /// The frame's index among all decoded frames, starting at 0.
    public var frameNumber: Int
    /// The frame's time from the start of the video, in seconds.
    public var timestamp: Double

    /// A feature from its parts.
    public init(hash: PDQHash, quality: Int, frameNumber: Int, timestamp: Double) {
        self.hash = hash
        self.quality = quality
        self.frameNumber = frameNumber
        self.timestamp = timestamp
    }
}
