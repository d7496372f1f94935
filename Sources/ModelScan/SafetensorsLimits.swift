/// Limits applied while reading a safetensors header.
public struct SafetensorsLimits: Sendable, Codable, Hashable {
    /// The largest header accepted, in bytes (the reference implementation uses 100 MB).
    public var maxHeaderBytes: UInt64 = 100_000_000
    /// The most tensors accepted.
    public var maxTensors = 1_000_000
    /// The most dimensions per tensor.
    public var maxDimensions = 16

    /// The default limits.
    public init() {}

    /// Decodes limits from JSON; missing keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = SafetensorsLimits()
        maxHeaderBytes = try c.decodeIfPresent(UInt64.self, forKey: .maxHeaderBytes) ?? defaults.maxHeaderBytes
        maxTensors = try c.decodeIfPresent(Int.self, forKey: .maxTensors) ?? defaults.maxTensors
        maxDimensions = try c.decodeIfPresent(Int.self, forKey: .maxDimensions) ?? defaults.maxDimensions
    }
}
