/// Finds generator parameters in a file's text entries, EXIF and XMP, and decides which
/// generator wrote them.
enum GeneratorMetadataReader {
    static func read(texts: [MetadataBlocks.TextEntry], exif: EXIFFields?, limits: ProvenanceLimits,
                     problems: inout [ProvenanceError]) -> [GenerationParameters] {
        var result: [GenerationParameters] = []
        var byKey: [String: MetadataBlocks.TextEntry] = [:]
        for entry in texts where byKey[entry.key] == nil { byKey[entry.key] = entry }

        func json(_ entry: MetadataBlocks.TextEntry) -> JSONValue? {
            guard JSONValue.looksLikeObject(entry.value) else { return nil }
            do {
                return try JSONValue.parse(entry.value, maxDepth: limits.maxJSONDepth, context: "\(entry.source) \(entry.key) JSON")
            } catch {
                problems.append(error)
                return nil
            }
        }

        if let entry = byKey["parameters"] {
            let source = "\(entry.source) parameters"
            if let object = json(entry) {
                result += fromJSONParameters(object, source: source)
            } else if var parameters = A1111Parameters.parse(entry.value, source: source) {
                if byKey["fooocus_scheme"] != nil { parameters.generator = "Fooocus" }
                else if isForge(parameters.version) { parameters.generator = "Forge" }
                result.append(parameters)
            }
        }
        if let entry = byKey["prompt"], let graph = json(entry) {
            var comfy = ComfyUIGraph(apiGraph: graph, maxSteps: limits.maxGraphSteps)
            result += comfy.generations(source: "\(entry.source) prompt")
        } else if let entry = byKey["workflow"], let workflow = json(entry) {
            var comfy = ComfyUIGraph(apiGraph: ComfyUIGraph.apiGraph(fromWorkflow: workflow), maxSteps: limits.maxGraphSteps)
            result += comfy.generations(source: "\(entry.source) workflow")
        }
        if let entry = byKey["invokeai_metadata"], let object = json(entry) {
            result.append(JSONGeneratorMetadata.invokeAI(object, source: "\(entry.source) invokeai_metadata"))
        } else if let entry = byKey["sd-metadata"], let object = json(entry) {
            result.append(JSONGeneratorMetadata.invokeAILegacy(object, source: "\(entry.source) sd-metadata"))
        } else if let entry = byKey["Dream"], let parameters = JSONGeneratorMetadata.dream(entry.value, source: "\(entry.source) Dream") {
            result.append(parameters)
        }
        if byKey["Software"]?.value.trimmingWhitespace() == "NovelAI", let entry = byKey["Comment"], let object = json(entry) {
            result.append(JSONGeneratorMetadata.novelAI(comment: object, description: byKey["Description"]?.value,
                                                        modelSource: byKey["Source"]?.value, source: "\(entry.source) Comment"))
        }
        if result.isEmpty, let comment = exif?.userComment {
            let entry = MetadataBlocks.TextEntry(key: "UserComment", value: comment, source: "EXIF")
            if let object = json(entry) {
                result += fromJSONParameters(object, source: "EXIF UserComment")
            } else if var parameters = A1111Parameters.parse(comment, source: "EXIF UserComment") {
                if exif?.makerNoteText == "a1111", exif?.software?.lowercased().hasPrefix("fooocus") == true { parameters.generator = "Fooocus" }
                else if isForge(parameters.version) { parameters.generator = "Forge" }
                result.append(parameters)
            }
        }
        if result.isEmpty, let entry = byKey["Description"], let midjourney = midjourney(entry) {
            result.append(midjourney)
        }
        if result.isEmpty {
            for entry in texts where entry.key == "Comment" || entry.key == "Description" {
                if let parameters = A1111Parameters.parse(entry.value, source: "\(entry.source) \(entry.key)"), parameters.steps != nil {
                    result.append(parameters)
                    break
                }
            }
        }
        return result
    }

    /// Midjourney PNGs: `Description` holds "prompt --ar 3:2 --v 6.1 Job ID: <uuid>".
    private static func midjourney(_ entry: MetadataBlocks.TextEntry) -> GenerationParameters? {
        guard let jobRange = entry.value.range(of: "Job ID:") else { return nil }
        var parameters = GenerationParameters(generator: "Midjourney", source: "\(entry.source) Description")
        var body = String(entry.value[..<jobRange.lowerBound])
        parameters.setting("Job ID", entry.value[jobRange.upperBound...].trimmingWhitespace())
        if let flags = body.range(of: " --") {
            let options = body[flags.lowerBound...].split(separator: " ").map(String.init)
            body = String(body[..<flags.lowerBound])
            var index = 0
            while index < options.count {
                guard options[index].hasPrefix("--") else { index += 1; continue }
                let name = String(options[index].dropFirst(2))
                let value = index + 1 < options.count && !options[index + 1].hasPrefix("--") ? options[index + 1] : ""
                switch name {
                case "seed": parameters.seed = UInt64(value)
                case "v", "niji": parameters.version = "\(name) \(value)"
                case "no": parameters.negativePrompt = value
                default: parameters.setting(name, value)
                }
                index += value.isEmpty ? 1 : 2
            }
        }
        parameters.prompt = body.trimmingWhitespace().nilIfEmpty
        return parameters
    }

    private static func fromJSONParameters(_ object: JSONValue, source: String) -> [GenerationParameters] {
        if let swarm = JSONGeneratorMetadata.swarmUI(object, source: source) { return [swarm] }
        let version = (object["version"] ?? object["Version"])?.string ?? ""
        if object["metadata_scheme"] != nil || version.lowercased().hasPrefix("fooocus") || object["Fooocus V2 Expansion"] != nil {
            return [JSONGeneratorMetadata.fooocus(object, source: source)]
        }
        return []
    }

    /// Forge writes versions like `f2.0.1v1.10.1-previous-...`.
    private static func isForge(_ version: String?) -> Bool {
        guard let version, version.hasPrefix("f"), let second = version.dropFirst().first else { return false }
        return second.isNumber
    }
}
