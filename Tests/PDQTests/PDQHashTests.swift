import BulwarkCore
import PDQ
import Testing

@Suite("PDQ hash values")
struct PDQHashTests {
    @Test func hexRoundTripsMostSignificantBitFirst() throws {
        var hash = PDQHash.zero
        hash.setBit(255)
        hash.setBit(0)
        #expect(hash.hex == "8" + String(repeating: "0", count: 62) + "1")
        #expect(try PDQHash(hex: hash.hex) == hash)
        #expect(try PDQHash(hex: hash.hex.uppercased()) == hash)
    }

    @Test func distanceCountsDifferingBits() throws {
        let a = try PDQHash(hex: String(repeating: "f", count: 64))
        let b = try PDQHash(hex: String(repeating: "0", count: 63) + "7")
        #expect(a.distance(to: b) == 253)
        #expect(a.distance(to: a) == 0)
        #expect(a.popcount == 256)
    }

    @Test(arguments: ["", "abc", String(repeating: "0", count: 63), String(repeating: "0", count: 65),
                      String(repeating: "0", count: 63) + "g"])
    func malformedHexIsAClearError(_ text: String) {
        #expect(throws: BulwarkError.self) { try PDQHash(hex: text) }
        do {
            _ = try PDQHash(hex: text)
        } catch {
            #expect(error.description.contains("PDQ hash"))
        }
    }

    @Test func imagesBelowFivePixelsHashToZeroWithQualityZero() {
        let hasher = PDQHasher()
        let tiny = RGBImage(width: 4, height: 100, pixels: [UInt8](repeating: 200, count: 4 * 100 * 3))
        #expect(hasher.hash(tiny) == PDQResult(hash: .zero, quality: 0))
        #expect(hasher.dihedralHashes(tiny).all.allSatisfy { $0 == .zero })
    }

    @Test func flatImagesHaveQualityZero() {
        let flat = RGBImage(width: 300, height: 200, pixels: [UInt8](repeating: 77, count: 300 * 200 * 3))
        #expect(PDQHasher().hash(flat).quality == 0)
    }

    @Test func aHasherGivesTheSameAnswerWhenReusedAcrossSizes() {
        let hasher = PDQHasher()
        func image(_ w: Int, _ h: Int) -> RGBImage {
            RGBImage(width: w, height: h, pixels: (0..<(w * h * 3)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 7) })
        }
        let big = hasher.hash(image(700, 500))
        _ = hasher.hash(image(9, 9))
        #expect(hasher.hash(image(700, 500)) == big)
        #expect(PDQHasher().hash(image(700, 500)) == big)
    }
}

/// The streaming entry point: rows pulled in order, a failed read gives no hash.
@Suite struct PDQStreamingTests {
    private func pixels(_ width: Int, _ height: Int) -> [UInt8] {
        var state: UInt32 = 12345
        return (0..<(width * height * 3)).map { index in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: (state >> 24) &+ UInt32(index / (width * 3)))
        }
    }

    @Test(arguments: [(5, 5), (64, 64), (7, 13), (333, 250), (1000, 9), (9, 1000), (1500, 1100)])
    func streamedRowsHashLikeTheWholeImage(size: (Int, Int)) {
        let (width, height) = size
        let rgb = pixels(width, height)
        let hasher = PDQHasher()
        let whole = hasher.hash(RGBImage(width: width, height: height, pixels: rgb))
        var requests: [Int] = []
        let streamed = rgb.withUnsafeBufferPointer { source in
            hasher.hash(width: width, height: height) { count, buffer in
                let start = requests.reduce(0, +)
                requests.append(count)
                buffer.baseAddress!.update(from: source.baseAddress! + start * width * 3, count: count * width * 3)
                return true
            }
        }
        #expect(streamed == whole)
        #expect(requests.reduce(0, +) == height)
        #expect(requests.allSatisfy { $0 >= 1 && $0 <= 8 })
    }

    @Test func aFailedReadGivesNoHash() {
        let hasher = PDQHasher()
        var calls = 0
        let result = hasher.hash(width: 100, height: 100) { _, buffer in
            calls += 1
            buffer.update(repeating: 128)
            return calls < 3
        }
        #expect(result == nil)
    }
}
