import ContentCredentials
import Foundation
import Testing

@Suite struct C2PAReaderAbsentTests {
    @Test func emptyManifestStoreIsAbsent() {
        let report = C2PAReader().read(manifestStore: [], asset: nil)
        #expect(report.status == .absent)
        #expect(report == C2PAReport.absent)
        #expect(!report.declaresAIGenerated)
    }

    @Test func statusEncodesWithSpecSpelling() throws {
        #expect(C2PAStatus.presentButUnverifiable.rawValue == "present-but-unverifiable")
        let report = C2PAReport(status: .presentButUnverifiable, statusReasons: ["no trust anchor"], actions: [C2PAAction(action: "c2pa.created")])
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"status\":\"present-but-unverifiable\""))
        #expect(try JSONDecoder().decode(C2PAReport.self, from: Data(json.utf8)) == report)
    }
}
