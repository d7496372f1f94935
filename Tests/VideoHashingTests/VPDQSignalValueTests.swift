import BulwarkCore
import PDQ
import Testing
@testable import VideoHashing

@Suite("vPDQ signal values")
struct VPDQSignalValueTests {
    static let hexA = VPDQFeatureFileTests.hexA
    static let hexB = VPDQFeatureFileTests.hexB

    @Test func encodesThreatExchangeForm() throws {
        let value = VPDQSignalValue.encode(try VPDQFeatureFileTests.sample())
        #expect(value == "[\"\(Self.hexA),100,0.000\",\"\(Self.hexB),87,0.968\"]")
        let decoded = try VPDQSignalValue.decode(value)
        #expect(decoded.features.map(\.hash.hex) == [Self.hexA, Self.hexB])
        #expect(decoded.features.map(\.quality) == [100, 87])
        #expect(decoded.features.map(\.timestamp) == [0, 0.968])
    }

    @Test func readsPythonThreatExchangeTimestampsAndFeatureFiles() throws {
        // python-threatexchange writes f"{t:.3}": three significant digits, sometimes exponent form.
        let decoded = try VPDQSignalValue.decode("[\"\(Self.hexA),60,1e+02\", \"\(Self.hexB),70,12.3\"]")
        #expect(decoded.features.map(\.timestamp) == [100, 12.3])
        let file = try VPDQSignalValue.decode("0,100,\(Self.hexA),0.000\n25,90,\(Self.hexB),1.000\n")
        #expect(file.features.map(\.frameNumber) == [0, 25])
    }

    static let malformed: [String] = [
        "", "   ", "[]", "[1,2]", "{\"a\":1}", "[\"\(hexA),100\"]", "[\"\(hexA),101,0.0\"]",
        "[\"zz,100,0.0\"]", "[\"\(hexA),100,-1\"]", "[\"\(hexA),100,inf\"]", "[\"\(hexA),100,0.0\"",
    ]

    @Test(arguments: malformed) func malformedValuesAreRejected(value: String) {
        #expect(throws: BulwarkError.self) { _ = try VPDQSignalValue.decode(value) }
    }

    @Test func oversizedValuesHitTheLimits() {
        let item = "\"\(Self.hexA),100,0.000\""
        let value = "[" + Array(repeating: item, count: 11).joined(separator: ",") + "]"
        #expect {
            _ = try VPDQSignalValue.decode(value, limits: .init(maxBytes: 1 << 20, maxFrames: 10))
        } throws: { error in
            if case BulwarkError.limitExceeded = error { return true }
            return false
        }
        #expect {
            _ = try VPDQSignalValue.decode(value, limits: .init(maxBytes: 100, maxFrames: 10))
        } throws: { error in
            if case BulwarkError.limitExceeded = error { return true }
            return false
        }
    }

    @Test func sniffsVideoContainersButNotImages() {
        func bytes(_ prefix: [UInt8], count: Int = 512) -> [UInt8] { prefix + [UInt8](repeating: 0, count: count - prefix.count) }
        let ftyp = { (brand: String) in bytes([0, 0, 0, 0x18] + Array("ftyp\(brand)".utf8)) }
        #expect(VideoContainer.sniff(ftyp("isom")) == .isoBaseMedia)
        #expect(VideoContainer.sniff(ftyp("qt  ")) == .quickTime)
        #expect(VideoContainer.sniff(ftyp("heic")) == nil)
        #expect(VideoContainer.sniff(ftyp("avif")) == nil)
        #expect(VideoContainer.sniff(bytes([0x1A, 0x45, 0xDF, 0xA3])) == .matroska)
        #expect(VideoContainer.sniff(bytes(Array("RIFF\0\0\0\0AVI ".utf8))) == .avi)
        #expect(VideoContainer.sniff(bytes(Array("RIFF\0\0\0\0WEBP".utf8))) == nil)
        var ts = bytes([0x47])
        ts[188] = 0x47
        ts[376] = 0x47
        #expect(VideoContainer.sniff(ts) == .mpegTransportStream)
        #expect(VideoContainer.sniff(bytes([0xFF, 0xD8, 0xFF])) == nil)
        #expect(VideoContainer.sniff([0, 0, 0]) == nil)
    }
}
