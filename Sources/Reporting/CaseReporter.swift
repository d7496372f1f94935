import BulwarkCore
import Cases
import Crypto
import Evidence
import Foundation

/// "Report this case": builds the incident of an assessed case with
/// ``CaseReportDraft/incident(for:evidence:settings:hostingCountry:reportedURL:)``, routes it
/// by hosting country, and starts the CyberTipline flow through the ``ReportSubmitter``,
/// recording the case id on the submission.
///
/// Idempotent: a case has at most one live (not retracted) submission. Reporting a case that
/// has one returns it untouched (`created == false`) without reading evidence or calling the
/// endpoint; two concurrent calls create one submission (the store's unique index decides).
/// A failed flow leaves a resumable submission, which ``ReportSubmitter/resume(id:)`` continues.
public struct CaseReporter: Sendable {
    /// What ``report(caseID:hostingCountry:reportedURL:)`` did.
    public struct Outcome: Sendable, Equatable {
        /// The case's live submission: the new one (after its first run) or the existing one.
        public var submission: ReportSubmission
        /// `false` when the case already had a live submission, returned unchanged.
        public var created: Bool
    }

    public let cases: any CaseStore
    /// The evidence vault, or `nil` when preservation was never configured.
    public let evidence: EvidenceVault?
    /// Runs the flow; its store keeps the submissions and its `actor` reads the evidence.
    /// For case reports its file source should be ``EvidenceReportFiles`` over `evidence`.
    public let submitter: ReportSubmitter
    public let routing: ReportRouting
    public let settings: CaseReportSettings

    public init(
        cases: any CaseStore, evidence: EvidenceVault?, submitter: ReportSubmitter, routing: ReportRouting, settings: CaseReportSettings
    ) {
        self.cases = cases
        self.evidence = evidence
        self.submitter = submitter
        self.routing = routing
        self.settings = settings
    }

    /// Reports case `caseID` (see the type's description). Throws `BulwarkError.notFound` for
    /// an unknown case, ``CaseReportError`` when the case is not reportable or a field is
    /// missing, ``ReportingError/routing(_:)`` when its hosting country is routed to a
    /// destination other than the NCMEC CyberTipline (export the report for those). Endpoint
    /// failures do not throw: the returned submission is `failed` and resumable.
    public func report(caseID: Int64, hostingCountry: String? = nil, reportedURL: String? = nil) async throws -> Outcome {
        if let live = try await submitter.store.liveSubmission(caseID: caseID) {
            return Outcome(submission: live, created: false)
        }
        guard let detail = try await cases.detail(id: caseID) else { throw BulwarkError.notFound(what: "case", id: "\(caseID)") }
        // Refuse before reading (and auditing reads of) any evidence.
        _ = try CaseReportDraft.reportableAssessment(of: detail, scheme: settings.scheme)
        let incident = try CaseReportDraft.incident(
            for: detail, evidence: try await evidenceFiles(of: detail.reviewCase), settings: settings,
            hostingCountry: hostingCountry, reportedURL: reportedURL)
        let destination = try routing.destination(forCountry: incident.hostingCountry)
        guard destination.kind == .ncmecCyberTipline else {
            throw ReportingError.routing(
                "\(incident.caseReference): content hosted in \(incident.hostingCountry) is routed to \(destination.name) "
                    + "(\(destination.kind.rawValue)), which has no reporting API here; export the report instead")
        }
        let started = try await submitter.start(incident, destination: destination.name, caseID: caseID)
        return Outcome(submission: started.submission, created: started.created)
    }

    /// The case's preserved items with their MD5, computed from the bytes the vault decrypts
    /// and checks (each read is audited as `evidence.read` by the submitter's actor).
    private func evidenceFiles(of reviewCase: ReviewCase) async throws -> [CaseEvidenceFile] {
        guard let evidence else { return [] }
        var files: [CaseEvidenceFile] = []
        for item in try await evidence.items(caseReference: reviewCase.auditSubject) {
            let (_, bytes) = try await evidence.read(id: item.id, actor: submitter.actor)
            files.append(CaseEvidenceFile(item, md5: Hex.encode(Insecure.MD5.hash(data: bytes))))
        }
        return files
    }
}
