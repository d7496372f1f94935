/// Which frames of a video are hashed, by the vPDQ reference's rule.
///
/// The reference hashes every `n`-th decoded frame, starting with the first, where
/// `n = Int(secondsPerHash * frameRate)` (truncated) and at least 1; the frame rate is the
/// stream's average frame rate, or its base frame rate when the average is unknown.
/// `secondsPerHash` 0 hashes every frame.
public struct VideoSampling: Hashable, Sendable {
    /// Seconds between hashed frames (the reference's `seconds_per_hash`, default 1).
    public var secondsPerHash: Double
    /// Scale frames to this width before hashing; nil keeps the video's width.
    public var width: Int?
    /// Scale frames to this height before hashing; nil keeps the video's height.
    public var height: Int?

    /// A sampling rule. `secondsPerHash` must be finite and non-negative.
    public init(secondsPerHash: Double = 1, width: Int? = nil, height: Int? = nil) {
        self.secondsPerHash = secondsPerHash
        self.width = width
        self.height = height
    }

    /// One frame per second, at the video's own size: the reference's default.
    public static let `default` = VideoSampling()

    /// The number of decoded frames between hashed frames at `frameRate` frames per second.
    public func frameInterval(frameRate: Double) -> Int {
        let product = secondsPerHash * frameRate
        guard product.isFinite, product >= 1 else { return 1 }
        return product >= Double(Int32.max) ? Int(Int32.max) : Int(product)
    }

    /// The timestamp the reference gives frame `frameNumber`: the division done in single precision.
    public static func timestamp(frameNumber: Int, frameRate: Double) -> Double {
        Double(Float(frameNumber) / Float(frameRate))
    }
}
