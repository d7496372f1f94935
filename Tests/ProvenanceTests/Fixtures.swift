import CZlib
import Foundation

/// Builders for small benign test files: a flat-colour image plus the metadata under test.
enum Fixtures {
    // MARK: zlib

    static func deflate(_ bytes: [UInt8]) -> [UInt8] {
        var length = compressBound(UInt(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(length))
        _ = out.withUnsafeMutableBufferPointer { outBuffer in
            bytes.withUnsafeBufferPointer { inBuffer in
                compress2(outBuffer.baseAddress, &length, inBuffer.baseAddress, UInt(bytes.count), 9)
            }
        }
        return Array(out[0..<Int(length)])
    }

    static func crc(_ bytes: [UInt8]) -> UInt32 {
        UInt32(bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) })
    }

    static func be32(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)] }
    static func be16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xff)] }
    static func le32(_ value: UInt32) -> [UInt8] { [UInt8(value & 0xff), UInt8((value >> 8) & 0xff), UInt8((value >> 16) & 0xff), UInt8(value >> 24)] }
    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xff), UInt8(value >> 8)] }

    // MARK: PNG

    static func pngChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return be32(UInt32(data.count)) + typeBytes + data + be32(crc(typeBytes + data))
    }

    /// An 8x8 grey PNG with `chunks` between IHDR and IDAT (and `idatPadding` extra IDAT bytes).
    static func png(_ chunks: [[UInt8]], idatBytes: Int = 0) -> [UInt8] {
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        out += pngChunk("IHDR", be32(8) + be32(8) + [8, 0, 0, 0, 0])
        for chunk in chunks { out += chunk }
        let raw = [UInt8]((0..<8).flatMap { _ in [0] + [UInt8](repeating: 128, count: 8) })
        out += pngChunk("IDAT", deflate(raw))
        if idatBytes > 0 { out += pngChunk("IDAT", [UInt8](repeating: 0, count: idatBytes)) }
        out += pngChunk("IEND", [])
        return out
    }

    static func tEXt(_ key: String, _ value: String) -> [UInt8] {
        pngChunk("tEXt", Array(key.utf8) + [0] + value.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
    }

    static func zTXt(_ key: String, _ value: [UInt8]) -> [UInt8] {
        pngChunk("zTXt", Array(key.utf8) + [0, 0] + deflate(value))
    }

    static func iTXt(_ key: String, _ value: String, compressed: Bool = false) -> [UInt8] {
        let text = Array(value.utf8)
        return pngChunk("iTXt", Array(key.utf8) + [0, compressed ? 1 : 0, 0] + Array("en".utf8) + [0, 0] + (compressed ? deflate(text) : text))
    }

    // MARK: JPEG

    static func jpegSegment(_ marker: UInt8, _ data: [UInt8]) -> [UInt8] {
        [0xFF, marker] + be16(UInt16(data.count + 2)) + data
    }

    /// A JPEG-shaped file: SOI, the segments, a tiny SOS with fake scan data, EOI.
    static func jpeg(_ segments: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = [0xFF, 0xD8]
        out += jpegSegment(0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0])
        for segment in segments { out += segment }
        out += jpegSegment(0xDA, [1, 1, 0, 0, 63, 0]) + [0x12, 0x34, 0xFF, 0x00, 0x56] + [0xFF, 0xD9]
        return out
    }

    static func jpegXMP(_ packet: String) -> [UInt8] {
        jpegSegment(0xE1, Array("http://ns.adobe.com/xap/1.0/\0".utf8) + Array(packet.utf8))
    }

    static func jpegExif(_ tiff: [UInt8]) -> [UInt8] {
        jpegSegment(0xE1, Array("Exif\0\0".utf8) + tiff)
    }

    /// APP11 segments carrying `box` (a JUMBF superbox), split into payload pieces of `pieceSize`.
    static func jpegJUMBF(_ box: [UInt8], pieceSize: Int) -> [[UInt8]] {
        let header = Array(box[0..<8])
        let payload = Array(box[8...])
        var segments: [[UInt8]] = []
        var sequence: UInt32 = 1
        var offset = 0
        while offset < payload.count {
            let piece = Array(payload[offset..<min(offset + pieceSize, payload.count)])
            segments.append(jpegSegment(0xEB, [0x4A, 0x50] + be16(1) + be32(sequence) + header + piece))
            sequence += 1
            offset += pieceSize
        }
        return segments
    }

    // MARK: JUMBF

    /// A JUMBF superbox labelled `c2pa` with the C2PA type and one content box.
    static func c2paStore(contentSize: Int = 100) -> [UInt8] {
        let type: [UInt8] = [0x63, 0x32, 0x70, 0x61, 0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
        let jumdPayload = type + [0x03] + Array("c2pa\0".utf8)
        let jumd = be32(UInt32(8 + jumdPayload.count)) + Array("jumd".utf8) + jumdPayload
        let content = be32(UInt32(8 + contentSize)) + Array("json".utf8) + [UInt8]((0..<contentSize).map { UInt8($0 % 251) })
        return be32(UInt32(8 + jumd.count + content.count)) + Array("jumb".utf8) + jumd + content
    }

    // MARK: TIFF / EXIF

    struct TIFFEntry {
        var tag: UInt16
        var type: UInt16
        var count: UInt32
        var data: [UInt8]
    }

    static func ascii(_ tag: UInt16, _ text: String) -> TIFFEntry {
        let bytes = Array(text.utf8) + [0]
        return TIFFEntry(tag: tag, type: 2, count: UInt32(bytes.count), data: bytes)
    }

    static func undefined(_ tag: UInt16, _ bytes: [UInt8]) -> TIFFEntry {
        TIFFEntry(tag: tag, type: 7, count: UInt32(bytes.count), data: bytes)
    }

    /// A TIFF block with IFD0 `ifd0` and, when given, an Exif sub-IFD `exifIFD`.
    static func tiff(littleEndian: Bool, ifd0: [TIFFEntry], exifIFD: [TIFFEntry] = []) -> [UInt8] {
        let u16 = littleEndian ? le16 : be16
        let u32 = littleEndian ? le32 : be32
        var ifd0 = ifd0
        if !exifIFD.isEmpty { ifd0.append(TIFFEntry(tag: 0x8769, type: 4, count: 1, data: [0, 0, 0, 0])) }
        let ifd0Size = 2 + ifd0.count * 12 + 4
        let exifSize = exifIFD.isEmpty ? 0 : 2 + exifIFD.count * 12 + 4
        var dataOffset = 8 + ifd0Size + exifSize
        var data: [UInt8] = []
        func ifd(_ entries: [TIFFEntry], exifPointer: UInt32?) -> [UInt8] {
            var out = u16(UInt16(entries.count))
            for entry in entries.sorted(by: { $0.tag < $1.tag }) {
                out += u16(entry.tag) + u16(entry.type) + u32(entry.count)
                if entry.tag == 0x8769, let exifPointer {
                    out += u32(exifPointer)
                } else if entry.data.count <= 4 {
                    out += entry.data + [UInt8](repeating: 0, count: 4 - entry.data.count)
                } else {
                    out += u32(UInt32(dataOffset))
                    data += entry.data
                    dataOffset += entry.data.count
                }
            }
            return out + u32(0)
        }
        let header: [UInt8] = littleEndian ? [0x49, 0x49, 0x2A, 0x00] + le32(8) : [0x4D, 0x4D, 0x00, 0x2A] + be32(8)
        let first = ifd(ifd0, exifPointer: UInt32(8 + ifd0Size))
        let second = exifIFD.isEmpty ? [] : ifd(exifIFD, exifPointer: nil)
        return header + first + second + data
    }

    // MARK: XMP

    static func xmp(_ descriptionBody: String, attributes: String = "") -> String {
        """
        <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
        <x:xmpmeta xmlns:x="adobe:ns:meta/">
         <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
          <rdf:Description rdf:about=""
            xmlns:xmp="http://ns.adobe.com/xap/1.0/"
            xmlns:dc="http://purl.org/dc/elements/1.1/"
            xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
            xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
            xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
            xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
            xmlns:xmpNote="http://ns.adobe.com/xmp/note/" \(attributes)>
        \(descriptionBody)
          </rdf:Description>
         </rdf:RDF>
        </x:xmpmeta>
        <?xpacket end="w"?>
        """
    }

    // MARK: WebP, GIF, ISOBMFF

    static func riffChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        Array(type.utf8) + le32(UInt32(data.count)) + data + (data.count % 2 == 1 ? [0] : [])
    }

    static func webp(_ chunks: [[UInt8]]) -> [UInt8] {
        let vp8l = riffChunk("VP8L", [0x2F, 0x00, 0x00, 0x00, 0x00, 0x88, 0x88, 0x08])
        let body = Array("WEBP".utf8) + riffChunk("VP8X", [0x2C, 0, 0, 0, 0, 0, 0, 0, 0, 0]) + chunks.flatMap { $0 } + vp8l
        return Array("RIFF".utf8) + le32(UInt32(body.count)) + body
    }

    static func gif(comment: String?, xmp: String?) -> [UInt8] {
        var out = Array("GIF89a".utf8) + le16(2) + le16(2) + [0x80, 0, 0] + [0, 0, 0, 255, 255, 255]
        if let comment {
            out += [0x21, 0xFE]
            var bytes = Array(comment.utf8)[...]
            while !bytes.isEmpty {
                let piece = bytes.prefix(255)
                out += [UInt8(piece.count)] + piece
                bytes = bytes.dropFirst(piece.count)
            }
            out += [0]
        }
        if let xmp {
            out += [0x21, 0xFF, 11] + Array("XMP DataXMP".utf8) + Array(xmp.utf8)
            out += [0x01] + (0...255).reversed().map { UInt8($0) } + [0x00]
        }
        out += [0x2C, 0, 0, 0, 0] + le16(2) + le16(2) + [0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B]
        return out
    }

    static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        be32(UInt32(8 + payload.count)) + Array(type.utf8) + payload
    }

    /// A HEIF-shaped file with an Exif item, an XMP item and optionally a C2PA uuid box.
    static func heif(exif: [UInt8], xmp: String, c2pa: [UInt8]?) -> [UInt8] {
        let exifItem = be32(6) + Array("Exif\0\0".utf8) + exif
        let xmpItem = Array(xmp.utf8)
        func infe(_ id: UInt16, _ type: String, _ extra: [UInt8]) -> [UInt8] {
            box("infe", [2, 0, 0, 0] + be16(id) + be16(0) + Array(type.utf8) + Array("item\0".utf8) + extra)
        }
        let iinf = box("iinf", [0, 0, 0, 0] + be16(2) + infe(1, "Exif", []) + infe(2, "mime", Array("application/rdf+xml\0".utf8)))
        let hdlr = box("hdlr", [0, 0, 0, 0] + be32(0) + Array("pict".utf8) + [UInt8](repeating: 0, count: 12) + [0])
        let ftyp = box("ftyp", Array("heic".utf8) + be32(0) + Array("mif1heic".utf8))
        // iloc v1 with 4-byte offsets and lengths, construction method 0 (file offsets).
        func iloc(exifOffset: Int, xmpOffset: Int) -> [UInt8] {
            var payload: [UInt8] = [1, 0, 0, 0, 0x44, 0x00] + be16(2)
            payload += be16(1) + be16(0) + be16(0) + be16(1) + be32(UInt32(exifOffset)) + be32(UInt32(exifItem.count))
            payload += be16(2) + be16(0) + be16(0) + be16(1) + be32(UInt32(xmpOffset)) + be32(UInt32(xmpItem.count))
            return box("iloc", payload)
        }
        let metaSize = 8 + 4 + hdlr.count + iinf.count + iloc(exifOffset: 0, xmpOffset: 0).count
        var uuidBox: [UInt8] = []
        if let c2pa {
            let uuid: [UInt8] = [0xD8, 0xFE, 0xC3, 0xD6, 0x1B, 0x0E, 0x48, 0x3C, 0x92, 0x97, 0x58, 0x28, 0x87, 0x7E, 0xC4, 0x81]
            uuidBox = box("uuid", uuid + [0, 0, 0, 0] + Array("manifest\0".utf8) + [UInt8](repeating: 0, count: 8) + c2pa)
        }
        let mdatStart = ftyp.count + metaSize + uuidBox.count + 8
        let meta = box("meta", [0, 0, 0, 0] + hdlr + iinf + iloc(exifOffset: mdatStart, xmpOffset: mdatStart + exifItem.count))
        return ftyp + meta + uuidBox + box("mdat", exifItem + xmpItem)
    }
}
