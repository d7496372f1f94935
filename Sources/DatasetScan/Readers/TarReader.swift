/// A strict, streaming reader of ustar / pax / GNU tar archives, as img2dataset and
/// webdataset write them: one pass, nothing extracted, nothing trusted.
///
/// Every field is bounds-checked: header checksums are verified, sizes must be octal or
/// GNU base-256 within ``Limits``, pax records must be well formed, and an archive that ends
/// inside a header, a member or before its end-of-archive blocks is a
/// ``DatasetScanError/truncatedTar(offset:reason:)``. The reader never traps on its input.
///
/// Use: call ``next()`` for each member header, then ``readData()`` or ``skipData()``
/// (calling ``next()`` again skips the unread payload).
public struct TarReader<Source: ByteSource> {
    /// Caps on what one archive may declare.
    public struct Limits: Sendable {
        /// The largest member payload read into memory.
        public var maxMemberBytes: Int
        /// The largest pax or GNU long-name header.
        public var maxMetadataBytes: Int

        public init(maxMemberBytes: Int = 256 << 20, maxMetadataBytes: Int = 1 << 20) {
            self.maxMemberBytes = maxMemberBytes
            self.maxMetadataBytes = maxMetadataBytes
        }
    }

    private var source: Source
    private let limits: Limits
    /// Bytes consumed from the source.
    public private(set) var offset = 0
    /// The payload (plus padding) of the last member returned that has not been consumed.
    private var pending: (size: Int, padded: Int)?
    private var finished = false
    private var globalPath: String?

    static var blockSize: Int { 512 }

    public init(_ source: Source, limits: Limits = Limits()) {
        self.source = source
        self.limits = limits
    }

    /// The next member header, or `nil` after the end-of-archive blocks.
    public mutating func next() throws(DatasetScanError) -> TarMember? {
        if pending != nil { try skipData() }
        guard !finished else { return nil }
        var paxPath: String?
        var paxSize: Int?
        var longName: String?
        while true {
            let start = offset
            guard let block = try readBlock(what: "a member header") else {
                throw .truncatedTar(offset: start, reason: "archive ends without its end-of-archive blocks")
            }
            if block.allSatisfy({ $0 == 0 }) {
                // End of archive: a second zero block must follow (some writers stop after one at EOF).
                guard let second = try readBlock(what: "the end-of-archive blocks") else {
                    finished = true
                    return nil
                }
                guard second.allSatisfy({ $0 == 0 }) else {
                    throw .corruptTar(offset: start + Self.blockSize, reason: "a zero block is followed by data")
                }
                finished = true
                return nil
            }
            try Self.verifyChecksum(block, offset: start)
            let typeflag = block[156]
            let declaredSize: Int
            if let paxSize { declaredSize = paxSize } else { declaredSize = try Self.number(block, 124, 12, field: "size", offset: start) }
            switch typeflag {
            case UInt8(ascii: "x"), UInt8(ascii: "g"), UInt8(ascii: "L"):
                guard declaredSize <= limits.maxMetadataBytes else {
                    throw .limitExceeded(what: "tar metadata header", limit: limits.maxMetadataBytes, actual: declaredSize, offset: start)
                }
                let payload = try readPayload(size: declaredSize, headerOffset: start)
                if typeflag == UInt8(ascii: "L") {
                    longName = Self.cString(payload[...])
                } else {
                    let records = try Self.paxRecords(payload, offset: start + Self.blockSize)
                    if typeflag == UInt8(ascii: "g") {
                        if let path = records["path"] { globalPath = path }
                    } else {
                        if let path = records["path"] { paxPath = path }
                        if let size = records["size"] {
                            guard let value = Int(size), value >= 0 else {
                                throw .corruptTar(offset: start, reason: "pax size \"\(size.prefix(40))\" is not a non-negative integer")
                            }
                            paxSize = value
                        }
                    }
                }
                continue
            case UInt8(ascii: "K"):
                // GNU long link name: links are not followed, so the name is read past.
                guard declaredSize <= limits.maxMetadataBytes else {
                    throw .limitExceeded(what: "tar metadata header", limit: limits.maxMetadataBytes, actual: declaredSize, offset: start)
                }
                _ = try readPayload(size: declaredSize, headerOffset: start)
                continue
            default:
                break
            }
            let name: String
            if let path = paxPath ?? longName {
                name = path
            } else {
                let base = Self.cString(block[0..<100])
                let isUstar = block[257..<262].elementsEqual("ustar".utf8)
                let prefix = isUstar ? Self.cString(block[345..<500]) : ""
                name = prefix.isEmpty ? base : prefix + "/" + base
            }
            guard !name.isEmpty || globalPath != nil else { throw .corruptTar(offset: start, reason: "member has an empty name") }
            let kind: TarMember.Kind
            switch typeflag {
            case 0, UInt8(ascii: "0"), UInt8(ascii: "7"): kind = .file
            case UInt8(ascii: "5"): kind = .directory
            default: kind = .other(typeflag)
            }
            // Only regular files carry data in tar; other types' size field is ignored by writers.
            let size = (kind == .file || paxSize != nil) ? declaredSize : (typeflag == UInt8(ascii: "1") || typeflag == UInt8(ascii: "2") ? 0 : declaredSize)
            let (padded, overflow) = size.addingReportingOverflow((Self.blockSize - size % Self.blockSize) % Self.blockSize)
            guard !overflow else { throw .corruptTar(offset: start, reason: "member size \(size) overflows") }
            pending = (size, padded)
            return TarMember(name: name.isEmpty ? (globalPath ?? "") : name, kind: kind, size: size, offset: start)
        }
    }

    /// The payload of the member ``next()`` returned last.
    public mutating func readData() throws(DatasetScanError) -> [UInt8] {
        guard let size = pending?.size else { return [] }
        guard size <= limits.maxMemberBytes else {
            throw .limitExceeded(what: "tar member", limit: limits.maxMemberBytes, actual: size, offset: offset)
        }
        pending = nil
        return try readPayload(size: size, headerOffset: offset - Self.blockSize)
    }

    /// Moves past the payload of the member ``next()`` returned last without reading it.
    public mutating func skipData() throws(DatasetScanError) {
        guard let padded = pending?.padded else { return }
        pending = nil
        let start = offset
        let skipped = try source.skip(padded)
        offset += skipped
        guard skipped == padded else {
            throw .truncatedTar(offset: offset, reason: "archive ends inside a member's data (\(padded - skipped) bytes missing after byte \(start))")
        }
    }

    // MARK: Reading

    private mutating func readBlock(what: String) throws(DatasetScanError) -> [UInt8]? {
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        let got = try source.read(into: &block, fully: true)
        offset += got
        if got == 0 { return nil }
        guard got == Self.blockSize else {
            throw .truncatedTar(offset: offset - got, reason: "archive ends inside \(what) (\(got) of 512 bytes)")
        }
        return block
    }

    /// Reads `size` bytes and the padding to the next block boundary.
    private mutating func readPayload(size: Int, headerOffset: Int) throws(DatasetScanError) -> [UInt8] {
        let start = offset
        var data = [UInt8](repeating: 0, count: size)
        let got = try source.read(into: &data, fully: true)
        offset += got
        guard got == size else {
            throw .truncatedTar(offset: offset, reason: "archive ends inside the member at byte \(headerOffset) (\(size - got) of \(size) data bytes missing after byte \(start))")
        }
        let padding = (Self.blockSize - size % Self.blockSize) % Self.blockSize
        let skipped = try source.skip(padding)
        offset += skipped
        guard skipped == padding else {
            throw .truncatedTar(offset: offset, reason: "archive ends inside the padding of the member at byte \(headerOffset)")
        }
        return data
    }

    // MARK: Fields

    private static func verifyChecksum(_ block: [UInt8], offset: Int) throws(DatasetScanError) {
        let stored = try number(block, 148, 8, field: "checksum", offset: offset)
        var unsigned = 0
        var signed = 0
        for (index, byte) in block.enumerated() {
            let value = (148..<156).contains(index) ? 0x20 : byte
            unsigned += Int(value)
            signed += Int(Int8(bitPattern: value))
        }
        guard stored == unsigned || stored == signed else {
            throw .corruptTar(offset: offset, reason: "header checksum \(stored) does not match the header's bytes (\(unsigned))")
        }
    }

    /// A numeric field: NUL/space-terminated octal, or GNU base-256 (high bit set).
    static func number(_ block: [UInt8], _ start: Int, _ length: Int, field: String, offset: Int) throws(DatasetScanError) -> Int {
        let bytes = block[start..<(start + length)]
        if let first = bytes.first, first & 0x80 != 0 {
            guard first == 0x80 else { throw .corruptTar(offset: offset + start, reason: "negative or oversized base-256 \(field)") }
            var value = 0
            for byte in bytes.dropFirst() {
                let (shifted, o1) = value.multipliedReportingOverflow(by: 256)
                let (sum, o2) = shifted.addingReportingOverflow(Int(byte))
                guard !o1, !o2 else { throw .corruptTar(offset: offset + start, reason: "base-256 \(field) overflows") }
                value = sum
            }
            return value
        }
        var value = 0
        var seenDigit = false
        var ended = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                guard !ended else { throw .corruptTar(offset: offset + start, reason: "\(field) field has digits after its end") }
                let (shifted, o1) = value.multipliedReportingOverflow(by: 8)
                let (sum, o2) = shifted.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                guard !o1, !o2 else { throw .corruptTar(offset: offset + start, reason: "\(field) overflows") }
                value = sum
                seenDigit = true
            case 0, UInt8(ascii: " "):
                if seenDigit { ended = true }
            default:
                throw .corruptTar(offset: offset + start, reason: "\(field) field holds a non-octal byte 0x\(String(byte, radix: 16))")
            }
        }
        guard seenDigit else { throw .corruptTar(offset: offset + start, reason: "\(field) field is empty") }
        return value
    }

    static func cString(_ bytes: ArraySlice<UInt8>) -> String {
        let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
        return String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
    }

    /// Parses pax records `"<length> <key>=<value>\n"`; `length` counts the whole record.
    static func paxRecords(_ payload: [UInt8], offset: Int) throws(DatasetScanError) -> [String: String] {
        var records: [String: String] = [:]
        var position = 0
        while position < payload.count {
            if payload[position] == 0 { break } // NUL padding after the last record
            var length = 0
            var cursor = position
            while cursor < payload.count, payload[cursor] != UInt8(ascii: " ") {
                let byte = payload[cursor]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), cursor - position < 12 else {
                    throw .corruptTar(offset: offset + position, reason: "pax record length is not a decimal number")
                }
                length = length * 10 + Int(byte - UInt8(ascii: "0"))
                cursor += 1
            }
            guard cursor < payload.count, length > cursor - position + 1 else {
                throw .corruptTar(offset: offset + position, reason: "pax record length is missing or too short")
            }
            let (end, overflow) = position.addingReportingOverflow(length)
            guard !overflow, end <= payload.count, payload[end - 1] == UInt8(ascii: "\n") else {
                throw .corruptTar(offset: offset + position, reason: "pax record of \(length) bytes runs past its header or lacks its newline")
            }
            let body = payload[(cursor + 1)..<(end - 1)]
            guard let equals = body.firstIndex(of: UInt8(ascii: "=")) else {
                throw .corruptTar(offset: offset + position, reason: "pax record has no '='")
            }
            let key = String(decoding: body[body.startIndex..<equals], as: UTF8.self)
            records[key] = String(decoding: body[(equals + 1)...], as: UTF8.self)
            position = end
        }
        return records
    }
}
