/// The kind of a signal: which algorithm produced a value and how values compare.
///
/// Signal types are an open set, like python-threatexchange's: the well-known ones are
/// static members, and new ones can be declared by name (`SignalType("vpdq")`) without
/// changing this module.
public struct SignalType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The stable lowercase name used in files, databases and the API.
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue.lowercased() }
    public init(_ name: String) { self.init(rawValue: name) }

    /// Meta's PDQ perceptual image hash: 256 bits, compared by Hamming distance.
    public static let pdq = SignalType("pdq")
    /// Meta's vPDQ video hash: a list of per-frame PDQ hashes.
    public static let vpdq = SignalType("vpdq")
    /// MD5 of the file bytes.
    public static let md5 = SignalType("md5")
    /// SHA-1 of the file bytes.
    public static let sha1 = SignalType("sha1")
    /// SHA-256 of the file bytes.
    public static let sha256 = SignalType("sha256")
    /// SHA-256 of a model file (checkpoint, LoRA, embedding).
    public static let modelSHA256 = SignalType("model_sha256")
    /// A1111 "AutoV2" short model hash: the first 10 hex digits of the file's SHA-256.
    public static let modelAutoV2 = SignalType("model_autov2")
    /// Civitai "AutoV3" safetensors hash: SHA-256 of the tensor data after the header.
    public static let modelAutoV3 = SignalType("model_autov3")

    public var description: String { rawValue }

    /// Whether values of this type are compared exactly (cryptographic digests) rather than by distance.
    public var isExact: Bool { self != .pdq && self != .vpdq }

    /// The number of hex digits a value of this type has, when it is a fixed-size digest.
    public var hexLength: Int? {
        switch self {
        case .pdq: return 64
        case .md5: return 32
        case .sha1: return 40
        case .sha256, .modelSHA256, .modelAutoV3: return 64
        case .modelAutoV2: return 10
        default: return nil
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
