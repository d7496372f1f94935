import BulwarkCore

/// A 256-bit hash compared by Hamming distance, such as a PDQ hash.
///
/// The bits are held as four big-endian 64-bit words: `w0` holds hex digits 0-15
/// (bytes 0-7), `w3` holds hex digits 48-63. Byte order only matters for parsing and
/// printing; the Hamming distance is the same in any order.
public struct Hash256: Hashable, Sendable, CustomStringConvertible {
    /// Bits 0-63 (hex digits 0-15), most significant first.
    public var w0: UInt64
    /// Bits 64-127 (hex digits 16-31).
    public var w1: UInt64
    /// Bits 128-191 (hex digits 32-47).
    public var w2: UInt64
    /// Bits 192-255 (hex digits 48-63).
    public var w3: UInt64

    /// A hash from its four big-endian words.
    @inlinable public init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    /// The hash with all bits zero.
    public static let zero = Hash256(0, 0, 0, 0)

    /// Parses exactly 64 hex digits (either case; surrounding white space is not allowed).
    ///
    /// Throws ``BulwarkError/invalidInput(what:where:reason:)`` naming the first bad
    /// character's position, or the wrong length.
    public init(hex: some StringProtocol) throws(BulwarkError) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var count = 0
        for c in hex.utf8 {
            guard count < 64 else { break }
            guard let value = Hex.nibble(c) else {
                throw BulwarkError.invalidInput(
                    what: "256-bit hash", where: "character \(count + 1)",
                    reason: c >= 0x20 && c < 0x7F ? "\"\(Character(Unicode.Scalar(c)))\" is not a hex digit"
                        : "byte 0x\(String(c, radix: 16)) is not a hex digit")
            }
            let nibble = UInt64(value)
            switch count / 16 {
            case 0: words.0 = words.0 << 4 | nibble
            case 1: words.1 = words.1 << 4 | nibble
            case 2: words.2 = words.2 << 4 | nibble
            default: words.3 = words.3 << 4 | nibble
            }
            count += 1
        }
        let total = hex.utf8.count
        guard total == 64 else {
            throw BulwarkError.invalidInput(
                what: "256-bit hash", where: nil, reason: "expected 64 hex digits, got \(total) characters")
        }
        self.init(words.0, words.1, words.2, words.3)
    }

    /// The hash from its 32 bytes in order (byte 0 is the first two hex digits).
    /// Returns `nil` unless `bytes` has exactly 32 elements.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        var words: [UInt64] = [0, 0, 0, 0]
        for (offset, byte) in bytes.enumerated() {
            words[offset / 8] = words[offset / 8] << 8 | UInt64(byte)
        }
        self.init(words[0], words[1], words[2], words[3])
    }

    /// The 32 bytes of the hash in order.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for word in [w0, w1, w2, w3] {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return out
    }

    /// Lowercase hex, 64 digits.
    public var hex: String { Hex.encode(bytes) }

    public var description: String { hex }

    /// The number of bits in which the two hashes differ (0...256).
    @inlinable public func distance(to other: Hash256) -> Int {
        (w0 ^ other.w0).nonzeroBitCount + (w1 ^ other.w1).nonzeroBitCount
            + (w2 ^ other.w2).nonzeroBitCount + (w3 ^ other.w3).nonzeroBitCount
    }

    /// The 32-bit substring number `index` (0...7): bits `32*index ..< 32*index+32`,
    /// most significant first.
    @inlinable public func substring(_ index: Int) -> UInt32 {
        let word = word(index >> 1)
        return UInt32(truncatingIfNeeded: (index & 1) == 0 ? word >> 32 : word)
    }

    /// 16-bit substring number `index` (0...15), most significant first.
    @inlinable public func chunk16(_ index: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: word(index >> 2) >> UInt64(48 - 16 * (index & 3))) & 0xffff
    }

    /// Word `index` (0...3): `w0`...`w3`.
    @inlinable public func word(_ index: Int) -> UInt64 {
        switch index {
        case 0: w0
        case 1: w1
        case 2: w2
        default: w3
        }
    }
}
