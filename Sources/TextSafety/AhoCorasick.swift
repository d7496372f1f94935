import BulwarkCore
/// An Aho-Corasick automaton compiled to a dense DFA over the normalized alphabet
/// (`a`-`z`, `0`-`9`, separator, other-script letter): one table look-up per character,
/// whatever the number of patterns.
struct AhoCorasick: Sendable {
    /// The number of symbols in the alphabet.
    static let alphabetSize = 38
    /// The state reached from a row through `transitions`, from the stored value.
    @inline(__always) static func state(ofRow value: UInt32) -> Int { Int(value & stateMask) / alphabetSize }

    /// Maps a normalized byte to its symbol; bytes outside the alphabet (never produced by the
    /// normalizer) read as the separator, so no input can index outside a row.
    static let symbolOrSeparator: [UInt8] = symbolOf.map { $0 < 0 ? 36 : UInt8($0) }

    /// Maps a normalized byte to its symbol, or -1 for bytes outside the alphabet.
    static let symbolOf: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for c in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(c)] = Int8(c - UInt8(ascii: "a")) }
        for c in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(c)] = Int8(26 + c - UInt8(ascii: "0")) }
        table[Int(space)] = 36
        table[Int(otherLetter)] = 37
        return table
    }()

    /// `transitions[row + symbol]` is the next state's row (`state * alphabetSize`), with
    /// ``outputFlag`` set when that state ends a pattern (so the output table is only read on
    /// a match). Rows instead of state numbers keep a multiplication off the hot loop.
    let transitions: [UInt32]
    /// Patterns ending at each state (including through suffix links): `outputs[outputStart[s]..<outputStart[s+1]]`.
    let outputStart: [Int32]
    let outputs: [Int32]
    /// The length of each pattern.
    let patternLengths: [Int32]

    /// Set in a transition whose target state has outputs.
    static let outputFlag: UInt32 = 1 << 31
    static let stateMask: UInt32 = ~outputFlag

    /// The number of states.
    var stateCount: Int { outputStart.count - 1 }

    /// Builds the automaton. Bytes outside the alphabet in a pattern make it unmatchable and it
    /// is skipped. States are numbered breadth-first, so the shallow states that most text
    /// visits share cache lines.
    init(patterns: [[UInt8]]) {
        let width = Self.alphabetSize
        // Trie in insertion order.
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
        // Breadth-first order of the trie, then renumber.
        var order = [0]
        order.reserveCapacity(stateCount)
        var head = 0
        while head < order.count {
            let state = order[head]
            head += 1
            for symbol in 0..<width where goto[state * width + symbol] >= 0 {
                order.append(Int(goto[state * width + symbol]))
            }
        }
        var newNumber = [Int32](repeating: 0, count: stateCount)
        for (position, state) in order.enumerated() { newNumber[state] = Int32(position) }
        var trie = [Int32](repeating: -1, count: stateCount * width)
        var outputsOf = [[Int32]](repeating: [], count: stateCount)
        for old in 0..<stateCount {
            let new = Int(newNumber[old])
            outputsOf[new] = own[old]
            for symbol in 0..<width {
                let target = goto[old * width + symbol]
                trie[new * width + symbol] = target < 0 ? -1 : newNumber[Int(target)]
            }
        }
        // Failure links and the full DFA. States are numbered breadth-first, so a state's
        // failure target (shallower) has its row complete before the state is processed; a
        // state's own row still holds -1 for missing edges when it is processed.
        var fail = [Int32](repeating: 0, count: stateCount)
        for state in 0..<stateCount {
            for symbol in 0..<width {
                let slot = state * width + symbol
                let child = trie[slot]
                if state == 0 {
                    if child < 0 { trie[slot] = 0 } else { fail[Int(child)] = 0 }
                } else if child < 0 {
                    trie[slot] = trie[Int(fail[state]) * width + symbol]
                } else {
                    fail[Int(child)] = trie[Int(fail[state]) * width + symbol]
                }
            }
        }
        var merged = outputsOf
        for state in 1..<max(1, stateCount) { merged[state].append(contentsOf: merged[Int(fail[state])]) }
        var outputStart: [Int32] = [0]
        var outputs: [Int32] = []
        for state in 0..<stateCount {
            outputs.append(contentsOf: merged[state])
            outputStart.append(Int32(outputs.count))
        }
        transitions = trie.map { target in
            let t = Int(target)
            return UInt32(t * width) | (outputStart[t + 1] > outputStart[t] ? Self.outputFlag : 0)
        }
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
                    var row = 0
                    for index in 0..<text.count {
                        let symbol = Int(symbols[Int(text[index])])
                        if symbol < 0 { row = 0; continue }
                        let next = delta[row &+ symbol]
                        row = Int(next & Self.stateMask)
                        if next & Self.outputFlag != 0 {
                            let state = row / Self.alphabetSize
                            for k in Int(starts[state])..<Int(starts[state &+ 1]) { report(outs[k], index) }
                        }
                    }
                }
            }
        }
    }
}
