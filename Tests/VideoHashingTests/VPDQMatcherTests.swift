import PDQ
import Testing
@testable import VideoHashing

@Suite("vPDQ matching rule")
struct VPDQMatcherTests {
    /// A hash with the lowest `bits` bits set.
    static func hash(ones bits: Int, shift: Int = 0) -> PDQHash {
        var hash = PDQHash.zero
        for bit in 0..<bits { hash.setBit((bit + shift) % 256) }
        return hash
    }

    static func video(_ hashes: [(PDQHash, Int)]) -> VPDQHash {
        VPDQHash(features: hashes.enumerated().map { index, item in
            VPDQFeature(hash: item.0, quality: item.1, frameNumber: index, timestamp: Double(index))
        })
    }

    @Test func distanceThresholdIsInclusive() {
        let query = Self.video([(.zero, 100)])
        #expect(VPDQMatcher.compare(query: query, compared: Self.video([(Self.hash(ones: 31), 100)])).isMatch)
        #expect(!VPDQMatcher.compare(query: query, compared: Self.video([(Self.hash(ones: 32), 100)])).isMatch)
    }

    @Test func lowQualityFramesAreNotCompared() {
        let query = Self.video([(.zero, 100), (Self.hash(ones: 128), 49)])
        let compared = Self.video([(.zero, 50)])
        let result = VPDQMatcher.compare(query: query, compared: compared)
        #expect(result.queryMatchPercent == 100)
        #expect(result.comparedMatchPercent == 100)
        let none = VPDQMatcher.compare(query: query, compared: Self.video([(.zero, 49)]))
        #expect(!none.isMatch && none.queryMatchPercent == 0 && none.comparedMatchPercent == 0)
    }

    @Test func duplicateFramesCountOnceAndTheFirstOccurrenceDecidesQuality() {
        let far = Self.hash(ones: 128)
        // Three copies of one frame and one other frame: 1 of 2 unique frames match = 50%.
        let query = Self.video([(.zero, 100), (.zero, 100), (.zero, 100), (far, 100)])
        let result = VPDQMatcher.compare(query: query, compared: Self.video([(.zero, 100)]))
        #expect(result.queryMatchPercent == 50)
        #expect(!result.isMatch)
        // The first copy has low quality: the hash is dropped even though a later copy is good.
        let lowFirst = Self.video([(.zero, 10), (.zero, 100)])
        #expect(VPDQMatcher.prepare(lowFirst).isEmpty)
    }

    @Test func thresholdsOnBothPercentages() {
        let query = Self.video([(.zero, 100), (Self.hash(ones: 100), 100), (Self.hash(ones: 200), 100), (Self.hash(ones: 64, shift: 100), 100), (Self.hash(ones: 80, shift: 170), 100)])
        let compared = Self.video([(.zero, 100), (Self.hash(ones: 100), 100), (Self.hash(ones: 200), 100), (Self.hash(ones: 64, shift: 100), 100)])
        let result = VPDQMatcher.compare(query: query, compared: compared)
        #expect(result.queryMatchPercent == 80 && result.comparedMatchPercent == 100 && result.isMatch)
        let strict = VPDQMatchThresholds(queryMatchPercent: 80.1)
        #expect(!VPDQMatcher.compare(query: query, compared: compared, thresholds: strict).isMatch)
        let reverse = VPDQMatcher.compare(query: compared, compared: query,
                                          thresholds: VPDQMatchThresholds(queryMatchPercent: 0, comparedMatchPercent: 90))
        #expect(!reverse.isMatch && reverse.comparedMatchPercent == 80)
    }

    @Test func prunesConsecutiveNearIdenticalFrames() {
        let video = Self.video([(.zero, 100), (Self.hash(ones: 1), 100), (Self.hash(ones: 3), 100), (Self.hash(ones: 4), 100), (.zero, 100)])
        #expect(video.pruned(distance: 2).features.map(\.frameNumber) == [0, 2, 4])
        #expect(video.pruned(distance: 0).features.count == 5)
    }
}
