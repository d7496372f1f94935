import BulwarkCore
import Testing
@testable import ModelScan

@Suite("GGUF metadata")
struct GGUFReaderTests {
    @Test func readsValues() throws {
        let bytes = Fixtures.gguf(strings: [("general.architecture", "llama"), ("general.name", "Tiny")], uint32s: [("llama.context_length", 4096)])
        let metadata = try GGUFReader.read(from: MemoryByteSource(bytes))
        #expect(metadata.version == 3)
        #expect(metadata.architecture == "llama")
        #expect(metadata.name == "Tiny")
        #expect(metadata.values["llama.context_length"] == "4096")
        #expect(metadata.keys == ["general.architecture", "general.name", "llama.context_length"])
    }

    @Test func truncatedHeader() {
        let bytes = Fixtures.gguf(strings: [("general.architecture", "llama")])
        #expect {
            try GGUFReader.read(from: MemoryByteSource(Array(bytes.prefix(bytes.count - 3))))
        } throws: { error in "\(error)".contains("remain") }
    }

    @Test func unsupportedVersion() {
        let bytes = Fixtures.gguf(strings: [], version: 1)
        #expect {
            try GGUFReader.read(from: MemoryByteSource(bytes))
        } throws: { error in "\(error)".contains("GGUF version 1") }
    }

    @Test func hugeCountsAreLimits() {
        var bytes = Array("GGUF".utf8) + Fixtures.littleEndian(3, width: 4) + Fixtures.littleEndian(0) + Fixtures.littleEndian(UInt64.max)
        bytes += [0, 0, 0, 0]
        #expect {
            try GGUFReader.read(from: MemoryByteSource(bytes))
        } throws: { error in
            guard case BulwarkError.limitExceeded = error else { return false }
            return true
        }
    }

    @Test func hugeStringLength() {
        var bytes = Array("GGUF".utf8) + Fixtures.littleEndian(3, width: 4) + Fixtures.littleEndian(0) + Fixtures.littleEndian(1)
        bytes += Fixtures.littleEndian(UInt64.max - 1)
        #expect(throws: BulwarkError.self) { try GGUFReader.read(from: MemoryByteSource(bytes)) }
    }

    @Test func duplicateKey() {
        let bytes = Fixtures.gguf(strings: [("a", "1"), ("a", "2")])
        #expect {
            try GGUFReader.read(from: MemoryByteSource(bytes))
        } throws: { error in "\(error)".contains("duplicate key \"a\"") }
    }

    @Test func badMagic() {
        #expect(throws: BulwarkError.self) { try GGUFReader.read(from: MemoryByteSource(Array("GGUX0000".utf8))) }
    }
}
