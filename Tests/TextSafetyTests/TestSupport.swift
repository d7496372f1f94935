import BulwarkCore
import Foundation
import Testing
@testable import TextSafety

/// The bundled engine, built once for all tests.
let sharedEngine: TextSafetyEngine = {
    do { return try TextSafetyEngine.bundled() } catch { fatalError("bundled engine failed to load: \(error)") }
}()

/// Checks a text with the shared engine.
func check(_ text: String) throws -> TextCheckResult { try sharedEngine.check(text) }

/// The original text of every match of a category.
func matched(_ result: TextCheckResult, _ category: TextCategory) -> [String] {
    result.matches.filter { $0.category == category }.map(\.text)
}

/// Runs a Python oracle script from Tests/TextSafetyTests/Oracles. Returns nil (after printing
/// why) when Python or the oracle's package is missing and CI is not set; records an issue
/// when CI is set.
func runOracle(_ script: String, _ arguments: [String] = []) -> String? {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Oracles").appendingPathComponent(script).path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", path] + arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    do { try process.run() } catch {
        return oracleMissing("python3 could not start: \(error)")
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        return oracleMissing("\(script) exited \(process.terminationStatus): \(String(decoding: errors, as: UTF8.self))")
    }
    return String(decoding: data, as: UTF8.self)
}

private func oracleMissing(_ why: String) -> String? {
    if ProcessInfo.processInfo.environment["CI"] != nil {
        Issue.record("oracle unavailable in CI: \(why)")
    } else {
        print("skipping oracle comparison: \(why)")
    }
    return nil
}
