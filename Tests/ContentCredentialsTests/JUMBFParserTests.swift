@testable import ContentCredentials
import Testing

@Suite struct JUMBFParserTests {
    typealias B = JUMBFTestBuilder

    @Test func parsesNestedSuperboxesWithLabelsAndContent() throws {
        let store = B.superbox("c2pa", label: "c2pa", [
            B.superbox("c2ma", label: "urn:c2pa:one", [
                B.superbox("c2cl", label: "c2pa.claim.v2", [B.box("cbor", [0xa0])]),
                B.extendedBox("json", Array("{}".utf8)),
            ]),
        ])
        let root = try JUMBFParser().parseSuperbox(store)
        #expect(root.description.label == "c2pa")
        #expect(root.description.typeFourCC == "c2pa")
        let manifest = try #require(root.superbox(labelled: "urn:c2pa:one"))
        let claim = try #require(manifest.superbox(labelled: "c2pa.claim.v2"))
        let cbor = try #require(claim.contentBoxes.first)
        #expect(cbor.type == "cbor")
        #expect(Array(store[cbor.payloadRange]) == [0xa0])
        let json = try #require(manifest.contentBoxes.first)
        #expect(json.type == "json")
        #expect(Array(store[json.payloadRange]) == Array("{}".utf8))
        #expect(root.contentRange == 8..<store.count)
    }

    @Test func aZeroLengthBoxRunsToTheEndOfItsContainer() throws {
        let store = B.box("jumb", B.description("c2pa", label: "c2pa") + B.uint32(0) + Array("cbor".utf8) + [1, 2, 3])
        let root = try JUMBFParser().parseSuperbox(store)
        #expect(root.contentBoxes.map { Array(store[$0.payloadRange]) } == [[1, 2, 3]])
    }

    @Test func descriptionWithIDAndSignatureToggles() throws {
        let uuid = [UInt8](repeating: 0x41, count: 16)
        let jumd = B.box("jumd", uuid + [0x0f] + Array("x".utf8) + [0] + B.uint32(7) + [UInt8](repeating: 9, count: 32))
        let root = try JUMBFParser().parseSuperbox(B.box("jumb", jumd))
        #expect(root.description.label == "x")
        #expect(root.description.id == 7)
        #expect(root.description.signature == [UInt8](repeating: 9, count: 32))
    }

    static func error(_ bytes: [UInt8], _ parser: JUMBFParser = JUMBFParser()) -> ContentCredentialsError? {
        do {
            _ = try parser.parseSuperbox(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func malformedBoxesAreClearErrors() throws {
        let jumd = B.description("c2pa", label: "c2pa")
        // A child whose length runs past its container.
        var pastEnd = B.box("jumb", jumd + B.box("cbor", [1, 2, 3]))
        pastEnd[8 + jumd.count + 3] = 200
        #expect(Self.error(pastEnd)?.reason.contains("runs past the end") == true)
        // A length shorter than the header would never advance: the classic box loop.
        var loop = B.box("jumb", jumd + B.box("cbor", []))
        loop[8 + jumd.count + 3] = 4
        #expect(Self.error(loop)?.reason.contains("shorter than its 8-byte header") == true)
        // Extended length of 1 would also loop.
        let extendedLoop = B.box("jumb", jumd + B.uint32(1) + Array("cbor".utf8) + B.uint32(0) + B.uint32(1))
        #expect(Self.error(extendedLoop)?.reason.contains("shorter than its 16-byte header") == true)
        // Truncated header and extended header.
        #expect(Self.error([0, 0, 0])?.reason.contains("needs 8 bytes") == true)
        #expect(Self.error(B.uint32(1) + Array("jumb".utf8) + [0, 0])?.reason.contains("16 header bytes") == true)
        // Not a superbox at the top, no description box, bad description boxes.
        #expect(Self.error(B.box("cbor", [0]))?.reason.contains("expected a jumb superbox") == true)
        #expect(Self.error(B.box("jumb", B.box("cbor", [0])))?.reason.contains("does not start with a jumd") == true)
        #expect(Self.error(B.box("jumb", B.box("jumd", [1, 2, 3])))?.reason.contains("16-byte type UUID") == true)
        let unterminated = B.box("jumb", B.box("jumd", [UInt8](repeating: 0x41, count: 16) + [0x03] + Array("label".utf8)))
        #expect(Self.error(unterminated)?.reason.contains("no NUL terminator") == true)
        let badUTF8 = B.box("jumb", B.box("jumd", [UInt8](repeating: 0x41, count: 16) + [0x03, 0xc3, 0x28, 0]))
        #expect(Self.error(badUTF8)?.reason.contains("not valid UTF-8") == true)
        let shortID = B.box("jumb", B.box("jumd", [UInt8](repeating: 0x41, count: 16) + [0x04, 1]))
        #expect(Self.error(shortID)?.reason.contains("ID needs 4 bytes") == true)
        // Every error names a byte offset.
        #expect(Self.error(pastEnd)?.location == "byte \(8 + jumd.count)")
    }

    @Test func depthAndBoxCountLimitsApply() throws {
        var nested = B.box("cbor", [0])
        for level in 0..<40 { nested = B.superbox("c2pa", label: "level\(level)", [nested]) }
        #expect(Self.error(nested)?.reason.contains("nested deeper than 16") == true)
        #expect(Self.error(nested, JUMBFParser(maxDepth: 64)) == nil)

        let wide = B.superbox("c2pa", label: "c2pa", Array(repeating: B.box("cbor", []), count: 500))
        #expect(Self.error(wide, JUMBFParser(maxBoxes: 100))?.reason.contains("more than 100 boxes") == true)
        #expect(Self.error(wide) == nil)
    }
}
