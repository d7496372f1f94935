import BulwarkCore
import Foundation
import Testing
@testable import ModelScan

/// Differential tests: the `safetensors`, `gguf` and `picklescan` PyPI packages write files or
/// judge them independently, and ModelScan must agree.
@Suite("oracles", .serialized)
struct OracleDifferentialTests {
    @Test func safetensorsWrittenByTheReferencePackage() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        guard let manifest = try Oracle.run("safetensors", in: directory) as? [[String: Any]] else { return }
        #expect(manifest.count == 6)
        for entry in manifest {
            let path = try #require(entry["path"] as? String)
            let report = try await ModelScanner().scan(path: path)
            let source = try FileByteSource(path: path)
            let header = try SafetensorsReader.read(from: source)
            #expect(header.findings.isEmpty, "\(path): \(header.findings)")
            let expected = try #require(entry["tensors"] as? [String: [String: Any]])
            #expect(Set(header.tensors.map(\.name)) == Set(expected.keys), "\(path)")
            for tensor in header.tensors {
                #expect(tensor.dtype.rawValue == expected[tensor.name]?["dtype"] as? String, "\(tensor.name)")
                #expect(tensor.shape.map(Int.init) == expected[tensor.name]?["shape"] as? [Int], "\(tensor.name)")
            }
            let metadata = entry["metadata"] as? [String: String] ?? [:]
            #expect(Dictionary(uniqueKeysWithValues: header.metadata.map { ($0.key, $0.value) }) == metadata, "\(path)")
            #expect(report.hashes?.sha256 == entry["sha256"] as? String, "\(path)")
            #expect(report.hashes?.autoV3 == entry["autov3"] as? String, "\(path)")
            let name = (path as NSString).lastPathComponent
            let expectedArchitecture: [String: (ModelArchitecture.Kind, ModelFamily)] = [
                "sd1_lora.safetensors": (.lora, .sd1), "sdxl_lora.safetensors": (.lora, .sdxl), "flux_lora.safetensors": (.lora, .flux),
                "sd2_checkpoint.safetensors": (.checkpoint, .sd2), "embedding.safetensors": (.textualInversion, .sd1),
            ]
            if let (kind, family) = expectedArchitecture[name] {
                #expect(report.architecture?.kind == kind, "\(name)")
                #expect(report.architecture?.family == family, "\(name)")
            }
            if name == "sd1_lora.safetensors" {
                #expect(report.training?.tagTotals.first?.tag == "sample tag")
                #expect(report.training?.outputName == "sample_output")
                #expect(report.training?.networkModule == "networks.lora")
            }
        }
    }

    @Test func ggufWrittenByTheReferencePackage() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        guard let manifest = try Oracle.run("gguf", in: directory) as? [[String: Any]] else { return }
        let entry = try #require(manifest.first)
        let metadata = try GGUFReader.read(from: FileByteSource(path: try #require(entry["path"] as? String)))
        let fields = try #require(entry["fields"] as? [String: [String: Any]])
        #expect(Set(metadata.keys) == Set(fields.keys))
        for (key, field) in fields {
            let ours = try #require(metadata.values[key])
            if let text = field["string"] as? String { #expect(ours == text, "\(key)") }
            if let count = field["array"] as? Int { #expect(ours.hasPrefix("array<") && ours.contains(">[\(count)]"), "\(key)") }
            if field["bool"] != nil { #expect(ours == ((field["bool"] as? Bool) == true ? "true" : "false"), "\(key)") }
            if let number = field["scalar"] as? NSNumber { #expect(Double(ours) == number.doubleValue, "\(key)") }
        }
        #expect(metadata.tensorNames == entry["tensors"] as? [String])
        #expect(metadata.architecture == "llama")
    }

    @Test func picklesAgreeWithPicklescan() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        guard let manifest = try Oracle.run("pickles", in: directory) as? [[String: Any]] else { return }
        #expect(manifest.count >= 20)
        for entry in manifest {
            let path = try #require(entry["path"] as? String)
            let report = ModelScanner().scan(source: try FileByteSource(path: path), name: path)
            let ours = Set((report.pickle?.imports ?? []).map { "\($0.module) \($0.name) \($0.safety.rawValue)" })
            if let exception = entry["exception"] as? String {
                Issue.record("picklescan raised on \(path): \(exception)")
                continue
            }
            let theirs = Set((entry["globals"] as? [[String]] ?? []).map { $0.joined(separator: " ") })
            #expect(ours == theirs, "\(path)")
            let dangerous = ours.contains { $0.hasSuffix(" dangerous") }
            #expect((report.decision.verdict == .block) == dangerous, "\(path): \(report.decision.verdict)")
            if entry["scan_err"] as? Bool == true {
                #expect(report.findings.contains { $0.kind == .malformed && $0.code.hasPrefix("pickle.") }, "\(path)")
            }
        }
    }
}
