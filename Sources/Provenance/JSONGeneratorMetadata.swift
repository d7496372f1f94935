import BulwarkCore

/// Readers for generators that write their settings as JSON: InvokeAI, NovelAI, Fooocus, SwarmUI.
enum JSONGeneratorMetadata {
    /// InvokeAI 3+ `invokeai_metadata`.
    static func invokeAI(_ json: JSONValue, source: String) -> GenerationParameters {
        var parameters = GenerationParameters(generator: "InvokeAI", source: source)
        parameters.prompt = json["positive_prompt"]?.string ?? json["positive_style_prompt"]?.string
        parameters.negativePrompt = json["negative_prompt"]?.string
        parameters.seed = json["seed"]?.uint64
        parameters.steps = json["steps"]?.int
        parameters.cfgScale = json["cfg_scale"]?.double
        parameters.scheduler = json["scheduler"]?.string
        parameters.sampler = json["scheduler"]?.string
        parameters.width = json["width"]?.int
        parameters.height = json["height"]?.int
        parameters.version = json["app_version"]?.string
        if let model = json["model"] {
            parameters.addModel(ModelReference(kind: .checkpoint, name: model["name"]?.string ?? model["model_name"]?.string ?? model.string,
                                               hash: model["hash"]?.string))
        }
        for lora in json["loras"]?.elements ?? [] {
            let model = lora["model"] ?? lora["lora"]
            parameters.addModel(ModelReference(kind: .lora, name: model?["name"]?.string ?? model?["model_name"]?.string,
                                               hash: model?["hash"]?.string, weight: lora["weight"]?.double))
        }
        if let vae = json["vae"] {
            parameters.addModel(ModelReference(kind: .vae, name: vae["name"]?.string ?? vae["model_name"]?.string, hash: vae["hash"]?.string))
        }
        parameters.setting("generation_mode", json["generation_mode"]?.string)
        return parameters
    }

    /// InvokeAI 2 `sd-metadata`.
    static func invokeAILegacy(_ json: JSONValue, source: String) -> GenerationParameters {
        var parameters = GenerationParameters(generator: "InvokeAI", source: source)
        let image = json["image"] ?? .object([])
        if let prompt = image["prompt"] {
            let text = prompt.string ?? prompt.elements.compactMap { $0["prompt"]?.string }.joined(separator: " ")
            let (positive, negative) = splitBracketNegative(text)
            parameters.prompt = positive
            parameters.negativePrompt = negative
        }
        parameters.seed = image["seed"]?.uint64
        parameters.steps = image["steps"]?.int
        parameters.cfgScale = image["cfg_scale"]?.double
        parameters.sampler = image["sampler"]?.string
        parameters.width = image["width"]?.int
        parameters.height = image["height"]?.int
        parameters.version = json["app_version"]?.string
        parameters.addModel(ModelReference(kind: .checkpoint, name: json["model_weights"]?.string, hash: json["model_hash"]?.string))
        return parameters
    }

    /// InvokeAI 1 `Dream`: `"prompt [negative]" -s 50 -S 42 -W 512 -H 512 -C 7.5 -A k_lms`.
    static func dream(_ text: String, source: String) -> GenerationParameters? {
        guard text.hasPrefix("\""), let close = text.dropFirst().firstIndex(of: "\"") else { return nil }
        var parameters = GenerationParameters(generator: "InvokeAI", source: source)
        let (positive, negative) = splitBracketNegative(String(text[text.index(after: text.startIndex)..<close]))
        parameters.prompt = positive
        parameters.negativePrompt = negative
        let options = text[text.index(after: close)...].split(separator: " ")
        var index = 0
        while index + 1 < options.count {
            let value = String(options[index + 1])
            switch options[index] {
            case "-s": parameters.steps = Int(value)
            case "-S": parameters.seed = UInt64(value)
            case "-W": parameters.width = Int(value)
            case "-H": parameters.height = Int(value)
            case "-C": parameters.cfgScale = Double(value)
            case "-A": parameters.sampler = value
            default: parameters.setting(String(options[index]), value); 
            }
            index += 2
        }
        return parameters
    }

    /// InvokeAI writes negative prompts in square brackets inside the prompt.
    static func splitBracketNegative(_ text: String) -> (String?, String?) {
        var positive = ""
        var negatives: [String] = []
        var depth = 0
        var current = ""
        for character in text {
            if character == "[" { depth += 1; if depth == 1 { current = ""; continue } }
            if character == "]", depth > 0 { depth -= 1; if depth == 0 { negatives.append(current); continue } }
            if depth > 0 { current.append(character) } else { positive.append(character) }
        }
        let negative = negatives.map { $0.trimmingWhitespace() }.joined(separator: ", ")
        return (positive.trimmingWhitespace().nilIfEmpty, negative.nilIfEmpty)
    }

    /// NovelAI: `Comment` JSON beside `Software: NovelAI`, `Description` (prompt) and `Source` (model).
    static func novelAI(comment: JSONValue, description: String?, modelSource: String?, source: String) -> GenerationParameters {
        var parameters = GenerationParameters(generator: "NovelAI", source: source)
        parameters.prompt = comment["prompt"]?.string ?? description
        parameters.negativePrompt = comment["uc"]?.string
        parameters.seed = comment["seed"]?.uint64
        parameters.steps = comment["steps"]?.int
        parameters.cfgScale = comment["scale"]?.double
        parameters.sampler = comment["sampler"]?.string
        parameters.scheduler = comment["noise_schedule"]?.string
        parameters.width = comment["width"]?.int
        parameters.height = comment["height"]?.int
        if let modelSource {
            // "Stable Diffusion XL C1E1DE52": the last word is the model's short hash.
            let words = modelSource.split(separator: " ")
            if words.count > 1, let last = words.last, last.count == 8, last.utf8.allSatisfy(\.isHexDigit) {
                parameters.addModel(ModelReference(kind: .checkpoint, name: words.dropLast().joined(separator: " "), hash: String(last)))
            } else {
                parameters.addModel(ModelReference(kind: .checkpoint, name: modelSource))
            }
        }
        for key in ["cfg_rescale", "uncond_scale", "strength", "noise", "sm", "sm_dyn"] {
            parameters.setting(key, comment[key]?.text)
        }
        return parameters
    }

    /// Fooocus JSON metadata scheme.
    static func fooocus(_ json: JSONValue, source: String) -> GenerationParameters {
        var parameters = GenerationParameters(generator: "Fooocus", source: source)
        parameters.prompt = json["prompt"]?.string ?? json["Prompt"]?.string
        parameters.negativePrompt = json["negative_prompt"]?.string ?? json["Negative Prompt"]?.string
        parameters.seed = (json["seed"] ?? json["Seed"])?.uint64
        parameters.steps = (json["steps"] ?? json["Steps"])?.int
        parameters.cfgScale = (json["guidance_scale"] ?? json["Guidance Scale"])?.double
        parameters.sampler = (json["sampler"] ?? json["Sampler"])?.string
        parameters.scheduler = (json["scheduler"] ?? json["Scheduler"])?.string
        parameters.version = (json["version"] ?? json["Version"])?.string
        if let resolution = (json["resolution"] ?? json["Resolution"])?.string {
            let numbers = resolution.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            if numbers.count == 2 { parameters.width = numbers[0]; parameters.height = numbers[1] }
        }
        parameters.addModel(ModelReference(kind: .checkpoint, name: (json["base_model"] ?? json["Base Model"])?.string,
                                           hash: json["base_model_hash"]?.string))
        if let refiner = (json["refiner_model"] ?? json["Refiner Model"])?.string, refiner != "None" {
            parameters.addModel(ModelReference(kind: .checkpoint, name: refiner, hash: json["refiner_model_hash"]?.string))
        }
        for lora in json["loras"]?.elements ?? [] {
            let items = lora.elements
            if items.count >= 2 {
                parameters.addModel(ModelReference(kind: .lora, name: items[0].string, hash: items.count >= 3 ? items[2].string : nil, weight: items[1].double))
            }
        }
        parameters.setting("styles", (json["styles"] ?? json["Styles"])?.string)
        return parameters
    }

    /// SwarmUI `sui_image_params`.
    static func swarmUI(_ json: JSONValue, source: String) -> GenerationParameters? {
        guard let params = json["sui_image_params"] else { return nil }
        var parameters = GenerationParameters(generator: "SwarmUI", source: source)
        parameters.prompt = params["prompt"]?.string
        parameters.negativePrompt = params["negativeprompt"]?.string
        parameters.seed = params["seed"]?.uint64
        parameters.steps = params["steps"]?.int
        parameters.cfgScale = params["cfgscale"]?.double
        parameters.sampler = params["sampler"]?.string
        parameters.scheduler = params["scheduler"]?.string
        parameters.width = params["width"]?.int
        parameters.height = params["height"]?.int
        parameters.version = params["swarm_version"]?.string
        parameters.addModel(ModelReference(kind: .checkpoint, name: params["model"]?.string))
        let weights = params["loraweights"]?.elements ?? []
        for (index, lora) in (params["loras"]?.elements ?? []).enumerated() {
            parameters.addModel(ModelReference(kind: .lora, name: lora.string, weight: index < weights.count ? weights[index].double : nil))
        }
        for (name, hashes) in json["sui_models"]?.elements.map({ ($0["name"]?.string, $0["hash"]?.string) }) ?? [] {
            if let index = parameters.models.firstIndex(where: { $0.name == name }), let hashes {
                parameters.models[index].hash = hashes.hasPrefix("0x") ? String(hashes.dropFirst(2)).lowercased() : hashes.lowercased()
            }
        }
        return parameters
    }
}
