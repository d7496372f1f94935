import BulwarkCore

/// Turns a ``ModelScanReport`` into a ``Decision`` under a ``ModelScanPolicy``. Each rule
/// adds reasons with a stable code:
///
/// | code | when |
/// |---|---|
/// | `model.bank.match` | a file hash is in a model bank |
/// | `model.lineage.bank-match` | the base model named in the metadata is in a model bank |
/// | `model.family.restricted` | the base family is on the host's restricted list |
/// | `model.family.mismatch` | metadata claims another family than the tensors show |
/// | `model.pickle.dangerous-import` | a pickle imports something that can run code |
/// | `model.pickle.suspicious-import` | a pickle imports something on neither list |
/// | `model.pickle.format` | the upload is pickle-based (when the host sets a verdict for that) |
/// | `model.malformed` | a parser finding of kind malformed (details: `finding`) |
/// | `model.unscannable` | part of the file could not be inspected |
/// | `model.format.unknown` | no recognised model format |
/// | `model.likeness.single-name` | an adapter centres on one personal name |
/// | `model.training-text` | the text checker flagged training text (details: `check`, `field`) |
/// | `model.preview.*` | a preview image's own reasons |
public struct ModelPolicyRules: Sendable {
    /// The host's rules.
    public var policy: ModelScanPolicy
    /// The injected training-text checker, if any.
    public var textChecker: (any TrainingTextChecker)?
    /// The injected model-bank matcher, if any.
    public var bankMatcher: (any ModelBankMatcher)?

    /// Rules for `policy` with the given engines.
    public init(policy: ModelScanPolicy, textChecker: (any TrainingTextChecker)? = nil, bankMatcher: (any ModelBankMatcher)? = nil) {
        self.policy = policy
        self.textChecker = textChecker
        self.bankMatcher = bankMatcher
    }

    /// The decision for `report`, with every reason.
    public func decide(_ report: ModelScanReport) -> Decision {
        var reasons: [Reason] = []
        reasons += bankReasons(report)
        reasons += familyReasons(report)
        reasons += pickleReasons(report)
        reasons += findingReasons(report)
        if let likeness = report.likeness {
            var details = ["name": likeness.name, "sources": likeness.sources.joined(separator: ", ")]
            if let share = likeness.tagShare { details["tagShare"] = String(Int((share * 100).rounded())) + "%" }
            reasons.append(Reason(code: "model.likeness.single-name", verdict: policy.likeness.verdict,
                                  message: "the adapter's training data centres on one personal name (\(likeness.name)); a reviewer should check whether it depicts a real person",
                                  source: likeness.sources.first, details: details))
        }
        reasons += trainingTextReasons(report)
        for preview in report.previews {
            for reason in preview.decision.reasons {
                var r = reason
                if !r.code.hasPrefix("model.preview") { r.code = "model.preview.\(r.code)" }
                r.details["preview"] = preview.path
                reasons.append(r)
            }
        }
        return Decision(reasons: reasons.filter { $0.verdict != .allow || $0.code.hasPrefix("model.preview") })
    }

    private func bankReasons(_ report: ModelScanReport) -> [Reason] {
        guard let bankMatcher else { return [] }
        var reasons: [Reason] = []
        for match in bankMatcher.matches(for: report.signals) {
            reasons.append(Reason(code: "model.bank.match", verdict: policy.bankMatchVerdict,
                                  message: "the model's \(match.signal.type) is in bank \(match.bank)", source: match.bank,
                                  details: ["signal": match.signal.description, "label": match.label ?? ""]))
        }
        if !report.lineageSignals.isEmpty {
            for match in bankMatcher.matches(for: report.lineageSignals) {
                reasons.append(Reason(code: "model.lineage.bank-match", verdict: policy.bankMatchVerdict,
                                      message: "the base model this was trained from (ss_new_sd_model_hash) is in bank \(match.bank)",
                                      source: match.bank, details: ["signal": match.signal.description, "label": match.label ?? ""]))
            }
        }
        return reasons
    }

    private func familyReasons(_ report: ModelScanReport) -> [Reason] {
        guard let architecture = report.architecture else { return [] }
        var reasons: [Reason] = []
        var restricted = Set<ModelFamily>()
        if policy.restrictedFamilies.contains(architecture.family) { restricted.insert(architecture.family) }
        if let claimed = architecture.claimedFamily, policy.restrictedFamilies.contains(claimed) { restricted.insert(claimed) }
        for family in restricted.sorted(by: { $0.rawValue < $1.rawValue }) {
            let role = architecture.kind == .checkpoint ? "is" : "targets"
            reasons.append(Reason(code: "model.family.restricted", verdict: policy.restrictedFamilyVerdict,
                                  message: "the \(architecture.kind.rawValue) \(role) the \(family.rawValue) family, which this host restricts",
                                  source: "architecture", details: ["family": family.rawValue, "evidence": architecture.evidence.joined(separator: "; ")]))
        }
        if let claimed = architecture.claimedFamily, architecture.family != .unknown, claimed != architecture.family {
            reasons.append(Reason(code: "model.family.mismatch", verdict: policy.familyMismatchVerdict,
                                  message: "metadata claims \(claimed.rawValue) but the tensors show \(architecture.family.rawValue)",
                                  source: "architecture", details: ["claimed": claimed.rawValue, "detected": architecture.family.rawValue]))
        }
        return reasons
    }

    private func pickleReasons(_ report: ModelScanReport) -> [Reason] {
        var reasons: [Reason] = []
        if report.format.isPickleBased {
            reasons.append(Reason(code: "model.pickle.format", verdict: policy.pickleFormatVerdict,
                                  message: "the upload is pickle-based (\(report.format.rawValue)); loading it in Python can run code",
                                  source: "format"))
        }
        guard let pickle = report.pickle else { return reasons }
        for item in pickle.imports where item.safety != .innocuous {
            let dangerous = item.safety == .dangerous
            reasons.append(Reason(code: dangerous ? "model.pickle.dangerous-import" : "model.pickle.suspicious-import",
                                  verdict: dangerous ? policy.dangerousPickleVerdict : policy.suspiciousPickleVerdict,
                                  message: dangerous ? "the pickle imports \(item.module).\(item.name), which can run code or reach the system"
                                                     : "the pickle imports \(item.module).\(item.name), which is not on the allow list",
                                  source: "pickle", details: ["module": item.module, "name": item.name]))
        }
        return reasons
    }

    private func findingReasons(_ report: ModelScanReport) -> [Reason] {
        var reasons: [Reason] = []
        for finding in report.findings {
            switch finding.kind {
            case .malformed:
                reasons.append(Reason(code: "model.malformed", verdict: policy.malformedVerdict, message: finding.message,
                                      source: finding.location, details: ["finding": finding.code]))
            case .unscannable:
                reasons.append(Reason(code: "model.unscannable", verdict: policy.unscannableVerdict, message: finding.message,
                                      source: finding.location, details: ["finding": finding.code]))
            case .note:
                continue
            }
        }
        if report.format == .unknown {
            reasons.append(Reason(code: "model.format.unknown", verdict: policy.unknownFormatVerdict,
                                  message: "not a recognised model format (safetensors, GGUF, PyTorch zip, pickle)", source: "format"))
        }
        return reasons
    }

    /// The training text fields, each with the metadata key it came from.
    public static func trainingTexts(_ training: TrainingMetadata, maxTags: Int) -> [(field: String, text: String)] {
        var texts: [(String, String)] = []
        if let v = training.outputName { texts.append(("ss_output_name", v)) }
        if let v = training.trainingComment { texts.append(("ss_training_comment", v)) }
        for key in ["title", "description", "trigger_phrase", "tags", "usage_hint"] {
            if let v = training.modelSpec[key] { texts.append(("modelspec.\(key)", v)) }
        }
        for dir in training.datasetDirectories { texts.append(("ss_dataset_dirs", dir)) }
        for (folder, tags) in training.tagFrequency.sorted(by: { $0.key < $1.key }) {
            texts.append(("ss_tag_frequency folder", folder))
            // The folder's tags together, so co-occurrence rules see them side by side.
            let joined = tags.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(maxTags).map(\.key).joined(separator: ", ")
            texts.append(("ss_tag_frequency[\(folder)] (all tags)", String(joined.prefix(100_000))))
        }
        for (tag, _) in training.tagTotals.prefix(maxTags) { texts.append(("ss_tag_frequency tag", tag)) }
        return texts
    }

    private func trainingTextReasons(_ report: ModelScanReport) -> [Reason] {
        guard policy.trainingText.enabled, let textChecker, let training = report.training else { return [] }
        var reasons: [Reason] = []
        var seen = Set<String>()
        var dropped = 0
        for (field, text) in Self.trainingTexts(training, maxTags: policy.trainingText.maxTagsChecked) {
            for reason in textChecker.check(text).reasons where reason.verdict != .allow {
                let key = "\(reason.code)|\(field)|\(text.prefix(200))"
                guard seen.insert(key).inserted else { continue }
                guard reasons.count < policy.trainingText.maxReasons else { dropped += 1; continue }
                var details = reason.details
                details["check"] = reason.code
                details["field"] = field
                details["text"] = String(text.prefix(200))
                reasons.append(Reason(code: "model.training-text", verdict: reason.verdict,
                                      message: "training metadata \(field): \(reason.message)", source: field, details: details))
            }
        }
        if dropped > 0, let worst = reasons.map(\.verdict).max() {
            reasons.append(Reason(code: "model.training-text", verdict: worst,
                                  message: "\(dropped) more training-text findings not listed", source: "training metadata",
                                  details: ["omitted": String(dropped)]))
        }
        return reasons
    }
}
