@testable import BulwarkServer
import Testing

/// The incremental multipart/form-data parser: the same parts whatever the chunking, and a
/// clear error with a byte offset for every malformed body.
@Suite struct MultipartParserTests {
    static let lines: [String] = [
        "preamble to ignore\r\n",
        "--XyZ\r\n",
        "Content-Disposition: form-data; name=\"model\"; filename=\"a \\\"q\\\".bin\"\r\n",
        "Content-Type: application/octet-stream\r\n\r\n",
        "line one\r\n--XyNOT a boundary\r\n--X\r\n",
        "--XyZ  \r\n",
        "content-disposition: form-data; name=preview\r\n\r\n",
        "\r\n",
        "--XyZ--\r\nepilogue",
    ]
    static let body: [UInt8] = Array(lines.joined().utf8)

    /// Parts as (headers, body) after feeding `body` in pieces of `size` bytes.
    static func parts(chunk size: Int) throws -> [(MultipartPartHeaders, [UInt8])] {
        var parser = MultipartParser(boundary: "XyZ")
        var parts: [(MultipartPartHeaders, [UInt8])] = []
        var start = 0
        while start < body.count {
            for event in try parser.feed(body[start..<min(start + size, body.count)]) {
                switch event {
                case .partBegin(let headers): parts.append((headers, []))
                case .data(let bytes): parts[parts.count - 1].1 += bytes
                case .partEnd: break
                }
            }
            start += size
        }
        try parser.finish()
        return parts
    }

    @Test(arguments: [1, 2, 3, 7, 64, 10_000])
    func sameResultForAnyChunking(size: Int) throws {
        let parts = try Self.parts(chunk: size)
        #expect(parts.count == 2)
        #expect(parts[0].0 == MultipartPartHeaders(name: "model", filename: "a \"q\".bin", contentType: "application/octet-stream"))
        #expect(String(decoding: parts[0].1, as: UTF8.self) == "line one\r\n--XyNOT a boundary\r\n--X")
        #expect(parts[1].0 == MultipartPartHeaders(name: "preview"))
        #expect(parts[1].1.isEmpty, "the CRLF before a boundary belongs to the boundary")
    }

    @Test func bodyWithoutClosingBoundaryIsAnError() throws {
        var parser = MultipartParser(boundary: "b")
        _ = try parser.feed(Array("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nabc".utf8))
        #expect(throws: MultipartError.self) { try parser.finish() }
    }

    @Test func wrongBoundaryIsAnErrorOnceThePreambleIsTooLong() throws {
        var parser = MultipartParser(boundary: "expected")
        let chunk = [UInt8](repeating: 65, count: 1024)
        let error = #expect(throws: MultipartError.self) {
            for _ in 0..<100 { _ = try parser.feed(chunk) }
        }
        #expect(error?.message.contains("no boundary line") == true)
    }

    @Test func malformedPartsSayWhere() throws {
        var noDisposition = MultipartParser(boundary: "b")
        let missing = #expect(throws: MultipartError.self) {
            _ = try noDisposition.feed(Array("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--".utf8))
        }
        #expect(missing?.message.contains("no Content-Disposition") == true)
        #expect(missing?.offset == 5)

        var badLine = MultipartParser(boundary: "b")
        #expect(throws: MultipartError.self) { _ = try badLine.feed(Array("--b junk\r\n".utf8)) }

        var hugeHeaders = MultipartParser(boundary: "b")
        let long = Array("--b\r\nX-Long: ".utf8) + [UInt8](repeating: 65, count: MultipartParser.maxHeaderBytes + 10)
        let tooLong = #expect(throws: MultipartError.self) { _ = try hugeHeaders.feed(long) }
        #expect(tooLong?.message.contains("headers are longer") == true)
    }

    @Test func boundaryComesFromTheContentType() {
        #expect(HeaderParameters.formDataBoundary("multipart/form-data; boundary=abc") == "abc")
        #expect(HeaderParameters.formDataBoundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b;c\"") == "a b;c")
        #expect(HeaderParameters.formDataBoundary("application/octet-stream") == nil)
        #expect(HeaderParameters.formDataBoundary("multipart/form-data") == nil)
        #expect(HeaderParameters.formDataBoundary("multipart/form-data; boundary=" + String(repeating: "x", count: 71)) == nil)
    }
}
