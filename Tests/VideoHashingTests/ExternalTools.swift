import Foundation
import Testing

/// The external programs these tests use: the `ffmpeg` CLI to make benign test videos from its
/// own test sources, and `python3` with the reference packages as the oracle.
///
/// When one is missing the tests that need it are skipped on a developer machine, but in CI
/// (`CI` set) they run and fail, so a green CI always means the comparison really happened.
enum ExternalTools {
    static let isCI = ProcessInfo.processInfo.environment["CI"] != nil

    /// Whether `ffmpeg` runs.
    static let hasFFmpeg = (try? run(["ffmpeg", "-version"])) != nil

    /// Whether `python3` can import every module in `modules`.
    static func hasPython(_ modules: [String]) -> Bool {
        (try? run(["python3", "-c", modules.map { "import \($0)" }.joined(separator: "; ")])) != nil
    }

    /// The script `name` in this test target's Oracles folder.
    static func script(_ name: String, file: String = #filePath) -> String {
        URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Oracles/\(name)").path
    }

    /// A new empty temporary directory.
    static func temporaryDirectory(_ label: String) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("bulwark-\(label)-\(getpid())-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Makes a video at `path` from an FFmpeg test source (`lavfi` filter graph).
    static func makeVideo(_ path: String, source: String, seconds: Double, arguments: [String]) throws {
        try run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", source,
                 "-t", String(seconds)] + arguments + [path])
    }

    /// Runs a command, returning stdout; throws with the exit status when it fails.
    @discardableResult
    static func run(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailure(command: arguments.joined(separator: " "), status: process.terminationStatus)
        }
        return data
    }

    struct ToolFailure: Error, CustomStringConvertible {
        let command: String
        let status: Int32
        var description: String { "command failed (\(status)): \(command)" }
    }
}
