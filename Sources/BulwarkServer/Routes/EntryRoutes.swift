import BulwarkCore
import Hummingbird
import Store

/// `/v1/banks/{bank}/entries` and `/tombstones`: add, page through, remove (leaving a tombstone).
enum EntryRoutes {
    static let maxPage = 10_000

    static func register(_ routes: RouteRegistry, _ services: BulwarkServices) {
        let store = services.banks
        let matcher = services.matcher
        let limit = services.configuration.maxJSONBytes

        routes.add(.get, "/v1/banks/{bank}/entries", permission: .readBanks) { request, context in
            let bank = try await BankRoutes.bank(context, store)
            let after = try request.intQuery("after", in: Int64(0)...Int64.max) ?? 0
            let size = try request.intQuery("limit", in: 1...maxPage) ?? 1000
            let entries = try await store.entries(bankID: bank.id, afterID: after, limit: size + 1)
            return try JSONIO.response(Page(lookahead: entries, limit: size, id: \.id))
        }
        routes.add(.post, "/v1/banks/{bank}/entries", permission: .writeBanks) { request, context in
            let bank = try await BankRoutes.bank(context, store)
            let body = try await JSONIO.decode(AddEntryBody.self, from: request, limit: limit)
            let type = SignalType(body.signalType.trimmingWhitespace())
            guard ImportOptions.standardTypes.contains(type) else {
                let known = ImportOptions.standardTypes.map(\.rawValue).sorted().joined(separator: ", ")
                throw APIError.badRequest("signal_type: unknown type \"\(body.signalType.prefix(40))\" (accepted: \(known))")
            }
            var ai = AIGenerated.unknown
            if let label = body.aiGenerated {
                guard let parsed = AIGenerated(label: label) else {
                    throw APIError.badRequest("ai_generated: \"\(label.prefix(40))\" is not yes, no or unknown")
                }
                ai = parsed
            }
            let signal = try Signal.validated(type: type, value: body.value)
            let entry = try await store.addEntry(bankID: bank.id, EntryDraft(
                signal: signal, labels: EntryLabels(source: body.source, category: body.category, aiGenerated: ai, note: body.note)))
            try matcher.entryAdded(entry)
            return try JSONIO.response(entry, status: .created)
        }
        routes.add(.delete, "/v1/banks/{bank}/entries/{entry}", permission: .writeBanks) { request, context in
            let bank = try await BankRoutes.bank(context, store)
            guard let entryID = Int64(try context.parameters.require("entry")) else {
                throw APIError.badRequest("entry id must be a whole number")
            }
            let reason = request.query("reason") ?? "removed via API by key \(context.apiKey?.name ?? "?")"
            let tombstone = try await store.removeEntry(bankID: bank.id, entryID: entryID, reason: reason)
            matcher.entryRemoved(tombstone)
            return try JSONIO.response(tombstone)
        }
        routes.add(.get, "/v1/banks/{bank}/tombstones", permission: .readBanks) { request, context in
            let bank = try await BankRoutes.bank(context, store)
            let after = try request.intQuery("after", in: Int64(0)...Int64.max) ?? 0
            let size = try request.intQuery("limit", in: 1...maxPage) ?? 1000
            let tombstones = try await store.tombstones(bankID: bank.id, afterID: after, limit: size + 1)
            return try JSONIO.response(Page(lookahead: tombstones, limit: size, id: \.id))
        }
    }
}
