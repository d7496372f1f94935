import Foundation

/// The EXIF fields that say who or what made an image.
public struct EXIFFields: Sendable, Hashable, Codable {
    public var software: String?
    public var imageDescription: String?
    public var userComment: String?
    public var make: String?
    public var model: String?
    public var dateTimeOriginal: String?
    public var artist: String?
    public var copyright: String?
    /// Windows `XPComment` (UCS-2), which some generators use for parameters.
    public var windowsComment: String?
    /// MakerNote when it is plain text (Fooocus writes its metadata scheme there).
    public var makerNoteText: String?

    public init() {}

    /// Every field that is set, as (EXIF tag name, value) pairs.
    public var namedValues: [(String, String)] {
        [("Software", software), ("ImageDescription", imageDescription), ("UserComment", userComment),
         ("Make", make), ("Model", model), ("DateTimeOriginal", dateTimeOriginal), ("Artist", artist),
         ("Copyright", copyright), ("XPComment", windowsComment), ("MakerNote", makerNoteText)]
            .compactMap { name, value in value.map { (name, $0) } }
    }
}

/// Reads EXIF (a TIFF structure) in either byte order: IFD0 and the Exif sub-IFD.
///
/// IFD offsets are followed at most once each and at most `maxIFDs` times, so offset loops end.
public enum EXIFReader {
    /// The fields in `tiff`, which starts with `II*\0` or `MM\0*`.
    public static func read(_ tiff: [UInt8], limits: ProvenanceLimits = .init()) throws(ProvenanceError) -> (EXIFFields, [ProvenanceError]) {
        let littleEndian: Bool
        if tiff.matches([0x49, 0x49, 0x2A, 0x00], at: 0) {
            littleEndian = true
        } else if tiff.matches([0x4D, 0x4D, 0x00, 0x2A], at: 0) {
            littleEndian = false
        } else {
            throw ProvenanceError(.malformed, "EXIF TIFF header", at: 0, "expected II*\\0 or MM\\0*")
        }
        let reader = TIFFReader(bytes: tiff, littleEndian: littleEndian)
        guard let first = reader.u32(4) else {
            throw ProvenanceError(.truncated, "EXIF TIFF header", at: 4, "no IFD0 offset")
        }
        var fields = EXIFFields()
        var problems: [ProvenanceError] = []
        var visited = Set<Int>()
        var queue: [(offset: Int, name: String)] = [(Int(first), "IFD0")]
        while let (offset, name) = queue.first {
            queue.removeFirst()
            guard !visited.contains(offset) else {
                problems.append(ProvenanceError(.malformed, "EXIF \(name)", at: offset, "IFD offset loops back to an IFD already read"))
                continue
            }
            guard visited.count < limits.maxIFDs else {
                problems.append(ProvenanceError(.limitExceeded, "EXIF \(name)", at: offset, "more than \(limits.maxIFDs) IFDs"))
                break
            }
            visited.insert(offset)
            guard let count16 = reader.u16(offset) else {
                problems.append(ProvenanceError(.truncated, "EXIF \(name)", at: offset, "IFD offset leaves the EXIF block"))
                continue
            }
            let count = Int(count16)
            if count > limits.maxIFDEntries {
                problems.append(ProvenanceError(.limitExceeded, "EXIF \(name)", at: offset, "\(count) entries, limit \(limits.maxIFDEntries)"))
                continue
            }
            for index in 0..<count {
                let entry = offset + 2 + index * 12
                guard let tag = reader.u16(entry), let type = reader.u16(entry + 2), let valueCount = reader.u32(entry + 4) else {
                    problems.append(ProvenanceError(.truncated, "EXIF \(name) entry \(index)", at: entry, "entry leaves the EXIF block"))
                    break
                }
                do {
                    switch tag {
                    case 0x8769:
                        if name == "IFD0", let pointer = reader.u32(entry + 8) { queue.append((Int(pointer), "Exif IFD")) }
                    case 0x010E: fields.imageDescription = try reader.text(entry, type: type, count: valueCount)
                    case 0x010F: fields.make = try reader.text(entry, type: type, count: valueCount)
                    case 0x0110: fields.model = try reader.text(entry, type: type, count: valueCount)
                    case 0x0131: fields.software = try reader.text(entry, type: type, count: valueCount)
                    case 0x013B: fields.artist = try reader.text(entry, type: type, count: valueCount)
                    case 0x8298: fields.copyright = try reader.text(entry, type: type, count: valueCount)
                    case 0x9003: fields.dateTimeOriginal = try reader.text(entry, type: type, count: valueCount)
                    case 0x9286:
                        fields.userComment = UserCommentDecoder.decode(try reader.raw(entry, type: type, count: valueCount), tiffLittleEndian: littleEndian)
                    case 0x9C9C:
                        let raw = try reader.raw(entry, type: type, count: valueCount)
                        fields.windowsComment = UserCommentDecoder.utf16(raw, littleEndian: true)
                    case 0x927C:
                        let raw = try reader.raw(entry, type: type, count: valueCount)
                        let text = UserCommentDecoder.trimmed(raw.utf8String())
                        if raw.count < 4096, raw.allSatisfy({ $0 >= 0x20 && $0 < 0x7F || $0 == 0 }), !text.isEmpty { fields.makerNoteText = text }
                    default: break
                    }
                } catch {
                    problems.append(error)
                }
            }
            if name == "IFD0", let next = reader.u32(offset + 2 + count * 12), next != 0 {
                _ = next  // IFD1 holds the thumbnail; its fields do not describe the image.
            }
        }
        return (fields, problems)
    }
}

/// Integer and value access into a TIFF block in its byte order.
struct TIFFReader {
    let bytes: [UInt8]
    let littleEndian: Bool

    func u16(_ offset: Int) -> UInt16? { littleEndian ? bytes.le16(at: offset) : bytes.be16(at: offset) }
    func u32(_ offset: Int) -> UInt32? { littleEndian ? bytes.le32(at: offset) : bytes.be32(at: offset) }

    static func typeSize(_ type: UInt16) -> Int? {
        switch type {
        case 1, 2, 6, 7: return 1
        case 3, 8: return 2
        case 4, 9, 11, 13: return 4
        case 5, 10, 12: return 8
        default: return nil
        }
    }

    /// The raw value bytes of the entry at `entry`: inline when they fit in 4 bytes, else at the offset.
    func raw(_ entry: Int, type: UInt16, count: UInt32) throws(ProvenanceError) -> [UInt8] {
        guard let size = TIFFReader.typeSize(type) else {
            throw ProvenanceError(.malformed, "EXIF entry", at: entry, "unknown field type \(type)")
        }
        let (total, overflow) = Int(count).multipliedReportingOverflow(by: size)
        guard !overflow, total <= bytes.count else {
            throw ProvenanceError(.truncated, "EXIF entry", at: entry, "value of \(count) x \(size) bytes is larger than the block")
        }
        let start: Int
        if total <= 4 {
            start = entry + 8
        } else {
            guard let pointer = u32(entry + 8) else { throw ProvenanceError(.truncated, "EXIF entry", at: entry, "no value offset") }
            start = Int(pointer)
        }
        guard let slice = bytes.slice(start, total) else {
            throw ProvenanceError(.truncated, "EXIF entry", at: entry, "value at \(start)+\(total) leaves the EXIF block")
        }
        return Array(slice)
    }

    /// An ASCII (or UTF-8) text value without its terminating NULs.
    func text(_ entry: Int, type: UInt16, count: UInt32) throws(ProvenanceError) -> String? {
        let value = UserCommentDecoder.trimmed(try raw(entry, type: type, count: count).utf8String())
        return value.isEmpty ? nil : value
    }
}
