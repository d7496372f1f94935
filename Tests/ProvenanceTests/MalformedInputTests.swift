import Testing
@testable import Provenance

@Suite struct MalformedInputTests {
    let reader = ProvenanceReader()

    @Test func truncatedPNGAtEveryLengthNeverTraps() {
        let file = Fixtures.png([Fixtures.tEXt("parameters", "a cat\nSteps: 5"), Fixtures.zTXt("Comment", Array("zz".utf8)),
                                 Fixtures.iTXt("XML:com.adobe.xmp", Fixtures.xmp(""))])
        for length in stride(from: 0, to: file.count, by: 3) {
            let report = reader.read(Array(file[0..<length]))
            if length > 8 && length < file.count - 12 { #expect(report.isPartial, "length \(length)") }
        }
    }

    @Test func chunkLengthPastTheEnd() {
        var file = Fixtures.png([Fixtures.tEXt("Title", "x")])
        file.replaceSubrange(33..<37, with: Fixtures.be32(0x7000_0000))  // first chunk after IHDR
        let report = reader.read(file)
        #expect(report.isPartial)
        #expect(report.problems.first?.kind == .truncated)
        #expect(report.problems.first?.offset == 33)
    }

    @Test func zTXtBombIsCapped() {
        var limits = ProvenanceLimits()
        limits.maxInflatedBytes = 1 << 20
        let bomb = [UInt8](repeating: 0x41, count: 64 << 20)
        let file = Fixtures.png([Fixtures.zTXt("parameters", bomb), Fixtures.tEXt("Title", "after the bomb")])
        let report = ProvenanceReader(limits: limits).read(file)
        #expect(report.isPartial)
        #expect(report.problems.contains { $0.kind == .limitExceeded && $0.context.contains("zTXt") })
        #expect(report.rawFields.contains { $0.key == "Title" && $0.value == "after the bomb" })
    }

    @Test func iTXtBombIsCapped() {
        var limits = ProvenanceLimits()
        limits.maxInflatedBytes = 1000
        let file = Fixtures.png([Fixtures.iTXt("prompt", String(repeating: "{", count: 100_000), compressed: true)])
        let report = ProvenanceReader(limits: limits).read(file)
        #expect(report.problems.contains { $0.kind == .limitExceeded })
    }

    @Test func corruptCompressedText() {
        let file = Fixtures.png([Fixtures.pngChunk("zTXt", Array("k".utf8) + [0, 0, 0x78, 0x9C, 0xFF, 0xFF, 0xFF])])
        let report = reader.read(file)
        #expect(report.problems.contains { $0.context.contains("zTXt") })
    }

    @Test func jpegSegmentPastTheEndAndGarbage() {
        let good = Fixtures.jpeg([Fixtures.jpegSegment(0xFE, Array("hi".utf8))])
        var bad = good
        bad[bad.count / 2] = 0x00
        _ = reader.read(bad)
        let cut = Array(Fixtures.jpeg([Fixtures.jpegSegment(0xFE, [UInt8](repeating: 65, count: 100))]).prefix(40))
        let report = reader.read(cut)
        #expect(report.problems.first?.kind == .truncated)
    }

    @Test func jumbfSequenceGapIsReported() {
        let store = Fixtures.c2paStore(contentSize: 900)
        var segments = Fixtures.jpegJUMBF(store, pieceSize: 300)
        segments.remove(at: 1)
        let blocks = reader.blocks(Fixtures.jpeg(segments))
        #expect(blocks.problems.contains { $0.reason.contains("gap") })
    }

    @Test func extendedXMPLengthBomb() {
        let header = Array("http://ns.adobe.com/xmp/extension/\0".utf8) + Array(String(repeating: "A", count: 32).utf8)
        let segment = Fixtures.jpegSegment(0xE1, header + Fixtures.be32(0xFFFF_FFF0) + Fixtures.be32(0) + [1, 2, 3])
        let report = reader.read(Fixtures.jpeg([segment]))
        #expect(report.problems.contains { $0.kind == .limitExceeded })
    }

    @Test func isobmffBadSizes() {
        let file = Fixtures.heif(exif: Fixtures.tiff(littleEndian: true, ifd0: []), xmp: "<x/>", c2pa: nil)
        for length in stride(from: 0, to: file.count, by: 7) { _ = reader.read(Array(file[0..<length])) }
        var huge = file
        huge.replaceSubrange(0..<4, with: Fixtures.be32(1))  // 64-bit size follows, reading the brand as a size
        #expect(reader.read(huge).isPartial)
    }

    @Test func gifAndWebPTruncated() {
        let gif = Fixtures.gif(comment: "note", xmp: Fixtures.xmp(""))
        for length in stride(from: 0, to: gif.count, by: 5) { _ = reader.read(Array(gif[0..<length])) }
        #expect(reader.read(Array(gif.dropLast(2))).isPartial)
        let webp = Fixtures.webp([Fixtures.riffChunk("EXIF", [1, 2, 3])])
        for length in stride(from: 0, to: webp.count, by: 3) { _ = reader.read(Array(webp[0..<length])) }
    }

    @Test func jsonNestingBombInPrompt() {
        let deep = String(repeating: "[", count: 100_000)
        let report = reader.read(Fixtures.png([Fixtures.tEXt("prompt", "{\"1\": " + deep)]))
        #expect(report.problems.contains { $0.kind == .limitExceeded })
    }

    @Test func comfyUIGraphCycleEnds() {
        let cyclic = #"{"1": {"class_type": "LoraLoader", "inputs": {"lora_name": "x", "model": ["2", 0]}}, "2": {"class_type": "LoraLoader", "inputs": {"lora_name": "y", "model": ["1", 0]}}, "3": {"class_type": "CLIPTextEncode", "inputs": {"conditioning": ["3", 0]}}, "4": {"class_type": "KSampler", "inputs": {"model": ["1", 0], "positive": ["3", 0], "seed": ["4", 0]}}}"#
        let report = reader.read(Fixtures.png([Fixtures.tEXt("prompt", cyclic)]))
        #expect(report.generations.first?.models.count == 2)
    }
}

@Suite struct FuzzRegressionTests {
    /// Found by the containers fuzz target: an empty APP1 segment followed by bytes that look
    /// like an EXIF header made the reader slice past the segment's end.
    @Test func emptyAPP1BeforeExifLookalike() {
        let file: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x02] + Array("Exif\0\0MM".utf8) + [0xFF, 0xD9]
        let report = ProvenanceReader().read(file)
        #expect(report.exif == nil)
        #expect(report.isPartial)
    }
}
