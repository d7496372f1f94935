/// How strongly a piece of metadata says the file was made with AI.
public enum AIEvidenceStrength: String, Sendable, Hashable, Codable, Comparable {
    /// Nothing found. This means "unknown", never "real".
    case none
    /// A software or service name associated with AI generators.
    case moderate
    /// Generator parameters (prompt, sampler, seed ...) written by a generation tool.
    case strong
    /// An explicit declaration: C2PA or IPTC digital source type saying generative AI.
    case declared

    private var rank: Int {
        switch self {
        case .none: return 0
        case .moderate: return 1
        case .strong: return 2
        case .declared: return 3
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// One piece of metadata that says a file was made (in whole or part) with AI.
public struct AISignal: Sendable, Hashable, Codable {
    /// Which kind of metadata said it.
    public enum Source: String, Sendable, Hashable, Codable {
        case c2pa
        case iptcDigitalSourceType
        case generatorParameters
        case softwareName
    }

    public var source: Source
    public var strength: AIEvidenceStrength
    /// The field that said it, e.g. `XMP Iptc4xmpExt:DigitalSourceType` or `PNG tEXt parameters`.
    public var field: String
    /// What it said, e.g. `trainedAlgorithmicMedia` or `ComfyUI`.
    public var value: String
    /// Whether it says only part of the content is AI-made.
    public var partial: Bool

    public init(source: Source, strength: AIEvidenceStrength, field: String, value: String, partial: Bool = false) {
        self.source = source
        self.strength = strength
        self.field = field
        self.value = value
        self.partial = partial
    }
}

/// One edit recorded in the file (XMP history or a C2PA action).
public struct ProvenanceEdit: Sendable, Hashable, Codable {
    /// `xmp-history` or `c2pa`.
    public var source: String
    public var action: String?
    public var softwareAgent: String?
    public var when: String?
    public var digitalSourceType: String?
}

/// One raw metadata field as found, for analysts.
public struct RawField: Sendable, Hashable, Codable {
    /// Where it was found, e.g. `PNG tEXt`, `EXIF`, `XMP`.
    public var source: String
    public var key: String
    public var value: String
}
