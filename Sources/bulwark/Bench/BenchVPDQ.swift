import ArgumentParser
import Foundation
import VideoHashing

/// vPDQ video hashing, one core: Bulwark's FFmpeg + Swift PDQ path against Meta's reference
/// (the `vpdq` package: FFmpeg + C++ PDQ), same files, one frame per second, and checks the
/// features agree.
struct BenchVPDQ: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vpdq", abstract: "vPDQ video hashing vs Meta's reference (the vpdq package), one core.")

    @Option(help: "Number of videos (FFmpeg test sources, H.264 in MP4).") var videos = 3
    @Option(help: "Length of each video in seconds.") var seconds = 20
    @Option(help: "Frame width.") var width = 1280
    @Option(help: "Frame height.") var height = 720
    @Option(help: "Frames per second.") var fps = 30
    @Option(help: "Times each video is hashed.") var rounds = 2
    @Option(help: "The CPU both sides are pinned to.") var cpu = 0

    static let sources = ["testsrc2", "smptehdbars", "life=mold=10:ratio=0.2:death_color=#202020:life_color=#e0a040", "cellauto=rule=110"]

    func validate() throws {
        guard videos >= 1, seconds >= 1, width >= 16, height >= 16, fps >= 1, rounds >= 1 else {
            throw ValidationError("sizes and counts must be positive")
        }
        guard (0..<64).contains(cpu) else { throw ValidationError("--cpu must be 0...63") }
    }

    func run() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-bench-vpdq-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        for index in 0..<videos {
            let source = Self.sources[index % Self.sources.count]
            let separator = source.contains("=") ? ":" : "="
            let path = directory.appendingPathComponent("video\(index).mp4").path
            try ExternalProcess.run([
                "ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi",
                "-i", "\(source)\(separator)size=\(width)x\(height):rate=\(fps)", "-t", String(seconds),
                "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", path,
            ])
            paths.append(path)
        }
        let manifestPath = directory.appendingPathComponent("manifest.txt").path
        try paths.joined(separator: "\n").write(toFile: manifestPath, atomically: true, encoding: .utf8)

        try Self.pinToCPU(cpu)
        let files = try paths.map { try [UInt8](Data(contentsOf: URL(fileURLWithPath: $0))) }
        let hasher = VideoHasher()
        let ours = try files.map { try hasher.hash($0) }
        let start = DispatchTime.now()
        for _ in 0..<rounds { for file in files { _ = try hasher.hash(file) } }
        let swiftSeconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9

        let output = try ExternalProcess.run([
            "taskset", "-c", String(cpu), "python3", ExternalProcess.benchDirectory() + "/vpdq_reference.py", manifestPath, String(rounds),
        ])
        let reference = try JSONDecoder().decode(VPDQReferenceOutput.self, from: output)
        var identical = 0
        for (mine, theirs) in zip(ours, reference.videos) where mine.features.count == theirs.count {
            let same = zip(mine.features, theirs).allSatisfy { feature, row in
                feature.frameNumber == row.frame && feature.quality == row.quality
                    && feature.hash.hex == row.hex && feature.timestamp == row.timestamp
            }
            if same { identical += 1 }
        }

        let decoded = Double(rounds * videos * seconds * fps)
        let hashed = Double(rounds * ours.reduce(0) { $0 + $1.features.count })
        print("vPDQ, one core (CPU \(cpu)), \(videos) H.264 videos of \(seconds) s at \(width)x\(height) \(fps) fps, 1 hash/s, \(rounds) rounds")
        print(String(format: "  bulwark (FFmpeg + Swift PDQ)   %8.1f decoded frames/s  %7.2f hashed frames/s",
                     decoded / swiftSeconds, hashed / swiftSeconds))
        print(String(format: "  vpdq (FFmpeg + C++ PDQ)        %8.1f decoded frames/s  %7.2f hashed frames/s   ratio %.2fx",
                     decoded / reference.seconds, hashed / reference.seconds, reference.seconds / swiftSeconds))
        print("  identical features: \(identical)/\(videos) videos")
        if identical != videos { throw ExitCode(1) }
    }

    /// Keeps this process (all its threads) on one CPU, as `taskset -c` does for the reference.
    static func pinToCPU(_ cpu: Int) throws {
        try ExternalProcess.run(["taskset", "-a", "-p", "-c", String(cpu), String(getpid())])
    }
}

private struct VPDQReferenceOutput: Decodable {
    struct Row: Decodable {
        let frame: Int, quality: Int, hex: String, timestamp: Double
        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            frame = try container.decode(Int.self)
            quality = try container.decode(Int.self)
            hex = try container.decode(String.self)
            timestamp = try container.decode(Double.self)
        }
    }
    let videos: [[Row]]
    let seconds: Double
}
