import BulwarkCore
import BulwarkServer
import BulwarkTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Reporting
import Testing

/// Filing the CyberTipline report of an assessed case through the API, against a stand-in
/// of the Reporting API that checks the flow; resuming and retracting it.
@Suite struct CaseReportRouteTests {
    static let url = "https://example.org/item/42"

    /// A server whose reporting goes to `standIn` on `port`.
    static func server(port: Int, standIn: CyberTiplineStandIn) async throws -> TestServer {
        var configuration = ServerConfiguration(port: 0)
        configuration.caseReporting = CaseReportingConfiguration(
            endpoint: CyberTiplineEndpoint(baseURL: "http://127.0.0.1:\(port)", username: standIn.username, password: standIn.password),
            reporter: ReportingCompany(companyName: "Example Platform", contactFirstName: "Sam", contactLastName: "Lee",
                                       contactEmail: "safety@example.org"),
            defaultHostingCountry: "US")
        return try await TestServer.make(configuration: configuration)
    }

    /// Opens a case for `url` and returns its id.
    static func openCase(_ client: TestServer.Client, url: String = url) async throws -> Int {
        let opened = try await client.send(.post, "/v1/cases/reports", as: .matcher, json: #"{"reporter":"hotline desk","url":"\#(url)"}"#)
        return try #require((opened.object["review_case"] as? [String: Any])?["id"] as? Int)
    }

    @Test func anAssessedCaseIsReportedOnceAndCanBeRetracted() async throws {
        let standIn = CyberTiplineStandIn()
        try await standIn.application.test(.live) { standInClient in
            let port = try #require(standInClient.port)
            try await Self.server(port: port, standIn: standIn).run { client in
                let id = try await Self.openCase(client)
                let early = try await client.send(.post, "/v1/cases/\(id)/report", json: "{}")
                #expect(early.status == 400)
                #expect(early.errorCode == "not_reportable")
                #expect(early.errorMessage.contains("not been assessed"))
                #expect(standIn.calls.isEmpty, "nothing is sent for a case that cannot be reported")

                let assessed = try await client.send(.post, "/v1/cases/\(id)/assessments",
                                                     json: #"{"category":"C","age_band":"14-15","ai_generated":"unknown"}"#)
                #expect(assessed.status == 200, "\(assessed.body)")
                #expect(try await client.send(.post, "/v1/cases/\(id)/report", as: .matcher, json: "{}").status == 403)

                standIn.fail(.finish, with: .http500)
                let filed = try await client.send(.post, "/v1/cases/\(id)/report", json: #"{"hosting_country":"us"}"#)
                #expect(filed.status == 201, "\(filed.body)")
                #expect(filed.object["status"] as? String == "failed")
                #expect(filed.object["next_step"] as? String == "finish")
                #expect(filed.object["case_id"] as? Int == id)
                let reportID = try #require(filed.object["report_id"] as? String)
                let submissionID = try #require(filed.object["id"] as? String)
                let sent = try #require(standIn.reports[reportID])
                #expect(sent.xml.all("report/internetDetails/webPageIncident/url").map(\.text) == [Self.url])
                #expect(standIn.violations.isEmpty, "\(standIn.violations)")

                let again = try await client.send(.post, "/v1/cases/\(id)/report", json: "{}")
                #expect(again.status == 200)
                #expect(again.object["id"] as? String == submissionID, "one live report per case")

                let retracted = try await client.send(.post, "/v1/reports/\(submissionID)/retract")
                #expect(retracted.status == 200, "\(retracted.body)")
                #expect(retracted.object["status"] as? String == "retracted")
                #expect(standIn.reports[reportID]?.retracted == true)
                let twice = try await client.send(.post, "/v1/reports/\(submissionID)/retract")
                #expect(twice.status == 409)
                #expect(try await client.send(.get, "/v1/reports/\(submissionID)").object["status"] as? String == "retracted")
                #expect(try await client.send(.get, "/v1/reports/unknown-id").status == 404)
            }
        }
    }

    @Test func aStoppedReportIsResumed() async throws {
        let standIn = CyberTiplineStandIn()
        try await standIn.application.test(.live) { standInClient in
            let port = try #require(standInClient.port)
            try await Self.server(port: port, standIn: standIn).run { client in
                let id = try await Self.openCase(client)
                _ = try await client.send(.post, "/v1/cases/\(id)/assessments", json: #"{"category":"B","age_band":"11-13"}"#)
                standIn.fail(.submit, with: .http500)
                let filed = try await client.send(.post, "/v1/cases/\(id)/report", json: "{}")
                #expect(filed.object["status"] as? String == "failed")
                let submissionID = try #require(filed.object["id"] as? String)
                let resumed = try await client.send(.post, "/v1/reports/\(submissionID)/resume")
                #expect(resumed.status == 200, "\(resumed.body)")
                #expect(resumed.object["status"] as? String == "finished")
                #expect(standIn.reports.values.filter(\.finished).count == 1)
                #expect(standIn.violations.isEmpty, "\(standIn.violations)")
            }
        }
    }

    @Test func badRequestsAreClearErrors() async throws {
        let standIn = CyberTiplineStandIn()
        try await standIn.application.test(.live) { standInClient in
            let port = try #require(standInClient.port)
            try await Self.server(port: port, standIn: standIn).run { client in
                let id = try await Self.openCase(client)
                let malformed = try await client.send(.post, "/v1/cases/\(id)/report", json: "{not json")
                #expect(malformed.status == 400)
                #expect(malformed.errorCode == "invalid_json")
                let truncated = try await client.send(.post, "/v1/cases/\(id)/report", json: #"{"hosting_country":"U"#)
                #expect(truncated.status == 400)
                let wrongType = try await client.send(.post, "/v1/cases/\(id)/report", json: #"{"hosting_country":7}"#)
                #expect(wrongType.status == 400)
                #expect(wrongType.errorMessage.contains("hostingCountry") || wrongType.errorMessage.contains("hosting_country"))
                let oversized = try await client.send(.post, "/v1/cases/\(id)/report",
                                                      json: #"{"reported_url":""# + String(repeating: "a", count: 2 << 20) + #""}"#)
                #expect(oversized.status == 413)
                #expect(try await client.send(.post, "/v1/cases/abc/report", json: "{}").status == 400)
                #expect(try await client.send(.post, "/v1/cases/999999/report", json: "{}").status == 404)
                #expect(try await client.send(.post, "/v1/reports/\(String(repeating: "x", count: 300))/resume").status == 404)
                #expect(standIn.calls.isEmpty, "nothing reached the endpoint")
            }
        }
    }

    @Test func aServerWithoutReportingSaysSo() async throws {
        try await TestServer.make().run { client in
            let id = try await Self.openCase(client)
            let refused = try await client.send(.post, "/v1/cases/\(id)/report", json: "{}")
            #expect(refused.status == 409)
            #expect(refused.errorCode == "reporting_not_configured")
        }
    }
}

/// The same from the review UI: "Report this case", then resume from the reports page.
@Suite struct CaseReportUITests {
    @Test func reportThisCaseThenResumeFromTheReportsPage() async throws {
        let standIn = CyberTiplineStandIn()
        try await standIn.application.test(.live) { standInClient in
            let port = try #require(standInClient.port)
            try await CaseReportRouteTests.server(port: port, standIn: standIn).run { client in
                let id = try await CaseReportRouteTests.openCase(client)
                _ = try await client.send(.post, "/v1/cases/\(id)/assessments", json: #"{"category":"C","age_band":"16-17"}"#)
                let session = try #require(try await ReviewUISessionTests.signIn(client, role: .admin).session)
                let cookies = [ReviewUI.sessionCookie: session]
                let headers = ReviewUISessionTests.formHeaders(cookies: cookies)

                let page = try await client.send(.get, "/ui/cases/\(id)", as: nil, headers: headers)
                #expect(page.body.contains("Report this case"))
                let token = try #require(ReviewUISessionTests.formToken(in: page.body))
                standIn.fail(.finish, with: .http500)
                let posted = try await client.send(.post, "/ui/cases/\(id)/report", as: nil,
                                                   bytes: ReviewUISessionTests.form([("form_token", token), ("hosting_country", "")]),
                                                   headers: headers)
                #expect(posted.status == 303)
                let location = try #require(posted.headers[.location])
                #expect(location.hasPrefix("/ui/reports?notice=filed&id="))

                let reports = try await client.send(.get, location, as: nil, headers: headers)
                #expect(reports.body.contains("filed: failed, next: finish"))
                #expect(reports.body.contains("Resume ") && reports.body.contains("Retract "))
                let submissionID = String(location.dropFirst("/ui/reports?notice=filed&id=".count))
                let resumeToken = try #require(ReviewUISessionTests.formToken(in: reports.body))
                let resumed = try await client.send(.post, "/ui/reports/\(submissionID)/resume", as: nil,
                                                    bytes: ReviewUISessionTests.form([("form_token", resumeToken)]), headers: headers)
                #expect(resumed.status == 303)
                let after = try await client.send(.get, try #require(resumed.headers[.location]), as: nil, headers: headers)
                #expect(after.body.contains("resumed: finished"))
                #expect(!after.body.contains("Resume \(submissionID)"), "a finished report offers no actions")
                #expect(standIn.reports.values.filter(\.finished).count == 1)

                let casePage = try await client.send(.get, "/ui/cases/\(id)", as: nil, headers: headers)
                #expect(casePage.body.contains("report \(submissionID)"))
                #expect(!casePage.body.contains("Report this case"), "a reported case offers no second report")
            }
        }
    }

    @Test func withoutReportingTheCasePageSaysSo() async throws {
        try await TestServer.make().run { client in
            let id = try await CaseReportRouteTests.openCase(client)
            let session = try #require(try await ReviewUISessionTests.signIn(client, role: .admin).session)
            let page = try await client.send(.get, "/ui/cases/\(id)", as: nil,
                                             headers: ReviewUISessionTests.formHeaders(cookies: [ReviewUI.sessionCookie: session]))
            #expect(page.body.contains("This server files no reports"))
            #expect(!page.body.contains("Report this case"))
        }
    }
}

/// `serve --reporting FILE`: what is read, and errors that name the file and the field.
@Suite struct CaseReportingConfigurationTests {
    static let valid = """
        {"endpoint": "https://exttest.cybertip.org/ispws", "username": "example-esp", "password_env": "TEST_REPORTING_PASSWORD",
         "reporter": {"company_name": "Example", "contact_first_name": "Sam", "contact_last_name": "Lee", "contact_email": "safety@example.org"},
         "default_hosting_country": "gb",
         "routing": {"default": {"kind": "inhope_hotline", "name": "INHOPE"}, "countries": {"US": {"kind": "ncmec_cybertipline", "name": "NCMEC CyberTipline"}}}}
        """

    private func load(_ text: String, environment: [String: String] = ["TEST_REPORTING_PASSWORD": "secret"]) throws -> CaseReportingConfiguration {
        let path = NSTemporaryDirectory() + "reporting-\(UUID().uuidString).json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try CaseReportingConfiguration.load(path: path, environment: environment)
    }

    @Test func aValidFileIsRead() throws {
        let configuration = try load(Self.valid)
        #expect(configuration.endpoint.password == "secret")
        #expect(configuration.reporter.companyName == "Example")
        #expect(configuration.defaultHostingCountry == "GB")
        #expect(try configuration.routing.destination(forCountry: "US").kind == .ncmecCyberTipline)
        #expect(try configuration.routing.destination(forCountry: "FR").kind == .inhopeHotline)
    }

    @Test func problemsNameTheField() throws {
        func message(_ text: String, environment: [String: String] = ["TEST_REPORTING_PASSWORD": "secret"]) -> String {
            do {
                _ = try load(text, environment: environment)
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        #expect(message(Self.valid, environment: [:]).contains("$TEST_REPORTING_PASSWORD"))
        #expect(message(Self.valid.replacingOccurrences(of: "\"gb\"", with: "\"XX\"")).contains("default_hosting_country"))
        #expect(message(Self.valid.replacingOccurrences(of: "https://exttest", with: "ftp://exttest")).contains("endpoint"))
        #expect(message(Self.valid.replacingOccurrences(of: "inhope_hotline", with: "pigeon")).contains("routing"))
        #expect(message("{\"endpoint\": 3").contains("not the expected JSON"))
        #expect(throws: BulwarkError.self) { try CaseReportingConfiguration.load(path: "/nonexistent/reporting.json") }
        #expect(message(Self.valid + String(repeating: " ", count: CaseReportingConfiguration.maximumFileBytes)).contains("limit"))
    }
}
