import BulwarkCore
import MediaDecoding

/// Match by upload: hash the bytes (exact digests always, PDQ when they decode as an
/// image) and match every signal in one call.
public struct UploadMatcher: Sendable {
    public let service: MatchService
    public let limits: DecodingLimits

    public init(service: MatchService, limits: DecodingLimits = .default) {
        self.service = service
        self.limits = limits
    }

    /// The hash record of `bytes`, the match report, and why the bytes were not decoded as
    /// an image when they were not (then only the exact digests were matched).
    public func match(_ bytes: [UInt8], threshold: Int? = nil) async throws -> UploadMatch {
        let hashed = Self.hash(bytes, limits: limits)
        var queries = hashed.record.signals.filter { $0.type != .pdq }.map { SignalQuery(signal: $0) }
        if let pdq = hashed.record.pdq {
            queries.append(SignalQuery(signal: Signal(type: .pdq, value: pdq), quality: hashed.record.quality))
        }
        let report = try await service.match(queries, threshold: threshold)
        return UploadMatch(hash: hashed.record, decodeProblem: hashed.problem, report: report)
    }

    /// The hash record of `bytes`; when they are not a decodable image, the record holds the
    /// exact digests only and `problem` says why.
    public static func hash(_ bytes: [UInt8], limits: DecodingLimits = .default) -> (record: HashRecord, problem: String?) {
        do {
            return (try ContentHasher(limits: limits).hash(bytes), nil)
        } catch {
            let record = HashRecord(path: nil, size: error.size, digests: error.digests, image: nil, pdq: nil, dihedral: nil)
            return (record, error.reason)
        }
    }
}

/// The result of matching an upload.
public struct UploadMatch: Sendable, Codable {
    /// What the upload hashed to.
    public var hash: HashRecord
    /// Why the upload was not decoded as an image, when it was not.
    public var decodeProblem: String?
    /// Matches and decision.
    public var report: MatchReport
}
