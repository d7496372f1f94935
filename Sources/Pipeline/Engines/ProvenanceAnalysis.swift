import BulwarkCore
import ModelScan
import Provenance

/// The provenance part of the pipeline: read what a file says about how it was made, and
/// run the prompts it carries through the text-safety checks.
///
/// Declared AI generation is a fact to report (and to record on a case), not a reason to
/// block: it becomes an `allow` reason with the evidence, so the decision shows it. Prompts
/// that trip the text rules bring their own `review`/`block` reasons.
public struct ProvenanceAnalysis: Sendable {
    public let reader: ProvenanceReader
    public let text: TextSafetyChecker?
    /// Model banks to look the file's model and LoRA hashes up in, if any.
    public let modelBanks: (any ModelBankMatcher)?

    public init(reader: ProvenanceReader = ProvenanceReader(), text: TextSafetyChecker?, modelBanks: (any ModelBankMatcher)? = nil) {
        self.reader = reader
        self.text = text
        self.modelBanks = modelBanks
    }

    /// The report and decision for one file's bytes.
    public func analyse(_ bytes: [UInt8]) -> (report: ProvenanceReport, decision: Decision) {
        let report = reader.read(bytes)
        var reasons: [Reason] = []
        if report.aiEvidence != .none {
            reasons.append(Reason(code: "provenance.ai-generated", verdict: .allow,
                                  message: "the file declares AI generation (\(report.aiEvidence.rawValue) evidence)",
                                  source: report.generator, details: ["evidence": report.aiEvidence.rawValue]))
        }
        if let text {
            reasons += text.check(report.prompts, source: "provenance.prompt").reasons
        }
        if let modelBanks, !report.modelSignals.isEmpty {
            // Made with a model a bank lists: a person should look at the picture.
            for hit in modelBanks.matches(for: report.modelSignals) {
                reasons.append(Reason(code: "provenance.model-bank-match", verdict: .review,
                                      message: "made with a model listed in bank \(hit.bank)", source: "bank:\(hit.bank)",
                                      details: ["signal_type": hit.signal.type.rawValue, "value": hit.signal.value]))
            }
        }
        return (report, Decision(reasons: reasons))
    }
}
