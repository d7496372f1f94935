import BulwarkCore

/// The metadata of a GGUF file (llama.cpp's format for language models): version, counts,
/// every key/value pair (arrays summarised) and the tensor inventory.
public struct GGUFMetadata: Sendable, Hashable, Codable {
    /// The format version (2 or 3).
    public var version: UInt32
    /// The number of tensors the header declares.
    public var tensorCount: UInt64
    /// Scalar values as text; arrays as `array<type>[count]` plus their first few elements.
    public var values: [String: String]
    /// Key order as in the file.
    public var keys: [String]
    /// Tensor names (up to the tensor limit).
    public var tensorNames: [String]

    /// `general.architecture`, e.g. `llama`, `qwen2`.
    public var architecture: String? { values["general.architecture"] }
    /// `general.name`.
    public var name: String? { values["general.name"] }
}

/// Limits applied while reading GGUF metadata.
public struct GGUFLimits: Sendable, Hashable, Codable {
    /// The most key/value pairs.
    public var maxKeyValues: UInt64 = 100_000
    /// The most tensors.
    public var maxTensors: UInt64 = 1_000_000
    /// The longest key or string value, in bytes.
    public var maxStringBytes: UInt64 = 16 << 20
    /// The most elements in one array (tokenizer vocabularies reach a few hundred thousand).
    public var maxArrayElements: UInt64 = 50_000_000
    /// How many bytes of the file the header (metadata plus tensor infos) may span.
    public var maxHeaderBytes: UInt64 = 1 << 30
    /// How many characters of a string value to keep in the report.
    public var keptStringCharacters = 4096

    /// The default limits.
    public init() {}

    /// Decodes limits from JSON; missing keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = GGUFLimits()
        maxKeyValues = try c.decodeIfPresent(UInt64.self, forKey: .maxKeyValues) ?? defaults.maxKeyValues
        maxTensors = try c.decodeIfPresent(UInt64.self, forKey: .maxTensors) ?? defaults.maxTensors
        maxStringBytes = try c.decodeIfPresent(UInt64.self, forKey: .maxStringBytes) ?? defaults.maxStringBytes
        maxArrayElements = try c.decodeIfPresent(UInt64.self, forKey: .maxArrayElements) ?? defaults.maxArrayElements
        maxHeaderBytes = try c.decodeIfPresent(UInt64.self, forKey: .maxHeaderBytes) ?? defaults.maxHeaderBytes
        keptStringCharacters = try c.decodeIfPresent(Int.self, forKey: .keptStringCharacters) ?? defaults.keptStringCharacters
    }
}

/// Reads GGUF v2/v3 headers through a bounded cursor: nothing is loaded but the header.
public enum GGUFReader {
    /// `GGUF` in the first four bytes.
    public static let magic: [UInt8] = Array("GGUF".utf8)

    private enum ValueType: UInt32 {
        case uint8 = 0, int8, uint16, int16, uint32, int32, float32, bool, string, array, uint64, int64, float64

        var name: String { String(describing: self) }
        var fixedWidth: Int? {
            switch self {
            case .uint8, .int8, .bool: 1
            case .uint16, .int16: 2
            case .uint32, .int32, .float32: 4
            case .uint64, .int64, .float64: 8
            case .string, .array: nil
            }
        }
    }

    /// Reads the header of `source`.
    public static func read(from source: some ModelByteSource, limits: GGUFLimits = .init()) throws(BulwarkError) -> GGUFMetadata {
        var cursor = ByteCursor(source: source, end: min(source.size, limits.maxHeaderBytes), what: "GGUF header")
        let head = try cursor.readBytes(4, field: "magic")
        guard head == magic else { throw BulwarkError.invalidInput(what: "GGUF header", where: "byte 0", reason: "magic is not GGUF") }
        let version = UInt32(try cursor.readUInt(width: 4, field: "version"))
        guard version == 2 || version == 3 else {
            throw BulwarkError.unsupported(what: "GGUF version \(version)", reason: "only versions 2 and 3 are read")
        }
        let tensorCount = try cursor.readUInt(width: 8, field: "tensor count")
        let kvCount = try cursor.readUInt(width: 8, field: "key/value count")
        guard tensorCount <= limits.maxTensors else {
            throw BulwarkError.limitExceeded(what: "GGUF tensor count (byte 8)", limit: "\(limits.maxTensors)", actual: "\(tensorCount)")
        }
        guard kvCount <= limits.maxKeyValues else {
            throw BulwarkError.limitExceeded(what: "GGUF key/value count (byte 16)", limit: "\(limits.maxKeyValues)", actual: "\(kvCount)")
        }
        var values: [String: String] = [:]
        var keys: [String] = []
        for index in 0..<kvCount {
            let keyOffset = cursor.offset
            let key = try readString(&cursor, limits: limits, field: "key \(index)")
            guard values[key] == nil else {
                throw BulwarkError.invalidInput(what: "GGUF header", where: "byte \(keyOffset)", reason: "duplicate key \"\(key.prefix(100))\"")
            }
            let rawType = UInt32(try cursor.readUInt(width: 4, field: "type of \(key)"))
            guard let type = ValueType(rawValue: rawType) else {
                throw BulwarkError.invalidInput(what: "GGUF header", where: "byte \(cursor.offset - 4)", reason: "unknown value type \(rawType) for \(key.prefix(100))")
            }
            values[key] = try readValue(&cursor, type: type, limits: limits, field: key)
            keys.append(key)
        }
        var tensorNames: [String] = []
        for index in 0..<tensorCount {
            let name = try readString(&cursor, limits: limits, field: "tensor \(index) name")
            let dims = try cursor.readUInt(width: 4, field: "tensor \(index) dimension count")
            guard dims <= 8 else {
                throw BulwarkError.invalidInput(what: "GGUF header", where: "byte \(cursor.offset - 4)", reason: "tensor \(name.prefix(100)) has \(dims) dimensions")
            }
            try cursor.skip(dims * 8 + 4 + 8, field: "tensor \(index) shape, type and offset")
            tensorNames.append(name)
        }
        return GGUFMetadata(version: version, tensorCount: tensorCount, values: values, keys: keys, tensorNames: tensorNames)
    }

    private static func readString(_ cursor: inout ByteCursor, limits: GGUFLimits, field: String) throws(BulwarkError) -> String {
        let lengthOffset = cursor.offset
        let length = try cursor.readUInt(width: 8, field: "\(field) length")
        guard length <= limits.maxStringBytes else {
            throw BulwarkError.limitExceeded(what: "GGUF string \(field.prefix(100)) (byte \(lengthOffset))", limit: "\(limits.maxStringBytes)", actual: "\(length)")
        }
        let bytes = try cursor.readBytes(Int(length), field: field)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw BulwarkError.invalidInput(what: "GGUF header", where: "byte \(lengthOffset + 8)", reason: "\(field.prefix(100)) is not valid UTF-8")
        }
        return text
    }

    private static func readValue(_ cursor: inout ByteCursor, type: ValueType, limits: GGUFLimits, field: String) throws(BulwarkError) -> String {
        switch type {
        case .string:
            return String(try readString(&cursor, limits: limits, field: field).prefix(limits.keptStringCharacters))
        case .array:
            let rawElement = UInt32(try cursor.readUInt(width: 4, field: "\(field) element type"))
            guard let element = ValueType(rawValue: rawElement), element != .array else {
                throw BulwarkError.invalidInput(what: "GGUF header", where: "byte \(cursor.offset - 4)",
                                                reason: "array \(field.prefix(100)) has unsupported element type \(rawElement)")
            }
            let count = try cursor.readUInt(width: 8, field: "\(field) element count")
            guard count <= limits.maxArrayElements else {
                throw BulwarkError.limitExceeded(what: "GGUF array \(field.prefix(100))", limit: "\(limits.maxArrayElements)", actual: "\(count)")
            }
            var preview: [String] = []
            if let width = element.fixedWidth {
                let (bytes, overflow) = count.multipliedReportingOverflow(by: UInt64(width))
                guard !overflow else { throw BulwarkError.limitExceeded(what: "GGUF array \(field.prefix(100))", limit: "\(UInt64.max)", actual: "overflow") }
                let shown = min(count, 8)
                for _ in 0..<shown { preview.append(try readValue(&cursor, type: element, limits: limits, field: field)) }
                try cursor.skip(bytes - shown * UInt64(width), field: "array \(field)")
            } else {
                for index in 0..<count {
                    let text = try readString(&cursor, limits: limits, field: "\(field)[\(index)]")
                    if index < 8 { preview.append(String(text.prefix(64))) }
                }
            }
            return "array<\(element.name)>[\(count)] \(preview.joined(separator: ", "))\(count > 8 ? ", ..." : "")"
        case .bool:
            let b = try cursor.readUInt(width: 1, field: field)
            guard b <= 1 else { throw BulwarkError.invalidInput(what: "GGUF header", where: "byte \(cursor.offset - 1)", reason: "bool \(field.prefix(100)) is \(b)") }
            return b == 1 ? "true" : "false"
        case .uint8, .uint16, .uint32, .uint64:
            return String(try cursor.readUInt(width: type.fixedWidth ?? 8, field: field))
        case .int8: return String(Int8(truncatingIfNeeded: try cursor.readUInt(width: 1, field: field)))
        case .int16: return String(Int16(truncatingIfNeeded: try cursor.readUInt(width: 2, field: field)))
        case .int32: return String(Int32(truncatingIfNeeded: try cursor.readUInt(width: 4, field: field)))
        case .int64: return String(Int64(bitPattern: try cursor.readUInt(width: 8, field: field)))
        case .float32: return String(Float(bitPattern: UInt32(truncatingIfNeeded: try cursor.readUInt(width: 4, field: field))))
        case .float64: return String(Double(bitPattern: try cursor.readUInt(width: 8, field: field)))
        }
    }
}
