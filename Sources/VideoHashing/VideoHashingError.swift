/// Why a video could not be hashed (completely).
///
/// When decoding fails part-way, ``partial`` holds the frames hashed before the failure, so a
/// caller can still match what was read and report where it stopped.
public struct VideoHashingError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Hashable, Sendable {
        /// The bytes are not a video FFmpeg can open (no container, no video stream, no decoder).
        case unreadable
        /// The stream is damaged: the demuxer or decoder reported an error part-way.
        case corrupt
        /// A configured limit was exceeded.
        case limitExceeded
        /// The video is well-formed but cannot be hashed (e.g. frames smaller than 5x5).
        case unsupported
    }

    /// What went wrong.
    public var kind: Kind
    /// A message saying what was wrong and where.
    public var message: String
    /// The frames hashed before the failure (empty when it failed before the first frame).
    public var partial: VPDQHash
    /// How many frames had been decoded when it failed.
    public var decodedFrames: Int
    /// The byte offset in the input where the demuxer was, when known.
    public var byteOffset: Int64?

    /// An error from its parts.
    public init(kind: Kind, message: String, partial: VPDQHash = VPDQHash(features: []),
                decodedFrames: Int = 0, byteOffset: Int64? = nil) {
        self.kind = kind
        self.message = message
        self.partial = partial
        self.decodedFrames = decodedFrames
        self.byteOffset = byteOffset
    }

    public var description: String {
        var text = "video: \(message)"
        if let byteOffset { text += " at byte \(byteOffset)" }
        if decodedFrames > 0 || !partial.isEmpty {
            text += " (after \(decodedFrames) decoded frames; \(partial.features.count) frames hashed so far)"
        }
        return text
    }
}
