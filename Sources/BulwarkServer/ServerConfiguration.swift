import Cases
import Evidence
import MatchIndex

/// How `bulwark serve` listens and what it accepts.
public struct ServerConfiguration: Sendable {
    /// Address to bind (default loopback only).
    public var host: String
    public var port: Int
    /// Largest upload accepted by `/v1/hash` and `/v1/match/upload`, in bytes (413 above).
    public var maxUploadBytes: Int
    /// Largest JSON body accepted, in bytes (413 above).
    public var maxJSONBytes: Int
    /// Largest import body, in bytes (413 above). The body is streamed, never held whole.
    public var maxImportBytes: Int64
    /// Largest model file accepted by `/v1/models/scan` as a request body, in bytes (413
    /// above). The body is streamed to a temporary file, never held whole.
    public var maxModelUploadBytes: Int64
    /// The directory `/v1/models/scan?path=` may read from. Without it, scanning files on
    /// the server's own disk is refused (403); with it, the path's real location (symbolic
    /// links resolved) must lie inside this directory.
    public var modelScanRoot: String?
    /// Webhook retry schedule.
    public var webhookRetry: WebhookRetryPolicy

    /// Evidence preservation: off by default (then no media is ever stored).
    public var evidence: EvidenceSettings
    /// The team whose queue receives cases the pipeline opens (bank matches).
    public var reviewTeam: String
    /// Whether a bank match through the API opens (or joins) a review case.
    public var openCasesOnMatch: Bool
    /// The assessment scheme reviewers use (IWF-style by default).
    public var assessmentScheme: AssessmentScheme
    /// The deadline clock of each case kind.
    public var deadlines: DeadlinePolicy

    /// Filing reports of assessed cases with the CyberTipline; `nil`: not configured.
    public var caseReporting: CaseReportingConfiguration?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxUploadBytes: Int = 32 << 20, maxJSONBytes: Int = 1 << 20,
        maxImportBytes: Int64 = 8 << 30, maxModelUploadBytes: Int64 = 8 << 30, modelScanRoot: String? = nil,
        webhookRetry: WebhookRetryPolicy = WebhookRetryPolicy(), evidence: EvidenceSettings = EvidenceSettings(),
        reviewTeam: String = "trust-and-safety", openCasesOnMatch: Bool = true,
        assessmentScheme: AssessmentScheme = .iwfDefault, deadlines: DeadlinePolicy = .standard,
        caseReporting: CaseReportingConfiguration? = nil
    ) {
        self.caseReporting = caseReporting
        self.assessmentScheme = assessmentScheme
        self.deadlines = deadlines
        self.evidence = evidence
        self.reviewTeam = reviewTeam
        self.openCasesOnMatch = openCasesOnMatch
        self.host = host
        self.port = port
        self.maxUploadBytes = maxUploadBytes
        self.maxJSONBytes = maxJSONBytes
        self.maxImportBytes = maxImportBytes
        self.maxModelUploadBytes = maxModelUploadBytes
        self.modelScanRoot = modelScanRoot
        self.webhookRetry = webhookRetry
    }
}
