import Testing
@testable import Provenance

@Suite struct XMPReaderTests {
    @Test func fieldsGeneratorsWrite() throws {
        let packet = Fixtures.xmp("""
            <xmp:CreatorTool>Adobe Photoshop 25.0</xmp:CreatorTool>
            <Iptc4xmpExt:DigitalSourceType>http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia</Iptc4xmpExt:DigitalSourceType>
            <dc:description><rdf:Alt><rdf:li xml:lang="x-default">a bowl of fruit &amp; bread</rdf:li></rdf:Alt></dc:description>
            <dc:creator><rdf:Seq><rdf:li>Ann</rdf:li><rdf:li>Bo</rdf:li></rdf:Seq></dc:creator>
            <xmpMM:History><rdf:Seq>
              <rdf:li stEvt:action="created" stEvt:softwareAgent="Adobe Photoshop 25.0" stEvt:when="2024-01-01T00:00:00Z"/>
              <rdf:li rdf:parseType="Resource"><stEvt:action>saved</stEvt:action><stEvt:softwareAgent>Adobe Firefly</stEvt:softwareAgent></rdf:li>
            </rdf:Seq></xmpMM:History>
            """, attributes: #"photoshop:Credit="Studio &#x41;""#)
        let fields = try XMPReader.read(packet)
        #expect(fields.creatorTool == "Adobe Photoshop 25.0")
        #expect(fields.digitalSourceType?.hasSuffix("compositeWithTrainedAlgorithmicMedia") == true)
        #expect(fields.descriptions == ["a bowl of fruit & bread"])
        #expect(fields.creators == ["Ann", "Bo"])
        #expect(fields.credit == "Studio A")
        #expect(fields.history.count == 2)
        #expect(fields.history.first?.action == "created")
        #expect(fields.history.last?.softwareAgent == "Adobe Firefly")
    }

    @Test func prefixesAreResolvedByNamespaceNotByName() throws {
        let packet = """
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description xmlns:foo="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" foo:DigitalSourceType="trainedAlgorithmicMedia"/>
            </rdf:RDF></x:xmpmeta>
            """
        #expect(try XMPReader.read(packet).digitalSourceType == "trainedAlgorithmicMedia")
    }

    @Test func entityDeclarationsAreRefused() {
        let bomb = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">&lol2;</x:xmpmeta>
            """
        #expect { try XMPReader.read(bomb) } throws: { ($0 as? ProvenanceError)?.kind == .refused }
        let undefined = #"<x:xmpmeta xmlns:x="adobe:ns:meta/">&ext;</x:xmpmeta>"#
        #expect { try XMPReader.read(undefined) } throws: { ($0 as? ProvenanceError)?.kind == .refused }
    }

    @Test func depthAndSizeAreCapped() {
        let deep = String(repeating: "<a>", count: 200) + String(repeating: "</a>", count: 200)
        #expect { try XMPReader.read(deep) } throws: { ($0 as? ProvenanceError)?.kind == .limitExceeded }
        var limits = ProvenanceLimits()
        limits.maxBlockBytes = 100
        #expect { try XMPReader.read(Fixtures.xmp(""), limits: limits) } throws: { ($0 as? ProvenanceError)?.kind == .limitExceeded }
    }

    @Test func malformedXMLNamesWhere() {
        for bad in ["<a><b></a>", "<a", "<a x=1/>", "<p:a/>", "<a>text", "<!-- open"] {
            #expect(throws: ProvenanceError.self) { try XMPReader.read(bad) }
        }
    }

    @Test func digitalSourceTypeVocabulary() {
        #expect(DigitalSourceType(term: "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia")?.aiClass == .generativeAI)
        #expect(DigitalSourceType(term: "compositeWithTrainedAlgorithmicMedia")?.aiClass == .partlyGenerativeAI)
        #expect(DigitalSourceType(term: "algorithmicMedia")?.aiClass == .synthetic)
        #expect(DigitalSourceType(term: "compositeSynthetic")?.aiClass == .synthetic)
        #expect(DigitalSourceType(term: "digitalCapture")?.aiClass == .notAI)
        #expect(DigitalSourceType(term: "somethingElse") == nil)
        #expect(DigitalSourceType.allCases.count == 20)
    }
}
