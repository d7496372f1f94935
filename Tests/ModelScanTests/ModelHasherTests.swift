import BulwarkCore
import Crypto
import Foundation
import Testing
@testable import ModelScan

@Suite("model hashes")
struct ModelHasherTests {
    @Test func streamedHashesMatchOneShotDigests() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Tensor data larger than several chunks, header length not a multiple of the chunk size.
        let tensors = (0..<5).map { ("t\($0)", "F32", [1000 + $0]) }
        let bytes = Fixtures.safetensors(tensors: tensors, metadata: ["k": "v"])
        let path = directory + "/m.safetensors"
        try Fixtures.write(bytes, to: path)
        let file = try FileByteSource(path: path)
        let header = try SafetensorsReader.read(from: file)
        for chunk in [4096, 5000, 1 << 20] {
            let hashes = try ModelHasher(chunkSize: chunk).hash(file, tensorDataStart: header.dataStart)
            #expect(hashes.sha256 == Hex.encode(SHA256.hash(data: bytes)))
            #expect(hashes.autoV3 == Hex.encode(SHA256.hash(data: Array(bytes[Int(header.dataStart)...]))))
            #expect(hashes.autoV2 == String(hashes.sha256.prefix(10)))
        }
    }

    @Test func signalsCarryEveryHash() throws {
        let hashes = ModelHashes(sha256: String(repeating: "ab", count: 32), autoV3: String(repeating: "cd", count: 32))
        #expect(hashes.signals.map(\.type) == [.modelSHA256, .modelAutoV2, .modelAutoV3])
        #expect(hashes.signals[1].value == "ababababab")
    }

    @Test func emptyFileHashes() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Fixtures.write([], to: directory + "/empty")
        let hashes = try ModelHasher().hash(try FileByteSource(path: directory + "/empty"))
        #expect(hashes.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func missingFileIsAnIOError() {
        #expect {
            try FileByteSource(path: "/nonexistent/model.safetensors")
        } throws: { error in
            guard case BulwarkError.io = error else { return false }
            return true
        }
    }
}
