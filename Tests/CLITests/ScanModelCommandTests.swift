import Foundation
import Testing

/// `bulwark scan-model --match-banks` end to end: a bank imported with the CLI lists a tiny
/// model's SHA-256, and the scan reports the match.
@Suite("bulwark scan-model")
struct ScanModelCommandTests {
    /// A one-tensor safetensors file: 8-byte little-endian header length, JSON header, data.
    static func tinyModel() -> [UInt8] {
        let header = Array(#"{"weight":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#.utf8)
        var bytes = withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init)
        bytes += header
        bytes += [0, 0, 128, 63]
        return bytes
    }

    @Test func modelHashesAreMatchedAgainstTheBanksInTheStore() throws {
        let directory = try TemporaryDirectory()
        let data = directory.path + "/data"
        let model = try directory.write("tiny.safetensors", Self.tinyModel())

        let hashed = try BulwarkProcess.run(["hash", model, "--format", "ndjson"])
        let row = try #require(JSONSerialization.jsonObject(with: Data(hashed.stdout.utf8)) as? [String: Any])
        let sha256 = try #require(row["sha256"] as? String)

        #expect(try BulwarkProcess.run(["banks", "create", "models", "--data-dir", data]).status == 0)
        let list = try directory.write("models.csv", Array("signal_type,value\nmodel_sha256,\(sha256)\n".utf8))
        let imported = try BulwarkProcess.run(["import", "models", list, "--format", "csv", "--data-dir", data])
        #expect(imported.status == 0, "\(imported.stderr)")

        let unmatched = try BulwarkProcess.run(["scan-model", model])
        #expect(!unmatched.stdout.contains("model.bank.match"))
        let matched = try BulwarkProcess.run(["scan-model", model, "--match-banks", "--data-dir", data])
        #expect(matched.stdout.contains("model.bank.match"), "\(matched.stdout.prefix(500)) \(matched.stderr)")
        #expect(matched.status == 2 || matched.status == 3)
    }
}
