import BulwarkCore
import Foundation
import Hummingbird
import Store

/// `/v1/banks`: create, list, read, update (rename, describe, enable/disable, flag), delete.
enum BankRoutes {
    static func register(_ routes: RouteRegistry, _ services: BulwarkServices) {
        let store = services.banks
        let matcher = services.matcher
        let limit = services.configuration.maxJSONBytes

        routes.add(.get, "/v1/banks", permission: .readBanks) { _, _ in
            try JSONIO.response(try await store.listBanks().map { BankView($0) })
        }
        routes.add(.post, "/v1/banks", permission: .writeBanks) { request, _ in
            let body = try await JSONIO.decode(CreateBankBody.self, from: request, limit: limit)
            let bank = try await store.createBank(BankDraft(
                name: body.name, enabled: body.enabled ?? true, holdsKnownRealVictims: body.holdsKnownRealVictims ?? false,
                description: body.description ?? ""))
            try await matcher.bankChanged(id: bank.id)
            return try JSONIO.response(BankView(bank), status: .created)
        }
        routes.add(.get, "/v1/banks/{bank}", permission: .readBanks) { _, context in
            let bank = try await BankRoutes.bank(context, store)
            return try JSONIO.response(BankView(bank, counts: try await store.counts(bankID: bank.id)))
        }
        routes.add(.patch, "/v1/banks/{bank}", permission: .writeBanks) { request, context in
            let bank = try await BankRoutes.bank(context, store)
            let body = try await JSONIO.decode(UpdateBankBody.self, from: request, limit: limit)
            let updated = try await store.updateBank(id: bank.id, BankChanges(
                name: body.name, enabled: body.enabled, holdsKnownRealVictims: body.holdsKnownRealVictims,
                description: body.description))
            try await matcher.bankChanged(id: bank.id)
            return try JSONIO.response(BankView(updated))
        }
        for (action, enabled) in [("enable", true), ("disable", false)] {
            routes.add(.post, "/v1/banks/{bank}/\(action)", permission: .writeBanks) { _, context in
                let bank = try await BankRoutes.bank(context, store)
                let updated = try await store.setBankEnabled(id: bank.id, enabled)
                try await matcher.bankChanged(id: bank.id)
                return try JSONIO.response(BankView(updated))
            }
        }
        routes.add(.delete, "/v1/banks/{bank}", permission: .writeBanks) { _, context in
            let bank = try await BankRoutes.bank(context, store)
            try await store.deleteBank(id: bank.id)
            try await matcher.bankDeleted(id: bank.id)
            return Response(status: .noContent)
        }
    }

    /// The bank the `{bank}` path parameter names: an id, or a name. 404 if none.
    static func bank(_ context: BulwarkRequestContext, _ store: any BankStore) async throws -> Bank {
        let reference = try context.parameters.require("bank")
        let decoded = reference.removingPercentEncoding ?? reference
        return try await store.bank(reference: decoded)
    }
}
