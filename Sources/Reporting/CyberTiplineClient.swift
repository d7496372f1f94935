import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// Where the CyberTipline Reporting API lives and how to log in (HTTP basic auth).
/// NCMEC documents `https://report.cybertip.org/ispws` (production) and
/// `https://exttest.cybertip.org/ispws` (test); a stand-in uses `http://127.0.0.1:PORT`.
public struct CyberTiplineEndpoint: Sendable, Codable, Equatable {
    /// The base URL; every request goes to this URL plus a fixed path, nowhere else.
    public var baseURL: String
    public var username: String
    public var password: String

    public init(baseURL: String, username: String, password: String) {
        self.baseURL = baseURL
        self.username = username
        self.password = password
    }

    /// NCMEC's documented test environment.
    public static let ncmecTestBaseURL = "https://exttest.cybertip.org/ispws"
    /// NCMEC's documented production environment.
    public static let ncmecProductionBaseURL = "https://report.cybertip.org/ispws"
}

/// One HTTP call per documented step of the CyberTipline Reporting API:
/// `GET /status`, `POST /submit` (report XML -> `reportId`), `POST /upload` (multipart form
/// with fields `id` and `file` -> `fileId`), `POST /fileinfo` (`fileDetails` XML),
/// `POST /finish` (form field `id` -> `reportDoneResponse` with `files/fileId`) and
/// `POST /retract` (form field `id`). Answers are `reportResponse` XML.
///
/// The client only ever calls the configured base URL: redirects are refused.
public final class CyberTiplineClient: Sendable {
    public let endpoint: CyberTiplineEndpoint
    private let http: HTTPClient
    private let timeout: TimeAmount
    private let base: String

    /// A client for `endpoint`; throws if the base URL is not http(s).
    public init(endpoint: CyberTiplineEndpoint, timeout: TimeAmount = .seconds(60)) throws {
        let lower = endpoint.baseURL.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), URL(string: endpoint.baseURL)?.host != nil else {
            throw ReportingError.invalidField(field: "endpoint.baseURL", reason: "must be an http(s) URL")
        }
        self.endpoint = endpoint
        self.timeout = timeout
        base = endpoint.baseURL.hasSuffix("/") ? String(endpoint.baseURL.dropLast()) : endpoint.baseURL
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Releases the connection pool; call once when done.
    public func shutdown() async throws { try await http.shutdown() }

    /// `GET /status`: checks the endpoint answers and accepts the credentials.
    public func status() async throws {
        _ = try await call("status", method: .GET, path: "/status", contentType: nil, body: [])
    }

    /// `POST /submit` with a `report` document; returns the `reportId`.
    public func submit(reportXML: String) async throws -> String {
        let response = try await call("submit", path: "/submit", contentType: "text/xml; charset=utf-8", body: Array(reportXML.utf8))
        guard let id = response.reportID else { throw ReportingError.badResponse(step: "submit", reason: "missing <reportId>") }
        return id
    }

    /// `POST /upload` of one file for report `reportID`; returns the `fileId`. When the answer
    /// carries the documented `hash` (the MD5 the endpoint computed), it must match the bytes sent.
    public func upload(reportID: String, fileName: String, bytes: [UInt8]) async throws -> String {
        let boundary = "bulwark-\(UUID().uuidString)"
        var body: [UInt8] = []
        func append(_ text: String) { body.append(contentsOf: Array(text.utf8)) }
        append("--\(boundary)\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n\(reportID)\r\n")
        let safeName = fileName.replacingOccurrences(of: "\"", with: "_").replacingOccurrences(of: "\r", with: "_")
            .replacingOccurrences(of: "\n", with: "_")
        append("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(safeName)\"\r\n")
        append("Content-Type: application/octet-stream\r\n\r\n")
        body.append(contentsOf: bytes)
        append("\r\n--\(boundary)--\r\n")
        let response = try await call("upload", path: "/upload", contentType: "multipart/form-data; boundary=\(boundary)", body: body)
        guard let id = response.fileID else { throw ReportingError.badResponse(step: "upload", reason: "missing <fileId>") }
        if let hash = response.hash, !hash.isEmpty {
            let md5 = Insecure.MD5.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            guard hash.lowercased() == md5 else {
                throw ReportingError.badResponse(
                    step: "upload", reason: "the endpoint's <hash> \(hash.prefix(64)) differs from the file's MD5 \(md5); the file was damaged in transit")
            }
        }
        return id
    }

    /// `POST /fileinfo` with a `fileDetails` document.
    public func fileInfo(fileDetailsXML: String) async throws {
        _ = try await call("fileinfo", path: "/fileinfo", contentType: "text/xml; charset=utf-8", body: Array(fileDetailsXML.utf8))
    }

    /// `POST /finish`; returns the `fileId`s the endpoint counts for the report. The answer is
    /// a `reportDoneResponse`; a `reportResponse` is also read so an error answer in that form
    /// is reported with its `responseCode` (the reachable documentation does not say which
    /// root an error from `/finish` uses).
    public func finish(reportID: String) async throws -> [String] {
        let response = try await call(
            "finish", path: "/finish", contentType: "application/x-www-form-urlencoded", body: Array(Self.form(id: reportID).utf8),
            expectedRoots: ["reportDoneResponse", "reportResponse"])
        return response.fileIDs
    }

    /// `POST /retract` of an unfinished report.
    public func retract(reportID: String) async throws {
        _ = try await call("retract", path: "/retract", contentType: "application/x-www-form-urlencoded", body: Array(Self.form(id: reportID).utf8))
    }

    private static func form(id: String) -> String {
        "id=" + (id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    private func call(
        _ step: String, method: HTTPMethod = .POST, path: String, contentType: String?, body: [UInt8],
        expectedRoots: [String] = ["reportResponse"]
    ) async throws -> CyberTiplineResponse {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        let credentials = Data("\(endpoint.username):\(endpoint.password)".utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic \(credentials)")
        if let contentType {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        let bytes: [UInt8]
        do {
            response = try await http.execute(request, timeout: timeout)
            let buffer = try await response.body.collect(upTo: XMLSummary.maxBytes)
            bytes = Array(buffer.readableBytesView)
        } catch let error as NIOTooManyBytesError {
            throw ReportingError.badResponse(step: step, reason: "body larger than \(XMLSummary.maxBytes) bytes: \(error)")
        } catch {
            throw ReportingError.transport(step: step, reason: "\(error)")
        }
        guard (200..<300).contains(response.status.code) else {
            throw ReportingError.httpStatus(step: step, status: Int(response.status.code), body: String(decoding: bytes.prefix(200), as: UTF8.self))
        }
        return try CyberTiplineResponse(bytes: bytes, step: step, expectedRoots: expectedRoots)
    }
}
