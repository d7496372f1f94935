import BulwarkCore
import PDQ

/// Computes vPDQ hashes of videos held in memory, like Meta's vPDQ reference
/// (`vpdq.computeHash`): FFmpeg decodes the first video stream, one frame every
/// ``VideoSampling/secondsPerHash`` seconds is converted to RGB and hashed with PDQ, and each
/// hashed frame keeps its number, quality and timestamp.
///
/// A hasher reuses its buffers between videos; use one per thread (it is not thread-safe).
public final class VideoHasher {
    /// Which frames are hashed.
    public let sampling: VideoSampling
    /// Limits on the input.
    public let limits: VideoLimits
    /// Decoder threads FFmpeg may use for one video (1 by default: callers parallelise across files).
    public let decoderThreads: Int
    /// What to do when the decoder finds damaged data.
    public let damage: VideoDamagePolicy

    private let pdq = PDQHasher()
    private var image = RGBImage(width: 0, height: 0, pixels: [])

    /// A hasher with the given sampling and limits.
    public init(sampling: VideoSampling = .default, limits: VideoLimits = .default, decoderThreads: Int = 1,
                damage: VideoDamagePolicy = .stop) {
        self.sampling = sampling
        self.limits = limits
        self.decoderThreads = decoderThreads
        self.damage = damage
    }

    /// The vPDQ hash of the video in `bytes`.
    ///
    /// Throws ``VideoHashingError``; when decoding fails part-way its `partial` holds the frames
    /// hashed before the failure.
    public func hash(_ bytes: [UInt8]) throws(VideoHashingError) -> VPDQHash {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(VideoHashingError) -> VPDQHash in try hash(raw) }
        }
        return try result.get()
    }

    /// The vPDQ hash of the video in `bytes` (which must stay valid during the call).
    public func hash(_ bytes: UnsafeRawBufferPointer) throws(VideoHashingError) -> VPDQHash {
        guard sampling.secondsPerHash.isFinite, sampling.secondsPerHash >= 0 else {
            throw VideoHashingError(kind: .unsupported, message: "seconds per hash must be a finite non-negative number")
        }
        var features: [VPDQFeature] = []
        var frameRate = 0.0
        do {
            try bytes.withMemoryRebound(to: UInt8.self) { buffer in
                try FFmpegFrameReader.read(
                    buffer, sampling: sampling, limits: limits, decoderThreads: decoderThreads, damage: damage,
                    opened: { info in frameRate = info.frameRate },
                    frame: { frame in
                        guard features.count < limits.maxHashedFrames else {
                            throw FFmpegFrameReader.Failure(kind: .limitExceeded,
                                                            message: "more than \(limits.maxHashedFrames) hashed frames",
                                                            decodedFrames: frame.frameNumber)
                        }
                        let result = hashFrame(frame)
                        features.append(VPDQFeature(
                            hash: result.hash, quality: result.quality, frameNumber: frame.frameNumber,
                            timestamp: VideoSampling.timestamp(frameNumber: frame.frameNumber, frameRate: frameRate)))
                    })
            }
        } catch let failure as FFmpegFrameReader.Failure {
            throw VideoHashingError(kind: failure.kind, message: failure.message, partial: VPDQHash(features: features),
                                    decodedFrames: failure.decodedFrames, byteOffset: failure.byteOffset)
        } catch let error as VideoHashingError {
            throw error
        } catch {
            throw VideoHashingError(kind: .corrupt, message: "\(error)", partial: VPDQHash(features: features))
        }
        return VPDQHash(features: features)
    }

    /// PDQ of one RGB frame, copied into the hasher's packed buffer.
    private func hashFrame(_ frame: SampledRGBFrame) -> PDQResult {
        let rowBytes = frame.width * 3
        if image.width != frame.width || image.height != frame.height {
            image = RGBImage(width: frame.width, height: frame.height,
                             pixels: [UInt8](repeating: 0, count: rowBytes * frame.height))
        }
        image.pixels.withUnsafeMutableBufferPointer { target in
            guard let targetBase = target.baseAddress else { return }
            for row in 0..<frame.height {
                (targetBase + row * rowBytes).update(from: frame.rows + row * frame.stride, count: rowBytes)
            }
        }
        return pdq.hash(image)
    }
}
