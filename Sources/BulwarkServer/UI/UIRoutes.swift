import BulwarkCore
import Foundation
import HTTPTypes
import Hummingbird
import Store

/// The review UI's routes: sign-in and sign-out, static assets, and the pages.
enum UIRoutes {
    static func register(on router: Router<BulwarkRequestContext>, ui: ReviewUI) {
        router.get("/ui") { _, _ in UIResponses.redirect(to: "/ui/queue") }
        router.get("/ui/static/app.css") { _, _ in UIResponses.asset(UIAssets.stylesheet, contentType: "text/css; charset=utf-8") }
        router.get("/ui/static/app.js") { _, _ in UIResponses.asset(UIAssets.script, contentType: "text/javascript; charset=utf-8") }
        router.get("/ui/login") { request, _ in ui.loginPage(request) }
        router.post("/ui/login") { request, _ in await ui.login(request) }
        router.post("/ui/logout") { request, _ in
            await ui.signedInPost(request) { session, _ in
                ui.sessions.end(id: session.id)
                var response = UIResponses.redirect(to: "/ui/login")
                response.setCookie(ReviewUI.expiredCookie(ReviewUI.sessionCookie))
                return response
            }
        }
        router.get("/ui/queue") { request, _ in
            await ui.signedIn(request) { session in try await ui.queuePage(session, request: request) }
        }
        router.get("/ui/cases/:case") { request, context in
            await ui.signedIn(request) { session in
                let notice = request.uri.queryParameters["notice"] == "assessed" ? "Assessment recorded." : nil
                return try await ui.casePage(session, id: try CaseRequestValues.caseID(context), notice: notice)
            }
        }
        router.get("/ui/cases/:case/media/:item") { request, context in
            await ui.signedIn(request) { session in
                try await ui.media(session, id: try CaseRequestValues.caseID(context), item: context.parameters.get("item") ?? "")
            }
        }
        router.post("/ui/cases/:case/assess") { request, context in
            await ui.signedInPost(request) { session, form in try await ui.assess(session, id: try CaseRequestValues.caseID(context), form: form) }
        }
        router.post("/ui/cases/:case/reveal") { request, context in
            await ui.signedInPost(request) { session, _ in try await ui.reveal(session, id: try CaseRequestValues.caseID(context), request: request) }
        }
        router.post("/ui/cases/:case/report") { request, context in
            await ui.signedInPost(request) { session, form in
                try await ui.reportCase(session, id: try CaseRequestValues.caseID(context), form: form)
            }
        }
        router.get("/ui/reports") { request, _ in
            await ui.signedIn(request) { session in try await ui.reportsPage(session, notice: try await ui.reportNotice(request)) }
        }
        router.post("/ui/reports/:report/resume") { request, context in
            await ui.signedInPost(request) { session, _ in
                try await ui.continueReport(session, id: context.parameters.get("report") ?? "", retract: false)
            }
        }
        router.post("/ui/reports/:report/retract") { request, context in
            await ui.signedInPost(request) { session, _ in
                try await ui.continueReport(session, id: context.parameters.get("report") ?? "", retract: true)
            }
        }
        router.get("/ui/audit") { request, _ in
            await ui.signedIn(request) { session in try await ui.auditPage(session, request: request) }
        }
        router.get("/ui/banks") { request, _ in
            await ui.signedIn(request) { session in try await ui.banksPage(session) }
        }
    }
}

extension ReviewUI {
    /// The sign-in form, paired with its post by a random token in a short-lived cookie.
    func loginPage(_ request: Request, problem: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        if problem == nil, session(of: request) != nil { return UIResponses.redirect(to: "/ui/queue") }
        let token = WebSessions.randomToken()
        var response = page("login", title: "Sign in", session: nil, values: ["formToken": token], problem: problem, status: status)
        response.setCookie(Cookie(name: Self.loginCookie, value: token, maxAge: 600, path: "/ui", httpOnly: true, sameSite: .strict))
        return response
    }

    /// Checks the sign-in post (same origin, token matching its cookie, a live key of a
    /// reviewer role) and starts a session.
    func login(_ request: Request) async -> Response {
        do {
            guard Self.isSameOrigin(request) else {
                return loginPage(request, problem: "The sign-in form was posted from another site.", status: .forbidden)
            }
            let form = try await Self.form(of: request)
            guard let token = form["form_token"], let cookie = request.cookies[Self.loginCookie]?.value,
                  APIKeys.constantTimeEqual(token, cookie) else {
                return loginPage(request, problem: "The sign-in form expired or was not this server's. Try again.", status: .forbidden)
            }
            guard let text = form["key"], let key = try await keys.verify(text.trimmingWhitespace()) else {
                return loginPage(request, problem: "That API key is unknown or revoked.", status: .unauthorized)
            }
            guard Self.reviewerRoles.contains(key.role) else {
                return loginPage(request, problem: "A \(key.role.rawValue) key cannot use the review UI; use a reviewer or admin key.",
                                 status: .forbidden)
            }
            let session = sessions.start(for: key)
            var response = UIResponses.redirect(to: "/ui/queue")
            response.setCookie(Cookie(name: Self.sessionCookie, value: session.id, path: "/ui", httpOnly: true, sameSite: .strict))
            response.setCookie(Self.expiredCookie(Self.loginCookie))
            return response
        } catch {
            return loginPage(request, problem: APIError.from(error).message, status: APIError.from(error).status)
        }
    }

    /// A cookie that deletes `name`.
    static func expiredCookie(_ name: String) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/ui", httpOnly: true, sameSite: .strict)
    }

    /// Every bank with its counts.
    func banksPage(_ session: WebSessions.Session) async throws -> Response {
        var rows: [[String: Any]] = []
        for bank in try await services.banks.listBanks() {
            let counts = try await services.banks.counts(bankID: bank.id)
            rows.append([
                "id": bank.id, "name": bank.name, "entries": counts.entries, "tombstones": counts.tombstones,
                "enabled": bank.enabled ? "yes" : "no", "realVictims": bank.holdsKnownRealVictims ? "yes" : "no",
            ])
        }
        return page("banks", title: "Banks", session: session, values: ["banks": rows, "count": rows.count])
    }
}
