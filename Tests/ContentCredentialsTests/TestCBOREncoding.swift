@testable import ContentCredentials

/// Test-only CBOR encoding of a `CBORValue` (definite lengths, shortest heads).
enum TestCBOREncoding {
    static func encode(_ value: CBORValue) -> [UInt8] {
        switch value {
        case let .unsigned(n): return CBOREncoder.head(major: 0, n)
        case let .negative(n): return CBOREncoder.head(major: 1, n)
        case let .bytes(b): return CBOREncoder.bytes(b)
        case let .text(t): return CBOREncoder.text(t)
        case let .array(items): return CBOREncoder.array(items.map(encode))
        case let .map(entries): return CBOREncoder.head(major: 5, UInt64(entries.count)) + entries.flatMap { encode($0.key) + encode($0.value) }
        case let .tagged(tag, inner): return CBOREncoder.head(major: 6, tag) + encode(inner)
        case let .bool(b): return [b ? 0xf5 : 0xf4]
        case .null: return [0xf6]
        case .undefined: return [0xf7]
        case let .simple(s): return s < 24 ? [0xe0 | s] : [0xf8, s]
        case let .float(d): return [0xfb] + CBOREncoder.bigEndian(d.bitPattern, count: 8)
        }
    }

    /// A map with text keys, in the given order.
    static func map(_ pairs: [(String, CBORValue)]) -> CBORValue {
        .map(pairs.map { CBORMapEntry(key: .text($0.0), value: $0.1) })
    }

    /// An integer (negative allowed).
    static func int(_ value: Int64) -> CBORValue {
        value >= 0 ? .unsigned(UInt64(value)) : .negative(UInt64(-1 - value))
    }
}
