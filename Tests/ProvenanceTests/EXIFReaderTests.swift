import Testing
@testable import Provenance

@Suite struct EXIFReaderTests {
    @Test(arguments: [true, false])
    func fieldsInBothByteOrders(littleEndian: Bool) throws {
        let tiff = Fixtures.tiff(littleEndian: littleEndian,
                                 ifd0: [Fixtures.ascii(0x0131, "GIMP 2.10"), Fixtures.ascii(0x010E, "a lake"),
                                        Fixtures.ascii(0x013B, "Jo"), Fixtures.ascii(0x010F, "Make"), Fixtures.ascii(0x0110, "Model")],
                                 exifIFD: [Fixtures.ascii(0x9003, "2023:05:06 07:08:09"),
                                           Fixtures.undefined(0x9286, Array("ASCII\0\0\0hello".utf8))])
        let (fields, problems) = try EXIFReader.read(tiff)
        #expect(problems.isEmpty)
        #expect(fields.software == "GIMP 2.10")
        #expect(fields.imageDescription == "a lake")
        #expect(fields.artist == "Jo")
        #expect(fields.make == "Make")
        #expect(fields.model == "Model")
        #expect(fields.dateTimeOriginal == "2023:05:06 07:08:09")
        #expect(fields.userComment == "hello")
    }

    @Test func userCommentEncodings() {
        let text = "a river, Steps: 20"
        let utf16BE = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
        let utf16LE = text.utf16.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] }
        let unicode = Array("UNICODE\0".utf8)
        // Byte order is guessed from the zero bytes, whatever the TIFF order says.
        #expect(UserCommentDecoder.decode(unicode + utf16BE, tiffLittleEndian: true) == text)
        #expect(UserCommentDecoder.decode(unicode + utf16LE, tiffLittleEndian: false) == text)
        #expect(UserCommentDecoder.decode(unicode + [0xFF, 0xFE] + utf16LE, tiffLittleEndian: false) == text)
        #expect(UserCommentDecoder.decode(Array("ASCII\0\0\0".utf8) + Array(text.utf8) + [0, 0], tiffLittleEndian: true) == text)
        #expect(UserCommentDecoder.decode([UInt8](repeating: 0, count: 8) + Array("caf\u{E9}".utf8), tiffLittleEndian: true) == "caf\u{E9}")
        #expect(UserCommentDecoder.decode([UInt8](repeating: 0, count: 8) + [0x63, 0x61, 0x66, 0xE9], tiffLittleEndian: true) == "caf\u{E9}")
        // JIS X 0208 via ISO-2022-JP: ESC $ B, "日本" (0x467C 0x4B5C), ESC ( B
        let jis: [UInt8] = [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x1B, 0x28, 0x42]
        #expect(UserCommentDecoder.decode(Array("JIS\0\0\0\0\0".utf8) + jis, tiffLittleEndian: true) == "\u{65E5}\u{672C}")
        #expect(UserCommentDecoder.decode([UInt8](repeating: 0, count: 8) + [0x20, 0x00], tiffLittleEndian: true) == nil)
    }

    @Test func badHeaderIsAClearError() {
        #expect(throws: ProvenanceError.self) { try EXIFReader.read(Array("XX*\0\0\0\0\0".utf8)) }
        #expect(throws: ProvenanceError.self) { try EXIFReader.read([0x49, 0x49, 0x2A, 0x00]) }
    }

    @Test func offsetLoopEnds() throws {
        // IFD0 at 8 with one entry: an Exif pointer back to 8.
        var tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00] + Fixtures.le32(8)
        tiff += Fixtures.le16(1) + Fixtures.le16(0x8769) + Fixtures.le16(4) + Fixtures.le32(1) + Fixtures.le32(8) + Fixtures.le32(0)
        let (_, problems) = try EXIFReader.read(tiff)
        #expect(problems.contains { $0.reason.contains("loops") })
    }

    @Test func valuePastTheEndIsAProblemNotACrash() throws {
        var tiff: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A] + Fixtures.be32(8)
        tiff += Fixtures.be16(1) + Fixtures.be16(0x0131) + Fixtures.be16(2) + Fixtures.be32(0xFFFF_FFF0) + Fixtures.be32(0x7FFF_FFFF) + Fixtures.be32(0)
        let (fields, problems) = try EXIFReader.read(tiff)
        #expect(fields.software == nil)
        #expect(problems.first?.kind == .truncated)
    }
}
