import BulwarkCore

/// A 256-bit PDQ hash.
///
/// Bit `k` (0...255) is set when DCT coefficient `k` (row-major over the 16x16 block) is
/// above the median. The hex form is Meta's: 64 lowercase hex digits, most significant
/// bit (bit 255) first, exactly as the C++ reference's `Hash256::format()` and
/// python-threatexchange print it.
public struct PDQHash: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The bits as four little-endian 64-bit words: bit `k` is bit `k % 64` of `words[k / 64]`.
    public var words: SIMD4<UInt64>

    /// The all-zero hash (what the reference returns for images smaller than 5x5).
    public static let zero = PDQHash(words: .zero)

    public init(words: SIMD4<UInt64>) { self.words = words }

    /// Parses 64 hex digits (either case, surrounding white space ignored).
    public init(hex: some StringProtocol) throws(BulwarkError) {
        let utf8 = Array(hex.trimmingWhitespace().utf8)
        guard utf8.count == 64 else {
            throw .invalidInput(what: "PDQ hash", where: nil,
                                reason: "expected 64 hex digits, got \(utf8.count) characters")
        }
        var words = SIMD4<UInt64>.zero
        for (position, byte) in utf8.enumerated() {
            guard let nibble = Hex.nibble(byte) else {
                throw .invalidInput(what: "PDQ hash", where: "character \(position + 1)",
                                    reason: "'\(UnicodeScalar(byte))' is not a hex digit")
            }
            // Character 0 holds bits 255...252; word 3 holds bits 255...192.
            let word = 3 - position / 16
            words[word] = words[word] << 4 | UInt64(nibble)
        }
        self.words = words
    }

    /// Whether bit `index` (0...255) is set.
    @inlinable public func bit(_ index: Int) -> Bool {
        (words[index >> 6] >> UInt64(index & 63)) & 1 == 1
    }

    /// Sets bit `index` (0...255).
    @inlinable public mutating func setBit(_ index: Int) {
        words[index >> 6] |= 1 << UInt64(index & 63)
    }

    /// The 64-digit lowercase hex form, most significant bit first.
    public var hex: String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        for word in stride(from: 3, through: 0, by: -1) {
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: words[word] >> UInt64(shift)))
            }
        }
        return Hex.encode(bytes)
    }

    public var description: String { hex }

    /// The number of bits that differ from `other` (0...256).
    @inlinable public func distance(to other: PDQHash) -> Int {
        let x = words ^ other.words
        return x[0].nonzeroBitCount + x[1].nonzeroBitCount + x[2].nonzeroBitCount + x[3].nonzeroBitCount
    }

    /// The number of set bits.
    public var popcount: Int { distance(to: .zero) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(hex: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }

    /// This hash as a BulwarkCore signal.
    public var signal: Signal { Signal(type: .pdq, value: hex) }
}
