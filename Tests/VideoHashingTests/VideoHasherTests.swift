import Foundation
import PDQ
import Testing
@testable import VideoHashing

/// Decoding, sampling, limits and damaged input, on benign videos made with the FFmpeg CLI.
@Suite("Video hashing", .serialized)
struct VideoHasherTests {
    static let enabled = ExternalTools.isCI || ExternalTools.hasFFmpeg

    /// A 6-second 25 fps MJPEG video in AVI (one independently coded picture per packet).
    static let mjpegVideo: Result<[UInt8], any Error> = Result {
        let path = try ExternalTools.temporaryDirectory("video") + "/testsrc2.avi"
        try ExternalTools.makeVideo(path, source: "testsrc2=size=160x120:rate=25", seconds: 6,
                                    arguments: ["-c:v", "mjpeg", "-q:v", "5"])
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func samplingIntervalFollowsTheReference() {
        #expect(VideoSampling().frameInterval(frameRate: 25) == 25)
        #expect(VideoSampling().frameInterval(frameRate: 30000.0 / 1001) == 29)
        #expect(VideoSampling().frameInterval(frameRate: 0.5) == 1)
        #expect(VideoSampling(secondsPerHash: 0).frameInterval(frameRate: 30) == 1)
        #expect(VideoSampling(secondsPerHash: 2.5).frameInterval(frameRate: 30000.0 / 1001) == 74)
        #expect(VideoSampling(secondsPerHash: 1e300).frameInterval(frameRate: 30) == Int(Int32.max))
        #expect(VideoSampling.timestamp(frameNumber: 29, frameRate: 30000.0 / 1001) == Double(Float(29) / Float(30000.0 / 1001)))
    }

    @Test(.enabled(if: enabled, "needs ffmpeg")) func hashesOneFramePerSecond() throws {
        let hash = try VideoHasher().hash(try Self.mjpegVideo.get())
        #expect(hash.features.map(\.frameNumber) == [0, 25, 50, 75, 100, 125])
        #expect(hash.features.map(\.timestamp) == [0, 1, 2, 3, 4, 5])
        #expect(hash.features.allSatisfy { $0.quality >= 50 })
        #expect(Set(hash.features.map(\.hash)).count == 6)
    }

    @Test(.enabled(if: enabled, "needs ffmpeg")) func notAVideoIsUnreadable() {
        for bytes in [[UInt8](), [UInt8](repeating: 0x41, count: 4096), Array("plain text, not a video".utf8)] {
            #expect {
                _ = try VideoHasher().hash(bytes)
            } throws: { error in
                (error as? VideoHashingError)?.kind == .unreadable
            }
        }
    }

    @Test(.enabled(if: enabled, "needs ffmpeg")) func damagedStreamReportsTheFramesHashedSoFar() throws {
        var bytes = try Self.mjpegVideo.get()
        // Overwrite the middle of the file (frame data, past the headers) with a byte pattern.
        let start = bytes.count / 2
        for offset in start..<min(bytes.count, start + 30_000) { bytes[offset] = UInt8(truncatingIfNeeded: offset &* 7) }
        do {
            let hash = try VideoHasher().hash(bytes)
            Issue.record("a damaged stream hashed without error: \(hash.features.count) frames")
        } catch {
            #expect(error.kind == .corrupt)
            #expect(!error.partial.isEmpty)
            #expect(error.partial.features.count < 6)
            #expect(error.partial.features.first?.frameNumber == 0)
            #expect(error.description.contains("frames hashed so far"))
        }
        // Concealing damage, as the reference does, hashes every sampled frame.
        #expect(try VideoHasher(damage: .conceal).hash(bytes).features.count == 6)
    }

    @Test(.enabled(if: enabled, "needs ffmpeg")) func truncatedFileHashesWhatIsThereOrSaysWhy() throws {
        let bytes = try Self.mjpegVideo.get()
        let complete = try VideoHasher().hash(bytes)
        let truncated = Array(bytes.prefix(bytes.count / 2))
        do {
            let partial = try VideoHasher().hash(truncated)
            #expect(partial.features.count >= 1 && partial.features.count < 6)
            #expect(Array(complete.features.prefix(partial.features.count)) == partial.features)
        } catch {
            #expect(Array(complete.features.prefix(error.partial.features.count)) == error.partial.features)
        }
        #expect(throws: VideoHashingError.self) { _ = try VideoHasher().hash(Array(bytes.prefix(100))) }
    }

    @Test(.enabled(if: enabled, "needs ffmpeg")) func limitsStopDecodingWithTheFramesSoFar() throws {
        let bytes = try Self.mjpegVideo.get()
        let cases: [(VideoLimits, Int?)] = [
            (VideoLimits(maxBytes: 1000), 0),
            (VideoLimits(maxWidth: 100), 0),
            (VideoLimits(maxHeight: 100), 0),
            (VideoLimits(maxDurationSeconds: 2.5), nil),
            (VideoLimits(maxDecodedFrames: 60), 3),
            (VideoLimits(maxHashedFrames: 4), 4),
        ]
        for (limits, partialCount) in cases {
            do {
                _ = try VideoHasher(limits: limits).hash(bytes)
                Issue.record("\(limits) did not stop the video")
            } catch {
                #expect(error.kind == .limitExceeded, "\(limits)")
                if let partialCount { #expect(error.partial.features.count == partialCount, "\(limits)") }
            }
        }
    }

    @Test(.enabled(if: enabled, "needs ffmpeg")) func tooSmallFramesAreUnsupported() throws {
        let path = try ExternalTools.temporaryDirectory("video") + "/tiny.mkv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ExternalTools.makeVideo(path, source: "testsrc=size=4x4:rate=5", seconds: 1, arguments: ["-c:v", "ffv1"])
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect { _ = try VideoHasher().hash(bytes) } throws: { error in (error as? VideoHashingError)?.kind == .unsupported }
    }

    @Test(.enabled(if: enabled, "needs ffmpeg")) func scalesFramesWhenAsked() throws {
        let hash = try VideoHasher(sampling: VideoSampling(width: 64, height: 64)).hash(try Self.mjpegVideo.get())
        #expect(hash.features.count == 6)
        #expect(hash.features != (try VideoHasher().hash(try Self.mjpegVideo.get())).features)
    }
}
