import ArgumentParser
import BulwarkServer
import Foundation
import Store

/// `bulwark webhooks add|list|remove|dead-letters`: endpoints that receive signed match
/// events from `bulwark serve`.
struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks", abstract: "Configure webhooks (matches, case deadline alerts) and inspect dead letters.",
        discussion: """
            An endpoint is sent the event kinds it subscribes to: "match" (the default) and \
            "case.deadline" (a review case due within the alert window, or overdue; ids, team and \
            times only). Each event is POSTed as JSON with X-Bulwark-Timestamp and X-Bulwark-Signature (hex \
            HMAC-SHA256 with the endpoint's secret over "<timestamp>.<body>"). Failed deliveries are \
            retried with exponential backoff; after the last attempt they go to the dead-letter list.
            """,
        subcommands: [Add.self, List.self, Remove.self, DeadLetters.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an endpoint; prints its signing secret once.")
        @Argument(help: "http(s) URL of the receiver.") var url: String
        @Option(help: "Signing secret (default: 32 random bytes in hex).") var secret: String?
        @Option(name: .customLong("event"), help: "An event kind to send: match or case.deadline (repeatable; default match).")
        var events: [String] = []
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let url = try WebhookURL.validated(url)
            let secret = secret ?? WebhookURL.randomSecret()
            let kinds = try WebhookEventKind.list(events.isEmpty ? [WebhookEventKind.match.rawValue] : events)
            let endpoint = try await store.withServiceStore { try await $0.createWebhook(url: url, secret: secret, events: kinds) }
            print("webhook \(endpoint.id): \(endpoint.url) (\(endpoint.events.sorted().map(\.rawValue).joined(separator: ", ")))\nsecret: \(secret)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List endpoints.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            for endpoint in try await store.withServiceStore({ try await $0.listWebhooks() }) {
                let events = endpoint.events.sorted().map(\.rawValue).joined(separator: ",")
                print("\(endpoint.id)\t\(endpoint.url)\t\(events)\t\(endpoint.createdAt.formatted(.iso8601))")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an endpoint.")
        @Argument var id: Int64
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await store.withServiceStore { try await $0.deleteWebhook(id: id) }
            print("removed webhook \(id)")
        }
    }

    struct DeadLetters: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "dead-letters", abstract: "List deliveries that failed every attempt.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            for letter in try await store.withServiceStore({ try await $0.listDeadLetters(afterID: 0, limit: 10_000) }) {
                print("\(letter.id)\twebhook \(letter.webhookID)\t\(letter.url)\t\(letter.attempts) attempts\t\(letter.lastError)")
            }
        }
    }
}
