/// Limits on a video taken from outside, checked before and while it is decoded.
public struct VideoLimits: Hashable, Sendable {
    /// The largest file accepted, in bytes.
    public var maxBytes: Int
    /// The widest frame accepted, in pixels.
    public var maxWidth: Int
    /// The tallest frame accepted, in pixels.
    public var maxHeight: Int
    /// The longest video accepted, in seconds (from the container, and from decoded frames).
    public var maxDurationSeconds: Double
    /// The most frames decoded (sampled or not).
    public var maxDecodedFrames: Int
    /// The most frames hashed.
    public var maxHashedFrames: Int

    /// Limits from their parts. The defaults admit 8K video up to three hours long.
    public init(maxBytes: Int = 4 << 30, maxWidth: Int = 7680, maxHeight: Int = 4320,
                maxDurationSeconds: Double = 3 * 3600, maxDecodedFrames: Int = 3 * 3600 * 120,
                maxHashedFrames: Int = 3 * 3600 * 30) {
        self.maxBytes = maxBytes
        self.maxWidth = maxWidth
        self.maxHeight = maxHeight
        self.maxDurationSeconds = maxDurationSeconds
        self.maxDecodedFrames = maxDecodedFrames
        self.maxHashedFrames = maxHashedFrames
    }

    /// The default limits.
    public static let `default` = VideoLimits()
}
