import ArgumentParser
import BulwarkServer
import Foundation
import Store

/// `bulwark webhooks add|list|remove|dead-letters`: endpoints that receive signed match
/// events from `bulwark serve`.
struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks", abstract: "Configure match webhooks and inspect dead letters.",
        discussion: """
            Each match is POSTed as JSON with X-Bulwark-Timestamp and X-Bulwark-Signature (hex \
            HMAC-SHA256 with the endpoint's secret over "<timestamp>.<body>"). Failed deliveries are \
            retried with exponential backoff; after the last attempt they go to the dead-letter list.
            """,
        subcommands: [Add.self, List.self, Remove.self, DeadLetters.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an endpoint; prints its signing secret once.")
        @Argument(help: "http(s) URL of the receiver.") var url: String
        @Option(help: "Signing secret (default: 32 random bytes in hex).") var secret: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let url = try WebhookURL.validated(url)
            let secret = secret ?? WebhookURL.randomSecret()
            let endpoint = try await store.withServiceStore { try await $0.createWebhook(url: url, secret: secret) }
            print("webhook \(endpoint.id): \(endpoint.url)\nsecret: \(secret)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List endpoints.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            for endpoint in try await store.withServiceStore({ try await $0.listWebhooks() }) {
                print("\(endpoint.id)\t\(endpoint.url)\t\(endpoint.createdAt.formatted(.iso8601))")
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
