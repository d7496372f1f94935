import BulwarkCore
import PDQ
import Testing
@testable import VideoHashing

@Suite("vPDQ feature files")
struct VPDQFeatureFileTests {
    static let hexA = "9a144d52cc2866a823d5b35331e329a36cc5e4cfc66ada38b3399934bc3efc5c"
    static let hexB = "0f7800bdbc026fb021fac427ae0117e382f7b00bbac4df78b21ddc2eda3cbd38"

    static func sample() throws -> VPDQHash {
        VPDQHash(features: [
            VPDQFeature(hash: try PDQHash(hex: hexA), quality: 100, frameNumber: 0, timestamp: 0),
            VPDQFeature(hash: try PDQHash(hex: hexB), quality: 87, frameNumber: 29,
                        timestamp: VideoSampling.timestamp(frameNumber: 29, frameRate: 30000.0 / 1001)),
        ])
    }

    @Test func formatsLinesAsTheReferenceWritesThem() throws {
        let text = VPDQFeatureFile.format(try Self.sample())
        #expect(text == "0,100,\(Self.hexA),0.000\n29,87,\(Self.hexB),0.968\n")
    }

    @Test func roundTripsUpToTimestampPrecision() throws {
        let hash = try Self.sample()
        let parsed = try VPDQFeatureFile.parse(Array(VPDQFeatureFile.format(hash).utf8))
        #expect(parsed.features.map(\.hash) == hash.features.map(\.hash))
        #expect(parsed.features.map(\.quality) == [100, 87])
        #expect(parsed.features.map(\.frameNumber) == [0, 29])
        #expect(parsed.features.map(\.timestamp) == [0, 0.968])
    }

    @Test func acceptsCRLFAndBlankLinesAndNoFinalNewline() throws {
        let text = "0,100,\(Self.hexA),0.000\r\n\r\n24,50,\(Self.hexB),1.000"
        let parsed = try VPDQFeatureFile.parse(Array(text.utf8))
        #expect(parsed.features.count == 2)
        #expect(parsed.features[1].quality == 50)
    }

    static let malformed: [(String, String)] = [
        ("0,100,\(hexA)\n", "line 1"),
        ("0,100,\(hexA),0.000,extra\n", "line 1"),
        ("0,100,\(hexA),0.000\nx,100,\(hexA),1.0\n", "line 2, field 1"),
        ("-1,100,\(hexA),0.000\n", "line 1, field 1"),
        ("0,101,\(hexA),0.000\n", "line 1, field 2"),
        ("0,ninety,\(hexA),0.000\n", "line 1, field 2"),
        ("0,100,\(hexA.dropLast()),0.000\n", "line 1, field 3"),
        ("0,100,\(hexA.dropLast())g,0.000\n", "line 1, field 3"),
        ("0,100,\(hexA),-1.0\n", "line 1, field 4"),
        ("0,100,\(hexA),1e309\n", "line 1, field 4"),
        ("0,100,\(hexA),nan\n", "line 1, field 4"),
        ("0,100,\(hexA),1.2.3\n", "line 1, field 4"),
        ("0,99999999999,\(hexA),0.0\n", "line 1, field 2"),
    ]

    @Test(arguments: malformed)
    func malformedLinesSayWhere(text: String, location: String) {
        #expect {
            _ = try VPDQFeatureFile.parse(Array(text.utf8))
        } throws: { error in
            guard case let BulwarkError.invalidInput(_, at?, _) = error else { return false }
            return at.hasPrefix(location)
        }
    }

    @Test func emptyFileIsAnError() {
        #expect(throws: BulwarkError.invalidInput(what: "vPDQ feature file", where: nil, reason: "no frames")) {
            _ = try VPDQFeatureFile.parse(Array("\n\n".utf8))
        }
    }

    @Test func oversizedInputHitsTheLimits() throws {
        let line = "0,100,\(Self.hexA),0.000\n"
        #expect {
            _ = try VPDQFeatureFile.parse(Array(String(repeating: line, count: 4).utf8),
                                          limits: .init(maxLines: 3, maxLineBytes: 256))
        } throws: { error in
            if case BulwarkError.limitExceeded = error { return true }
            return false
        }
        #expect {
            _ = try VPDQFeatureFile.parse(Array(("0,100,\(Self.hexA)," + String(repeating: "0", count: 500) + "\n").utf8))
        } throws: { error in
            if case let BulwarkError.limitExceeded(what, _, _) = error { return what.contains("line 1") }
            return false
        }
    }

    @Test func truncatedLineIsAnError() {
        let text = "0,100,\(Self.hexA),0.000\n1,100,9a14"
        #expect {
            _ = try VPDQFeatureFile.parse(Array(text.utf8))
        } throws: { error in
            guard case let BulwarkError.invalidInput(_, at?, _) = error else { return false }
            return at == "line 2"
        }
    }
}
