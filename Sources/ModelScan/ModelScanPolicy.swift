import BulwarkCore

/// A host's rules for model uploads. Every field has a default, so a JSON policy file only
/// needs the keys it changes, e.g. `{"restrictedFamilies": ["sd1"]}` for a host that follows
/// Thorn's recommendation on SD 1.x and its derivatives.
public struct ModelScanPolicy: Sendable, Hashable, Codable {
    /// Base families the host does not accept (checkpoints of the family and adapters targeting it).
    public var restrictedFamilies: [ModelFamily] = []
    /// The verdict for a restricted family.
    public var restrictedFamilyVerdict: Verdict = .block
    /// The verdict when a model hash (or the hash of the base model it was trained from) is in a model bank.
    public var bankMatchVerdict: Verdict = .block
    /// The verdict for a pickle import that can run code (picklescan's dangerous list, or unresolvable).
    public var dangerousPickleVerdict: Verdict = .block
    /// The verdict for a pickle import on neither list.
    public var suspiciousPickleVerdict: Verdict = .review
    /// Extra imports to treat as innocuous, written `module:name` (`module:*` for a whole module).
    public var extraSafePickleImports: [String] = []
    /// The verdict for any pickle-based upload, whatever it imports (hosts that take only safetensors set `review` or `block`).
    public var pickleFormatVerdict: Verdict = .allow
    /// The verdict for a file that breaks its format's rules.
    public var malformedVerdict: Verdict = .review
    /// The verdict when part of a file could not be inspected.
    public var unscannableVerdict: Verdict = .review
    /// The verdict for a file in no recognised model format.
    public var unknownFormatVerdict: Verdict = .review
    /// The verdict when metadata claims a different base family than the tensors show.
    public var familyMismatchVerdict: Verdict = .review
    /// Likeness detection: an adapter trained around one personal name.
    public var likeness = LikenessPolicy()
    /// Training text checks (tags, captions, folder names, output name, trigger words).
    public var trainingText = TrainingTextPolicy()
    /// The verdict for a preview image when no image pipeline is connected to scan it.
    public var unscannedPreviewVerdict: Verdict = .review
    /// Parser limits.
    public var safetensorsLimits = SafetensorsLimits()
    /// GGUF parser limits.
    public var ggufLimits = GGUFLimits()
    /// Pickle scanner limits.
    public var pickleLimits = PickleScanLimits()
    /// Zip directory limits.
    public var zipLimits = ZipLimits()

    /// The default policy / settings.
    public init() {}

    /// Reads a policy from JSON; missing keys keep their defaults.
    public static func load(json: [UInt8]) throws(BulwarkError) -> ModelScanPolicy {
        do {
            return try JSONDecoderShim.decode(ModelScanPolicy.self, from: json)
        } catch {
            throw BulwarkError.invalidInput(what: "model scan policy", where: nil, reason: "\(error)")
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ModelScanPolicy()
        restrictedFamilies = try c.decodeIfPresent([ModelFamily].self, forKey: .restrictedFamilies) ?? d.restrictedFamilies
        restrictedFamilyVerdict = try c.decodeIfPresent(Verdict.self, forKey: .restrictedFamilyVerdict) ?? d.restrictedFamilyVerdict
        bankMatchVerdict = try c.decodeIfPresent(Verdict.self, forKey: .bankMatchVerdict) ?? d.bankMatchVerdict
        dangerousPickleVerdict = try c.decodeIfPresent(Verdict.self, forKey: .dangerousPickleVerdict) ?? d.dangerousPickleVerdict
        suspiciousPickleVerdict = try c.decodeIfPresent(Verdict.self, forKey: .suspiciousPickleVerdict) ?? d.suspiciousPickleVerdict
        extraSafePickleImports = try c.decodeIfPresent([String].self, forKey: .extraSafePickleImports) ?? d.extraSafePickleImports
        pickleFormatVerdict = try c.decodeIfPresent(Verdict.self, forKey: .pickleFormatVerdict) ?? d.pickleFormatVerdict
        malformedVerdict = try c.decodeIfPresent(Verdict.self, forKey: .malformedVerdict) ?? d.malformedVerdict
        unscannableVerdict = try c.decodeIfPresent(Verdict.self, forKey: .unscannableVerdict) ?? d.unscannableVerdict
        unknownFormatVerdict = try c.decodeIfPresent(Verdict.self, forKey: .unknownFormatVerdict) ?? d.unknownFormatVerdict
        familyMismatchVerdict = try c.decodeIfPresent(Verdict.self, forKey: .familyMismatchVerdict) ?? d.familyMismatchVerdict
        likeness = try c.decodeIfPresent(LikenessPolicy.self, forKey: .likeness) ?? d.likeness
        trainingText = try c.decodeIfPresent(TrainingTextPolicy.self, forKey: .trainingText) ?? d.trainingText
        unscannedPreviewVerdict = try c.decodeIfPresent(Verdict.self, forKey: .unscannedPreviewVerdict) ?? d.unscannedPreviewVerdict
        safetensorsLimits = try c.decodeIfPresent(SafetensorsLimits.self, forKey: .safetensorsLimits) ?? d.safetensorsLimits
        ggufLimits = try c.decodeIfPresent(GGUFLimits.self, forKey: .ggufLimits) ?? d.ggufLimits
        pickleLimits = try c.decodeIfPresent(PickleScanLimits.self, forKey: .pickleLimits) ?? d.pickleLimits
        zipLimits = try c.decodeIfPresent(ZipLimits.self, forKey: .zipLimits) ?? d.zipLimits
    }

    /// The pickle classifier with ``extraSafePickleImports`` added.
    public var pickleClassifier: PickleImportClassifier {
        PickleImportClassifier(extraSafe: extraSafePickleImports.compactMap { entry in
            let parts = entry.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return PickleImport(module: String(parts[0]), name: String(parts[1]))
        })
    }
}

/// Settings for the likeness rule.
public struct LikenessPolicy: Sendable, Hashable, Codable {
    /// Whether the rule runs.
    public var enabled = true
    /// The verdict when an adapter centres on one personal name.
    public var verdict: Verdict = .review
    /// The share of training images whose tags must contain the name (0...1).
    public var minimumTagShare = 0.5

    /// The default policy / settings.
    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
        verdict = try c.decodeIfPresent(Verdict.self, forKey: .verdict) ?? .review
        minimumTagShare = try c.decodeIfPresent(Double.self, forKey: .minimumTagShare) ?? 0.5
    }
}

/// Settings for the training text checks.
public struct TrainingTextPolicy: Sendable, Hashable, Codable {
    /// Whether training text is checked at all (needs a ``TrainingTextChecker``).
    public var enabled = true
    /// The most tags checked one by one (most frequent first).
    public var maxTagsChecked = 5_000
    /// The most reasons kept from the text checks (the rest are counted).
    public var maxReasons = 50

    /// The default policy / settings.
    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
        maxTagsChecked = try c.decodeIfPresent(Int.self, forKey: .maxTagsChecked) ?? 5_000
        maxReasons = try c.decodeIfPresent(Int.self, forKey: .maxReasons) ?? 50
    }
}
