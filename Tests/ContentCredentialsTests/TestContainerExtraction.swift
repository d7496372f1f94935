/// Test-only extraction of the C2PA manifest store from PNG and JPEG files the oracle wrote.
/// (The Provenance module owns real container parsing; this is just enough for the tests.)
enum TestContainerExtraction {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The payload of the first PNG `caBX` chunk.
    static func pngManifestStore(_ png: [UInt8]) throws -> [UInt8] {
        var offset = 8
        while offset + 12 <= png.count {
            let length = Int(png[offset..<(offset + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            let type = String(decoding: png[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let dataStart = offset + 8
            guard dataStart + length + 4 <= png.count else { throw Failure(description: "PNG chunk past the end at \(offset)") }
            if type == "caBX" { return Array(png[dataStart..<(dataStart + length)]) }
            offset = dataStart + length + 4
        }
        throw Failure(description: "no caBX chunk")
    }

    /// The JUMBF reassembled from JPEG APP11 segments (ISO 19566-5 in JPEG: `JP`, box instance,
    /// sequence number; later segments repeat the 8-byte box header, which is dropped).
    static func jpegManifestStore(_ jpeg: [UInt8]) throws -> [UInt8] {
        var offset = 2
        var store: [UInt8] = []
        var segments = 0
        while offset + 4 <= jpeg.count, jpeg[offset] == 0xff {
            let marker = jpeg[offset + 1]
            if marker == 0xda || marker == 0xd9 { break }
            let length = Int(jpeg[offset + 2]) << 8 | Int(jpeg[offset + 3])
            let payloadStart = offset + 4
            let payloadEnd = offset + 2 + length
            guard length >= 2, payloadEnd <= jpeg.count else { throw Failure(description: "JPEG segment past the end at \(offset)") }
            if marker == 0xeb, payloadEnd - payloadStart >= 16, jpeg[payloadStart] == 0x4a, jpeg[payloadStart + 1] == 0x50 {
                let boxStart = payloadStart + 8
                store += jpeg[(segments == 0 ? boxStart : boxStart + 8)..<payloadEnd]
                segments += 1
            }
            offset = payloadEnd
        }
        guard segments > 0 else { throw Failure(description: "no APP11 JUMBF segment") }
        return store
    }

    /// The offset of the JPEG entropy-coded data (just after the SOS header).
    static func jpegScanDataOffset(_ jpeg: [UInt8]) throws -> Int {
        var offset = 2
        while offset + 4 <= jpeg.count, jpeg[offset] == 0xff {
            let length = Int(jpeg[offset + 2]) << 8 | Int(jpeg[offset + 3])
            if jpeg[offset + 1] == 0xda { return offset + 2 + length }
            offset += 2 + length
        }
        throw Failure(description: "no SOS segment")
    }
}

extension Array where Element == UInt8 {
    /// The offsets where `needle` occurs.
    func occurrences(of needle: [UInt8]) -> [Int] {
        guard !needle.isEmpty, needle.count <= count else { return [] }
        return (0...(count - needle.count)).filter { self[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
