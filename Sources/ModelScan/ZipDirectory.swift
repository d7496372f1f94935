import BulwarkCore

/// One entry of a zip archive's central directory, with where its data lies.
public struct ZipEntry: Sendable, Hashable {
    /// The entry's path inside the archive.
    public var name: String
    /// 0 = stored, 8 = deflate, others exist.
    public var compressionMethod: UInt16
    /// Bytes stored in the archive.
    public var compressedSize: UInt64
    /// Bytes after decompression.
    public var uncompressedSize: UInt64
    /// Offset of the local file header.
    public var localHeaderOffset: UInt64
}

/// Limits for reading a zip central directory.
public struct ZipLimits: Sendable, Hashable, Codable {
    /// The most entries.
    public var maxEntries: UInt64 = 1_000_000
    /// The largest central directory, in bytes.
    public var maxDirectoryBytes: UInt64 = 256 << 20
    /// The most bytes one deflate-compressed pickle entry may inflate to (it is held in memory to be scanned).
    public var maxInflatedEntryBytes: Int = 512 << 20

    /// The default limits.
    public init() {}

    /// Decodes limits from JSON; missing keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ZipLimits()
        maxEntries = try c.decodeIfPresent(UInt64.self, forKey: .maxEntries) ?? defaults.maxEntries
        maxDirectoryBytes = try c.decodeIfPresent(UInt64.self, forKey: .maxDirectoryBytes) ?? defaults.maxDirectoryBytes
        maxInflatedEntryBytes = try c.decodeIfPresent(Int.self, forKey: .maxInflatedEntryBytes) ?? defaults.maxInflatedEntryBytes
    }
}

/// Reads a zip archive's central directory (including ZIP64 records, which PyTorch writes
/// for large checkpoints) without decompressing anything.
public enum ZipDirectory {
    /// `PK\u{3}\u{4}`: the local file header signature at the start of a zip.
    public static let localHeaderMagic: [UInt8] = [0x50, 0x4b, 0x03, 0x04]

    /// The entries of the archive in `source`.
    public static func entries(in source: some ModelByteSource, limits: ZipLimits = .init()) throws(BulwarkError) -> [ZipEntry] {
        let size = source.size
        let tailLength = Int(min(size, 65_557))
        let tailStart = size - UInt64(tailLength)
        let tail = try source.readExactly(at: tailStart, count: tailLength, what: "zip end of central directory")
        guard tail.count >= 22, let eocd = lastIndex(of: [0x50, 0x4b, 0x05, 0x06], in: tail, searchFrom: tail.count - 22) else {
            throw BulwarkError.invalidInput(what: "zip archive", where: "end of file",
                                            reason: "no end-of-central-directory record (the archive is truncated or not a zip)")
        }
        var entryCount = UInt64(le(tail, eocd + 10, 2))
        var directorySize = UInt64(le(tail, eocd + 12, 4))
        var directoryOffset = UInt64(le(tail, eocd + 16, 4))
        let eocdOffset = tailStart + UInt64(eocd)
        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64: a locator 20 bytes before the EOCD points at the ZIP64 EOCD record.
            guard eocd >= 20, le(tail, eocd - 20, 4) == 0x0706_4b50 else {
                throw BulwarkError.invalidInput(what: "zip archive", where: "byte \(eocdOffset)", reason: "ZIP64 values without a ZIP64 locator")
            }
            let recordOffset = le(tail, eocd - 20 + 8, 8)
            guard recordOffset < size else {
                throw BulwarkError.invalidInput(what: "zip archive", where: "byte \(eocdOffset - 20)", reason: "ZIP64 record offset \(recordOffset) is past the end")
            }
            let record = try source.readExactly(at: recordOffset, count: 56, what: "ZIP64 end of central directory")
            guard le(record, 0, 4) == 0x0606_4b50 else {
                throw BulwarkError.invalidInput(what: "zip archive", where: "byte \(recordOffset)", reason: "bad ZIP64 end-of-central-directory signature")
            }
            entryCount = le(record, 32, 8)
            directorySize = le(record, 40, 8)
            directoryOffset = le(record, 48, 8)
        }
        guard entryCount <= limits.maxEntries else {
            throw BulwarkError.limitExceeded(what: "zip entry count", limit: "\(limits.maxEntries)", actual: "\(entryCount)")
        }
        guard directorySize <= limits.maxDirectoryBytes else {
            throw BulwarkError.limitExceeded(what: "zip central directory size", limit: "\(limits.maxDirectoryBytes)", actual: "\(directorySize)")
        }
        let (directoryEnd, overflow) = directoryOffset.addingReportingOverflow(directorySize)
        guard !overflow, directoryEnd <= size else {
            throw BulwarkError.invalidInput(what: "zip central directory", where: "byte \(directoryOffset)",
                                            reason: "\(directorySize) bytes at offset \(directoryOffset) run past the end of the \(size)-byte file (truncated?)")
        }
        let directory = try source.readExactly(at: directoryOffset, count: Int(directorySize), what: "zip central directory")
        var entries: [ZipEntry] = []
        var position = 0
        for index in 0..<entryCount {
            let at = "central directory entry \(index) (byte \(directoryOffset + UInt64(position)))"
            guard position + 46 <= directory.count, le(directory, position, 4) == 0x0201_4b50 else {
                throw BulwarkError.invalidInput(what: "zip archive", where: at, reason: "bad central directory entry signature")
            }
            let method = UInt16(le(directory, position + 10, 2))
            var compressed = le(directory, position + 20, 4)
            var uncompressed = le(directory, position + 24, 4)
            let nameLength = Int(le(directory, position + 28, 2))
            let extraLength = Int(le(directory, position + 30, 2))
            let commentLength = Int(le(directory, position + 32, 2))
            var localOffset = le(directory, position + 42, 4)
            let nameStart = position + 46
            let extraStart = nameStart + nameLength
            let next = extraStart + extraLength + commentLength
            guard next <= directory.count else {
                throw BulwarkError.invalidInput(what: "zip archive", where: at, reason: "entry runs past the central directory")
            }
            let name = String(decoding: directory[nameStart..<extraStart], as: UTF8.self)
            // ZIP64 extra field (id 1): 8-byte values for each 32-bit field that is 0xFFFFFFFF, in order.
            var extra = extraStart
            while extra + 4 <= extraStart + extraLength {
                let id = le(directory, extra, 2)
                let length = Int(le(directory, extra + 2, 2))
                let body = extra + 4
                guard body + length <= extraStart + extraLength else { break }
                if id == 1 {
                    var field = body
                    func take(_ value: inout UInt64) {
                        guard value == 0xFFFF_FFFF, field + 8 <= body + length else { return }
                        value = le(directory, field, 8)
                        field += 8
                    }
                    take(&uncompressed)
                    take(&compressed)
                    take(&localOffset)
                }
                extra = body + length
            }
            entries.append(ZipEntry(name: name, compressionMethod: method, compressedSize: compressed,
                                    uncompressedSize: uncompressed, localHeaderOffset: localOffset))
            position = next
        }
        return entries
    }

    /// The byte range of an entry's (possibly compressed) data, read from its local header.
    public static func dataRange(of entry: ZipEntry, in source: some ModelByteSource) throws(BulwarkError) -> Range<UInt64> {
        let header = try source.readExactly(at: entry.localHeaderOffset, count: 30, what: "zip local header of \(entry.name.prefix(200))")
        guard le(header, 0, 4) == 0x0403_4b50 else {
            throw BulwarkError.invalidInput(what: "zip archive", where: "byte \(entry.localHeaderOffset)",
                                            reason: "bad local header signature for \(entry.name.prefix(200))")
        }
        let start = entry.localHeaderOffset + 30 + le(header, 26, 2) + le(header, 28, 2)
        let (end, overflow) = start.addingReportingOverflow(entry.compressedSize)
        guard !overflow, end <= source.size else {
            throw BulwarkError.invalidInput(what: "zip archive", where: "byte \(start)",
                                            reason: "data of \(entry.name.prefix(200)) (\(entry.compressedSize) bytes) runs past the end of the file")
        }
        return start..<end
    }

    private static func le(_ bytes: [UInt8], _ at: Int, _ width: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<width where at + i < bytes.count && at + i >= 0 { value |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
        return value
    }

    private static func lastIndex(of signature: [UInt8], in bytes: [UInt8], searchFrom: Int) -> Int? {
        var i = searchFrom
        while i >= 0 {
            if bytes[i] == signature[0], bytes[i + 1] == signature[1], bytes[i + 2] == signature[2], bytes[i + 3] == signature[3] { return i }
            i -= 1
        }
        return nil
    }
}
