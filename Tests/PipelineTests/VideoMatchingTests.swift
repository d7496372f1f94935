import BulwarkCore
import Foundation
import Pipeline
import Store
import Testing
import VideoHashing

/// Videos through the pipeline: hashing gives exact digests and vPDQ, vPDQ entries in banks are
/// indexed, and match-by-upload finds a re-encoded copy of a banked video but not an unrelated
/// one. Videos are benign FFmpeg test sources made by the `ffmpeg` CLI.
@Suite(.serialized) struct VideoMatchingTests {
    static let isCI = ProcessInfo.processInfo.environment["CI"] != nil
    static let hasFFmpeg: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg", "-version"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()
    static let enabled = isCI || hasFFmpeg

    /// A video made by ffmpeg from a test source.
    static func video(_ source: String, seconds: Int, arguments: [String], extension ext: String) throws -> [UInt8] {
        let path = NSTemporaryDirectory() + "bulwark-video-\(UUID().uuidString).\(ext)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", source,
                             "-t", String(seconds)] + arguments + [path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BulwarkError.io(path: path, reason: "ffmpeg failed") }
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func original() throws -> [UInt8] {
        try video("testsrc2=size=320x240:rate=25", seconds: 6, arguments: ["-c:v", "libx264", "-pix_fmt", "yuv420p"], extension: "mp4")
    }

    static func reencoded() throws -> [UInt8] {
        try video("testsrc2=size=320x240:rate=25,scale=176:132", seconds: 6,
                  arguments: ["-c:v", "mpeg4", "-q:v", "8"], extension: "mkv")
    }

    static func unrelated() throws -> [UInt8] {
        try video("mandelbrot=size=320x240:rate=25", seconds: 4, arguments: ["-c:v", "libx264", "-pix_fmt", "yuv420p"], extension: "mp4")
    }

    @Test(.enabled(if: enabled, "needs ffmpeg")) func hashingAVideoGivesDigestsAndVPDQ() throws {
        let record = try ContentHasher().hash(try Self.original())
        #expect(record.format == "mp4")
        #expect(record.pdq == nil)
        #expect(record.vpdqFrames == 6)
        #expect(record.vpdqProblem == nil)
        let value = try #require(record.vpdq)
        #expect(try VPDQSignalValue.decode(value).features.count == 6)
        #expect(record.signals.map(\.type) == [.md5, .sha1, .sha256, .vpdq])
    }

    @Test(.enabled(if: enabled, "needs ffmpeg")) func uploadMatchesABankedVideoReencoded() async throws {
        let directory = NSTemporaryDirectory() + "bulwark-video-match-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteBankStore(dataDirectory: directory)
        let bank = try await store.createBank(BankDraft(name: "videos"))
        let original = try Self.original()
        let record = try ContentHasher().hash(original)
        let entry = try await store.addEntry(bankID: bank.id, EntryDraft(
            signal: Signal(type: .vpdq, value: try #require(record.vpdq)), labels: EntryLabels(category: "test")))
        _ = try await store.addEntry(bankID: bank.id, EntryDraft(signal: Signal(type: .md5, value: record.md5)))

        let service = MatchService(store: store)
        try await service.load()
        #expect(service.vpdqCount == 1)
        let matcher = UploadMatcher(service: service)

        let copy = try await matcher.match(try Self.reencoded())
        #expect(copy.report.matches.count == 1)
        let match = try #require(copy.report.matches.first)
        #expect(match.entryID == entry.id && match.signal.type == .vpdq)
        #expect(match.video?.isMatch == true)
        #expect((match.video?.queryMatchPercent ?? 0) >= 80)
        #expect(copy.report.decision.verdict == .block)
        #expect(copy.report.decision.reasons.first?.details["query_match_percent"] != nil)

        // The very same file also matches its MD5.
        let same = try await matcher.match(original)
        #expect(Set(same.report.matches.map(\.signal.type)) == [.md5, .vpdq])

        let other = try await matcher.match(try Self.unrelated())
        #expect(other.report.matches.isEmpty)

        // Removing the entry takes it out of the index.
        let tombstone = try await store.removeEntry(bankID: bank.id, entryID: entry.id, reason: "test")
        service.entryRemoved(tombstone)
        #expect(service.vpdqCount == 0)
        #expect(try await matcher.match(try Self.reencoded()).report.matches.isEmpty)
        try await store.close()
    }
}
