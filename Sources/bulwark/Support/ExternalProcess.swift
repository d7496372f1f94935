import Foundation

/// Runs reference tools (Python scripts, Debian programs) for benchmarks and captures output.
enum ExternalProcess {
    struct Failure: Error, CustomStringConvertible {
        let command: String
        let status: Int32
        let stderr: String
        var description: String { "\(command) exited with \(status): \(stderr.suffix(2000))" }
    }

    /// Runs `arguments` (the first is looked up on PATH) and returns stdout; throws when the
    /// exit status is not 0.
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently so neither fills up and blocks the child.
        let errorData = LockedData()
        let reader = Thread { errorData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.isSet { usleep(1000) }
        guard process.terminationStatus == 0 else {
            throw Failure(command: arguments.joined(separator: " "), status: process.terminationStatus,
                          stderr: String(decoding: errorData.value, as: UTF8.self))
        }
        return output
    }

    private final class LockedData: @unchecked Sendable {
        private let lock = NSLock()
        private var data: Data?
        func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
        var isSet: Bool { lock.lock(); defer { lock.unlock() }; return data != nil }
        var value: Data { lock.lock(); defer { lock.unlock() }; return data ?? Data() }
    }

    /// The project's `bench/` directory of reference scripts: `$BULWARK_BENCH_DIR`, else
    /// `./bench`, else the one beside these sources.
    static func benchDirectory() -> String {
        if let configured = ProcessInfo.processInfo.environment["BULWARK_BENCH_DIR"] { return configured }
        if FileManager.default.fileExists(atPath: "bench/pdq_reference.py") { return "bench" }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("bench").path
    }
}
