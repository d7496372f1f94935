@testable import MatchIndex

/// A small deterministic generator (SplitMix64) so test data is reproducible.
struct TestRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func hash() -> Hash256 { Hash256(next(), next(), next(), next()) }

    /// `hash` with exactly `distance` distinct bits flipped.
    mutating func flip(_ hash: Hash256, bits distance: Int) -> Hash256 {
        var positions = Set<Int>()
        while positions.count < distance { positions.insert(Int(next() % 256)) }
        var words = [hash.w0, hash.w1, hash.w2, hash.w3]
        for bit in positions { words[bit / 64] ^= 1 << UInt64(bit % 64) }
        return Hash256(words[0], words[1], words[2], words[3])
    }
}

/// Brute force: every (id, distance) within `threshold`, sorted like the index sorts.
func bruteForce(_ query: Hash256, hashes: [Hash256], ids: [EntryID], threshold: Int) -> [PDQMatch] {
    var out: [PDQMatch] = []
    for (hash, id) in zip(hashes, ids) {
        let distance = hash.distance(to: query)
        if distance <= threshold { out.append(PDQMatch(entryID: id, distance: distance, hash: hash)) }
    }
    return out.sorted { ($0.distance, $0.entryID) < ($1.distance, $1.entryID) }
}
