import BulwarkCore
import ContentCredentials

/// Reads what a file says about how it was made: container metadata, EXIF, XMP, generator
/// parameters and C2PA Content Credentials, into one ``ProvenanceReport``.
///
/// It takes bytes, never does I/O and never traps; damaged input yields a report marked
/// ``ProvenanceReport/isPartial`` with its ``ProvenanceReport/problems``.
public struct ProvenanceReader: Sendable {
    /// Limits applied to every file.
    public var limits: ProvenanceLimits
    /// The C2PA reader that verifies manifest stores.
    public var c2paReader: C2PAReader

    /// Makes a reader.
    public init(limits: ProvenanceLimits = .init(), c2paReader: C2PAReader = C2PAReader()) {
        self.limits = limits
        self.c2paReader = c2paReader
    }

    /// The raw metadata blocks of `bytes`, by container format.
    public func blocks(_ bytes: [UInt8]) -> MetadataBlocks {
        switch ContainerFormat.sniff(bytes) {
        case .png: return PNGMetadataReader.read(bytes, limits: limits)
        case .jpeg: return JPEGMetadataReader.read(bytes, limits: limits)
        case .webp: return WebPMetadataReader.read(bytes, limits: limits)
        case .gif: return GIFMetadataReader.read(bytes, limits: limits)
        case .isobmff: return ISOBMFFMetadataReader.read(bytes, limits: limits)
        case .unknown:
            var blocks = MetadataBlocks(format: .unknown)
            blocks.problem(.refused, "container", at: 0, "not a PNG, JPEG, WebP, GIF or ISOBMFF file")
            return blocks
        }
    }

    /// The provenance report of the file `bytes`.
    public func read(_ bytes: [UInt8]) -> ProvenanceReport {
        let blocks = blocks(bytes)
        var problems = blocks.problems
        var rawFields: [RawField] = blocks.texts.map { RawField(source: $0.source, key: $0.key, value: $0.value) }

        var exif: EXIFFields?
        for (tiff, source) in blocks.exif {
            do {
                let (fields, exifProblems) = try EXIFReader.read(tiff, limits: limits)
                problems += exifProblems
                if exif == nil { exif = fields }
                rawFields += fields.namedValues.map { RawField(source: source, key: $0.0, value: $0.1) }
            } catch {
                problems.append(error)
            }
        }

        var xmps: [XMPFields] = []
        for (packet, source) in blocks.xmp {
            do {
                let fields = try XMPReader.read(packet, limits: limits, context: source)
                xmps.append(fields)
                rawFields += fields.properties.map { RawField(source: source, key: $0.path, value: $0.values.joined(separator: "; ")) }
            } catch {
                problems.append(error)
            }
        }

        let generations = GeneratorMetadataReader.read(texts: blocks.texts, exif: exif, limits: limits, problems: &problems)

        var c2pa = C2PAReport.absent
        if let store = blocks.c2paManifestStore {
            c2pa = c2paReader.read(manifestStore: store, asset: bytes)
        }

        var signals: [AISignal] = []
        signals += c2paSignals(c2pa)
        for xmp in xmps {
            if let term = xmp.digitalSourceType, let signal = digitalSourceTypeSignal(term) { signals.append(signal) }
        }
        for generation in generations {
            signals.append(AISignal(source: .generatorParameters, strength: .strong, field: generation.source, value: generation.generator))
        }
        signals += softwareSignals(texts: blocks.texts, exif: exif, xmps: xmps)
        signals = deduplicated(signals).sorted { $0.strength > $1.strength }

        var models: [ModelReference] = []
        for model in generations.flatMap(\.models) where !models.contains(model) { models.append(model) }
        var modelSignals: [Signal] = []
        for signal in models.compactMap(\.signal) where !modelSignals.contains(signal) { modelSignals.append(signal) }

        var edits: [ProvenanceEdit] = xmps.flatMap(\.history).map {
            ProvenanceEdit(source: "xmp-history", action: $0.action, softwareAgent: $0.softwareAgent, when: $0.when)
        }
        edits += c2pa.actions.map {
            ProvenanceEdit(source: "c2pa", action: $0.action, softwareAgent: $0.softwareAgent, when: $0.when, digitalSourceType: $0.digitalSourceType)
        }

        let generator = generations.first?.generator
            ?? c2pa.claimGeneratorName ?? c2pa.claimGenerator
            ?? signals.first { $0.source == .softwareName }?.value

        return ProvenanceReport(
            format: blocks.format,
            aiEvidence: signals.first?.strength ?? .none,
            aiSignals: signals,
            generator: generator,
            generations: generations,
            models: models,
            modelSignals: modelSignals,
            prompts: unique(generations.compactMap(\.prompt)),
            negativePrompts: unique(generations.compactMap(\.negativePrompt)),
            seed: generations.lazy.compactMap(\.seed).first,
            sampler: generations.lazy.compactMap(\.sampler).first,
            edits: edits,
            exif: exif,
            xmpCreatorTool: xmps.lazy.compactMap(\.creatorTool).first,
            digitalSourceType: xmps.lazy.compactMap(\.digitalSourceType).first,
            c2pa: c2pa,
            c2paSource: blocks.c2paSource,
            rawFields: rawFields,
            isPartial: !problems.isEmpty,
            problems: problems)
    }

    private func c2paSignals(_ c2pa: C2PAReport) -> [AISignal] {
        guard c2pa.status != .absent else { return [] }
        let strength: AIEvidenceStrength = c2pa.status == .invalid ? .moderate : .declared
        var signals: [AISignal] = []
        for action in c2pa.actions {
            guard let term = action.digitalSourceType, let type = DigitalSourceType(term: term) else { continue }
            switch type.aiClass {
            case .generativeAI, .partlyGenerativeAI:
                signals.append(AISignal(source: .c2pa, strength: strength, field: "C2PA \(action.action) (\(c2pa.status.rawValue))",
                                        value: type.rawValue, partial: type.aiClass == .partlyGenerativeAI))
            case .synthetic:
                signals.append(AISignal(source: .c2pa, strength: .moderate, field: "C2PA \(action.action) (\(c2pa.status.rawValue))", value: type.rawValue))
            case .notAI:
                break
            }
        }
        if signals.isEmpty && c2pa.declaresAIGenerated {
            signals.append(AISignal(source: .c2pa, strength: strength, field: "C2PA (\(c2pa.status.rawValue))", value: "declares AI-generated content"))
        }
        return signals
    }

    private func digitalSourceTypeSignal(_ term: String) -> AISignal? {
        guard let type = DigitalSourceType(term: term) else { return nil }
        let field = "XMP Iptc4xmpExt:DigitalSourceType"
        switch type.aiClass {
        case .generativeAI: return AISignal(source: .iptcDigitalSourceType, strength: .declared, field: field, value: type.rawValue)
        case .partlyGenerativeAI: return AISignal(source: .iptcDigitalSourceType, strength: .declared, field: field, value: type.rawValue, partial: true)
        case .synthetic: return AISignal(source: .iptcDigitalSourceType, strength: .moderate, field: field, value: type.rawValue)
        case .notAI: return nil
        }
    }

    private func softwareSignals(texts: [MetadataBlocks.TextEntry], exif: EXIFFields?, xmps: [XMPFields]) -> [AISignal] {
        var candidates: [(String, String)] = []
        if let software = exif?.software { candidates.append(("EXIF Software", software)) }
        if let make = exif?.make { candidates.append(("EXIF Make", make)) }
        if let artist = exif?.artist { candidates.append(("EXIF Artist", artist)) }
        for entry in texts where ["Software", "Source", "generator", "Generator"].contains(entry.key) {
            candidates.append(("\(entry.source) \(entry.key)", entry.value))
        }
        for xmp in xmps {
            if let tool = xmp.creatorTool { candidates.append(("XMP xmp:CreatorTool", tool)) }
            if let credit = xmp.credit { candidates.append(("XMP photoshop:Credit", credit)) }
            for event in xmp.history { if let agent = event.softwareAgent { candidates.append(("XMP xmpMM:History softwareAgent", agent)) } }
        }
        return candidates.compactMap { field, value in
            GeneratorSoftware.match(value).map { AISignal(source: .softwareName, strength: .moderate, field: field, value: $0) }
        }
    }

    private func deduplicated(_ signals: [AISignal]) -> [AISignal] {
        var seen: [AISignal] = []
        for signal in signals where !seen.contains(signal) { seen.append(signal) }
        return seen
    }

    private func unique(_ values: [String]) -> [String] {
        var seen: [String] = []
        for value in values where !seen.contains(value) { seen.append(value) }
        return seen
    }
}
