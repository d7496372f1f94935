import BulwarkCore
import Testing
@testable import TextSafety

/// Random byte strings, biased towards what the normalizer treats specially (letters, digits,
/// leet symbols, separators, broken UTF-8, combining marks, confusables): nothing traps, every
/// reported span lies inside the input, and normalized offsets are ordered.
@Suite struct RandomInputTests {
    @Test func randomBytesNeverBreakTheEngine() throws {
        var state: UInt64 = 0xDEADBEEF
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("e".utf8), Array("n".utf8), Array("kid".utf8), Array("nude".utf8), Array("12".utf8),
            Array("3".utf8), Array("@".utf8), Array("!".utf8), Array(" ".utf8), Array(".".utf8), Array("yo".utf8),
            Array("\u{0301}".utf8), Array("\u{200B}".utf8), Array("а".utf8), Array("ß".utf8), Array("ｋ".utf8),
            [0xFF], [0xC3], [0x80], [0xE2, 0x82], [0xF0, 0x9F], [0xED, 0xA0, 0x80], [0x00], [0x7F],
        ]
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<next(60) { bytes += pieces[next(pieces.count)] }
            let result = try sharedEngine.check(utf8: bytes)
            for match in result.matches + result.firedRules.flatMap(\.spans) {
                #expect(match.start >= 0 && match.start <= match.end && match.end <= bytes.count)
            }
            for age in result.ages { #expect(age.start <= age.end && age.end <= bytes.count) }
            let normalized = bytes.withUnsafeBufferPointer { sharedEngine.normalizer.normalize(utf8: $0) }
            for i in normalized.chars.indices {
                #expect(normalized.starts[i] <= normalized.ends[i])
                if i > 0 { #expect(normalized.starts[i - 1] <= normalized.starts[i]) }
            }
        }
    }
}
