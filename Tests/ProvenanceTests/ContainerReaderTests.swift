import Testing
@testable import Provenance

@Suite struct ContainerReaderTests {
    let reader = ProvenanceReader()

    @Test func pngTextChunksOfAllThreeKinds() {
        let file = Fixtures.png([
            Fixtures.tEXt("Title", "caf\u{E9}"),
            Fixtures.zTXt("Comment", Array("compressed note".utf8)),
            Fixtures.iTXt("Description", "\u{65E5}\u{672C} text", compressed: true),
            Fixtures.iTXt("Author", "plain itxt"),
        ])
        let blocks = reader.blocks(file)
        #expect(blocks.format == .png)
        #expect(blocks.problems.isEmpty)
        #expect(blocks.texts.map(\.key) == ["Title", "Comment", "Description", "Author"])
        #expect(blocks.texts.map(\.value) == ["caf\u{E9}", "compressed note", "\u{65E5}\u{672C} text", "plain itxt"])
        #expect(blocks.texts.map(\.source) == ["PNG tEXt", "PNG zTXt", "PNG iTXt", "PNG iTXt"])
    }

    @Test func pngExifXmpAndC2PA() {
        let tiff = Fixtures.tiff(littleEndian: true, ifd0: [Fixtures.ascii(0x0131, "NovelAI")])
        let store = Fixtures.c2paStore()
        let file = Fixtures.png([
            Fixtures.pngChunk("eXIf", tiff),
            Fixtures.iTXt("XML:com.adobe.xmp", Fixtures.xmp("<xmp:CreatorTool>Tool 1</xmp:CreatorTool>")),
            Fixtures.pngChunk("caBX", store),
        ])
        let blocks = reader.blocks(file)
        #expect(blocks.exif.first?.bytes == tiff)
        #expect(blocks.xmp.count == 1)
        #expect(blocks.c2paManifestStore == store)
        #expect(blocks.c2paSource == "PNG caBX")
        let report = reader.read(file)
        #expect(report.exif?.software == "NovelAI")
        #expect(report.xmpCreatorTool == "Tool 1")
        #expect(report.c2paSource == "PNG caBX")
        #expect(report.c2pa.status != .absent)
    }

    @Test func largeImageDataIsSkippedByLength() {
        let file = Fixtures.png([Fixtures.tEXt("parameters", "a cat\nSteps: 5, Seed: 1")], idatBytes: 4 << 20)
        let report = reader.read(file)
        #expect(report.prompts == ["a cat"])
        #expect(!report.isPartial)
    }

    @Test func jpegSegmentsExifXmpCommentAndJUMBF() {
        let tiff = Fixtures.tiff(littleEndian: false, ifd0: [Fixtures.ascii(0x010F, "Camera Co"), Fixtures.ascii(0x0110, "Model 7")],
                                 exifIFD: [Fixtures.ascii(0x9003, "2024:01:02 03:04:05")])
        let store = Fixtures.c2paStore(contentSize: 1000)
        let file = Fixtures.jpeg([Fixtures.jpegExif(tiff), Fixtures.jpegXMP(Fixtures.xmp("<dc:creator><rdf:Seq><rdf:li>Ann</rdf:li></rdf:Seq></dc:creator>")),
                                  Fixtures.jpegSegment(0xFE, Array("hello comment".utf8))]
                                 + Fixtures.jpegJUMBF(store, pieceSize: 300))
        let blocks = reader.blocks(file)
        #expect(blocks.problems.isEmpty)
        #expect(blocks.texts.first?.value == "hello comment")
        #expect(blocks.c2paManifestStore == store)
        let report = reader.read(file)
        #expect(report.exif?.make == "Camera Co")
        #expect(report.exif?.model == "Model 7")
        #expect(report.exif?.dateTimeOriginal == "2024:01:02 03:04:05")
        #expect(report.rawFields.contains { $0.key == "dc:creator" && $0.value == "Ann" })
    }

    @Test func jpegExtendedXMPIsReassembled() {
        let guid = "0123456789ABCDEF0123456789ABCDEF"
        let main = Fixtures.xmp("<xmpNote:HasExtendedXMP>\(guid)</xmpNote:HasExtendedXMP>")
        let extended = Fixtures.xmp("<photoshop:Credit>Made with Google AI</photoshop:Credit>")
        let bytes = Array(extended.utf8)
        let half = bytes.count / 2
        func chunk(_ offset: Int, _ piece: ArraySlice<UInt8>) -> [UInt8] {
            Fixtures.jpegSegment(0xE1, Array("http://ns.adobe.com/xmp/extension/\0".utf8) + Array(guid.utf8)
                                 + Fixtures.be32(UInt32(bytes.count)) + Fixtures.be32(UInt32(offset)) + piece)
        }
        // Chunks out of order: the offsets place them.
        let file = Fixtures.jpeg([Fixtures.jpegXMP(main), chunk(half, bytes[half...]), chunk(0, bytes[..<half])])
        let report = reader.read(file)
        #expect(report.problems.isEmpty)
        #expect(report.rawFields.contains { $0.key == "photoshop:Credit" && $0.value == "Made with Google AI" })
        #expect(report.aiSignals.contains { $0.source == .softwareName && $0.value == "Google AI" })
    }

    @Test func webpChunks() {
        let tiff = Fixtures.tiff(littleEndian: true, ifd0: [Fixtures.ascii(0x010E, "a description")])
        let store = Fixtures.c2paStore()
        let file = Fixtures.webp([Fixtures.riffChunk("EXIF", tiff), Fixtures.riffChunk("XMP ", Array(Fixtures.xmp("<xmp:CreatorTool>Adobe Firefly</xmp:CreatorTool>").utf8)),
                                  Fixtures.riffChunk("C2PA", store)])
        let report = reader.read(file)
        #expect(report.format == .webp)
        #expect(report.problems.isEmpty)
        #expect(report.exif?.imageDescription == "a description")
        #expect(report.xmpCreatorTool == "Adobe Firefly")
        #expect(report.c2paSource == "WebP C2PA")
    }

    @Test func gifCommentAndXMP() {
        let long = String(repeating: "comment ", count: 100)
        let file = Fixtures.gif(comment: long, xmp: Fixtures.xmp("<xmp:CreatorTool>Midjourney</xmp:CreatorTool>"))
        let report = reader.read(file)
        #expect(report.format == .gif)
        #expect(report.problems.isEmpty)
        #expect(report.rawFields.first { $0.source == "GIF comment" }?.value == long)
        #expect(report.xmpCreatorTool == "Midjourney")
    }

    @Test func heifItemsAndC2PAUUIDBox() {
        let tiff = Fixtures.tiff(littleEndian: true, ifd0: [Fixtures.ascii(0x0131, "Some Camera App")])
        let store = Fixtures.c2paStore()
        let file = Fixtures.heif(exif: tiff, xmp: Fixtures.xmp("<xmp:CreatorTool>HEIF Tool</xmp:CreatorTool>"), c2pa: store)
        let blocks = reader.blocks(file)
        #expect(blocks.format == .isobmff)
        #expect(blocks.problems.isEmpty)
        #expect(blocks.exif.first?.bytes == tiff)
        #expect(blocks.c2paManifestStore == store)
        let report = reader.read(file)
        #expect(report.exif?.software == "Some Camera App")
        #expect(report.xmpCreatorTool == "HEIF Tool")
    }

    @Test func unknownFormatIsReportedNotGuessed() {
        let report = reader.read(Array("just some text".utf8))
        #expect(report.format == .unknown)
        #expect(report.isPartial)
        #expect(report.aiEvidence == .none)
    }
}
