import BulwarkCore
import Cases
import Crypto
import Evidence
import Foundation
import Reporting
import Testing

/// The stores "report this case" needs, on one backend: cases, evidence (preservation on,
/// a test key) and the stand-in's submission store.
struct CaseReportingStores: Sendable {
    let cases: any CaseStore
    let service: CaseService
    let vault: EvidenceVault
    let harness: StandInHarness
    let team = "reporting-\(UUID().uuidString.prefix(8).lowercased())"

    static func open(_ backend: ReportingBackend, harness: StandInHarness) async throws -> CaseReportingStores {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-case-reports-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let databaseURL: String? = backend == .postgres ? ProcessInfo.processInfo.environment["BULWARK_TEST_POSTGRES_URL"] : nil
        let cases = try await CaseStores.open(dataDirectory: directory, databaseURL: databaseURL)
        let vault = try await EvidenceVaults.open(
            dataDirectory: directory, databaseURL: databaseURL, settings: EvidenceSettings(enabled: true, key: .key(.random())),
            recorder: harness.audit)
        return CaseReportingStores(cases: cases, service: CaseService(store: cases, audit: harness.audit), vault: vault, harness: harness)
    }

    /// An open case reported by URL and hash, assessed by `assessments` (one reviewer each).
    func assessedCase(url: String = "https://files.example.net/item?id=\(UUID().uuidString)", assessments: [Assessment]) async throws -> ReviewCase {
        let hash = "sha256:" + Hex.encode(SHA256.hash(data: Array(url.utf8)))
        let draft = try CaseDraft.externalReport(reporter: "partner-1", url: url, contentHash: hash, team: team, receivedAt: Date())
        var reviewCase = try await service.intake(draft, actor: "partner-1").reviewCase
        for (index, assessment) in assessments.enumerated() {
            reviewCase = try await service.assess(reviewCase.id, assessment, by: .admin("reviewer:\(index)")).reviewCase
        }
        return reviewCase
    }

    func reporter() throws -> CaseReporter {
        CaseReporter(
            cases: cases, evidence: vault, submitter: try harness.submitter(files: EvidenceReportFiles(vault: vault, actor: "reviewer:ada")),
            routing: .standard, settings: CaseReportSettings(reporter: Samples.reporter, defaultHostingCountry: "US"))
    }

    func close() async throws {
        try await vault.close()
        try await cases.close()
    }
}

/// "Report this case" end to end against the stand-in, on both backends.
@Suite struct CaseReporterTests {
    static let agreeing = [
        Assessment(category: "B", ageBand: "11-13", aiGenerated: .declared),
        Assessment(category: "B", ageBand: "11-13", aiGenerated: .unknown),
    ]

    /// Runs `body` with fresh stores and a reporter over them; closes both whatever happens.
    func withStores(_ backend: ReportingBackend, _ body: @Sendable (CaseReportingStores, CaseReporter) async throws -> Void) async throws {
        try await backend.withStandIn { harness in
            let stores = try await CaseReportingStores.open(backend, harness: harness)
            let reporter = try stores.reporter()
            let result: Result<Void, any Error>
            do { result = .success(try await body(stores, reporter)) } catch { result = .failure(error) }
            try? await reporter.submitter.client.shutdown()
            try? await stores.close()
            try result.get()
        }
    }

    @Test(arguments: ReportingBackend.allCases)
    func reportingACaseSendsItsEvidenceOnceAndASecondReportReturnsTheSameSubmission(backend: ReportingBackend) async throws {
        try await withStores(backend) { stores, reporter in
            let reviewCase = try await stores.assessedCase(assessments: Self.agreeing)
            let bytes = Array(String(repeating: "benign generated evidence bytes\n", count: 40).utf8)
            let item = try await stores.vault.store(bytes, caseReference: reviewCase.auditSubject, mediaType: "image/png", actor: "system")

            let first = try await reporter.report(caseID: reviewCase.id)
            #expect(first.created)
            #expect(first.submission.status == .finished, "\(first.submission.lastError ?? "")")
            #expect(first.submission.caseID == reviewCase.id)
            #expect(first.submission.destination == "NCMEC CyberTipline")
            let incident = first.submission.incident
            #expect(incident.caseReference == reviewCase.auditSubject)
            #expect(incident.reportedURL == reviewCase.url)
            #expect(incident.files == [ReportFile(
                name: "\(item.id).png", sha256: item.sha256, md5: Hex.encode(Insecure.MD5.hash(data: bytes)), size: Int64(bytes.count),
                aiGenerated: true, originalURL: reviewCase.url)])

            let standIn = stores.harness.standIn
            let reportID = try #require(first.submission.reportID)
            let sent = try #require(standIn.reports[reportID])
            #expect(sent.xml.text("report/additionalInfo")?.contains("legal category B; youngest age band 11-13") == true)
            #expect(sent.fileOrder.compactMap { sent.files[$0]?.size } == [bytes.count])
            #expect(standIn.violations.isEmpty, "\(standIn.violations)")

            #expect(stores.harness.audit.all.filter { $0.action.hasPrefix("report.") }.allSatisfy { $0.actor == "reviewer:ada" })

            // Again (from the case page, as another reviewer): the live submission comes back
            // untouched, nothing more is sent or read.
            let reads = stores.harness.audit.actions.filter { $0 == "evidence.read" }.count
            let detail = try await stores.service.openCase(reviewCase.id, by: .admin("reviewer:bo"))
            let second = try await reporter.acting(as: "reviewer:bo").report(detail)
            #expect(!second.created)
            #expect(second.submission == first.submission)
            #expect(standIn.calls.filter { $0 == .submit }.count == 1)
            #expect(stores.harness.audit.actions.filter { $0 == "evidence.read" }.count == reads)
            #expect(try await stores.harness.store.submissions(caseID: reviewCase.id).map(\.id) == [first.submission.id])
        }
    }

    @Test(arguments: ReportingBackend.allCases)
    func concurrentReportsOfOneCaseMakeOneSubmissionAndARetractedOneMakesRoomForANew(backend: ReportingBackend) async throws {
        try await withStores(backend) { stores, reporter in
            let reviewCase = try await stores.assessedCase(assessments: Self.agreeing)
            stores.harness.standIn.fail(.finish, with: .http500)  // leaves the first submission open, so it can be retracted
            let outcomes = try await withThrowingTaskGroup(of: CaseReporter.Outcome.self) { group in
                for _ in 0..<4 { group.addTask { try await reporter.report(caseID: reviewCase.id) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter(\.created).count == 1)
            #expect(Set(outcomes.map(\.submission.id)).count == 1)
            #expect(stores.harness.standIn.calls.filter { $0 == .submit }.count == 1)
            let live = try #require(try await stores.harness.store.liveSubmission(caseID: reviewCase.id))
            #expect(live.status == .failed)

            _ = try await reporter.submitter.retract(id: live.id)
            #expect(try await stores.harness.store.liveSubmission(caseID: reviewCase.id) == nil)
            let again = try await reporter.report(caseID: reviewCase.id)
            #expect(again.created)
            #expect(again.submission.id != live.id)
            #expect(again.submission.status == .finished)
            #expect(try await stores.harness.store.submissions(caseID: reviewCase.id).map(\.id) == [live.id, again.submission.id])
        }
    }

    @Test(arguments: ReportingBackend.allCases)
    func casesThatCannotBeReportedAreRefusedBeforeAnythingIsReadOrSent(backend: ReportingBackend) async throws {
        try await withStores(backend) { stores, reporter in
            let discounted = try await stores.assessedCase(assessments: [Assessment(discountReasons: ["adult"])])
            _ = try await stores.vault.store(Array("benign".utf8), caseReference: discounted.auditSubject, mediaType: "image/png", actor: "system")
            await #expect(throws: CaseReportError.notReportable(
                caseReference: discounted.auditSubject, reason: "it was assessed as not criminal (discounted: adult)")) {
                try await reporter.report(caseID: discounted.id)
            }
            let unassessed = try await stores.assessedCase(assessments: [])
            await #expect(throws: CaseReportError.notReportable(caseReference: unassessed.auditSubject, reason: "it has not been assessed")) {
                try await reporter.report(caseID: unassessed.id)
            }
            await #expect(throws: BulwarkError.self) { try await reporter.report(caseID: Int64.max) }
            // Hosted in the UK: routed to the IWF, which has no reporting API here.
            let british = try await stores.assessedCase(assessments: Self.agreeing)
            _ = try await stores.vault.store(Array("benign".utf8), caseReference: british.auditSubject, mediaType: "image/png", actor: "system")
            do {
                _ = try await reporter.report(caseID: british.id, hostingCountry: "GB")
                Issue.record("a report routed to the IWF should be refused")
            } catch let ReportingError.routing(message) {
                #expect(message.contains("Internet Watch Foundation"))
                #expect(message.hasPrefix(british.auditSubject))
            }
            #expect(!stores.harness.audit.actions.contains("evidence.read"))
            #expect(stores.harness.standIn.calls.isEmpty)
            for reviewCase in [discounted, unassessed, british] {
                #expect(try await stores.harness.store.liveSubmission(caseID: reviewCase.id) == nil)
            }
        }
    }
}
