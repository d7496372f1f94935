import BulwarkCore
import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import Store

/// The reviewer web UI served by `bulwark serve` under `/ui`: pages rendered on the
/// server from ``UITemplates``, signed-in ``WebSessions``, and one-time form tokens on
/// every post.
///
/// Requests under `/ui` carry no API key header; ``AuthMiddleware`` lets them through and
/// this type checks the session cookie instead. Posts must also come from the UI's own
/// origin (when the browser says where they come from) and carry a form token the
/// session issued and has not used: forged and replayed posts get 403.
public final class ReviewUI: Sendable {
    /// The session cookie's name.
    public static let sessionCookie = "bulwark_session"
    /// The short-lived cookie pairing the sign-in form with its post.
    public static let loginCookie = "bulwark_login"
    /// Largest form body accepted, in bytes.
    static let maxFormBytes = 64 * 1024
    /// Roles that may sign in to the review UI.
    static let reviewerRoles: Set<APIRole> = [.admin, .reviewer]

    let sessions: WebSessions
    let library: MustacheLibrary
    let services: BulwarkServices
    let keys: APIKeys

    /// The UI over `services`. The templates are constants of this module (a test checks
    /// they all compile); a template that failed to compile renders as an error line.
    public init(services: BulwarkServices, sessions: WebSessions = WebSessions()) {
        self.services = services
        self.sessions = sessions
        library = (try? UITemplates.library()) ?? MustacheLibrary()
        keys = APIKeys(store: services.service)
    }

    // MARK: Rendering

    /// The page `template` rendered with `values` plus the header's values for `session`.
    func page(_ template: String, title: String, session: WebSessions.Session?, values: [String: Any] = [:],
              notice: String? = nil, problem: String? = nil, status: HTTPResponse.Status = .ok,
              extras: [String: Any] = [:]) -> Response {
        var context = values
        context["title"] = title
        context["page"] = template
        context["on" + template.prefix(1).uppercased() + template.dropFirst()] = true
        if let notice { context["notice"] = notice }
        if let problem { context["problem"] = problem }
        if let session {
            var header: [String: Any] = [
                "reviewer": session.key.name, "role": session.key.role.rawValue,
                "logoutToken": sessions.issueFormToken(sessionID: session.id) ?? "",
            ]
            for (key, value) in extras { header[key] = value }
            context["session"] = header
        }
        let body = library.render(context, withTemplate: template) ?? "template \(template) is missing"
        return UIResponses.html(body, status: status)
    }

    /// An error page.
    func errorPage(_ status: HTTPResponse.Status, heading: String, message: String, session: WebSessions.Session?) -> Response {
        page("error", title: heading, session: session, values: ["heading": heading, "message": message], status: status)
    }

    // MARK: Guards

    /// The signed-in session of `request`, or `nil`.
    func session(of request: Request) -> WebSessions.Session? {
        guard let id = request.cookies[Self.sessionCookie]?.value else { return nil }
        return sessions.session(id: id)
    }

    /// Runs `body` for a signed-in reviewer; anyone else goes to the sign-in page. Errors
    /// become HTML error pages with their status.
    func signedIn(_ request: Request, _ body: (WebSessions.Session) async throws -> Response) async -> Response {
        guard let session = session(of: request) else { return UIResponses.redirect(to: "/ui/login") }
        do {
            return try await body(session)
        } catch {
            let problem = APIError.from(error)
            return errorPage(problem.status, heading: Self.heading(for: problem.status), message: problem.message, session: session)
        }
    }

    /// Runs `body` for a post from a signed-in reviewer that carries an unused form token of
    /// the session and, when the browser names its origin, comes from this server.
    func signedInPost(_ request: Request, _ body: @escaping (WebSessions.Session, FormFields) async throws -> Response) async -> Response {
        guard session(of: request) != nil else {
            return errorPage(.forbidden, heading: "Not signed in", message: "Sign in again, then repeat the action.", session: nil)
        }
        return await signedIn(request) { session in
            guard Self.isSameOrigin(request) else {
                throw APIError(.forbidden, code: "cross_origin", message: "the form was posted from another site")
            }
            let form = try await Self.form(of: request)
            guard let token = form["form_token"], sessions.consumeFormToken(sessionID: session.id, token: token) else {
                throw APIError(.forbidden, code: "form_token",
                               message: "the form's token is missing, forged or already used (a page can post once); reload the page and try again")
            }
            return try await body(session, form)
        }
    }

    /// The request's url-encoded form, bounded by ``maxFormBytes``.
    static func form(of request: Request) async throws -> FormFields {
        let buffer = try await JSONIO.body(of: request, limit: maxFormBytes, what: "the form")
        return try FormFields(String(decoding: buffer.readableBytesView, as: UTF8.self))
    }

    /// False when the browser says the request comes from another origin: an `Origin`
    /// header naming another host, or `Sec-Fetch-Site` other than same-origin or none.
    static func isSameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin", site != "none" { return false }
        guard let origin = request.headers[HTTPField.Name("Origin")!] else { return true }
        guard let host = request.head.authority ?? request.headers[HTTPField.Name("Host")!] else { return false }
        return origin == "http://" + host || origin == "https://" + host
    }

    static func heading(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "That did not work"
        case 403: "Not allowed"
        case 404: "Not found"
        case 409: "Conflict"
        default: "Something went wrong"
        }
    }
}
