/// Tells checkpoints, LoRA/LyCORIS adapters and textual-inversion embeddings apart, and finds
/// the base family from tensor names and shapes, using metadata only as a fallback.
///
/// Shapes decide where they can: the cross-attention key projection's input width is the text
/// context width (768 for SD 1.x, 1024 for SD 2.x, 2048 for SDXL), and an adapter's down/A
/// matrix for that projection has the same input width.
public enum ArchitectureDetector {
    /// Classifies a safetensors file from its tensors and training metadata.
    public static func detect(tensors: [TensorInfo], training: TrainingMetadata) -> ModelArchitecture {
        var evidence: [String] = []
        let kind = detectKind(tensors, evidence: &evidence)
        var family = kind == .textualInversion ? embeddingFamily(tensors, evidence: &evidence) : structuralFamily(tensors, evidence: &evidence)
        let claimed = claimedFamily(training, evidence: &evidence)
        if family == .unknown, let claimed {
            family = claimed
            evidence.append("family taken from metadata (no decisive tensor shapes)")
        }
        return ModelArchitecture(kind: kind, family: family, evidence: evidence, claimedFamily: claimed)
    }

    private static func detectKind(_ tensors: [TensorInfo], evidence: inout [String]) -> ModelArchitecture.Kind {
        func first(_ predicate: (String) -> Bool) -> String? { tensors.first { predicate($0.name) }?.name }
        if let name = first({ $0.containsASCII("hada_w") || $0.containsASCII("lokr_w") || $0.containsASCII(".oft_") || $0.containsASCII("oft_blocks") || $0.containsASCII("lokr_t") }) {
            evidence.append("LyCORIS tensor \(name)")
            return .lycoris
        }
        if let name = first({ $0.containsASCII("lora_up") || $0.containsASCII("lora_down") || $0.containsASCII("lora_A") || $0.containsASCII("lora_B") || $0.containsASCII(".lora.up") || $0.containsASCII(".lora.down") }) {
            evidence.append("LoRA tensor \(name)")
            return .lora
        }
        if let name = first({ $0 == "emb_params" || $0.hasPrefix("string_to_param") || $0 == "clip_l" || $0 == "clip_g" }), tensors.count <= 4 {
            evidence.append("embedding tensor \(name)")
            return .textualInversion
        }
        if let name = first({ $0.hasPrefix("model.diffusion_model.") || $0.hasPrefix("double_blocks.") || $0.hasPrefix("joint_blocks.")
            || $0.hasPrefix("down_blocks.") || $0.hasPrefix("transformer_blocks.") || $0.hasPrefix("single_transformer_blocks.") }) {
            evidence.append("checkpoint tensor \(name)")
            return .checkpoint
        }
        return .unknown
    }

    private static func structuralFamily(_ tensors: [TensorInfo], evidence: inout [String]) -> ModelFamily {
        func has(_ predicate: (String) -> Bool) -> String? { tensors.first { predicate($0.name) }?.name }
        if let name = has({ $0.containsASCII("double_blocks") || $0.containsASCII("single_blocks") || $0.containsASCII("single_transformer_blocks") }) {
            evidence.append("Flux block \(name)")
            return .flux
        }
        if let name = has({ $0.containsASCII("joint_blocks") || $0.containsASCII("context_block") }) {
            evidence.append("SD3 joint block \(name)")
            return .sd3
        }
        // Cross-attention key projection: its input width is the text context width.
        for tensor in tensors where tensor.shape.count >= 2 && isCrossAttentionKey(tensor.name) {
            let isAdapterUp = tensor.name.containsASCII("lora_up") || tensor.name.containsASCII("lora_B") || tensor.name.containsASCII("hada_w1_a") || tensor.name.containsASCII("hada_w2_a")
            if isAdapterUp { continue }
            let width = tensor.shape[1]
            if let family = familyForContextWidth(width) {
                evidence.append("cross-attention \(tensor.name) takes \(width)-dim context")
                return family
            }
        }
        if let name = has({ $0.hasPrefix("conditioner.embedders.1") || $0.hasPrefix("lora_te2_") || $0.hasPrefix("te2.") || $0.hasPrefix("text_encoder_2.") }) {
            evidence.append("second text encoder \(name)")
            return .sdxl
        }
        if let name = has({ $0.hasPrefix("cond_stage_model.model.") }) {
            evidence.append("OpenCLIP text encoder \(name)")
            return .sd2
        }
        if let name = has({ $0.hasPrefix("cond_stage_model.transformer.") }) {
            evidence.append("CLIP ViT-L text encoder \(name)")
            return .sd1
        }
        return .unknown
    }

    private static func isCrossAttentionKey(_ name: String) -> Bool {
        (name.containsASCII("attn2") && (name.containsASCII("to_k") || name.containsASCII("to_v")))
    }

    private static func familyForContextWidth(_ width: UInt64) -> ModelFamily? {
        switch width {
        case 768: .sd1
        case 1024: .sd2
        case 2048: .sdxl
        default: nil
        }
    }

    private static func embeddingFamily(_ tensors: [TensorInfo], evidence: inout [String]) -> ModelFamily {
        if tensors.contains(where: { $0.name == "clip_g" }) {
            evidence.append("SDXL embedding (clip_g)")
            return .sdxl
        }
        for tensor in tensors {
            guard let width = tensor.shape.last else { continue }
            switch width {
            case 768: evidence.append("\(tensor.name) vectors are 768-dim"); return .sd1
            case 1024: evidence.append("\(tensor.name) vectors are 1024-dim"); return .sd2
            default: continue
            }
        }
        return .unknown
    }

    private static func claimedFamily(_ training: TrainingMetadata, evidence: inout [String]) -> ModelFamily? {
        if let architecture = training.modelSpec["architecture"], let family = ModelFamily(claim: architecture) {
            evidence.append("modelspec.architecture = \(architecture.prefix(80))")
            return family
        }
        if let version = training.baseModelVersion, let family = ModelFamily(claim: version) {
            evidence.append("ss_base_model_version = \(version.prefix(80))")
            return family
        }
        if training.otherTrainingKeys["ss_v2"]?.lowercased() == "true" {
            evidence.append("ss_v2 = True")
            return .sd2
        }
        if let name = training.baseModelName, let family = ModelFamily(claim: name) {
            evidence.append("ss_sd_model_name = \(name.prefix(80))")
            return family
        }
        return nil
    }
}
