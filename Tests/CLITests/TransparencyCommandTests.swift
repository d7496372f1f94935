import Audit
import BulwarkCore
import Cases
import Foundation
import Testing

/// `bulwark report transparency --from-cases`: the figures come from the outcomes of the review
/// cases in the store, not from a file.
@Suite("bulwark report transparency")
struct TransparencyCommandTests {
    @Test func figuresFromOpenAndClosedCases() async throws {
        let directory = try TemporaryDirectory()
        let data = directory.path + "/data"
        let audit = try await AuditLogs.open(dataDirectory: data, databaseURL: nil)
        let store = try await CaseStores.open(dataDirectory: data, databaseURL: nil)
        let cases = CaseService(store: store, audit: audit)
        let admin = Reviewer.admin("cli-test")
        for index in 0..<5 {
            let draft = try CaseDraft.externalReport(reporter: "desk", url: "https://example.org/\(index)", contentHash: nil,
                                                     team: index < 4 ? "trust-and-safety" : "other-team", receivedAt: Date())
            let id = try await cases.intake(draft, actor: "test").reviewCase.id
            if index < 3 {
                _ = try await cases.assess(id, Assessment(category: "C", ageBand: "16-17"), by: admin)
                _ = try await cases.close(id, outcome: .confirmed, by: admin)
            } else if index == 3 {
                _ = try await cases.close(id, outcome: .notActionable, by: admin)
            } else {
                _ = try await cases.assess(id, Assessment(category: "B", ageBand: "14-15"), by: admin)
                _ = try await cases.close(id, outcome: .confirmed, by: admin)
            }
        }
        _ = try await cases.intake(CaseDraft.externalReport(reporter: "desk", url: "https://example.org/open", contentHash: nil,
                                                            team: "trust-and-safety", receivedAt: Date()), actor: "test")
        try await store.close()
        try await audit.close()

        let day = 86_400.0
        let from = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-day))
        let to = ISO8601DateFormatter().string(from: Date().addingTimeInterval(day))
        let out = directory.path + "/report.html"
        let all = try BulwarkProcess.run(["report", "transparency", "--from-cases", "--data-dir", data, "--from", from, "--to", to, "--out", out])
        #expect(all.status == 0, "\(all.stderr)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains(#"Items opened</th><td class="n">6</td>"#), "five closed cases and the open one")
        #expect(html.contains(#"Items actioned</th><td class="n">5</td>"#), "five closed cases; the open one is not actioned")
        #expect(html.contains("not illegal"))

        let team = try BulwarkProcess.run(["report", "transparency", "--from-cases", "--team", "other-team", "--data-dir", data,
                                           "--from", from, "--to", to])
        #expect(team.status == 0, "\(team.stderr)")
        #expect(team.stdout.contains(#"Items opened</th><td class="n">1</td>"#))
        #expect(team.stdout.contains(#"Items actioned</th><td class="n">1</td>"#))

        let neither = try BulwarkProcess.run(["report", "transparency", "--from", from, "--to", to])
        #expect(neither.status != 0)
        #expect(neither.stderr.contains("--from-cases or --records"))
    }
}
