import BulwarkCore
import Cases
import Foundation
import Reporting
import Testing

/// A case with its assessments, built in memory, and the operator settings reports use.
enum CaseSamples {
    static let firstReport = Date(timeIntervalSince1970: 1_760_000_000)
    static let settings = CaseReportSettings(reporter: Samples.reporter, defaultHostingCountry: "US")
    static let agreeingReviewers: [(String, Assessment)] = [
        ("reviewer:ada", Assessment(category: "B", ageBand: "7-10", sex: "female", aiGenerated: .unknown)),
        ("reviewer:bo", Assessment(category: "B", ageBand: "7-10", aiGenerated: .suspected)),
    ]

    static func detail(
        id: Int64 = 42, url: String? = "https://files.example.net/item?id=1", assessments: [(String, Assessment)] = agreeingReviewers,
        status: CaseStatus = .open, outcome: CaseOutcome? = nil
    ) -> CaseDetail {
        let scheme = AssessmentScheme.iwfDefault
        let latest = Dictionary(assessments, uniquingKeysWith: { _, last in last })
        let combined = scheme.combine(latest.sorted { $0.key < $1.key }.map(\.value))
        let reviewCase = ReviewCase(
            id: id, team: "hotline", kind: .externalReport, status: status, priorityRank: 10, dueAt: firstReport.addingTimeInterval(86_400),
            createdAt: firstReport.addingTimeInterval(5), updatedAt: firstReport.addingTimeInterval(600),
            contentHash: "sha256:" + String(repeating: "ab", count: 32), url: url, reportCount: 2, knownRealVictims: false,
            mayShowRealChild: true, reasons: [], category: combined?.category, ageBand: combined?.ageBand,
            secondOpinion: scheme.secondOpinionStatus(latestByReviewer: latest), outcome: outcome,
            closedAt: status == .closed ? firstReport.addingTimeInterval(3600) : nil, closedBy: status == .closed ? "reviewer:ada" : nil)
        let sources = [
            CaseSource(origin: .report, reference: url ?? "hash", reporter: "partner-1", receivedAt: firstReport.addingTimeInterval(60)),
            CaseSource(origin: .report, reference: url ?? "hash", reporter: "partner-2", receivedAt: firstReport),
        ]
        let recorded = assessments.enumerated().map { index, pair in
            RecordedAssessment(id: Int64(index + 1), caseID: id, reviewer: pair.0, assessment: pair.1, at: firstReport.addingTimeInterval(Double(index) * 60))
        }
        return CaseDetail(reviewCase: reviewCase, sources: sources, assessments: recorded, events: [])
    }

    static let evidence = CaseEvidenceFile(
        evidenceID: String(repeating: "0f", count: 16), sha256: String(repeating: "1a", count: 32), md5: String(repeating: "2b", count: 16),
        size: 4096, mediaType: "image/png")
}

@Suite struct CaseReportDraftTests {
    @Test func aFullyAssessedCaseMapsToTheExpectedIncident() throws {
        let incident = try CaseReportDraft.incident(for: CaseSamples.detail(), evidence: [CaseSamples.evidence], settings: CaseSamples.settings)
        let expected = ReportIncident(
            caseReference: "case:42", reporter: Samples.reporter, incidentType: "Child Pornography (possession, manufacture, and distribution)",
            incidentAt: CaseSamples.firstReport, reportedURL: "https://files.example.net/item?id=1", hostingCountry: "US",
            assessmentSummary: "Assessed by 2 reviewers: legal category B; youngest age band 7-10; sex female; suspected AI-generated. "
                + "Bulwark case 42, kind report, 2 reports. Content hash sha256:\(String(repeating: "ab", count: 32)).",
            files: [ReportFile(
                name: String(repeating: "0f", count: 16) + ".png", sha256: String(repeating: "1a", count: 32),
                md5: String(repeating: "2b", count: 16), size: 4096, aiGenerated: true, originalURL: "https://files.example.net/item?id=1")])
        #expect(incident == expected)

        // The existing builder accepts it and the documents carry the mapped values.
        let report = try XMLSummary(bytes: Array(try CyberTiplineReportBuilder.reportXML(incident).utf8), step: "test")
        #expect(report.text("report/incidentSummary/incidentType") == expected.incidentType)
        #expect(report.text("report/internetDetails/webPageIncident/url") == expected.reportedURL)
        #expect(report.text("report/additionalInfo") == expected.assessmentSummary)
        let details = try XMLSummary(
            bytes: Array(try CyberTiplineReportBuilder.fileDetailsXML(reportID: "1", fileID: "f1", file: incident.files[0]).utf8), step: "test")
        #expect(details.text("fileDetails/fileAnnotations/generativeAi") == "true")
        #expect(details.all("fileDetails/originalFileHash").map(\.text) == [String(repeating: "2b", count: 16), String(repeating: "1a", count: 32)])
    }

    @Test func theReviewersHostingCountryAndURLWinAndUnknownAIIsNotFlagged() throws {
        let unknownAI = CaseSamples.detail(assessments: [("reviewer:ada", Assessment(category: "C", ageBand: "14-15"))])
        let incident = try CaseReportDraft.incident(
            for: unknownAI, evidence: [CaseSamples.evidence], settings: CaseSamples.settings, hostingCountry: " gb ",
            reportedURL: "https://mirror.example.org/x")
        #expect(incident.hostingCountry == "GB")
        #expect(incident.reportedURL == "https://mirror.example.org/x")
        #expect(incident.files.map(\.aiGenerated) == [false])
        #expect(incident.assessmentSummary.hasPrefix("Assessed by 1 reviewer: legal category C; youngest age band 14-15; not known to be AI-generated."))
        // No preserved evidence: a report of the URL without files.
        #expect(try CaseReportDraft.incident(for: unknownAI, evidence: [], settings: CaseSamples.settings).files.isEmpty)
    }

    /// The field named by the error `body` throws, or `nil`.
    func failingField(_ body: () throws(CaseReportError) -> ReportIncident) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            guard case let .invalidField(reference, field, _) = error else { return "not an invalid field: \(error)" }
            #expect(reference == "case:42")
            #expect(error.description.hasPrefix("case:42 cannot be reported: \(field) "))
            return field
        }
    }

    @Test func eachMissingFieldIsAnErrorNamingItAndTheCase() {
        let detail = CaseSamples.detail()
        func settings(_ change: (inout CaseReportSettings) -> Void) -> CaseReportSettings {
            var settings = CaseSamples.settings
            change(&settings)
            return settings
        }
        let cases: [(String, () throws(CaseReportError) -> ReportIncident)] = [
            ("reportedURL", { () throws(CaseReportError) in
                try CaseReportDraft.incident(for: CaseSamples.detail(url: nil), evidence: [], settings: CaseSamples.settings) }),
            ("reportedURL", { () throws(CaseReportError) in
                try CaseReportDraft.incident(for: CaseSamples.detail(url: nil), evidence: [], settings: CaseSamples.settings, reportedURL: "ftp://x.example") }),
            ("hostingCountry", { () throws(CaseReportError) in
                try CaseReportDraft.incident(for: detail, evidence: [], settings: settings { $0.defaultHostingCountry = " " }) }),
            ("hostingCountry", { () throws(CaseReportError) in
                try CaseReportDraft.incident(for: detail, evidence: [], settings: CaseSamples.settings, hostingCountry: "XX") }),
            ("incidentType", { () throws(CaseReportError) in
                try CaseReportDraft.incident(for: detail, evidence: [], settings: settings { $0.incidentTypes = ["A": "Child Sex Trafficking"] }) }),
            ("incidentType", { () throws(CaseReportError) in
                try CaseReportDraft.incident(for: detail, evidence: [], settings: settings { $0.incidentTypes["B"] = "Something else" }) }),
            ("reporter.companyName", { () throws(CaseReportError) in
                try CaseReportDraft.incident(for: detail, evidence: [], settings: settings { $0.reporter.companyName = "" }) }),
            ("reporter.contactFirstName", { () throws(CaseReportError) in
                try CaseReportDraft.incident(for: detail, evidence: [], settings: settings { $0.reporter.contactFirstName = "" }) }),
            ("reporter.contactLastName", { () throws(CaseReportError) in
                try CaseReportDraft.incident(for: detail, evidence: [], settings: settings { $0.reporter.contactLastName = " " }) }),
            ("reporter.contactEmail", { () throws(CaseReportError) in
                try CaseReportDraft.incident(for: detail, evidence: [], settings: settings { $0.reporter.contactEmail = "no-at-sign" }) }),
            ("files[0].sha256", { () throws(CaseReportError) in
                var evidence = CaseSamples.evidence
                evidence.sha256 = "123"
                return try CaseReportDraft.incident(for: detail, evidence: [evidence], settings: CaseSamples.settings) }),
            ("files[0].md5", { () throws(CaseReportError) in
                var evidence = CaseSamples.evidence
                evidence.md5 = "zz"
                return try CaseReportDraft.incident(for: detail, evidence: [evidence], settings: CaseSamples.settings) }),
            ("files[1].size", { () throws(CaseReportError) in
                var evidence = CaseSamples.evidence
                evidence.size = -1
                return try CaseReportDraft.incident(for: detail, evidence: [CaseSamples.evidence, evidence], settings: CaseSamples.settings) }),
        ]
        for (field, body) in cases {
            #expect(failingField(body) == field)
        }
    }

    @Test func aCaseNotAssessedAsReportableIsRefusedSayingWhy() {
        let refusals: [(CaseDetail, String)] = [
            (CaseSamples.detail(assessments: []), "it has not been assessed"),
            (CaseSamples.detail(assessments: [("reviewer:ada", Assessment(discountReasons: ["adult"]))]),
             "it was assessed as not criminal (discounted: adult)"),
            (CaseSamples.detail(assessments: [("reviewer:ada", Assessment(exploitative: true))]),
             "it was assessed as exploitative but not criminal"),
            (CaseSamples.detail(assessments: [("reviewer:ada", Assessment(category: "A", ageBand: "3-6"))]),
             "it needs a second opinion from another reviewer"),
            (CaseSamples.detail(assessments: [
                ("reviewer:ada", Assessment(category: "A", ageBand: "3-6")), ("reviewer:bo", Assessment(category: "B", ageBand: "3-6")),
            ]), "its reviewers' assessments disagree"),
            (CaseSamples.detail(status: .closed, outcome: .notActionable), "it was closed as not-actionable"),
            (CaseSamples.detail(status: .closed, outcome: .duplicate), "it was closed as duplicate"),
        ]
        for (detail, reason) in refusals {
            #expect(throws: CaseReportError.notReportable(caseReference: "case:42", reason: reason)) {
                try CaseReportDraft.incident(for: detail, evidence: [CaseSamples.evidence], settings: CaseSamples.settings)
            }
        }
        // Closed as confirmed is reportable.
        #expect(throws: Never.self) {
            try CaseReportDraft.incident(for: CaseSamples.detail(status: .closed, outcome: .confirmed), evidence: [], settings: CaseSamples.settings)
        }
    }
}
