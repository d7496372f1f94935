import Foundation
import Testing
@testable import Provenance

/// Compares Bulwark's generator-parameter readers with sd-parsers (PyPI `sd-parsers`) on files
/// the oracle script writes.
@Suite struct SDParsersDifferentialTests {
    @Test func agreesWithSDParsers() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Oracles/sd_parsers_oracle.py")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-sdparsers-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, directory.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = "sd-parsers oracle unavailable (pip install sd-parsers pillow): \(errorText.suffix(300))"
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record(Comment(rawValue: message)) } else { print("skipped: \(message)") }
            return
        }
        let oracle = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(oracle.count == 5)
        let reader = ProvenanceReader()
        for (name, value) in oracle.sorted(by: { $0.key < $1.key }) {
            let expected = try #require(value as? [String: Any], "sd-parsers read nothing from \(name)")
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
            let report = reader.read(bytes)
            #expect(!report.isPartial, "\(name): \(report.problems)")
            let samplers = expected["samplers"] as? [[String: Any]] ?? []
            #expect(report.generations.count == samplers.count, "\(name)")
            #expect(report.generations.first?.generator.uppercased() == (expected["generator"] as? String), "\(name)")
            for (generation, sampler) in zip(report.generations, samplers) {
                #expect(generation.sampler == sampler["name"] as? String, "\(name) sampler")
                #expect(generation.prompt == (sampler["prompts"] as? [String])?.joined(separator: "\n"), "\(name) prompt")
                #expect(generation.negativePrompt == (sampler["negative_prompts"] as? [String])?.joined(separator: "\n"), "\(name) negative")
                #expect(generation.seed.map(String.init) == text(sampler["seed"]), "\(name) seed")
                if let steps = text(sampler["steps"]) { #expect(generation.steps.map(String.init) == steps, "\(name) steps") }
                if let cfg = text(sampler["cfg"]).flatMap(Double.init) { #expect(generation.cfgScale == cfg, "\(name) cfg") }
                if let model = sampler["model"] as? String { #expect(generation.checkpoint?.name == model, "\(name) model") }
                if let hash = sampler["model_hash"] as? String { #expect(generation.checkpoint?.hash == hash.lowercased(), "\(name) model hash") }
            }
        }
    }

    private func text(_ value: Any?) -> String? {
        switch value {
        case let string as String: return string
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }
}
