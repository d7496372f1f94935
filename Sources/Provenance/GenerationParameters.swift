import BulwarkCore

/// A model file a generator says it used: a checkpoint, LoRA, embedding, VAE or similar.
public struct ModelReference: Sendable, Hashable, Codable {
    /// What role the model played.
    public enum Kind: String, Sendable, Hashable, Codable {
        case checkpoint, lora, embedding, vae, hypernetwork, controlnet, upscaler, other
    }

    public var kind: Kind
    public var name: String?
    /// The hash as written (AutoV1 8 hex, AutoV2 10 hex, AutoV3 12 hex or full SHA-256).
    public var hash: String?
    /// The strength or weight applied, when given.
    public var weight: Double?

    public init(kind: Kind, name: String?, hash: String? = nil, weight: Double? = nil) {
        self.kind = kind
        self.name = name?.trimmingWhitespace()
        self.hash = hash?.trimmingWhitespace().lowercased()
        self.weight = weight
    }

    /// The hash as a signal that model banks can match: 64 hex digits are a SHA-256, 10 hex
    /// digits an A1111 AutoV2 hash. Other forms (AutoV1, AutoV3) give no signal.
    public var signal: Signal? {
        guard let hash else { return nil }
        switch hash.utf8.count {
        case 64: return try? Signal.validated(type: .modelSHA256, value: hash)
        case 10: return try? Signal.validated(type: .modelAutoV2, value: hash)
        default: return nil
        }
    }
}

/// The generation settings one generator run wrote into a file.
public struct GenerationParameters: Sendable, Hashable, Codable {
    /// The generator or UI that wrote them, e.g. `AUTOMATIC1111`, `ComfyUI`, `NovelAI`.
    public var generator: String
    /// Where they were read from, e.g. `PNG tEXt parameters`.
    public var source: String
    public var prompt: String?
    public var negativePrompt: String?
    public var steps: Int?
    public var sampler: String?
    public var scheduler: String?
    public var cfgScale: Double?
    public var seed: UInt64?
    public var width: Int?
    public var height: Int?
    public var denoise: Double?
    public var version: String?
    public var models: [ModelReference] = []
    /// Every other setting, in the order written, as text.
    public var settings: [Setting] = []

    /// One other setting.
    public struct Setting: Sendable, Hashable, Codable {
        public var key: String
        public var value: String
    }

    public init(generator: String, source: String) {
        self.generator = generator
        self.source = source
    }

    /// The first checkpoint named.
    public var checkpoint: ModelReference? { models.first { $0.kind == .checkpoint } }

    mutating func addModel(_ model: ModelReference) {
        if let index = models.firstIndex(where: { $0.kind == model.kind && $0.name == model.name && model.name != nil }) {
            if models[index].hash == nil { models[index].hash = model.hash }
            if models[index].weight == nil { models[index].weight = model.weight }
        } else if model.name != nil || model.hash != nil {
            models.append(model)
        }
    }

    mutating func setting(_ key: String, _ value: String?) {
        if let value { settings.append(Setting(key: key, value: value)) }
    }
}
