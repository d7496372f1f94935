import BulwarkTestSupport
import BulwarkCore
import Foundation
import HummingbirdTesting
import Reporting
import Testing

/// The CyberTipline flow against the checking stand-in, on both storage backends.
@Suite struct ReportFlowTests {
    @Test(arguments: ReportingBackend.allCases)
    func happyPathRunsEveryStepOnceAndIsStored(backend: ReportingBackend) async throws {
        try await backend.withStandIn { harness in
            let submitter = try harness.submitter()
            let incident = Samples.incident(files: 2)
            let done = try await submitter.start(incident, destination: "NCMEC CyberTipline")
            try await submitter.client.shutdown()
            #expect(done.status == .finished)
            #expect(done.lastError == nil)
            #expect(harness.standIn.violations.isEmpty, "\(harness.standIn.violations)")
            #expect(harness.standIn.calls == [.status, .submit, .upload, .fileinfo, .upload, .fileinfo, .finish])
            let reportID = try #require(done.reportID)
            let report = try #require(harness.standIn.reports[reportID])
            #expect(report.finished)
            #expect(report.files.count == 2)
            let flags = report.fileOrder.compactMap { report.files[$0]?.fileInfo?.text("fileDetails/fileAnnotations/generativeAi") }
            #expect(flags == ["true", "false"])
            #expect(done.finishedFileIDs == report.fileOrder)
            let stored = try await harness.store.submission(id: done.id)
            #expect(stored == done)
            #expect(harness.audit.actions == [
                "report.create", "report.submit", "report.upload", "report.fileinfo", "report.upload", "report.fileinfo", "report.finish",
            ])
            #expect(harness.audit.all.allSatisfy { $0.subject == "report:\(done.id)" && $0.actor == "reviewer:ada" })
            #expect(harness.audit.all.last?.details["files_counted"] == "2")
        }
    }

    @Test(arguments: ReportingBackend.allCases)
    func serverErrorMidFlowLeavesAResumableSubmission(backend: ReportingBackend) async throws {
        try await backend.withStandIn { harness in
            harness.standIn.fail(.upload, with: .http500)
            let submitter = try harness.submitter()
            let failed = try await submitter.start(Samples.incident(files: 2), destination: "NCMEC CyberTipline")
            #expect(failed.status == .failed)
            #expect(failed.lastError?.contains("upload: HTTP 500") == true)
            #expect(failed.nextStep == "upload 1")
            let stored = try await harness.store.submission(id: failed.id)
            #expect(stored.reportID == failed.reportID)
            #expect(stored.status == .failed)
            #expect(harness.audit.actions.last == "report.step_failed")

            // A second failure further on: the first file is acknowledged, its fileinfo fails with bad XML.
            harness.standIn.fail(.fileinfo, with: .malformedXML)
            let again = try await submitter.resume(id: failed.id)
            #expect(again.status == .failed)
            #expect(again.lastError?.contains("fileinfo: bad response") == true)
            #expect(again.files[0].fileID != nil)
            #expect(again.nextStep == "fileinfo 1")

            let done = try await submitter.resume(id: failed.id)
            try await submitter.client.shutdown()
            #expect(done.status == .finished)
            #expect(done.reportID == failed.reportID)
            let calls = harness.standIn.calls
            #expect(calls.filter { $0 == .submit }.count == 1, "never a second report")
            #expect(calls.filter { $0 == .upload }.count == 3, "the failed upload, then each file once")
            #expect(harness.standIn.reports.count == 1)
            #expect(harness.standIn.reports[try #require(done.reportID)]?.files.count == 2)
            #expect(harness.standIn.violations.isEmpty, "\(harness.standIn.violations)")
            #expect(try await harness.store.submission(id: failed.id).status == .finished)
        }
    }

    @Test(arguments: ReportingBackend.allCases)
    func connectionRefusedThenResumeAgainstALiveEndpoint(backend: ReportingBackend) async throws {
        // A port that was just free: bind nothing there.
        let closedPort = try await CyberTiplineStandIn().application.test(.live) { client in try #require(client.port) }
        try await backend.withStandIn { harness in
            let offline = try harness.submitter(port: closedPort, timeout: 2)
            let failed = try await offline.start(Samples.incident(files: 1), destination: "NCMEC CyberTipline")
            try await offline.client.shutdown()
            #expect(failed.status == .failed)
            #expect(failed.lastError?.contains("status: cannot reach the endpoint") == true)
            #expect(failed.reportID == nil)

            let online = try harness.submitter()
            let done = try await online.resume(id: failed.id)
            try await online.client.shutdown()
            #expect(done.status == .finished)
            #expect(harness.standIn.calls.filter { $0 == .submit }.count == 1)
        }
    }

    @Test(arguments: ReportingBackend.allCases)
    func rejectedFinishIsResumableAndFinishHappensOnce(backend: ReportingBackend) async throws {
        try await backend.withStandIn { harness in
            harness.standIn.fail(.finish, with: .rejected(4321))
            let submitter = try harness.submitter()
            let failed = try await submitter.start(Samples.incident(files: 1), destination: "NCMEC CyberTipline")
            #expect(failed.lastError?.contains("responseCode 4321") == true)
            #expect(failed.nextStep == "finish")
            let done = try await submitter.resume(id: failed.id)
            #expect(done.status == .finished)
            // Resuming a finished submission does nothing more.
            let callsBefore = harness.standIn.calls.count
            _ = try await submitter.resume(id: failed.id)
            #expect(harness.standIn.calls.count == callsBefore)
            // And the stand-in refuses a second finish outright.
            let reportID = try #require(done.reportID)
            await #expect(throws: ReportingError.self) { _ = try await submitter.client.finish(reportID: reportID) }
            #expect(harness.standIn.violations.contains { $0.contains("already finished") })
            await #expect(throws: ReportingError.invalidState("report submission \(done.id) is finished; only an open report can be retracted")) {
                _ = try await submitter.retract(id: done.id)
            }
            try await submitter.client.shutdown()
        }
    }

    @Test(arguments: ReportingBackend.allCases)
    func retractAnOpenReport(backend: ReportingBackend) async throws {
        try await backend.withStandIn { harness in
            harness.standIn.fail(.fileinfo, with: .http500)
            let submitter = try harness.submitter()
            let failed = try await submitter.start(Samples.incident(files: 1), destination: "NCMEC CyberTipline")
            let retracted = try await submitter.retract(id: failed.id)
            #expect(retracted.status == .retracted)
            #expect(harness.standIn.reports[try #require(failed.reportID)]?.retracted == true)
            await #expect(throws: ReportingError.self) { _ = try await submitter.resume(id: failed.id) }
            try await submitter.client.shutdown()
            #expect(harness.audit.actions.last == "report.retract")
            #expect(try await harness.store.submission(id: failed.id).status == .retracted)
        }
    }

    /// File bytes that cannot be read: the upload step fails without losing the report id.
    struct MissingFiles: ReportFileSource {
        func bytes(for file: ReportFile) async throws -> [UInt8] { throw ReportingError.invalidState("gone") }
    }

    @Test func unreadableFileBytesLeaveTheSubmissionResumable() async throws {
        try await ReportingBackend.sqlite.withStandIn { harness in
            let endpoint = CyberTiplineEndpoint(baseURL: "http://127.0.0.1:\(harness.port)", username: harness.standIn.username, password: harness.standIn.password)
            let missing = ReportSubmitter(
                client: try CyberTiplineClient(endpoint: endpoint), store: harness.store, audit: harness.audit, files: MissingFiles(), actor: "system")
            let failed = try await missing.start(Samples.incident(files: 1), destination: "NCMEC CyberTipline")
            try await missing.client.shutdown()
            #expect(failed.status == .failed)
            #expect(failed.lastError?.contains("bytes of file 1") == true)
            #expect(failed.reportID != nil)
            let submitter = try harness.submitter()
            let done = try await submitter.resume(id: failed.id)
            try await submitter.client.shutdown()
            #expect(done.status == .finished)
            #expect(harness.standIn.calls.filter { $0 == .submit }.count == 1)
        }
    }

    @Test func damagedUploadIsDetectedByTheEndpointHashAndSentAgain() async throws {
        try await ReportingBackend.sqlite.withStandIn { harness in
            harness.standIn.fail(.upload, with: .wrongUploadHash)
            let submitter = try harness.submitter()
            let failed = try await submitter.start(Samples.incident(files: 1), destination: "NCMEC CyberTipline")
            #expect(failed.lastError?.contains("differs from the file's MD5") == true)
            #expect(failed.files[0].fileID == nil)
            let done = try await submitter.resume(id: failed.id)
            try await submitter.client.shutdown()
            #expect(done.status == .finished)
            #expect(harness.standIn.calls.filter { $0 == .upload }.count == 2)
        }
    }

    @Test func standInChecksAuthAndFlowOrder() async throws {
        try await ReportingBackend.sqlite.withStandIn { harness in
            let wrong = try harness.submitter(password: "wrong")
            let failed = try await wrong.start(Samples.incident(files: 1), destination: "NCMEC CyberTipline")
            try await wrong.client.shutdown()
            #expect(failed.lastError?.contains("HTTP 401") == true)
            #expect(harness.standIn.violations == ["status: missing or wrong basic auth"])

            let client = try harness.submitter().client
            await #expect(throws: ReportingError.self) { _ = try await client.upload(reportID: "999", fileName: "x.png", bytes: [1, 2]) }
            #expect(harness.standIn.violations.last?.contains("unknown report 999") == true)
            let reportID = try await client.submit(reportXML: try CyberTiplineReportBuilder.reportXML(Samples.incident(files: 1)))
            let file = Samples.incident(files: 1).files[0]
            await #expect(throws: ReportingError.self) {
                try await client.fileInfo(fileDetailsXML: try CyberTiplineReportBuilder.fileDetailsXML(reportID: reportID, fileID: "f404", file: file))
            }
            #expect(harness.standIn.violations.last?.contains("was not uploaded") == true)
            await #expect(throws: ReportingError.self) { _ = try await client.submit(reportXML: "<report><incidentSummary/></report>") }
            #expect(harness.standIn.violations.last?.contains("required element") == true)
            await #expect(throws: ReportingError.self) { _ = try await client.submit(reportXML: "<report><unclosed></report>") }
            try await client.retract(reportID: reportID)
            await #expect(throws: ReportingError.self) { try await client.retract(reportID: reportID) }
            #expect(harness.standIn.violations.last?.contains("not open") == true)
            try await client.shutdown()
        }
    }

    @Test(arguments: ReportingBackend.allCases)
    func listingByCreationTime(backend: ReportingBackend) async throws {
        guard let store = try await backend.open() else { return }
        let base = Date(timeIntervalSince1970: 1_700_000_000 + Double(Int.random(in: 0...1_000_000)) * 1000)
        var ids: [String] = []
        for offset in 0..<3 {
            let submission = ReportSubmission(destination: "IWF", incident: Samples.incident(files: 1), now: base.addingTimeInterval(Double(offset) * 60))
            try await store.save(submission)
            ids.append(submission.id)
        }
        let window = try await store.list(from: base, to: base.addingTimeInterval(120), limit: 10)
        #expect(window.map(\.id) == Array(ids.prefix(2)))
        await #expect(throws: BulwarkError.self) { _ = try await store.submission(id: "nope") }
        try await store.close()
    }
}
