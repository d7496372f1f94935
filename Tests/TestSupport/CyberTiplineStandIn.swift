import Crypto
import Foundation
import Hummingbird
import NIOCore
import Reporting
import Synchronization

/// A local stand-in for NCMEC's CyberTipline Reporting API on 127.0.0.1 that CHECKS the
/// flow instead of accepting anything: HTTP basic auth on every call, well-formed XML with
/// the required elements, `/upload` only for a known open report, `/fileinfo` only for a file
/// uploaded to that report, `/finish` only once, `/retract` only of an open report. Every
/// refused request is kept in ``violations``. It can be told to fail a step (HTTP 500,
/// malformed XML, or a non-zero `responseCode`).
///
/// The non-zero response codes it uses (1xxx) are its own: the documentation reachable from
/// here does not list NCMEC's error code numbers.
public final class CyberTiplineStandIn: Sendable {
    public enum Step: String, Sendable { case status, submit, upload, fileinfo, finish, retract }
    public enum Failure: Sendable { case http500, malformedXML, rejected(Int), wrongUploadHash }

    public struct UploadedFile: Sendable {
        public var name: String
        public var size: Int
        public var fileInfo: XMLSummary?
    }

    public struct Report: Sendable {
        public var xml: XMLSummary
        public var files: [String: UploadedFile] = [:]
        public var fileOrder: [String] = []
        public var finished = false
        public var retracted = false
    }

    struct State: Sendable {
        var nextReportID = 7001
        var nextFileID = 1
        public var reports: [String: Report] = [:]
        var failures: [(step: Step, failure: Failure)] = []
        public var violations: [String] = []
        public var calls: [Step] = []
    }

    public let username: String
    public let password: String
    private let state = Mutex(State())

    public init(username: String = "bulwark-test", password: String = "correct horse") {
        self.username = username
        self.password = password
    }

    /// Makes the next call to `step` fail with `failure` (queued; each used once).
    public func fail(_ step: Step, with failure: Failure) { state.withLock { $0.failures.append((step, failure)) } }

    public var violations: [String] { state.withLock { $0.violations } }
    public var calls: [Step] { state.withLock { $0.calls } }
    public var reports: [String: Report] { state.withLock { $0.reports } }

    public var application: some ApplicationProtocol {
        let router = Router()
        router.get("/status") { request, _ in try await self.handle(.status, request) }
        for step in [Step.submit, .upload, .fileinfo, .finish, .retract] {
            router.post(RouterPath(stringLiteral: "/" + step.rawValue)) { request, _ in try await self.handle(step, request) }
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    private func handle(_ step: Step, _ request: Request) async throws -> Response {
        let body = Array(try await request.body.collect(upTo: 8 << 20).readableBytesView)
        let contentType = request.headers[.contentType] ?? ""
        let authorization = request.headers[.authorization] ?? ""
        let expected = "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        return state.withLock { state -> Response in
            state.calls.append(step)
            guard authorization == expected else {
                state.violations.append("\(step.rawValue): missing or wrong basic auth")
                return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Basic realm=\"ispws\""])
            }
            if let index = state.failures.firstIndex(where: { $0.step == step }) {
                let failure = state.failures.remove(at: index).failure
                switch failure {
                case .http500: return Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "boom")))
                case .malformedXML: return Self.xml("<reportResponse><responseCode>0</responseCode><reportId>")
                case let .rejected(code): return Self.response(code: code, description: "told to reject \(step.rawValue)")
                case .wrongUploadHash:
                    return switch Self.process(step, body: body, contentType: contentType, state: &state) {
                    case let .success(xml): Self.xml(xml.replacingOccurrences(of: "<hash>", with: "<hash>00"))
                    case let .failure(refusal): Self.response(code: refusal.code, description: refusal.reason)
                    }
                }
            }
            switch Self.process(step, body: body, contentType: contentType, state: &state) {
            case let .success(xml): return Self.xml(xml)
            case let .failure(refusal):
                state.violations.append("\(step.rawValue): \(refusal.reason)")
                return Self.response(code: refusal.code, description: refusal.reason)
            }
        }
    }

    struct Refusal: Error { var code: Int; var reason: String }

    private static func process(_ step: Step, body: [UInt8], contentType: String, state: inout State) -> Result<String, Refusal> {
        switch step {
        case .status:
            return .success("<reportResponse><responseCode>0</responseCode></reportResponse>")
        case .submit:
            guard contentType.hasPrefix("text/xml") else { return .failure(Refusal(code: 1001, reason: "content type \(contentType) is not text/xml")) }
            let xml: XMLSummary
            do { xml = try XMLSummary(bytes: body, step: "submit") } catch { return .failure(Refusal(code: 1002, reason: "\(error)")) }
            guard xml.root == "report" else { return .failure(Refusal(code: 1002, reason: "root is <\(xml.root)>, expected <report>")) }
            for required in [
                "report/incidentSummary/incidentType", "report/incidentSummary/incidentDateTime",
                "report/reporter/reportingPerson/email",
            ] where (xml.text(required) ?? "").isEmpty {
                return .failure(Refusal(code: 1003, reason: "required element \(required) is missing"))
            }
            guard !xml.all("report/internetDetails/webPageIncident/url").isEmpty else {
                return .failure(Refusal(code: 1003, reason: "required element report/internetDetails is missing"))
            }
            let id = "\(state.nextReportID)"
            state.nextReportID += 1
            state.reports[id] = Report(xml: xml)
            return .success("<reportResponse><responseCode>0</responseCode><responseDescription>Success</responseDescription><reportId>\(id)</reportId></reportResponse>")
        case .upload:
            guard let parts = Multipart.parse(body: body, contentType: contentType) else {
                return .failure(Refusal(code: 1004, reason: "body is not multipart/form-data"))
            }
            guard let id = parts.first(where: { $0.name == "id" }).map({ String(decoding: $0.bytes, as: UTF8.self) }),
                let file = parts.first(where: { $0.name == "file" })
            else { return .failure(Refusal(code: 1004, reason: "multipart form needs fields id and file")) }
            guard var report = state.reports[id] else { return .failure(Refusal(code: 1005, reason: "unknown report \(id)")) }
            guard !report.finished, !report.retracted else { return .failure(Refusal(code: 1006, reason: "report \(id) is not open")) }
            let fileID = "f\(state.nextFileID)"
            state.nextFileID += 1
            report.files[fileID] = UploadedFile(name: file.filename ?? "", size: file.bytes.count)
            report.fileOrder.append(fileID)
            state.reports[id] = report
            let md5 = Insecure.MD5.hash(data: file.bytes).map { String(format: "%02x", $0) }.joined()
            return .success("<reportResponse><responseCode>0</responseCode><reportId>\(id)</reportId><fileId>\(fileID)</fileId><hash>\(md5)</hash></reportResponse>")
        case .fileinfo:
            let xml: XMLSummary
            do { xml = try XMLSummary(bytes: body, step: "fileinfo") } catch { return .failure(Refusal(code: 1002, reason: "\(error)")) }
            guard xml.root == "fileDetails" else { return .failure(Refusal(code: 1002, reason: "root is <\(xml.root)>, expected <fileDetails>")) }
            guard let id = xml.text("fileDetails/reportId"), var report = state.reports[id] else {
                return .failure(Refusal(code: 1005, reason: "fileDetails/reportId is missing or unknown"))
            }
            guard !report.finished, !report.retracted else { return .failure(Refusal(code: 1006, reason: "report \(id) is not open")) }
            guard let fileID = xml.text("fileDetails/fileId"), report.files[fileID] != nil else {
                return .failure(Refusal(code: 1007, reason: "fileDetails/fileId is missing or was not uploaded to report \(id)"))
            }
            report.files[fileID]?.fileInfo = xml
            state.reports[id] = report
            return .success("<reportResponse><responseCode>0</responseCode><reportId>\(id)</reportId></reportResponse>")
        case .finish, .retract:
            let form = String(decoding: body, as: UTF8.self)
            guard contentType.hasPrefix("application/x-www-form-urlencoded"), form.hasPrefix("id=") else {
                return .failure(Refusal(code: 1004, reason: "expected form field id"))
            }
            let id = String(form.dropFirst(3))
            guard var report = state.reports[id] else { return .failure(Refusal(code: 1005, reason: "unknown report \(id)")) }
            if step == .finish {
                guard !report.finished else { return .failure(Refusal(code: 1008, reason: "report \(id) is already finished")) }
                guard !report.retracted else { return .failure(Refusal(code: 1006, reason: "report \(id) was retracted")) }
                report.finished = true
                state.reports[id] = report
                let files = report.fileOrder.map { "<fileId>\($0)</fileId>" }.joined()
                return .success("<reportDoneResponse><responseCode>0</responseCode><reportId>\(id)</reportId><files>\(files)</files></reportDoneResponse>")
            }
            guard !report.finished, !report.retracted else { return .failure(Refusal(code: 1006, reason: "report \(id) is not open")) }
            report.retracted = true
            state.reports[id] = report
            return .success("<reportResponse><responseCode>0</responseCode><reportId>\(id)</reportId></reportResponse>")
        }
    }

    private static func response(code: Int, description: String) -> Response {
        let escaped = description.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return xml("<reportResponse><responseCode>\(code)</responseCode><responseDescription>\(escaped)</responseDescription></reportResponse>")
    }

    private static func xml(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/xml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// A minimal multipart/form-data reader for the stand-in.
enum Multipart {
    struct Part { var name: String; var filename: String?; var bytes: [UInt8] }

    static func parse(body: [UInt8], contentType: String) -> [Part]? {
        guard contentType.hasPrefix("multipart/form-data"), let range = contentType.range(of: "boundary=") else { return nil }
        let boundary = Array(("--" + contentType[range.upperBound...].trimmingCharacters(in: .init(charactersIn: "\""))).utf8)
        var parts: [Part] = []
        var positions: [Int] = []
        var index = 0
        while index + boundary.count <= body.count {
            if body[index..<(index + boundary.count)].elementsEqual(boundary) {
                positions.append(index)
                index += boundary.count
            } else {
                index += 1
            }
        }
        guard positions.count >= 2 else { return nil }
        for (start, end) in zip(positions, positions.dropFirst()) {
            var chunk = Array(body[(start + boundary.count)..<end])
            if chunk.starts(with: [13, 10]) { chunk.removeFirst(2) }
            if chunk.suffix(2).elementsEqual([13, 10]) { chunk.removeLast(2) }
            guard let split = find([13, 10, 13, 10], in: chunk) else { return nil }
            let headers = String(decoding: chunk[..<split], as: UTF8.self)
            let content = Array(chunk[(split + 4)...])
            guard let name = attribute("name", in: headers) else { return nil }
            parts.append(Part(name: name, filename: attribute("filename", in: headers), bytes: content))
        }
        return parts
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where haystack[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }

    private static func attribute(_ key: String, in headers: String) -> String? {
        guard let range = headers.range(of: " \(key)=\"") else { return nil }
        let rest = headers[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}
