import BulwarkCore

/// Parses the AUTOMATIC1111 / Forge "parameters" text:
///
/// ```
/// <prompt, possibly several lines>
/// Negative prompt: <negative prompt, possibly several lines>
/// Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512, Model hash: 0123456789, Model: name, ...
/// ```
///
/// Values in the settings line may be quoted JSON strings (e.g. `Lora hashes: "a: 1, b: 2"`).
enum A1111Parameters {
    static func parse(_ text: String, source: String, generator: String = "AUTOMATIC1111") -> GenerationParameters? {
        // Split on bytes: splitting a String on Characters runs grapheme breaking over the whole text.
        var lines: [Substring] = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            let trimmed = line.last == 0x0D ? line.dropLast() : line
            return Substring(trimmed)
        }
        var settingsLine: Substring?
        if let last = lines.last, ByteSearch.contains(last, "Steps: ") || (lines.count > 1 && parseSettings(last).count >= 3) {
            settingsLine = last
            lines.removeLast()
        }
        guard settingsLine != nil || ByteSearch.contains(text, "Negative prompt:") else { return nil }
        var parameters = GenerationParameters(generator: generator, source: source)
        var promptLines: [Substring] = []
        var negativeLines: [Substring] = []
        var inNegative = false
        for line in lines {
            if !inNegative, line.hasPrefix("Negative prompt:") {
                inNegative = true
                negativeLines.append(line.dropFirst("Negative prompt:".count).drop { $0 == " " })
            } else if inNegative {
                negativeLines.append(line)
            } else {
                promptLines.append(line)
            }
        }
        let prompt = promptLines.joined(separator: "\n").trimmingWhitespace()
        parameters.prompt = prompt.isEmpty ? nil : prompt
        if inNegative { parameters.negativePrompt = negativeLines.joined(separator: "\n").trimmingWhitespace() }
        for (name, weight) in PromptTags.loras(in: prompt) {
            parameters.addModel(ModelReference(kind: .lora, name: name, weight: weight))
        }
        guard let settingsLine else { return parameters }
        var loraHashes: [(String, String)] = []
        for (key, value) in parseSettings(settingsLine) {
            switch key {
            case "Steps": parameters.steps = Int(value)
            case "Sampler": parameters.sampler = value
            case "Schedule type": parameters.scheduler = value
            case "CFG scale": parameters.cfgScale = Double(value)
            case "Seed": parameters.seed = UInt64(value)
            case "Size":
                let parts = value.split(separator: "x")
                if parts.count == 2 { parameters.width = Int(parts[0]); parameters.height = Int(parts[1]) }
            case "Denoising strength": parameters.denoise = Double(value); parameters.setting(key, value)
            case "Model":
                if let index = parameters.models.firstIndex(where: { $0.kind == .checkpoint && $0.name == nil }) { parameters.models[index].name = value }
                else { parameters.addModel(ModelReference(kind: .checkpoint, name: value)) }
            case "Model hash":
                if let index = parameters.models.firstIndex(where: { $0.kind == .checkpoint }) { parameters.models[index].hash = value.lowercased() }
                else { parameters.models.insert(ModelReference(kind: .checkpoint, name: nil, hash: value), at: 0) }
            case "VAE":
                if let index = parameters.models.firstIndex(where: { $0.kind == .vae && $0.name == nil }) { parameters.models[index].name = value }
                else { parameters.addModel(ModelReference(kind: .vae, name: value)) }
            case "VAE hash":
                if let index = parameters.models.firstIndex(where: { $0.kind == .vae }) { parameters.models[index].hash = value.lowercased() }
                else { parameters.models.append(ModelReference(kind: .vae, name: nil, hash: value)) }
            case "Lora hashes": loraHashes += pairs(value, kind: .lora, into: &parameters)
            case "TI hashes": _ = pairs(value, kind: .embedding, into: &parameters)
            case "Hashes": civitaiHashes(value, into: &parameters)
            case "Version": parameters.version = value; parameters.setting(key, value)
            default: parameters.setting(key, value)
            }
        }
        // A checkpoint named after its hash keeps both.
        if let index = parameters.models.firstIndex(where: { $0.kind == .checkpoint }), index != 0 {
            parameters.models.insert(parameters.models.remove(at: index), at: 0)
        }
        _ = loraHashes
        return parameters
    }

    /// `name: hash, name: hash` lists (Lora hashes, TI hashes).
    private static func pairs(_ value: String, kind: ModelReference.Kind, into parameters: inout GenerationParameters) -> [(String, String)] {
        var result: [(String, String)] = []
        for item in value.split(separator: ",") {
            guard let colon = item.lastIndex(of: ":") else { continue }
            let name = item[..<colon].trimmingWhitespace()
            let hash = item[item.index(after: colon)...].trimmingWhitespace()
            guard !name.isEmpty else { continue }
            parameters.addModel(ModelReference(kind: kind, name: name, hash: hash.isEmpty ? nil : hash))
            result.append((name, hash))
        }
        return result
    }

    /// The Civitai `Hashes: {"model": "...", "lora:name": "...", "embed:name": "..."}` JSON.
    private static func civitaiHashes(_ value: String, into parameters: inout GenerationParameters) {
        guard let json = try? JSONValue.parse(value, maxDepth: 4, context: "Hashes") else { return }
        for (key, hashValue) in json.members {
            guard let hash = hashValue.string else { continue }
            if key == "model" {
                if let index = parameters.models.firstIndex(where: { $0.kind == .checkpoint }) {
                    if parameters.models[index].hash == nil || parameters.models[index].hash?.count ?? 0 < hash.count { parameters.models[index].hash = hash.lowercased() }
                } else {
                    parameters.addModel(ModelReference(kind: .checkpoint, name: nil, hash: hash))
                }
            } else if key == "vae" {
                parameters.addModel(ModelReference(kind: .vae, name: nil, hash: hash))
            } else if key.hasPrefix("lora:") {
                parameters.addModel(ModelReference(kind: .lora, name: String(key.dropFirst(5)), hash: hash))
            } else if key.hasPrefix("embed:") {
                parameters.addModel(ModelReference(kind: .embedding, name: String(key.dropFirst(6)), hash: hash))
            }
        }
    }

    /// Splits the settings line into key/value pairs: `Key: value, Key: "quoted, value", ...`.
    static func parseSettings(_ line: Substring) -> [(String, String)] {
        var result: [(String, String)] = []
        let bytes = Array(line.utf8)
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self).trimmingWhitespace() }
        var index = 0
        while index < bytes.count {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x2C { index += 1 }
            let keyStart = index
            while index < bytes.count, bytes[index] != 0x3A { index += 1 }  // ':'
            guard index < bytes.count else { break }
            let key = text(keyStart..<index)
            index += 1
            while index < bytes.count, bytes[index] == 0x20 { index += 1 }
            var value = ""
            if index < bytes.count, bytes[index] == 0x22 {  // '"': a JSON-quoted value
                let start = index
                index += 1
                while index < bytes.count, bytes[index] != 0x22 {
                    if bytes[index] == 0x5C { index += 1 }  // backslash escape
                    index += 1
                }
                index = Swift.min(index + 1, bytes.count)
                let quoted = String(decoding: bytes[start..<index], as: UTF8.self)
                value = (try? JSONValue.parse(quoted, maxDepth: 1, context: "quoted value"))?.string ?? String(quoted.dropFirst().dropLast())
            } else {
                let start = index
                while index < bytes.count, bytes[index] != 0x2C { index += 1 }
                value = text(start..<index)
            }
            guard !key.isEmpty, key.utf8.count <= 64 else { continue }
            result.append((key, value))
        }
        return result
    }
}

/// Extra-network tags inside A1111 prompts, e.g. `<lora:name:0.8>`.
enum PromptTags {
    static func loras(in prompt: String) -> [(String, Double?)] {
        var result: [(String, Double?)] = []
        guard ByteSearch.contains(prompt, "<lora:") || ByteSearch.contains(prompt, "<lyco:") else { return result }
        var rest = Substring(prompt)
        while let open = rest.range(of: "<lora:") ?? rest.range(of: "<lyco:") {
            rest = rest[open.upperBound...]
            guard let close = rest.firstIndex(of: ">") else { break }
            let parts = rest[..<close].split(separator: ":", omittingEmptySubsequences: false)
            if let name = parts.first, !name.isEmpty {
                result.append((String(name), parts.count > 1 ? Double(parts[1]) : nil))
            }
            rest = rest[close...]
        }
        return result
    }
}
