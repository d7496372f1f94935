import BulwarkCore

/// The parsed header of a safetensors file: tensor inventory and `__metadata__`.
///
/// Layout: 8-byte little-endian header length `n`, then `n` bytes of UTF-8 JSON (an object
/// mapping tensor names to `{dtype, shape, data_offsets}` plus an optional `__metadata__`
/// object of string values), then the tensor data.
public struct SafetensorsHeader: Sendable, Hashable {
    /// The JSON header's length in bytes (the value of the first 8 bytes).
    public var headerLength: UInt64
    /// Where tensor data begins in the file: `8 + headerLength`.
    public var dataStart: UInt64 { 8 + headerLength }
    /// The tensors in header order.
    public var tensors: [TensorInfo]
    /// `__metadata__` in header order.
    public var metadata: [(key: String, value: String)]
    /// Structural problems that did not stop parsing (bounds, overlap, size mismatches).
    public var findings: [ModelFinding]

    /// A metadata value by key.
    public func metadataValue(_ key: String) -> String? {
        metadata.first { $0.key == key }?.value
    }

    public static func == (lhs: SafetensorsHeader, rhs: SafetensorsHeader) -> Bool {
        lhs.headerLength == rhs.headerLength && lhs.tensors == rhs.tensors && lhs.findings == rhs.findings
            && lhs.metadata.map(\.key) == rhs.metadata.map(\.key) && lhs.metadata.map(\.value) == rhs.metadata.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(headerLength)
        hasher.combine(tensors)
    }
}

/// Reads and checks safetensors headers.
public enum SafetensorsReader {
    /// Whether `prefix` (at least 9 bytes of a file of `fileSize` bytes) looks like a
    /// safetensors file: a plausible length followed by `{`.
    public static func looksLikeSafetensors(prefix: [UInt8], fileSize: UInt64) -> Bool {
        guard prefix.count >= 9, fileSize >= 9 else { return false }
        let length = littleEndian64(prefix)
        return length >= 2 && length <= fileSize - 8 && prefix[8] == UInt8(ascii: "{")
    }

    /// Reads the header of `source`: checks the length against the cap and the file size,
    /// parses the JSON strictly and checks every tensor against the data section.
    public static func read(from source: some ModelByteSource, limits: SafetensorsLimits = .init()) throws(BulwarkError) -> SafetensorsHeader {
        let prefix = try source.readExactly(at: 0, count: 8, what: "safetensors header length")
        let length = littleEndian64(prefix)
        guard length <= limits.maxHeaderBytes else {
            throw BulwarkError.limitExceeded(what: "safetensors header length (bytes 0-7)",
                                             limit: "\(limits.maxHeaderBytes)", actual: "\(length)")
        }
        guard length <= source.size - 8 else {
            throw BulwarkError.invalidInput(
                what: "safetensors header length", where: "bytes 0-7",
                reason: "declares \(length) bytes but only \(source.size - 8) follow the length field")
        }
        let json = try source.readExactly(at: 8, count: Int(length), what: "safetensors header")
        return try parse(headerJSON: json, dataSize: source.size - 8 - length, limits: limits)
    }

    /// Parses the header JSON given the size of the data section that follows it.
    public static func parse(headerJSON json: [UInt8], dataSize: UInt64, limits: SafetensorsLimits = .init()) throws(BulwarkError) -> SafetensorsHeader {
        guard json.first == UInt8(ascii: "{") else {
            throw BulwarkError.invalidInput(what: "safetensors header", where: "byte 8", reason: "the JSON header must start with '{'")
        }
        let value = try StrictJSONParser(what: "safetensors header", baseOffset: 8).parse(json)
        guard case let .object(members) = value else {
            throw BulwarkError.invalidInput(what: "safetensors header", where: "byte 8", reason: "the header is not a JSON object")
        }
        guard members.count <= limits.maxTensors + 1 else {
            throw BulwarkError.limitExceeded(what: "safetensors tensor count", limit: "\(limits.maxTensors)", actual: "\(members.count)")
        }
        var tensors: [TensorInfo] = []
        tensors.reserveCapacity(members.count)
        var metadata: [(key: String, value: String)] = []
        var findings: [ModelFinding] = []
        for member in members {
            if member.key == "__metadata__" {
                metadata = try parseMetadata(member)
                continue
            }
            switch tensorInfo(member, limits: limits) {
            case let .success(info): tensors.append(info)
            case let .failure(finding): findings.append(finding)
            }
        }
        findings += checkLayout(tensors, dataSize: dataSize)
        return SafetensorsHeader(headerLength: UInt64(json.count), tensors: tensors, metadata: metadata, findings: findings)
    }

    private static func parseMetadata(_ member: JSONMember) throws(BulwarkError) -> [(key: String, value: String)] {
        guard case let .object(entries) = member.value else {
            throw BulwarkError.invalidInput(what: "safetensors __metadata__", where: "byte \(member.offset)", reason: "must be an object of strings")
        }
        var out: [(key: String, value: String)] = []
        out.reserveCapacity(entries.count)
        for entry in entries {
            guard let text = entry.value.stringValue else {
                throw BulwarkError.invalidInput(what: "safetensors __metadata__", where: "key \"\(entry.key.prefix(100))\" at byte \(entry.offset)",
                                                reason: "metadata values must be strings")
            }
            out.append((entry.key, text))
        }
        return out
    }

    private static func tensorInfo(_ member: JSONMember, limits: SafetensorsLimits) -> Result<TensorInfo, ModelFinding> {
        func bad(_ message: String) -> Result<TensorInfo, ModelFinding> {
            .failure(ModelFinding(kind: .malformed, code: "safetensors.tensor-entry", message: message,
                                  location: "tensor \"\(member.key.prefix(200))\" at byte \(member.offset)"))
        }
        guard case let .object(fields) = member.value else { return bad("a tensor entry must be an object") }
        for field in fields where field.key != "dtype" && field.key != "shape" && field.key != "data_offsets" {
            return bad("unknown field \"\(field.key.prefix(100))\" in a tensor entry")
        }
        guard let dtypeName = member.value["dtype"]?.stringValue else { return bad("missing or non-string dtype") }
        guard let dtype = TensorDType(rawValue: dtypeName) else { return bad("unknown dtype \"\(dtypeName.prefix(40))\"") }
        guard case let .array(dims)? = member.value["shape"] else { return bad("missing or non-array shape") }
        guard dims.count <= limits.maxDimensions else { return bad("\(dims.count) dimensions, over the limit of \(limits.maxDimensions)") }
        var shape: [UInt64] = []
        for dim in dims {
            guard let n = dim.unsignedValue else { return bad("shape entries must be non-negative integers") }
            shape.append(n)
        }
        guard case let .array(offsets)? = member.value["data_offsets"], offsets.count == 2,
              let start = offsets[0].unsignedValue, let end = offsets[1].unsignedValue
        else { return bad("data_offsets must be two non-negative integers") }
        guard start <= end else { return bad("data_offsets begin \(start) is after end \(end)") }
        let info = TensorInfo(name: member.key, dtype: dtype, shape: shape, dataStart: start, dataEnd: end)
        guard let count = info.elementCount else { return bad("the element count overflows 64 bits") }
        let (bits, overflow) = count.multipliedReportingOverflow(by: UInt64(dtype.bits))
        guard !overflow else { return bad("the byte size overflows 64 bits") }
        guard bits % 8 == 0 else { return bad("\(count) elements of \(dtype.rawValue) do not fill whole bytes") }
        guard end - start == bits / 8 else {
            return bad("data_offsets span \(end - start) bytes but \(dtype.rawValue) \(shape) needs \(bits / 8)")
        }
        return .success(info)
    }

    /// Bounds, overlap and gap checks over all tensors.
    private static func checkLayout(_ tensors: [TensorInfo], dataSize: UInt64) -> [ModelFinding] {
        var findings: [ModelFinding] = []
        for tensor in tensors where tensor.dataEnd > dataSize {
            findings.append(ModelFinding(kind: .malformed, code: "safetensors.out-of-bounds",
                                         message: "data_offsets [\(tensor.dataStart), \(tensor.dataEnd)) run past the data section of \(dataSize) bytes",
                                         location: "tensor \"\(tensor.name.prefix(200))\""))
        }
        let sorted = tensors.filter { $0.dataEnd > $0.dataStart }.sorted { ($0.dataStart, $0.dataEnd) < ($1.dataStart, $1.dataEnd) }
        var covered: UInt64 = 0
        var previous: TensorInfo?
        var gapBytes: UInt64 = 0
        for tensor in sorted {
            if tensor.dataStart < covered, let previous {
                findings.append(ModelFinding(kind: .malformed, code: "safetensors.overlap",
                                             message: "data [\(tensor.dataStart), \(tensor.dataEnd)) overlaps \"\(previous.name.prefix(200))\" [\(previous.dataStart), \(previous.dataEnd))",
                                             location: "tensor \"\(tensor.name.prefix(200))\""))
            } else if tensor.dataStart > covered {
                gapBytes += tensor.dataStart - covered
            }
            if tensor.dataEnd > covered {
                covered = tensor.dataEnd
                previous = tensor
            }
        }
        if covered < dataSize { gapBytes += dataSize - covered }
        if gapBytes > 0 {
            findings.append(ModelFinding(kind: .malformed, code: "safetensors.unreferenced-bytes",
                                         message: "\(gapBytes) bytes of the data section belong to no tensor (the reference loader rejects such files; data may be hidden there)",
                                         location: "data section"))
        }
        return findings
    }

    static func littleEndian64(_ bytes: [UInt8]) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<min(8, bytes.count) { value |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        return value
    }
}
