import BulwarkCore
/// An Aho-Corasick automaton compiled to a dense DFA over the normalized alphabet
/// (`a`-`z`, `0`-`9`, separator, other-script letter): one table look-up per character,
/// whatever the number of patterns.
struct AhoCorasick: Sendable {
    /// The number of symbols in the alphabet.
    static let alphabetSize = 38
    /// Maps a normalized byte to its symbol, or -1 for bytes outside the alphabet.
    static let symbolOf: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for c in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(c)] = Int8(c - UInt8(ascii: "a")) }
        for c in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(c)] = Int8(26 + c - UInt8(ascii: "0")) }
        table[Int(space)] = 36
        table[Int(otherLetter)] = 37
        return table
    }()

    /// `transitions[state * alphabetSize + symbol]` is the next state.
    let transitions: [Int32]
    /// Patterns ending at each state (including through suffix links): `outputs[outputStart[s]..<outputStart[s+1]]`.
    let outputStart: [Int32]
    let outputs: [Int32]
    /// The length of each pattern.
    let patternLengths: [Int32]

    /// The number of states.
    var stateCount: Int { outputStart.count - 1 }

    /// Builds the automaton. Bytes outside the alphabet in a pattern make it unmatchable and it is skipped.
    init(patterns: [[UInt8]]) {
        let width = Self.alphabetSize
        var goto: [Int32] = Array(repeating: -1, count: width)
        var own: [[Int32]] = [[]]
        for (index, pattern) in patterns.enumerated() {
            guard !pattern.isEmpty, pattern.allSatisfy({ Self.symbolOf[Int($0)] >= 0 }) else { continue }
            var state = 0
            for byte in pattern {
                let slot = state * width + Int(Self.symbolOf[Int(byte)])
                if goto[slot] < 0 {
                    goto[slot] = Int32(own.count)
                    own.append([])
                    goto.append(contentsOf: repeatElement(-1, count: width))
                }
                state = Int(goto[slot])
            }
            own[state].append(Int32(index))
        }
        let stateCount = own.count
        var fail = [Int32](repeating: 0, count: stateCount)
        var order: [Int] = []
        order.reserveCapacity(stateCount)
        for symbol in 0..<width {
            if goto[symbol] < 0 {
                goto[symbol] = 0
            } else {
                fail[Int(goto[symbol])] = 0
                order.append(Int(goto[symbol]))
            }
        }
        var head = 0
        while head < order.count {
            let state = order[head]
            head += 1
            for symbol in 0..<width {
                let slot = state * width + symbol
                let next = goto[slot]
                let viaFail = goto[Int(fail[state]) * width + symbol]
                if next < 0 {
                    goto[slot] = viaFail
                } else {
                    fail[Int(next)] = viaFail
                    order.append(Int(next))
                }
            }
        }
        // Outputs in BFS order, so a state's fail target is complete before it.
        var merged = own
        for state in order { merged[state].append(contentsOf: merged[Int(fail[state])]) }
        var outputStart: [Int32] = [0]
        var outputs: [Int32] = []
        for state in 0..<stateCount {
            outputs.append(contentsOf: merged[state])
            outputStart.append(Int32(outputs.count))
        }
        transitions = goto
        self.outputStart = outputStart
        self.outputs = outputs
        patternLengths = patterns.map { Int32($0.count) }
    }

    /// Calls `report(pattern, endIndex)` for every occurrence of every pattern in `text`,
    /// in order of end position (`endIndex` is the index of the last character).
    @inline(__always)
    func scan(_ text: UnsafeBufferPointer<UInt8>, _ report: (Int32, Int) -> Void) {
        transitions.withUnsafeBufferPointer { delta in
            outputStart.withUnsafeBufferPointer { starts in
                outputs.withUnsafeBufferPointer { outs in
                    let symbols = Self.symbolOf
                    var state = 0
                    for index in 0..<text.count {
                        let symbol = Int(symbols[Int(text[index])])
                        if symbol < 0 { state = 0; continue }
                        state = Int(delta[state &* Self.alphabetSize &+ symbol])
                        let first = Int(starts[state])
                        let last = Int(starts[state &+ 1])
                        if first != last {
                            for k in first..<last { report(outs[k], index) }
                        }
                    }
                }
            }
        }
    }
}
