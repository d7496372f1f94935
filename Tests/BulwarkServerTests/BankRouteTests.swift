import Testing

@Suite struct BankRouteTests {
    @Test func createListReadUpdateDelete() async throws {
        try await TestServer.make().run { client in
            let created = try await client.send(.post, "/v1/banks", json: #"{"name":"list-one","description":"test list","holds_known_real_victims":true}"#)
            #expect(created.status == 201)
            let id = try #require(created.object["id"] as? Int)
            #expect(created.object["holds_known_real_victims"] as? Bool == true)
            #expect(created.object["enabled"] as? Bool == true)

            let list = try await client.send(.get, "/v1/banks", as: .reviewer)
            #expect(list.array.map { $0["name"] as? String } == ["list-one"])

            let byName = try await client.send(.get, "/v1/banks/list-one", as: .reviewer)
            #expect(byName.object["id"] as? Int == id)
            #expect(byName.object["entries"] as? Int == 0)

            let renamed = try await client.send(.patch, "/v1/banks/\(id)", json: #"{"name":"list-two","description":"renamed"}"#)
            #expect(renamed.status == 200)
            #expect(renamed.object["name"] as? String == "list-two")

            let disabled = try await client.send(.post, "/v1/banks/\(id)/disable")
            #expect(disabled.object["enabled"] as? Bool == false)
            let enabled = try await client.send(.post, "/v1/banks/\(id)/enable")
            #expect(enabled.object["enabled"] as? Bool == true)
            let patchedOff = try await client.send(.patch, "/v1/banks/\(id)", json: #"{"enabled":false}"#)
            #expect(patchedOff.object["enabled"] as? Bool == false)

            #expect(try await client.send(.delete, "/v1/banks/\(id)").status == 204)
            let gone = try await client.send(.get, "/v1/banks/\(id)")
            #expect(gone.status == 404)
            #expect(gone.errorCode == "not_found")
        }
    }

    @Test func badNamesUnknownBanksAndDuplicatesAreClear4xx() async throws {
        try await TestServer.make().run { client in
            #expect(try await client.send(.post, "/v1/banks", json: #"{"name":"dup"}"#).status == 201)
            let duplicate = try await client.send(.post, "/v1/banks", json: #"{"name":"dup"}"#)
            #expect(duplicate.status == 409)
            #expect(duplicate.errorMessage.contains("already exists"))

            let digits = try await client.send(.post, "/v1/banks", json: #"{"name":"12345"}"#)
            #expect(digits.status == 400)
            #expect(digits.errorMessage.contains("only digits"))

            let missing = try await client.send(.post, "/v1/banks", json: #"{"description":"no name"}"#)
            #expect(missing.status == 400)
            #expect(missing.errorCode == "invalid_json")
            #expect(missing.errorMessage.contains("name"))

            let malformed = try await client.send(.post, "/v1/banks", json: #"{"name": "#)
            #expect(malformed.status == 400)

            #expect(try await client.send(.get, "/v1/banks/999").status == 404)
            #expect(try await client.send(.patch, "/v1/banks/nope", json: #"{"enabled":true}"#).status == 404)
            #expect(try await client.send(.delete, "/v1/banks/999").status == 404)

            let unknownRoute = try await client.send(.get, "/v1/nothing-here")
            #expect(unknownRoute.status == 404)
            #expect(unknownRoute.errorCode == "not_found")
        }
    }
}
