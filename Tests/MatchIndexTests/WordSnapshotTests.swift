import Foundation
import MatchIndex
import Testing

/// The checksummed word file beside the index snapshot: it reads back what was written, and
/// a wrong magic, a truncated file, an oversized count or an edited word is a clear error.
@Suite struct WordSnapshotTests {
    static let magic: UInt64 = 0x1234_5678_9ABC_DEF0

    static func path() -> String { NSTemporaryDirectory() + "bulwark-words-\(UUID().uuidString)" }

    @Test func roundTrip() throws {
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let words: [UInt64] = [1, 2, .max, 0, 42]
        try WordSnapshot.write(words, magic: Self.magic, to: path)
        #expect(try WordSnapshot.read(from: path, magic: Self.magic, maxWords: 10) == words)
    }

    @Test func damagedFilesAreErrors() throws {
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try WordSnapshot.write(Array(0..<100), magic: Self.magic, to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))

        #expect(throws: SnapshotError.self) { try WordSnapshot.read(from: path, magic: Self.magic + 1, maxWords: 1000) }
        let oversized = #expect(throws: SnapshotError.self) { try WordSnapshot.read(from: path, magic: Self.magic, maxWords: 99) }
        #expect(oversized.map { "\($0)" }?.contains("word count") == true)

        try bytes.prefix(bytes.count - 12).write(to: URL(fileURLWithPath: path))
        let truncated = #expect(throws: SnapshotError.self) { try WordSnapshot.read(from: path, magic: Self.magic, maxWords: 1000) }
        #expect(truncated.map { "\($0)" }?.contains("truncated") == true)

        var edited = [UInt8](bytes)
        edited[40] ^= 1
        try Data(edited).write(to: URL(fileURLWithPath: path))
        let corrupt = #expect(throws: SnapshotError.self) { try WordSnapshot.read(from: path, magic: Self.magic, maxWords: 1000) }
        #expect(corrupt.map { "\($0)" }?.contains("checksum") == true)

        try (bytes + Data([0, 0, 0, 0, 0, 0, 0, 0])).write(to: URL(fileURLWithPath: path))
        #expect(throws: SnapshotError.self) { try WordSnapshot.read(from: path, magic: Self.magic, maxWords: 1000) }
    }
}
