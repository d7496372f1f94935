/// Reads ComfyUI metadata by following its node graph.
///
/// The "prompt" chunk is the API graph: `{id: {class_type, inputs: {name: value | [sourceId, outputIndex]}}}`.
/// From each sampler node the reader follows `positive`/`negative` to the text-encode nodes,
/// `model` through LoRA loaders to the checkpoint loader, and `latent_image` to the size. The
/// "workflow" chunk (the editor's format) is converted to the same graph for known node types
/// when "prompt" is absent.
struct ComfyUIGraph {
    struct Node {
        var classType: String
        var inputs: [(String, JSONValue)]
        func input(_ name: String) -> JSONValue? { inputs.first { $0.0 == name }?.1 }
    }

    private(set) var nodes: [String: Node] = [:]
    private(set) var order: [String] = []
    private let maxSteps: Int
    private var steps = 0

    init(apiGraph: JSONValue, maxSteps: Int) {
        self.maxSteps = maxSteps
        for (id, value) in apiGraph.members {
            guard let classType = value["class_type"]?.string else { continue }
            nodes[id] = Node(classType: classType, inputs: value["inputs"]?.members ?? [])
            order.append(id)
        }
    }

    static let samplerTypes: Set<String> = [
        "KSampler", "KSamplerAdvanced", "SamplerCustom", "SamplerCustomAdvanced", "KSampler (Efficient)",
        "KSampler Adv. (Efficient)", "KSamplerSDXLAdvanced", "FaceDetailer", "DetailerForEach", "UltimateSDUpscale",
    ]

    /// One parameter set per sampler node, in graph order.
    mutating func generations(source: String) -> [GenerationParameters] {
        var result: [GenerationParameters] = []
        let samplers = order.filter { nodes[$0].map { ComfyUIGraph.samplerTypes.contains($0.classType) } ?? false }
        for id in samplers.prefix(64) {
            guard let node = nodes[id] else { continue }
            var parameters = GenerationParameters(generator: "ComfyUI", source: source)
            parameters.setting("sampler node", "\(id) \(node.classType)")
            var guider: Node?
            if let link = link(node.input("guider")) { guider = nodes[link.0] }
            let conditioningOwner = guider ?? node
            if let positive = link(conditioningOwner.input("positive") ?? conditioningOwner.input("conditioning")) {
                parameters.prompt = texts(from: positive).joined(separator: "\n").nilIfEmpty
            }
            if let negative = link(conditioningOwner.input("negative")) {
                parameters.negativePrompt = texts(from: negative).joined(separator: "\n").nilIfEmpty
            }
            var visited = Set<String>()
            if let model = link(node.input("model") ?? guider?.input("model")) {
                followModel(model.0, into: &parameters, visited: &visited)
            }
            if let clip = link(node.input("clip")) { followModel(clip.0, into: &parameters, visited: &visited) }
            parameters.seed = scalar(node.input("seed") ?? node.input("noise_seed"), names: ["seed", "noise_seed", "value", "int"])?.uint64
            if parameters.seed == nil, let noise = link(node.input("noise")), let noiseNode = nodes[noise.0] {
                parameters.seed = scalar(noiseNode.input("noise_seed") ?? noiseNode.input("seed"), names: ["seed", "noise_seed", "value"])?.uint64
            }
            parameters.steps = scalar(node.input("steps"), names: ["steps", "value", "int"])?.int
            parameters.cfgScale = scalar(node.input("cfg") ?? guider?.input("cfg"), names: ["cfg", "value", "float"])?.double
            parameters.sampler = scalar(node.input("sampler_name"), names: ["sampler_name", "value"])?.text
            parameters.scheduler = scalar(node.input("scheduler"), names: ["scheduler", "value"])?.text
            parameters.denoise = scalar(node.input("denoise"), names: ["denoise", "value"])?.double
            if parameters.sampler == nil, let samplerLink = link(node.input("sampler")), let samplerNode = nodes[samplerLink.0] {
                parameters.sampler = scalar(samplerNode.input("sampler_name"), names: ["sampler_name", "value"])?.text
            }
            if parameters.steps == nil, let sigmas = link(node.input("sigmas")), let sigmasNode = nodes[sigmas.0] {
                parameters.steps = scalar(sigmasNode.input("steps"), names: ["steps", "value"])?.int
                parameters.scheduler = scalar(sigmasNode.input("scheduler"), names: ["scheduler", "value"])?.text
                parameters.denoise = parameters.denoise ?? scalar(sigmasNode.input("denoise"), names: ["denoise", "value"])?.double
            }
            if let latent = link(node.input("latent_image")), let latentNode = nodes[latent.0] {
                parameters.width = scalar(latentNode.input("width"), names: ["width", "value", "int"])?.int
                parameters.height = scalar(latentNode.input("height"), names: ["height", "value", "int"])?.int
            }
            result.append(parameters)
        }
        return result
    }

    /// A `[nodeId, outputIndex]` link.
    private func link(_ value: JSONValue?) -> (String, Int)? {
        guard case let .array(items)? = value, items.count == 2, let output = items[1].int else { return nil }
        if let id = items[0].string { return (id, output) }
        if let id = items[0].text { return (id, output) }
        return nil
    }

    /// A widget value, or the value of the primitive node a link points to.
    private mutating func scalar(_ value: JSONValue?, names: [String], depth: Int = 0) -> JSONValue? {
        guard let value else { return nil }
        guard let (id, _) = link(value) else { return value }
        guard depth < 16, let node = nodes[id], tick() else { return nil }
        for name in names + ["value", "seed", "text", "string", "int", "float", "number"] {
            if let inner = node.input(name) { return scalar(inner, names: names, depth: depth + 1) }
        }
        return nil
    }

    private mutating func tick() -> Bool {
        steps += 1
        return steps <= maxSteps
    }

    private static let textInputs = ["text", "text_g", "text_l", "prompt", "positive", "string", "value", "t5xxl", "clip_l"]
    private static let conditioningInputs = ["conditioning", "conditioning_1", "conditioning_2", "conditioning_to", "conditioning_from", "base_positive"]

    /// The prompt texts reachable from a conditioning output.
    private mutating func texts(from start: (String, Int), depth: Int = 0) -> [String] {
        guard depth < 64, let node = nodes[start.0], tick() else { return [] }
        // Nodes with both positive and negative outputs (ControlNetApplyAdvanced and similar):
        // output 0 continues the positive branch, output 1 the negative.
        if node.input("positive") != nil, node.input("negative") != nil, node.input("text") == nil {
            let branch = start.1 == 1 ? "negative" : "positive"
            if let next = link(node.input(branch)) { return texts(from: next, depth: depth + 1) }
        }
        var found: [String] = []
        for name in ComfyUIGraph.textInputs {
            guard let input = node.input(name) else { continue }
            if let text = input.string {
                if !found.contains(text) { found.append(text) }
            } else if let next = link(input), let text = string(from: next, depth: depth + 1) {
                if !found.contains(text) { found.append(text) }
            }
        }
        if !found.isEmpty { return found }
        for name in ComfyUIGraph.conditioningInputs {
            if let next = link(node.input(name)) { found += texts(from: next, depth: depth + 1) }
        }
        return found
    }

    /// The text a string-producing node (primitive, text box) outputs.
    private mutating func string(from start: (String, Int), depth: Int) -> String? {
        guard depth < 64, let node = nodes[start.0], tick() else { return nil }
        for name in ComfyUIGraph.textInputs + ["text_a", "Text", "wildcard_text", "populated_text"] {
            guard let input = node.input(name) else { continue }
            if let text = input.string { return text }
            if let next = link(input) { return string(from: next, depth: depth + 1) }
        }
        return nil
    }

    /// Follows a model (or clip) chain through LoRA loaders and pass-through nodes to the loaders.
    private mutating func followModel(_ id: String, into parameters: inout GenerationParameters, visited: inout Set<String>, depth: Int = 0) {
        guard depth < 64, !visited.contains(id), let node = nodes[id], tick() else { return }
        visited.insert(id)
        if let name = node.input("ckpt_name")?.string {
            parameters.addModel(ModelReference(kind: .checkpoint, name: name))
        }
        for key in ["unet_name", "model_name"] {
            if let name = node.input(key)?.string, node.classType.contains("UNET") || node.classType.contains("Unet") || node.classType.contains("Diffusion") {
                parameters.addModel(ModelReference(kind: .checkpoint, name: name))
            }
        }
        if let name = node.input("lora_name")?.string {
            let weight = node.input("strength_model")?.double ?? node.input("strength")?.double
            parameters.addModel(ModelReference(kind: .lora, name: name, weight: weight))
        }
        // rgthree "Power Lora Loader" style: lora_1 = {on, lora, strength}
        for (key, value) in node.inputs where key.hasPrefix("lora_") {
            if let name = value["lora"]?.string, value["on"] != .bool(false) {
                parameters.addModel(ModelReference(kind: .lora, name: name, weight: value["strength"]?.double))
            }
        }
        for key in ["model", "clip", "MODEL", "CLIP", "base_model"] {
            if let next = link(node.input(key)) { followModel(next.0, into: &parameters, visited: &visited, depth: depth + 1) }
        }
    }

    /// Converts the editor "workflow" JSON to an API graph for node types whose widget order is known.
    static func apiGraph(fromWorkflow workflow: JSONValue) -> JSONValue {
        var linkSources: [String: (String, Int)] = [:]
        for link in workflow["links"]?.elements ?? [] {
            let items = link.elements
            guard items.count >= 5, let linkID = items[0].text, let from = items[1].text, let slot = items[2].int else { continue }
            linkSources[linkID] = (from, slot)
        }
        var members: [(String, JSONValue)] = []
        for node in workflow["nodes"]?.elements ?? [] {
            guard let id = node["id"]?.text, let type = node["type"]?.string else { continue }
            if node["mode"]?.int == 2 || node["mode"]?.int == 4 { continue }  // muted or bypassed
            var inputs: [(String, JSONValue)] = []
            for input in node["inputs"]?.elements ?? [] {
                guard let name = input["name"]?.string, let linkID = input["link"]?.text, let source = linkSources[linkID] else { continue }
                inputs.append((name, .array([.string(source.0), .number(Double(source.1), text: String(source.1))])))
            }
            let widgets = node["widgets_values"]?.elements ?? []
            if let names = widgetNames[type] {
                for (name, value) in zip(names, widgets) where !name.isEmpty && !inputs.contains(where: { $0.0 == name }) {
                    inputs.append((name, value))
                }
            }
            members.append((id, .object([("class_type", .string(type)), ("inputs", .object(inputs))])))
        }
        return .object(members)
    }

    /// Widget order of common node types in the editor format ("" skips a UI-only widget).
    static let widgetNames: [String: [String]] = [
        "KSampler": ["seed", "", "steps", "cfg", "sampler_name", "scheduler", "denoise"],
        "KSamplerAdvanced": ["add_noise", "noise_seed", "", "steps", "cfg", "sampler_name", "scheduler", "start_at_step", "end_at_step", "return_with_leftover_noise"],
        "CLIPTextEncode": ["text"],
        "CLIPTextEncodeSDXL": ["width", "height", "crop_w", "crop_h", "target_width", "target_height", "text_g", "text_l"],
        "CheckpointLoaderSimple": ["ckpt_name"],
        "CheckpointLoader": ["config_name", "ckpt_name"],
        "UNETLoader": ["unet_name", "weight_dtype"],
        "LoraLoader": ["lora_name", "strength_model", "strength_clip"],
        "LoraLoaderModelOnly": ["lora_name", "strength_model"],
        "EmptyLatentImage": ["width", "height", "batch_size"],
        "EmptySD3LatentImage": ["width", "height", "batch_size"],
        "RandomNoise": ["noise_seed", ""],
        "KSamplerSelect": ["sampler_name"],
        "BasicScheduler": ["scheduler", "steps", "denoise"],
        "CFGGuider": ["cfg"],
        "PrimitiveNode": ["value"],
    ]
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
