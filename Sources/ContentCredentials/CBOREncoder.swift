/// The few CBOR encodings this module writes: the COSE `Sig_structure` (an array of a text
/// string and byte strings), in the deterministic (shortest-length) form.
enum CBOREncoder {
    /// The initial byte(s) for `major` type with argument `value`.
    static func head(major: UInt8, _ value: UInt64) -> [UInt8] {
        let type = major << 5
        switch value {
        case 0..<24: return [type | UInt8(value)]
        case 24...0xff: return [type | 24, UInt8(value)]
        case 0x100...0xffff: return [type | 25] + bigEndian(value, count: 2)
        case 0x1_0000...0xffff_ffff: return [type | 26] + bigEndian(value, count: 4)
        default: return [type | 27] + bigEndian(value, count: 8)
        }
    }

    static func bigEndian(_ value: UInt64, count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    /// A definite byte string.
    static func bytes(_ value: [UInt8]) -> [UInt8] { head(major: 2, UInt64(value.count)) + value }

    /// A definite text string.
    static func text(_ value: String) -> [UInt8] {
        let utf8 = Array(value.utf8)
        return head(major: 3, UInt64(utf8.count)) + utf8
    }

    /// A definite array of already-encoded items.
    static func array(_ encodedItems: [[UInt8]]) -> [UInt8] {
        head(major: 4, UInt64(encodedItems.count)) + encodedItems.flatMap { $0 }
    }
}
