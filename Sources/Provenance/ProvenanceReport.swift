import BulwarkCore
import ContentCredentials

/// Everything one file says about how it was made.
///
/// Absence of metadata means "unknown": ``aiEvidence`` is `.none`, which never means "real".
public struct ProvenanceReport: Sendable, Codable {
    /// The container format.
    public var format: ContainerFormat
    /// The strongest AI evidence found (`.none` = unknown).
    public var aiEvidence: AIEvidenceStrength
    /// Every AI signal, strongest first.
    public var aiSignals: [AISignal]
    /// The generator named by the strongest source (generator parameters, C2PA claim generator, software).
    public var generator: String?
    /// Generation parameter sets (one per A1111 image, one per ComfyUI sampler node ...).
    public var generations: [GenerationParameters]
    /// Every model, LoRA, embedding or VAE named, without duplicates.
    public var models: [ModelReference]
    /// Model hashes as signals for model-bank matching (SHA-256 and AutoV2 only).
    public var modelSignals: [Signal]
    /// Positive prompts, for text-safety checks.
    public var prompts: [String]
    /// Negative prompts.
    public var negativePrompts: [String]
    /// The first seed written.
    public var seed: UInt64?
    /// The first sampler written.
    public var sampler: String?
    /// Recorded edits (XMP history, C2PA actions).
    public var edits: [ProvenanceEdit]
    /// The EXIF fields read, if the file has EXIF.
    public var exif: EXIFFields?
    /// The XMP creator tool.
    public var xmpCreatorTool: String?
    /// The IPTC digital source type as written (URI or code).
    public var digitalSourceType: String?
    /// C2PA Content Credentials: status, claim generator, actions, ingredients.
    public var c2pa: C2PAReport
    /// Where the C2PA manifest store was found.
    public var c2paSource: String?
    /// Every raw field (text chunks, EXIF, XMP properties).
    public var rawFields: [RawField]
    /// Whether a parser met bad data, so the report may miss fields.
    public var isPartial: Bool
    /// What went wrong and where.
    public var problems: [ProvenanceError]
}
