/// A decoded CBOR (RFC 8949) data item.
///
/// Map entries keep their order and may have keys of any type. Tags keep their numbers.
public indirect enum CBORValue: Sendable, Hashable {
    /// Major type 0.
    case unsigned(UInt64)
    /// Major type 1: the value is `-1 - n`, kept as `n` so no value overflows.
    case negative(UInt64)
    /// Major type 2 (definite or the concatenation of an indefinite string's chunks).
    case bytes([UInt8])
    /// Major type 3.
    case text(String)
    /// Major type 4.
    case array([CBORValue])
    /// Major type 5, entries in encoded order.
    case map([CBORMapEntry])
    /// Major type 6: tag number and the tagged item.
    case tagged(UInt64, CBORValue)
    /// Simple values `false` / `true`.
    case bool(Bool)
    /// Simple value `null`.
    case null
    /// Simple value `undefined`.
    case undefined
    /// Any other simple value.
    case simple(UInt8)
    /// Half, single and double floats, widened.
    case float(Double)

    /// The text, if this is a text string.
    public var textValue: String? {
        if case let .text(value) = self { return value }
        return nil
    }

    /// The bytes, if this is a byte string.
    public var bytesValue: [UInt8]? {
        if case let .bytes(value) = self { return value }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [CBORValue]? {
        if case let .array(value) = self { return value }
        return nil
    }

    /// The entries, if this is a map.
    public var mapEntries: [CBORMapEntry]? {
        if case let .map(value) = self { return value }
        return nil
    }

    /// The integer value, if this is an integer that fits `Int64`.
    public var integerValue: Int64? {
        switch self {
        case let .unsigned(n): return n <= UInt64(Int64.max) ? Int64(n) : nil
        case let .negative(n): return n <= UInt64(Int64.max) ? -1 - Int64(n) : nil
        default: return nil
        }
    }

    /// The item under a text key, if this is a map holding one (first match).
    public subscript(key: String) -> CBORValue? {
        mapEntries?.first(where: { $0.key == .text(key) })?.value
    }

    /// The item under an integer key, if this is a map holding one (first match).
    public subscript(intKey key: Int64) -> CBORValue? {
        mapEntries?.first(where: { $0.key.integerValue == key })?.value
    }

    /// The item without any tags around it.
    public var untagged: CBORValue {
        var value = self
        while case let .tagged(_, inner) = value { value = inner }
        return value
    }
}

/// One key/value pair of a CBOR map.
public struct CBORMapEntry: Sendable, Hashable {
    /// The key.
    public var key: CBORValue
    /// The value.
    public var value: CBORValue

    /// Makes an entry.
    public init(key: CBORValue, value: CBORValue) {
        self.key = key
        self.value = value
    }
}
