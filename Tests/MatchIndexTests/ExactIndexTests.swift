import BulwarkCore
import Testing
@testable import MatchIndex

@Suite("Exact digest index")
struct ExactIndexTests {
    let md5 = "d41d8cd98f00b204e9800998ecf8427e"
    let sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709"
    let sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    @Test("lookup returns every entry holding a digest, per type")
    func lookup() throws {
        let index = ExactIndex()
        try index.add(.md5, value: md5, id: 3)
        try index.add(.md5, value: md5.uppercased(), id: 1)
        try index.add(.md5, value: md5, id: 3)  // same pair again: kept once
        try index.add(.sha1, value: sha1, id: 2)
        try index.add(.sha256, value: sha256, id: 4)
        try index.add(.modelSHA256, value: sha256, id: 5)
        try index.add(SignalType("custom_digest"), value: "00ff", id: 6)
        #expect(try index.lookup(.md5, value: md5) == [1, 3])
        #expect(try index.lookup(.sha1, value: sha1) == [2])
        #expect(try index.lookup(.sha256, value: sha256) == [4])
        #expect(try index.lookup(.modelSHA256, value: sha256) == [5])
        #expect(try index.lookup(SignalType("custom_digest"), value: "00FF") == [6])
        #expect(try index.lookup(SignalType("custom_digest"), value: "0000ff").isEmpty)
        #expect(try index.lookup(.md5, value: "00000000000000000000000000000000").isEmpty)
        #expect(index.count == 6)
        #expect(index.count(of: .md5) == 2)
    }

    @Test("remove takes one holder away and leaves the others")
    func remove() throws {
        let index = ExactIndex()
        for id: EntryID in [1, 2, 3] { try index.add(.md5, value: md5, id: id) }
        #expect(try index.remove(.md5, value: md5, id: 1))
        #expect(try index.lookup(.md5, value: md5) == [2, 3])
        #expect(try !index.remove(.md5, value: md5, id: 1))
        #expect(try index.remove(.md5, value: md5, id: 3))
        #expect(try index.remove(.md5, value: md5, id: 2))
        #expect(try index.lookup(.md5, value: md5).isEmpty)
        #expect(index.count == 0)
        #expect(try !index.remove(.sha1, value: sha1, id: 9))
    }

    @Test("malformed values are refused with the reason and position",
          arguments: [
              ("md5", "d41d8cd98f00b204e9800998ecf8427", "expected 32 hex digits"),
              ("md5", "d41d8cd98f00b204e9800998ecf8427g", "character 32"),
              ("sha1", "", "expected 40 hex digits"),
              ("custom", "abc", "odd number"),
              ("custom", "", "empty"),
              ("custom", String(repeating: "a", count: 66), "at most 64"),
              ("custom", "zz", "character 1"),
              ("pdq", String(repeating: "a", count: 64), "matched by distance"),
          ])
    func malformed(type: String, value: String, expected: String) {
        do {
            _ = try ExactIndex().lookup(SignalType(type), value: value)
            Issue.record("accepted \(value)")
        } catch {
            #expect(error.description.contains(expected), "\(error)")
        }
    }

    @Test("digests round-trip through bytes and hex")
    func digestRoundTrip() throws {
        let digest = try ExactDigest(hex: sha256.uppercased())
        #expect(digest.hex == sha256)
        #expect(try ExactDigest(bytes: digest.bytes) == digest)
        #expect(try ExactDigest(hex: "00") != ExactDigest(hex: "0000"))
        #expect(throws: BulwarkError.self) { try ExactDigest(bytes: [UInt8]()) }
    }

    @Test("concurrent lookups while entries change")
    func concurrent() async throws {
        let index = ExactIndex()
        try index.add(.md5, value: md5, id: 1)
        let digest = try ExactDigest(hex: md5)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<2000 { #expect(index.lookup(.md5, digest: digest).contains(1)) }
                }
            }
            group.addTask {
                for id: EntryID in 2..<2000 {
                    index.add(.md5, digest: digest, id: id)
                    if id % 2 == 0 { index.remove(.md5, digest: digest, id: id) }
                }
            }
        }
        #expect(index.lookup(.md5, digest: digest).count == 1 + 999)
    }
}
