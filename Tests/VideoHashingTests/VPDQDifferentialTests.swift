import BulwarkCore
import Foundation
import PDQ
import Testing
@testable import VideoHashing

/// Bulwark's vPDQ against Meta's reference: the oracle script makes benign videos with the
/// FFmpeg CLI (several codecs, containers, sizes and frame rates), hashes them with the `vpdq`
/// package, and compares pairs and synthetic feature lists with python-threatexchange's vPDQ
/// matcher. Frames, qualities, hashes and timestamps must be identical, and every match
/// decision the same.
@Suite("vPDQ against the reference", .serialized)
struct VPDQDifferentialTests {
    struct Feature: Decodable {
        let frame: Int, quality: Int, hex: String, timestamp: Double
    }
    struct Video: Decodable {
        let name: String, path: String, seconds_per_hash: Double, features: [Feature]
    }
    struct Result: Decodable {
        let query_percent: Double, compared_percent: Double, match: Bool
    }
    struct Pair: Decodable {
        let query: String, compared: String, result: Result?
    }
    struct Synthetic: Decodable {
        let query: [Feature], compared: [Feature]
        let query_percent: Double, compared_percent: Double, match: Bool
    }
    struct Manifest: Decodable {
        let videos: [Video], pairs: [Pair], synthetic: [Synthetic]
    }

    static let manifest: Swift.Result<Manifest, any Error> = Swift.Result {
        let directory = try ExternalTools.temporaryDirectory("vpdq-oracle")
        try ExternalTools.run(["python3", ExternalTools.script("vpdq_oracle.py"), directory])
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/manifest.json"))
        return try JSONDecoder().decode(Manifest.self, from: data)
    }

    static let enabled = ExternalTools.isCI || (ExternalTools.hasFFmpeg && ExternalTools.hasPython(["vpdq", "threatexchange"]))

    static func hash(_ features: [Feature]) throws -> VPDQHash {
        VPDQHash(features: try features.map {
            VPDQFeature(hash: try PDQHash(hex: $0.hex), quality: $0.quality, frameNumber: $0.frame, timestamp: $0.timestamp)
        })
    }

    @Test(.enabled(if: enabled, "needs ffmpeg and python3 with vpdq and threatexchange"))
    func framesHashLikeTheReference() throws {
        let manifest = try Self.manifest.get()
        #expect(manifest.videos.count >= 15)
        for video in manifest.videos {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: video.path)))
            let hasher = VideoHasher(sampling: VideoSampling(secondsPerHash: video.seconds_per_hash))
            let ours = try hasher.hash(bytes)
            let reference = try Self.hash(video.features)
            let label = "\(video.name) every \(video.seconds_per_hash) s"
            #expect(!reference.features.isEmpty, "\(label): reference hashed no frame")
            #expect(ours.features.count == reference.features.count, "\(label): frame count")
            for (mine, theirs) in zip(ours.features, reference.features) {
                #expect(mine == theirs, "\(label): frame \(theirs.frameNumber)")
            }
        }
    }

    @Test(.enabled(if: enabled, "needs ffmpeg and python3 with vpdq and threatexchange"))
    func videoPairsMatchAsTheReferenceDecides() throws {
        let manifest = try Self.manifest.get()
        let byName = Dictionary(manifest.videos.filter { $0.seconds_per_hash == 1 }.map { ($0.name, $0.path) },
                                uniquingKeysWith: { first, _ in first })
        let hasher = VideoHasher()
        var decisions = Set<Bool>()
        for pair in manifest.pairs {
            let query = try hasher.hash([UInt8](Data(contentsOf: URL(fileURLWithPath: try #require(byName[pair.query])))))
            let compared = try hasher.hash([UInt8](Data(contentsOf: URL(fileURLWithPath: try #require(byName[pair.compared])))))
            let result = VPDQMatcher.compare(query: query, compared: compared)
            let label = "\(pair.query) vs \(pair.compared)"
            guard let expected = pair.result else {
                // The reference divides by zero when a side has no good-quality frame.
                #expect(!result.isMatch, "\(label)")
                continue
            }
            decisions.insert(expected.match)
            #expect(result.isMatch == expected.match, "\(label)")
            #expect(abs(result.queryMatchPercent - expected.query_percent) < 1e-9, "\(label)")
            #expect(abs(result.comparedMatchPercent - expected.compared_percent) < 1e-9, "\(label)")
        }
        #expect(decisions == [true, false], "the pairs cover both decisions")
    }

    @Test(.enabled(if: enabled, "needs ffmpeg and python3 with vpdq and threatexchange"))
    func syntheticFeatureListsMatchAsTheReferenceDecides() throws {
        let manifest = try Self.manifest.get()
        #expect(manifest.synthetic.count >= 100)
        #expect(manifest.synthetic.contains { $0.match } && manifest.synthetic.contains { !$0.match })
        for (index, case_) in manifest.synthetic.enumerated() {
            let result = VPDQMatcher.compare(query: try Self.hash(case_.query), compared: try Self.hash(case_.compared))
            #expect(result.isMatch == case_.match, "case \(index)")
            #expect(abs(result.queryMatchPercent - case_.query_percent) < 1e-9, "case \(index)")
            #expect(abs(result.comparedMatchPercent - case_.compared_percent) < 1e-9, "case \(index)")
        }
    }
}
