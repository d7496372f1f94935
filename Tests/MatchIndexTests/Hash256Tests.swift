import BulwarkCore
import Testing
@testable import MatchIndex

@Suite("256-bit hash values")
struct Hash256Tests {
    @Test("hex and bytes round-trip; distance counts differing bits")
    func roundTrip() throws {
        let text = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
        let hash = try Hash256(hex: text.uppercased())
        #expect(hash.hex == text)
        #expect(Hash256(bytes: hash.bytes) == hash)
        #expect(hash.distance(to: hash) == 0)
        let flipped = Hash256(hash.w0 ^ 1, hash.w1 ^ 0x8000_0000_0000_0000, hash.w2, hash.w3 ^ 0xF)
        #expect(hash.distance(to: flipped) == 6)
        #expect(hash.substring(0) == 0xf8f8_f0ce)
        #expect(hash.substring(7) == 0x4e9c_9b22)
        #expect(Hash256(bytes: [UInt8](repeating: 0, count: 31)) == nil)
    }

    @Test("malformed hex is refused with the reason",
          arguments: [
              ("", "got 0 characters"),
              (String(repeating: "0", count: 63), "got 63 characters"),
              (String(repeating: "0", count: 65), "got 65 characters"),
              (String(repeating: "0", count: 10) + "x" + String(repeating: "0", count: 53), "character 11"),
              (" " + String(repeating: "0", count: 63), "character 1"),
              (String(repeating: "é", count: 32), "character 1"),
          ])
    func malformed(text: String, expected: String) {
        do {
            _ = try Hash256(hex: text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains(expected), "\(error)")
        }
    }
}
