/// Reassembles extended XMP (Adobe XMP spec part 3): a packet too large for one JPEG APP1
/// segment, split into chunks that each carry the packet's GUID, full length and offset.
struct ExtendedXMPAssembler {
    private struct Packet {
        var length: Int
        var bytes: [UInt8]
        var covered = 0
    }

    private let limit: Int
    private var packets: [String: Packet] = [:]
    private var order: [String] = []

    init(limit: Int) { self.limit = limit }

    /// Adds one chunk (the bytes after the namespace header). Returns a problem if the chunk is bad.
    mutating func add(_ chunk: ArraySlice<UInt8>, at segmentOffset: Int) -> ProvenanceError? {
        let chunk = Array(chunk)
        let context = "JPEG extended XMP chunk"
        guard chunk.count >= 40, let fullLength = chunk.be32(at: 32), let chunkOffset = chunk.be32(at: 36) else {
            return ProvenanceError(.truncated, context, at: segmentOffset, "shorter than its 40-byte header")
        }
        let guid = chunk[0..<32].latin1String()
        guard Int(fullLength) <= limit else {
            return ProvenanceError(.limitExceeded, context, at: segmentOffset, "announces \(fullLength) bytes, limit \(limit)")
        }
        let data = chunk[40...]
        guard Int(chunkOffset) <= Int(fullLength), data.count <= Int(fullLength) - Int(chunkOffset) else {
            return ProvenanceError(.malformed, context, at: segmentOffset, "chunk at \(chunkOffset)+\(data.count) passes the full length \(fullLength)")
        }
        if packets[guid] == nil {
            guard packets.count < 8 else {
                return ProvenanceError(.limitExceeded, context, at: segmentOffset, "more than 8 extended XMP packets")
            }
            packets[guid] = Packet(length: Int(fullLength), bytes: [UInt8](repeating: 0, count: Int(fullLength)))
            order.append(guid)
        }
        guard var packet = packets[guid], packet.length == Int(fullLength) else {
            return ProvenanceError(.malformed, context, at: segmentOffset, "full length changes between chunks of packet \(guid)")
        }
        let start = Int(chunkOffset)
        packet.bytes.replaceSubrange(start..<(start + data.count), with: data)
        packet.covered += data.count
        packets[guid] = packet
        return nil
    }

    /// The reassembled packets, the one named by the main packet's `xmpNote:HasExtendedXMP` first.
    func packets(preferredGUID: String?) -> [(String?, ProvenanceError?)] {
        var result: [(String?, ProvenanceError?)] = []
        var guids = order
        if let preferredGUID, let index = guids.firstIndex(of: preferredGUID) {
            guids.remove(at: index)
            guids.insert(preferredGUID, at: 0)
        }
        for guid in guids {
            guard let packet = packets[guid] else { continue }
            var problem: ProvenanceError?
            if packet.covered < packet.length {
                problem = ProvenanceError(.truncated, "JPEG extended XMP \(guid)", at: nil,
                                          "chunks cover \(packet.covered) of \(packet.length) bytes")
            }
            result.append((packet.bytes.utf8String(), problem))
        }
        return result
    }

    /// The GUID in a main XMP packet's `HasExtendedXMP` property, if any.
    static func guid(in xmp: String) -> String? {
        let needle = Array("HasExtendedXMP".utf8)
        var text = xmp
        guard let found = text.withUTF8({ ByteSearch.firstIndex(of: needle, in: $0) }) else { return nil }
        let tail = xmp.utf8.dropFirst(found + needle.count).prefix(80)
        var hex: [UInt8] = []
        for byte in tail {
            if byte.isHexDigit { hex.append(byte) } else if !hex.isEmpty { break }
            if hex.count == 32 { break }
        }
        return hex.count == 32 ? String(decoding: hex, as: UTF8.self) : nil
    }
}
