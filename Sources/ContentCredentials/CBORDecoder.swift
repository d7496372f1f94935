/// A CBOR (RFC 8949) decoder for untrusted bytes.
///
/// It bounds nesting depth, the number of items and every declared length; a declared length
/// longer than the bytes that remain is refused before anything is allocated. Indefinite-length
/// strings, arrays and maps are supported; tags keep their numbers; half, single and double
/// floats are widened to `Double`. Every error names the byte offset.
public struct CBORDecoder: Sendable {
    /// The deepest nesting of arrays, maps and tags.
    public var maxDepth: Int
    /// The most data items in one document.
    public var maxItems: Int
    /// The longest string, and the largest array or map count.
    public var maxLength: Int

    /// Makes a decoder with the given limits.
    public init(maxDepth: Int = 64, maxItems: Int = 1_000_000, maxLength: Int = 32 << 20) {
        self.maxDepth = maxDepth
        self.maxItems = maxItems
        self.maxLength = maxLength
    }

    /// Makes a decoder with the CBOR limits of `limits`.
    public init(limits: C2PALimits) {
        self.init(maxDepth: limits.maxCBORDepth, maxItems: limits.maxCBORItems, maxLength: limits.maxCBORStringBytes)
    }

    /// Decodes exactly one data item that fills `bytes`.
    public func decode(_ bytes: [UInt8]) throws(ContentCredentialsError) -> CBORValue {
        var cursor = Cursor(bytes: bytes, decoder: self)
        let value = try cursor.item(depth: 0)
        guard cursor.offset == bytes.count else {
            throw ContentCredentialsError("CBOR", at: "byte \(cursor.offset)", "\(bytes.count - cursor.offset) bytes after the data item")
        }
        return value
    }

    /// Decodes the first data item of `bytes` and returns it with the offset just past it.
    public func decodePrefix(_ bytes: [UInt8]) throws(ContentCredentialsError) -> (value: CBORValue, end: Int) {
        var cursor = Cursor(bytes: bytes, decoder: self)
        let value = try cursor.item(depth: 0)
        return (value, cursor.offset)
    }

    /// The reading state over one document.
    private struct Cursor {
        let bytes: [UInt8]
        let decoder: CBORDecoder
        var offset = 0
        var items = 0

        init(bytes: [UInt8], decoder: CBORDecoder) {
            self.bytes = bytes
            self.decoder = decoder
        }

        func fail(_ reason: String, at position: Int? = nil) -> ContentCredentialsError {
            ContentCredentialsError("CBOR", at: "byte \(position ?? offset)", reason)
        }

        var remaining: Int { bytes.count - offset }

        mutating func byte() throws(ContentCredentialsError) -> UInt8 {
            guard offset < bytes.count else { throw fail("unexpected end of data") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func bigEndian(_ count: Int) throws(ContentCredentialsError) -> UInt64 {
            guard remaining >= count else { throw fail("unexpected end of data in a \(count)-byte argument") }
            var value: UInt64 = 0
            for index in offset..<(offset + count) { value = value << 8 | UInt64(bytes[index]) }
            offset += count
            return value
        }

        /// The argument of an initial byte; `nil` for the indefinite-length marker (31).
        mutating func argument(_ info: UInt8, start: Int) throws(ContentCredentialsError) -> UInt64? {
            switch info {
            case 0..<24: return UInt64(info)
            case 24: return try bigEndian(1)
            case 25: return try bigEndian(2)
            case 26: return try bigEndian(4)
            case 27: return try bigEndian(8)
            case 31: return nil
            default: throw fail("reserved additional information \(info)", at: start)
            }
        }

        /// A declared length, checked against the limits and the bytes that remain.
        func length(_ value: UInt64, minimumBytesEach: Int, start: Int, what: String) throws(ContentCredentialsError) -> Int {
            guard value <= UInt64(decoder.maxLength) else {
                throw fail("\(what) length \(value) is over the limit \(decoder.maxLength)", at: start)
            }
            let count = Int(value)
            let (needed, overflow) = count.multipliedReportingOverflow(by: minimumBytesEach)
            guard !overflow, needed <= remaining else {
                throw fail("\(what) declares \(count) but only \(remaining) bytes remain", at: start)
            }
            return count
        }

        mutating func countItem(start: Int) throws(ContentCredentialsError) {
            items += 1
            guard items <= decoder.maxItems else { throw fail("more than \(decoder.maxItems) data items", at: start) }
        }

        mutating func item(depth: Int) throws(ContentCredentialsError) -> CBORValue {
            let start = offset
            try countItem(start: start)
            let initial = try byte()
            let major = initial >> 5
            let info = initial & 0x1f
            switch major {
            case 0:
                guard let value = try argument(info, start: start) else { throw fail("indefinite length on an integer", at: start) }
                return .unsigned(value)
            case 1:
                guard let value = try argument(info, start: start) else { throw fail("indefinite length on an integer", at: start) }
                return .negative(value)
            case 2:
                return .bytes(try string(major: 2, info: info, start: start))
            case 3:
                let raw = try string(major: 3, info: info, start: start)
                guard let text = String(validating: raw, as: UTF8.self) else { throw fail("text string is not valid UTF-8", at: start) }
                return .text(text)
            case 4:
                return .array(try array(info: info, start: start, depth: depth))
            case 5:
                return .map(try map(info: info, start: start, depth: depth))
            case 6:
                guard let tag = try argument(info, start: start) else { throw fail("indefinite length on a tag", at: start) }
                guard depth < decoder.maxDepth else { throw fail("nesting deeper than \(decoder.maxDepth)", at: start) }
                return .tagged(tag, try item(depth: depth + 1))
            default:
                return try simpleOrFloat(info: info, start: start)
            }
        }

        mutating func string(major: UInt8, info: UInt8, start: Int) throws(ContentCredentialsError) -> [UInt8] {
            if let declared = try argument(info, start: start) {
                let count = try length(declared, minimumBytesEach: 1, start: start, what: "string")
                defer { offset += count }
                return Array(bytes[offset..<(offset + count)])
            }
            var joined: [UInt8] = []
            while true {
                let chunkStart = offset
                let chunkInitial = try byte()
                if chunkInitial == 0xff { return joined }
                guard chunkInitial >> 5 == major, chunkInitial & 0x1f != 31 else {
                    throw fail("indefinite-length string chunk is not a definite string of the same type", at: chunkStart)
                }
                try countItem(start: chunkStart)
                guard let declared = try argument(chunkInitial & 0x1f, start: chunkStart) else {
                    throw fail("nested indefinite-length chunk", at: chunkStart)
                }
                let count = try length(declared, minimumBytesEach: 1, start: chunkStart, what: "string chunk")
                guard joined.count + count <= decoder.maxLength else {
                    throw fail("indefinite-length string is longer than the limit \(decoder.maxLength)", at: chunkStart)
                }
                joined.append(contentsOf: bytes[offset..<(offset + count)])
                offset += count
            }
        }

        mutating func array(info: UInt8, start: Int, depth: Int) throws(ContentCredentialsError) -> [CBORValue] {
            guard depth < decoder.maxDepth else { throw fail("nesting deeper than \(decoder.maxDepth)", at: start) }
            var elements: [CBORValue] = []
            if let declared = try argument(info, start: start) {
                let count = try length(declared, minimumBytesEach: 1, start: start, what: "array")
                elements.reserveCapacity(count)
                for _ in 0..<count { elements.append(try item(depth: depth + 1)) }
                return elements
            }
            while true {
                guard offset < bytes.count else { throw fail("indefinite-length array has no break") }
                if bytes[offset] == 0xff {
                    offset += 1
                    return elements
                }
                elements.append(try item(depth: depth + 1))
            }
        }

        mutating func map(info: UInt8, start: Int, depth: Int) throws(ContentCredentialsError) -> [CBORMapEntry] {
            guard depth < decoder.maxDepth else { throw fail("nesting deeper than \(decoder.maxDepth)", at: start) }
            var entries: [CBORMapEntry] = []
            if let declared = try argument(info, start: start) {
                let count = try length(declared, minimumBytesEach: 2, start: start, what: "map")
                entries.reserveCapacity(count)
                for _ in 0..<count {
                    let key = try item(depth: depth + 1)
                    entries.append(CBORMapEntry(key: key, value: try item(depth: depth + 1)))
                }
                return entries
            }
            while true {
                guard offset < bytes.count else { throw fail("indefinite-length map has no break") }
                if bytes[offset] == 0xff {
                    offset += 1
                    return entries
                }
                let key = try item(depth: depth + 1)
                guard offset < bytes.count, bytes[offset] != 0xff else { throw fail("map key without a value") }
                entries.append(CBORMapEntry(key: key, value: try item(depth: depth + 1)))
            }
        }

        mutating func simpleOrFloat(info: UInt8, start: Int) throws(ContentCredentialsError) -> CBORValue {
            switch info {
            case 20: return .bool(false)
            case 21: return .bool(true)
            case 22: return .null
            case 23: return .undefined
            case 24:
                let value = try byte()
                guard value >= 32 else { throw fail("two-byte simple value \(value) below 32", at: start) }
                return .simple(value)
            case 25: return .float(Self.halfToDouble(UInt16(try bigEndian(2))))
            case 26: return .float(Double(Float(bitPattern: UInt32(try bigEndian(4)))))
            case 27: return .float(Double(bitPattern: try bigEndian(8)))
            case 31: throw fail("break outside an indefinite-length item", at: start)
            case 28, 29, 30: throw fail("reserved additional information \(info)", at: start)
            default: return .simple(info)
            }
        }

        /// IEEE 754 binary16 to `Double`.
        static func halfToDouble(_ half: UInt16) -> Double {
            let exponent = Int((half >> 10) & 0x1f)
            let mantissa = Double(half & 0x3ff)
            let magnitude: Double
            switch exponent {
            case 0: magnitude = mantissa * 0x1p-24
            case 31: magnitude = mantissa == 0 ? .infinity : .nan
            default: magnitude = (1 + mantissa / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
            }
            return half & 0x8000 != 0 ? -magnitude : magnitude
        }
    }
}
