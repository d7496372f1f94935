/// A fast 64-bit checksum of a byte stream fed in pieces whose lengths are multiples of
/// eight bytes, for detecting corrupt snapshots (not an authenticator).
///
/// Four lanes take the stream's little-endian 64-bit words in turn, each mixed with the
/// multiply-rotate round of XXH64; the lanes and the length are folded at the end.
/// It is not XXH64 itself (no tail handling, different finalisation).
struct Checksum64 {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63

    private var lanes: (UInt64, UInt64, UInt64, UInt64) = (
        prime1 &+ prime2, prime2, 0, 0 &- prime1
    )
    private var words: UInt64 = 0

    init() {}

    @inline(__always) private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        let mixed = accumulator &+ input &* prime2
        return ((mixed << 31) | (mixed >> 33)) &* prime1
    }

    /// Feeds `bytes`; `bytes.count` must be a multiple of 8.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count % 8 == 0, "Checksum64 takes whole 64-bit words")
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count / 8
        var index = 0
        // Bring the lane rotation back to lane 0, then take four words at a time.
        while index < count && words % 4 != 0 { take(base.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)); index += 1 }
        var (a, b, c, d) = lanes
        while index + 4 <= count {
            a = Self.round(a, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)))
            b = Self.round(b, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index * 8 + 8, as: UInt64.self)))
            c = Self.round(c, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index * 8 + 16, as: UInt64.self)))
            d = Self.round(d, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index * 8 + 24, as: UInt64.self)))
            index += 4
            words &+= 4
        }
        lanes = (a, b, c, d)
        while index < count { take(base.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)); index += 1 }
    }

    private mutating func take(_ raw: UInt64) {
        let word = UInt64(littleEndian: raw)
        switch words % 4 {
        case 0: lanes.0 = Self.round(lanes.0, word)
        case 1: lanes.1 = Self.round(lanes.1, word)
        case 2: lanes.2 = Self.round(lanes.2, word)
        default: lanes.3 = Self.round(lanes.3, word)
        }
        words &+= 1
    }

    /// The checksum of everything fed so far.
    var value: UInt64 {
        func rotate(_ x: UInt64, _ by: UInt64) -> UInt64 { (x << by) | (x >> (64 - by)) }
        var hash = rotate(lanes.0, 1) &+ rotate(lanes.1, 7) &+ rotate(lanes.2, 12) &+ rotate(lanes.3, 18)
        hash = (hash ^ Self.round(0, lanes.0)) &* Self.prime1 &+ Self.prime4
        hash = (hash ^ Self.round(0, lanes.1)) &* Self.prime1 &+ Self.prime4
        hash = (hash ^ Self.round(0, lanes.2)) &* Self.prime1 &+ Self.prime4
        hash = (hash ^ Self.round(0, lanes.3)) &* Self.prime1 &+ Self.prime4
        hash &+= words &* 8
        hash ^= hash >> 33
        hash &*= Self.prime2
        hash ^= hash >> 29
        hash &*= Self.prime3
        hash ^= hash >> 32
        return hash
    }
}
