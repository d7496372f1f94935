/// All bit masks of at most `radius` set bits within the low `bits` bits, each tagged
/// with its popcount: the buckets a multi-index search probes around a query key.
///
/// An entry is `mask | popcount << 27`. Entries are sorted by mask, so that probes which
/// share high bits (and therefore nearby buckets and memory) come one after another.
enum NeighbourMasks {
    /// The popcount is stored from this bit up; masks have at most 26 bits.
    static let countShift: UInt32 = 27
    /// Largest mask width and radius served from the precomputed table.
    static let tabulatedBits = 20
    static let tabulatedRadius = 3

    /// `table[bits][radius]` for bits 0...20 and radius 0...3.
    private static let table: [[[UInt32]]] = (0...tabulatedBits).map { bits in
        (0...tabulatedRadius).map { radius in generate(bits: bits, radius: radius) }
    }

    /// The masks for `bits` (0...26) bits and radius `radius` (>= 0).
    static func masks(bits: Int, radius: Int) -> [UInt32] {
        if bits <= tabulatedBits && radius <= tabulatedRadius { return table[bits][radius] }
        return generate(bits: bits, radius: radius)
    }

    /// Enumerates the masks by walking subsets of increasing size.
    static func generate(bits: Int, radius: Int) -> [UInt32] {
        precondition(bits >= 0 && bits <= 26 && radius >= 0)
        var out: [UInt32] = []
        func extend(mask: UInt32, count: UInt32, from bit: Int) {
            out.append(mask | count << countShift)
            guard count < UInt32(radius) else { return }
            var next = bit
            while next < bits {
                extend(mask: mask | (1 << UInt32(next)), count: count + 1, from: next + 1)
                next += 1
            }
        }
        extend(mask: 0, count: 0, from: 0)
        out.sort { ($0 & ((1 << countShift) - 1)) < ($1 & ((1 << countShift) - 1)) }
        return out
    }
}
