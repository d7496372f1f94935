import Audit
import Cases
import Evidence
import Pipeline
import Reporting
import VideoHashing
import Store

/// Everything the API's routes use: the stores, the match service, the content engines
/// (text, conversation, provenance, model scan), webhook delivery, metrics and the
/// configuration.
public struct BulwarkServices: Sendable {
    public let banks: any BankStore
    public let service: any ServiceStore
    public let matcher: MatchService
    public let engines: ContentEngines
    public let webhooks: WebhookDispatcher
    public let metrics: ServerMetrics
    public let configuration: ServerConfiguration
    /// The hash-chained audit trail every action is recorded in.
    public let audit: any AuditLog
    /// The review queue: cases, assessments, teams, exposure.
    public let cases: CaseService
    /// Preserved media (only when evidence preservation is on).
    public let evidence: EvidenceVault
    /// Reports to hotlines and authorities, and where each stands in its flow.
    public let reports: any ReportSubmissionStore
    /// Files, resumes and retracts reports of cases; `nil` when reporting is not configured.
    public let caseReporter: CaseReporter?

    public init(
        banks: any BankStore, service: any ServiceStore, matcher: MatchService, engines: ContentEngines,
        webhooks: WebhookDispatcher, metrics: ServerMetrics, configuration: ServerConfiguration,
        audit: any AuditLog, cases: CaseService, evidence: EvidenceVault, reports: any ReportSubmissionStore,
        caseReporter: CaseReporter? = nil
    ) {
        self.reports = reports
        self.caseReporter = caseReporter
        self.audit = audit
        self.cases = cases
        self.evidence = evidence
        self.banks = banks
        self.service = service
        self.matcher = matcher
        self.engines = engines
        self.webhooks = webhooks
        self.metrics = metrics
        self.configuration = configuration
    }

    /// Opens both stores (SQLite in `dataDirectory`, or PostgreSQL at `databaseURL`) and
    /// wires the services; the content engines are built once here, from the bundled
    /// lexicons and policies. The match index is empty until ``MatchService/load()``.
    public static func open(
        dataDirectory: String?, databaseURL: String?, configuration: ServerConfiguration,
        matchOptions: MatchServiceOptions = MatchServiceOptions()
    ) async throws -> BulwarkServices {
        VPDQSignalValue.registerValueCheck()
        let banks = try await BankStores.open(dataDirectory: dataDirectory, databaseURL: databaseURL)
        let service = try await ServiceStores.open(dataDirectory: dataDirectory, databaseURL: databaseURL)
        let matcher = MatchService(store: banks, options: matchOptions)
        let engines = try ContentEngines.bundled(matcher: matcher)
        let metrics = ServerMetrics()
        let audit = try await AuditLogs.open(dataDirectory: dataDirectory, databaseURL: databaseURL)
        let cases = CaseService(
            store: try await CaseStores.open(dataDirectory: dataDirectory, databaseURL: databaseURL), audit: audit,
            scheme: configuration.assessmentScheme, deadlines: configuration.deadlines)
        let evidence = try await EvidenceVaults.open(
            dataDirectory: dataDirectory, databaseURL: databaseURL, settings: configuration.evidence, recorder: audit)
        let reports = try await ReportSubmissionStores.open(dataDirectory: dataDirectory, databaseURL: databaseURL)
        var caseReporter: CaseReporter?
        if let reporting = configuration.caseReporting {
            let submitter = ReportSubmitter(
                client: try CyberTiplineClient(endpoint: reporting.endpoint), store: reports, audit: audit,
                files: EvidenceReportFiles(vault: evidence, actor: "serve"), actor: "serve")
            caseReporter = CaseReporter(
                cases: cases.store, evidence: evidence.isEnabled ? evidence : nil, submitter: submitter, routing: reporting.routing,
                settings: CaseReportSettings(reporter: reporting.reporter, defaultHostingCountry: reporting.defaultHostingCountry,
                                             scheme: configuration.assessmentScheme))
        }
        return BulwarkServices(
            banks: banks, service: service, matcher: matcher, engines: engines,
            webhooks: WebhookDispatcher(store: service, policy: configuration.webhookRetry, metrics: metrics),
            metrics: metrics, configuration: configuration, audit: audit, cases: cases, evidence: evidence,
            reports: reports, caseReporter: caseReporter)
    }

    /// Stops webhook delivery and closes the stores.
    public func close() async {
        try? await caseReporter?.submitter.client.shutdown()
        try? await reports.close()
        try? await evidence.close()
        try? await cases.store.close()
        try? await audit.close()
        await webhooks.shutdown()
        try? await service.close()
        try? await banks.close()
    }
}
