import Testing
@testable import TextSafety

@Suite struct AhoCorasickTests {
    /// Every occurrence found by the automaton equals every occurrence found by brute force.
    @Test func agreesWithBruteForceOnRandomInputs() {
        var state: UInt64 = 12345
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        let alphabet = Array("abc ".utf8)
        for _ in 0..<200 {
            let patterns: [[UInt8]] = (0..<(1 + next(12))).map { _ in (0..<(1 + next(5))).map { _ in alphabet[next(4)] } }
            let text: [UInt8] = (0..<next(200)).map { _ in alphabet[next(4)] }
            let automaton = AhoCorasick(patterns: patterns)
            var found: [[Int]] = []
            text.withUnsafeBufferPointer { buffer in
                automaton.scan(buffer) { pattern, end in found.append([Int(pattern), end]) }
            }
            var expected: [[Int]] = []
            for end in text.indices {
                for (index, pattern) in patterns.enumerated() where pattern.count <= end + 1 {
                    if Array(text[(end + 1 - pattern.count)...end]) == pattern { expected.append([index, end]) }
                }
            }
            #expect(found.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) })
        }
    }

    @Test func patternsOutsideTheAlphabetAreSkipped() {
        let automaton = AhoCorasick(patterns: [Array("a-b".utf8), Array("ab".utf8)])
        var found: [Int32] = []
        Array("ab a-b".utf8).withUnsafeBufferPointer { automaton.scan($0) { pattern, _ in found.append(pattern) } }
        #expect(found == [1])
    }
}
