import Crypto
import Foundation
import Reporting
import Testing

@Suite struct DirectoryFileSourceTests {
    func directory(with bytes: [UInt8], name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-files-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path + "/" + name))
        return path
    }

    func file(_ name: String, _ bytes: [UInt8]) -> ReportFile {
        ReportFile(name: name, sha256: SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined(), size: Int64(bytes.count), aiGenerated: false)
    }

    @Test func readsAFileThatMatchesItsHashAndSize() async throws {
        let bytes = Array("benign bytes".utf8)
        let source = DirectoryFileSource(directory: try directory(with: bytes, name: "a.txt"))
        #expect(try await source.bytes(for: file("a.txt", bytes)) == bytes)
        // Only the last path component counts: "../x/a.txt" still reads a.txt inside the directory.
        #expect(try await source.bytes(for: file("../elsewhere/a.txt", bytes)) == bytes)
    }

    @Test func refusesMismatchedMissingAndOversizedFiles() async throws {
        let bytes = Array("benign bytes".utf8)
        let path = try directory(with: bytes, name: "a.txt")
        let source = DirectoryFileSource(directory: path, maxBytes: 100)
        var wrongHash = file("a.txt", bytes)
        wrongHash.sha256 = String(repeating: "0", count: 64)
        let mismatch = await #expect(throws: ReportingError.self) { _ = try await source.bytes(for: wrongHash) }
        #expect(mismatch?.description.contains("SHA-256") == true)
        var wrongSize = file("a.txt", bytes)
        wrongSize.size = 3
        await #expect(throws: ReportingError.self) { _ = try await source.bytes(for: wrongSize) }
        await #expect(throws: ReportingError.self) { _ = try await source.bytes(for: file("missing.txt", bytes)) }
        await #expect(throws: ReportingError.self) { _ = try await source.bytes(for: file("..", bytes)) }
        var huge = file("a.txt", bytes)
        huge.size = 1000
        let tooBig = await #expect(throws: ReportingError.self) { _ = try await source.bytes(for: huge) }
        #expect(tooBig?.description.contains("exceeds") == true)
    }
}
