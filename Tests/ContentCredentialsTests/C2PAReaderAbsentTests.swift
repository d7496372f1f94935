import Testing
import ContentCredentials

@Suite struct C2PAReaderAbsentTests {
    @Test func emptyManifestStoreIsAbsent() {
        let report = C2PAReader().read(manifestStore: [], asset: nil)
        #expect(report.status == .absent)
        #expect(report == C2PAReport.absent)
    }

    @Test func statusEncodesWithSpecSpelling() throws {
        #expect(C2PAStatus.presentButUnverifiable.rawValue == "present-but-unverifiable")
    }
}
