/// Reassembles JUMBF superboxes carried in JPEG APP11 segments (ISO 19566-5 / JPEG XT box
/// format) and returns the C2PA manifest store.
///
/// Each segment holds `"JP"`, a box instance number, a packet sequence number and then the
/// box: the first packet holds the whole box header; later packets repeat the header and
/// continue the payload.
struct JPEGJUMBFAssembler {
    private struct Box {
        var header: [UInt8]
        var packets: [UInt32: ArraySlice<UInt8>] = [:]
        var total = 0
    }

    private let limit: Int
    private var boxes: [UInt16: Box] = [:]
    private var order: [UInt16] = []

    init(limit: Int) { self.limit = limit }

    mutating func add(_ segment: ArraySlice<UInt8>, at segmentOffset: Int) -> ProvenanceError? {
        let segment = Array(segment)
        let context = "JPEG APP11 JUMBF"
        guard segment.matches([0x4A, 0x50], at: 0) else { return nil }  // not a JPEG XT box segment
        guard let instance = segment.be16(at: 2), let sequence = segment.be32(at: 4),
              let lbox = segment.be32(at: 8) else {
            return ProvenanceError(.truncated, context, at: segmentOffset, "shorter than its 16-byte header")
        }
        var headerLength = 8
        if lbox == 1 { headerLength = 16 }
        guard segment.fits(8, headerLength) else {
            return ProvenanceError(.truncated, context, at: segmentOffset, "box header is cut off")
        }
        let header = Array(segment[8..<(8 + headerLength)])
        let payload = segment[(8 + headerLength)...]
        if boxes[instance] == nil {
            guard boxes.count < 16 else { return ProvenanceError(.limitExceeded, context, at: segmentOffset, "more than 16 JUMBF boxes") }
            boxes[instance] = Box(header: header)
            order.append(instance)
        }
        guard var box = boxes[instance] else { return nil }
        guard box.packets[sequence] == nil else {
            return ProvenanceError(.malformed, context, at: segmentOffset, "packet \(sequence) of box \(instance) repeats")
        }
        guard box.total + payload.count <= limit else {
            return ProvenanceError(.limitExceeded, context, at: segmentOffset, "box \(instance) passes \(limit) bytes")
        }
        box.packets[sequence] = payload
        box.total += payload.count
        boxes[instance] = box
        return nil
    }

    /// The first reassembled box whose description labels it `c2pa`, and any problems.
    func manifestStore() -> ([UInt8]?, [ProvenanceError]) {
        var problems: [ProvenanceError] = []
        for instance in order {
            guard let box = boxes[instance] else { continue }
            var bytes = box.header
            let sequences = box.packets.keys.sorted()
            for (expected, sequence) in sequences.enumerated() {
                if UInt32(expected + 1) != sequence && UInt32(expected) != sequence {
                    problems.append(ProvenanceError(.truncated, "JPEG APP11 JUMBF box \(instance)", at: nil,
                                                    "packet sequence has a gap before \(sequence)"))
                    break
                }
                if let packet = box.packets[sequence] { bytes.append(contentsOf: packet) }
            }
            if JUMBFLabel.isC2PAManifestStore(bytes) { return (bytes, problems) }
        }
        return (nil, problems)
    }
}

/// Reads the label of a JUMBF superbox's description box, enough to recognise a C2PA manifest store.
enum JUMBFLabel {
    /// The JUMBF content type UUID of a C2PA manifest store (`c2pa` + ISO suffix).
    static let c2paType: [UInt8] = [0x63, 0x32, 0x70, 0x61, 0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]

    /// Whether `bytes` start with a `jumb` superbox whose `jumd` box has the C2PA type or label `c2pa`.
    static func isC2PAManifestStore(_ bytes: [UInt8]) -> Bool {
        guard let lbox = bytes.be32(at: 0), bytes.matches(Array("jumb".utf8), at: 4) else { return false }
        let first = lbox == 1 ? 16 : 8
        guard bytes.matches(Array("jumd".utf8), at: first + 4) else { return false }
        if bytes.matches(c2paType, at: first + 8) { return true }
        guard let toggles = bytes.u8(at: first + 24), toggles & 0x02 != 0 else { return false }
        return bytes.matches(Array("c2pa\0".utf8), at: first + 25)
    }
}
