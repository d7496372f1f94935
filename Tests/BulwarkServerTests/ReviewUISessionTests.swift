import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Store
import Testing
import Cases
@testable import BulwarkServer

/// Signing in to the review UI, and the guards on its forms, over the router.
@Suite("Review UI sessions and form guards")
struct ReviewUISessionTests {
    /// The value of cookie `name` set by `reply`, if any.
    static func cookie(_ name: String, in reply: TestServer.Reply) -> String? {
        for value in reply.headers[values: .setCookie] where value.hasPrefix(name + "=") {
            return String(value.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }

    /// The first `form_token` value in a page.
    static func formToken(in body: String) -> String? {
        guard let range = body.range(of: #"name="form_token" value=""#) else { return nil }
        return String(body[range.upperBound...].prefix { $0 != "\"" })
    }

    static func form(_ fields: [(String, String)]) -> [UInt8] {
        let allowed = CharacterSet.alphanumerics
        return Array(fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&").utf8)
    }

    static func formHeaders(cookies: [String: String], origin: String? = nil) -> HTTPFields {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        if let origin { headers[HTTPField.Name("Origin")!] = origin }
        return headers
    }

    /// Signs in with `role`'s key and returns the session cookie (nil if refused) and the reply.
    static func signIn(_ client: TestServer.Client, role: APIRole, key: String? = nil, origin: String? = nil) async throws
        -> (session: String?, reply: TestServer.Reply) {
        let page = try await client.send(.get, "/ui/login", as: nil)
        let login = try #require(cookie(ReviewUI.loginCookie, in: page))
        let token = try #require(formToken(in: page.body))
        let reply = try await client.send(.post, "/ui/login", as: nil,
                                          bytes: form([("form_token", token), ("key", key ?? client.keys[role] ?? "")]),
                                          headers: formHeaders(cookies: [ReviewUI.loginCookie: login], origin: origin))
        return (cookie(ReviewUI.sessionCookie, in: reply), reply)
    }

    @Test("every template compiles and renders")
    func templatesCompile() throws {
        let library = try UITemplates.library()
        for (name, _) in UITemplates.sources {
            #expect(!(library.render(["title": "t"], withTemplate: name) ?? "").isEmpty, "\(name)")
        }
    }

    @Test("form bodies: plus and percent decoding, repeated names, bad encoding and too many fields refused")
    func formFields() throws {
        let fields = try FormFields("a=1+2&b=%C3%A9%26&c=x&c=y&empty=&flag")
        #expect(fields["a"] == "1 2")
        #expect(fields["b"] == "é&")
        #expect(fields.all("c") == ["x", "y"])
        #expect(fields["empty"] == "")
        #expect(fields["flag"] == "")
        #expect(throws: APIError.self) { try FormFields("a=%ZZ") }
        #expect(throws: APIError.self) { try FormFields((0...200).map { "f\($0)=1" }.joined(separator: "&")) }
    }

    @Test("a reviewer or admin signs in; other roles, unknown keys and foreign posts are refused")
    func signInRules() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            for role in [APIRole.reviewer, .admin] {
                let (session, reply) = try await Self.signIn(client, role: role)
                #expect(reply.status == 303)
                #expect(reply.headers[.location] == "/ui/queue")
                #expect(session != nil)
                let setCookie = reply.headers[values: .setCookie].first { $0.hasPrefix(ReviewUI.sessionCookie) } ?? ""
                #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
            }
            for role in [APIRole.matcher, .curator] {
                let (session, reply) = try await Self.signIn(client, role: role)
                #expect(reply.status == 403)
                #expect(session == nil)
            }
            let unknown = try await Self.signIn(client, role: .reviewer, key: "bwk_0123456789abcdef_" + String(repeating: "0", count: 64))
            #expect(unknown.reply.status == 401)
            let foreign = try await Self.signIn(client, role: .reviewer, origin: "https://elsewhere.example")
            #expect(foreign.reply.status == 403)
            #expect(foreign.session == nil)
            // A sign-in post without the form's own cookie is refused.
            let page = try await client.send(.get, "/ui/login", as: nil)
            let token = try #require(Self.formToken(in: page.body))
            let bare = try await client.send(.post, "/ui/login", as: nil, bytes: Self.form([("form_token", token), ("key", client.keys[.reviewer]!)]),
                                             headers: Self.formHeaders(cookies: [:]))
            #expect(bare.status == 403)
        }
    }

    @Test("pages need a session; forged, foreign and replayed posts get 403")
    func guards() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let anonymous = try await client.send(.get, "/ui/banks", as: nil)
            #expect(anonymous.status == 303)
            #expect(anonymous.headers[.location] == "/ui/login")

            let session = try #require(try await Self.signIn(client, role: .reviewer).session)
            let cookies = [ReviewUI.sessionCookie: session]
            let banks = try await client.send(.get, "/ui/banks", as: nil, headers: Self.formHeaders(cookies: cookies))
            #expect(banks.status == 200)
            #expect(banks.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(banks.headers[.cacheControl] == "no-store")
            let token = try #require(Self.formToken(in: banks.body))

            // No token: forged.
            let forged = try await client.send(.post, "/ui/logout", as: nil, bytes: Self.form([("x", "1")]), headers: Self.formHeaders(cookies: cookies))
            #expect(forged.status == 403)
            // A made-up token.
            let madeUp = try await client.send(.post, "/ui/logout", as: nil, bytes: Self.form([("form_token", String(repeating: "a", count: 64))]),
                                               headers: Self.formHeaders(cookies: cookies))
            #expect(madeUp.status == 403)
            // The right token from another site.
            let foreign = try await client.send(.post, "/ui/logout", as: nil, bytes: Self.form([("form_token", token)]),
                                                headers: Self.formHeaders(cookies: cookies, origin: "https://elsewhere.example"))
            #expect(foreign.status == 403)
            // The session is still signed in after all that; the real post signs out once.
            let out = try await client.send(.post, "/ui/logout", as: nil, bytes: Self.form([("form_token", token)]), headers: Self.formHeaders(cookies: cookies))
            #expect(out.status == 303)
            let again = try await client.send(.get, "/ui/banks", as: nil, headers: Self.formHeaders(cookies: cookies))
            #expect(again.status == 303)
        }
    }
}

extension ReviewUISessionTests {
    @Test("the server's own assessment scheme and deadline clocks apply, and the queue warns of cases due soon")
    func configuredSchemeDeadlinesAndDueSoon() async throws {
        var scheme = Cases.AssessmentScheme.iwfDefault
        scheme.categories = ["X", "Y"]
        scheme.secondOpinion = []
        let configuration = ServerConfiguration(
            port: 0, assessmentScheme: scheme, deadlines: Cases.DeadlinePolicy(hoursByKind: [:], defaultHours: 1))
        let server = try await TestServer.make(configuration: configuration)
        try await server.run { client in
            let opened = try await client.send(.post, "/v1/cases/reports", as: .matcher, json: #"{"reporter":"desk","url":"https://example.org/x"}"#)
            #expect(opened.status == 201)
            let id = try #require((opened.object["review_case"] as? [String: Any])?["id"] as? Int)
            let unknown = try await client.send(.post, "/v1/cases/\(id)/assessments", as: .admin, json: #"{"category":"A","age_band":"14-15"}"#)
            #expect(unknown.status == 400, "category A is not in this server's scheme")
            let known = try await client.send(.post, "/v1/cases/\(id)/assessments", as: .admin, json: #"{"category":"X","age_band":"14-15"}"#)
            #expect(known.status == 200, "\(known.body)")

            let session = try #require(try await Self.signIn(client, role: .admin).session)
            let queue = try await client.send(.get, "/ui/queue", as: nil, headers: Self.formHeaders(cookies: [ReviewUI.sessionCookie: session]))
            #expect(queue.body.contains("1 due within 4 hours"), "a one-hour clock puts the case among those due soon")
            let dueSoon = try await client.send(.get, "/ui/queue?view=due-soon", as: nil, headers: Self.formHeaders(cookies: [ReviewUI.sessionCookie: session]))
            #expect(dueSoon.body.contains("/ui/cases/\(id)"))
            let page = try await client.send(.get, "/ui/cases/\(id)", as: nil, headers: Self.formHeaders(cookies: [ReviewUI.sessionCookie: session]))
            #expect(page.body.contains("Category X") && !page.body.contains("Category A"))
        }
    }
}
