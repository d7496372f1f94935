import BulwarkCore
import Foundation
import Pipeline
import Provenance
import Store
import TextSafety

/// `POST /v1/banks` body.
struct CreateBankBody: Decodable {
    var name: String
    var description: String?
    var enabled: Bool?
    var holdsKnownRealVictims: Bool?
}

/// `PATCH /v1/banks/{bank}` body: fields left out stay as they are.
struct UpdateBankBody: Decodable {
    var name: String?
    var description: String?
    var enabled: Bool?
    var holdsKnownRealVictims: Bool?
}

/// A bank with its counts.
struct BankView: Encodable {
    var id: Int64
    var name: String
    var enabled: Bool
    var holdsKnownRealVictims: Bool
    var description: String
    var createdAt: Date
    var updatedAt: Date
    var entries: Int?
    var entriesByType: [String: Int]?
    var tombstones: Int?

    init(_ bank: Bank, counts: BankCounts? = nil) {
        id = bank.id
        name = bank.name
        enabled = bank.enabled
        holdsKnownRealVictims = bank.holdsKnownRealVictims
        description = bank.description
        createdAt = bank.createdAt
        updatedAt = bank.updatedAt
        entries = counts?.entries
        entriesByType = counts.map { Dictionary(uniqueKeysWithValues: $0.entriesByType.map { ($0.key.rawValue, $0.value) }) }
        tombstones = counts?.tombstones
    }
}

/// `POST /v1/banks/{bank}/entries` body.
struct AddEntryBody: Decodable {
    var signalType: String
    var value: String
    var source: String?
    var category: String?
    var aiGenerated: String?
    var note: String?
}

/// A page of a keyset-paged list; pass `next_after` as `after` for the next page. It is
/// absent on the last page.
struct Page<Item: Encodable>: Encodable {
    var items: [Item]
    var nextAfter: Int64?

    /// The page from a read of `limit + 1` rows: the extra row only tells that more exist.
    init(lookahead rows: [Item], limit: Int, id: (Item) -> Int64) {
        items = Array(rows.prefix(limit))
        nextAfter = rows.count > limit ? items.last.map(id) : nil
    }
}

/// `POST /v1/match/hash` body.
struct MatchHashBody: Decodable {
    struct Item: Decodable {
        var type: String
        var value: String
        var quality: Int?
    }
    var signals: [Item]
    var threshold: Int?
}

/// `POST /v1/compare` body.
struct CompareBody: Decodable {
    var a: String
    var b: String
    var threshold: Int?
}

struct CompareResult: Encodable {
    var distance: Int
    var threshold: Int
    var match: Bool
}

/// The answer of `/v1/hash`.
struct HashAnswer: Encodable {
    var hash: HashRecord
    var decodeProblem: String?
}

/// The answer of `/v1/match/upload`. `decision` joins the bank matches' decision with the
/// provenance decision (declared AI generation, prompts that trip the text rules), which is
/// also given on its own as `provenance_decision`.
struct UploadAnswer: Encodable {
    var hash: HashRecord
    var decodeProblem: String?
    var matches: [BankMatch]
    var decision: Decision
    var ignored: [IgnoredSignal]
    var provenance: ProvenanceReport
    var provenanceDecision: Decision
}

/// `POST /v1/text/check` body. With `user`, the attempt is recorded in that user's session.
struct TextCheckBody: Decodable {
    var text: String
    var user: String?
}

/// The answer of `/v1/text/check`: the text check's fields, plus `session` when a user was given.
struct TextCheckAnswer: Encodable {
    var result: TextCheckResult
    var session: SessionOutcome?

    private enum Keys: String, CodingKey { case session }

    func encode(to encoder: any Encoder) throws {
        try result.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encodeIfPresent(session, forKey: .session)
    }
}

/// The answer of `/v1/provenance`.
struct ProvenanceAnswer: Encodable {
    var report: ProvenanceReport
    var decision: Decision
}

/// `POST /v1/webhooks` body. Without a secret, a random one is made and returned once.
struct CreateWebhookBody: Decodable {
    var url: String
    var secret: String?
    /// Event kinds to send (default `["match"]`): `match`, `case.deadline`.
    var events: [String]?
}

/// A webhook as listed (the secret is never listed).
struct WebhookView: Encodable {
    var id: Int64
    var url: String
    var createdAt: Date
    /// The event kinds it is sent, sorted.
    var events: [String]
    /// Only in the answer to the create call.
    var secret: String?

    init(_ endpoint: WebhookEndpoint, showSecret: Bool) {
        id = endpoint.id
        url = endpoint.url
        createdAt = endpoint.createdAt
        events = endpoint.events.sorted().map(\.rawValue)
        secret = showSecret ? endpoint.secret : nil
    }
}

struct StatusAnswer: Encodable {
    var status: String
    var detail: String?
}
