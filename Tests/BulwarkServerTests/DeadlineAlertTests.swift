import BulwarkServer
import Cases
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Case deadline alerts reach webhooks subscribed to `case.deadline` once per case and
/// threshold, across instances, are re-sent when nobody took them, and carry no content.
@Suite struct DeadlineAlertTests {
    /// Every open case counts as due soon with this window.
    static let wideWindow: TimeInterval = 30 * 86400

    @Test func alertsGoOnceToSubscribedEndpointsOnly() async throws {
        let alerts = Receiver(secret: "alerts-secret-0123456789", failures: 0)
        let matches = Receiver(secret: "matches-secret-0123456789", failures: 0)
        try await alerts.application.test(.live) { alertClient in
            try await matches.application.test(.live) { matchClient in
                let alertPort = try #require(alertClient.port), matchPort = try #require(matchClient.port)
                let server = try await TestServer.make(configuration: WebhookTests.fastRetries)
                try await server.run { client in
                    let notifier = DeadlineAlertNotifier(cases: server.services.cases, webhooks: server.services.webhooks,
                                                         window: Self.wideWindow, claimant: "instance-a")
                    let opened = try await client.send(.post, "/v1/cases/reports", as: .matcher,
                                                       json: #"{"reporter":"hotline desk","url":"https://example.org/item/1"}"#)
                    #expect(opened.status == 201)
                    let caseID = try #require((opened.object["review_case"] as? [String: Any])?["id"] as? Int)

                    // Nobody subscribed yet: nothing is claimed, so a later subscriber still hears of it.
                    #expect(try await notifier.runRound() == nil)

                    let bad = try await client.send(.post, "/v1/webhooks", json: #"{"url":"http://127.0.0.1:\#(alertPort)/hook","events":["case.deadlines"]}"#)
                    #expect(bad.status == 400)
                    #expect(bad.body.contains("case.deadlines"))
                    let none = try await client.send(.post, "/v1/webhooks", json: #"{"url":"http://127.0.0.1:\#(alertPort)/hook","events":[]}"#)
                    #expect(none.status == 400)
                    #expect(none.body.contains("at least one event"))
                    let subscribed = try await client.send(.post, "/v1/webhooks", json: """
                        {"url":"http://127.0.0.1:\(alertPort)/hook","secret":"\(alerts.secret)","events":["case.deadline"]}
                        """)
                    #expect(subscribed.status == 201)
                    #expect(subscribed.object["events"] as? [String] == ["case.deadline"])
                    let matchOnly = try await client.send(.post, "/v1/webhooks", json: #"{"url":"http://127.0.0.1:\#(matchPort)/hook","secret":"\#(matches.secret)"}"#)
                    #expect(matchOnly.object["events"] as? [String] == ["match"])

                    let run = try #require(try await notifier.runRound())
                    #expect(run.sent.map(\.caseID) == [Int64(caseID)])
                    #expect(run.sent.first?.threshold == .dueSoon)
                    let delivery = try #require(alerts.deliveries.first)
                    #expect(alerts.deliveries.count == 1 && delivery.signatureValid)
                    let event = try #require(try JSONSerialization.jsonObject(with: Data(delivery.body.utf8)) as? [String: Any])
                    #expect(event["event"] as? String == "case.deadline")
                    #expect(event["case_id"] as? Int == caseID)
                    #expect(event["threshold"] as? String == "due-soon")
                    #expect(event["path"] as? String == "/ui/cases/\(caseID)")
                    #expect(!delivery.body.contains("example.org"), "an alert carries no URL or content")
                    #expect(matches.deliveries.isEmpty, "a match-only endpoint gets no alerts")

                    // Once: neither this instance nor another sends it again.
                    #expect(try await notifier.runRound()?.sent.isEmpty == true)
                    let other = DeadlineAlertNotifier(cases: server.services.cases, webhooks: server.services.webhooks,
                                                      window: Self.wideWindow, claimant: "instance-b")
                    #expect(try await other.runRound()?.sent.isEmpty == true)
                    #expect(alerts.deliveries.count == 1)
                }
            }
        }
    }

    @Test func anAlertNobodyTookIsSentAgainLater() async throws {
        let alerts = Receiver(secret: "alerts-secret-abcdefghij", failures: 3)
        try await alerts.application.test(.live) { alertClient in
            let port = try #require(alertClient.port)
            let server = try await TestServer.make(configuration: WebhookTests.fastRetries)
            try await server.run { client in
                let notifier = DeadlineAlertNotifier(cases: server.services.cases, webhooks: server.services.webhooks,
                                                     window: Self.wideWindow, claimant: "instance-a")
                _ = try await client.send(.post, "/v1/webhooks", json: """
                    {"url":"http://127.0.0.1:\(port)/hook","secret":"\(alerts.secret)","events":["case.deadline","match"]}
                    """)
                let opened = try await client.send(.post, "/v1/cases/reports", as: .matcher, json: #"{"reporter":"desk","url":"https://example.org/2"}"#)
                #expect(opened.status == 201)

                let failed = try #require(try await notifier.runRound())
                #expect(failed.sent.isEmpty && failed.released.count == 1, "every attempt failed: the claim is given back")
                #expect(alerts.deliveries.count == 3)
                let letters = try await client.send(.get, "/v1/webhooks/dead-letters")
                #expect((letters.object["items"] as? [Any])?.isEmpty == true, "a released alert is retried by the next round, not dead-lettered")

                let retried = try #require(try await notifier.runRound())
                #expect(retried.sent.count == 1)
                #expect(alerts.deliveries.count == 4)
                #expect(alerts.deliveries.allSatisfy { $0.signatureValid })
            }
        }
    }
}
