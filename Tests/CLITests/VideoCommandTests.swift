import Foundation
import Testing

/// Video through the CLI doors: `bulwark hash` gives a vPDQ hash, a vpdq bank entry
/// imported from that output matches a re-encoded copy with `bulwark match`, and a malformed
/// vpdq value is refused by the import. Videos come from FFmpeg's own benign test source.
@Suite("bulwark video") struct VideoCommandTests {
    /// Runs the ffmpeg CLI; nil when it is missing (a failure under CI).
    static func ffmpeg(_ arguments: [String]) throws -> Bool {
        guard let path = ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("ffmpeg is missing (apt-get install ffmpeg)") }
            return false
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-loglevel", "error", "-y"] + arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test func hashImportAndMatchAVideo() throws {
        let directory = try TemporaryDirectory()
        let original = directory.path + "/clip.mp4"
        let copy = directory.path + "/copy.mp4"
        guard try Self.ffmpeg(["-f", "lavfi", "-i", "testsrc2=duration=3:size=320x240:rate=15", "-c:v", "libx264", "-pix_fmt", "yuv420p", original]),
              try Self.ffmpeg(["-i", original, "-c:v", "libx264", "-crf", "35", "-vf", "scale=240:180", copy])
        else { return }
        let data = directory.path + "/data"

        let hashed = try BulwarkProcess.run(["hash", original, "--format", "ndjson"])
        #expect(hashed.status == 0, "\(hashed.stderr)")
        let record = try #require(JSONSerialization.jsonObject(with: Data(hashed.stdout.utf8)) as? [String: Any])
        #expect(record["vpdq_frames"] as? Int == 3)
        let vpdq = try #require(record["vpdq"] as? String)

        #expect(try BulwarkProcess.run(["banks", "create", "videos", "--data-dir", data]).status == 0)
        let line = try JSONSerialization.data(withJSONObject: ["signal_type": "vpdq", "value": vpdq, "category": "test"])
        let entries = try directory.write("entries.ndjson", Array(line) + [10])
        let imported = try BulwarkProcess.run(["import", "videos", entries, "--format", "ndjson", "--data-dir", data])
        #expect(imported.status == 0, "\(imported.stderr)")

        let matched = try BulwarkProcess.run(["match", copy, "--data-dir", data])
        #expect(matched.stdout.contains("\"verdict\":\"block\""), "\(matched.stdout.prefix(400))")
        #expect(matched.stdout.contains("query_match_percent"))

        let bad = try directory.write("bad.ndjson", Array(#"{"signal_type":"vpdq","value":"[\"not a frame\"]"}"#.utf8) + [10])
        let refused = try BulwarkProcess.run(["import", "videos", bad, "--format", "ndjson", "--data-dir", data])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("vpdq"), "\(refused.stderr)")
    }
}
