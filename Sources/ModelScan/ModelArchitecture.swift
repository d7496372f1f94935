/// What a model file is and which base model family it belongs to (or targets).
public struct ModelArchitecture: Sendable, Hashable, Codable {
    /// The kind of weights in the file.
    public enum Kind: String, Sendable, Codable, Hashable {
        /// A full diffusion checkpoint (UNet or transformer, usually with text encoders and VAE).
        case checkpoint
        /// A LoRA adapter (lora_up/lora_down, lora_A/lora_B).
        case lora
        /// A LyCORIS adapter (LoHa `hada_`, LoKr `lokr_`, ...).
        case lycoris
        /// A textual-inversion embedding.
        case textualInversion = "textual_inversion"
        /// A language model (GGUF).
        case languageModel = "language_model"
        case unknown
    }

    /// The kind.
    public var kind: Kind
    /// The base family of the model, or for an adapter the family it targets.
    public var family: ModelFamily
    /// Why: the tensor names, shapes and metadata keys that decided it.
    public var evidence: [String]
    /// What the metadata claims the family is, when it says anything.
    public var claimedFamily: ModelFamily?

    /// Creates an architecture description.
    public init(kind: Kind, family: ModelFamily, evidence: [String], claimedFamily: ModelFamily? = nil) {
        self.kind = kind
        self.family = family
        self.evidence = evidence
        self.claimedFamily = claimedFamily
    }
}

/// A base model family. Hosts restrict families by these names in ``ModelScanPolicy``.
public enum ModelFamily: String, Sendable, Codable, Hashable, CaseIterable {
    /// Stable Diffusion 1.x (CLIP ViT-L text encoder, 768-dim cross-attention).
    case sd1 = "sd1"
    /// Stable Diffusion 2.x (OpenCLIP ViT-H, 1024-dim cross-attention).
    case sd2 = "sd2"
    /// Stable Diffusion XL (2048-dim cross-attention, two text encoders).
    case sdxl = "sdxl"
    /// Stable Diffusion 3 / 3.5 (MMDiT joint blocks).
    case sd3 = "sd3"
    /// Black Forest Labs Flux.1 (double and single stream blocks).
    case flux = "flux"
    /// A recognised model outside the families above.
    case other = "other"
    /// Not recognised.
    case unknown = "unknown"

    /// Reads the family names that trainers and modelspec write:
    /// `sd_v1`, `sd_v2`, `sdxl_base_v1-0`, `stable-diffusion-v1`, `stable-diffusion-xl-v1-base/lora`, `flux-1-dev`, `sd3`...
    public init?(claim: String) {
        let text = claim.lowercased()
        if text.contains("flux") { self = .flux }
        else if text.contains("sdxl") || text.contains("stable-diffusion-xl") || text.contains("sd_xl") || text.contains("pony") { self = .sdxl }
        else if text.contains("sd3") || text.contains("stable-diffusion-v3") || text.contains("sd_v3") { self = .sd3 }
        else if text.contains("sd_v2") || text.contains("stable-diffusion-v2") || text.contains("sd2") || text.contains("v2-") { self = .sd2 }
        else if text.contains("sd_v1") || text.contains("stable-diffusion-v1") || text.contains("sd1") || text.contains("v1-5") || text.contains("sd15") { self = .sd1 }
        else { return nil }
    }
}
