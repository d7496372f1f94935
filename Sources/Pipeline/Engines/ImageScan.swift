import BulwarkCore
import MediaDecoding
import ModelScan

/// The image pipeline as one call: read a file, hash it (exact + PDQ), match the signals
/// against the banks, read its provenance, and decide. Used for preview images uploaded with
/// a model, and anywhere else a single image needs the whole treatment.
public struct ImageScan: Sendable {
    /// Matches signals against the banks; `nil` when no store is configured.
    public typealias SignalMatcher = @Sendable (_ signals: [Signal]) async throws -> Decision

    public let limits: DecodingLimits
    public let provenance: ProvenanceAnalysis
    public let matcher: SignalMatcher?

    public init(limits: DecodingLimits = .default, provenance: ProvenanceAnalysis, matcher: SignalMatcher?) {
        self.limits = limits
        self.provenance = provenance
        self.matcher = matcher
    }

    /// The decision for the image file at `path`.
    public func scan(path: String) async throws -> Decision {
        let bytes = try FileReader.readAll(path, limit: limits.maxBytes)
        var decision = provenance.analyse(bytes).decision
        let signals: [Signal]
        do {
            signals = try ContentHasher(limits: limits).hash(bytes, path: path).signals
        } catch {
            signals = error.digests.signals
            decision = decision.merged(with: Decision(reasons: [
                Reason(code: "image.undecodable", verdict: .review, message: "not a decodable image: \(error.reason)", source: path),
            ]))
        }
        if let matcher {
            decision = decision.merged(with: try await matcher(signals))
        }
        return decision
    }

    /// This scan as the hook ModelScan takes for preview images.
    public var previewHook: PreviewImageScan {
        { path in try await scan(path: path) }
    }
}
