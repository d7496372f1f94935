import Foundation
import Testing

/// Runs the Python oracle scripts that stand in for the reference implementations.
///
/// When the oracle's Python packages are missing the differential tests are skipped on a
/// developer machine, but in CI (`CI` set) they run and fail, so a green CI always means the
/// comparison really happened.
enum PythonOracle {
    static let isCI = ProcessInfo.processInfo.environment["CI"] != nil

    /// Whether `python3` can import every module in `modules`.
    static func available(_ modules: [String]) -> Bool {
        (try? run(["python3", "-c", modules.map { "import \($0)" }.joined(separator: "; ")])) != nil
    }

    /// Whether a differential test needing `modules` should run here.
    static func shouldRun(_ modules: [String]) -> Bool { isCI || available(modules) }

    /// The script `name` in this test target's Oracles folder.
    static func script(_ name: String, file: String = #filePath) -> String {
        URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Oracles/\(name)").path
    }

    /// Runs a command, returning stdout; throws with stderr when it fails.
    @discardableResult
    static func run(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe(), err = FileHandle(forWritingAtPath: "/dev/null")
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw OracleFailure(command: arguments.joined(separator: " "), status: process.terminationStatus)
        }
        return data
    }

    struct OracleFailure: Error, CustomStringConvertible {
        let command: String
        let status: Int32
        var description: String { "oracle command failed (\(status)): \(command)" }
    }
}
