/// A `reportResponse` (or, from `/finish`, `reportDoneResponse`) document, as documented:
/// `responseCode` (0 is success), `responseDescription`, `reportId`, `fileId`, `hash`, and
/// for `reportDoneResponse` the list `files/fileId`.
public struct CyberTiplineResponse: Sendable, Equatable {
    /// The root element name.
    public var root: String
    /// `responseCode`; 0 means success.
    public var responseCode: Int
    /// `responseDescription`, empty on success.
    public var responseDescription: String
    /// `reportId`, if present.
    public var reportID: String?
    /// `fileId`, if present.
    public var fileID: String?
    /// `hash` (the MD5 the endpoint computed for an upload), if present.
    public var hash: String?
    /// `files/fileId` of a `reportDoneResponse`.
    public var fileIDs: [String]

    /// Parses and checks `bytes` as the answer to `step`, whose root must be one of
    /// `expectedRoots`; a non-zero `responseCode` throws ``ReportingError/rejected(step:code:description:)``.
    public init(bytes: [UInt8], step: String, expectedRoots: [String] = ["reportResponse"]) throws {
        let xml = try XMLSummary(bytes: bytes, step: step)
        guard expectedRoots.contains(xml.root) else {
            let expected = expectedRoots.map { "<\($0)>" }.joined(separator: " or ")
            throw ReportingError.badResponse(step: step, reason: "root element is <\(xml.root)>, expected \(expected)")
        }
        let expectedRoot = xml.root
        guard let codeText = xml.text("\(expectedRoot)/responseCode") else {
            throw ReportingError.badResponse(step: step, reason: "missing <responseCode>")
        }
        guard let code = Int(codeText) else {
            throw ReportingError.badResponse(step: step, reason: "<responseCode> \"\(codeText.prefix(40))\" is not an integer")
        }
        root = xml.root
        responseCode = code
        responseDescription = xml.text("\(expectedRoot)/responseDescription") ?? ""
        reportID = xml.text("\(expectedRoot)/reportId").flatMap { $0.isEmpty ? nil : $0 }
        fileID = xml.text("\(expectedRoot)/fileId").flatMap { $0.isEmpty ? nil : $0 }
        hash = xml.text("\(expectedRoot)/hash")
        fileIDs = xml.all("\(expectedRoot)/files/fileId").map(\.text)
        guard code == 0 else {
            throw ReportingError.rejected(step: step, code: code, description: responseDescription)
        }
    }
}
